//! Checks `count_hits` and `Stats` two ways:
//!
//! - under **loom** (`Loom` backend): two or three threads, one or two updates each, run in
//!   every interleaving that matters, so a lost update or a half-made snapshot is found every
//!   time, not by luck. The test owns what it checks (the counter it hands you, the values it
//!   records) and counts the interleavings loom ran: code that uses no loom type leaves loom
//!   nothing to interleave, and is named.
//! - on **real threads** (`Std` backend): many threads, many updates, an exact total.

use atomic_counter::{Atomic, Backend, Lock, Loom, Snapshot, Stats, Std, count_hits};
use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::ops::DerefMut;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Barrier, Mutex};
use std::time::Duration;
use toolkit::watchdog::watchdog;

/// Real time for a whole test: loom's runs here take well under a second.
const LIMIT: Duration = Duration::from_secs(10);
const HANG: &str = "stuck: under loom, a std::sync::Mutex (or a std lock of any kind) that two \
                    of loom's threads wait for blocks the one real thread they all run on. \
                    Use S::Mutex (loom's, under the model checker), never std's directly";

/// A number in `low..high`, different each run.
fn random(low: usize, high: usize) -> usize {
    low + (RandomState::new().hash_one(0u8) as usize) % (high - low)
}

/// Runs `body` in every interleaving loom explores; returns how many it ran. A panic in any
/// of them (an assertion of the test) fails the test with its message.
fn explore(body: impl Fn() + Send + Sync + 'static) -> usize {
    // Two or three threads with one or two updates each: a few hundred interleavings at
    // most. The bound keeps a wrong solution with many steps from exploring for minutes.
    explore_bounded(3, body)
}

/// [`explore`] with a preemption bound of `bound`: 1 for a model with a long run of steps,
/// where one preemption is all a lost update needs.
fn explore_bounded(bound: usize, body: impl Fn() + Send + Sync + 'static) -> usize {
    let runs = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&runs);
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = Some(bound);
    builder.max_branches = 10_000;
    builder.check(move || {
        counted.fetch_add(1, Ordering::Relaxed);
        body();
    });
    runs.load(Ordering::Relaxed)
}

/// Evidence that loom saw the learner's code: it explored more interleavings than it does
/// for the test's own steps around a stand-in that uses no loom type (`baseline`). Code on
/// std's atomics or Mutex, a static or a thread_local shows loom nothing to interleave, so
/// loom checks nothing, and such code runs in the baseline's few interleavings only.
fn expect_explored(runs: usize, baseline: usize, what: &str) {
    assert!(
        runs > baseline,
        "hidden from the model checker: loom ran {what} in {runs} interleaving(s), no more \
         than the {baseline} it runs for the test's own steps around code with no loom type \
         inside. Your code used none of loom's types, so loom saw nothing to interleave and \
         checked nothing. Use S::Mutex and S::Atomic (loom's, under the model checker), not \
         std's atomics or Mutex directly, not a static, not a thread_local!"
    );
}

/// One thread alone, no race possible: `count_hits(&hits, n)` must add exactly `n`. Run
/// before the races, so a miscount is not blamed on a lost update.
fn expect_exact_count_alone() {
    let times = random(3, 9);
    let hits = <AtomicUsize as Atomic>::new(0);
    count_hits(&hits, times);
    let total = hits.load(Ordering::SeqCst);
    assert!(
        total == times,
        "one thread alone called count_hits(&hits, {times}) on a new counter and it ends at \
         {total}{}: with no other thread there is no race, so this is the count itself. \
         count_hits adds 1 exactly `times` times (`for _ in 0..times`), to `hits` and \
         nothing else",
        if total == times + 1 {
            ", one too many (`0..=times` runs times + 1 times: the range must stop before \
             times)"
                .to_string()
        } else if total > times {
            format!(
                ", more than {times} (a static or thread_local! total outlives the call, and \
                 the test's counter must get only this call's hits)"
            )
        } else {
            String::new()
        }
    );
    // A batch of no hits (an empty batch of requests) adds nothing: the edge every loop
    // bound must get right.
    let none = std::panic::catch_unwind(|| {
        let hits = <AtomicUsize as Atomic>::new(0);
        count_hits(&hits, 0);
        hits.load(Ordering::SeqCst)
    });
    assert!(
        matches!(none, Ok(0)),
        "one thread alone called count_hits(&hits, 0) on a new counter and it {}: a batch of \
         no hits must add nothing. Count with `for _ in 0..times` (empty when times is 0); a \
         bound like `0..=times - 1` underflows at 0",
        match none {
            Ok(total) => format!("ends at {total}"),
            Err(_) => "panicked".to_string(),
        }
    );
}

