//! WRONG mistake: a client's task awaits its first line (the name) with a plain `next_line().await`, watching the shutdown signal only once the client has joined: a client that connects and never names itself keeps its task, and so `serve`, from ever returning
//! GAP: every client in the tests sends its name the moment it connects (Client::join / slow_reader / from_stream), so no test has a connection without a name when the shutdown signal comes
//!
//! After the signal the listener is dropped and serve waits for its JoinSet, as it should;
//! but the nameless client's task is still in its first `next_line()`, which only the client
//! can end. One idle `nc localhost PORT` (or a port scanner's half-open probe) and the server
//! never shuts down.


use std::io;
use std::sync::Arc;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
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
    let mut next_id = 0;
    loop {
        tokio::select! {
            () = stopped(&mut shutdown) => break,
            accepted = listener.accept() => {
                // A client that gave up before we accepted it is no reason to stop.
                let Ok((stream, _)) = accepted else { continue };
                next_id += 1;
                clients.spawn(client(stream, next_id, lines.clone(), shutdown.clone()));
            }
            // Forget the tasks of clients that left, so the set does not grow forever.
            Some(_) = clients.join_next(), if !clients.is_empty() => {}
        }
    }
    // No more clients: the port closes now, then every task says goodbye and ends.
    drop(listener);
    while clients.join_next().await.is_some() {}
    Ok(())
}

/// Resolves once the shutdown flag is `true` (or its sender is gone).
async fn stopped(shutdown: &mut watch::Receiver<bool>) {
    let _ = shutdown.wait_for(|&stop| stop).await;
}

/// One client's task: reads its lines onto the channel, writes the others' lines to it.
async fn client(
    stream: TcpStream,
    id: usize,
    lines: broadcast::Sender<Message>,
    mut shutdown: watch::Receiver<bool>,
) {
    let (reader, mut writer) = stream.into_split();
    let mut reader = BufReader::new(reader).lines();
    // The name first: nothing else can happen before a client has one.
    let name = reader.next_line().await.ok().flatten();
    let Some(name) = name else {
        return;
    };
    // Subscribe before the welcome: every line sent after it reaches this client.
    let mut inbox = lines.subscribe();
    if writer
        .write_all(format!("welcome {name}\n").as_bytes())
        .await
        .is_err()
    {
        return;
    }
    loop {
        tokio::select! {
            () = stopped(&mut shutdown) => {
                let _ = writer.write_all(format!("{GOODBYE}\n").as_bytes()).await;
                break;
            }
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
                    if writer.write_all(message.line.as_bytes()).await.is_err() {
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
