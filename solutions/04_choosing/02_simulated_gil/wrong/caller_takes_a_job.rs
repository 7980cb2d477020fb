//! Mistake: spawns a thread for every job but the first, and runs job 0 on the calling thread meanwhile ("Python's main thread is a thread too"), then joins the others.
//! What it hoped to slip past (review round 7): 4.2 counts the downloads' distinct threads (the caller makes up the number) and never compares them with the calling thread, which its ThreadExits check even leaves out on purpose (4.1 names this mistake, 4.2 does not).
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

/// One job, on whichever thread calls it: the download without the GIL, the parse under it.
fn run_job(job: &Job, downloads: &Downloader, gil: &Gil, timeline: &Timeline) -> u64 {
    let _page = gil.io(|| downloads.download_blocking(&job.name));
    gil.cpu_recorded(timeline, format!("{} parse", job.name), job.parse)
}

/// Runs every job at the same time; returns each job's parse result, in input order.
pub fn run_jobs(jobs: &[Job], downloads: &Downloader, gil: &Gil, timeline: &Timeline) -> Vec<u64> {
    std::thread::scope(|s| {
        let others: Vec<_> = jobs
            .iter()
            .skip(1)
            .map(|job| s.spawn(move || run_job(job, downloads, gil, timeline)))
            .collect();
        let mut answers = Vec::with_capacity(jobs.len());
        // The calling thread does not sit idle: it takes the first job itself.
        if let Some(first) = jobs.first() {
            answers.push(run_job(first, downloads, gil, timeline));
        }
        for handle in others {
            answers.push(
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        answers
    })
}
