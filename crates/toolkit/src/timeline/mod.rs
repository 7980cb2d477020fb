//! The timeline: who ran what, and when.
//!
//! A [`Timeline`] is a thread-safe list of [`Span`]s. Each span says what ran (its label),
//! when it started and ended (offsets from the timeline's origin), who ran it (the
//! [`Runner`]: process id, OS thread, and tokio task if there was one), and **who recorded
//! it** (its [`Source`]).
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
//! ## Evidence, and spans of your own
//! Exercise tests believe only what your code cannot make up. Spans recorded by the
//! toolkit's own recorders — a download ([`crate::io::Downloader`]), a piece of CPU work
//! ([`crate::cpu::spin_recorded`]), a worker process ([`crate::worker`]), a test's own
//! [`Probe`] — are **evidence**: their times are read by the toolkit, their runner is
//! captured automatically, and nothing outside the toolkit can add one (there is no public
//! way to build a [`Span`] or push one). [`Timeline::record`] is yours: it draws your own
//! spans on the picture, marked [`Source::Yours`], and [`Timeline::query`] — what tests
//! ask — leaves them out.
//!
//! ## Spans from `tracing`
//! Code instrumented with the [`tracing`](https://docs.rs/tracing) crate can draw its spans
//! here too. With the toolkit's feature `tracing`, `Timeline::tracing_layer()` is a
//! `tracing_subscriber` layer: every `#[tracing::instrument]` function and `info_span!` block
//! becomes a span of your own ([`Source::Yours`]) on the runner that ran it, drawn in the
//! picture and in the trace, and left out of [`Timeline::query`] like any other.
//!
//! ```
//! // Cargo.toml: toolkit = { workspace = true, features = ["tracing"] }, tracing, tracing-subscriber
//! use toolkit::Timeline;
//! use tracing_subscriber::layer::SubscriberExt;
//! let timeline = Timeline::new();
//! let subscriber = tracing_subscriber::registry().with(timeline.tracing_layer());
//! tracing::subscriber::set_global_default(subscriber).unwrap(); // every thread from now on
//! std::thread::spawn(|| tracing::info_span!("mine").in_scope(|| 2 + 2)).join().unwrap();
//! assert_eq!(timeline.spans()[0].label, "mine");
//! assert!(timeline.query().is_empty(), "tests never count it");
//! ```
//!
//! (This example runs because the toolkit's own tests turn the feature on; the module
//! `tracing_layer`, built with the feature, says more.)
//!
//! Submodules: [`query`] (questions tests ask), [`ascii`] (the tutorial-style picture),
//! [`expect`] (assertions whose failure message draws the timeline), [`svg`], [`trace`]
//! (Chrome trace-event JSON for Perfetto), [`trace_check`] (reading one back, checked).

pub mod ascii;
pub(crate) mod by_test;
pub mod expect;
mod layout;
mod probe;
pub mod query;
mod runner;
pub mod svg;
pub mod trace;
pub mod trace_check;
pub(crate) mod trace_on_failure;
#[cfg(feature = "tracing")]
pub mod tracing_layer;

pub use probe::Probe;
pub use runner::Runner;
#[cfg(feature = "tracing")]
pub use tracing_layer::TimelineLayer;

use crate::clock;
use crate::sched::ThreadTimes;
use serde::Serialize;
use std::collections::BTreeMap;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// Who recorded a span, and so whether a test may believe it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// A simulated download ([`crate::io::Downloader`]).
    Download,
    /// A piece of CPU work ([`crate::cpu::spin_recorded`], [`crate::gil::Gil`]).
    Cpu,
    /// A worker process's task, timed in the child and checked by the parent
    /// ([`crate::worker`]).
    Worker,
    /// What a server the toolkit runs saw: a request from arrival to the end of its
    /// response, or a connection from accept to close (`toolkit::net`, feature `net`).
    Server,
    /// A lock held, from taking it to letting go, on the thread that held it
    /// ([`crate::lock::TracedMutex`]).
    Lock,
    /// A test's own measurement ([`Probe`]).
    Test,
    /// Recorded with [`Timeline::record`] by code outside the toolkit: drawn, never trusted.
    Yours,
}

