//! WRONG forgery: no scoped threads: a static pool of never-ending worker threads, grown on demand; each file goes to a distinct idle worker over its own channel, results come back over an mpsc channel; nothing is ever joined
//! GAP: "one scoped thread per file" is judged by distinct thread ids (threads == files) and all_overlap, and 1.5 never checks that threads end (no ThreadExits), so distinct pooled threads that outlive every call pass as scoped ones, even with tests running side by side
//!
//! Exercise 1.5 — scoped threads, replaced by a pool that never ends.

use std::sync::Mutex;
use std::sync::mpsc::{self, Sender};
use std::thread;
use toolkit::io::Downloader;

type Job = Box<dyn FnOnce() + Send + 'static>;

/// Workers waiting for a job, each reached through its own channel.
static IDLE: Mutex<Vec<Sender<Job>>> = Mutex::new(Vec::new());

/// An idle worker of the pool, or a new one if none is idle.
fn idle_worker() -> Sender<Job> {
    let idle = IDLE.lock().unwrap_or_else(|e| e.into_inner()).pop();
    if let Some(worker) = idle {
        return worker;
    }
    let (tx, rx) = mpsc::channel::<Job>();
    let me = tx.clone();
    thread::spawn(move || {
        for job in rx {
            job();
            IDLE.lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(me.clone());
        }
    });
    tx
}

/// Downloads `files[i]` into `results[i]` for every `i`, each on its own thread, all at the
/// same time. Returns once every download is done.
///
/// # Panics
/// If `files` and `results` differ in length.
pub fn download_into(downloader: &Downloader, files: &[&str], results: &mut [String]) {
    assert_eq!(files.len(), results.len(), "one result slot per file");
    let (tx, rx) = mpsc::channel::<(usize, String)>();
    for (i, file) in files.iter().enumerate() {
        let downloader = downloader.clone();
        let name = file.to_string();
        let tx = tx.clone();
        let job: Job = Box::new(move || {
            let contents = downloader.download_blocking(&name);
            let _ = tx.send((i, contents));
        });
        idle_worker()
            .send(job)
            .expect("a pooled worker never lets go of its queue");
    }
    drop(tx);
    for (i, contents) in rx {
        results[i] = contents;
    }
}