#[test]
fn no_hit_is_lost_in_any_interleaving() {
    expect_exact_count_alone();
    watchdog(LIMIT, HANG, || {
        explore(|| {
            // The test owns the counter: only what your code does to it counts.
            let hits = loom::sync::Arc::new(<loom::sync::atomic::AtomicUsize as Atomic>::new(0));
            let threads: Vec<_> = (0..2)
                .map(|_| {
                    let hits = loom::sync::Arc::clone(&hits);
                    loom::thread::spawn(move || count_hits(&*hits, 2))
                })
                .collect();
            for thread in threads {
                thread.join().expect("a thread of the test panicked");
            }
            let total = hits.load(Ordering::SeqCst);
            assert!(
                total <= 4,
                "two threads each called count_hits(&hits, 2), and the counter the test \
                 handed them ends at {total}, more than 4: count_hits adds 1, `times` times, \
                 to `hits` and nothing else (a static or thread_local! total outlives the \
                 call: loom runs the threads many times)"
            );
            assert!(
                total == 4,
                "lost update: two threads each called count_hits(&hits, 2), and in one \
                 interleaving loom found the counter ends at {total}, not 4. Both threads \
                 loaded the same value and both stored value + 1: a load and a store are two \
                 steps, and the other thread stored in between. Use one indivisible step: \
                 hits.fetch_add(1, Ordering::Relaxed)"
            );
        });
        // The same with the batch the real threads use below beside a single hit: one
        // preemption bound is enough for a lost update, and keeps the long run small.
        explore_bounded(1, || {
            let hits = loom::sync::Arc::new(<loom::sync::atomic::AtomicUsize as Atomic>::new(0));
            let threads: Vec<_> = [BATCH, 1]
                .into_iter()
                .map(|times| {
                    let hits = loom::sync::Arc::clone(&hits);
                    loom::thread::spawn(move || count_hits(&*hits, times))
                })
                .collect();
            for thread in threads {
                thread.join().expect("a thread of the test panicked");
            }
            let total = hits.load(Ordering::SeqCst);
            assert!(
                total == BATCH + 1,
                "lost update: one thread called count_hits(&hits, {BATCH}) while another \
                 called count_hits(&hits, 1), and in one interleaving loom found the counter \
                 ends at {total}, not {}. count_hits must be right for every `times`, not only \
                 for one or two hits: a batch read once and written once (value + times) is a \
                 load and a store, and the other thread stored in between. Use \
                 hits.fetch_add(1, Ordering::Relaxed) for each hit (or one \
                 hits.fetch_add(times, ..))",
                BATCH + 1
            );
        })
    });
}

/// The snapshots two records of `a` and `b` can give, one at a time: before, after either,
/// after both.
fn consistent(a: usize, b: usize) -> [Snapshot; 4] {
    let snap = |count, sum, max| Snapshot { count, sum, max };
    [
        snap(0, 0, 0),
        snap(1, a, a),
        snap(1, b, b),
        snap(2, a + b, a.max(b)),
    ]
}

