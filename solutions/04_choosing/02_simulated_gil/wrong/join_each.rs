//! A thread per job; I join each one right away to collect its answer.

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

/// Runs each job on a thread.
pub fn run_jobs(jobs: &[Job], downloads: &Downloader, gil: &Gil, timeline: &Timeline) -> Vec<u64> {
    std::thread::scope(|s| {
        jobs.iter()
            .map(|job| {
                s.spawn(move || {
                    gil.io(|| downloads.download_blocking(&job.name));
                    gil.cpu_recorded(timeline, format!("{} parse", job.name), job.parse)
                })
                .join()
                .unwrap()
            })
            .collect()
    })
}
