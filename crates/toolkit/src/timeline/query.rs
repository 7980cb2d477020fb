//! Questions a test asks of a timeline: did these overlap, how many ran at once, did they
//! run one after another, on how many threads or processes?
//!
//! ```
//! use std::time::Duration;
//! use toolkit::Timeline;
//! let (timeline, probe) = Timeline::with_probe();
//! std::thread::scope(|s| {
//!     for label in ["A", "B"] {
//!         let probe = &probe;
//!         s.spawn(move || probe.record(label, || std::thread::sleep(Duration::from_millis(50))));
//!     }
//! });
//! let q = timeline.query();
//! assert_eq!(q.max_concurrency(), 2);
//! assert!(q.overlapped("A", "B"));
//! assert_eq!(q.threads(), 2);
//! ```

use super::{Source, Span, Timeline};
use std::collections::HashSet;
use std::ops::Range;
use std::sync::Arc;
use std::time::Duration;

/// A snapshot of spans, ordered by start, with the questions tests ask of them.
#[derive(Debug, Clone)]
pub struct Query {
    spans: Vec<Span>,
    /// Every span of the timeline when it was asked, your own included: never judged, only
    /// written to the trace a failure leaves behind, so the learner sees the whole run.
    whole: Arc<Vec<Span>>,
}

impl Timeline {
    /// A snapshot of the **evidence** recorded so far (spans the toolkit recorded; your own
    /// [`Timeline::record`] spans are left out), ready to be questioned.
    pub fn query(&self) -> Query {
        let whole = self.spans();
        let evidence = whole
            .iter()
            .filter(|s| s.source().is_evidence())
            .cloned()
            .collect();
        Query::new(evidence).with_whole(whole)
    }

    /// A snapshot of every span, your own included: for drawing, never for judging.
    pub fn query_all(&self) -> Query {
        Query::new(self.spans())
    }
}

impl Query {
    /// Wraps spans (in any order) for querying.
    pub fn new(mut spans: Vec<Span>) -> Self {
        spans.sort_by(|a, b| a.start.cmp(&b.start).then_with(|| a.label.cmp(&b.label)));
        let whole = Arc::new(spans.clone());
        Self { spans, whole }
    }

    /// The same question, remembering the whole timeline it came from (for the trace).
    fn with_whole(mut self, whole: Vec<Span>) -> Self {
        self.whole = Arc::new(whole);
        self
    }

    /// Every span of the timeline this query came from, your own included: what a failing
    /// test writes to its trace. Never use it to judge.
    pub(crate) fn whole(&self) -> &[Span] {
        &self.whole
    }

    /// The spans, ordered by start time.
    pub fn spans(&self) -> &[Span] {
        &self.spans
    }

    /// Only the spans for which `keep` is true.
    pub fn filter(&self, keep: impl Fn(&Span) -> bool) -> Query {
        let kept = Query::new(self.spans.iter().filter(|s| keep(s)).cloned().collect());
        Query {
            whole: Arc::clone(&self.whole),
            ..kept
        }
    }

    /// Only the spans recorded by `source`.
    pub fn from_source(&self, source: Source) -> Query {
        self.filter(|s| s.source() == source)
    }

    /// The spans that do **not** lie wholly inside `window` (times on the timeline's clock).
    pub fn outside(&self, window: &Range<Duration>) -> Vec<&Span> {
        self.spans
            .iter()
            .filter(|s| s.start < window.start || s.end > window.end)
            .collect()
    }

    /// Only the spans whose label starts with `prefix`.
    pub fn labelled(&self, prefix: &str) -> Query {
        self.filter(|s| s.label.starts_with(prefix))
    }

    /// The first span with this exact label.
    pub fn span(&self, label: &str) -> Option<&Span> {
        self.spans.iter().find(|s| s.label == label)
    }

    /// Labels in the order the spans started.
    pub fn start_order(&self) -> Vec<&str> {
        self.spans.iter().map(|s| s.label.as_str()).collect()
    }

    /// Labels in the order the spans ended.
    pub fn end_order(&self) -> Vec<&str> {
        let mut by_end: Vec<&Span> = self.spans.iter().collect();
        by_end.sort_by_key(|s| s.end);
        by_end.into_iter().map(|s| s.label.as_str()).collect()
    }

    /// Wall time from the first start to the last end (zero when empty).
    pub fn total(&self) -> Duration {
        let first = self.spans.iter().map(|s| s.start).min();
        let last = self.spans.iter().map(|s| s.end).max();
        match (first, last) {
            (Some(a), Some(b)) => b.saturating_sub(a),
            _ => Duration::ZERO,
        }
    }

    /// The sum of every span's own duration: what a sequential run would take.
    pub fn busy(&self) -> Duration {
        self.spans.iter().map(Span::duration).sum()
    }

