//! Forgery: a page only needs downloading once, so the pages already downloaded are kept in a
//! static shared by every call; a job whose page is kept skips the download and only parses.
use std::collections::HashSet;
use std::sync::Mutex;
use toolkit::Timeline;
use toolkit::gil::Gil;
use toolkit::io::Downloader;

#[derive(Debug, Clone)]
pub struct Job {
    pub name: String,
    pub parse: u64,
}

static PAGES: Mutex<Option<HashSet<String>>> = Mutex::new(None);

fn kept(name: &str) -> bool {
    PAGES
        .lock()
        .unwrap()
        .get_or_insert_with(HashSet::new)
        .contains(name)
}

pub fn run_jobs(jobs: &[Job], downloads: &Downloader, gil: &Gil, timeline: &Timeline) -> Vec<u64> {
    std::thread::scope(|s| {
        let handles: Vec<_> = jobs
            .iter()
            .map(|job| {
                s.spawn(move || {
                    if !kept(&job.name) {
                        gil.io(|| downloads.download_blocking(&job.name));
                        PAGES
                            .lock()
                            .unwrap()
                            .get_or_insert_with(HashSet::new)
                            .insert(job.name.clone());
                    }
                    gil.cpu_recorded(timeline, format!("{} parse", job.name), job.parse)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}
