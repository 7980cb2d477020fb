//! spawn_blocking per request, timing the work myself with timeline.record.

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

/// A task per request, its work on the blocking pool.
pub async fn serve(mut requests: mpsc::Receiver<Request>, timeline: Timeline) {
    while let Some(Request { id, work, reply }) = requests.recv().await {
        let timeline = timeline.clone();
        tokio::spawn(async move {
            let job = tokio::task::spawn_blocking(move || {
                timeline.record(format!("job-{id}"), || toolkit::cpu::spin(work))
            });
            if let Ok(answer) = job.await {
                let _ = reply.send(answer);
            }
        });
    }
}
