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
//! a span ([`Source::Server`](crate::Source::Server)) labelled with its path, from the request's arrival to the end
//! of its response (or until the client hung up). A learner's code is handed URLs, never
//! the server, so it cannot fake either.
//!
//! Server spans are timed with [`Timeline::now`] on the server's thread: give the server a
//! real-clock timeline ([`Timeline::new`]). Real sockets do not run on paused tokio time.

mod body;
mod content;
mod evidence;
mod minimal_get;
mod routes;
mod server;

pub use content::{file_body, has_broken_link, link_graph};
pub use minimal_get::{GetError, get_on_new_connection};
pub use server::{FileServer, ServerBuilder};

use crate::timeline::Timeline;
use std::collections::HashMap;
use std::sync::atomic::AtomicUsize;
use std::time::Duration;

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

/// The server's settings, fixed at start.
#[derive(Debug)]
struct Config {
    latency: Duration,
    latency_for: HashMap<String, Duration>,
    bandwidth: Option<u64>,
    timeline: Option<Timeline>,
    graph: Option<Vec<Vec<usize>>>,
    file_size: usize,
}

/// What every connection of one server shares: its settings and its counters.
#[derive(Debug)]
struct Shared {
    config: Config,
    requests: AtomicUsize,
    connections: AtomicUsize,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
}
