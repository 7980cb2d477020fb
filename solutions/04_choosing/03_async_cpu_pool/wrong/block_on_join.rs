//! std::thread per request for the CPU work; I join it in the task to get the answer.

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

/// A thread per job, joined from the task.
pub async fn serve(mut requests: mpsc::Receiver<Request>, timeline: Timeline) {
    while let Some(Request { id, work, reply }) = requests.recv().await {
        let timeline = timeline.clone();
        tokio::spawn(async move {
            let job = std::thread::spawn(move || {
                toolkit::cpu::spin_recorded(&timeline, format!("job-{id}"), work)
            });
            let _ = reply.send(job.join().unwrap());
        });
    }
}
