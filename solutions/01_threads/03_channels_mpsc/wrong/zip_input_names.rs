//! Each thread sends back its contents; the names are the ones I was given, so I zip them
//! with what arrives.

use std::sync::mpsc;
use std::thread;
use toolkit::io::Downloader;

/// Downloads every file on its own thread and returns (name, contents) pairs as they arrive.
pub fn download_all(downloader: &Downloader, files: &[&str]) -> Vec<(String, String)> {
    let (tx, rx) = mpsc::channel::<String>();
    for f in files {
        let (d, name, tx) = (downloader.clone(), f.to_string(), tx.clone());
        thread::spawn(move || {
            let _ = tx.send(d.download_blocking(&name));
        });
    }
    drop(tx);
    files.iter().map(|f| f.to_string()).zip(rx).collect()
}
