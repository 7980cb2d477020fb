//! # async_mutex — std::sync::Mutex or tokio::sync::Mutex?
//!
//! Two shared things, two locks:
//!
//! - [`Cache`]: a map of downloaded files. Looking up and inserting are short and never wait
//!   on anything, so a **`std::sync::Mutex`** is right — and the download itself must happen
//!   with the lock released, or every other lookup waits for it.
//! - [`Shared`]: one connection to a server that answers one request at a time. A request is
//!   a send *and* a receive, with an `.await` in between; nobody else may use the connection
//!   until the answer is read. The lock must be held across `.await`: a
//!   **`tokio::sync::Mutex`**, whose `lock().await` waits without blocking the thread.
//!
//! Python's asyncio has only the second kind (`asyncio.Lock`): on one thread a plain dict
//! needs no lock at all between two `await`s.
//!
//! ```python
//! cache: dict[str, str] = {}
//! async def get(name):
//!     if name not in cache:                 # no await between the look-up…
//!         data = await download(name)       # …and the download runs unlocked
//!         cache[name] = data
//!     return cache[name]
//!
//! lock = asyncio.Lock()
//! async def request(conn, line):
//!     async with lock:                      # held across both awaits
//!         await conn.send(line)
//!         return await conn.receive()
//! ```
//!
//! Edit this file: fill in `Cache` and `Shared` (see the README).

use std::future::Future;
use toolkit::io::Downloader;

/// Downloaded files, shared by every task that asks for one.
#[derive(Debug, Default)]
pub struct Cache {
    // TODO: the files, name → contents, behind the right kind of Mutex.
}

impl Cache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// The contents of `name`: from the cache, or downloaded with `downloader` (and kept) the
    /// first time. Downloads of different files run at the same time.
    // TODO: remove this `allow` once you use the parameters.
    #[allow(unused_variables)]
    pub async fn get(&self, downloader: &Downloader, name: &str) -> String {
        // TODO: look the file up (lock, get, unlock), download it if missing, insert it.
        todo!("a cache whose lock is never held while downloading")
    }

    /// How many files are cached.
    pub fn len(&self) -> usize {
        todo!("the number of files in the cache")
    }

    /// Whether no file is cached yet.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A connection to a server that answers one request at a time: `send` a request, then
/// `receive` its answer, before anyone sends the next one.
pub trait Connection: Send {
    /// Sends one request.
    fn send(&mut self, request: &str) -> impl Future<Output = ()> + Send;
    /// Reads the answer to the request sent last.
    fn receive(&mut self) -> impl Future<Output = String> + Send;
}

/// One connection shared by many tasks.
#[derive(Debug)]
pub struct Shared<C> {
    // TODO: put the connection behind the right kind of Mutex (and remove this `allow`).
    #[allow(dead_code)]
    connection: C,
}

impl<C: Connection> Shared<C> {
    /// Shares `connection`.
    pub fn new(connection: C) -> Self {
        Self { connection }
    }

    /// Sends `request` and returns its answer; the connection is this request's alone from
    /// the send to the answer.
    // TODO: remove this `allow` once you use the parameters.
    #[allow(unused_variables)]
    pub async fn request(&self, request: &str) -> String {
        // TODO: lock the connection, send, receive, and only then let go of it.
        todo!("one request at a time on the shared connection")
    }
}
