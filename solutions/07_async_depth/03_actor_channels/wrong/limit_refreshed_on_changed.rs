//! Mistake: the actor keeps the limit in a local and refreshes it in a `biased` select! branch `_ = config.changed() =>` ahead of the mailbox; once the configuration's watch Sender is dropped, changed() is ready (Err) at once for ever, the biased branch wins every time, and the actor spins without ever reading its mailbox again
//! What it hoped to slip past (review round 7): every actor test keeps the watch Sender (`config` / `_config`) alive for the actor's whole life, so changed() never returns Err; the tests only check that a raised or lowered limit applies to the next Add, which the biased refresh does
//!
//! actor_channels — pick the channel for the job.

use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::{broadcast, mpsc, oneshot, watch};
use tokio::task::JoinHandle;

/// The counter's configuration, published on a watch channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Config {
    /// The highest total the counter accepts.
    pub limit: u64,
}

/// A request to the counter actor; each carries the oneshot sender for its reply.
#[derive(Debug)]
pub enum Command {
    /// Add `amount` to the total, unless the total would go over the limit configured *now*.
    /// Reply `Ok(new total)`, or `Err(total)` (unchanged) when refused.
    Add {
        /// How much to add.
        amount: u64,
        /// Where the reply goes.
        reply: oneshot::Sender<Result<u64, u64>>,
    },
    /// Reply with the total.
    Total {
        /// Where the reply goes.
        reply: oneshot::Sender<u64>,
    },
}

/// Spawns the counter actor: a task that owns the total (starting at 0), answers
/// [`Command`]s in the order they arrive, reads the limit from `config` at each `Add`, and
/// ends when every sender of its mailbox is gone, returning the final total.
pub fn spawn_counter(
    mut config: watch::Receiver<Config>,
) -> (mpsc::Sender<Command>, JoinHandle<u64>) {
    let (mailbox, mut requests) = mpsc::channel(16);
    let actor = tokio::spawn(async move {
        let mut total = 0;
        // The limit, kept here and refreshed whenever the configuration changes.
        let mut limit = config.borrow_and_update().limit;
        loop {
            tokio::select! {
                // A new configuration first, so that the next Add sees it.
                biased;
                _ = config.changed() => {
                    limit = config.borrow_and_update().limit;
                }
                command = requests.recv() => match command {
                    Some(Command::Add { amount, reply }) => {
                        let answer = if total + amount <= limit {
                            total += amount;
                            Ok(total)
                        } else {
                            Err(total)
                        };
                        let _ = reply.send(answer);
                    }
                    Some(Command::Total { reply }) => {
                        let _ = reply.send(total);
                    }
                    None => break,
                },
            }
        }
        total
    });
    (mailbox, actor)
}

/// Starts a producer task that calls `next()` until it returns `None` and sends each item
/// into a channel holding at most `capacity` items; returns the receiving end. When the
/// buffer is full the producer waits: it never runs more than `capacity` items ahead of
/// the consumer, and it never drops one.
pub fn start_producer<F>(mut next: F, capacity: usize) -> mpsc::Receiver<u32>
where
    F: FnMut() -> Option<u32> + Send + 'static,
{
    let (tx, rx) = mpsc::channel(capacity);
    tokio::spawn(async move {
        while let Some(item) = next() {
            if tx.send(item).await.is_err() {
                break;
            }
        }
    });
    rx
}

/// What a broadcast follower saw.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Followed {
    /// The messages it received, in order.
    pub received: Vec<u32>,
    /// How many messages it missed because it lagged behind.
    pub missed: u64,
}

/// Follows a broadcast channel until it closes, taking `per_message` (tokio time) over each
/// message. A slow follower lags: count what it missed, and carry on.
pub async fn follow(mut rx: broadcast::Receiver<u32>, per_message: Duration) -> Followed {
    let mut seen = Followed::default();
    loop {
        match rx.recv().await {
            Ok(message) => {
                seen.received.push(message);
                tokio::time::sleep(per_message).await;
            }
            Err(RecvError::Lagged(n)) => seen.missed += n,
            Err(RecvError::Closed) => break,
        }
    }
    seen
}
