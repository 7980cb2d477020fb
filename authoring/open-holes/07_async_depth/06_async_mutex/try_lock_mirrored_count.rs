//! WRONG forgery: len() never waits: on a busy lock it answers a count mirrored after the last insert (stored outside the lock), so it looks exact while another thread holds the lock
//! GAP: the new cross-thread test only reads len() while hits hold the lock, when the mirror is right; a len() racing an insert (mirror stale) is never asked
use std::collections::HashMap;
use std::future::Future;
use toolkit::io::Downloader;

/// Downloaded files, shared by every task that asks for one.
#[derive(Debug, Default)]
pub struct Cache {
    // A std Mutex: every critical section below is a look-up or an insert, with no .await.
    files: std::sync::Mutex<HashMap<String, String>>,
    count: std::sync::atomic::AtomicUsize,
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
        self.files
            .lock()
            .unwrap()
            .insert(name.to_owned(), contents.clone());
        let now = self.files.lock().unwrap().len();
        self.count.store(now, std::sync::atomic::Ordering::SeqCst);
        contents
    }

    /// How many files are cached.
    pub fn len(&self) -> usize {
        // Never waits: when the lock is busy, answer the count seen after the last insert.
        match self.files.try_lock() {
            Ok(files) => files.len(),
            Err(_) => self.count.load(std::sync::atomic::Ordering::SeqCst),
        }
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
