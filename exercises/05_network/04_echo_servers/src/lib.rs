//! # echo_servers — one server two ways: a thread per connection, and a task per connection
//!
//! The protocol: a client sends lines; the server answers each line with the same line
//! upper-cased, until the client closes the connection. Python's two classic ways:
//!
//! ```python
//! class Handler(socketserver.StreamRequestHandler):
//!     def handle(self):
//!         for line in self.rfile:                       # one thread per connection
//!             self.wfile.write(line.upper())
//!
//! server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
//!
//! async def handle(reader, writer):                     # one task per connection
//!     while line := await reader.readline():
//!         writer.write(line.upper()); await writer.drain()
//!
//! server = await asyncio.start_server(handle, "127.0.0.1", 0)
//! ```
//!
//! Your task: write both servers, and a `stop` for each. See README.md.

use std::io;
use std::net::SocketAddr;

/// A running thread-per-connection server: [`start_threaded`] returns it.
pub struct ThreadedServer {
    addr: SocketAddr,
    // TODO: what stop() needs to end the accept loop: a flag it can set, the accept
    // thread's JoinHandle.
}

/// Starts the thread-per-connection echo server on 127.0.0.1, on a port the system picks,
/// and returns at once: the accept loop runs on a thread of its own, and every connection it
/// accepts gets a new thread.
pub fn start_threaded() -> io::Result<ThreadedServer> {
    // TODO: bind a std::net::TcpListener to "127.0.0.1:0", read its local_addr(), and spawn
    // the accept loop: `for stream in listener.incoming()`, one thread::spawn per stream,
    // which answers every line (BufReader::lines) with `writeln!(stream, "{}", upper)`.
    todo!("bind, then spawn the accept loop, which spawns a thread per connection")
}

impl ThreadedServer {
    /// The address clients connect to.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting and closes the listening socket; returns once the accept loop has
    /// ended. Connections already open finish on their own when their clients close them.
    pub fn stop(self) {
        // TODO: set the flag, wake the accept loop (it is blocked in accept()), join it.
        todo!("end the accept loop and wait for it")
    }
}

/// A running async server: [`start_async`] returns it.
pub struct AsyncServer {
    addr: SocketAddr,
    // TODO: what stop() needs: the sending half of a tokio::sync::oneshot channel, the
    // accept loop's tokio JoinHandle.
}

/// Starts the async echo server on 127.0.0.1, on a port the system picks, and returns at
/// once: the accept loop is a task on the caller's tokio runtime, and every connection it
/// accepts gets a task of its own.
pub async fn start_async() -> io::Result<AsyncServer> {
    // TODO: bind a tokio::net::TcpListener, then tokio::spawn the accept loop: a
    // tokio::select! between the stop signal and listener.accept(), with a tokio::spawn per
    // connection that answers lines read with AsyncBufReadExt::lines.
    todo!("bind, then spawn the accept loop, which spawns a task per connection")
}

impl AsyncServer {
    /// The address clients connect to.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting and closes the listening socket; returns once the accept loop has
    /// ended. Connections already open finish on their own when their clients close them.
    pub async fn stop(self) {
        // TODO: send the stop signal, then await the accept loop's JoinHandle.
        todo!("end the accept loop and wait for it")
    }
}
