//! Forgery: serve hands the whole channel to a plain OS thread and returns at once; that thread
//! takes the requests with blocking_recv and starts a thread per job, so nothing ever runs on
//! the event loop, and serve is long gone while the requests are answered.
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
    std::thread::spawn(move || {
        while let Some(Request { id, work, reply }) = requests.blocking_recv() {
            let timeline = timeline.clone();
            std::thread::spawn(move || {
                let answer = toolkit::cpu::spin_recorded(&timeline, format!("job-{id}"), work);
                let _ = reply.send(answer);
            });
        }
    });
}
