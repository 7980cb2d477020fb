//! A stall detector for tokio: a heartbeat task that notices when the runtime's thread was
//! kept from running it, and names the span that was running then.
//!
//! asyncio has this built in: `loop.set_debug(True)` logs "Executing <Task …> took 0.301
//! seconds" for every step that held the event loop too long. Here a heartbeat task sleeps
//! `beat` (say 5 ms) in a loop and notes when each beat ends. On a free runtime, beats end
//! every `beat`; while a task runs blocking code (`std::thread::sleep`, a blocking read, a
//! long computation) on the runtime's thread, no beat can end, and the gap between two beats
//! is the stall.
//!
//! Real time, not tokio's paused clock: a blocking call does not move the paused clock, so
//! under `start_paused` a stall would last zero. A loaded machine stretches gaps too, so each
//! gap is reduced by the time the runtime's thread spent waiting for a core (run-queue wait,
//! from [`crate::sched`]): what remains is time the thread was held by the code it ran,
//! whatever the machine's load.
//!
//! ```no_run
//! # async fn demo() {
//! use std::time::Duration;
//! use toolkit::{Timeline, stall::StallDetector};
//! let timeline = Timeline::new();
//! let detector = StallDetector::start(&timeline, Duration::from_millis(5));
//! // … the code under test runs here, recording spans on `timeline` …
//! let report = detector.stop().await;
//! report.expect_longest_below(Duration::from_millis(100), "move the blocking call to spawn_blocking");
//! # }
//! ```
//!
//! Use it on a `current_thread` runtime (one thread, like asyncio's event loop): there, the
//! heartbeat's thread is the thread every task runs on.

