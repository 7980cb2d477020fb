//! execute() must return at once, so it only stores the job; join() hands the stored jobs
//! to the workers, closes the queue and joins them.

use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};

type Job = Box<dyn FnOnce() + Send + 'static>;

/// A fixed set of worker threads that run the jobs given to [`ThreadPool::execute`].
pub struct ThreadPool {
    jobs: Sender<Job>,
    pending: Mutex<Vec<Job>>,
    workers: Vec<JoinHandle<()>>,
}

impl ThreadPool {
    /// Starts `size` workers that share one job queue.
    pub fn new(size: usize) -> ThreadPool {
        assert!(size > 0, "a pool needs at least one worker");
        let (jobs, queue): (Sender<Job>, Receiver<Job>) = mpsc::channel();
        let queue = Arc::new(Mutex::new(queue));
        let workers = (0..size)
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
        ThreadPool {
            jobs,
            pending: Mutex::new(Vec::new()),
            workers,
        }
    }

    /// Stores `job`; it runs once join() is called.
    pub fn execute(&self, job: impl FnOnce() + Send + 'static) {
        self.pending.lock().unwrap().push(Box::new(job));
    }

    /// Hands every stored job to the workers, closes the queue and waits for the workers.
    pub fn join(self) {
        for job in self.pending.into_inner().unwrap() {
            self.jobs.send(job).unwrap();
        }
        drop(self.jobs);
        for w in self.workers {
            w.join().unwrap();
        }
    }
}
