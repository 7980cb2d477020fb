//! Fire the job onto the blocking pool and move on; the job answers when it can.

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

/// Fire and forget.
pub async fn serve(mut requests: mpsc::Receiver<Request>, timeline: Timeline) {
    while let Some(Request { id, work, reply }) = requests.recv().await {
        let timeline = timeline.clone();
        tokio::task::spawn_blocking(move || {
            let answer = toolkit::cpu::spin_recorded(&timeline, format!("job-{id}"), work);
            if answer != 0 {
                drop(reply); // the caller reads it from the timeline anyway
            }
        });
    }
}
