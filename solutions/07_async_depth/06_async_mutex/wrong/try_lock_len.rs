//! Mistake: the cache's map is behind a tokio Mutex (held only for the look-up and the insert), and since blocking_lock() panics in async code, len() uses try_lock() and answers 0 when the lock is busy: under contention (another task looking a file up on another worker) len() says the cache is empty
//! What it hoped to slip past (review round 7): every test runs on a one-thread runtime and nothing holds the cache's lock across an .await here, so whenever len() runs nobody holds the lock and try_lock always succeeds: the "busy" answer is never reached
//!
//! async_mutex — std::sync::Mutex or tokio::sync::Mutex?

use std::collections::HashMap;
use std::future::Future;
use toolkit::io::Downloader;

/// Downloaded files, shared by every task that asks for one.
#[derive(Debug, Default)]
pub struct Cache {
    files: tokio::sync::Mutex<HashMap<String, String>>,
}

impl Cache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// The contents of `name`: from the cache, or downloaded with `downloader` (and kept) the
    /// first time. Downloads of different files run at the same time.
    pub async fn get(&self, downloader: &Downloader, name: &str) -> String {
        let cached = self.files.lock().await.get(name).cloned();
        if let Some(contents) = cached {
            return contents;
        }
        let contents = downloader.download(name).await;
        self.files
            .lock()
            .await
            .insert(name.to_owned(), contents.clone());
        contents
    }

    /// How many files are cached.
    pub fn len(&self) -> usize {
        // blocking_lock() panics on the runtime's thread; try_lock does not wait at all.
        self.files.try_lock().map(|files| files.len()).unwrap_or(0)
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