/// The model of two records and a snapshot, around any statistics type `T`: two loom threads
/// record 3 and 5 while the test's thread takes a snapshot; then a last snapshot.
fn two_records_and_a_snapshot<T: Send + Sync + 'static>(
    new: fn() -> T,
    record: fn(&T, usize),
    snapshot: fn(&T) -> Snapshot,
) -> usize {
    explore(move || {
        let stats = loom::sync::Arc::new(new());
        let (a, b) = (3, 5);
        let threads: Vec<_> = [a, b]
            .into_iter()
            .map(|value| {
                let stats = loom::sync::Arc::clone(&stats);
                loom::thread::spawn(move || record(&stats, value))
            })
            .collect();
        // Taken while the two records may be half-way.
        let seen = snapshot(&stats);
        for thread in threads {
            thread.join().expect("a thread of the test panicked");
        }
        let last = snapshot(&stats);
        let done = Snapshot {
            count: 2,
            sum: a + b,
            max: a.max(b),
        };
        assert!(
            last.count <= 2 && last.sum <= a + b,
            "more than was recorded: after two threads recorded {a} and {b} in a new Stats, \
             loom found the snapshot {last:?}. The numbers outlive the Stats they belong to \
             (a static, or a thread_local!: loom runs all its threads on one real thread, \
             many times over). Keep them in the Stats, in S::Mutex"
        );
        assert!(
            last == done,
            "lost update: after two threads recorded {a} and {b}, in one interleaving loom \
             found the snapshot {last:?}, expected {done:?}. A load and a store (or a check \
             of max, then a store) are two steps, and the other thread stored in between: \
             change all three numbers under one lock (S::Mutex)"
        );
        assert!(
            consistent(a, b).contains(&seen),
            "half a record: while two threads recorded {a} and {b}, a snapshot taken \
             meanwhile read {seen:?}, which is none of {:?} (before, after one, after both). \
             Count, sum and max were read one by one while a record was between its \
             updates: each atomic on its own loses nothing, but three of them are not one \
             step. Keep the three numbers in one struct behind one S::Mutex, and let record \
             and snapshot each lock it once",
            consistent(a, b)
        );
    })
}

/// A std Mutex locked again on the thread that holds it waits for ever; under loom that
/// deadlock would abort the whole test binary, message and all. So: one thread, std's types,
/// a short watchdog, first.
fn expect_no_lock_held_twice() {
    watchdog(
        Duration::from_secs(3),
        "one thread alone recorded a value and took a snapshot, and never returned: a lock \
         taken again while its guard is still alive waits for ever (a deadlock). A guard \
         lives to the end of its statement: `Snapshot { count: self.totals.lock().count, \
         sum: self.totals.lock().sum, .. }` holds the first guard while it takes the second. \
         Lock once, copy what you need, let the guard go",
        || {
            let stats = Stats::<Std>::new();
            stats.record(1);
            stats.snapshot()
        },
    );
}

/// A backend of the test's own: loom's atomic and Mutex, each wrapped in a type of the test,
/// so loom checks code on it just as on [`Loom`], and no code can tell it is loom's.
enum Disguised {}

struct DisguisedAtomic(loom::sync::atomic::AtomicUsize);

impl Atomic for DisguisedAtomic {
    fn new(value: usize) -> Self {
        Self(loom::sync::atomic::AtomicUsize::new(value))
    }
    fn load(&self, order: Ordering) -> usize {
        self.0.load(order)
    }
    fn store(&self, value: usize, order: Ordering) {
        self.0.store(value, order)
    }
    fn fetch_add(&self, value: usize, order: Ordering) -> usize {
        self.0.fetch_add(value, order)
    }
    fn fetch_max(&self, value: usize, order: Ordering) -> usize {
        self.0.fetch_max(value, order)
    }
    fn compare_exchange(
        &self,
        current: usize,
        new: usize,
        success: Ordering,
        failure: Ordering,
    ) -> Result<usize, usize> {
        self.0.compare_exchange(current, new, success, failure)
    }
}

struct DisguisedMutex<T>(loom::sync::Mutex<T>);

impl<T: Send + 'static> Lock<T> for DisguisedMutex<T> {
    fn new(value: T) -> Self {
        Self(loom::sync::Mutex::new(value))
    }
    fn lock(&self) -> impl DerefMut<Target = T> + '_ {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Backend for Disguised {
    type Atomic = DisguisedAtomic;
    type Mutex<T: Send + 'static> = DisguisedMutex<T>;
}

