//! # graceful_shutdown — stop taking work, finish what is in flight, by a deadline
//!
//! A service takes jobs (file names to download) from a channel and runs them at the same
//! time. When the shutdown signal comes it stops accepting, gives the jobs in flight until a
//! deadline to finish, cancels whatever is still running then, and says what it dropped.
//! Python 3.11+ writes the same with a TaskGroup and `asyncio.timeout`:
//!
//! ```python
//! async def serve(jobs: asyncio.Queue, stop: asyncio.Event, grace: float):
//!     running = set()
//!     while not stop.is_set():                  # accept until the signal
//!         ...                                   # create_task(download(name)) per job
//!     try:
//!         async with asyncio.timeout(grace):    # finish in-flight work, by a deadline
//!             await asyncio.gather(*running)
//!     except TimeoutError:
//!         pass                                  # the late ones were cancelled
//! ```
//!
//! Edit this file: write `serve` (see the README).

use std::time::Duration;
use tokio::sync::{mpsc, watch};
use toolkit::io::Downloader;

/// What the service did with the jobs it was given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Jobs that ran to the end, in the order they finished.
    pub finished: Vec<String>,
    /// Jobs that were running at the deadline and were cancelled, in the order they were
    /// accepted.
    pub cancelled: Vec<String>,
    /// Jobs still waiting in the channel when the service stopped accepting: never started.
    pub refused: Vec<String>,
}

/// Runs the service: downloads every job received on `jobs` with `downloader`, all at the
/// same time, until `shutdown` turns `true` (or its sender is dropped). Then it takes no
/// more jobs, lets those in flight run for at most `grace` more, cancels the rest, and
/// returns as soon as nothing is left running.
// TODO: remove this `allow` once you use the parameters.
#[allow(unused_variables)]
pub async fn serve(
    downloader: &Downloader,
    jobs: mpsc::Receiver<String>,
    shutdown: watch::Receiver<bool>,
    grace: Duration,
) -> Report {
    // TODO: 1. loop on tokio::select! over the signal, jobs.recv() and the next finished job;
    //       2. jobs.close() and drain what is queued into `refused`;
    //       3. until the deadline (now + grace), collect what finishes; 4. drop the rest.
    todo!("accept jobs until the signal, then finish in-flight work by the deadline")
}
