//! No timer in the select!: the number of quiet periods is arithmetic. At every line (and at
//! the end) I add how many whole `quiet`s went by since the last line; that gives the same
//! count without waking up for nothing.

use std::time::Duration;
use tokio::io::{AsyncBufRead, AsyncBufReadExt};
use tokio::sync::oneshot;
use tokio::time::Instant;

/// What [`read_messages`] received.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Received {
    /// Every complete line, without its `\n`, in the order it arrived.
    pub lines: Vec<String>,
    /// How many times `quiet` went by without a complete line.
    pub timeouts: usize,
}

/// Reads lines until the end of the stream or the shutdown; counts quiet periods.
pub async fn read_messages<R: AsyncBufRead + Unpin>(
    reader: R,
    quiet: Duration,
    mut shutdown: oneshot::Receiver<()>,
) -> Received {
    let mut received = Received::default();
    let mut lines = reader.lines();
    let mut last = Instant::now();
    let periods = |since: Instant| (since.elapsed().as_nanos() / quiet.as_nanos()) as usize;
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            line = lines.next_line() => match line {
                Ok(Some(line)) => {
                    received.timeouts += periods(last);
                    last = Instant::now();
                    received.lines.push(line);
                }
                Ok(None) | Err(_) => break,
            },
        }
    }
    received.timeouts += periods(last);
    received
}
