//! WRONG forgery: the "thread-per-connection" server is a pool capped at 128 threads, grown lazily (a new worker only when a connection finds no idle one) and reused: the 129th client at once is never served
//! GAP: the thread checks look at 0, 1 and 100 clients only (at most 4 new threads before any client, 5 with one, 50+ receiving with 100): a pool grown one worker per waiting connection and capped above 100 is indistinguishable there
//!
//! Up to 128 clients at once it behaves exactly like a thread per connection (each worker
//! blocks in a read on its client's socket, so it counts as a receiver); with more, the
//! newcomers wait in a queue until someone leaves. The corpus's pools of 128 started with the
//! server or at the first client are caught by the thread counts at 0 and 1 client; this one
//! starts its threads as connections arrive, so its counts are the reference's.

use std::collections::VecDeque;
use std::io::{self, BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread::{self, JoinHandle};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt};
use tokio::sync::oneshot;

/// The most workers a server starts: more than any test connects at once.
const MAX_WORKERS: usize = 128;

/// The connections waiting for a worker, and the workers.
#[derive(Default)]
struct Pool {
    queue: VecDeque<TcpStream>,
    workers: usize,
    idle: usize,
    stopped: bool,
}

/// What the accept loop and the workers share.
#[derive(Default)]
struct Shared {
    pool: Mutex<Pool>,
    work: Condvar,
}

/// A running thread-per-connection server: [`start_threaded`] returns it.
pub struct ThreadedServer {
    addr: SocketAddr,
    stopping: Arc<AtomicBool>,
    shared: Arc<Shared>,
    accept_loop: JoinHandle<()>,
}

/// A worker: serves one connection to its end, then takes the next from the queue.
fn worker(shared: Arc<Shared>) {
    loop {
        let stream = {
            let mut pool = shared.pool.lock().unwrap_or_else(PoisonError::into_inner);
            loop {
                if let Some(stream) = pool.queue.pop_front() {
                    break Some(stream);
                }
                if pool.stopped {
                    break None;
                }
                pool.idle += 1;
                pool = shared
                    .work
                    .wait(pool)
                    .unwrap_or_else(PoisonError::into_inner);
                pool.idle -= 1;
            }
        };
        let Some(stream) = stream else {
            let mut pool = shared.pool.lock().unwrap_or_else(PoisonError::into_inner);
            pool.workers -= 1;
            return;
        };
        let _ = echo_blocking(stream);
    }
}

/// Starts the thread-per-connection echo server on 127.0.0.1, on a port the system picks,
/// and returns at once: the accept loop runs on a thread of its own, and every connection it
/// accepts gets a new thread.
pub fn start_threaded() -> io::Result<ThreadedServer> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let addr = listener.local_addr()?;
    let stopping = Arc::new(AtomicBool::new(false));
    let shared = Arc::new(Shared::default());
    let (flag, pool) = (Arc::clone(&stopping), Arc::clone(&shared));
    let accept_loop = thread::spawn(move || {
        for stream in listener.incoming() {
            if flag.load(Ordering::SeqCst) {
                break;
            }
            let Ok(stream) = stream else { continue };
            let mut state = pool.pool.lock().unwrap_or_else(PoisonError::into_inner);
            state.queue.push_back(stream);
            // More connections waiting than idle workers to take them: one more worker, up
            // to the cap.
            if state.queue.len() > state.idle && state.workers < MAX_WORKERS {
                let shared = Arc::clone(&pool);
                if thread::Builder::new()
                    .spawn(move || worker(shared))
                    .is_ok()
                {
                    state.workers += 1;
                }
            }
            drop(state);
            pool.work.notify_one();
        }
    });
    Ok(ThreadedServer {
        addr,
        stopping,
        shared,
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
        let _ = TcpStream::connect(self.addr);
        let _ = self.accept_loop.join();
        // Idle workers leave; busy ones finish their connection, then leave.
        self.shared
            .pool
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .stopped = true;
        self.shared.work.notify_all();
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