impl Source {
    /// True for spans the toolkit recorded itself, which tests may trust.
    pub fn is_evidence(self) -> bool {
        self != Source::Yours
    }
}

/// One piece of work: what ran, from when to when, on which runner, recorded by whom.
///
/// Spans are made only by recorders (there is no public constructor), so a span on a
/// timeline always says what really happened.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Span {
    /// What ran, e.g. `"A"` or `"Task-0"`.
    pub label: String,
    /// When it started, measured from the timeline's origin.
    pub start: Duration,
    /// When it ended, measured from the timeline's origin.
    pub end: Duration,
    /// Who ran it.
    pub runner: Runner,
    source: Source,
    sched: Option<ThreadTimes>,
}

impl Span {
    /// A span as a recorder makes it (the toolkit only).
    pub(crate) fn new(
        label: String,
        start: Duration,
        end: Duration,
        runner: Runner,
        source: Source,
    ) -> Self {
        Span {
            label,
            start,
            end,
            runner,
            source,
            sched: None,
        }
    }

    /// How long the span lasted.
    pub fn duration(&self) -> Duration {
        self.end.saturating_sub(self.start)
    }

    /// True when the two spans were running at the same instant (touching ends do not count).
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// Who recorded this span.
    pub fn source(&self) -> Source {
        self.source
    }

    /// For CPU work: how its thread spent the span — on a core, or waiting for one. The rest
    /// of the span's duration the thread was blocked (see [`crate::sched`]). `None` for
    /// other spans, and where Linux's schedstat is missing.
    pub fn sched(&self) -> Option<ThreadTimes> {
        self.sched
    }

    /// For CPU work: how long its thread was blocked (neither running nor waiting for a
    /// core) during the span, e.g. on a lock.
    pub fn blocked(&self) -> Option<Duration> {
        self.sched.map(|t| t.blocked(self.duration()))
    }

    pub(crate) fn with_sched(mut self, sched: Option<ThreadTimes>) -> Self {
        self.sched = sched;
        self
    }
}

/// Where a timeline's clock reads its time.
#[derive(Debug, Clone, Copy)]
enum Clock {
    /// Real time on the machine-wide monotonic clock ([`clock::monotonic`]); `origin` is
    /// the reading at which this timeline began. A child process reads the same clock, so
    /// its spans land on the parent's timeline at the right place.
    Real { origin: Duration },
    /// tokio's clock, which stands still under `#[tokio::test(start_paused = true)]` and
    /// jumps exactly when every task is waiting: durations in async tests are exact.
    Tokio { origin: tokio::time::Instant },
}

#[derive(Debug)]
struct Inner {
    clock: Clock,
    spans: Mutex<Vec<Span>>,
    /// Spans that have started and not ended, by guard number: a span is written down when
    /// it starts, so one whose guard is leaked (`mem::forget`, a future that is never
    /// dropped) still shows as started, never ended.
    open: Mutex<BTreeMap<u64, Unfinished>>,
    next_guard: AtomicU64,
}

