//! async fn serve: I just compute each answer in the loop and reply. Simple.

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

/// Answers each request in turn.
pub async fn serve(mut requests: mpsc::Receiver<Request>, timeline: Timeline) {
    while let Some(Request { id, work, reply }) = requests.recv().await {
        let answer = toolkit::cpu::spin_recorded(&timeline, format!("job-{id}"), work);
        let _ = reply.send(answer);
    }
}
