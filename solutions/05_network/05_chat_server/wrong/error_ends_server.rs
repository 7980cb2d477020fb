//! One loop owns every writer: client tasks send their lines to it over an mpsc
//! channel, and it writes them out. A write error is an error: `?` passes it on.

use std::io;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::tcp::OwnedWriteHalf;
use tokio::net::TcpListener;
use tokio::sync::{mpsc, watch};

/// The goodbye line.
pub const GOODBYE: &str = "server: shutting down";

enum Event {
    Joined(usize, String, OwnedWriteHalf),
    Said(usize, String),
}

/// Serves the chat.
pub async fn serve(listener: TcpListener, mut shutdown: watch::Receiver<bool>) -> io::Result<()> {
    let (events, mut inbox) = mpsc::unbounded_channel();
    let mut writers: Vec<(usize, OwnedWriteHalf)> = Vec::new();
    let mut readers = tokio::task::JoinSet::new();
    let mut next_id = 0;
    loop {
        tokio::select! {
            () = stopped(&mut shutdown) => break,
            accepted = listener.accept() => {
                let (stream, _) = accepted?;
                next_id += 1;
                let id = next_id;
                let events = events.clone();
                readers.spawn(async move {
                    let (reader, writer) = stream.into_split();
                    let mut lines = BufReader::new(reader).lines();
                    let Ok(Some(name)) = lines.next_line().await else { return };
                    let _ = events.send(Event::Joined(id, name.clone(), writer));
                    while let Ok(Some(text)) = lines.next_line().await {
                        let _ = events.send(Event::Said(id, format!("{name}: {text}\n")));
                    }
                });
            }
            Some(event) = inbox.recv() => match event {
                Event::Joined(id, name, mut writer) => {
                    writer.write_all(format!("welcome {name}\n").as_bytes()).await?;
                    writers.push((id, writer));
                }
                Event::Said(from, line) => {
                    for (id, writer) in writers.iter_mut() {
                        if *id != from {
                            writer.write_all(line.as_bytes()).await?;
                        }
                    }
                }
            },
        }
    }
    drop(listener);
    for (_, writer) in writers.iter_mut() {
        let _ = writer.write_all(format!("{GOODBYE}\n").as_bytes()).await;
    }
    drop(writers);
    readers.abort_all();
    while readers.join_next().await.is_some() {}
    Ok(())
}

async fn stopped(shutdown: &mut watch::Receiver<bool>) {
    let _ = shutdown.wait_for(|&stop| stop).await;
}
