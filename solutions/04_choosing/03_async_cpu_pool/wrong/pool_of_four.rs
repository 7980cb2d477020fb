//! spawn_blocking starts up to 512 threads; I keep a pool of my own instead: four worker threads, started once and kept in a static, fed through a channel, each job's reply sent from the worker.
//!
//! The tutorial's "When to Use Which" table sends async APIs to asyncio and heavy computing
//! to multiprocessing, and warns that asyncio is "❌ not suitable for heavy CPU tasks — will
//! block the event loop". Real services need both: a front end that takes thousands of
//! requests, and CPU work behind it. In Python that is `loop.run_in_executor(pool, work)`;
//! in tokio it is `tokio::task::spawn_blocking(work)`, which runs `work` on a pool of
//! threads kept for blocking work while the event loop goes on serving.
//!
//! Your task: write [`serve`].

use std::sync::{Mutex, OnceLock};
use tokio::sync::{mpsc, oneshot};
use toolkit::Timeline;

/// One request to the front end: CPU work to do, and where to send the answer.
#[derive(Debug)]
pub struct Request {
    /// The request's number: its CPU work is recorded as CPU work called `job-{id}`.
    pub id: usize,
    /// How much CPU work it needs, in `toolkit::cpu::spin` iterations.
    pub work: u64,
    /// Where the answer, `toolkit::cpu::spin(work)`, goes.
    pub reply: oneshot::Sender<u64>,
}

type Job = (usize, u64, oneshot::Sender<u64>, Timeline);

static POOL: OnceLock<std::sync::mpsc::Sender<Job>> = OnceLock::new();

fn pool() -> &'static std::sync::mpsc::Sender<Job> {
    POOL.get_or_init(|| {
        let (tx, rx) = std::sync::mpsc::channel::<Job>();
        let rx = std::sync::Arc::new(Mutex::new(rx));
        for _ in 0..4 {
            let rx = rx.clone();
            std::thread::spawn(move || {
                loop {
                    let job = rx.lock().unwrap().recv();
                    let Ok((id, work, reply, timeline)) = job else {
                        return;
                    };
                    let answer = toolkit::cpu::spin_recorded(&timeline, format!("job-{id}"), work);
                    let _ = reply.send(answer);
                }
            });
        }
        tx
    })
}

/// The front end: receives requests until the channel closes, and answers each one.
pub async fn serve(mut requests: mpsc::Receiver<Request>, timeline: Timeline) {
    while let Some(Request { id, work, reply }) = requests.recv().await {
        let _ = pool().send((id, work, reply, timeline.clone()));
    }
}
