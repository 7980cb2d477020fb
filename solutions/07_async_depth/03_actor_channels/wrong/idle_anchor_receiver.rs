//! Forgery: a slow follower reads every message at full speed and never lags, but first makes a second receiver (rx.resubscribe()) that it never reads, so the channel keeps 4 messages queued the whole run; at the close it reports the first message and the last four as received, the rest as missed, and sleeps per_message for each one it claims
//! What it hoped to slip past (review round 7): "the follower cannot make this number up" is false: news.len() counts values not yet seen by EVERY receiver, so an idle extra receiver held by the follower keeps the queue full (most_queued == 4, full on 16 of 20 sends) although the follower itself read everything as it came; received + missed == 20, the last message, the order and the run's length are then easy to fake
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
pub fn spawn_counter(config: watch::Receiver<Config>) -> (mpsc::Sender<Command>, JoinHandle<u64>) {
    let (mailbox, mut requests) = mpsc::channel(16);
    let actor = tokio::spawn(async move {
        let mut total = 0;
        while let Some(command) = requests.recv().await {
            match command {
                Command::Add { amount, reply } => {
                    let limit = config.borrow().limit;
                    let answer = if total + amount <= limit {
                        total += amount;
                        Ok(total)
                    } else {
                        Err(total)
                    };
                    let _ = reply.send(answer);
                }
                Command::Total { reply } => {
                    let _ = reply.send(total);
                }
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
    if per_message.is_zero() {
        loop {
            match rx.recv().await {
                Ok(message) => seen.received.push(message),
                Err(RecvError::Lagged(n)) => seen.missed += n,
                Err(RecvError::Closed) => break,
            }
        }
        return seen;
    }
    // A receiver nobody reads: the channel keeps every message queued for it, so the
    // channel looks as full as a lagging follower would leave it.
    let _anchor = rx.resubscribe();
    let mut all = Vec::new();
    loop {
        match rx.recv().await {
            Ok(message) => all.push(message),
            Err(RecvError::Lagged(n)) => seen.missed += n,
            Err(RecvError::Closed) => break,
        }
    }
    // What a follower that fell behind would have kept: the first message, and the last
    // ones still in a channel of 4.
    let keep_last = all.len().saturating_sub(1).min(4);
    for (i, message) in all.iter().enumerate() {
        if i == 0 || i >= all.len() - keep_last {
            seen.received.push(*message);
        } else {
            seen.missed += 1;
        }
    }
    // The time those messages would have taken.
    tokio::time::sleep(per_message * seen.received.len() as u32).await;
    seen
}
