//! Simulated I/O: a "download" is a wait, exactly like the tutorial's `time.sleep(2)`.
//!
//! Two flavours, because Rust makes you choose, and one naming rule for the whole course:
//! **a function that parks its thread while it waits ends in `_blocking`; an `async fn` has
//! no suffix — you `.await` it.**
//! - [`download_blocking`] parks the calling **thread** (`std::thread::sleep`). Other threads
//!   keep running; other async tasks on the same thread do not.
//! - [`download`] is a **future** (`tokio::time::sleep`). Awaiting it hands the thread back to
//!   the runtime, which runs other tasks meanwhile — asyncio's "pause".
//!
//! Durations are taken as given; demos pass them through [`crate::scale::scaled_secs`] so
//! that `COURSE_TIME_SCALE` can shrink them. A [`Downloader`] does the same waits and also
//! records each one into a [`Timeline`] as evidence, which is how exercise tests see *how*
//! your code ran.

use crate::Timeline;
use crate::exits::ThreadExits;
use crate::timeline::Source;
use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasher, RandomState};
use std::sync::Arc;
use std::time::Duration;

/// What a simulated download of `name` returns: deterministic, so tests can check it.
pub fn content(name: &str) -> String {
    format!("contents of {name}")
}

/// Blocks this thread for `duration`, then returns the file's [`content`].
pub fn download_blocking(name: &str, duration: Duration) -> String {
    std::thread::sleep(duration);
    content(name)
}

/// Waits `duration` without blocking the thread, then returns the file's [`content`].
pub async fn download(name: &str, duration: Duration) -> String {
    tokio::time::sleep(duration).await;
    content(name)
}

/// Simulated downloads that record themselves: each call becomes a span named after the
/// file, marked as evidence ([`crate::timeline::Source::Download`]). Cheap to clone; every
/// clone records into the same timeline.
///
/// A test may make some files slower than others ([`Downloader::with_duration`]); the code
/// under test cannot ask how long a file will take, so it cannot fake an order of finishing:
/// it has to really wait and see.
///
/// A test that checks *what* came back, not only how, seals it ([`Downloader::sealed`]): the
/// contents are then ones only a download by this Downloader produces, and the test holds the
/// [`AnswerKey`] that says what each should be.
#[derive(Clone)]
pub struct Downloader {
    timeline: Timeline,
    duration: Duration,
    slower: Arc<HashMap<String, Duration>>,
    /// `Some` once sealed: the key that makes each file's contents this Downloader's own.
    seal: Option<Arc<RandomState>>,
    /// `Some` when the test watches the threads that download end ([`Downloader::watch_thread_exits`]).
    exits: Option<ThreadExits>,
}

/// Opaque on purpose: a derived `Debug` printed every file's duration and the test's
/// thread-exit watcher, which code under test could read (`format!("{downloader:?}")`) to
/// fake an order of finishing, or to join its threads only when a test watches them.
impl fmt::Debug for Downloader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Downloader").finish_non_exhaustive()
    }
}

/// What each file of a sealed [`Downloader`] contains, for the test that sealed it: the code
/// under test only ever holds the Downloader, which has no way to say what a file contains
/// without downloading it.
#[derive(Debug, Clone)]
pub struct AnswerKey {
    seal: Arc<RandomState>,
}

impl AnswerKey {
    /// What a download of `name` by the sealed Downloader returns.
    pub fn content(&self, name: &str) -> String {
        sealed_content(&self.seal, name)
    }
}

/// [`content`], plus a tag that depends on the file and on a random key: 64 bits of SipHash,
/// keyed per sealed Downloader, which code that only sees other files' tags cannot compute.
fn sealed_content(seal: &RandomState, name: &str) -> String {
    format!("{} #{:016x}", content(name), seal.hash_one(name))
}

impl Downloader {
    /// Downloads that each take `duration` and are recorded into `timeline`.
    pub fn new(timeline: &Timeline, duration: Duration) -> Self {
        Self {
            timeline: timeline.clone(),
            duration,
            slower: Arc::default(),
            seal: None,
            exits: None,
        }
    }

    /// The same downloader, and a [`ThreadExits`] that every thread doing a blocking download
    /// with it joins: each such thread takes `linger` to end, and the test can ask, right after
    /// the call, which have not ended (were not joined). Only while the Downloader is being set
    /// up, like [`Downloader::with_duration`].
    pub fn watch_thread_exits(mut self, linger: Duration) -> (Self, ThreadExits) {
        self.expect_being_set_up("watch_thread_exits", "which threads it watches");
        assert!(
            self.exits.is_none(),
            "watch_thread_exits twice on one Downloader"
        );
        let exits = ThreadExits::new(linger);
        self.exits = Some(exits.clone());
        (self, exits)
    }

