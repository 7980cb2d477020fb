//! I keep the String outside the loop so a partial line survives a timeout, and use read_line.
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
    let mut line = String::new();
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            read = tokio::time::timeout(quiet, reader.read_line(&mut line)) => match read {
                Err(_) => received.timeouts += 1,
                Ok(Ok(0)) | Ok(Err(_)) => break,
                Ok(Ok(_)) => {
                    received.lines.push(line.trim_end_matches('\n').to_owned());
                    line.clear();
                }
            },
        }
    }
    received
}
