//! WRONG forgery: a static pool of 64 threads of its own, fed over a channel: above the new test's 40 (or 4 x cores) callers on most machines, yet a fixed size all the same
//! GAP: the new more-jobs-than-cores test uses max(4 x cores, 40) jobs, so a fixed pool of 64 passes on machines with up to 16 cores
use std::sync::mpsc;
use std::sync::{Mutex, OnceLock};

type Job = Box<dyn FnOnce() + Send + 'static>;

fn pool() -> &'static Mutex<mpsc::Sender<Job>> {
    static POOL: OnceLock<Mutex<mpsc::Sender<Job>>> = OnceLock::new();
    POOL.get_or_init(|| {
        let (tx, rx) = mpsc::channel::<Job>();
        let rx = std::sync::Arc::new(Mutex::new(rx));
        for _ in 0..64 {
            let rx = rx.clone();
            std::thread::spawn(move || loop {
                let job = match rx.lock() {
                    Ok(guard) => guard.recv(),
                    Err(_) => return,
                };
                match job {
                    Ok(job) => job(),
                    Err(_) => return,
                }
            });
        }
        Mutex::new(tx)
    })
}

pub async fn run_blocking<T, F>(job: F) -> T
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    let (tx, rx) = tokio::sync::oneshot::channel();
    let wrapped: Job = Box::new(move || {
        let _ = tx.send(std::panic::catch_unwind(std::panic::AssertUnwindSafe(job)));
    });
    pool()
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .send(wrapped)
        .expect("the pool is running");
    match rx.await.expect("the pool answers every job") {
        Ok(value) => value,
        Err(panic) => std::panic::resume_unwind(panic),
    }
}
