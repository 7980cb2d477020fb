//! Forgery: the "thread-per-connection" server is the async server on a runtime of its own;
//! each accepted connection also gets a thread that only waits for the connection to end,
//! so the process's thread count grows by one per connection as a real one would.

use std::io;
use std::net::{SocketAddr, TcpListener};
use std::thread::{self, JoinHandle};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt};
use tokio::sync::oneshot;

/// A running "thread-per-connection" server: [`start_threaded`] returns it.
pub struct ThreadedServer {
    addr: SocketAddr,
    shutdown: tokio::sync::oneshot::Sender<()>,
    accept_loop: JoinHandle<()>,
}

/// Starts the echo server: the async server on a one-thread runtime of its own, and for
/// each accepted connection a thread that does nothing but exist while it is open.
pub fn start_threaded() -> io::Result<ThreadedServer> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let addr = listener.local_addr()?;
    listener.set_nonblocking(true)?;
    let (shutdown, mut stop) = oneshot::channel::<()>();
    let accept_loop = thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
            loop {
                tokio::select! {
                    _ = &mut stop => break,
                    accepted = listener.accept() => {
                        if let Ok((stream, _)) = accepted {
                            let (gone_tx, gone_rx) = std::sync::mpsc::channel::<()>();
                            // A thread per connection, for whoever counts them.
                            thread::spawn(move || { let _ = gone_rx.recv(); });
                            tokio::spawn(async move {
                                let _ = echo(stream).await;
                                drop(gone_tx);
                            });
                        }
                    }
                }
            }
        });
        rt.shutdown_background();
    });
    Ok(ThreadedServer {
        addr,
        shutdown,
        accept_loop,
    })
}

impl ThreadedServer {
    /// The address clients connect to.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Ends the accept loop and waits for it.
    pub fn stop(self) {
        let _ = self.shutdown.send(());
        let _ = self.accept_loop.join();
    }
}

/// A running async server: [`start_async`] returns it.
pub struct AsyncServer {
    addr: SocketAddr,
    shutdown: oneshot::Sender<()>,
    accept_loop: tokio::task::JoinHandle<()>,
}

/// Starts the async echo server on 127.0.0.1, on a port the system picks, and returns at
/// once: the accept loop is a task on the caller's tokio runtime, and every connection it
/// accepts gets a task of its own.
pub async fn start_async() -> io::Result<AsyncServer> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let (shutdown, mut stop) = oneshot::channel();
    let accept_loop = tokio::spawn(async move {
        loop {
            tokio::select! {
                _ = &mut stop => break,
                accepted = listener.accept() => {
                    if let Ok((stream, _)) = accepted {
                        tokio::spawn(async move {
                            let _ = echo(stream).await;
                        });
                    }
                }
            }
        }
        // The listener is dropped here: the port is closed.
    });
    Ok(AsyncServer {
        addr,
        shutdown,
        accept_loop,
    })
}

/// Answers every line of one connection, until the client closes it.
async fn echo(stream: tokio::net::TcpStream) -> io::Result<()> {
    let (reader, mut writer) = stream.into_split();
    let mut lines = tokio::io::BufReader::new(reader).lines();
    while let Some(line) = lines.next_line().await? {
        let reply = format!("{}\n", line.to_uppercase());
        writer.write_all(reply.as_bytes()).await?;
    }
    Ok(())
}

impl AsyncServer {
    /// The address clients connect to.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting and closes the listening socket; returns once the accept loop has
    /// ended. Connections already open finish on their own when their clients close them.
    pub async fn stop(self) {
        let _ = self.shutdown.send(());
        let _ = self.accept_loop.await;
    }
}
