//! A std guard must not cross an .await, so for each request I take the connection out of its
//! std Mutex and put it back afterwards; a static tokio Mutex says whose turn it is, so nobody
//! finds the connection gone. The request's future is Send.

use std::collections::HashMap;
use std::future::Future;
use toolkit::io::Downloader;

/// Downloaded files, shared by every task that asks for one.
#[derive(Debug, Default)]
pub struct Cache {
    // A std Mutex: every critical section below is a look-up or an insert, with no .await.
    files: std::sync::Mutex<HashMap<String, String>>,
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
    // A std Mutex, never held across an .await: the connection is taken out for a request and
    // put back after it.
    connection: std::sync::Mutex<Option<C>>,
}

/// Whose turn it is to use a connection: one request at a time.
static TURN: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

impl<C: Connection> Shared<C> {
    /// Shares `connection`.
    pub fn new(connection: C) -> Self {
        Self {
            connection: std::sync::Mutex::new(Some(connection)),
        }
    }

    /// Sends `request` and returns its answer; the connection is this request's alone from
    /// the send to the answer.
    pub async fn request(&self, request: &str) -> String {
        let _turn = TURN.lock().await;
        let mut connection = self
            .connection
            .lock()
            .unwrap()
            .take()
            .expect("the connection is back after every request");
        connection.send(request).await;
        let answer = connection.receive().await;
        *self.connection.lock().unwrap() = Some(connection);
        answer
    }
}
