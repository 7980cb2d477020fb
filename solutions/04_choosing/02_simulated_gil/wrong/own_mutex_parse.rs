//! Downloads run free, but the parse goes under a Mutex of my own so only one thread
//! parses at a time, like Python.

use std::sync::Mutex;
use toolkit::Timeline;
use toolkit::gil::Gil;
use toolkit::io::Downloader;

/// One request for a "Python" thread: download a page, then parse it.
#[derive(Debug, Clone)]
pub struct Job {
    /// The page's name.
    pub name: String,
    /// How much CPU work parsing takes.
    pub parse: u64,
}

/// Runs each job on a thread, taking turns on my lock.
pub fn run_jobs(jobs: &[Job], downloads: &Downloader, gil: &Gil, timeline: &Timeline) -> Vec<u64> {
    let lock = Mutex::new(());
    std::thread::scope(|s| {
        let handles: Vec<_> = jobs
            .iter()
            .map(|job| {
                let lock = &lock;
                s.spawn(move || {
                    gil.io(|| downloads.download_blocking(&job.name));
                    let _turn = lock.lock().unwrap();
                    gil.cpu_recorded(timeline, format!("{} parse", job.name), job.parse)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}
