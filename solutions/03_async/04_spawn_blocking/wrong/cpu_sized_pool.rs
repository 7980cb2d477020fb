//! A pool of my own for blocking jobs, one thread per CPU core (like a ThreadPoolExecutor
//! sized to the machine), started once; each job goes to the pool over a channel and its
//! answer comes back on a tokio oneshot, so the runtime's thread never blocks.
use std::any::Any;
use std::panic::AssertUnwindSafe;
use std::sync::mpsc;
use std::sync::{Arc, Mutex, OnceLock};

type Job = Box<dyn FnOnce() + Send>;

fn pool() -> &'static Mutex<mpsc::Sender<Job>> {
    static POOL: OnceLock<Mutex<mpsc::Sender<Job>>> = OnceLock::new();
    POOL.get_or_init(|| {
        let (tx, rx) = mpsc::channel::<Job>();
        let rx = Arc::new(Mutex::new(rx));
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        for _ in 0..cores {
            let rx = Arc::clone(&rx);
            std::thread::spawn(move || {
                loop {
                    let job = rx.lock().unwrap_or_else(|e| e.into_inner()).recv();
                    match job {
                        Ok(job) => job(),
                        Err(_) => break,
                    }
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
    let (tx, rx) = tokio::sync::oneshot::channel::<Result<T, Box<dyn Any + Send>>>();
    let boxed: Job = Box::new(move || {
        let _ = tx.send(std::panic::catch_unwind(AssertUnwindSafe(job)));
    });
    pool()
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .send(boxed)
        .expect("the pool is alive");
    match rx.await.expect("the pool answered") {
        Ok(value) => value,
        Err(payload) => std::panic::resume_unwind(payload),
    }
}
