//! Start every job at once with spawn_blocking, keep the handles, and answer them all when
//! the channel closes.

use tokio::sync::{mpsc, oneshot};
use toolkit::Timeline;

/// One request to the front end.
#[derive(Debug)]
pub struct Request {
    /// The request's number.
    pub id: usize,
    /// How much CPU work it needs.
    pub work: u64,
    /// Where the answer goes.
    pub reply: oneshot::Sender<u64>,
}

/// Everything at once, replies at the end.
pub async fn serve(mut requests: mpsc::Receiver<Request>, timeline: Timeline) {
    let mut pending = Vec::new();
    while let Some(Request { id, work, reply }) = requests.recv().await {
        let timeline = timeline.clone();
        let job = tokio::task::spawn_blocking(move || {
            toolkit::cpu::spin_recorded(&timeline, format!("job-{id}"), work)
        });
        pending.push((job, reply));
    }
    for (job, reply) in pending {
        let _ = reply.send(job.await.unwrap());
    }
}