/// A span that started and has not ended (yet, or ever): see [`Timeline::unfinished`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unfinished {
    /// What was being done, as the finished span would be labelled.
    pub label: String,
    /// When it started, on the timeline's clock.
    pub start: Duration,
    /// Who started it.
    pub runner: Runner,
    /// Who records it: only the toolkit's sources count as evidence.
    pub source: Source,
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
        Self::with_clock(Clock::Real {
            origin: clock::monotonic(),
        })
    }

    /// A timeline on tokio's clock, starting now. Use it in async code and async tests: with
    /// paused time, a 2 s `tokio::time::sleep` shows up as exactly 2 s, instantly.
    pub fn tokio() -> Self {
        Self::with_clock(Clock::Tokio {
            origin: tokio::time::Instant::now(),
        })
    }

    /// A new timeline and the [`Probe`] with which a test records its own evidence on it.
    /// Only the caller holds the probe: code handed the timeline cannot get one from it.
    pub fn with_probe() -> (Timeline, Probe) {
        let timeline = Timeline::new();
        let probe = Probe::new(timeline.clone());
        (timeline, probe)
    }

    /// Like [`Timeline::with_probe`], on tokio's clock.
    pub fn tokio_with_probe() -> (Timeline, Probe) {
        let timeline = Timeline::tokio();
        let probe = Probe::new(timeline.clone());
        (timeline, probe)
    }

    fn with_clock(clock: Clock) -> Self {
        let timeline = Self {
            inner: Arc::new(Inner {
                clock,
                spans: Mutex::new(Vec::new()),
                open: Mutex::new(BTreeMap::new()),
                next_guard: AtomicU64::new(0),
            }),
        };
        by_test::remember(&timeline);
        timeline
    }

    /// The origin on the machine-wide clock, for real-clock timelines.
    pub(crate) fn machine_origin(&self) -> Option<Duration> {
        match self.inner.clock {
            Clock::Real { origin } => Some(origin),
            Clock::Tokio { .. } => None,
        }
    }

    /// Time since the origin, on this timeline's clock.
    pub fn now(&self) -> Duration {
        match self.inner.clock {
            Clock::Real { origin } => clock::monotonic().saturating_sub(origin),
            Clock::Tokio { origin } => tokio::time::Instant::now().duration_since(origin),
        }
    }

    /// Runs `work` and records it as a span of **your own** called `label`, on the current
    /// thread. It is drawn with the rest, but tests never count it as evidence.
    pub fn record<T>(&self, label: impl Into<String>, work: impl FnOnce() -> T) -> T {
        self.record_as(Source::Yours, label, work)
    }

    /// Awaits `work` and records it as a span of your own called `label`. The runner is the
    /// task and thread that started it.
    pub async fn record_async<F: Future>(&self, label: impl Into<String>, work: F) -> F::Output {
        self.record_async_as(Source::Yours, label, work).await
    }

    /// Starts a span of your own now; it is recorded when the returned guard is finished or
    /// dropped. A span is recorded even if the work panics, so a failing test still shows it.
    pub fn start(&self, label: impl Into<String>) -> SpanGuard {
        self.start_as(Source::Yours, label)
    }

    pub(crate) fn record_as<T>(
        &self,
        source: Source,
        label: impl Into<String>,
        work: impl FnOnce() -> T,
    ) -> T {
        let guard = self.start_as(source, label);
        let out = work();
        guard.finish();
        out
    }

    pub(crate) async fn record_async_as<F: Future>(
        &self,
        source: Source,
        label: impl Into<String>,
        work: F,
    ) -> F::Output {
        let guard = self.start_as(source, label);
        let out = work.await;
        guard.finish();
        out
    }

    /// Records CPU work with how its thread spent the time ([`Span::sched`]).
    pub(crate) fn record_cpu<T>(&self, label: impl Into<String>, work: impl FnOnce() -> T) -> T {
        let before = ThreadTimes::now();
        let mut guard = self.start_as(Source::Cpu, label);
        let out = work();
        guard.sched = ThreadTimes::now()
            .zip(before)
            .map(|(after, before)| after.since(&before));
        guard.finish();
        out
    }

    pub(crate) fn start_as(&self, source: Source, label: impl Into<String>) -> SpanGuard {
        let started = Unfinished {
            label: label.into(),
            start: self.now(),
            runner: Runner::current(),
            source,
        };
        let id = self.inner.next_guard.fetch_add(1, Ordering::Relaxed);
        self.open().insert(id, started);
        SpanGuard {
            timeline: self.clone(),
            id,
            sched: None,
            done: false,
        }
    }

    /// The toolkit's spans that have started and not ended, oldest first: work still going
    /// on, or work whose guard was leaked and so will never end (a download future passed to
    /// `mem::forget` is neither finished nor cancelled). Your own spans are left out.
    pub fn unfinished(&self) -> Vec<Unfinished> {
        let mut open: Vec<Unfinished> = self
            .open()
            .values()
            .filter(|u| u.source.is_evidence())
            .cloned()
            .collect();
        open.sort_by(|a, b| a.start.cmp(&b.start).then_with(|| a.label.cmp(&b.label)));
        open
    }

    fn open(&self) -> MutexGuard<'_, BTreeMap<u64, Unfinished>> {
        // As for `lock`: an insert or remove cannot be left half done by a panic.
        self.inner.open.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Adds a finished span. Toolkit only: this is what keeps spans trustworthy.
    pub(crate) fn push(&self, span: Span) {
        self.lock().push(span);
    }

    /// A copy of every span, yours included, ordered by start time (then label).
    pub fn spans(&self) -> Vec<Span> {
        let mut spans = self.lock().clone();
        spans.sort_by(|a, b| a.start.cmp(&b.start).then_with(|| a.label.cmp(&b.label)));
        spans
    }

    /// Only the spans the toolkit recorded: what tests believe.
    pub fn evidence(&self) -> Vec<Span> {
        let mut spans = self.spans();
        spans.retain(|s| s.source.is_evidence());
        spans
    }

    /// How many spans have been recorded, yours included.
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
///
/// What it records (label, start, runner, source) was written down on the timeline when it
/// started ([`Timeline::unfinished`]); the guard holds only its number there.
#[derive(Debug)]
pub struct SpanGuard {
    timeline: Timeline,
    /// Its number in the timeline's list of unfinished spans.
    id: u64,
    sched: Option<ThreadTimes>,
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
            let end = self.timeline.now();
            // Taken out of the open list and pushed as finished: one place at a time.
            let started = self.timeline.open().remove(&self.id);
            if let Some(s) = started {
                let span = Span::new(s.label, s.start, end, s.runner, s.source);
                self.timeline.push(span.with_sched(self.sched));
            }
        }
    }
}

