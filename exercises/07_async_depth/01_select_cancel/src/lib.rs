//! # select_cancel — read with a timeout and a shutdown signal, losing nothing
//!
//! A reader of messages must not wait forever, and must stop when told. Python says:
//!
//! ```python
//! while True:
//!     try:
//!         async with asyncio.timeout(quiet):
//!             line = await reader.readline()      # StreamReader keeps a partial line
//!     except TimeoutError:
//!         timeouts += 1
//!         continue
//! ```
//!
//! In Rust, `tokio::select!` waits on several futures and **drops** the ones that lose. If a
//! losing future had already taken bytes out of the stream, those bytes are gone. A future is
//! *cancel-safe* when dropping it loses nothing: tokio's docs say which are.
//!
//! Your task: write [`read_messages`]. See README.md.

use std::time::Duration;
use tokio::io::AsyncBufRead;
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
// TODO: remove this `allow` once you use the parameters.
#[allow(unused_variables)]
pub async fn read_messages<R: AsyncBufRead + Unpin>(
    reader: R,
    quiet: Duration,
    shutdown: oneshot::Receiver<()>,
) -> Received {
    // TODO: loop on `tokio::select!` over the shutdown, the next line and a quiet timer.
    todo!("read lines with a timeout and a shutdown signal, losing none")
}
