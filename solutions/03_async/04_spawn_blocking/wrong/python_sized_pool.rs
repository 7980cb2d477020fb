//! Mistake: run_blocking sends jobs to a static pool of its own sized like Python's default executor (asyncio.to_thread's ThreadPoolExecutor: min(32, cores + 4) threads) and awaits a oneshot, so the (cores + 5)th call at once queues behind a blocked one.
//! What it hoped to slip past (review round 7): the "more calls at once than cores" test starts only cores + 2 calls, fewer than cores + 4 threads, so a bounded pool of that size runs them all side by side; the heartbeat, panic and main-thread checks are all met by the pool.
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, OnceLock};

type Job = Box<dyn FnOnce() + Send + 'static>;

/// The pool's queue: `min(32, cores + 4)` worker threads, started on first use.
fn pool() -> &'static mpsc::Sender<Job> {
    static POOL: OnceLock<mpsc::Sender<Job>> = OnceLock::new();
    POOL.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let size = (cores + 4).min(32);
        let (tx, rx) = mpsc::channel::<Job>();
        let rx = Arc::new(Mutex::new(rx));
        for i in 0..size {
            let rx = Arc::clone(&rx);
            std::thread::Builder::new()
                .name(format!("to-thread-{i}"))
                .spawn(move || {
                    loop {
                        let next = rx.lock().unwrap_or_else(|e| e.into_inner()).recv();
                        match next {
                            Ok(job) => job(),
                            Err(_) => break,
                        }
                    }
                })
                .expect("a pool thread");
        }
        tx
    })
}

/// Runs the blocking `job` on a pool thread, like `await asyncio.to_thread(job)`.
pub async fn run_blocking<T, F>(job: F) -> T
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    let (reply, answer) = tokio::sync::oneshot::channel::<std::thread::Result<T>>();
    let wrapped: Job = Box::new(move || {
        let _ = reply.send(catch_unwind(AssertUnwindSafe(job)));
    });
    pool().send(wrapped).expect("the pool is running");
    match answer.await {
        Ok(Ok(value)) => value,
        Ok(Err(payload)) => resume_unwind(payload),
        Err(_) => panic!("the pool dropped the job"),
    }
}
