//! The learner checks the shutdown with `try_recv` at the top of the loop instead of selecting
//! on it: the signal is only noticed when a line or a timeout wakes the loop, so the call
//! returns late.

use std::time::Duration;
use tokio::io::{AsyncBufRead, AsyncBufReadExt};
use tokio::sync::oneshot;

/// What [`read_messages`] received.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Received {
    /// Every complete line, without its `\n`, in the order it arrived.
    pub lines: Vec<String>,
    /// How many times `quiet` went by without a complete line.
    pub timeouts: usize,
}

/// Reads lines until the end of the stream or the shutdown, counting quiet periods.
pub async fn read_messages<R: AsyncBufRead + Unpin>(
    reader: R,
    quiet: Duration,
    mut shutdown: oneshot::Receiver<()>,
) -> Received {
    let mut received = Received::default();
    let mut lines = reader.lines();
    loop {
        // "Has the shutdown come yet?" — checked once per turn of the loop.
        if !matches!(shutdown.try_recv(), Err(oneshot::error::TryRecvError::Empty)) {
            break;
        }
        tokio::select! {
            line = lines.next_line() => match line {
                Ok(Some(line)) => received.lines.push(line),
                Ok(None) | Err(_) => break,
            },
            () = tokio::time::sleep(quiet) => received.timeouts += 1,
        }
    }
    received
}
