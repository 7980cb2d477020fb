//! The workers are never joined: each one sends "done" on a channel as its loop ends, and
//! join() waits for `size` of those messages instead of calling JoinHandle::join.

use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread;

type Job = Box<dyn FnOnce() + Send + 'static>;

/// A fixed set of worker threads that run the jobs given to [`ThreadPool::execute`].
pub struct ThreadPool {
    jobs: Sender<Job>,
    finished: Receiver<()>,
    size: usize,
}

impl ThreadPool {
    /// Starts `size` workers that share one job queue.
    pub fn new(size: usize) -> ThreadPool {
        let (jobs, queue): (Sender<Job>, Receiver<Job>) = mpsc::channel();
        let (done, finished) = mpsc::channel();
        let queue = Arc::new(Mutex::new(queue));
        for _ in 0..size {
            let (queue, done) = (Arc::clone(&queue), done.clone());
            thread::spawn(move || {
                loop {
                    let next = queue.lock().unwrap().recv();
                    match next {
                        Ok(job) => job(),
                        Err(_) => break,
                    }
                }
                let _ = done.send(());
            });
        }
        ThreadPool {
            jobs,
            finished,
            size,
        }
    }

    /// Queues `job` for a free worker.
    pub fn execute(&self, job: impl FnOnce() + Send + 'static) {
        let _ = self.jobs.send(Box::new(job));
    }

    /// Closes the queue and waits until every worker has said it is done.
    pub fn join(self) {
        drop(self.jobs);
        for _ in 0..self.size {
            let _ = self.finished.recv();
        }
    }
}
