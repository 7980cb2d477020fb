//! WRONG forgery: client tasks run on a private tokio runtime that serve builds (the streams handed over with into_std/from_std), so the test's `num_alive_tasks` never sees them; a client that leaves (Ok(None)) no longer ends its task, which lingers subscribed until a write to it fails or shutdown
//! GAP: "a client that leaves breaks nothing" proves Eve's task ended only through the TEST runtime's num_alive_tasks; tasks spawned on another runtime are never counted, and every other check (goodbye, closed sockets, serve returning after its tasks) still holds
//!
//! serve still waits for every client task (their JoinHandles, awaited across runtimes) and
//! shuts its runtime down before returning, so after the signal nothing outlives it. But
//! while the chat runs, every client that left quietly keeps a task, a broadcast receiver and
//! a socket until somebody talks (the first write fails) or the server stops: the leak the
//! Eve check exists to catch, hidden where the check does not count.

use std::io;
use std::sync::Arc;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::broadcast::{self, error::RecvError};
use tokio::sync::watch;

/// The line every client gets when the server shuts down, just before its connection closes.
pub const GOODBYE: &str = "server: shutting down";

/// How many lines the channel keeps for a client that falls behind; older ones are lost to it.
const CAPACITY: usize = 64;

/// One line on its way to every client but its sender.
#[derive(Clone)]
struct Message {
    from: usize,
    /// The whole line as the others see it, `NAME: text\n`.
    line: Arc<str>,
}

/// serve's own runtime for the client tasks; shut down without waiting when dropped (a
/// runtime may not be dropped the blocking way inside async code).
struct Private(Option<tokio::runtime::Runtime>);

impl Drop for Private {
    fn drop(&mut self) {
        if let Some(runtime) = self.0.take() {
            runtime.shutdown_background();
        }
    }
}

/// Serves the chat on `listener` until `shutdown` turns `true`; then stops accepting, tells
/// every client [`GOODBYE`], closes every connection, and returns once every task it started
/// has finished.
pub async fn serve(listener: TcpListener, mut shutdown: watch::Receiver<bool>) -> io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    let handle = runtime.handle().clone();
    let private = Private(Some(runtime));
    let (lines, _) = broadcast::channel(CAPACITY);
    let mut clients: Vec<tokio::task::JoinHandle<()>> = Vec::new();
    let mut next_id = 0;
    loop {
        tokio::select! {
            () = stopped(&mut shutdown) => break,
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                // Handed over to the private runtime: a std stream (still non-blocking),
                // registered again over there.
                let Ok(stream) = stream.into_std() else { continue };
                next_id += 1;
                clients.retain(|task| !task.is_finished());
                clients.push(handle.spawn(client(stream, next_id, lines.clone(), shutdown.clone())));
            }
        }
    }
    drop(listener);
    for task in clients {
        let _ = task.await;
    }
    drop(private);
    Ok(())
}

/// Resolves once the shutdown flag is `true` (or its sender is gone).
async fn stopped(shutdown: &mut watch::Receiver<bool>) {
    let _ = shutdown.wait_for(|&stop| stop).await;
}

/// One client's task, on the private runtime.
async fn client(
    stream: std::net::TcpStream,
    id: usize,
    lines: broadcast::Sender<Message>,
    mut shutdown: watch::Receiver<bool>,
) {
    let Ok(stream) = TcpStream::from_std(stream) else {
        return;
    };
    let (reader, mut writer) = stream.into_split();
    let mut reader = BufReader::new(reader).lines();
    let name = tokio::select! {
        () = stopped(&mut shutdown) => None,
        first = reader.next_line() => first.ok().flatten(),
    };
    let Some(name) = name else {
        let _ = writer.write_all(format!("{GOODBYE}\n").as_bytes()).await;
        return;
    };
    let mut inbox = lines.subscribe();
    if writer
        .write_all(format!("welcome {name}\n").as_bytes())
        .await
        .is_err()
    {
        return;
    }
    // Once the client has nothing more to say, stop reading it; it may still be listening.
    let mut reading = true;
    loop {
        tokio::select! {
            () = stopped(&mut shutdown) => {
                let _ = writer.write_all(format!("{GOODBYE}\n").as_bytes()).await;
                break;
            }
            read = reader.next_line(), if reading => match read {
                Ok(Some(text)) => {
                    let line = format!("{name}: {text}\n").into();
                    let _ = lines.send(Message { from: id, line });
                }
                Ok(None) => reading = false,
                Err(_) => break,
            },
            received = inbox.recv() => match received {
                Ok(message) if message.from == id => {}
                Ok(message) => {
                    if writer.write_all(message.line.as_bytes()).await.is_err() {
                        break;
                    }
                }
                Err(RecvError::Lagged(_)) => {}
                Err(RecvError::Closed) => break,
            },
        }
    }
}
