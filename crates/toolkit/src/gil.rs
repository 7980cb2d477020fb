//! A simulated GIL (Global Interpreter Lock), to see Python's threads from the inside.
//!
//! CPython lets only the thread holding the GIL run Python code. A thread doing CPU work
//! keeps the lock until another thread has been waiting for it for the "switch interval"
//! (5 ms by default), then hands it over; a thread that blocks on I/O lets go of it for the
//! whole wait. So CPU work on several threads takes turns — no speed-up — while I/O waits
//! still overlap.
//!
//! Rust has no GIL: its threads run CPU work in parallel. This type puts one back on
//! purpose, so the course can measure both worlds on the same machine.
//!
//! ```
//! use std::time::Duration;
//! use toolkit::{Timeline, gil::Gil};
//! let (gil, timeline) = (Gil::new(), Timeline::new());
//! let answer = gil.cpu_recorded(&timeline, "parse", 1_000); // CPU work: with the GIL held
//! gil.io(|| std::thread::sleep(Duration::from_millis(1)));  // I/O: without the GIL
//! assert_eq!(answer, toolkit::cpu::spin(1_000));
//! let log = gil.log(&timeline);
//! assert_eq!(log.works[0].iterations, 1_000);
//! ```
//!
//! ## The GIL keeps its own record
//! Every time the GIL is taken, it notes who held it, from when to when, and whether another
//! thread was kept waiting meanwhile; every [`Gil::cpu_recorded`] notes its label, its
//! iterations and how its thread spent the time. [`Gil::log`] hands that record to a test:
//! evidence nothing outside the toolkit can write, which tells "took turns slice by slice"
//! from "held the GIL for the whole parse", and "let go of it while waiting" from "held it
//! during the download".

use crate::sched::ThreadTimes;
use crate::timeline::Span;
use crate::{Runner, Timeline, clock, cpu};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::ThreadId;
use std::time::{Duration, Instant};

/// How many [`cpu::spin`] iterations run between two looks at whether another thread wants
/// the GIL (a fraction of a millisecond on a typical machine).
pub const SLICE: u64 = 50_000;

/// How long another thread may wait for the GIL before CPU work hands it over: CPython's
/// default switch interval (`sys.getswitchinterval()`).
pub const SWITCH_INTERVAL: Duration = Duration::from_millis(5);

/// The most holds a GIL remembers; later ones are only counted ([`GilLog::dropped`]).
const MAX_HOLDS: usize = 100_000;

/// A shared lock that CPU work must hold, like CPython's GIL. Clones share the same lock
/// and the same record.
#[derive(Debug, Clone, Default)]
pub struct Gil {
    inner: Arc<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    state: Mutex<State>,
    changed: Condvar,
}

#[derive(Debug, Default)]
struct State {
    /// The thread holding the GIL, and how many nested holds it has open.
    holder: Option<(ThreadId, usize)>,
    /// Threads waiting to take it.
    waiting: usize,
    /// Since when the longest-waiting thread has waited (for the switch interval).
    wanted_since: Option<Instant>,
    /// How many times the GIL has been taken (to see that a hand-over happened).
    taken: u64,
    /// The hold in progress.
    open: Option<OpenHold>,
    holds: Vec<Hold>,
    dropped: usize,
    works: Vec<GilWork>,
}

#[derive(Debug)]
struct OpenHold {
    runner: Runner,
    start: Duration,
    kind: HoldKind,
    kept_waiting: bool,
}

/// How the GIL came to be held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HoldKind {
    /// By CPU work ([`Gil::cpu`], [`Gil::cpu_recorded`]), which hands it over when another
    /// thread has waited a switch interval.
    Cpu,
    /// By [`Gil::hold`]: for the whole closure, whoever waits.
    Whole,
}

/// One stretch of time during which one thread held the GIL. Times are offsets on the
/// timeline passed to [`Gil::log`].
#[derive(Debug, Clone, PartialEq)]
pub struct Hold {
    /// Who held it.
    pub runner: Runner,
    /// When it was taken.
    pub start: Duration,
    /// When it was let go.
    pub end: Duration,
    /// How it was taken.
    pub kind: HoldKind,
    /// True when another thread was waiting for the GIL at some moment of this hold.
    pub kept_waiting: bool,
}

impl Hold {
    /// How long it was held.
    pub fn duration(&self) -> Duration {
        self.end.saturating_sub(self.start)
    }

