//! The jobs all write to the same timeline, so each request's task takes a tokio Mutex before
//! it starts its spawn_blocking job and lets go once the answer is back.
use std::sync::Arc;
use tokio::sync::{Mutex, mpsc, oneshot};
use toolkit::Timeline;

/// One request: an amount of CPU work, and where to send its answer.
#[derive(Debug)]
pub struct Request {
    /// The request's number, for its span's label.
    pub id: usize,
    /// How many spin iterations the job takes.
    pub work: u64,
    /// Where the answer goes.
    pub reply: oneshot::Sender<u64>,
}

pub async fn serve(mut requests: mpsc::Receiver<Request>, timeline: Timeline) {
    let turn = Arc::new(Mutex::new(()));
    while let Some(Request { id, work, reply }) = requests.recv().await {
        let timeline = timeline.clone();
        let turn = turn.clone();
        tokio::spawn(async move {
            let _guard = turn.lock().await;
            let job = tokio::task::spawn_blocking(move || {
                toolkit::cpu::spin_recorded(&timeline, format!("job-{id}"), work)
            });
            if let Ok(answer) = job.await {
                let _ = reply.send(answer);
            }
        });
    }
}
