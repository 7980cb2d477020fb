//! Each worker gets its own queue and execute deals the jobs out in turn: no lock for the
//! workers to fight over.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Sender};
use std::thread::{self, JoinHandle};

type Job = Box<dyn FnOnce() + Send + 'static>;

/// A pool of worker threads.
pub struct ThreadPool {
    queues: Vec<Sender<Job>>,
    next: AtomicUsize,
    workers: Vec<JoinHandle<()>>,
}

impl ThreadPool {
    /// Starts a pool of `size` worker threads.
    pub fn new(size: usize) -> ThreadPool {
        assert!(size > 0, "a pool needs at least one worker");
        let (mut queues, mut workers) = (Vec::new(), Vec::new());
        for _ in 0..size {
            let (tx, rx) = mpsc::channel::<Job>();
            queues.push(tx);
            workers.push(thread::spawn(move || {
                for job in rx {
                    job();
                }
            }));
        }
        ThreadPool {
            queues,
            next: AtomicUsize::new(0),
            workers,
        }
    }

    /// Queues `job` and returns at once.
    pub fn execute(&self, job: impl FnOnce() + Send + 'static) {
        let i = self.next.fetch_add(1, Ordering::Relaxed) % self.queues.len();
        self.queues[i].send(Box::new(job)).unwrap();
    }

    /// Waits until every job has run.
    pub fn join(self) {
        drop(self.queues);
        for w in self.workers {
            w.join().unwrap();
        }
    }
}
