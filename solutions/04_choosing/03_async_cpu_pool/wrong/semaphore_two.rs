//! The machine has two cores, so I let at most two jobs run at once: each request's task
//! takes a permit from a Semaphore of 2 and holds it across its spawn_blocking job.
use std::sync::Arc;
use tokio::sync::{Semaphore, mpsc, oneshot};
use toolkit::Timeline;

#[derive(Debug)]
pub struct Request {
    pub id: usize,
    pub work: u64,
    pub reply: oneshot::Sender<u64>,
}

const MAX_JOBS: usize = 2;

pub async fn serve(mut requests: mpsc::Receiver<Request>, timeline: Timeline) {
    let permits = Arc::new(Semaphore::new(MAX_JOBS));
    while let Some(Request { id, work, reply }) = requests.recv().await {
        let timeline = timeline.clone();
        let permits = permits.clone();
        tokio::spawn(async move {
            let _permit = permits.acquire_owned().await.unwrap();
            let job = tokio::task::spawn_blocking(move || {
                toolkit::cpu::spin_recorded(&timeline, format!("job-{id}"), work)
            });
            if let Ok(answer) = job.await {
                let _ = reply.send(answer);
            }
        });
    }
}
