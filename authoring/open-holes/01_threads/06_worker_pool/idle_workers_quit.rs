//! WRONG mistake: workers wait for a job with recv_timeout(500 ms) and stop on a timeout "so idle threads do not hang around": a pool left idle for half a second has no workers left, and later jobs never run (execute panics once the queue's receiver is gone)
//! GAP: the longest any test leaves an open queue empty is the 100 ms pause in workers_wait_for_jobs_while_the_queue_is_empty; join drops the Sender, so the timeout and a close look alike to every test
//!
//! Exercise 1.6 — a worker pool: N threads, however many jobs.

use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::Duration;

/// A job: any closure that can be sent to another thread and called once.
type Job = Box<dyn FnOnce() + Send + 'static>;

/// How long a worker waits for a job before it decides it is no longer needed.
const IDLE: Duration = Duration::from_millis(500);

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
                        // The guard is dropped at the `;`: the job runs without the lock.
                        let next = queue.lock().expect("a worker panicked").recv_timeout(IDLE);
                        match next {
                            Ok(job) => job(),
                            // Closed, or nothing to do for a while: this worker is done.
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
        self.jobs
            .send(Box::new(job))
            .expect("the workers stopped early");
    }

    /// Waits until every queued job has run, then lets the workers end.
    pub fn join(self) {
        drop(self.jobs);
        for worker in self.workers {
            worker.join().expect("a job panicked");
        }
    }
}