    /// The largest number of spans running at one instant.
    pub fn max_concurrency(&self) -> usize {
        // Sweep over start (+1) and end (-1) events; at equal times ends come first, so
        // a span that starts exactly when another ends does not count as overlapping.
        let mut events: Vec<(Duration, i32)> = self
            .spans
            .iter()
            .flat_map(|s| [(s.start, 1), (s.end, -1)])
            .collect();
        events.sort();
        let (mut now, mut max) = (0i32, 0i32);
        for (_, delta) in events {
            now += delta;
            max = max.max(now);
        }
        max as usize
    }

    /// True when there is one instant at which every span was running.
    pub fn all_overlap(&self) -> bool {
        let latest_start = self.spans.iter().map(|s| s.start).max();
        let earliest_end = self.spans.iter().map(|s| s.end).min();
        match (latest_start, earliest_end) {
            (Some(s), Some(e)) => self.spans.len() < 2 || s < e,
            _ => false,
        }
    }

    /// True when no two spans ran at the same time.
    pub fn is_serial(&self) -> bool {
        self.max_concurrency() <= 1
    }

    /// True when the spans labelled `a` and `b` both exist and overlapped.
    pub fn overlapped(&self, a: &str, b: &str) -> bool {
        match (self.span(a), self.span(b)) {
            (Some(x), Some(y)) => x.overlaps(y),
            _ => false,
        }
    }

    /// How many distinct OS threads ran these spans.
    pub fn threads(&self) -> usize {
        let set: HashSet<(u32, u64)> = self
            .spans
            .iter()
            .map(|s| (s.runner.pid, s.runner.thread_id))
            .collect();
        set.len()
    }

    /// How many distinct processes ran these spans.
    pub fn processes(&self) -> usize {
        self.pids().len()
    }

    /// The distinct process ids, in order of first appearance.
    pub fn pids(&self) -> Vec<u32> {
        let mut pids = Vec::new();
        for s in &self.spans {
            if !pids.contains(&s.runner.pid) {
                pids.push(s.runner.pid);
            }
        }
        pids
    }

    /// How many distinct tokio tasks ran these spans (spans outside a task are not counted).
    pub fn tasks(&self) -> usize {
        let set: HashSet<(u32, u64)> = self
            .spans
            .iter()
            .filter_map(|s| s.runner.task.map(|t| (s.runner.pid, t)))
            .collect();
        set.len()
    }

    /// How many spans there are.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// True when there are no spans.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Runner;

    #[test]
    fn a_query_judges_evidence_but_remembers_the_whole_run_for_the_trace() {
        let (timeline, probe) = Timeline::with_probe();
        probe.record("evidence", || ());
        timeline.record("mine", || ());
        let q = timeline.query().labelled("ev");
        assert_eq!(q.start_order(), ["evidence"]);
        let mut whole: Vec<&str> = q.whole().iter().map(|s| s.label.as_str()).collect();
        whole.sort();
        assert_eq!(whole, ["evidence", "mine"]);
    }

    fn span(label: &str, from: u64, to: u64) -> Span {
        Span::new(
            label.into(),
            Duration::from_millis(from),
            Duration::from_millis(to),
            Runner::current(),
            Source::Test,
        )
    }

    #[test]
    fn serial_spans_that_touch_do_not_overlap() {
        let q = Query::new(vec![span("A", 0, 10), span("B", 10, 20), span("C", 20, 30)]);
        assert!(q.is_serial());
        assert!(!q.all_overlap());
        assert_eq!(q.total(), Duration::from_millis(30));
        assert_eq!(q.busy(), Duration::from_millis(30));
    }

    #[test]
    fn concurrent_spans_overlap() {
        let q = Query::new(vec![span("C", 2, 12), span("A", 0, 10), span("B", 1, 11)]);
        assert!(q.all_overlap());
        assert_eq!(q.max_concurrency(), 3);
        assert_eq!(q.start_order(), ["A", "B", "C"]);
        assert_eq!(q.total(), Duration::from_millis(12));
        assert_eq!(q.labelled("B").len(), 1);
    }

    #[test]
    fn a_pool_of_two_shows_concurrency_two() {
        let q = Query::new(vec![
            span("1", 0, 10),
            span("2", 0, 10),
            span("3", 10, 20),
            span("4", 10, 20),
        ]);
        assert_eq!(q.max_concurrency(), 2);
        assert_eq!(q.end_order(), ["1", "2", "3", "4"]);
        assert_eq!(q.threads(), 1);
        assert_eq!(q.processes(), 1);
        assert_eq!(q.tasks(), 0);
    }

    #[test]
    fn spans_outside_a_window_are_named() {
        let q = Query::new(vec![
            span("in", 10, 20),
            span("early", 5, 15),
            span("late", 15, 40),
        ]);
        let window = Duration::from_millis(10)..Duration::from_millis(30);
        let outside: Vec<&str> = q
            .outside(&window)
            .iter()
            .map(|s| s.label.as_str())
            .collect();
        assert_eq!(outside, ["early", "late"]);
    }
}
