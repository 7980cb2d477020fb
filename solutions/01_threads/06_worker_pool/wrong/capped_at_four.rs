//! More than four workers just fight over the cores, so the pool never starts more than
//! four, whatever size it is asked for.

use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};

type Job = Box<dyn FnOnce() + Send + 'static>;

/// A fixed set of worker threads that run the jobs given to [`ThreadPool::execute`].
pub struct ThreadPool {
    jobs: Sender<Job>,
    workers: Vec<JoinHandle<()>>,
}

impl ThreadPool {
    /// Starts `size` workers (at most four) that share one job queue.
    pub fn new(size: usize) -> ThreadPool {
        assert!(size > 0, "a pool needs at least one worker");
        let (jobs, queue): (Sender<Job>, Receiver<Job>) = mpsc::channel();
        let queue = Arc::new(Mutex::new(queue));
        let workers = (0..size.min(4))
            .map(|_| {
                let queue = Arc::clone(&queue);
                thread::spawn(move || {
                    loop {
                        let next = queue.lock().unwrap().recv();
                        match next {
                            Ok(job) => job(),
                            Err(_) => break,
                        }
                    }
                })
            })
            .collect();
        ThreadPool { jobs, workers }
    }

    /// Queues `job` for a free worker.
    pub fn execute(&self, job: impl FnOnce() + Send + 'static) {
        self.jobs.send(Box::new(job)).unwrap();
    }

    /// Closes the queue and waits for every worker.
    pub fn join(self) {
        drop(self.jobs);
        for w in self.workers {
            w.join().unwrap();
        }
    }
}
