//! Assertions for tests whose failure message draws the learner's own timeline.
//!
//! A failing concurrency test should not just say `assertion failed`. It should show what
//! happened — which tasks ran when, on which thread — and say what to look at:
//!
//! ```text
//! ✗ the downloads did not overlap: at most 1 ran at once, expected 3
//!   hint: did you join each thread right after spawning it?
//!
//! Your code's timeline:
//! Time →    0ms       100ms     200ms     300ms
//! ...
//!
//! Open this timeline in https://ui.perfetto.dev: /…/target/course-traces/<test>.json
//! ```
//!
//! That last line appears when the timeline could be written as a trace (see
//! [`Query::failure`]): the same spans, to zoom into in a trace viewer.

use super::ascii::{DEFAULT_WIDTH, LaneBy, render};
use super::query::Query;
use super::trace_on_failure;
use crate::format::fmt_duration;
use std::ops::Range;
use std::time::Duration;

impl Query {
    /// Panics with the picture unless `ok`: the building block of every `expect_*`.
    #[track_caller]
    pub fn expect(&self, ok: bool, problem: &str, hint: &str) -> &Self {
        if !ok {
            panic!("{}", self.failure(problem, hint));
        }
        self
    }

    /// The failure message: the problem, the hint, and the timeline as drawn. The timeline is
    /// also written as a trace, `target/course-traces/<test>.json` (named after the test's
    /// thread), and a last line says where to open it — only when it could be written, so a
    /// read-only sandbox gets the message without that line.
    pub fn failure(&self, problem: &str, hint: &str) -> String {
        format!(
            "\n✗ {problem}\n  hint: {hint}\n\nYour code's timeline:\n{}{}",
            render(self.spans(), LaneBy::Auto, DEFAULT_WIDTH),
            trace_on_failure::note(self.whole())
        )
    }

    /// Expects every thread in `not_ended` — threads that worked for `call` and had not ended
    /// when it returned ([`crate::exits::ThreadExits::not_ended`]) — to be none: a call that
    /// waited for its threads' `waited_for` (results, progress) another way than joining them
    /// returns while they are still ending.
    #[track_caller]
    pub fn expect_threads_joined(
        &self,
        not_ended: &[crate::Runner],
        call: &str,
        waited_for: &str,
        hint: &str,
    ) -> &Self {
        let names: Vec<String> = not_ended.iter().map(crate::Runner::thread_label).collect();
        let problem = format!(
            "{call} returned while {} of the threads that did its work ({}) had not ended: it \
             waited for their {waited_for}, not for the threads — they were never joined",
            names.len(),
            names.join(", ")
        );
        self.expect(names.is_empty(), &problem, hint)
    }

    /// Expects exactly `n` spans.
    #[track_caller]
    pub fn expect_count(&self, n: usize, hint: &str) -> &Self {
        let problem = format!("expected {n} recorded spans, found {}", self.len());
        self.expect(self.len() == n, &problem, hint)
    }

    /// Expects one instant at which every span was running.
    #[track_caller]
    pub fn expect_all_overlap(&self, hint: &str) -> &Self {
        let problem = format!(
            "the {} spans did not all run at once: at most {} overlapped",
            self.len(),
            self.max_concurrency()
        );
        self.expect(self.all_overlap(), &problem, hint)
    }

    /// Expects never more than `n` running at once (a limit, a pool size, a lock).
    #[track_caller]
    pub fn expect_max_concurrency_at_most(&self, n: usize, hint: &str) -> &Self {
        let m = self.max_concurrency();
        let problem = format!("{m} ran at once, but the limit is {n}");
        self.expect(m <= n, &problem, hint)
    }

    /// Expects at least `n` running at once at some instant.
    #[track_caller]
    pub fn expect_max_concurrency_at_least(&self, n: usize, hint: &str) -> &Self {
        let m = self.max_concurrency();
        let problem = format!("at most {m} ran at once, expected at least {n}");
        self.expect(m >= n, &problem, hint)
    }

    /// Expects the spans to have run strictly one after another.
    #[track_caller]
    pub fn expect_serial(&self, hint: &str) -> &Self {
        let problem = format!(
            "expected one at a time, but {} ran at once",
            self.max_concurrency()
        );
        self.expect(self.is_serial(), &problem, hint)
    }

    /// Expects the run to be at least `factor` times faster than running the spans one by
    /// one (busy time ÷ wall time). A ratio, so it holds on a slow, shared machine too.
    #[track_caller]
    pub fn expect_speedup_at_least(&self, factor: f64, hint: &str) -> &Self {
        let speedup = self.busy().as_secs_f64() / self.total().as_secs_f64().max(1e-9);
        let problem = format!(
            "the run took {} for {} of work: a speed-up of {speedup:.2}x, expected at least {factor:.2}x",
            fmt_duration(self.total()),
            fmt_duration(self.busy()),
        );
        self.expect(speedup >= factor, &problem, hint)
    }

