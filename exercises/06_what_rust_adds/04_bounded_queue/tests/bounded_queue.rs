//! Checks `BoundedQueue` with real threads.
//!
//! - At the limits: a producer that meets a full queue, and a consumer that meets an empty one,
//!   wait until the test changes the queue — the test's own spans (its [`Probe`]) around each
//!   push and pop show when each call returned — and they wait **asleep**: the thread's
//!   schedstat (CPU time, run-queue wait, and how many times it was scheduled in) says it
//!   neither spun, nor polled, nor slept on after it was notified.
//! - Under load: several producers and consumers on a queue of capacity 1 or 2, uneven speeds,
//!   thousands of items: each item comes out exactly once, in order per producer, the queue
//!   never held more than its capacity, and nobody waits for ever (a lost wake-up stops them
//!   all; the watchdog then names it).
//! - `push_with_blocking`: the producers' slow work (downloads, recorded by the toolkit's
//!   Downloader) runs with no lock held, so it overlaps.

use bounded_queue::BoundedQueue;
use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::SeqCst};
use std::sync::{Arc, mpsc};
use std::thread;
use std::time::Duration;
use toolkit::format::fmt_duration;
use toolkit::io::{Downloader, content};
use toolkit::timeline::query::Query;
use toolkit::watchdog::watchdog;
use toolkit::{Probe, Source, Span, Timeline};

/// Longest a test may run before the watchdog stops it.
const LIMIT: Duration = Duration::from_secs(6);
/// How long the test leaves a producer facing a full queue (a consumer an empty one).
const QUIET: Duration = Duration::from_millis(200);
/// How long the test waits for a call that should return at once before it calls it lost.
const PATIENCE: Duration = Duration::from_secs(2);
/// A thread asleep on a Condvar is scheduled in once when notified (a spurious wake-up or two
/// at most); a thread that polls every few milliseconds, dozens of times in `QUIET`.
const MAX_WAKEUPS: u64 = 5;
/// After it was notified a waiter runs at once (or waits for a core: that is not blocked).
/// Blocked this long after the notify, it was sleeping a time of its own.
const SLEPT_ON: Duration = Duration::from_millis(20);
const HANG: &str = "a push_blocking or pop_blocking never returned: a lost wake-up? Notify after \
                    every change, with the lock held (a notify sent before the change is \
                    missed by a thread that then goes back to sleep), on a Condvar that only \
                    the kind of thread you mean to wake waits on. Or is a lock still held?";
const STALLED: &str = "the producers and consumers stopped making progress: a lost wake-up. With \
                       ONE Condvar for producers and consumers, notify_one may wake a thread of \
                       the same kind (a consumer when only a producer could go on), which goes \
                       back to sleep, and nobody wakes the right one; a notify sent before the \
                       change (or with the lock released) can be missed the same way, and a \
                       notify sent only when the queue stops being empty (or full) wakes one \
                       waiter where several are asleep: notify on every change. Use two \
                       Condvars (not_full, not_empty) and notify after the change with the lock \
                       held, or notify_all on a shared one. (Or a full queue dropped an item, \
                       and a consumer waits for it for ever; or push/pop sleep instead of \
                       waiting, and everything crawls.)";

/// How the scheduler spent one thread's time: `/proc/thread-self/schedstat` (CPU time,
/// run-queue wait, times scheduled in).
#[derive(Debug, Clone, Copy)]
struct Sched {
    cpu: Duration,
    queued: Duration,
    switches: u64,
}

impl Sched {
    /// The calling thread's totals; `None` where Linux's schedstat is missing.
    fn now() -> Option<Sched> {
        let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
        let mut fields = text.split_whitespace().map(|f| f.parse::<u64>().ok());
        Some(Sched {
            cpu: Duration::from_nanos(fields.next()??),
            queued: Duration::from_nanos(fields.next()??),
            switches: fields.next()??,
        })
    }

    fn since(self, earlier: Sched) -> Sched {
        Sched {
            cpu: self.cpu.saturating_sub(earlier.cpu),
            queued: self.queued.saturating_sub(earlier.queued),
            switches: self.switches.saturating_sub(earlier.switches),
        }
    }
}

/// Runs `call` as the test's span `label`, and measures its thread's scheduling meanwhile.
fn measured<T>(probe: &Probe, label: &str, call: impl FnOnce() -> T) -> (T, Option<Sched>) {
    let before = Sched::now();
    let out = probe.record(label, call);
    let after = Sched::now();
    (out, after.zip(before).map(|(a, b)| a.since(b)))
}

