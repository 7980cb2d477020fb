//! Exercise 1.6 — a worker pool: N threads, however many jobs.
//!
//! One thread per download is fine for three files; for ten thousand it is not. A pool starts
//! a fixed number of worker threads once. [`ThreadPool::execute`] puts a job in a queue and
//! returns at once; whichever worker is free takes the next job. Python's
//! `ThreadPoolExecutor(max_workers=N)` is this idea.
//!
//! A good shape: a std mpsc channel of boxed jobs (`Box<dyn FnOnce() + Send + 'static>`).
//! Its `Receiver` cannot be cloned, so the workers share it as `Arc<Mutex<Receiver<Job>>>`.
//!
//! Fill in [`ThreadPool`], then run `cargo test` here.

/// A fixed number of worker threads that run queued jobs, in the order they were queued.
pub struct ThreadPool {
    // Your fields here, for example the sending end of the job queue and the workers'
    // `JoinHandle`s.
}

impl ThreadPool {
    /// Starts a pool of `size` worker threads, which wait for jobs.
    ///
    /// # Panics
    /// If `size` is 0.
    #[allow(unused_variables)] // remove this line when you start
    pub fn new(size: usize) -> ThreadPool {
        todo!("start `size` worker threads that take jobs from a shared queue")
    }

    /// Queues `job` and returns at once; the next free worker runs it.
    #[allow(unused_variables)] // remove this line when you start
    pub fn execute(&self, job: impl FnOnce() + Send + 'static) {
        todo!("send the job (boxed) into the queue")
    }

    /// Waits until every queued job has run, then lets the workers end.
    pub fn join(self) {
        todo!("close the queue, then join every worker")
    }
}
