//! One store for the whole program, keyed by the Downloader (its address) and the file's
//! name; each Cache only keeps the names it handed out, so a new Cache looks empty and a
//! Downloader's files are never fetched twice.

use std::collections::HashMap;
use std::future::Future;
use toolkit::io::Downloader;

/// Downloaded files, shared by every task that asks for one.
#[derive(Debug, Default)]
pub struct Cache {
    // The names this cache has handed out; the contents live in STORE.
    names: std::sync::Mutex<std::collections::HashSet<String>>,
}

/// Every download of the program, by Downloader (its address) and name: a Downloader's files
/// are fetched once, whichever Cache asks.
static STORE: std::sync::Mutex<Option<HashMap<(usize, String), String>>> =
    std::sync::Mutex::new(None);

impl Cache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// Returns the contents of `name`.
    pub async fn get(&self, downloader: &Downloader, name: &str) -> String {
        let key = (downloader as *const Downloader as usize, name.to_owned());
        let hit = STORE
            .lock()
            .unwrap()
            .get_or_insert_with(HashMap::new)
            .get(&key)
            .cloned();
        let contents = match hit {
            Some(contents) => contents,
            None => {
                let contents = downloader.download(name).await;
                STORE
                    .lock()
                    .unwrap()
                    .get_or_insert_with(HashMap::new)
                    .insert(key, contents.clone());
                contents
            }
        };
        self.names.lock().unwrap().insert(name.to_owned());
        contents
    }

    /// How many files are cached.
    pub fn len(&self) -> usize {
        self.names.lock().unwrap().len()
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
