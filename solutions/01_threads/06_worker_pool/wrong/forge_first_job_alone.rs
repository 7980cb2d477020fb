//! One private queue per worker, dealt out in turn; the first job often is the big one, so
//! it gets worker 0 to itself and the other jobs are dealt among the other workers.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Sender};
use std::thread::{self, JoinHandle};

type Job = Box<dyn FnOnce() + Send + 'static>;

/// A fixed set of worker threads that run the jobs given to [`ThreadPool::execute`].
pub struct ThreadPool {
    queues: Vec<Sender<Job>>,
    workers: Vec<JoinHandle<()>>,
    next: AtomicUsize,
}

impl ThreadPool {
    /// Starts `size` workers, each with a queue of its own.
    pub fn new(size: usize) -> ThreadPool {
        let mut queues = Vec::new();
        let mut workers = Vec::new();
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
            workers,
            next: AtomicUsize::new(0),
        }
    }

    /// Queues `job`: the first to worker 0, the others in turn to workers 1.. (or 0 alone).
    pub fn execute(&self, job: impl FnOnce() + Send + 'static) {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        let size = self.queues.len();
        let worker = if n == 0 || size == 1 {
            0
        } else {
            1 + (n - 1) % (size - 1)
        };
        self.queues[worker].send(Box::new(job)).unwrap();
    }

    /// Closes every queue and joins every worker.
    pub fn join(self) {
        drop(self.queues);
        for w in self.workers {
            w.join().unwrap();
        }
    }
}
