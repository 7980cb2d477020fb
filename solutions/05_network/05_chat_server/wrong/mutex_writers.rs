//! Like the Python version: a shared list of writers; each client's task writes its line
//! to all the others.

use std::io;
use std::sync::Arc;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::tcp::OwnedWriteHalf;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Mutex, watch};
use tokio::task::JoinSet;

/// The goodbye line.
pub const GOODBYE: &str = "server: shutting down";

type Writers = Arc<Mutex<Vec<(usize, OwnedWriteHalf)>>>;

/// Serves the chat.
pub async fn serve(listener: TcpListener, mut shutdown: watch::Receiver<bool>) -> io::Result<()> {
    let writers: Writers = Arc::new(Mutex::new(Vec::new()));
    let mut clients = JoinSet::new();
    let mut next_id = 0;
    loop {
        tokio::select! {
            _ = shutdown.wait_for(|&stop| stop) => break,
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                next_id += 1;
                clients.spawn(client(stream, next_id, Arc::clone(&writers)));
            }
        }
    }
    drop(listener);
    for (_, writer) in writers.lock().await.iter_mut() {
        let _ = writer.write_all(format!("{GOODBYE}\n").as_bytes()).await;
        let _ = writer.shutdown().await;
    }
    clients.abort_all();
    while clients.join_next().await.is_some() {}
    writers.lock().await.clear();
    Ok(())
}

async fn client(stream: TcpStream, id: usize, writers: Writers) {
    let (reader, mut writer) = stream.into_split();
    let mut lines = BufReader::new(reader).lines();
    let Ok(Some(name)) = lines.next_line().await else { return };
    if writer.write_all(format!("welcome {name}\n").as_bytes()).await.is_err() {
        return;
    }
    writers.lock().await.push((id, writer));
    while let Ok(Some(text)) = lines.next_line().await {
        let line = format!("{name}: {text}\n");
        let mut all = writers.lock().await;
        for (other, writer) in all.iter_mut() {
            if *other != id {
                let _ = writer.write_all(line.as_bytes()).await;
            }
        }
    }
    writers.lock().await.retain(|(other, _)| *other != id);
}
