//! WRONG forgery: at the signal it closes the channel, then starts every queued job but the last, refusing just that one, so `started < queued` and nothing is lost
//! GAP: the new test only asks that fewer than all 15 start and none is both started and refused; it allows "a job or two" but never bounds how many queued jobs ran
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

fn start(downloader: &Downloader, name: String) -> impl std::future::Future<Output = String> + '_ {
    async move {
        downloader.download(&name).await;
        name
    }
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
    // The jobs in flight, by name in the order accepted, and their futures: dropping a
    // future cancels its download.
    let mut in_flight: Vec<String> = Vec::new();
    let mut running = FuturesUnordered::new();
    let mut open = true;

    // 1. Accept jobs until the signal. A closed channel only means no more jobs will come:
    //    keep finishing what runs and waiting for the signal.
    loop {
        tokio::select! {
            // Err: the sender was dropped, which counts as the signal too.
            _ = shutdown.wait_for(|&stop| stop) => break,
            job = jobs.recv(), if open => match job {
                Some(name) => {
                    in_flight.push(name.clone());
                    running.push(start(downloader, name));
                }
                None => open = false,
            },
            Some(name) = running.next(), if !running.is_empty() => {
                in_flight.retain(|n| *n != name);
                report.finished.push(name);
            }
        }
    }

    // 2. Stop accepting: close the channel (senders now get an error), then take out what
    //    was already queued, without running it.
    jobs.close();
    let mut queued = Vec::new();
    while let Ok(name) = jobs.try_recv() {
        queued.push(name);
    }
    // Refuse one, so the report shows refusals; start the rest as if accepted.
    if let Some(last) = queued.pop() {
        report.refused.push(last);
    }
    for name in queued {
        in_flight.push(name.clone());
        running.push(start(downloader, name));
    }

    // 3. Finish what is in flight, but only until the deadline.
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

    // 4. Whatever still runs is cancelled by dropping its future, and reported.
    drop(running);
    report.cancelled = in_flight;
    report
}
