//! A test's own recorder: evidence that only the test can produce.

use super::{Source, Timeline};
use std::future::Future;

/// Records spans marked [`Source::Test`] on one timeline. A test makes it with
/// [`Timeline::with_probe`] and keeps it: the code under test is handed the timeline (or a
/// closure that uses the probe), never the probe itself, so it cannot make such spans.
#[derive(Debug, Clone)]
pub struct Probe {
    timeline: Timeline,
}

impl Probe {
    pub(super) fn new(timeline: Timeline) -> Self {
        Self { timeline }
    }

    /// Runs `work` and records it as a test span called `label`.
    pub fn record<T>(&self, label: impl Into<String>, work: impl FnOnce() -> T) -> T {
        self.timeline.record_as(Source::Test, label, work)
    }

    /// Awaits `work` and records it as a test span called `label`.
    pub async fn record_async<F: Future>(&self, label: impl Into<String>, work: F) -> F::Output {
        self.timeline
            .record_async_as(Source::Test, label, work)
            .await
    }

    /// The timeline this probe records on.
    pub fn timeline(&self) -> &Timeline {
        &self.timeline
    }
}
