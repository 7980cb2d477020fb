//! The timeline: who ran what, and when.
//!
//! A [`Timeline`] is a thread-safe list of [`Span`]s. Each span says what ran (its label),
//! when it started and ended (offsets from the timeline's origin), and who ran it (the
//! [`Runner`]: process id, OS thread, and tokio task if there was one).
//!
//! Cloning a `Timeline` is cheap and every clone records into the same list, so you can hand
//! one to each thread or task:
//!
//! ```
//! use toolkit::Timeline;
//! let timeline = Timeline::new();
//! let t = timeline.clone();
//! std::thread::spawn(move || t.record("A", || 2 + 2)).join().unwrap();
//! assert_eq!(timeline.spans()[0].label, "A");
//! ```
//!
//! Submodules: [`query`] (questions tests ask), [`ascii`] (the tutorial-style picture),
//! [`expect`] (assertions whose failure message draws the timeline).

pub mod ascii;
pub mod expect;
mod layout;
pub mod query;
mod runner;
pub mod svg;

pub use runner::Runner;

use serde::{Deserialize, Serialize};
use std::future::Future;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// One piece of work: what ran, from when to when, and on which runner.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Span {
    /// What ran, e.g. `"A"` or `"Task-0"`.
    pub label: String,
    /// When it started, measured from the timeline's origin.
    pub start: Duration,
    /// When it ended, measured from the timeline's origin.
    pub end: Duration,
    /// Who ran it.
    pub runner: Runner,
}

impl Span {
    /// How long the span lasted.
    pub fn duration(&self) -> Duration {
        self.end.saturating_sub(self.start)
    }

    /// True when the two spans were running at the same instant (touching ends do not count).
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// Where a timeline's clock reads its time.
#[derive(Debug, Clone, Copy)]
enum Clock {
    /// Real time. `base` is added so that a child process's clock lines up with its parent's.
    Real {
        origin: std::time::Instant,
        origin_epoch_ns: u128,
        base: Duration,
    },
    /// tokio's clock, which stands still under `#[tokio::test(start_paused = true)]` and
    /// jumps exactly when every task is waiting: durations in async tests are exact.
    Tokio { origin: tokio::time::Instant },
}

#[derive(Debug)]
struct Inner {
    clock: Clock,
    spans: Mutex<Vec<Span>>,
}

/// A thread-safe recorder of [`Span`]s. Clones share the same spans.
#[derive(Debug, Clone)]
pub struct Timeline {
    inner: Arc<Inner>,
}

impl Default for Timeline {
    fn default() -> Self {
        Self::new()
    }
}

impl Timeline {
    /// A timeline on the real clock, starting now.
    pub fn new() -> Self {
        let origin_epoch_ns = epoch_ns();
        Self::with_clock(Clock::Real {
            origin: std::time::Instant::now(),
            origin_epoch_ns,
            base: Duration::ZERO,
        })
    }

    /// A timeline on tokio's clock, starting now. Use it in async code and async tests: with
    /// paused time, a 2 s `tokio::time::sleep` shows up as exactly 2 s, instantly.
    pub fn tokio() -> Self {
        Self::with_clock(Clock::Tokio {
            origin: tokio::time::Instant::now(),
        })
    }

    /// A real-clock timeline whose origin is another process's origin, given as nanoseconds
    /// since the Unix epoch (see [`Timeline::origin_epoch_ns`]). Process workers use it so
    /// that the spans they send home line up with the parent's own.
    pub fn continuing(origin_epoch_ns: u128) -> Self {
        let now = epoch_ns();
        let base = Duration::from_nanos(now.saturating_sub(origin_epoch_ns) as u64);
        Self::with_clock(Clock::Real {
            origin: std::time::Instant::now(),
            origin_epoch_ns,
            base,
        })
    }

    fn with_clock(clock: Clock) -> Self {
        Self {
            inner: Arc::new(Inner {
                clock,
                spans: Mutex::new(Vec::new()),
            }),
        }
    }

    /// The origin as nanoseconds since the Unix epoch, for real-clock timelines.
    pub fn origin_epoch_ns(&self) -> Option<u128> {
        match self.inner.clock {
            Clock::Real {
                origin_epoch_ns, ..
            } => Some(origin_epoch_ns),
            Clock::Tokio { .. } => None,
        }
    }

    /// Time since the origin, on this timeline's clock.
    pub fn now(&self) -> Duration {
        match self.inner.clock {
            Clock::Real { origin, base, .. } => base + origin.elapsed(),
            Clock::Tokio { origin } => tokio::time::Instant::now().duration_since(origin),
        }
    }

