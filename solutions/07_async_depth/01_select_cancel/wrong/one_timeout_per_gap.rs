//! I count a timeout when the stream goes quiet, but only once per silence: after a timeout I keep waiting for the next line without counting again until one comes.
use std::time::Duration;
use tokio::io::{AsyncBufRead, AsyncBufReadExt};
use tokio::sync::oneshot;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Received {
    pub lines: Vec<String>,
    pub timeouts: usize,
}

pub async fn read_messages<R: AsyncBufRead + Unpin>(
    reader: R,
    quiet: Duration,
    mut shutdown: oneshot::Receiver<()>,
) -> Received {
    let mut received = Received::default();
    let mut lines = reader.lines();
    let mut timed_out = false;
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            line = lines.next_line() => match line {
                Ok(Some(line)) => { received.lines.push(line); timed_out = false; }
                Ok(None) | Err(_) => break,
            },
            () = tokio::time::sleep(quiet), if !timed_out => { received.timeouts += 1; timed_out = true; }
        }
    }
    received
}
