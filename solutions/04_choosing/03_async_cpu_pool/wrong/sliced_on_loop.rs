//! Forgery: 80% of each job is recorded on the blocking pool; the last 20% is finished
//! unrecorded with `spin_from` on the event loop.
use tokio::sync::{mpsc, oneshot};
use toolkit::Timeline;

#[derive(Debug)]
pub struct Request {
    pub id: usize,
    pub work: u64,
    pub reply: oneshot::Sender<u64>,
}

pub async fn serve(mut requests: mpsc::Receiver<Request>, timeline: Timeline) {
    while let Some(Request { id, work, reply }) = requests.recv().await {
        let timeline = timeline.clone();
        tokio::spawn(async move {
            let head = work * 4 / 5;
            let job = tokio::task::spawn_blocking(move || {
                toolkit::cpu::spin_recorded(&timeline, format!("job-{id}"), head)
            });
            if let Ok(h) = job.await {
                let _ = reply.send(toolkit::cpu::spin_from(Some(h), work - head));
            }
        });
    }
}
