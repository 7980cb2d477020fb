//! Forgery: the real answer is computed on the event loop; a one-iteration recorded job
//! runs on the blocking pool so the timeline looks right.

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

/// Looks off the loop, is not.
pub async fn serve(mut requests: mpsc::Receiver<Request>, timeline: Timeline) {
    while let Some(Request { id, work, reply }) = requests.recv().await {
        let answer = toolkit::cpu::spin(work);
        let timeline = timeline.clone();
        tokio::spawn(async move {
            let _ = tokio::task::spawn_blocking(move || {
                toolkit::cpu::spin_recorded(&timeline, format!("job-{id}"), 1)
            })
            .await;
            let _ = reply.send(answer);
        });
    }
}
