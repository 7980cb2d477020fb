//! # chat_server — every line to every other client, and a clean shutdown
//!
//! The protocol: a client's first line is its name; the server answers `welcome NAME`. Every
//! later line `text` reaches every OTHER client as `NAME: text`. On shutdown every client is
//! told `server: shutting down` and its connection closed. The Python version:
//!
//! ```python
//! writers = set()
//!
//! async def handle(reader, writer):
//!     name = (await reader.readline()).decode().strip()
//!     writers.add(writer); writer.write(f"welcome {name}\n".encode())
//!     while line := await reader.readline():
//!         for other in writers - {writer}:
//!             other.write(f"{name}: ".encode() + line)
//!     writers.discard(writer)
//!
//! server = await asyncio.start_server(handle, "127.0.0.1", 0)
//! ```
//!
//! Your task: write [`serve`], with a task per client and a broadcast channel. See README.md.

use std::io;
use tokio::net::TcpListener;
use tokio::sync::watch;

/// The line every client gets when the server shuts down, just before its connection closes.
pub const GOODBYE: &str = "server: shutting down";

/// Serves the chat on `listener` until `shutdown` turns `true`; then stops accepting, tells
/// every client [`GOODBYE`], closes every connection, and returns once every task it started
/// has finished.
// TODO: remove this `allow` once you use the parameters.
#[allow(unused_variables)]
pub async fn serve(listener: TcpListener, shutdown: watch::Receiver<bool>) -> io::Result<()> {
    // TODO: a tokio::sync::broadcast channel for the lines, a JoinSet for the client tasks;
    // loop { tokio::select! { shutdown → break, listener.accept() → spawn a client task } },
    // then drop the listener and wait for every task. A client task reads the name, subscribes,
    // answers `welcome NAME`, then selects between its client's next line (send it on the
    // channel, tagged with who sent it), the channel's next message (write it, unless it is
    // its own) and the shutdown signal (write GOODBYE, return).
    todo!("accept clients until shutdown, a task per client, one broadcast channel")
}