    /// Runs `work` and records it as a span called `label` on the current thread.
    pub fn record<T>(&self, label: impl Into<String>, work: impl FnOnce() -> T) -> T {
        let guard = self.start(label);
        let out = work();
        guard.finish();
        out
    }

    /// Awaits `work` and records it as a span called `label`. The runner is the task and
    /// thread that started it.
    pub async fn record_async<F: Future>(&self, label: impl Into<String>, work: F) -> F::Output {
        let guard = self.start(label);
        let out = work.await;
        guard.finish();
        out
    }

    /// Starts a span now; it is recorded when the returned guard is finished or dropped.
    /// A span is recorded even if the work panics, so a failing test still shows it.
    pub fn start(&self, label: impl Into<String>) -> SpanGuard {
        SpanGuard {
            timeline: self.clone(),
            label: label.into(),
            start: self.now(),
            runner: Runner::current(),
            done: false,
        }
    }

    /// Adds a finished span, for example one a child process sent home.
    pub fn push(&self, span: Span) {
        self.lock().push(span);
    }

    /// Adds many finished spans.
    pub fn extend(&self, spans: impl IntoIterator<Item = Span>) {
        self.lock().extend(spans);
    }

    /// A copy of every span, ordered by start time (then label).
    pub fn spans(&self) -> Vec<Span> {
        let mut spans = self.lock().clone();
        spans.sort_by(|a, b| a.start.cmp(&b.start).then_with(|| a.label.cmp(&b.label)));
        spans
    }

    /// How many spans have been recorded.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// True when nothing has been recorded.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> MutexGuard<'_, Vec<Span>> {
        // A panic while holding this lock cannot leave the Vec half-updated (push is atomic
        // from our point of view), so a poisoned lock is still safe to use.
        self.inner.spans.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A span that has started. Call [`SpanGuard::finish`], or drop it, to record it.
#[derive(Debug)]
pub struct SpanGuard {
    timeline: Timeline,
    label: String,
    start: Duration,
    runner: Runner,
    done: bool,
}

impl SpanGuard {
    /// Records the span, ending now.
    pub fn finish(mut self) {
        self.record();
    }

    fn record(&mut self) {
        if !self.done {
            self.done = true;
            self.timeline.push(Span {
                label: std::mem::take(&mut self.label),
                start: self.start,
                end: self.timeline.now(),
                runner: self.runner.clone(),
            });
        }
    }
}

impl Drop for SpanGuard {
    fn drop(&mut self) {
        self.record();
    }
}

fn epoch_ns() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_span_is_lost_with_8_threads_recording_1000_each() {
        let timeline = Timeline::new();
        std::thread::scope(|s| {
            for t in 0..8 {
                let timeline = &timeline;
                s.spawn(move || {
                    for i in 0..1000 {
                        timeline.record(format!("t{t}-{i}"), || ());
                    }
                });
            }
        });
        let spans = timeline.spans();
        assert_eq!(spans.len(), 8000);
        let mut labels: Vec<_> = spans.iter().map(|s| s.label.clone()).collect();
        labels.sort();
        labels.dedup();
        assert_eq!(labels.len(), 8000, "every label recorded exactly once");
        assert_eq!(timeline.query().threads(), 8);
    }

    #[test]
    fn a_span_is_recorded_even_when_the_work_panics() {
        let timeline = Timeline::new();
        let t = timeline.clone();
        let result = std::thread::spawn(move || t.record("boom", || panic!("expected"))).join();
        assert!(result.is_err());
        assert_eq!(timeline.spans()[0].label, "boom");
    }

    #[test]
    fn a_continuing_timeline_lines_up_with_its_origin() {
        let parent = Timeline::new();
        std::thread::sleep(Duration::from_millis(20));
        let child = Timeline::continuing(parent.origin_epoch_ns().unwrap());
        let (p, c) = (parent.now(), child.now());
        let gap = p.abs_diff(c);
        assert!(gap < Duration::from_millis(15), "clocks differ by {gap:?}");
        assert!(
            c >= Duration::from_millis(15),
            "child clock starts at the parent's origin"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn tokio_timeline_measures_virtual_time_exactly() {
        let timeline = Timeline::tokio();
        timeline
            .record_async("sleep", tokio::time::sleep(Duration::from_secs(2)))
            .await;
        assert_eq!(timeline.spans()[0].duration(), Duration::from_secs(2));
    }
}
