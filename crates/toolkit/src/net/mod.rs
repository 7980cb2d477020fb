//! A loopback HTTP/1.1 file server for lesson 5: real sockets, offline, reproducible.
//!
//! [`FileServer::start`] binds `127.0.0.1` on a port the OS picks and serves on its own
//! thread with its own tokio runtime, so blocking code (threads) and async code (tokio) can
//! both download from it. It stops when dropped: its thread is joined, every connection is
//! closed and the port is free again.
//!
//! ```
//! use toolkit::net::FileServer;
//! use std::io::{Read, Write};
//!
//! let server = FileServer::start().unwrap();
//! let mut conn = std::net::TcpStream::connect(server.addr()).unwrap();
//! conn.write_all(b"GET /files/A?size=5 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
//! let mut reply = String::new();
//! conn.read_to_string(&mut reply).unwrap();
//! assert!(reply.starts_with("HTTP/1.1 200 OK"));
//! assert_eq!(server.stats().requests, 1);
//! ```
//!
//! ## Routes
//! | request | response |
//! |---|---|
//! | `GET /files/NAME[?size=N]` | 200, [`file_body`]`(NAME, N)` (N defaults to [`ServerBuilder::file_size`], else [`DEFAULT_FILE_SIZE`]; at most [`MAX_FILE_SIZE`]) |
//! | `GET /status/CODE` | that status (200 to 599) |
//! | `GET /hang` | nothing, ever: the request waits until the client gives up (test your timeouts) |
//! | `GET /cut` | headers promise the default file size, half is sent, the connection is closed |
//! | `GET /pages/N` | `text/html` page of the link graph ([`ServerBuilder::link_graph`], [`link_graph`]) |
//! | `GET /` | a plain-text index of these routes |
//! | anything else | 404 (another method: 405) |
//!
//! ## What the server saw: evidence
//! [`FileServer::stats`] counts requests, connections and how many requests were in flight
//! at once, as the *server* saw them. With [`ServerBuilder::timeline`], each request is also
//! a span ([`Source::Server`]) labelled with its path, from the request's arrival to the end
//! of its response (or until the client hung up). A learner's code is handed URLs, never
//! the server, so it cannot fake either.
//!
//! Server spans are timed with [`Timeline::now`] on the server's thread: give the server a
//! real-clock timeline ([`Timeline::new`]). Real sockets do not run on paused tokio time.

mod content;

pub use content::{file_body, has_broken_link, link_graph};

use crate::timeline::{Runner, Source, Span, Timeline};
use hyper::body::{Body, Bytes, Frame, Incoming, SizeHint};
use hyper::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderValue};
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use std::collections::HashMap;
use std::io;
use std::net::{Ipv4Addr, SocketAddr, TcpListener as StdListener};
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll, ready};
use std::thread::JoinHandle;
use std::time::Duration;
use tokio::sync::oneshot;

/// The size of `/files/NAME` when the URL gives none, and the size `/cut` promises.
pub const DEFAULT_FILE_SIZE: usize = 1024;

/// The largest `?size=` served (64 MiB): bodies are built in memory, and a typo such as
/// `size=10000000000` should get a 400, not exhaust the machine.
pub const MAX_FILE_SIZE: usize = 64 << 20;

/// The `thread_id` of connection `n`'s runner is `CONNECTION_BASE + n`: far above any real
/// thread's number, so counting threads on a timeline never mixes a connection with a thread.
const CONNECTION_BASE: u64 = 1 << 48;

