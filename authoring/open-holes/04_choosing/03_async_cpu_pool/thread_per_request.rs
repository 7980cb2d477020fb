//! WRONG mistake: no pool at all: serve starts a fresh std::thread for every request, which computes and sends the reply itself, so a flood of requests starts as many OS threads as there are requests (no spawn_blocking, no bound).
//! GAP: the tests only check that a job ran off the event-loop thread and off the runtime's workers, never that it ran on tokio's blocking pool (e.g. its thread name) nor with more requests than that pool's cap; 65 requests at most.
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
pub async fn serve(mut requests: mpsc::Receiver<Request>, timeline: Timeline) {
    while let Some(Request { id, work, reply }) = requests.recv().await {
        let timeline = timeline.clone();
        // Like threading.Thread(target=job).start(): one OS thread per request.
        std::thread::spawn(move || {
            let answer = toolkit::cpu::spin_recorded(&timeline, format!("job-{id}"), work);
            let _ = reply.send(answer);
        });
    }
}