    /// Expects the spans to have run on at least `n` distinct OS threads.
    #[track_caller]
    pub fn expect_threads_at_least(&self, n: usize, hint: &str) -> &Self {
        let t = self.threads();
        let problem = format!("the spans ran on {t} OS thread(s), expected at least {n}");
        self.expect(t >= n, &problem, hint)
    }

    /// Expects every span to have run on one OS thread.
    #[track_caller]
    pub fn expect_one_thread(&self, hint: &str) -> &Self {
        let t = self.threads();
        let problem = format!("the spans ran on {t} OS threads, expected exactly one");
        self.expect(t == 1, &problem, hint)
    }

    /// Expects exactly one span for each of `labels` and no other: each file downloaded once,
    /// each job run once. The message names what is missing and what ran more than once, in
    /// the words of `verb` (`"downloaded"`, `"run"`).
    #[track_caller]
    pub fn expect_each_once(&self, labels: &[&str], verb: &str, hint: &str) -> &Self {
        let mut got: Vec<&str> = self.start_order();
        got.sort_unstable();
        let mut want: Vec<&str> = labels.to_vec();
        want.sort_unstable();
        let count = |l: &str| got.iter().filter(|g| **g == l).count();
        let missing: Vec<&str> = want.iter().copied().filter(|l| count(l) == 0).collect();
        let twice: Vec<&str> = want.iter().copied().filter(|l| count(l) > 1).collect();
        let strangers: Vec<&str> = got.iter().copied().filter(|g| !want.contains(g)).collect();
        let problem = format!(
            "the timeline shows {got:?}, expected each of {want:?} {verb} exactly once (never \
             {verb}: {missing:?}; {verb} more than once: {twice:?}; not asked for: {strangers:?})"
        );
        self.expect(got == want, &problem, hint)
    }

    /// Expects every span to lie inside `window`, the time the call under test was running:
    /// work recorded before the call or after it returned was not done by the call.
    #[track_caller]
    pub fn expect_within(&self, window: &Range<Duration>, hint: &str) -> &Self {
        let outside = self.outside(window);
        let problem = match outside.first() {
            Some(s) => format!(
                "{} span(s) lie outside the call, which ran from {} to {}: `{}` ran from {} to {}",
                outside.len(),
                fmt_duration(window.start),
                fmt_duration(window.end),
                s.label,
                fmt_duration(s.start),
                fmt_duration(s.end)
            ),
            None => String::new(),
        };
        self.expect(outside.is_empty(), &problem, hint)
    }

    /// Expects the spans to have run in at least `n` distinct processes.
    #[track_caller]
    pub fn expect_processes_at_least(&self, n: usize, hint: &str) -> &Self {
        let p = self.processes();
        let problem = format!("the spans ran in {p} process(es), expected at least {n}");
        self.expect(p >= n, &problem, hint)
    }
}

#[cfg(test)]
mod tests {
    use crate::Timeline;
    use std::time::Duration;

    #[test]
    fn a_failing_expectation_draws_the_timeline_and_the_hint() {
        let (timeline, probe) = Timeline::with_probe();
        for label in ["A", "B"] {
            probe.record(label, || std::thread::sleep(Duration::from_millis(5)));
        }
        let err = std::panic::catch_unwind(|| {
            timeline
                .query()
                .expect_all_overlap("did you join right after spawn?");
        })
        .unwrap_err();
        let msg = err.downcast_ref::<String>().unwrap();
        assert!(msg.contains("did not all run at once"), "{msg}");
        assert!(
            msg.contains("hint: did you join right after spawn?"),
            "{msg}"
        );
        assert!(msg.contains("[A") && msg.contains("[B"), "{msg}");
        // The picture comes first, as before; the trace's line is added after it.
        let picture = super::render(timeline.query().spans(), super::LaneBy::Auto, 48);
        assert!(
            msg.contains(&format!("timeline:\n{picture}\nOpen this")),
            "{msg}"
        );
        let path = msg
            .split("Open this timeline in https://ui.perfetto.dev: ")
            .nth(1)
            .expect("the message names the trace")
            .trim_end();
        let test = std::thread::current().name().unwrap().replace("::", ".");
        assert!(
            path.ends_with(&format!("course-traces/{test}.json")),
            "{path}"
        );
        let trace: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let names: Vec<&str> = trace["traceEvents"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["ph"] == "X")
            .map(|e| e["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["A", "B"]);
        timeline
            .query()
            .expect_serial("unused")
            .expect_count(2, "unused");
    }

    #[test]
    fn each_once_names_the_missing_and_the_repeated() {
        let (timeline, probe) = Timeline::with_probe();
        for label in ["A", "B", "B"] {
            probe.record(label, || ());
        }
        let err = std::panic::catch_unwind(|| {
            timeline
                .query()
                .expect_each_once(&["A", "B", "C"], "downloaded", "download each once");
        })
        .unwrap_err();
        let msg = err.downcast_ref::<String>().unwrap();
        assert!(msg.contains("never downloaded: [\"C\"]"), "{msg}");
        assert!(msg.contains("downloaded more than once: [\"B\"]"), "{msg}");
        timeline
            .query()
            .expect_each_once(&["A", "B", "B"], "downloaded", "unused");
    }
}
