//! I run the read loop in a spawned task that fills a shared Received, and return a copy of it as soon as the shutdown fires; the reading task is left running (it has the reader).
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufRead, AsyncBufReadExt};
use tokio::sync::oneshot;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Received {
    pub lines: Vec<String>,
    pub timeouts: usize,
}

pub async fn read_messages<R: AsyncBufRead + Unpin + Send + 'static>(
    reader: R,
    quiet: Duration,
    shutdown: oneshot::Receiver<()>,
) -> Received {
    let shared = Arc::new(Mutex::new(Received::default()));
    let inner = Arc::clone(&shared);
    let mut reading = tokio::spawn(async move {
        let mut lines = reader.lines();
        loop {
            tokio::select! {
                line = lines.next_line() => match line {
                    Ok(Some(line)) => inner.lock().unwrap().lines.push(line),
                    Ok(None) | Err(_) => break,
                },
                () = tokio::time::sleep(quiet) => inner.lock().unwrap().timeouts += 1,
            }
        }
    });
    tokio::select! {
        _ = shutdown => {}
        _ = &mut reading => {}
    }
    let got = shared.lock().unwrap().clone();
    got
}
