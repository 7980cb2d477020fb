//! A small ticker keeps the loop awake every millisecond, so I never miss a moment; the number
//! of quiet periods I work out from the clock at each line and at the end.
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
    let mut last = Instant::now();
    let periods = |since: Instant| (since.elapsed().as_nanos() / quiet.as_nanos()) as usize;
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            line = lines.next_line() => match line {
                Ok(Some(line)) => {
                    received.timeouts += periods(last);
                    last = Instant::now();
                    received.lines.push(line);
                }
                Ok(None) | Err(_) => break,
            },
            () = tokio::time::sleep(Duration::from_millis(1)) => {}
        }
    }
    received.timeouts += periods(last);
    received
}
