//! WRONG mistake: a job with nothing to parse (parse == 0) gets no thread: the caller downloads it inline after spawning
//! GAP: results are right; only a plan with a parse-0 job makes the new caller-thread download check fire

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
pub fn run_jobs(jobs: &[Job], downloads: &Downloader, gil: &Gil, timeline: &Timeline) -> Vec<u64> {
    std::thread::scope(|s| {
        let handles: Vec<_> = jobs
            .iter()
            .map(|job| {
                if job.parse == 0 {
                    None
                } else {
                    Some(s.spawn(move || {
                        gil.io(|| downloads.download_blocking(&job.name));
                        gil.cpu_recorded(timeline, format!("{} parse", job.name), job.parse)
                    }))
                }
            })
            .collect();
        handles
            .into_iter()
            .zip(jobs)
            .map(|(h, job)| match h {
                Some(h) => h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)),
                None => {
                    gil.io(|| downloads.download_blocking(&job.name));
                    gil.cpu_recorded(timeline, format!("{} parse", job.name), job.parse)
                }
            })
            .collect()
    })
}
