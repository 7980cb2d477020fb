//! I read raw chunks into a buffer I keep across the loop (so nothing is lost) and start a new quiet timer each time round; the loop goes round on every chunk, so any bytes, not only a complete line, restart the timer.
use std::time::Duration;
use tokio::io::{AsyncBufRead, AsyncBufReadExt};
use tokio::sync::oneshot;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Received {
    pub lines: Vec<String>,
    pub timeouts: usize,
}

pub async fn read_messages<R: AsyncBufRead + Unpin>(
    mut reader: R,
    quiet: Duration,
    mut shutdown: oneshot::Receiver<()>,
) -> Received {
    let mut received = Received::default();
    let mut buf: Vec<u8> = Vec::new();
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            chunk = reader.fill_buf() => {
                let chunk = match chunk { Ok(c) => c.to_vec(), Err(_) => break };
                if chunk.is_empty() { break; }
                reader.consume(chunk.len());
                buf.extend_from_slice(&chunk);
                while let Some(pos) = buf.iter().position(|&b| b == b'\n') {
                    let line: Vec<u8> = buf.drain(..=pos).collect();
                    received.lines.push(String::from_utf8_lossy(&line[..line.len() - 1]).into_owned());
                }
            }
            () = tokio::time::sleep(quiet) => received.timeouts += 1,
        }
    }
    received
}
