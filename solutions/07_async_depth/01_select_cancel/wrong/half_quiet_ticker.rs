//! Forgery: no quiet timer: an interval of quiet / 2, reset at every line, wakes the reader to look at the clock and works the number of quiet periods since the last line out by arithmetic; its ticks land on every timeout instant, so it looks woken by a timer
//! What it hoped to slip past (review round 7): "woken at every timeout" only asks for a poll within 1 ms after each timeout instant, and "woken when nothing happened" allows 4 × (events + timeouts) + 10 polls: a ticker of half the quiet period, aligned to the last line, satisfies both (about 2 polls per quiet period), so clock arithmetic on a ticker of its own passes
//!
//! select_cancel — read with a timeout and a shutdown signal, losing nothing.

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

/// Whole quiet periods since `since`.
fn periods(since: Instant, quiet: Duration) -> usize {
    (since.elapsed().as_nanos() / quiet.as_nanos().max(1)) as usize
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
    // A look at the clock twice per quiet period is plenty.
    let half = (quiet / 2).max(Duration::from_millis(1));
    let mut ticker = tokio::time::interval_at(Instant::now() + half, half);
    let mut last_line = Instant::now();
    // Quiet periods already counted since the last line.
    let mut counted = 0;
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            line = lines.next_line() => match line {
                Ok(Some(line)) => {
                    let due = periods(last_line, quiet);
                    received.timeouts += due.saturating_sub(counted);
                    last_line = Instant::now();
                    counted = 0;
                    ticker.reset();
                    received.lines.push(line);
                }
                Ok(None) | Err(_) => break,
            },
            _ = ticker.tick() => {
                let due = periods(last_line, quiet);
                received.timeouts += due.saturating_sub(counted);
                counted = counted.max(due);
            }
        }
    }
    let due = periods(last_line, quiet);
    received.timeouts += due.saturating_sub(counted);
    received
}
