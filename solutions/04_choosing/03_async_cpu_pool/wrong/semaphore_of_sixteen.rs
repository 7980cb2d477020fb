//! # Exercise 4.3 — an async front end feeding a CPU pool
//!
//! The tutorial's "When to Use Which" table sends async APIs to asyncio and heavy computing
//! to multiprocessing, and warns that asyncio is "❌ not suitable for heavy CPU tasks — will
//! block the event loop". Real services need both: a front end that takes thousands of
//! requests, and CPU work behind it. In Python that is `loop.run_in_executor(pool, work)`;
//! in tokio it is `tokio::task::spawn_blocking(work)`, which runs `work` on a pool of
//! threads kept for blocking work while the event loop goes on serving.
//!
//! Your task: write [`serve`].

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

/// The front end: receives requests until the channel closes, and answers each one.
///
/// - The CPU work, `toolkit::cpu::spin_recorded(&timeline, format!("job-{id}"), work)`
///   (it computes `toolkit::cpu::spin(work)`, records it as CPU work called `job-{id}`
///   and returns the answer), must never run on the event loop: hand it to
///   `tokio::task::spawn_blocking`.
/// - Do not wait for one request's answer before taking the next: give each request its
///   own task (`tokio::spawn`), which awaits the blocking job and sends the reply.
/// - Send each reply as soon as its job is done, while later requests are still coming.
/// - Return when the channel is closed; the tasks already started finish on their own.
pub async fn serve(mut requests: mpsc::Receiver<Request>, timeline: Timeline) {
    // A generous limit of my own, "so a flood of requests cannot start hundreds of threads":
    // sixteen jobs at a time, more than any machine here has cores.
    let limit = std::sync::Arc::new(tokio::sync::Semaphore::new(16));
    while let Some(Request { id, work, reply }) = requests.recv().await {
        let timeline = timeline.clone();
        let limit = limit.clone();
        tokio::spawn(async move {
            let Ok(_permit) = limit.acquire_owned().await else {
                return;
            };
            let job = tokio::task::spawn_blocking(move || {
                toolkit::cpu::spin_recorded(&timeline, format!("job-{id}"), work)
            });
            if let Ok(answer) = job.await {
                let _ = reply.send(answer);
            }
        });
    }
}
