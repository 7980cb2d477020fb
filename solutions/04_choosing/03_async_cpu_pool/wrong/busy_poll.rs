//! Wrong: polls the channel with `try_recv` in a loop that never awaits. The jobs go to
//! spawn_blocking and reply from there, but the event loop's thread spins the whole time.
use tokio::sync::mpsc::error::TryRecvError;
use tokio::sync::{mpsc, oneshot};
use toolkit::Timeline;

#[derive(Debug)]
pub struct Request {
    pub id: usize,
    pub work: u64,
    pub reply: oneshot::Sender<u64>,
}

pub async fn serve(mut requests: mpsc::Receiver<Request>, timeline: Timeline) {
    loop {
        match requests.try_recv() {
            Ok(Request { id, work, reply }) => {
                let timeline = timeline.clone();
                tokio::task::spawn_blocking(move || {
                    let answer = toolkit::cpu::spin_recorded(&timeline, format!("job-{id}"), work);
                    let _ = reply.send(answer);
                });
            }
            Err(TryRecvError::Empty) => continue,
            Err(TryRecvError::Disconnected) => break,
        }
    }
}
