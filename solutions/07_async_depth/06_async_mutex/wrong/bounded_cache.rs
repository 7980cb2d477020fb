//! My cache keeps at most 16 files, like functools.lru_cache(maxsize=16): when it is full,
//! the oldest file goes to make room for the new one.
use std::collections::HashMap;
use std::future::Future;
use toolkit::io::Downloader;

/// Downloaded files, shared by every task that asks for one.
#[derive(Debug, Default)]
pub struct Cache {
    // A std Mutex: every critical section below is a look-up or an insert, with no .await.
    files: std::sync::Mutex<HashMap<String, String>>,
    /// The cached names, oldest first.
    order: std::sync::Mutex<Vec<String>>,
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
        let mut files = self.files.lock().unwrap();
        // Keep the cache small: at most 16 files, the oldest one goes first.
        if files.len() >= 16 {
            let mut order = self.order.lock().unwrap();
            if let Some(oldest) = order.first().cloned() {
                order.remove(0);
                files.remove(&oldest);
            }
        }
        files.insert(name.to_owned(), contents.clone());
        self.order.lock().unwrap().push(name.to_owned());
        contents
    }

    /// How many files are cached.
    pub fn len(&self) -> usize {
        self.files.lock().unwrap().len()
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