#[test]
fn a_snapshot_is_never_half_a_record() {
    expect_no_lock_held_twice();
    let (runs, baseline) = watchdog(LIMIT, HANG, || {
        let runs = two_records_and_a_snapshot(Stats::<Loom>::new, Stats::record, Stats::snapshot);
        // The same model on a backend of the test's own, on loom's types too: code that
        // picks its fields by backend (TypeId, type_name) shows loom a lock while real
        // threads get something else.
        if let Err(panic) = catch_unwind(AssertUnwindSafe(|| {
            two_records_and_a_snapshot(Stats::<Disguised>::new, Stats::record, Stats::snapshot)
        })) {
            let text = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()));
            match text {
                Some(text) => panic!(
                    "your Stats does one thing under the Loom backend and another under a \
                     backend of the test's own (loom's types too, in wrappers, so loom checks \
                     it just the same): with Loom it passed, with the other loom found this. \
                     Code that asks which backend it runs on (TypeId, type_name) and takes a \
                     lock only for the model checker is checked only where it is right: write \
                     one Stats for every S, with S::Mutex.\n\n{text}"
                ),
                None => resume_unwind(panic),
            }
        }
        // The same model around a std Mutex: the test's own steps, and nothing of loom's.
        let baseline = two_records_and_a_snapshot(
            || std::sync::Mutex::new(Snapshot::default()),
            |totals, value| {
                let mut totals = totals.lock().unwrap();
                totals.count += 1;
                totals.sum += value;
                totals.max = totals.max.max(value);
            },
            |totals| *totals.lock().unwrap(),
        );
        (runs, baseline)
    });
    expect_explored(runs, baseline, "Stats::record and Stats::snapshot");
}

/// How long the real threads count side by side.
const COUNTING: Duration = Duration::from_millis(150);
/// How many hits each real thread adds per call (loom checks this batch too).
const BATCH: usize = 100;

#[test]
fn many_threads_count_every_hit() {
    expect_exact_count_alone();
    let threads = random(4, 9);
    // Each thread's batch: the loom test's 100 for the first, sizes drawn at random up to
    // 10 000 for the others (code that counts a big batch some other way is checked too).
    let batches: Vec<usize> = (0..threads)
        .map(|t| if t == 0 { BATCH } else { random(2, 10_000) })
        .collect();
    let hits = Arc::new(<AtomicUsize as Atomic>::new(0));
    let counted = Arc::clone(&hits);
    let sizes = batches.clone();
    // Each thread calls count_hits(&hits, its batch) again and again until the test says
    // stop, and tallies its own hits. Not a fixed number: one thread alone could finish that
    // within one time slice, and a race would go unseen.
    let expected = watchdog(LIMIT, HANG, move || {
        let start = Arc::new(Barrier::new(threads + 1));
        let stop = Arc::new(AtomicBool::new(false));
        let handles: Vec<_> = sizes
            .into_iter()
            .map(|batch| {
                let (hits, start) = (Arc::clone(&counted), Arc::clone(&start));
                let stop = Arc::clone(&stop);
                std::thread::spawn(move || {
                    start.wait();
                    let mut mine = 0;
                    while !stop.load(Ordering::Relaxed) {
                        count_hits(&*hits, batch);
                        mine += batch;
                    }
                    mine
                })
            })
            .collect();
        start.wait();
        std::thread::sleep(COUNTING);
        stop.store(true, Ordering::Relaxed);
        handles
            .into_iter()
            .map(|h| h.join().expect("a thread of the test panicked"))
            .sum::<usize>()
    });
    let total = hits.load(Ordering::SeqCst);
    assert!(
        total == expected,
        "{threads} real threads called count_hits(&hits, times) again and again for {} ms, \
         with times = {batches:?} (one per thread), {expected} hits in all: the counter says \
         {total} ({}): {}",
        COUNTING.as_millis(),
        if total < expected {
            format!("{} hits lost", expected - total)
        } else {
            format!("{} too many", total - expected)
        },
        if total < expected {
            "a lost update: two threads read the same value and both stored value + 1 (or \
             value + times). count_hits must be right for every `times`, a big batch too: \
             use hits.fetch_add(1, Ordering::Relaxed) for each hit (or one \
             hits.fetch_add(times, ..))"
        } else {
            "count_hits adds 1, `times` times, to the counter it is given, and nothing else"
        }
    );
}