use crate::format::fmt_duration;
use crate::sched::ThreadTimes;
use crate::timeline::{Runner, Span, Timeline};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the timer may add to a beat on a free runtime (tokio's timer has 1 ms ticks).
const TIMER_SLACK: Duration = Duration::from_millis(2);

/// One beat's end: when, on which thread, and that thread's run-queue wait so far.
#[derive(Clone, Copy, Debug)]
struct Mark {
    at: Duration,
    thread_id: u64,
    queued: Option<Duration>,
    cpu: Option<Duration>,
}

/// A running heartbeat. Start it before the code under test, [`stop`](Self::stop) it after.
#[derive(Debug)]
pub struct StallDetector {
    timeline: Timeline,
    beat: Duration,
    marks: Arc<Mutex<Vec<Mark>>>,
    task: tokio::task::JoinHandle<()>,
}

/// One stall: the runtime's thread was held from `from` to `to` (timeline time) for `held`
/// (the gap minus the beat, the timer's slack and the thread's run-queue wait).
#[derive(Clone, Debug, PartialEq)]
pub struct Stall {
    /// When the last beat before the stall ended.
    pub from: Duration,
    /// When the first beat after it ended.
    pub to: Duration,
    /// How long the runtime's thread was held by the code it ran.
    pub held: Duration,
    /// The span on the runtime's thread that overlapped the stall most, if any: the
    /// likely culprit. Any span counts here (yours too): it names, it does not prove.
    pub culprit: Option<Span>,
    /// When no span on the runtime's thread overlapped the stall: the span elsewhere that
    /// overlapped it most (what the blocked code was probably waiting for).
    pub meanwhile: Option<Span>,
}

/// What the heartbeat saw between [`StallDetector::start`] and [`StallDetector::stop`].
#[derive(Clone, Debug)]
pub struct StallReport {
    timeline: Timeline,
    beat: Duration,
    beats: usize,
    stalls: Vec<Stall>,
    cpu: Option<Duration>,
}

impl StallDetector {
    /// Spawns the heartbeat on the current tokio runtime: it sleeps `beat` in a loop and
    /// notes the end of every beat. Panics outside a runtime, like `tokio::spawn`.
    pub fn start(timeline: &Timeline, beat: Duration) -> Self {
        let marks: Arc<Mutex<Vec<Mark>>> = Arc::default();
        let (notes, clock) = (marks.clone(), timeline.clone());
        let task = tokio::spawn(async move {
            loop {
                note(&notes, &clock);
                tokio::time::sleep(beat).await;
            }
        });
        StallDetector {
            timeline: timeline.clone(),
            beat,
            marks,
            task,
        }
    }

    /// Lets the heartbeat beat once more (so a stall that lasts to the end is measured),
    /// stops it and reports what it saw.
    pub async fn stop(self) -> StallReport {
        tokio::time::sleep(self.beat * 2).await;
        self.task.abort();
        let _ = self.task.await;
        let marks = self.marks.lock().unwrap_or_else(|e| e.into_inner()).clone();
        let spans = self.timeline.query_all().spans().to_vec();
        let mut stalls: Vec<Stall> = marks
            .windows(2)
            .filter_map(|w| {
                let (a, b) = (w[0], w[1]);
                let gap = b.at.saturating_sub(a.at);
                // The machine's load explains the time the thread waited for a core; only
                // on one thread are the two readings comparable.
                let queued = match (a.queued, b.queued) {
                    (Some(qa), Some(qb)) if a.thread_id == b.thread_id => qb.saturating_sub(qa),
                    _ => Duration::ZERO,
                };
                let held = gap.saturating_sub(self.beat + TIMER_SLACK + queued);
                (held > Duration::ZERO).then(|| Stall {
                    from: a.at,
                    to: b.at,
                    held,
                    culprit: culprit(&spans, a.at..b.at, Some(b.thread_id)),
                    meanwhile: culprit(&spans, a.at..b.at, None),
                })
            })
            .collect();
        stalls.sort_by_key(|s| std::cmp::Reverse(s.held));
        // The runtime's CPU time over the run, when one thread ran every beat (as on a
        // current_thread runtime) and the kernel says.
        let cpu = match (marks.first(), marks.last()) {
            (Some(first), Some(last)) if marks.iter().all(|m| m.thread_id == first.thread_id) => {
                last.cpu.zip(first.cpu).map(|(b, a)| b.saturating_sub(a))
            }
            _ => None,
        };
        StallReport {
            cpu,
            timeline: self.timeline,
            beat: self.beat,
            beats: marks.len(),
            stalls,
        }
    }
}

/// Notes the end of a beat.
fn note(marks: &Mutex<Vec<Mark>>, timeline: &Timeline) {
    let times = ThreadTimes::now();
    let mark = Mark {
        at: timeline.now(),
        thread_id: Runner::current().thread_id,
        queued: times.map(|t| t.queued),
        cpu: times.map(|t| t.cpu),
    };
    marks.lock().unwrap_or_else(|e| e.into_inner()).push(mark);
}

/// The span (on `thread_id`, if given) that overlaps `window` most.
fn culprit(
    spans: &[Span],
    window: std::ops::Range<Duration>,
    thread_id: Option<u64>,
) -> Option<Span> {
    let overlap = |s: &Span| {
        s.end
            .min(window.end)
            .saturating_sub(s.start.max(window.start))
    };
    spans
        .iter()
        .filter(|s| {
            thread_id.is_none_or(|t| s.runner.thread_id == t) && overlap(s) > Duration::ZERO
        })
        .max_by_key(|s| overlap(s))
        .cloned()
}

impl StallReport {
    /// The longest stall, if the runtime's thread was ever held.
    pub fn longest(&self) -> Option<&Stall> {
        self.stalls.first()
    }

    /// Every stall, longest first.
    pub fn stalls(&self) -> &[Stall] {
        &self.stalls
    }

    /// The total time the runtime's thread was held, over all stalls.
    pub fn total_held(&self) -> Duration {
        self.stalls.iter().map(|s| s.held).sum()
    }

    /// The heartbeat's period.
    pub fn beat(&self) -> Duration {
        self.beat
    }

    /// The CPU time the runtime's thread used while the detector ran: tasks' own work plus
    /// the runtime's bookkeeping. An idle runtime uses next to none, whatever the machine's
    /// load; CPU work done on it in short slices (yielding in between, so no stall is long)
    /// shows up here. `None` where the kernel does not say, or the heartbeat changed threads.
    pub fn runtime_cpu(&self) -> Option<Duration> {
        self.cpu
    }

    /// Panics, drawing the timeline, unless the runtime's thread used less than `limit` of
    /// CPU while the detector ran (see [`runtime_cpu`](Self::runtime_cpu)).
    #[track_caller]
    pub fn expect_cpu_below(&self, limit: Duration, hint: &str) -> &Self {
        if let Some(cpu) = self.cpu.filter(|&cpu| cpu >= limit) {
            let problem = format!(
                "the runtime's thread computed for {} (CPU time) while your code ran: CPU \
                 work on the runtime, even in slices with yields in between, delays every \
                 other task on it",
                fmt_duration(cpu)
            );
            panic!("{}", self.timeline.query_all().failure(&problem, hint));
        }
        self
    }

    /// How many beats ended while the detector ran.
    pub fn beats(&self) -> usize {
        self.beats
    }

    /// The stall in words: "the runtime was blocked for 300.0 ms by `read a.txt` (from
    /// 20.0 ms to 322.0 ms)".
    pub fn describe(stall: &Stall) -> String {
        let by = match &stall.culprit {
            Some(span) => format!(
                "by `{}` (it ran on the runtime's thread, {})",
                span.label,
                span.runner.thread_label()
            ),
            None => match &stall.meanwhile {
                Some(span) => format!(
                    "by code on the runtime's thread that recorded no span, waiting while \
                     `{}` ran on {}",
                    span.label,
                    span.runner.thread_label()
                ),
                None => "by code on the runtime's thread that recorded no span".to_owned(),
            },
        };
        format!(
            "the runtime was blocked for {} {by}, from {} to {}: no other task could run then",
            fmt_duration(stall.held),
            fmt_duration(stall.from),
            fmt_duration(stall.to)
        )
    }

    /// Panics, drawing the timeline, unless the longest stall is shorter than `limit`; the
    /// message names the span that was running when it stalled, and ends with `hint`.
    #[track_caller]
    pub fn expect_longest_below(&self, limit: Duration, hint: &str) -> &Self {
        if let Some(stall) = self.longest().filter(|s| s.held >= limit) {
            let q = self.timeline.query_all();
            panic!("{}", q.failure(&Self::describe(stall), hint));
        }
        self
    }

    /// Panics, drawing the timeline, unless the stalls add up to less than `limit`: many
    /// short stalls (a blocking wait inside a polling loop) hold the runtime just the same.
    #[track_caller]
    pub fn expect_total_below(&self, limit: Duration, hint: &str) -> &Self {
        let total = self.total_held();
        if total >= limit {
            let worst = self.longest().map(Self::describe).unwrap_or_default();
            let problem = format!(
                "the runtime was blocked for {} in all, in {} stalls (the longest: {worst})",
                fmt_duration(total),
                self.stalls.len()
            );
            panic!("{}", self.timeline.query_all().failure(&problem, hint));
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one_thread() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime")
    }

    #[test]
    fn a_blocking_sleep_is_a_stall_named_after_its_span() {
        let report = one_thread().block_on(async {
            let timeline = Timeline::new();
            let detector = StallDetector::start(&timeline, Duration::from_millis(5));
            tokio::time::sleep(Duration::from_millis(20)).await;
            timeline.record("nap", || std::thread::sleep(Duration::from_millis(200)));
            detector.stop().await
        });
        let longest = report.longest().expect("a stall");
        assert!(longest.held >= Duration::from_millis(150), "{longest:?}");
        assert_eq!(
            longest.culprit.as_ref().map(|s| s.label.as_str()),
            Some("nap")
        );
        assert!(StallReport::describe(longest).contains("blocked for"));
        let caught = std::panic::catch_unwind(|| {
            report.expect_longest_below(Duration::from_millis(50), "move it");
        });
        assert!(caught.is_err(), "a 200 ms stall must fail a 50 ms limit");
    }

    #[test]
    fn async_waits_are_not_stalls() {
        let report = one_thread().block_on(async {
            let timeline = Timeline::new();
            let detector = StallDetector::start(&timeline, Duration::from_millis(5));
            timeline
                .record_async("wait", tokio::time::sleep(Duration::from_millis(200)))
                .await;
            tokio::task::spawn_blocking(|| std::thread::sleep(Duration::from_millis(100)))
                .await
                .expect("the blocking job");
            detector.stop().await
        });
        assert!(report.beats() > 10, "{report:?}");
        report.expect_cpu_below(
            Duration::from_millis(80),
            "an idle runtime computes nothing",
        );
        report.expect_longest_below(Duration::from_millis(100), "no stall expected");
    }
}
