//! Forgery: at the signal it stops receiving but leaves the jobs channel open through the whole grace period (late senders' sends succeed, as if their jobs were accepted, and block once the channel is full); only when serve returns does it close the channel and file whatever piled up as Report::refused
//! What it hoped to slip past (review round 7): nothing_is_accepted_after_the_signal accepts a late job as refused if EITHER its send failed OR it is in Report::refused, and only checks the channel's state again 20 s after the return: so "refused" written into the report after the fact passes for a channel closed at the signal
//!
//! graceful_shutdown — stop taking work, finish what is in flight, by a deadline.

use futures::StreamExt;
use futures::stream::FuturesUnordered;
use std::time::Duration;
use tokio::sync::{mpsc, watch};
use tokio::time::{Instant, sleep_until};
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
pub async fn serve(
    downloader: &Downloader,
    mut jobs: mpsc::Receiver<String>,
    mut shutdown: watch::Receiver<bool>,
    grace: Duration,
) -> Report {
    let mut report = Report::default();
    let mut in_flight: Vec<String> = Vec::new();
    let mut running = FuturesUnordered::new();
    let mut open = true;

    loop {
        tokio::select! {
            _ = shutdown.wait_for(|&stop| stop) => break,
            job = jobs.recv(), if open => match job {
                Some(name) => {
                    in_flight.push(name.clone());
                    running.push(async move {
                        downloader.download(&name).await;
                        name
                    });
                }
                None => open = false,
            },
            Some(name) = running.next(), if !running.is_empty() => {
                in_flight.retain(|n| *n != name);
                report.finished.push(name);
            }
        }
    }

    // The channel stays as it is for now: nobody reads it any more, whatever is sent waits.
    let deadline = Instant::now() + grace;
    while !running.is_empty() {
        tokio::select! {
            Some(name) = running.next() => {
                in_flight.retain(|n| *n != name);
                report.finished.push(name);
            }
            _ = sleep_until(deadline) => break,
        }
    }
    drop(running);
    report.cancelled = in_flight;

    // On the way out: whatever piled up in the channel meanwhile goes down as refused.
    jobs.close();
    while let Ok(name) = jobs.try_recv() {
        report.refused.push(name);
    }
    report
}