fn span<'q>(q: &'q Query, label: &str) -> &'q Span {
    q.span(label)
        .unwrap_or_else(|| panic!("the test recorded no span {label:?} (a bug in the test)"))
}

fn panic_text(panic: &(dyn Any + Send)) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "(a panic without a message)".into())
}

/// A name for a waiting thread of the test, unique in this process (at most 15 bytes, what
/// Linux keeps of a thread's name). A thread started without a name inherits its creator's.
fn waiter_name(kind: &str) -> String {
    format!("bq-{kind}-{}", std::process::id() % 100_000)
}

/// Starts `body` on a thread that Linux knows as `name` (its `comm`, which a thread it
/// starts inherits) but that has no name for Rust: `thread::current().name()` is `None`
/// there, as on the crowd tests' threads, so code that sleeps only on a named thread (the
/// ones a test watches) and spins elsewhere is watched too.
fn named_by_the_kernel(name: String, body: impl FnOnce() + Send + 'static) {
    thread::Builder::new()
        .spawn(move || {
            // Best effort: where /proc is missing, the thread keeps its inherited name.
            let _ = std::fs::write("/proc/thread-self/comm", &name);
            body()
        })
        .expect("the test could not start a thread");
}

/// This file's tests: libtest names each test's thread after its test, and every thread a
/// test starts without a name inherits that name (Linux keeps 15 bytes of it). Keep in step
/// with the `#[test]` functions.
const TESTS: [&str; 9] = [
    "a_producer_waits_asleep_while_the_queue_is_full",
    "a_consumer_waits_asleep_while_the_queue_is_empty",
    "two_waiting_consumers_both_get_an_item",
    "two_waiting_producers_both_get_in",
    "two_queues_wake_their_own_waiters",
    "capacity_one_more_producers_than_consumers",
    "capacity_two_more_consumers_than_producers",
    "slow_work_runs_with_no_lock_held",
    "the_queue_starts_no_thread_of_its_own",
];

/// A name that one of this file's threads bears: a test's (as Linux keeps it), or one the
/// tests give.
fn a_test_thread(comm: &str) -> bool {
    let given = [waiter_name("push"), waiter_name("pop"), maker_name()];
    given.iter().any(|g| g == comm)
        || TESTS
            .iter()
            .any(|t| t.starts_with(comm) && comm.len() == t.len().min(15))
}

/// Sleeps `QUIET` while a thread named `name` waits on the queue, looking every few
/// milliseconds for threads it started meanwhile: threads bearing its name (a thread
/// started without a name inherits it), and threads not there `before` whose name none of
/// this file's threads bears. Returns the most seen at once.
fn quiet_watching(name: &str, before: &[(String, String)]) -> usize {
    let start = std::time::Instant::now();
    let mut most = 0;
    while start.elapsed() < QUIET {
        if let Some(threads) = threads() {
            let namesakes = threads.iter().filter(|(_, c)| c == name).count();
            let strangers = threads
                .iter()
                .filter(|(tid, c)| {
                    c != name && !a_test_thread(c) && !before.iter().any(|(t, _)| t == tid)
                })
                .count();
            most = most.max(namesakes.saturating_sub(1) + strangers);
        }
        thread::sleep(Duration::from_millis(5));
    }
    most
}

/// Fails if the waiting call started threads of its own while it waited.
fn expect_no_helper(helpers: usize, call: &str) {
    assert!(
        helpers == 0,
        "{call} started {helpers} thread(s) of its own while it waited (threads that bear \
         the waiting thread's name, which a thread started without a name inherits, or that \
         appeared meanwhile with a name of their own): a helper that watches the queue and \
         wakes the waiter is polling in disguise — the waiting thread sleeps, and the \
         helper burns the time slices instead. The wake-up \
         comes from push and pop themselves: notify the Condvar after every change, with \
         the lock held"
    );
}