/// What the server saw, counted by the server itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ServerStats {
    /// Requests that arrived (whatever their answer).
    pub requests: usize,
    /// Connections accepted.
    pub connections: usize,
    /// The most requests in flight at one instant: arrived, and their response not yet sent.
    pub max_in_flight: usize,
    /// Requests in flight right now.
    pub in_flight: usize,
}

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

    /// Records one span per request on `t` ([`Source::Server`]): label = the path, from the
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
        let listener = StdListener::bind((Ipv4Addr::LOCALHOST, self.port))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
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
                    match tokio::net::TcpListener::from_std(listener) {
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

/// A loopback HTTP/1.1 server of deterministic files (see the [module docs](self) for its
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

#[derive(Debug)]
struct Config {
    latency: Duration,
    latency_for: HashMap<String, Duration>,
    bandwidth: Option<u64>,
    timeline: Option<Timeline>,
    graph: Option<Vec<Vec<usize>>>,
    file_size: usize,
}

#[derive(Debug)]
struct Shared {
    config: Config,
    requests: AtomicUsize,
    connections: AtomicUsize,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
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

/// One request, from its arrival to the end of its response: counts it in flight, and
/// records its span when dropped. It travels inside the response body, which hyper drops
/// once the last byte is handed to the socket, or when the client hangs up.
struct InFlight {
    shared: Arc<Shared>,
    label: String,
    connection: usize,
    start: Duration,
}

impl InFlight {
    fn begin(shared: Arc<Shared>, label: String, connection: usize) -> Self {
        shared.requests.fetch_add(1, Ordering::SeqCst);
        let now = shared.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        shared.max_in_flight.fetch_max(now, Ordering::SeqCst);
        let start = shared
            .config
            .timeline
            .as_ref()
            .map_or(Duration::ZERO, Timeline::now);
        InFlight {
            shared,
            label,
            connection,
            start,
        }
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        // Record the span before leaving flight, so a client that sees `in_flight == 0`
        // also sees every span.
        if let Some(timeline) = &self.shared.config.timeline {
            let runner = Runner {
                pid: std::process::id(),
                thread_id: CONNECTION_BASE + self.connection as u64,
                thread_name: Some(format!("conn {}", self.connection)),
                task: None,
            };
            timeline.push(Span::new(
                std::mem::take(&mut self.label),
                self.start,
                timeline.now(),
                runner,
                Source::Server,
            ));
        }
        self.shared.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

async fn respond(
    request: Request<Incoming>,
    connection: usize,
    shared: Arc<Shared>,
) -> Response<Reply> {
    let path = request.uri().path().to_owned();
    let guard = InFlight::begin(shared.clone(), path.clone(), connection);
    let config = &shared.config;
    let latency = config
        .latency_for
        .get(&path)
        .copied()
        .unwrap_or(config.latency);
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    if path == "/hang" && request.method() == Method::GET {
        // Never answered: this request stays in flight until the client hangs up (hyper
        // then drops this future) or the server stops, which is what timeouts are for.
        std::future::pending::<()>().await;
    }
    let route = route(&request, config);
    let mut response = Response::new(Reply {
        data: Bytes::from(route.body),
        cut: route.cut,
        flush: None,
        pace: config.bandwidth.map(Pace::new),
        _guard: guard,
    });
    *response.status_mut() = route.status;
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(route.content_type));
    if let Some(promised) = route.promised {
        headers.insert(CONTENT_LENGTH, HeaderValue::from(promised));
    }
    response
}

/// What a route answers, before latency and pacing.
struct Route {
    status: StatusCode,
    content_type: &'static str,
    body: Vec<u8>,
    /// A `Content-Length` larger than the body (`/cut`), and so a body that ends in an error.
    promised: Option<usize>,
    cut: bool,
}

impl Route {
    fn text(status: StatusCode, text: impl Into<String>) -> Self {
        Route {
            status,
            content_type: "text/plain; charset=utf-8",
            body: text.into().into_bytes(),
            promised: None,
            cut: false,
        }
    }
}

const INDEX: &str = "toolkit::net::FileServer (lesson 5), HTTP/1.1 on 127.0.0.1\n\
GET /files/NAME[?size=N]  N deterministic bytes derived from NAME (N: the server default)\n\
GET /status/CODE          that status code (200-599)\n\
GET /hang                 never answers: for client timeouts\n\
GET /cut                  promises a body, sends half, closes the connection\n\
GET /pages/N              HTML page N of the link graph (when the server has one)\n\
GET /                     this index\n";

fn route(request: &Request<Incoming>, config: &Config) -> Route {
    if request.method() != Method::GET {
        return Route::text(
            StatusCode::METHOD_NOT_ALLOWED,
            format!("{} is not served here: only GET\n", request.method()),
        );
    }
    let path = request.uri().path();
    let query = request.uri().query().unwrap_or("");
    if path == "/" {
        return Route::text(StatusCode::OK, INDEX);
    }
    if path == "/cut" {
        let mut body = file_body("cut", config.file_size);
        body.truncate(config.file_size / 2);
        return Route {
            status: StatusCode::OK,
            content_type: "application/octet-stream",
            body,
            promised: Some(config.file_size),
            cut: true,
        };
    }
    if let Some(name) = path.strip_prefix("/files/") {
        if name.is_empty() || name.contains('/') {
            return Route::text(StatusCode::NOT_FOUND, format!("no file at {path}\n"));
        }
        return match file_size(query, config.file_size) {
            Ok(size) => Route {
                status: StatusCode::OK,
                content_type: "application/octet-stream",
                body: file_body(name, size),
                promised: None,
                cut: false,
            },
            Err(why) => Route::text(StatusCode::BAD_REQUEST, why),
        };
    }
    if let Some(code) = path.strip_prefix("/status/") {
        return match code.parse::<u16>().ok().filter(|c| (200..=599).contains(c)) {
            Some(code) => {
                let status = StatusCode::from_u16(code).unwrap_or(StatusCode::OK);
                Route::text(status, format!("status {code}\n"))
            }
            None => Route::text(
                StatusCode::BAD_REQUEST,
                format!("/status/{code}: the code must be a number from 200 to 599\n"),
            ),
        };
    }
    if let Some(page) = path.strip_prefix("/pages/") {
        let Some(graph) = &config.graph else {
            return Route::text(
                StatusCode::NOT_FOUND,
                "this server has no pages: start it with ServerBuilder::link_graph\n",
            );
        };
        return match page.parse::<usize>().ok().filter(|&n| n < graph.len()) {
            Some(n) => Route {
                status: StatusCode::OK,
                content_type: "text/html; charset=utf-8",
                body: content::page_html(graph, n).into_bytes(),
                promised: None,
                cut: false,
            },
            None => Route::text(StatusCode::NOT_FOUND, format!("no page at {path}\n")),
        };
    }
    Route::text(StatusCode::NOT_FOUND, format!("nothing at {path}\n"))
}

/// `?size=N` from a query string: `default` when absent, an error message for a bad or too
/// large value.
fn file_size(query: &str, default: usize) -> Result<usize, String> {
    let Some(value) = query.split('&').find_map(|pair| pair.strip_prefix("size=")) else {
        return Ok(default);
    };
    match value.parse::<usize>() {
        Ok(n) if n <= MAX_FILE_SIZE => Ok(n),
        _ => Err(format!(
            "size={value}: must be a whole number of bytes from 0 to {MAX_FILE_SIZE}\n"
        )),
    }
}

/// Paces a body to a bandwidth: chunk `k` leaves no earlier than `bytes sent so far / rate`
/// after the first one, so the rate holds over the whole body without drifting.
struct Pace {
    bytes_per_sec: u64,
    chunk: usize,
    started: Option<tokio::time::Instant>,
    sent: u64,
    sleep: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl Pace {
    fn new(bytes_per_sec: u64) -> Self {
        // About 50 chunks a second: smooth enough to measure, few enough wake-ups.
        let chunk = (bytes_per_sec / 50).clamp(1, 64 * 1024) as usize;
        Pace {
            bytes_per_sec,
            chunk,
            started: None,
            sent: 0,
            sleep: None,
        }
    }
}

/// A response body: the bytes, sent whole or paced; for `/cut`, an error after them (hyper
/// then closes the connection short of its `Content-Length`). It carries the request's
/// [`InFlight`] guard, so the request leaves flight when hyper drops the body.
struct Reply {
    data: Bytes,
    cut: bool,
    flush: Option<Pin<Box<tokio::time::Sleep>>>,
    pace: Option<Pace>,
    _guard: InFlight,
}

impl Body for Reply {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        let this = self.get_mut();
        if this.data.is_empty() {
            if !this.cut {
                return Poll::Ready(None);
            }
            // hyper flushes what it has only when the body says "not yet": wait a moment so
            // the first half reaches the client, then fail, which makes hyper close the
            // connection short of its Content-Length.
            let flush = this
                .flush
                .get_or_insert_with(|| Box::pin(tokio::time::sleep(Duration::from_millis(20))));
            ready!(flush.as_mut().poll(cx));
            this.cut = false;
            return Poll::Ready(Some(Err(io::Error::other(
                "/cut: the rest of the body is never sent",
            ))));
        }
        let Some(pace) = &mut this.pace else {
            let all = std::mem::take(&mut this.data);
            return Poll::Ready(Some(Ok(Frame::data(all))));
        };
        if let Some(sleep) = &mut pace.sleep {
            ready!(sleep.as_mut().poll(cx));
            pace.sleep = None;
        }
        let now = tokio::time::Instant::now();
        let started = *pace.started.get_or_insert(now);
        let due = started + Duration::from_secs_f64(pace.sent as f64 / pace.bytes_per_sec as f64);
        if due > now {
            let mut sleep = Box::pin(tokio::time::sleep_until(due));
            if sleep.as_mut().poll(cx).is_pending() {
                pace.sleep = Some(sleep);
                return Poll::Pending;
            }
        }
        let n = pace.chunk.min(this.data.len());
        pace.sent += n as u64;
        Poll::Ready(Some(Ok(Frame::data(this.data.split_to(n)))))
    }

    fn is_end_stream(&self) -> bool {
        self.data.is_empty() && !self.cut
    }

    fn size_hint(&self) -> SizeHint {
        if self.cut {
            SizeHint::default()
        } else {
            SizeHint::with_exact(self.data.len() as u64)
        }
    }
}
