//! Each thread sends its answer on a channel when it is done; I collect them.

use std::sync::mpsc;
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

/// Runs every job at once; answers come from a channel.
pub fn run_jobs(jobs: &[Job], downloads: &Downloader, gil: &Gil, timeline: &Timeline) -> Vec<u64> {
    let (tx, rx) = mpsc::channel();
    std::thread::scope(|s| {
        for job in jobs {
            let tx = tx.clone();
            s.spawn(move || {
                gil.io(|| downloads.download_blocking(&job.name));
                let answer = gil.cpu_recorded(timeline, format!("{} parse", job.name), job.parse);
                tx.send(answer).unwrap();
            });
        }
    });
    drop(tx);
    rx.iter().collect()
}