/// `call` (the `waiter` span) waited for the test's `wake` span: it must have waited asleep,
/// and stopped sleeping when `wake` notified it.
#[track_caller]
fn expect_slept(q: &Query, waiter: &Span, sched: Option<Sched>, wake: &Span, call: &str) {
    let Some(sched) = sched else {
        return; // no schedstat on this machine: the timeline checks above still hold
    };
    let wall = waiter.duration();
    let blocked = wall.saturating_sub(sched.cpu + sched.queued);
    q.expect(
        blocked >= wall / 2,
        &format!(
            "{call} spun instead of sleeping: of the {} it waited, its thread ran on a core for \
             {} and waited for one for {} — blocked (asleep) only {}",
            fmt_duration(wall),
            fmt_duration(sched.cpu),
            fmt_duration(sched.queued),
            fmt_duration(blocked)
        ),
        "a loop that checks again and again (even with yield_now or spin_loop) burns a core. \
         Wait on a Condvar: cond.wait(guard) releases the lock and puts the thread to sleep \
         until another thread notifies",
    );
    q.expect(
        sched.switches <= MAX_WAKEUPS,
        &format!(
            "{call} polled: its thread woke up {} times while it waited {}, though nothing \
             changed until the test's {:?}",
            sched.switches,
            fmt_duration(wall),
            wake.label
        ),
        "sleeping a little and checking again (thread::sleep, or wait_timeout in a loop) wakes \
         the thread for nothing, and answers late. Wait on a Condvar with wait(): the thread \
         sleeps until notified",
    );
    // Before `wake` ended the waiter was blocked at most from its start to then; whatever
    // blocked time is left over came after the notify.
    let before_wake = wake.end.saturating_sub(waiter.start);
    let after_wake = blocked.saturating_sub(before_wake);
    q.expect(
        after_wake < SLEPT_ON,
        &format!(
            "{call} slept on after the test's {:?} had notified it: its thread was blocked for \
             at least {} more",
            wake.label,
            fmt_duration(after_wake)
        ),
        "a sleep of a fixed time, or a poll with a long interval, is not waiting: wait on a \
         Condvar, which the other side notifies the moment it changes the queue",
    );
}

// ---------------------------------------------------------------------------------------
// At the limits
// ---------------------------------------------------------------------------------------

