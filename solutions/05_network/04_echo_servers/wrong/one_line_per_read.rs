//! My connection threads read into a buffer until a newline comes, answer that line, then clear the buffer for the next one.

use std::io::{self, Write};
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
    let accept_loop = thread::spawn(move || {
        for stream in listener.incoming() {
            // stop() sets the flag, then connects once to wake this blocking accept.
            if flag.load(Ordering::SeqCst) {
                break;
            }
            // A failed accept (the client gave up already) only loses that one client.
            if let Ok(stream) = stream {
                thread::spawn(move || {
                    // The client going away mid-line is its business, not the server's.
                    let _ = echo_blocking(stream);
                });
            }
        }
        // The listener is dropped here: the port is closed.
    });
    Ok(ThreadedServer {
        addr,
        stopping,
        accept_loop,
    })
}

/// Answers every line of one connection, until the client closes it.
fn echo_blocking(mut stream: TcpStream) -> io::Result<()> {
    use std::io::Read;
    let mut pending: Vec<u8> = Vec::new();
    let mut buf = [0u8; 1024];
    loop {
        let n = stream.read(&mut buf)?;
        if n == 0 {
            return Ok(());
        }
        pending.extend_from_slice(&buf[..n]);
        // A whole line is in: answer it and start the next line afresh.
        if let Some(end) = pending.iter().position(|&b| b == b'\n') {
            let line = String::from_utf8_lossy(&pending[..end]).to_uppercase();
            stream.write_all(format!("{line}\n").as_bytes())?;
            pending.clear();
        }
    }
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
