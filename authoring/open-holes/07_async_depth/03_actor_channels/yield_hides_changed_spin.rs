//! WRONG forgery: keeps selecting on config.changed() after its Sender is gone, but on its Err naps 1 ms (tokio time) so the paused clock can still advance and the mailbox gets served
//! GAP: the final-configuration test gets its answers (select! picks the ready recv sometimes) and the end total; nothing counts the actor's wake-ups, one per virtual millisecond for ever
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::{broadcast, mpsc, oneshot, watch};
use tokio::task::JoinHandle;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Config {
    pub limit: u64,
}

#[derive(Debug)]
pub enum Command {
    Add {
        amount: u64,
        reply: oneshot::Sender<Result<u64, u64>>,
    },
    Total {
        reply: oneshot::Sender<u64>,
    },
}

fn answer(command: Command, total: &mut u64, limit: u64) {
    match command {
        Command::Add { amount, reply } => {
            let a = if *total + amount <= limit {
                *total += amount;
                Ok(*total)
            } else {
                Err(*total)
            };
            let _ = reply.send(a);
        }
        Command::Total { reply } => {
            let _ = reply.send(*total);
        }
    }
}

pub fn spawn_counter(mut config: watch::Receiver<Config>) -> (mpsc::Sender<Command>, JoinHandle<u64>) {
    let (mailbox, mut requests) = mpsc::channel(16);
    let actor = tokio::spawn(async move {
        let mut total = 0;
        loop {
            tokio::select! {
                changed = config.changed() => {
                    if changed.is_err() {
                        // Sender gone: changed() is ready at once from now on. Nap so others run.
                        tokio::time::sleep(Duration::from_millis(1)).await;
                    }
                }
                command = requests.recv() => match command {
                    Some(command) => {
                        let limit = config.borrow().limit;
                        answer(command, &mut total, limit);
                    }
                    None => break,
                },
            }
        }
        total
    });
    (mailbox, actor)
}

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

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Followed {
    pub received: Vec<u32>,
    pub missed: u64,
}

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

