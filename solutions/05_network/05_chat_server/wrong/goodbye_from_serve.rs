//! On shutdown I stop every client task at once (JoinSet::shutdown) and write the goodbye to each client myself, from serve, through writers I kept.

use std::io;
use std::sync::Arc;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::sync::broadcast::{self, error::RecvError};
use tokio::sync::watch;
use tokio::task::JoinSet;

/// The line every client gets when the server shuts down, just before its connection closes.
pub const GOODBYE: &str = "server: shutting down";

/// How many lines the channel keeps for a client that falls behind; older ones are lost to it.
const CAPACITY: usize = 64;

/// One line on its way to every client but its sender.
#[derive(Clone)]
struct Message {
    from: usize,
    /// The whole line as the others see it, `NAME: text\n`: built once, shared by all.
    line: Arc<str>,
}

/// Serves the chat on `listener` until `shutdown` turns `true`; then stops accepting, tells
/// every client [`GOODBYE`], closes every connection, and returns once every task it started
/// has finished.
pub async fn serve(listener: TcpListener, mut shutdown: watch::Receiver<bool>) -> io::Result<()> {
    let (lines, _) = broadcast::channel(CAPACITY);
    let mut clients = JoinSet::new();
    // Every client's writer, kept here too, so serve can say goodbye itself.
    let mut writers: Vec<Writer> = Vec::new();
    let mut next_id = 0;
    loop {
        tokio::select! {
            () = stopped(&mut shutdown) => break,
            accepted = listener.accept() => {
                // A client that gave up before we accepted it is no reason to stop.
                let Ok((stream, _)) = accepted else { continue };
                next_id += 1;
                let (reader, writer) = stream.into_split();
                let writer: Writer = Arc::new(tokio::sync::Mutex::new(writer));
                writers.push(Arc::clone(&writer));
                clients.spawn(client(reader, writer, next_id, lines.clone(), shutdown.clone()));
            }
            // Forget the tasks of clients that left, so the set does not grow forever.
            Some(_) = clients.join_next(), if !clients.is_empty() => {}
        }
    }
    // No more clients: the port closes now, then every task says goodbye and ends.
    drop(listener);
    // The tasks are stopped at once; the goodbye comes from here, to every client.
    clients.shutdown().await;
    for writer in writers {
        let mut writer = writer.lock().await;
        let _ = writer.write_all(format!("{GOODBYE}\n").as_bytes()).await;
        let _ = writer.shutdown().await;
    }
    Ok(())
}

/// Resolves once the shutdown flag is `true` (or its sender is gone).
async fn stopped(shutdown: &mut watch::Receiver<bool>) {
    let _ = shutdown.wait_for(|&stop| stop).await;
}

/// One client's task: reads its lines onto the channel, writes the others' lines to it.
type Writer = Arc<tokio::sync::Mutex<tokio::net::tcp::OwnedWriteHalf>>;

async fn client(
    reader: tokio::net::tcp::OwnedReadHalf,
    writer: Writer,
    id: usize,
    lines: broadcast::Sender<Message>,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut reader = BufReader::new(reader).lines();
    let name = tokio::select! {
        () = stopped(&mut shutdown) => None,
        first = reader.next_line() => first.ok().flatten(),
    };
    let Some(name) = name else {
        return;
    };
    // Subscribe before the welcome: every line sent after it reaches this client.
    let mut inbox = lines.subscribe();
    if writer
        .lock()
        .await
        .write_all(format!("welcome {name}\n").as_bytes())
        .await
        .is_err()
    {
        return;
    }
    loop {
        tokio::select! {
            () = stopped(&mut shutdown) => break,
            read = reader.next_line() => match read {
                Ok(Some(text)) => {
                    let line = format!("{name}: {text}\n").into();
                    // Nobody else connected is not an error.
                    let _ = lines.send(Message { from: id, line });
                }
                // The client left (or its connection broke): only this task ends.
                Ok(None) | Err(_) => break,
            },
            received = inbox.recv() => match received {
                Ok(message) if message.from == id => {}
                Ok(message) => {
                    if writer.lock().await.write_all(message.line.as_bytes()).await.is_err() {
                        break;
                    }
                }
                // This client fell behind and lost the oldest lines: carry on with the rest.
                Err(RecvError::Lagged(_)) => {}
                Err(RecvError::Closed) => break,
            },
        }
    }
    // Returning drops both halves: the connection closes.
}
