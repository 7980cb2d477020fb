//! Starting and stopping the server: its builder, its thread and runtime, the accept loop.

use super::routes::respond;
use super::*;
use crate::timeline::Timeline;
use hyper::Request;
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use std::collections::HashMap;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;
use tokio::sync::oneshot;

/// Connections the kernel may hold for us before we accept them (see `start`).
const BACKLOG: u32 = 16_384;

/// Sets up a [`FileServer`]: latencies, bandwidth, the timeline for its spans, the link graph.
#[derive(Debug, Clone, Default)]
#[must_use = "a builder does nothing until `.start()`"]
pub struct ServerBuilder {
    latency: Duration,
    latency_for: HashMap<String, Duration>,
    bandwidth: Option<u64>,
    timeline: Option<Timeline>,
    graph: Option<(usize, usize, u64)>,
    file_size: Option<usize>,
    port: u16,
}

impl ServerBuilder {
    /// How long the server waits before answering each request (default: no wait). This is
    /// the "download time" of lesson 5: the server sleeps, the client's socket waits.
    pub fn latency(mut self, d: Duration) -> Self {
        self.latency = d;
        self
    }

    /// A different latency for one path, e.g. `"/files/C"` (the query string is ignored when
    /// matching): a slow file makes finishing orders differ from starting orders.
    pub fn latency_for(mut self, path: &str, d: Duration) -> Self {
        self.latency_for.insert(path.to_owned(), d);
        self
    }

    /// Limits each response body to `bytes_per_sec` (sent in small paced chunks). Zero is
    /// refused by [`ServerBuilder::start`].
    pub fn bandwidth(mut self, bytes_per_sec: u64) -> Self {
        self.bandwidth = Some(bytes_per_sec);
        self
    }

    /// Records one span per request on `t` ([`Source::Server`](crate::Source::Server)): label = the path, from the
    /// request's arrival to the end of its response; the runner names the connection
    /// (`conn 3`, pid = this process).
    pub fn timeline(mut self, t: &Timeline) -> Self {
        self.timeline = Some(t.clone());
        self
    }

    /// Serves the pages of [`link_graph`]`(pages, links_per_page, seed)` under `/pages/N`.
    /// Without it, `/pages/*` answers 404.
    pub fn link_graph(mut self, pages: usize, links_per_page: usize, seed: u64) -> Self {
        self.graph = Some((pages, links_per_page, seed));
        self
    }

    /// The size of `/files/NAME` when the URL has no `?size=`, and of the body `/cut`
    /// promises (default [`DEFAULT_FILE_SIZE`]; more than [`MAX_FILE_SIZE`] is refused by
    /// [`ServerBuilder::start`]).
    pub fn file_size(mut self, bytes: usize) -> Self {
        self.file_size = Some(bytes);
        self
    }

    /// Listens on this port of `127.0.0.1` rather than one the OS picks (0, the default,
    /// lets the OS pick). Tests keep the default: a fixed port may be taken.
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// Binds `127.0.0.1` (on a port the OS picks, unless [`ServerBuilder::port`] says
    /// otherwise) and starts serving on a thread of its own.
    ///
    /// # Errors
    /// A bandwidth of zero or a file size over [`MAX_FILE_SIZE`] (`InvalidInput`), or what the OS says when the socket, the
    /// runtime or the thread cannot be made (e.g. too many open files).
    pub fn start(self) -> io::Result<FileServer> {
        if self.bandwidth == Some(0) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "bandwidth must be at least 1 byte per second",
            ));
        }
        let file_size = self.file_size.unwrap_or(DEFAULT_FILE_SIZE);
        if file_size > MAX_FILE_SIZE {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("file size {file_size} is over the maximum, {MAX_FILE_SIZE} bytes"),
            ));
        }
        // Bind here, not on the server thread, so a failure is this call's error and the
        // address is known before anyone can ask for it.
        let socket = tokio::net::TcpSocket::new_v4()?;
        // As std's bind does on Unix: a port whose last connections are in TIME_WAIT can be
        // bound again at once (a server restarted on its `--port`).
        socket.set_reuseaddr(true)?;
        socket.bind(SocketAddr::from((Ipv4Addr::LOCALHOST, self.port)))?;
        let addr = socket.local_addr()?;
        // One thread is plenty: every request mostly waits (latency, the client's socket),
        // and a current-thread runtime has no worker threads to join or leak.
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .build()?;
        let graph = self
            .graph
            .map(|(pages, per, seed)| link_graph(pages, per, seed));
        let shared = Arc::new(Shared {
            config: Config {
                latency: self.latency,
                latency_for: self.latency_for,
                bandwidth: self.bandwidth,
                timeline: self.timeline,
                graph,
                file_size,
            },
            requests: AtomicUsize::new(0),
            connections: AtomicUsize::new(0),
            in_flight: AtomicUsize::new(0),
            max_in_flight: AtomicUsize::new(0),
        });
        let (stop, stopped) = oneshot::channel();
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let state = shared.clone();
        let thread = std::thread::Builder::new()
            .name(format!("file-server {addr}"))
            .spawn(move || {
                runtime.block_on(async move {
                    // Registering the socket with the runtime needs the runtime running.
                    // The backlog is the queue of connections the kernel has completed but
                    // we have not accepted yet. std's is 128: with 10,000 clients connecting
                    // at once the queue overflows, the kernel drops their handshakes, and each
                    // client retries a whole second later, which measures TCP's retry timer
                    // instead of the server. The kernel caps it at net.core.somaxconn.
                    match socket.listen(BACKLOG) {
                        Ok(listener) => {
                            let _ = ready_tx.send(Ok(()));
                            accept_loop(listener, state, stopped).await;
                        }
                        Err(e) => {
                            let _ = ready_tx.send(Err(e));
                        }
                    }
                });
                // Dropping the runtime drops every connection task: sockets close, requests
                // waiting on `/hang` or a latency end, and their spans are recorded.
                drop(runtime);
            })?;
        let started = ready_rx.recv().unwrap_or_else(|_| {
            Err(io::Error::other(
                "the file server's thread ended before it started serving",
            ))
        });
        let server = FileServer {
            addr,
            shared,
            stop: Some(stop),
            thread: Some(thread),
        };
        // On error, dropping `server` joins the thread (which has already returned).
        started.map(|()| server)
    }
}

