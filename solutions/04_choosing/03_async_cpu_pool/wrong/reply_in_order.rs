//! Every job goes to spawn_blocking at once, and one reply task sends the answers back in the
//! order the requests came, so replies never overtake each other.
use tokio::sync::{mpsc, oneshot};
use toolkit::Timeline;

/// One request to the front end: CPU work to do, and where to send the answer.
#[derive(Debug)]
pub struct Request {
    /// The request's number: its CPU work is recorded as CPU work called `job-{id}`.
    pub id: usize,
    /// How much CPU work it needs, in `toolkit::cpu::spin` iterations.
    pub work: u64,
    /// Where the answer, `toolkit::cpu::spin(work)`, goes.
    pub reply: oneshot::Sender<u64>,
}

/// The front end: receives requests until the channel closes, and answers each one.
///
/// - The CPU work, `toolkit::cpu::spin_recorded(&timeline, format!("job-{id}"), work)`
///   (it computes `toolkit::cpu::spin(work)`, records it as CPU work called `job-{id}`
///   and returns the answer), must never run on the event loop: hand it to
///   `tokio::task::spawn_blocking`.
/// - Do not wait for one request's answer before taking the next: give each request its
///   own task (`tokio::spawn`), which awaits the blocking job and sends the reply.
/// - Send each reply as soon as its job is done, while later requests are still coming.
/// - Return when the channel is closed; the tasks already started finish on their own.
pub async fn serve(mut requests: mpsc::Receiver<Request>, timeline: Timeline) {
    let (to_replier, mut jobs) =
        mpsc::unbounded_channel::<(tokio::task::JoinHandle<u64>, oneshot::Sender<u64>)>();
    let replier = tokio::spawn(async move {
        while let Some((job, reply)) = jobs.recv().await {
            if let Ok(answer) = job.await {
                let _ = reply.send(answer);
            }
        }
    });
    while let Some(Request { id, work, reply }) = requests.recv().await {
        let timeline = timeline.clone();
        let job = tokio::task::spawn_blocking(move || {
            toolkit::cpu::spin_recorded(&timeline, format!("job-{id}"), work)
        });
        let _ = to_replier.send((job, reply));
    }
    drop(to_replier);
    let _ = replier.await;
}