#[test]
fn stats_from_many_threads_add_up() {
    expect_no_lock_held_twice();
    let threads = random(3, 6);
    let each = random(5_000, 10_000);
    let stats = Arc::new(Stats::<Std>::new());
    let start = Arc::new(Barrier::new(threads + 1));
    // Every thread records 2s, and one of them a single larger value at the end: a
    // consistent snapshot has sum = 2 × count, or that plus the larger value's share.
    let big = random(100, 1000);
    let torn = Arc::new(Mutex::new(None));
    let (shared, torn_seen) = (Arc::clone(&stats), Arc::clone(&torn));
    // Each thread records at least `each` values, and goes on until the test says stop: a
    // half-made snapshot is a narrow window, and a fixed number of records could be over
    // before the snapshots get a core (std atomics hide it from loom; only real threads,
    // side by side for a while, can show it).
    let recorded = watchdog(LIMIT, HANG, move || {
        let stop = Arc::new(AtomicBool::new(false));
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let (stats, start) = (Arc::clone(&shared), Arc::clone(&start));
                let stop = Arc::clone(&stop);
                std::thread::spawn(move || {
                    start.wait();
                    let mut mine = 0;
                    while mine < each || !stop.load(Ordering::Relaxed) {
                        stats.record(2);
                        mine += 1;
                    }
                    if t == 0 {
                        stats.record(big);
                    }
                    mine
                })
            })
            .collect();
        // Snapshots while they record: on real threads a half-made one shows up only
        // sometimes (loom's test above finds it every time); when it does, it is named.
        start.wait();
        let began = std::time::Instant::now();
        while !handles.iter().all(|h| h.is_finished()) {
            if began.elapsed() >= COUNTING * 2 {
                stop.store(true, Ordering::Relaxed);
            }
            let s = shared.snapshot();
            let whole = s.sum == 2 * s.count
                || s.count.checked_sub(1).is_some_and(|c| s.sum == 2 * c + big);
            if !whole {
                *torn_seen.lock().unwrap() = Some(s);
                stop.store(true, Ordering::Relaxed);
                break;
            }
        }
        handles
            .into_iter()
            .map(|h| h.join().expect("a thread of the test panicked"))
            .sum::<usize>()
    });
    if let Some(s) = *torn.lock().unwrap() {
        panic!(
            "half a record, on real threads: a snapshot read {s:?} while every value recorded \
             was 2 (and one {big}): its sum does not match its count. Count, sum and max were \
             read one by one while a record was between its updates: keep the three numbers \
             behind one S::Mutex"
        );
    }
    let last = stats.snapshot();
    let done = Snapshot {
        count: recorded + 1,
        sum: 2 * recorded + big,
        max: big,
    };
    assert!(
        last == done,
        "{threads} real threads recorded {recorded} values of 2 in all (and one {big}): the \
         snapshot is {last:?}, expected {done:?}: {}",
        if last.count == 0 {
            "none of the threads' records reached the Stats you hold: are the totals kept \
             per thread (thread_local!)? Keep them in the Stats, behind one S::Mutex"
        } else if last.count < done.count || last.sum < done.sum {
            "updates were lost: a load then a store is two steps, and another thread stored \
             in between. Change all three numbers under one lock"
        } else {
            "record adds one value to the Stats it is called on, and nothing else (no static)"
        }
    );
}

#[test]
fn each_stats_keeps_its_own_numbers() {
    expect_no_lock_held_twice();
    let (one, two) = (Stats::<Std>::new(), Stats::<Std>::new());
    let fresh = one.snapshot();
    one.record(7);
    one.record(4);
    two.record(1);
    let (a, b) = (one.snapshot(), two.snapshot());
    let want = (
        Snapshot {
            count: 2,
            sum: 11,
            max: 7,
        },
        Snapshot {
            count: 1,
            sum: 1,
            max: 1,
        },
    );
    assert!(
        fresh == Snapshot::default() && (a, b) == want,
        "two Stats, one thread: a new one read {fresh:?} (expected all 0); after 7 and 4 \
         recorded in one and 1 in the other they read {a:?} and {b:?}, expected {:?} and \
         {:?}. Each Stats::new() has numbers of its own (no static, no thread_local!), and \
         max is the largest value, not the last",
        want.0,
        want.1
    );
}