    /// True when this hold and `span` ran at the same instant on the same thread.
    pub fn during(&self, span: &Span) -> bool {
        same_thread(&self.runner, &span.runner) && self.start < span.end && span.start < self.end
    }
}

/// One call of [`Gil::cpu_recorded`]: CPU work done under the GIL. Times are offsets on the
/// timeline passed to [`Gil::log`].
#[derive(Debug, Clone, PartialEq)]
pub struct GilWork {
    /// The label it was recorded under.
    pub label: String,
    /// Who ran it.
    pub runner: Runner,
    /// When it started (before waiting for the GIL).
    pub start: Duration,
    /// When it ended (the GIL let go).
    pub end: Duration,
    /// How many spin iterations it computed.
    pub iterations: u64,
    /// Wall time spent waiting for the GIL, while others held it.
    pub waited: Duration,
    /// How many times it handed the GIL over to a waiting thread and took it back later.
    pub handovers: usize,
    /// How its thread spent the time ([`crate::sched`]); `None` without Linux's schedstat.
    pub sched: Option<ThreadTimes>,
}

impl GilWork {
    /// How long it lasted, waits for the GIL included.
    pub fn duration(&self) -> Duration {
        self.end.saturating_sub(self.start)
    }

    /// True when the two ran at the same instant.
    pub fn overlaps(&self, other: &GilWork) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// What a GIL remembers ([`Gil::log`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GilLog {
    /// Every hold, in the order they began.
    pub holds: Vec<Hold>,
    /// Every [`Gil::cpu_recorded`], in the order they began.
    pub works: Vec<GilWork>,
    /// Holds not remembered because there were more than the log keeps.
    pub dropped: usize,
}

impl GilLog {
    /// The holds taken with [`Gil::hold`] (for the whole closure, whoever waited).
    pub fn whole_holds(&self) -> Vec<&Hold> {
        self.holds
            .iter()
            .filter(|h| h.kind == HoldKind::Whole)
            .collect()
    }

    /// The work recorded under `label`.
    pub fn work(&self, label: &str) -> Vec<&GilWork> {
        self.works.iter().filter(|w| w.label == label).collect()
    }

    /// How many times, while `a` and `b` both ran, the GIL passed from one of their threads
    /// to the other: at least 2 means they took turns, slice by slice.
    pub fn turns_between(&self, a: &GilWork, b: &GilWork) -> usize {
        let (from, to) = (a.start.max(b.start), a.end.min(b.end));
        let mut last: Option<bool> = None;
        let mut turns = 0;
        for h in self.holds.iter().filter(|h| h.start < to && h.end > from) {
            let side = if same_thread(&h.runner, &a.runner) {
                true
            } else if same_thread(&h.runner, &b.runner) {
                false
            } else {
                continue;
            };
            if last.is_some_and(|l| l != side) {
                turns += 1;
            }
            last = Some(side);
        }
        turns
    }
}

fn same_thread(a: &Runner, b: &Runner) -> bool {
    (a.pid, a.thread_id) == (b.pid, b.thread_id)
}

/// Holding the GIL; lets go when dropped, even if the work panicked.
struct Held<'a> {
    gil: &'a Gil,
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        self.gil.release();
    }
}