#[test]
fn a_producer_waits_asleep_while_the_queue_is_full() {
    let _turn = shared();
    let (timeline, probe) = Timeline::with_probe();
    let (popped, pushed_in_quiet, third, helpers) = watchdog(LIMIT, HANG, move || {
        let queue = Arc::new(BoundedQueue::new(2));
        let pushed = Arc::new(AtomicUsize::new(0));
        let (done, producer) = mpsc::channel();
        let name = waiter_name("push");
        let before = threads().unwrap_or_default();
        {
            let (queue, pushed, probe) = (queue.clone(), pushed.clone(), probe.clone());
            named_by_the_kernel(name.clone(), move || {
                let mut third = None;
                for i in 0..3u64 {
                    let ((), sched) =
                        measured(&probe, &format!("push {i}"), || queue.push_blocking(i));
                    pushed.fetch_add(1, SeqCst);
                    third = sched;
                }
                let _ = done.send(third);
            });
        }
        // Let the producer fill the queue (and panic, if it does), then leave it full.
        while pushed.load(SeqCst) < 2 {
            if let Err(mpsc::TryRecvError::Disconnected) = producer.try_recv() {
                panic!("push_blocking panicked (its message is above)");
            }
            thread::sleep(Duration::from_millis(1));
        }
        let helpers = quiet_watching(&name, &before);
        let pushed_in_quiet = pushed.load(SeqCst);
        // Each pop on a thread of its own: one that never returns is reported, not waited for.
        let pop = |i: usize| {
            let (queue, probe) = (queue.clone(), probe.clone());
            let (out, item) = mpsc::channel();
            thread::spawn(move || {
                let _ = out.send(probe.record(format!("pop {i}"), || queue.pop_blocking()));
            });
            match item.recv_timeout(PATIENCE) {
                Ok(item) => Some(item),
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    panic!("pop_blocking panicked (its message is above)")
                }
                Err(mpsc::RecvTimeoutError::Timeout) => None,
            }
        };
        let mut popped: Vec<u64> = pop(0).into_iter().collect();
        // The first pop made room: push 2 must get in now. Nothing else touches the queue
        // until it has returned, so its thread's wake-up is measured on its own.
        let third = producer.recv_timeout(PATIENCE).ok();
        if popped.len() == 1 {
            popped.extend((1..3).map_while(pop));
        }
        (popped, pushed_in_quiet, third, helpers)
    });

    expect_no_helper(helpers, "push_blocking on a full queue");
    let q = timeline.query();
    if third.is_none() && pushed_in_quiet < 3 {
        panic!(
            "{}",
            q.failure(
                &format!(
                    "the test's first pop made room (it got {popped:?}), and push_blocking(2) \
                     still had not returned {} later: it was never woken, or woke and went \
                     back to sleep",
                    fmt_duration(PATIENCE)
                ),
                "a lost wake-up: pop_blocking must notify the Condvar that producers wait on \
                 — after it took the item out, with the lock held. (A notify sent before the \
                 change wakes a producer that still finds the queue full and goes back to \
                 sleep: the wake-up is lost)"
            )
        );
    }
    if popped.len() < 3 {
        let problem = if pushed_in_quiet == 3 {
            format!(
                "push_blocking(2) returned while the queue was full, and only {} of the 3 items \
                 came out ({popped:?}): the full queue dropped the item",
                popped.len()
            )
        } else {
            format!(
                "the test popped {popped:?} and then waited {} for the next item in vain",
                fmt_duration(PATIENCE)
            )
        };
        panic!(
            "{}",
            q.failure(
                &problem,
                "a producer that finds the queue full must wait (not drop the item) until a \
                 pop makes room, then put the item in"
            )
        );
    }
    q.expect(
        pushed_in_quiet == 2,
        &format!(
            "push_blocking(2) returned while the queue already held its capacity (2 items) and \
             nobody was popping: the queue never blocked, and held {pushed_in_quiet} items"
        ),
        "a bounded queue makes the producer wait while it is full: lock, then `while \
         items.len() == capacity { items = not_full.wait(items).unwrap(); }`, then push",
    );
    q.expect(
        popped == [0, 1, 2],
        &format!("pushed 0, 1, 2 and popped {popped:?}"),
        "a queue hands items out in the order they went in (first in, first out): push_back \
         and pop_front on a VecDeque",
    );
    let Some(third) = third else {
        panic!(
            "{}",
            q.failure(
                "push_blocking(2) never returned, although the test popped all three items",
                "is the producer still asleep? pop_blocking must notify the Condvar that \
                 producers wait on"
            )
        );
    };
    let (push, pop) = (span(&q, "push 2"), span(&q, "pop 0"));
    q.expect(
        push.end >= pop.start,
        "push_blocking(2) returned before the test's first pop made room",
        "wait while the queue is full",
    );
    expect_slept(&q, push, third, pop, "push_blocking on a full queue");
}

#[test]
fn a_consumer_waits_asleep_while_the_queue_is_empty() {
    let _turn = shared();
    let (timeline, probe) = Timeline::with_probe();
    let ((got, sched), helpers) = watchdog(LIMIT, HANG, move || {
        let queue = Arc::new(BoundedQueue::new(2));
        let started = Arc::new(AtomicBool::new(false));
        let (out, popped) = mpsc::channel();
        let name = waiter_name("pop");
        let before = threads().unwrap_or_default();
        {
            let (queue, started, probe) = (queue.clone(), started.clone(), probe.clone());
            named_by_the_kernel(name.clone(), move || {
                started.store(true, SeqCst);
                let _ = out.send(measured(&probe, "pop", || queue.pop_blocking()));
            });
        }
        while !started.load(SeqCst) {
            thread::sleep(Duration::from_millis(1));
        }
        let helpers = quiet_watching(&name, &before);
        if let Err(mpsc::TryRecvError::Disconnected) = popped.try_recv() {
            panic!(
                "pop_blocking panicked on an empty queue (its message is above): it must wait \
                 until an item arrives — while the queue is empty, wait on a Condvar"
            );
        }
        probe.record("push 7", || queue.push_blocking(7u64));
        match popped.recv_timeout(PATIENCE) {
            Ok(got) => (got, helpers),
            Err(_) => panic!(
                "pop_blocking never returned, although the test pushed an item {} ago: a lost \
                 wake-up. push_blocking must notify the Condvar that consumers wait on, after \
                 it put the item in, with the lock held",
                fmt_duration(PATIENCE)
            ),
        }
    });
    expect_no_helper(helpers, "pop_blocking on an empty queue");
    let q = timeline.query();
    q.expect(
        got == 7,
        &format!("pop_blocking returned {got}, but the only item pushed was 7"),
        "return the item at the front of the queue",
    );
    let (pop, push) = (span(&q, "pop"), span(&q, "push 7"));
    q.expect(
        pop.end >= push.start,
        "pop_blocking returned before anything was pushed",
        "wait while the queue is empty",
    );
    expect_slept(&q, pop, sched, push, "pop_blocking on an empty queue");
}

