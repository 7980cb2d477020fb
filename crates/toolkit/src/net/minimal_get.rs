//! The smallest honest HTTP/1.1 client: one GET on a connection of its own, read to the end.
//!
//! It is what Python's asyncio rows of the C10k experiment write by hand with
//! `asyncio.open_connection`, so that both languages do the same protocol work and what the
//! comparison measures is the concurrency model. A full client (hyper's pooled one, reqwest)
//! keeps a connection task, buffers and a pool entry per request: about 22 KB each at 10,000
//! in flight, measured (docs/measurements.md), which would be the library's cost, not async's.

use std::net::SocketAddr;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// What went wrong with one GET, and at which step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GetError {
    /// The TCP connection could not be opened (refused, no ports left, too many open files).
    Connect(String),
    /// The request could not be written.
    Send(String),
    /// The response could not be read to its end.
    Read(String),
    /// The server answered something other than `200 OK`: the first line it sent.
    Status(String),
}

impl std::fmt::Display for GetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GetError::Connect(e) => write!(f, "connect: {e}"),
            GetError::Send(e) => write!(f, "send: {e}"),
            GetError::Read(e) => write!(f, "read: {e}"),
            GetError::Status(line) => write!(f, "the server answered {line:?}"),
        }
    }
}

impl std::error::Error for GetError {}

/// `GET path` over a new connection to `addr`, with `Connection: close`, read until the server
/// closes it; the response's size in bytes (status line, headers and body).
pub async fn get_on_new_connection(addr: SocketAddr, path: &str) -> Result<usize, GetError> {
    let mut conn = tokio::net::TcpStream::connect(addr)
        .await
        .map_err(|e| GetError::Connect(e.to_string()))?;
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    conn.write_all(request.as_bytes())
        .await
        .map_err(|e| GetError::Send(e.to_string()))?;
    // Room for the default 1 KiB file and its headers: no regrowth in the common case.
    let mut reply = Vec::with_capacity(1300);
    conn.read_to_end(&mut reply)
        .await
        .map_err(|e| GetError::Read(e.to_string()))?;
    if reply.starts_with(b"HTTP/1.1 200") {
        Ok(reply.len())
    } else {
        let first_line = reply.split(|&b| b == b'\n').next().unwrap_or_default();
        Err(GetError::Status(
            String::from_utf8_lossy(first_line).trim_end().to_string(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::FileServer;

    #[tokio::test]
    async fn a_file_comes_back_whole_and_a_missing_page_names_its_status() {
        let server = FileServer::builder().start().expect("start the server");
        let size = get_on_new_connection(server.addr(), "/files/A")
            .await
            .expect("GET /files/A");
        assert!(
            size > 1024,
            "a 1 KiB body and its headers, got {size} bytes"
        );
        let missing = get_on_new_connection(server.addr(), "/nothing-here").await;
        assert!(
            matches!(&missing, Err(GetError::Status(line)) if line.contains("404")),
            "an unknown path answers 404, got {missing:?}"
        );
    }

    #[tokio::test]
    async fn a_closed_port_is_a_connect_error() {
        let addr = FileServer::builder().start().expect("start").addr();
        // The server was dropped at the end of the line above: its port is closed.
        let refused = get_on_new_connection(addr, "/files/A").await;
        assert!(
            matches!(refused, Err(GetError::Connect(_))),
            "got {refused:?}"
        );
    }
}
