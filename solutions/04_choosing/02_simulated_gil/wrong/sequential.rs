//! One job after the other on this thread: download, parse, next.

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

/// Runs the jobs in order.
pub fn run_jobs(jobs: &[Job], downloads: &Downloader, gil: &Gil, timeline: &Timeline) -> Vec<u64> {
    jobs.iter()
        .map(|job| {
            gil.io(|| downloads.download_blocking(&job.name));
            gil.cpu_recorded(timeline, format!("{} parse", job.name), job.parse)
        })
        .collect()
}