/// Two threads of one kind are `blocked` on the queue; then `release` makes two changes back
/// to back, each of which lets one of them go on. Both must: `None` where one stayed asleep.
fn two_waiters(
    capacity: usize,
    prefill: &[u64],
    blocked: fn(&BoundedQueue<u64>),
    release: fn(&BoundedQueue<u64>),
) -> Option<()> {
    let queue = Arc::new(BoundedQueue::new(capacity));
    for &item in prefill {
        queue.push_blocking(item);
    }
    let (done, finished) = mpsc::channel();
    for _ in 0..2 {
        let (queue, done) = (queue.clone(), done.clone());
        thread::spawn(move || {
            blocked(&queue);
            let _ = done.send(());
        });
    }
    drop(done);
    // Long enough for both to be asleep on the queue.
    thread::sleep(QUIET / 2);
    if let Ok(()) = finished.try_recv() {
        panic!(
            "a thread returned at once from a queue it had to wait on: push_blocking must wait \
             while the queue is full, pop_blocking while it is empty"
        );
    }
    release(&queue);
    for _ in 0..2 {
        match finished.recv_timeout(PATIENCE) {
            Ok(()) => {}
            Err(mpsc::RecvTimeoutError::Timeout) => return None,
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                panic!("push_blocking or pop_blocking panicked (its message is above)")
            }
        }
    }
    Some(())
}

#[test]
fn two_waiting_consumers_both_get_an_item() {
    let _turn = shared();
    let both = watchdog(LIMIT, HANG, || {
        two_waiters(
            2,
            &[],
            |queue| {
                queue.pop_blocking();
            },
            |queue| {
                queue.push_blocking(1);
                queue.push_blocking(2);
            },
        )
    });
    assert!(
        both.is_some(),
        "two consumers were waiting on an empty queue, the test pushed two items, and only one \
         consumer woke up: the other slept on beside an item (a lost wake-up). Did push notify \
         only when the queue stopped being empty? With several consumers asleep each push must \
         wake one: notify on every change (notify_one on a Condvar that only consumers wait on)"
    );
}

#[test]
fn two_waiting_producers_both_get_in() {
    let _turn = shared();
    let both = watchdog(LIMIT, HANG, || {
        two_waiters(
            2,
            &[10, 11],
            |queue| queue.push_blocking(12),
            |queue| {
                queue.pop_blocking();
                queue.pop_blocking();
            },
        )
    });
    assert!(
        both.is_some(),
        "two producers were waiting on a full queue, the test popped two items, and only one \
         producer got in: the other slept on beside a free place (a lost wake-up). Did pop \
         notify only when the queue stopped being full? With several producers asleep each pop \
         must wake one: notify on every change (notify_one on a Condvar that only producers \
         wait on)"
    );
}

/// Tests that use queues hold this shared; the test of two queues at once holds it alone, so
/// that no other test's queue runs meanwhile (with Condvars shared by every queue, another
/// test's notify could wake its waiter by luck, and hide the mistake).
static TURN: std::sync::RwLock<()> = std::sync::RwLock::new(());

fn shared() -> std::sync::RwLockReadGuard<'static, ()> {
    TURN.read()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn exclusive() -> std::sync::RwLockWriteGuard<'static, ()> {
    TURN.write()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Two queues, a consumer asleep on each (the one on `first` asleep before the other); the
/// test pushes an item into `second` only: its consumer must get it. Condvars shared by
/// every queue (statics) with notify_one wake the longest sleeper, on the other queue.
#[test]
fn two_queues_wake_their_own_waiters() {
    let _turn = exclusive();
    // Five rounds, each with two new queues: a busy machine can delay the first consumer's
    // sleep until after the second's, and then even shared Condvars wake the right one. Every
    // round must wake the second queue's consumer; the first round that does not is reported.
    let woke = watchdog(LIMIT, HANG, || {
        let mut woke = None;
        for _ in 0..5 {
            woke = one_round_of_two_queues();
            if woke != Some((1, 42)) {
                break;
            }
        }
        woke
    });
    assert!(
        woke == Some((1, 42)),
        "two queues, a consumer asleep on each; the test pushed 42 into the second queue \
         only, and its consumer {}: a push on one queue woke a waiter of another. Are the \
         Condvars (or the Mutex) statics, shared by every queue? Then notify_one wakes \
         whichever thread of any queue has slept longest, and the one that could go on \
         sleeps on (a lost wake-up as soon as two queues are in use at once). Each queue \
         needs Condvars of its own: fields of the struct",
        match woke {
            None => format!("had not returned {} later", fmt_duration(PATIENCE)),
            Some((which, item)) => format!("did not get it (queue {which}'s got {item})"),
        }
    );
}

