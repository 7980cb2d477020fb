//! Forgery: the Cache holds no lock and no files, only an id: its files live in a thread_local RefCell<HashMap<(id, name), contents>>, so the std-or-tokio Mutex question is sidestepped; on a multi-thread runtime each worker thread sees its own map (files downloaded again per thread, len() depending on which thread asks), and a dropped Cache's files are never freed
//! What it hoped to slip past (review round 7): every Cache test runs on a one-thread runtime (each test on a fresh thread), so a per-thread map keyed by the cache is indistinguishable from a field behind a std Mutex: downloads overlap, hits come back at 0 s, len() is right, and each Cache has its own files
//!
//! async_mutex — std::sync::Mutex or tokio::sync::Mutex?

use std::cell::RefCell;
use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use toolkit::io::Downloader;

thread_local! {
    /// Every Cache's files on this thread, by (cache id, file name).
    static FILES: RefCell<HashMap<(u64, String), String>> = RefCell::new(HashMap::new());
}

/// The next Cache's id.
static NEXT_ID: AtomicU64 = AtomicU64::new(0);

/// Downloaded files, shared by every task that asks for one.
#[derive(Debug)]
pub struct Cache {
    id: u64,
}

impl Default for Cache {
    fn default() -> Self {
        Self {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
        }
    }
}

impl Cache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// The contents of `name`: from the cache, or downloaded with `downloader` (and kept) the
    /// first time. Downloads of different files run at the same time.
    pub async fn get(&self, downloader: &Downloader, name: &str) -> String {
        let key = (self.id, name.to_owned());
        let cached = FILES.with(|files| files.borrow().get(&key).cloned());
        if let Some(contents) = cached {
            return contents;
        }
        let contents = downloader.download(name).await;
        FILES.with(|files| files.borrow_mut().insert(key, contents.clone()));
        contents
    }

    /// How many files are cached.
    pub fn len(&self) -> usize {
        FILES.with(|files| {
            files
                .borrow()
                .keys()
                .filter(|(id, _)| *id == self.id)
                .count()
        })
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
