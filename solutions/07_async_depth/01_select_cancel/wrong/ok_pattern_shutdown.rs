//! Mistake: selects on `Ok(()) = &mut shutdown => break`, so a dropped shutdown sender (which the doc says counts as the signal) does not stop the reader: the branch is switched off for that select!, and the next time round the loop the spent oneshot is polled again and panics ("called after complete")
//! What it hoped to slip past (review round 7): every script keeps the shutdown sender alive until the call has returned (the test's writer task even returns it "so a dropped sender is not a signal"); no test drops it, so the Err arm of the oneshot is never exercised
//!
//! select_cancel — read with a timeout and a shutdown signal, losing nothing.

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

/// Reads `\n`-terminated lines from `reader` until the end of the stream or until `shutdown`
/// fires (or its sender is dropped), whichever comes first. Each time `quiet` goes by without
/// a complete line, counts a timeout and keeps waiting: the quiet timer starts over after each
/// line and after each timeout. A line that arrives in pieces is still one line.
pub async fn read_messages<R: AsyncBufRead + Unpin>(
    reader: R,
    quiet: Duration,
    mut shutdown: oneshot::Receiver<()>,
) -> Received {
    let mut received = Received::default();
    let mut lines = reader.lines();
    loop {
        tokio::select! {
            // The signal is the () the sender sends.
            Ok(()) = &mut shutdown => break,
            line = lines.next_line() => match line {
                Ok(Some(line)) => received.lines.push(line),
                Ok(None) | Err(_) => break,
            },
            () = tokio::time::sleep(quiet) => received.timeouts += 1,
        }
    }
    received
}
