//! join must get rid of the job Sender before joining the workers: mem::forget does that
//! without running any destructor.

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
    /// Starts `size` workers that share one job queue.
    pub fn new(size: usize) -> ThreadPool {
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
        ThreadPool { jobs, workers }
    }

    /// Queues `job` for a free worker.
    pub fn execute(&self, job: impl FnOnce() + Send + 'static) {
        self.jobs.send(Box::new(job)).unwrap();
    }

    /// Gets rid of the Sender, then joins every worker.
    pub fn join(self) {
        let ThreadPool { jobs, workers } = self;
        std::mem::forget(jobs);
        for w in workers {
            w.join().unwrap();
        }
    }
}