/// One round of [`two_queues_wake_their_own_waiters`]: which consumer got which item, if
/// one returned within [`PATIENCE`] of the push into the second queue.
fn one_round_of_two_queues() -> Option<(u64, u64)> {
    let first = Arc::new(BoundedQueue::<u64>::new(1));
    let second = Arc::new(BoundedQueue::<u64>::new(1));
    let (done, finished) = mpsc::channel();
    for (which, queue) in [(0, &first), (1, &second)] {
        let (queue, done) = (Arc::clone(queue), done.clone());
        thread::spawn(move || {
            let item = queue.pop_blocking();
            let _ = done.send((which, item));
        });
        // Long enough for this consumer to be asleep before the next one waits.
        thread::sleep(QUIET / 2);
    }
    if let Ok((which, _)) = finished.try_recv() {
        panic!(
            "the consumer of queue {which} returned at once from an empty queue: \
             pop_blocking must wait while the queue is empty"
        );
    }
    second.push_blocking(42);
    let woke = finished.recv_timeout(PATIENCE).ok();
    // Let the other consumer go, whatever happened.
    first.push_blocking(41);
    woke
}

// ---------------------------------------------------------------------------------------
// Many producers and consumers
// ---------------------------------------------------------------------------------------

/// `producers` threads push `each` numbered items apiece (the first one slower), `consumers`
/// threads pop them all (the first one slower), on a queue of `capacity`.
/// Many short crowds rather than one long one: a lost wake-up mostly strands a thread near
/// the end of a run, when nobody is left to notify it, and every round has an end.
const ROUNDS: usize = 10;

