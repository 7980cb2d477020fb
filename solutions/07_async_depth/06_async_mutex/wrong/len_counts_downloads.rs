//! My cache: len() counts the downloads, each of which put a file in the cache.
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
//! Reference solution.

use std::collections::HashMap;
use std::future::Future;
use toolkit::io::Downloader;

/// Downloaded files, shared by every task that asks for one.
#[derive(Debug, Default)]
pub struct Cache {
    // A std Mutex: every critical section below is a look-up or an insert, with no .await.
    files: std::sync::Mutex<HashMap<String, String>>,
    downloads: std::sync::atomic::AtomicUsize,
}

impl Cache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// The contents of `name`: from the cache, or downloaded with `downloader` (and kept) the
    /// first time. Downloads of different files run at the same time.
    pub async fn get(&self, downloader: &Downloader, name: &str) -> String {
        // The guard lives only inside this block: it is dropped before the .await below.
        if let Some(contents) = self.files.lock().unwrap().get(name) {
            return contents.clone();
        }
        let contents = downloader.download(name).await;
        self.downloads.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.files
            .lock()
            .unwrap()
            .insert(name.to_owned(), contents.clone());
        contents
    }

    /// How many files are cached.
    pub fn len(&self) -> usize {
        // Every download put one file in the cache.
        self.downloads.load(std::sync::atomic::Ordering::Relaxed)
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
    // A tokio Mutex: its guard is held across the send's and the receive's .await.
    connection: tokio::sync::Mutex<C>,
}

impl<C: Connection> Shared<C> {
    /// Shares `connection`.
    pub fn new(connection: C) -> Self {
        Self {
            connection: tokio::sync::Mutex::new(connection),
        }
    }

    /// Sends `request` and returns its answer; the connection is this request's alone from
    /// the send to the answer.
    pub async fn request(&self, request: &str) -> String {
        let mut connection = self.connection.lock().await;
        connection.send(request).await;
        connection.receive().await
    }
}
