//! Mistake: at the signal closes the channel, then drains what was still queued with recv() and STARTS each of those jobs as in-flight work ("they were sent before the signal, so they were accepted"), instead of putting them in Report::refused unstarted
//! What it hoped to slip past (review round 7): no test ever has a job waiting in the channel at the signal (the service takes every job the instant it is sent, and late jobs come after the close, where the send fails), so Report::refused for queued jobs, and "nothing starts after the signal" for them, are never exercised
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
    let start = move |name: String| async move {
        downloader.download(&name).await;
        name
    };
    let mut running = FuturesUnordered::new();
    let mut open = true;

    loop {
        tokio::select! {
            _ = shutdown.wait_for(|&stop| stop) => break,
            job = jobs.recv(), if open => match job {
                Some(name) => {
                    in_flight.push(name.clone());
                    running.push(start(name));
                }
                None => open = false,
            },
            Some(name) = running.next(), if !running.is_empty() => {
                in_flight.retain(|n| *n != name);
                report.finished.push(name);
            }
        }
    }

    // No new jobs from now on. The ones already queued were sent before the signal: they
    // were accepted, so they run with the others until the deadline.
    jobs.close();
    while let Some(name) = jobs.recv().await {
        in_flight.push(name.clone());
        running.push(start(name));
    }

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
    report
}
