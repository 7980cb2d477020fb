//! I keep ONE blocking thread of my own, started once in a static, and send it every job over a channel; the answer comes back on a tokio oneshot, so the runtime's thread never blocks. But two run_blocking calls at once queue behind each other on my one thread.
use std::any::Any;
use std::panic::AssertUnwindSafe;
use std::sync::mpsc;
use std::sync::{Mutex, OnceLock};

type Job = Box<dyn FnOnce() + Send>;

fn worker() -> &'static Mutex<mpsc::Sender<Job>> {
    static WORKER: OnceLock<Mutex<mpsc::Sender<Job>>> = OnceLock::new();
    WORKER.get_or_init(|| {
        let (tx, rx) = mpsc::channel::<Job>();
        std::thread::spawn(move || {
            for job in rx {
                job();
            }
        });
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
    worker()
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .send(boxed)
        .expect("the blocking thread is alive");
    match rx.await.expect("the blocking thread answered") {
        Ok(value) => value,
        Err(payload) => std::panic::resume_unwind(payload),
    }
}