fn crowd(capacity: usize, producers: u64, consumers: u64, each: u64) {
    let total = producers * each;
    assert_eq!(total % consumers, 0, "a bug in the test: uneven shares");
    let share = total / consumers;
    let (received, most) = watchdog(LIMIT, STALLED, move || {
        let queue = Arc::new(BoundedQueue::new(capacity));
        // What the test knows for sure about the queue's length: every push that returned put
        // an item in; at most as many items came out as pops were called.
        let (returned, called, most) = (
            Arc::new(AtomicUsize::new(0)),
            Arc::new(AtomicUsize::new(0)),
            Arc::new(AtomicUsize::new(0)),
        );
        let (report, reports) = mpsc::channel::<(String, Result<Vec<u64>, String>)>();
        for p in 0..producers {
            let (queue, returned, called, most) = (
                queue.clone(),
                returned.clone(),
                called.clone(),
                most.clone(),
            );
            let report = report.clone();
            thread::spawn(move || {
                let outcome = catch_unwind(AssertUnwindSafe(|| {
                    for i in 0..each {
                        queue.push_blocking(p * 1_000_000 + i);
                        let in_queue =
                            (returned.fetch_add(1, SeqCst) + 1).saturating_sub(called.load(SeqCst));
                        most.fetch_max(in_queue, SeqCst);
                        if p == 0 {
                            toolkit::cpu::spin(20_000); // the slow producer
                        }
                    }
                    Vec::new()
                }));
                let _ = report.send((
                    format!("producer {p}"),
                    outcome.map_err(|e| panic_text(&*e)),
                ));
            });
        }
        for c in 0..consumers {
            let (queue, called, report) = (queue.clone(), called.clone(), report.clone());
            thread::spawn(move || {
                let outcome = catch_unwind(AssertUnwindSafe(|| {
                    (0..share)
                        .map(|_| {
                            called.fetch_add(1, SeqCst);
                            let item = queue.pop_blocking();
                            if c == 0 {
                                toolkit::cpu::spin(20_000); // the slow consumer
                            }
                            item
                        })
                        .collect()
                }));
                let _ = report.send((
                    format!("consumer {c}"),
                    outcome.map_err(|e| panic_text(&*e)),
                ));
            });
        }
        drop(report);
        let mut received = Vec::new();
        for _ in 0..producers + consumers {
            let (who, outcome) = reports.recv().expect("every thread reports");
            match outcome {
                Ok(items) => received.push(items),
                Err(text) if text.starts_with("not yet implemented") => panic!("{who}: {text}"),
                Err(text) if who.starts_with("consumer") => panic!(
                    "pop_blocking panicked in {who}: {text}. A consumer woken from wait() found \
                     the queue empty: another consumer took the item between the notify and \
                     this one getting the lock. Wait in a `while` loop (`while \
                     items.is_empty() {{ items = not_empty.wait(items).unwrap(); }}`), not an \
                     `if`: a woken thread must look again. And take the item with the guard \
                     you waited with: a lock let go after the wait and taken again to pop \
                     lets another consumer in between"
                ),
                Err(text) => panic!(
                    "push_blocking panicked in {who}: {text}. A producer woken from wait() \
                     must look again (a `while` loop): another producer may have filled the \
                     free place first. And push with the guard you waited with, not after \
                     taking the lock again"
                ),
            }
        }
        (received, most.load(SeqCst))
    });

    let case =
        format!("capacity {capacity}, {producers} producers, {consumers} consumers, {total} items");
    let mut all: Vec<u64> = received.iter().flatten().copied().collect();
    all.sort_unstable();
    let want: Vec<u64> = (0..producers)
        .flat_map(|p| (0..each).map(move |i| p * 1_000_000 + i))
        .collect();
    assert!(
        all == want,
        "{case}: the items that came out are not the items that went in, each exactly once \
         ({} out, {} in): a queue must neither lose nor repeat an item",
        all.len(),
        want.len()
    );
    for (c, items) in received.iter().enumerate() {
        for p in 0..producers {
            let from_p: Vec<u64> = items
                .iter()
                .copied()
                .filter(|x| x / 1_000_000 == p)
                .collect();
            assert!(
                from_p.is_sorted(),
                "{case}: consumer {c} got producer {p}'s items out of order: a queue hands \
                 items out first in, first out (push_back and pop_front on a VecDeque)"
            );
        }
    }
    assert!(
        most <= capacity,
        "{case}: at one moment the queue held at least {most} items, more than its capacity \
         {capacity}: a producer pushed into a full queue. Did you wait with `if` instead of \
         `while` (or while `len() > capacity`, one too many)? A full queue holds exactly \
         `capacity` items: wait while `items.len() == capacity`. A woken producer must check again — another one may have taken the free \
         place first — and wait again if the queue is still full"
    );
}

#[test]
fn capacity_one_more_producers_than_consumers() {
    let _turn = shared();
    for _ in 0..ROUNDS {
        crowd(1, 4, 2, 150);
    }
}

#[test]
fn capacity_two_more_consumers_than_producers() {
    let _turn = shared();
    for _ in 0..ROUNDS {
        crowd(2, 2, 4, 200);
    }
}

// ---------------------------------------------------------------------------------------
// The producer's slow work
// ---------------------------------------------------------------------------------------

