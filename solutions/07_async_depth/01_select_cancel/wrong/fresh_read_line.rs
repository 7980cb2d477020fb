//! I read each line with read_line into a new String inside the select!, next to the timer.
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
    mut reader: R,
    quiet: Duration,
    mut shutdown: oneshot::Receiver<()>,
) -> Received {
    let mut received = Received::default();
    loop {
        let mut line = String::new();
        tokio::select! {
            _ = &mut shutdown => break,
            n = reader.read_line(&mut line) => match n {
                Ok(0) | Err(_) => break,
                Ok(_) => received.lines.push(line.trim_end_matches('\n').to_owned()),
            },
            () = tokio::time::sleep(quiet) => received.timeouts += 1,
        }
    }
    received
}
