//! Like Python's `ThreadPoolExecutor(max_workers=3)`: three worker threads take the jobs in
//! turn (job i goes to worker i % 3), and I put the answers back in input order.
use toolkit::Timeline;
use toolkit::gil::Gil;
use toolkit::io::Downloader;

#[derive(Debug, Clone)]
pub struct Job {
    pub name: String,
    pub parse: u64,
}

const WORKERS: usize = 3;

pub fn run_jobs(jobs: &[Job], downloads: &Downloader, gil: &Gil, timeline: &Timeline) -> Vec<u64> {
    let mut answers = vec![0; jobs.len()];
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..WORKERS)
            .map(|w| {
                s.spawn(move || {
                    let mut mine = Vec::new();
                    for (i, job) in jobs.iter().enumerate().filter(|(i, _)| i % WORKERS == w) {
                        gil.io(|| downloads.download_blocking(&job.name));
                        let answer =
                            gil.cpu_recorded(timeline, format!("{} parse", job.name), job.parse);
                        mine.push((i, answer));
                    }
                    mine
                })
            })
            .collect();
        for h in handles {
            for (i, answer) in h.join().unwrap() {
                answers[i] = answer;
            }
        }
    });
    answers
}
