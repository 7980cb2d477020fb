//! Forgery: half of each parse is recorded under the GIL; the other half is finished with
//! `spin_from`, unrecorded and without the GIL.
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
                s.spawn(move || {
                    gil.io(|| downloads.download_blocking(&job.name));
                    let half = job.parse / 2;
                    let head = gil.cpu_recorded(timeline, format!("{} parse", job.name), half);
                    toolkit::cpu::spin_from(Some(head), job.parse - half)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}
