//! Simulated I/O: a "download" is a wait, exactly like the tutorial's `time.sleep(2)`.
//!
//! Two flavours, because Rust makes you choose:
//! - [`download_blocking`] parks the calling **thread** (`std::thread::sleep`). Other threads
//!   keep running; other async tasks on the same thread do not.
//! - [`download`] is a **future** (`tokio::time::sleep`). Awaiting it hands the thread back to
//!   the runtime, which runs other tasks meanwhile — asyncio's "pause".
//!
//! Durations are taken as given; demos pass them through [`crate::scale::seconds`] so that
//! `COURSE_TIME_SCALE` can shrink them. A [`Downloader`] does the same waits and also records
//! each one into a [`Timeline`], which is how exercise tests see *how* your code ran.

use crate::Timeline;
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

/// Simulated downloads that record themselves: each call becomes a span named after the file.
/// Cheap to clone; every clone records into the same timeline.
#[derive(Debug, Clone)]
pub struct Downloader {
    timeline: Timeline,
    duration: Duration,
}

impl Downloader {
    /// Downloads that each take `duration` and are recorded into `timeline`.
    pub fn new(timeline: Timeline, duration: Duration) -> Self {
        Self { timeline, duration }
    }

    /// How long each download takes.
    pub fn duration(&self) -> Duration {
        self.duration
    }

    /// The timeline downloads are recorded into.
    pub fn timeline(&self) -> &Timeline {
        &self.timeline
    }

    /// A blocking download (for threads), recorded as a span.
    pub fn download(&self, name: &str) -> String {
        self.timeline
            .record(name, || download_blocking(name, self.duration))
    }

    /// An async download (for tokio), recorded as a span.
    pub async fn fetch(&self, name: &str) -> String {
        self.timeline
            .record_async(name, download(name, self.duration))
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocking_download_records_a_span_of_its_duration() {
        let d = Downloader::new(Timeline::new(), Duration::from_millis(20));
        assert_eq!(d.download("A"), "contents of A");
        let span = &d.timeline().spans()[0];
        assert_eq!(span.label, "A");
        assert!(span.duration() >= Duration::from_millis(20));
    }

    #[tokio::test(start_paused = true)]
    async fn async_downloads_gathered_take_one_duration_exactly() {
        let d = Downloader::new(Timeline::tokio(), Duration::from_secs(2));
        let (a, b) = tokio::join!(d.fetch("A"), d.fetch("B"));
        assert_eq!((a.as_str(), b.as_str()), ("contents of A", "contents of B"));
        assert_eq!(d.timeline().query().total(), Duration::from_secs(2));
        assert!(d.timeline().query().all_overlap());
    }
}