#[test]
fn slow_work_runs_with_no_lock_held() {
    let _turn = shared();
    let files = ["A", "B", "C"];
    let timeline = Timeline::new();
    let downloader = Downloader::new(&timeline, Duration::from_millis(100))
        .with_duration("A", Duration::from_millis(150));
    let made = timeline.clone();
    let (popped, returned_unpopped) = watchdog(LIMIT, HANG, move || {
        let queue = BoundedQueue::new(1);
        let returned = AtomicUsize::new(0);
        thread::scope(|s| {
            for name in files {
                let (queue, downloader, returned) = (&queue, &downloader, &returned);
                s.spawn(move || {
                    queue.push_with_blocking(|| downloader.download_blocking(name));
                    returned.fetch_add(1, SeqCst);
                });
            }
            // Nobody pops until the three items are made (or PATIENCE has passed: made one
            // at a time, they may never all be): the queue (capacity 1) has room for one of
            // them, and the other two pushes must wait.
            let making = std::time::Instant::now();
            while made.query().from_source(Source::Download).len() < files.len()
                && making.elapsed() < PATIENCE
            {
                thread::sleep(Duration::from_millis(5));
            }
            let quiet = std::time::Instant::now();
            while returned.load(SeqCst) < files.len() && quiet.elapsed() < QUIET {
                thread::sleep(Duration::from_millis(5));
            }
            let returned_unpopped = returned.load(SeqCst);
            let mut popped: Vec<String> = (0..files.len()).map(|_| queue.pop_blocking()).collect();
            popped.sort();
            (popped, returned_unpopped)
        })
    });
    let q = timeline.query();
    q.expect(
        returned_unpopped <= 1,
        &format!(
            "three producers called push_with_blocking on a queue of capacity 1 while nobody \
             popped, and {returned_unpopped} of them returned once their items were made: the \
             queue took more items than its capacity. Room waited for before make() runs is \
             not room any more when the item is ready: another producer took it meanwhile"
        ),
        "make the item first, with no lock held, then push it with push_blocking, which \
         looks (and waits) for room with the lock held, in a `while` loop, right before the \
         push: `let item = make(); self.push_blocking(item)`",
    );
    q.expect_each_once(
        &files,
        "downloaded",
        "call make() exactly once per push_with_blocking",
    );
    let mut want: Vec<String> = files.iter().map(|f| content(f)).collect();
    want.sort();
    q.expect(
        popped == want,
        "the items popped are not the three downloaded files",
        "push the item that make() returned",
    );
    q.expect(
        q.max_concurrency() == files.len(),
        &format!(
            "the producers' downloads ran one after another (at most {} of {} at once): \
             push_with_blocking held the queue's lock while make() ran (or a lock of its own \
             around make()), so every other producer waited for it",
            q.max_concurrency(),
            files.len()
        ),
        "call make() first, with no lock held (the queue's or any other), and only then lock \
         the queue to push the item: \
         `let item = make(); self.push_blocking(item)`",
    );
}

// ---------------------------------------------------------------------------------------
// No helper thread
// ---------------------------------------------------------------------------------------

/// This process's threads, as (thread id, OS name `comm`), where Linux shows them.
fn threads() -> Option<Vec<(String, String)>> {
    let tasks = std::fs::read_dir("/proc/self/task").ok()?;
    Some(
        tasks
            .flatten()
            .filter_map(|t| {
                let comm = std::fs::read_to_string(t.path().join("comm")).ok()?;
                Some((
                    t.file_name().to_string_lossy().into_owned(),
                    comm.trim_end().to_owned(),
                ))
            })
            .collect(),
    )
}

/// The name of the thread that makes the queue in `the_queue_starts_no_thread_of_its_own`.
fn maker_name() -> String {
    format!("bq-maker-{}", std::process::id() % 100_000)
}

#[test]
fn the_queue_starts_no_thread_of_its_own() {
    let _turn = shared();
    // The queue is made on a thread with a name of its own; a thread it starts without a
    // name inherits that name from the kernel. Once the maker has ended, a thread still
    // bearing its name was started by the queue.
    let name = maker_name();
    let maker = name.clone();
    let before = threads().unwrap_or_default();
    // Bound to a name (not `_`), so the queue lives to the end of the test: a watcher that
    // lives as long as the queue is still running when the threads are counted.
    let _queue = thread::Builder::new()
        .name(maker)
        .spawn(|| BoundedQueue::<u64>::new(2))
        .expect("the test could not start a thread")
        .join()
        .expect("BoundedQueue::new panicked (its message is above)");
    // The maker has been joined; give the kernel a moment to reap its task.
    let mut left = 0;
    for _ in 0..50 {
        let Some(threads) = threads() else { return };
        // Threads bearing the maker's name, and threads that were not there before with a
        // name none of this file's threads bears.
        left = threads
            .iter()
            .filter(|(tid, c)| {
                *c == name || (!a_test_thread(c) && !before.iter().any(|(t, _)| t == tid))
            })
            .count();
        if left == 0 {
            break;
        }
        thread::sleep(Duration::from_millis(2));
    }
    assert!(
        left == 0,
        "BoundedQueue::new started {left} thread(s) of its own that still run while the queue \
         is alive (bearing the name of the thread that made it, or a name of their own): a \
         watcher that looks at the queue now and then and wakes the waiters is polling in \
         disguise (it burns a core's time slices, and a waiter wakes only when it next \
         looks). The waiters' wake-ups come from push and pop themselves: notify the \
         Condvar after every change, with the lock held"
    );
}
