//! Handing a tiny job to another thread costs more than doing it, so jobs under 10,000 iterations I compute right in the request's task; only big jobs go to spawn_blocking.
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
pub async fn serve(mut requests: mpsc::Receiver<Request>, timeline: Timeline) {
    while let Some(Request { id, work, reply }) = requests.recv().await {
        let timeline = timeline.clone();
        tokio::spawn(async move {
            let answer = if work < 10_000 {
                toolkit::cpu::spin_recorded(&timeline, format!("job-{id}"), work)
            } else {
                match tokio::task::spawn_blocking(move || {
                    toolkit::cpu::spin_recorded(&timeline, format!("job-{id}"), work)
                })
                .await
                {
                    Ok(answer) => answer,
                    Err(_) => return,
                }
            };
            let _ = reply.send(answer);
        });
    }
}
