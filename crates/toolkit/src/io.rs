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
use crate::timeline::Source;
use std::collections::HashMap;
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
#[derive(Debug, Clone)]
pub struct Downloader {
    timeline: Timeline,
    duration: Duration,
    slower: Arc<HashMap<String, Duration>>,
}

impl Downloader {
    /// Downloads that each take `duration` and are recorded into `timeline`.
    pub fn new(timeline: &Timeline, duration: Duration) -> Self {
        Self {
            timeline: timeline.clone(),
            duration,
            slower: Arc::default(),
        }
    }

    /// The same downloader, but the file `name` takes `duration` instead. Only while the
    /// Downloader is being set up: once it has been cloned (handed out), the durations are
    /// the test's, and changing them on a copy would record made-up, shorter downloads on
    /// the same timeline — so that panics, naming the forgery.
    pub fn with_duration(mut self, name: &str, duration: Duration) -> Self {
        assert!(
            Arc::strong_count(&self.slower) == 1,
            "with_duration on a Downloader that was handed out: the test decides how long each \
             file takes. Download with the Downloader you were given, as it is"
        );
        Arc::make_mut(&mut self.slower).insert(name.to_owned(), duration);
        self
    }

    fn duration_of(&self, name: &str) -> Duration {
        self.slower.get(name).copied().unwrap_or(self.duration)
    }

    /// A blocking download (for threads): parks this thread, recorded as a span.
    pub fn download_blocking(&self, name: &str) -> String {
        let wait = self.duration_of(name);
        self.timeline
            .record_as(Source::Download, name, || download_blocking(name, wait))
    }

    /// An async download (for tokio): awaits without blocking the thread, recorded as a span.
    pub async fn download(&self, name: &str) -> String {
        let wait = self.duration_of(name);
        self.timeline
            .record_async_as(Source::Download, name, download(name, wait))
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
