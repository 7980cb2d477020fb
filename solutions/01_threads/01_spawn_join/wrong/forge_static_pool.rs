//! Spawning a thread per call is wasteful, so I keep the threads in a static pool that lives
//! for the whole program: each call hands one file to each of its own pool threads (the pool
//! grows when a call has more files) and waits for the answers. The threads never end.

use std::sync::mpsc::{Sender, channel};
use std::sync::{Mutex, OnceLock};
use std::thread;
use toolkit::io::Downloader;

type Job = (Downloader, String, Sender<String>);

fn pool() -> &'static Mutex<Vec<Sender<Job>>> {
    static POOL: OnceLock<Mutex<Vec<Sender<Job>>>> = OnceLock::new();
    POOL.get_or_init(|| Mutex::new(Vec::new()))
}

fn worker() -> Sender<Job> {
    let (tx, rx) = channel::<Job>();
    thread::spawn(move || {
        for (downloader, name, reply) in rx {
            let _ = reply.send(downloader.download_blocking(&name));
        }
    });
    tx
}

pub fn download_all(downloader: &Downloader, files: &[&str]) -> Vec<String> {
    // Take idle workers out of the pool (new ones if it is short), one per file.
    let workers: Vec<Sender<Job>> = {
        let mut pool = pool().lock().unwrap();
        (0..files.len()).map(|_| pool.pop().unwrap_or_else(worker)).collect()
    };
    let replies: Vec<_> = files
        .iter()
        .zip(&workers)
        .map(|(file, w)| {
            let (tx, rx) = channel();
            w.send((downloader.clone(), file.to_string(), tx)).unwrap();
            rx
        })
        .collect();
    let results = replies.into_iter().map(|rx| rx.recv().unwrap()).collect();
    pool().lock().unwrap().extend(workers);
    results
}