impl Gil {
    /// A fresh, unheld GIL.
    pub fn new() -> Self {
        Self::default()
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // The state is updated in whole steps, so a panic elsewhere cannot leave it torn.
        self.inner.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Takes the GIL, to be let go when the guard is dropped; also returns how long it waited.
    fn take(&self, kind: HoldKind) -> (Held<'_>, Duration) {
        let waited = self.acquire(kind);
        (Held { gil: self }, waited)
    }

    /// Takes the GIL (or nests, if this thread holds it already); returns how long it waited.
    fn acquire(&self, kind: HoldKind) -> Duration {
        let me = std::thread::current().id();
        let asked = Instant::now();
        let mut s = self.state();
        if let Some((holder, depth)) = &mut s.holder
            && *holder == me
        {
            // Python's GIL is held by a thread, not by a call: nesting just counts.
            *depth += 1;
            return Duration::ZERO;
        }
        if s.holder.is_some() {
            s.waiting += 1;
            s.wanted_since.get_or_insert(asked);
            if let Some(open) = &mut s.open {
                open.kept_waiting = true;
            }
            while s.holder.is_some() {
                s = self
                    .inner
                    .changed
                    .wait(s)
                    .unwrap_or_else(|e| e.into_inner());
            }
            s.waiting -= 1;
            // A thread that handed the GIL over waits to see it taken before queueing again.
            self.inner.changed.notify_all();
        }
        let waited = asked.elapsed();
        s.holder = Some((me, 1));
        s.taken += 1;
        s.wanted_since = (s.waiting > 0).then(Instant::now);
        s.open = Some(OpenHold {
            runner: Runner::current(),
            start: clock::monotonic(),
            kind,
            kept_waiting: s.waiting > 0,
        });
        waited
    }

    fn release(&self) {
        let mut s = self.state();
        if let Some((_, depth)) = &mut s.holder
            && *depth > 1
        {
            *depth -= 1;
            return;
        }
        s.holder = None;
        if let Some(open) = s.open.take() {
            let hold = Hold {
                runner: open.runner,
                start: open.start,
                end: clock::monotonic(),
                kind: open.kind,
                kept_waiting: open.kept_waiting,
            };
            if s.holds.len() < MAX_HOLDS {
                s.holds.push(hold);
            } else {
                s.dropped += 1;
            }
        }
        drop(s);
        self.inner.changed.notify_all();
    }

    /// Called between slices of CPU work: if another thread has waited a switch interval,
    /// lets go, waits until someone else has taken the GIL, and queues for it again (as
    /// CPython's forced switching does). Returns how long it waited, if it handed over.
    fn maybe_hand_over(&self) -> Option<Duration> {
        let taken = {
            let s = self.state();
            let nested = s.holder.is_some_and(|(_, depth)| depth > 1);
            let due = s
                .wanted_since
                .is_some_and(|t| t.elapsed() >= SWITCH_INTERVAL);
            if nested || s.waiting == 0 || !due {
                return None;
            }
            s.taken
        };
        let asked = Instant::now();
        self.release();
        let mut s = self.state();
        while s.taken == taken && s.waiting > 0 {
            s = self
                .inner
                .changed
                .wait(s)
                .unwrap_or_else(|e| e.into_inner());
        }
        drop(s);
        // Queue again; the caller's guard lets go at the end.
        self.acquire(HoldKind::Cpu);
        Some(asked.elapsed())
    }

    /// Runs `work` while holding the GIL the whole time, whoever is waiting: no other
    /// thread runs GIL-bound work meanwhile. (Not how CPython runs Python code, which hands
    /// the GIL over every switch interval; this is for building such things yourself.)
    pub fn hold<T>(&self, work: impl FnOnce() -> T) -> T {
        let (_held, _) = self.take(HoldKind::Whole);
        work()
    }

    /// CPU work of `iterations` spin steps, computed only with the GIL held, handing it over
    /// whenever another thread has waited [`SWITCH_INTERVAL`] for it, as CPython does.
    /// Returns the same answer as `cpu::spin(iterations)`.
    pub fn cpu(&self, iterations: u64) -> u64 {
        self.sliced(iterations).0
    }

    /// Returns the answer, the time spent waiting for the GIL, and how often it handed over.
    fn sliced(&self, iterations: u64) -> (u64, Duration, usize) {
        let (held, mut waited) = self.take(HoldKind::Cpu);
        let (mut left, mut state, mut handovers) = (iterations, None, 0);
        loop {
            let step = left.min(SLICE);
            state = Some(cpu::spin_from(state, step));
            left -= step;
            if left == 0 {
                break;
            }
            if let Some(w) = self.maybe_hand_over() {
                waited += w;
                handovers += 1;
            }
        }
        drop(held);
        (state.unwrap_or_else(|| cpu::spin(0)), waited, handovers)
    }

    /// [`Gil::cpu`], recorded: a span of CPU work called `label` on `timeline` (drawn with
    /// the rest), and an entry in this GIL's own record ([`Gil::log`]) with the iterations
    /// done, the time spent waiting for the GIL and how the thread spent the time.
    pub fn cpu_recorded(
        &self,
        timeline: &Timeline,
        label: impl Into<String>,
        iterations: u64,
    ) -> u64 {
        let label = label.into();
        let runner = Runner::current();
        let before = ThreadTimes::now();
        let start = clock::monotonic();
        let (answer, waited, handovers) =
            timeline.record_cpu(label.clone(), || self.sliced(iterations));
        let end = clock::monotonic();
        let sched = ThreadTimes::now()
            .zip(before)
            .map(|(after, before)| after.since(&before));
        self.state().works.push(GilWork {
            label,
            runner,
            start,
            end,
            iterations,
            waited,
            handovers,
            sched,
        });
        answer
    }

    /// Blocking I/O: runs `wait` *without* taking the GIL, so other threads may compute
    /// meanwhile (Python releases it around every blocking call). It does not let go of a
    /// GIL this thread already holds through [`Gil::hold`]: waiting inside `hold` keeps
    /// everyone else waiting too.
    pub fn io<T>(&self, wait: impl FnOnce() -> T) -> T {
        wait()
    }

    /// What this GIL remembers, with times as offsets on `timeline`'s clock (for a
    /// real-clock timeline; on a tokio timeline, times are on the machine-wide clock).
    pub fn log(&self, timeline: &Timeline) -> GilLog {
        let origin = timeline.machine_origin().unwrap_or_default();
        let s = self.state();
        let at = |t: Duration| t.saturating_sub(origin);
        let mut holds: Vec<Hold> = s
            .holds
            .iter()
            .map(|h| Hold {
                start: at(h.start),
                end: at(h.end),
                ..h.clone()
            })
            .collect();
        holds.sort_by_key(|h| h.start);
        let mut works: Vec<GilWork> = s
            .works
            .iter()
            .map(|w| GilWork {
                start: at(w.start),
                end: at(w.end),
                ..w.clone()
            })
            .collect();
        works.sort_by_key(|w| w.start);
        GilLog {
            holds,
            works,
            dropped: s.dropped,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sliced_cpu_work_gives_the_same_answer() {
        let gil = Gil::new();
        for n in [0, 1, SLICE - 1, SLICE, SLICE + 1, 3 * SLICE + 7] {
            assert_eq!(gil.cpu(n), cpu::spin(n), "n = {n}");
        }
    }

    #[test]
    fn io_waits_overlap_under_the_gil() {
        let gil = Gil::new();
        let start = Instant::now();
        std::thread::scope(|s| {
            for _ in 0..3 {
                s.spawn(|| gil.io(|| std::thread::sleep(Duration::from_millis(100))));
            }
        });
        assert!(
            start.elapsed() < Duration::from_millis(250),
            "I/O overlapped"
        );
    }

    #[test]
    fn two_threads_computing_take_turns_and_never_hold_it_at_once() {
        let (gil, timeline) = (Gil::new(), Timeline::new());
        let n = cpu::calibrate(Duration::from_millis(60));
        std::thread::scope(|s| {
            for label in ["A", "B"] {
                let (gil, timeline) = (&gil, &timeline);
                s.spawn(move || assert_eq!(gil.cpu_recorded(timeline, label, n), cpu::spin(n)));
            }
        });
        let log = gil.log(&timeline);
        assert_eq!(log.works.len(), 2);
        assert!(
            log.holds.windows(2).all(|w| w[0].end <= w[1].start),
            "one holder at a time"
        );
        let (a, b) = (log.work("A")[0], log.work("B")[0]);
        assert_eq!(a.iterations, n);
        if a.overlaps(b) {
            assert!(log.turns_between(a, b) >= 2, "{log:#?}");
        }
        assert!(log.whole_holds().is_empty());
        assert_eq!(timeline.query().len(), 2, "both drawn as CPU evidence");
    }

    #[test]
    fn a_whole_hold_is_remembered_and_nesting_does_not_deadlock() {
        let (gil, timeline) = (Gil::new(), Timeline::new());
        let answer = gil.hold(|| gil.cpu_recorded(&timeline, "inside", SLICE * 3));
        assert_eq!(answer, cpu::spin(SLICE * 3));
        let log = gil.log(&timeline);
        assert_eq!(
            log.holds.len(),
            1,
            "the nested work adds no hold of its own"
        );
        assert_eq!(log.whole_holds().len(), 1);
        let span = timeline.query().spans()[0].clone();
        assert!(log.holds[0].during(&span));
    }

    #[test]
    fn a_waiting_thread_is_noted() {
        let gil = Gil::new();
        std::thread::scope(|s| {
            let (tx, rx) = std::sync::mpsc::channel();
            let g = &gil;
            s.spawn(move || {
                g.hold(|| {
                    tx.send(()).unwrap();
                    std::thread::sleep(Duration::from_millis(50));
                })
            });
            rx.recv().unwrap();
            gil.hold(|| ());
        });
        let log = gil.log(&Timeline::new());
        assert_eq!(log.holds.len(), 2);
        assert!(log.holds[0].kept_waiting, "{log:#?}");
        assert!(!log.holds[1].kept_waiting, "{log:#?}");
    }
}
