//! I keep every request's task in a JoinSet, so none of them is lost: one task per request,
//! each awaiting its spawn_blocking job and sending the reply. serve returns when the channel
//! closes (and its JoinSet goes with it).
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinSet;
use toolkit::Timeline;

#[derive(Debug)]
pub struct Request {
    pub id: usize,
    pub work: u64,
    pub reply: oneshot::Sender<u64>,
}

pub async fn serve(mut requests: mpsc::Receiver<Request>, timeline: Timeline) {
    let mut tasks = JoinSet::new();
    while let Some(Request { id, work, reply }) = requests.recv().await {
        let timeline = timeline.clone();
        tasks.spawn(async move {
            let job = tokio::task::spawn_blocking(move || {
                toolkit::cpu::spin_recorded(&timeline, format!("job-{id}"), work)
            });
            if let Ok(answer) = job.await {
                let _ = reply.send(answer);
            }
        });
        // Tidy up the tasks that are done.
        while tasks.try_join_next().is_some() {}
    }
}
