//! Like the Python version, the cache's dict lives at module level: a static map behind a
//! std Mutex (locked only to look up and to insert), and Cache is just a handle to it.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{LazyLock, Mutex};
use toolkit::io::Downloader;

/// Downloaded files, shared by every task that asks for one.
#[derive(Debug, Default)]
pub struct Cache {}

/// The files, name → contents, at module level, as the Python version keeps its dict.
static FILES: LazyLock<Mutex<HashMap<String, String>>> = LazyLock::new(Mutex::default);

impl Cache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// The contents of `name`: from the cache, or downloaded with `downloader` (and kept) the
    /// first time. Downloads of different files run at the same time.
    pub async fn get(&self, downloader: &Downloader, name: &str) -> String {
        // The guard lives only inside this block: it is dropped before the .await below.
        if let Some(contents) = FILES.lock().unwrap().get(name) {
            return contents.clone();
        }
        let contents = downloader.download(name).await;
        FILES
            .lock()
            .unwrap()
            .insert(name.to_owned(), contents.clone());
        contents
    }

    /// How many files are cached.
    pub fn len(&self) -> usize {
        FILES.lock().unwrap().len()
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
