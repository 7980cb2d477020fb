//! WRONG mistake: keeps the files behind a tokio Mutex ("async code, async lock") and makes the sync len() wait with futures::executor::block_on, parking a runtime thread
//! GAP: the cross-thread test asks len() from a plain thread, where block_on works; only len() called inside a task while the lock is held elsewhere on that runtime stalls
use std::collections::HashMap;
use std::future::Future;
use toolkit::io::Downloader;

/// Downloaded files, shared by every task that asks for one.
#[derive(Debug, Default)]
pub struct Cache {
    // A std Mutex: every critical section below is a look-up or an insert, with no .await.
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
        // The guard lives only inside this block: it is dropped before the .await below.
        if let Some(contents) = self.files.lock().await.get(name) {
            return contents.clone();
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
        // len() is sync: wait for the async lock on this thread.
        futures::executor::block_on(self.files.lock()).len()
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
