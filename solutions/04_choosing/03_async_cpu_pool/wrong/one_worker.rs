//! One blocking worker thread fed through a std channel: a tiny pool of my own.

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

/// One worker for every job.
pub async fn serve(mut requests: mpsc::Receiver<Request>, timeline: Timeline) {
    let (tx, rx) = std::sync::mpsc::channel::<Request>();
    let worker = tokio::task::spawn_blocking(move || {
        for Request { id, work, reply } in rx {
            let answer = toolkit::cpu::spin_recorded(&timeline, format!("job-{id}"), work);
            let _ = reply.send(answer);
        }
    });
    while let Some(request) = requests.recv().await {
        tx.send(request).unwrap();
    }
    drop(tx);
    let _ = worker.await;
}
