//! Each reply goes out when the next request comes in (or at the end): one pending at a time.

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

/// Replies one request late.
pub async fn serve(mut requests: mpsc::Receiver<Request>, timeline: Timeline) {
    let mut pending: Option<(tokio::task::JoinHandle<u64>, oneshot::Sender<u64>)> = None;
    while let Some(Request { id, work, reply }) = requests.recv().await {
        let timeline = timeline.clone();
        let job = tokio::task::spawn_blocking(move || {
            toolkit::cpu::spin_recorded(&timeline, format!("job-{id}"), work)
        });
        if let Some((job, reply)) = pending.replace((job, reply)) {
            let _ = reply.send(job.await.unwrap());
        }
    }
    if let Some((job, reply)) = pending {
        let _ = reply.send(job.await.unwrap());
    }
}