/// A loopback HTTP/1.1 server of deterministic files (see the [module docs](super) for its
/// routes). It runs on its own thread and tokio runtime, and stops when dropped.
#[derive(Debug)]
pub struct FileServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl FileServer {
    /// A builder, to set latencies, bandwidth, a timeline or a link graph before starting.
    pub fn builder() -> ServerBuilder {
        ServerBuilder::default()
    }

    /// Starts a server with no latency, no bandwidth limit and no timeline:
    /// `FileServer::builder().start()`.
    ///
    /// # Errors
    /// As [`ServerBuilder::start`].
    pub fn start() -> io::Result<FileServer> {
        Self::builder().start()
    }

    /// The address it listens on: `127.0.0.1` and the port the OS picked.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The URL of `path` on this server: `url("/hang")` is `http://127.0.0.1:PORT/hang`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// The URL of the file `name`: `url("/files/{name}")`.
    pub fn file_url(&self, name: &str) -> String {
        self.url(&format!("/files/{name}"))
    }

    /// What the server has seen so far.
    pub fn stats(&self) -> ServerStats {
        ServerStats {
            requests: self.shared.requests.load(Ordering::SeqCst),
            connections: self.shared.connections.load(Ordering::SeqCst),
            max_in_flight: self.shared.max_in_flight.load(Ordering::SeqCst),
            in_flight: self.shared.in_flight.load(Ordering::SeqCst),
        }
    }
}

impl Drop for FileServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            // An error only means the accept loop has already ended.
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            // The server's code does not panic; if it somehow did, dropping must not panic
            // again (that would abort a test that is already failing).
            let _ = thread.join();
        }
    }
}

async fn accept_loop(
    listener: tokio::net::TcpListener,
    shared: Arc<Shared>,
    mut stop: oneshot::Receiver<()>,
) {
    loop {
        tokio::select! {
            _ = &mut stop => return,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    let id = shared.connections.fetch_add(1, Ordering::SeqCst) + 1;
                    // Small responses should leave at once, not wait for Nagle's timer.
                    let _ = stream.set_nodelay(true);
                    tokio::spawn(serve_connection(stream, id, shared.clone()));
                }
                // Out of file descriptors (or a connection reset before accept): the error
                // repeats at once, so pause instead of spinning; clients already connected
                // go on being served.
                Err(_) => tokio::time::sleep(Duration::from_millis(5)).await,
            },
        }
    }
}

async fn serve_connection(stream: tokio::net::TcpStream, id: usize, shared: Arc<Shared>) {
    let service = service_fn(move |request: Request<Incoming>| {
        let shared = shared.clone();
        async move { Ok::<_, std::convert::Infallible>(respond(request, id, shared).await) }
    });
    // Errors here are the client's doing or `/cut`'s (a reset, a half-sent body): nothing
    // for the server to report, and the connection is over either way.
    let _ = hyper::server::conn::http1::Builder::new()
        .serve_connection(TokioIo::new(stream), service)
        .await;
}
