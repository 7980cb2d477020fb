//! WRONG mistake: each connection's thread sets a 30 s read timeout "so that a dead client cannot hold a thread for ever", and the timeout error ends the `lines()` loop: a client that is quiet for 30 s is disconnected
//! GAP: no test leaves a connection idle for more than a few seconds (every test ends within the 10 s watchdog), so the server's hanging up on an idle client is never seen; the protocol says "until the client closes the connection"
//!
//! `line?` turns the WouldBlock/TimedOut of the read timeout into the end of the handler,
//! which drops the stream: the connection closes under a client that is still there, only
//! idle (a chat client, a terminal left open). While waiting, the thread is blocked in
//! recvfrom on its client's socket like the reference's, so the thread checks see nothing.

use std::io::{self, BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::{self, JoinHandle};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt};
use tokio::sync::oneshot;

/// How long a connection may stay silent before the server gives up on it.
const IDLE: Duration = Duration::from_secs(30);

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
    let accept_loop = thread::spawn(move || {
        for stream in listener.incoming() {
            if flag.load(Ordering::SeqCst) {
                break;
            }
            if let Ok(stream) = stream {
                thread::spawn(move || {
                    let _ = echo_blocking(stream);
                });
            }
        }
    });
    Ok(ThreadedServer {
        addr,
        stopping,
        accept_loop,
    })
}

/// Answers every line of one connection, until the client closes it (or stays silent for
/// longer than `IDLE`).
fn echo_blocking(stream: TcpStream) -> io::Result<()> {
    // A client that never sends again must not keep this thread for ever.
    stream.set_read_timeout(Some(IDLE))?;
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