impl Drop for SpanGuard {
    fn drop(&mut self) {
        self.record();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use query::Query;

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
        assert_eq!(Query::new(timeline.spans()).threads(), 8);
    }

    #[test]
    fn a_leaked_span_stays_unfinished_and_a_finished_one_does_not() {
        let timeline = Timeline::new();
        timeline.start_as(Source::Download, "finished").finish();
        drop(timeline.start_as(Source::Download, "dropped"));
        std::mem::forget(timeline.start_as(Source::Download, "leaked"));
        std::mem::forget(timeline.start("yours, leaked"));
        let open: Vec<String> = timeline.unfinished().into_iter().map(|u| u.label).collect();
        assert_eq!(
            open,
            ["leaked"],
            "only the toolkit's leaked span is unfinished"
        );
        assert_eq!(timeline.evidence().len(), 2);
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
    fn spans_of_your_own_are_drawn_but_are_not_evidence() {
        let (timeline, probe) = Timeline::with_probe();
        timeline.record("mine", || ());
        probe.record("the test's", || ());
        assert_eq!(timeline.spans().len(), 2);
        let evidence = timeline.evidence();
        assert_eq!(evidence.len(), 1);
        assert_eq!(evidence[0].label, "the test's");
        assert_eq!(evidence[0].source(), Source::Test);
        assert_eq!(timeline.query().len(), 1, "query() asks only the evidence");
    }

    #[test]
    fn cpu_spans_carry_what_the_scheduler_did() {
        let timeline = Timeline::new();
        timeline.record_cpu("spin", || crate::cpu::busy_for(Duration::from_millis(20)));
        let span = &timeline.spans()[0];
        assert_eq!(span.source(), Source::Cpu);
        if let Some(blocked) = span.blocked() {
            assert!(blocked < Duration::from_millis(10), "{:?}", span.sched());
        }
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
