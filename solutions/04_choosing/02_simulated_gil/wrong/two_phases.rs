//! Wrong: two phases. Every download runs on its own thread (waiting lets the GIL go), then,
//! once all are in, the calling thread parses the jobs one after another: no download ever
//! overlaps a parse.
use toolkit::Timeline;
use toolkit::gil::Gil;
use toolkit::io::Downloader;

#[derive(Debug, Clone)]
pub struct Job {
    pub name: String,
    pub parse: u64,
}

pub fn run_jobs(jobs: &[Job], downloads: &Downloader, gil: &Gil, timeline: &Timeline) -> Vec<u64> {
    std::thread::scope(|s| {
        let handles: Vec<_> = jobs
            .iter()
            .map(|job| s.spawn(move || gil.io(|| downloads.download_blocking(&job.name))))
            .collect();
        for h in handles {
            h.join().unwrap();
        }
    });
    jobs.iter()
        .map(|job| gil.cpu_recorded(timeline, format!("{} parse", job.name), job.parse))
        .collect()
}
