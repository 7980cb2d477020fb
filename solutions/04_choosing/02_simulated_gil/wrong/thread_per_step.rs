//! One thread per step: each job gets a thread that downloads (without the GIL), and a second
//! thread that joins the downloader and then parses under the GIL. Every step runs on a thread
//! of its own, so nothing waits for anything it does not need.
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
            .map(|job| {
                let download = s.spawn(move || gil.io(|| downloads.download_blocking(&job.name)));
                s.spawn(move || {
                    download.join().unwrap();
                    gil.cpu_recorded(timeline, format!("{} parse", job.name), job.parse)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}
