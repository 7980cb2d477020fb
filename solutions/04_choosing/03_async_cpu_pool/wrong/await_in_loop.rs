//! spawn_blocking for the CPU work, awaited right there in the loop.

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

/// Off the loop, one at a time.
pub async fn serve(mut requests: mpsc::Receiver<Request>, timeline: Timeline) {
    while let Some(Request { id, work, reply }) = requests.recv().await {
        let timeline = timeline.clone();
        let answer = tokio::task::spawn_blocking(move || {
            toolkit::cpu::spin_recorded(&timeline, format!("job-{id}"), work)
        })
        .await
        .unwrap();
        let _ = reply.send(answer);
    }
}
