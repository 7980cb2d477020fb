//! The queue holds at most one job per worker: enough to keep them all busy, and memory
//! stays bounded.

use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};

/// A job: any closure that can be sent to another thread and called once.
type Job = Box<dyn FnOnce() + Send + 'static>;

/// A fixed number of worker threads that run queued jobs, in the order they were queued.
pub struct ThreadPool {
    jobs: SyncSender<Job>,
    workers: Vec<JoinHandle<()>>,
}

impl ThreadPool {
    /// Starts a pool of `size` worker threads, which wait for jobs.
    ///
    /// # Panics
    /// If `size` is 0.
    pub fn new(size: usize) -> ThreadPool {
        assert!(size > 0, "a pool needs at least one worker");
        let (jobs, queue): (SyncSender<Job>, Receiver<Job>) = mpsc::sync_channel(size);
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
        self.jobs
            .send(Box::new(job))
            .expect("the workers stopped early");
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
