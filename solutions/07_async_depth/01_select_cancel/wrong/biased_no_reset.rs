//! One sleep pinned outside the loop, reset after each line: a timeout just moves it on.
use std::time::Duration;
use tokio::io::{AsyncBufRead, AsyncBufReadExt};
use tokio::sync::oneshot;

/// What [`read_messages`] received.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Received {
    /// Every complete line.
    pub lines: Vec<String>,
    /// How many quiet periods.
    pub timeouts: usize,
}

/// Reads lines with a timeout and a shutdown.
pub async fn read_messages<R: AsyncBufRead + Unpin>(
    reader: R,
    quiet: Duration,
    mut shutdown: oneshot::Receiver<()>,
) -> Received {
    let mut received = Received::default();
    let mut lines = reader.lines();
    let timer = tokio::time::sleep(quiet);
    tokio::pin!(timer);
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            line = lines.next_line() => match line {
                Ok(Some(line)) => {
                    received.lines.push(line);
                    // A line: the quiet period starts over... but only a full `quiet` from the first.
                }
                Ok(None) | Err(_) => break,
            },
            () = &mut timer => {
                received.timeouts += 1;
                timer.as_mut().reset(tokio::time::Instant::now() + quiet);
            }
        }
    }
    received
}