    /// The same downloader, with contents only its own downloads produce, and the test's
    /// [`AnswerKey`] to them. Without it every file's contents are the public [`content`], so
    /// code under test could return a file's text without downloading it or keeping a copy
    /// (a cache that makes its hits up). Like [`Downloader::with_duration`], only while the
    /// Downloader is being set up: on one that was handed out it panics, naming the forgery.
    pub fn sealed(mut self) -> (Self, AnswerKey) {
        self.expect_being_set_up("sealed", "what each file contains");
        assert!(self.seal.is_none(), "sealed twice on one Downloader");
        let seal = Arc::new(RandomState::new());
        self.seal = Some(Arc::clone(&seal));
        (self, AnswerKey { seal })
    }

    /// What a download of `name` returns: [`content`], or the sealed contents.
    fn content_of(&self, name: &str) -> String {
        match &self.seal {
            Some(seal) => sealed_content(seal, name),
            None => content(name),
        }
    }

    /// The same downloader, but the file `name` takes `duration` instead. Only while the
    /// Downloader is being set up: once it has been cloned (handed out), the durations are
    /// the test's, and changing them on a copy would record made-up, shorter downloads on
    /// the same timeline — so that panics, naming the forgery.
    pub fn with_duration(mut self, name: &str, duration: Duration) -> Self {
        self.expect_being_set_up("with_duration", "how long each file takes");
        Arc::make_mut(&mut self.slower).insert(name.to_owned(), duration);
        self
    }

    /// Panics, naming the forgery, when `method` is called on a Downloader that has been
    /// cloned (handed out to the code under test): only the test that made it sets it up.
    #[track_caller]
    fn expect_being_set_up(&self, method: &str, what_the_test_decides: &str) {
        assert!(
            Arc::strong_count(&self.slower) == 1,
            "{method} on a Downloader that was handed out: the test decides \
             {what_the_test_decides}. Download with the Downloader you were given, as it is"
        );
    }

    fn duration_of(&self, name: &str) -> Duration {
        self.slower.get(name).copied().unwrap_or(self.duration)
    }

    /// A blocking download (for threads): parks this thread, recorded as a span.
    pub fn download_blocking(&self, name: &str) -> String {
        if let Some(exits) = &self.exits {
            exits.mark_current();
        }
        let wait = self.duration_of(name);
        self.timeline.record_as(Source::Download, name, || {
            std::thread::sleep(wait);
            self.content_of(name)
        })
    }

    /// An async download (for tokio): awaits without blocking the thread, recorded as a span.
    pub async fn download(&self, name: &str) -> String {
        let wait = self.duration_of(name);
        let waited = async {
            tokio::time::sleep(wait).await;
            self.content_of(name)
        };
        self.timeline
            .record_async_as(Source::Download, name, waited)
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocking_download_records_a_span_of_its_duration() {
        let timeline = Timeline::new();
        let d = Downloader::new(&timeline, Duration::from_millis(20))
            .with_duration("slow", Duration::from_millis(60));
        assert_eq!(d.download_blocking("A"), "contents of A");
        assert_eq!(d.download_blocking("slow"), "contents of slow");
        let spans = timeline.query();
        assert_eq!(spans.start_order(), ["A", "slow"]);
        assert!(spans.span("A").unwrap().duration() >= Duration::from_millis(20));
        assert!(spans.span("slow").unwrap().duration() >= Duration::from_millis(60));
    }

    #[test]
    #[should_panic(expected = "with_duration on a Downloader that was handed out")]
    fn a_handed_out_downloader_cannot_be_made_faster() {
        let given = Downloader::new(&Timeline::new(), Duration::from_secs(2));
        let _instant = given.clone().with_duration("A", Duration::ZERO);
    }

    #[test]
    fn sealed_contents_come_only_from_a_download_and_match_the_key() {
        let timeline = Timeline::new();
        let (d, key) = Downloader::new(&timeline, Duration::ZERO).sealed();
        let a = d.clone().download_blocking("A");
        assert_eq!(a, key.content("A"));
        assert_ne!(a, content("A"), "sealed contents are not the public ones");
        assert_ne!(
            key.content("A"),
            key.content("B"),
            "each file has its own tag"
        );
        let (_, other) = Downloader::new(&timeline, Duration::ZERO).sealed();
        assert_ne!(
            other.content("A"),
            a,
            "each sealed Downloader has its own contents"
        );
    }

    #[test]
    #[should_panic(expected = "sealed on a Downloader that was handed out")]
    fn a_handed_out_downloader_cannot_be_resealed() {
        let (given, _key) = Downloader::new(&Timeline::new(), Duration::ZERO).sealed();
        let _copy = given.clone();
        let _mine = given.sealed();
    }

    #[tokio::test(start_paused = true)]
    async fn async_downloads_gathered_take_one_duration_exactly() {
        let timeline = Timeline::tokio();
        let d = Downloader::new(&timeline, Duration::from_secs(2));
        let (a, b) = tokio::join!(d.download("A"), d.download("B"));
        assert_eq!((a.as_str(), b.as_str()), ("contents of A", "contents of B"));
        assert_eq!(timeline.query().total(), Duration::from_secs(2));
        assert!(timeline.query().all_overlap());
    }
}
