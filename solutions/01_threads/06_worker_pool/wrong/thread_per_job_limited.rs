//! A thread per job, but a job waits for one of `size` permits before it runs, so never
//! more than `size` run at once: bounded, like a pool.

use std::sync::{Arc, Condvar, Mutex};
use std::thread::{self, JoinHandle};

/// A pool of worker threads.
pub struct ThreadPool {
    permits: Arc<(Mutex<usize>, Condvar)>,
    handles: Mutex<Vec<JoinHandle<()>>>,
}

impl ThreadPool {
    /// Starts a pool of `size` worker threads.
    pub fn new(size: usize) -> ThreadPool {
        assert!(size > 0, "a pool needs at least one worker");
        ThreadPool {
            permits: Arc::new((Mutex::new(size), Condvar::new())),
            handles: Mutex::new(Vec::new()),
        }
    }

    /// Queues `job` and returns at once.
    pub fn execute(&self, job: impl FnOnce() + Send + 'static) {
        let permits = Arc::clone(&self.permits);
        self.handles.lock().unwrap().push(thread::spawn(move || {
            let (free, freed) = &*permits;
            let mut n = freed.wait_while(free.lock().unwrap(), |n| *n == 0).unwrap();
            *n -= 1;
            drop(n);
            job();
            *free.lock().unwrap() += 1;
            freed.notify_one();
        }));
    }

    /// Waits until every job has run.
    pub fn join(self) {
        for h in self.handles.into_inner().unwrap() {
            h.join().unwrap();
        }
    }
}
