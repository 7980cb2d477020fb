//! Checks `memory_ordering` under loom, a model checker: each test builds a tiny program of two
//! threads around your functions, and loom runs it again and again — every interleaving of the
//! two threads with up to two preemptions, and for every `Relaxed` load every value the memory
//! model allows it to return (an older one included). A wrong ordering is found every time,
//! not by luck.
//!
//! Each half is checked next to the test's own correct other half, so a failure names the side
//! that is wrong: your `send` with the test's reader, the test's writer with your
//! `try_receive`, your `lock` with the test's unlock, the test's lock with your `unlock`. The
//! atomics are the test's, made inside the model: a value passed some other way (a `static`, a
//! std atomic loom cannot see) does not reach the test's other half, and is named.
//!
//! `SeqCst` everywhere is correct (only slower than needed), and passes.
//!
//! Each model has two threads and a handful of accesses: each test takes a fraction of a
//! second, 0.2 s at most on two busy cores.

use loom::sync::Arc;
use loom::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use memory_ordering::{lock, send, try_receive, unlock};
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::time::Duration;
use toolkit::watchdog::watchdog;

/// A whole model takes well under a second; this is for a thread that blocks for real.
const LIMIT: Duration = Duration::from_secs(5);
const STUCK: &str = "the model checker itself is stuck: does your code wait on something loom \
                     cannot see — a std::sync::Mutex, a std atomic in a loop, thread::sleep? Use \
                     only the loom atomics the test hands you";
/// A spin that loops past this many scheduling points never lets the other thread run.
const MAX_BRANCHES: usize = 1_000;

/// Runs `model` in every interleaving loom finds with at most two preemptions (a thread
/// switched out where it did not wait; every bug here needs one at most, and a bound of 2
/// cut the spin-lock tests from about 1 s each to 0.1 s on two busy cores). If loom gives up
/// because a thread spun for ever, panics with `spun` instead of loom's own message.
fn explore(spun: &'static str, model: impl Fn() + Send + Sync + 'static) {
    watchdog(LIMIT, STUCK, move || {
        let mut builder = loom::model::Builder::new();
        // Fixed here so that LOOM_* variables in the learner's shell change nothing.
        builder.max_branches = MAX_BRANCHES;
        builder.preemption_bound = Some(2);
        builder.max_permutations = None;
        builder.max_duration = None;
        builder.checkpoint_file = None;
        if let Err(panic) = catch_unwind(AssertUnwindSafe(|| builder.check(model))) {
            let text = panic_text(&*panic);
            if text.contains("maximum number of branches") {
                panic!("{spun}");
            }
            if text.contains("deadlock") {
                panic!("loom found every thread waiting for ever ({text}). {spun}");
            }
            resume_unwind(panic);
        }
    });
}

fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

/// Runs `a` and `b` on two loom threads and waits for both. The model's own thread runs no
/// code under test: a panic there while another loom thread is alive would abort the whole
/// test binary instead of failing one test.
fn in_two_threads(a: impl FnOnce() + Send + 'static, b: impl FnOnce() + Send + 'static) {
    let a = loom::thread::spawn(a);
    let b = loom::thread::spawn(b);
    let (a, b) = (a.join(), b.join());
    if let Err(panic) = a.and(b) {
        resume_unwind(panic);
    }
}

/// The test's own writer: the value, then `ready` with Release.
fn correct_send(slot: &AtomicU64, ready: &AtomicBool, value: u64) {
    slot.store(value, Ordering::Relaxed);
    ready.store(true, Ordering::Release);
}

/// The test's own reader: `ready` with Acquire, then the value.
fn correct_try_receive(slot: &AtomicU64, ready: &AtomicBool) -> Option<u64> {
    ready
        .load(Ordering::Acquire)
        .then(|| slot.load(Ordering::Relaxed))
}

fn correct_lock(locked: &AtomicBool) {
    while locked
        .compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed)
        .is_err()
    {
        loom::hint::spin_loop();
    }
}

fn correct_unlock(locked: &AtomicBool) {
    locked.store(false, Ordering::Release);
}

const NO_SPIN: &str = "a one-shot send and try_receive never wait: they must not loop";

// ---------------------------------------------------------------------------------------
// Part 1: message passing
// ---------------------------------------------------------------------------------------

#[test]
fn send_and_try_receive_use_the_slot_and_flag_you_are_given() {
    explore(NO_SPIN, || {
        let (slot, ready) = (AtomicU64::new(0), AtomicBool::new(false));
        let got = try_receive(&slot, &ready);
        assert!(
            got.is_none(),
            "try_receive returned {got:?} before anything was sent: return None while ready \
             is false, and read the slot only once ready is true"
        );
        correct_send(&slot, &ready, 0x5EED_0001);
        let got = try_receive(&slot, &ready);
        assert!(
            got == Some(0x5EED_0001),
            "the test stored 0x5EED_0001 in the slot and raised ready, and your try_receive \
             returned {got:?}: read the value from the slot you were given (not from a place \
             of your own) once ready is true"
        );

        // The flag, not the slot, says whether a value was sent: a slot can hold a value
        // before ready is raised (left over, or written and not yet published), and 0 is a
        // value like any other.
        let (slot, ready) = (AtomicU64::new(0x5EED_0003), AtomicBool::new(false));
        let got = try_receive(&slot, &ready);
        assert!(
            got.is_none(),
            "the slot held 0x5EED_0003 but ready was false, and your try_receive returned \
             {got:?}: the slot is not the flag. Whether a value was sent is what ready says: \
             load ready (Acquire) first, return None while it is false"
        );
        let (slot, ready) = (AtomicU64::new(0), AtomicBool::new(false));
        correct_send(&slot, &ready, 0);
        let got = try_receive(&slot, &ready);
        assert!(
            got == Some(0),
            "the test sent the value 0 (stored 0 in the slot, raised ready), and your \
             try_receive returned {got:?}: 0 is a value like any other. Whether a value was \
             sent is what ready says, not whether the slot is 0"
        );

        let (slot, ready) = (AtomicU64::new(0), AtomicBool::new(false));
        send(&slot, &ready, 0x5EED_0002);
        let (value, raised) = (slot.load(Ordering::SeqCst), ready.load(Ordering::SeqCst));
        assert!(
            value == 0x5EED_0002 && raised,
            "after your send(slot, ready, 0x5EED_0002) the slot you were given holds \
             {value:#x} and ready is {raised}: store the value in that slot and set that \
             ready flag to true (a static or an atomic of your own is invisible to the reader)"
        );
    });
}

#[test]
fn send_publishes_the_value_with_release() {
    explore(NO_SPIN, || {
        let slot = Arc::new(AtomicU64::new(0));
        let ready = Arc::new(AtomicBool::new(false));
        let writer = {
            let (slot, ready) = (Arc::clone(&slot), Arc::clone(&ready));
            move || send(&slot, &ready, 0x5EED_0003)
        };
        in_two_threads(writer, move || {
            if let Some(got) = correct_try_receive(&slot, &ready) {
                assert!(
                    got == 0x5EED_0003,
                    "your send is wrong: the test's reader saw ready == true (loaded with Acquire) \
                 but then read {got:#x} from the slot, not the 0x5EED_0003 you sent. Store the \
                 value first, then ready with Ordering::Release: with Relaxed the flag can \
                 become visible before the value"
                );
            }
        });
    });
}

#[test]
fn try_receive_reads_the_flag_with_acquire() {
    explore(NO_SPIN, || {
        let slot = Arc::new(AtomicU64::new(0));
        let ready = Arc::new(AtomicBool::new(false));
        let writer = {
            let (slot, ready) = (Arc::clone(&slot), Arc::clone(&ready));
            move || correct_send(&slot, &ready, 0x5EED_0004)
        };
        in_two_threads(writer, move || {
            if let Some(got) = try_receive(&slot, &ready) {
                assert!(
                    got == 0x5EED_0004,
                    "your try_receive is wrong: the test's writer stored 0x5EED_0004 and then \
                 ready with Release, and your try_receive returned Some({got:#x}). Load ready \
                 with Ordering::Acquire first, and read the slot only after it says true: \
                 with Relaxed (or the slot read first) you can see the flag without the value"
                );
            }
        });
    });
}

#[test]
fn send_and_try_receive_together() {
    explore(NO_SPIN, || {
        let slot = Arc::new(AtomicU64::new(0));
        let ready = Arc::new(AtomicBool::new(false));
        let writer = {
            let (slot, ready) = (Arc::clone(&slot), Arc::clone(&ready));
            move || send(&slot, &ready, 0x5EED_0005)
        };
        let reader = {
            let (slot, ready) = (Arc::clone(&slot), Arc::clone(&ready));
            move || {
                let early = try_receive(&slot, &ready);
                assert!(
                    matches!(early, None | Some(0x5EED_0005)),
                    "your try_receive, running beside your send, returned {early:?} instead of \
                     None or Some(0x5EED_0005): the flag was seen without the value. Release on \
                     the flag's store, Acquire on its load"
                );
            }
        };
        in_two_threads(writer, reader);
        // After join, everything the writer did is visible, whatever the orderings.
        let late = try_receive(&slot, &ready);
        assert!(
            late == Some(0x5EED_0005),
            "once the writer thread was joined, your try_receive returned {late:?}, not \
             Some(0x5EED_0005): a value sent stays there to be read. try_receive only looks \
             (a load of ready, then of the slot): it must not lower ready or clear the slot \
             (a swap or a store), or a reader that asks again (or a second reader) is told \
             nothing was sent"
        );
    });
}

// ---------------------------------------------------------------------------------------
// Part 2: the spin lock
// ---------------------------------------------------------------------------------------

/// Two threads add 1 to a counter under the lock. The counter is read and written with
/// separate Relaxed accesses (plain data, as in a real lock's UnsafeCell): only the lock's
/// orderings make one thread's write visible to the next. `inside` counts the threads in the
/// critical section; a Relaxed read-modify-write always sees the latest value, and orders
/// nothing, so it catches two holders at once without hiding a missing Acquire or Release.
fn two_increments(
    take: fn(&AtomicBool),
    release: fn(&AtomicBool),
    two_inside: &'static str,
    lost: &'static str,
) {
    let locked = Arc::new(AtomicBool::new(false));
    let counter = Arc::new(AtomicU64::new(0));
    let inside = Arc::new(AtomicUsize::new(0));
    let increment = {
        let (locked, counter, inside) = (locked.clone(), counter.clone(), inside.clone());
        move || {
            take(&locked);
            let others = inside.fetch_add(1, Ordering::Relaxed);
            assert!(others == 0, "{two_inside}");
            let n = counter.load(Ordering::Relaxed);
            counter.store(n + 1, Ordering::Relaxed);
            inside.fetch_sub(1, Ordering::Relaxed);
            release(&locked);
        }
    };
    in_two_threads(increment.clone(), increment);
    let total = counter.load(Ordering::Relaxed);
    assert!(total == 2, "{lost} (the counter ended at {total}, not 2)");
}

#[test]
fn lock_and_unlock_use_the_flag_you_are_given() {
    explore(
        "your lock spun for ever on a free lock (its flag was false): take it when the flag \
         is false",
        || {
            let locked = AtomicBool::new(false);
            lock(&locked);
            let held = locked.load(Ordering::SeqCst);
            assert!(
                held,
                "after your lock() the flag you were given is still false: set that flag to \
                 true (a lock of your own, or a static, is invisible to other code using it)"
            );
            unlock(&locked);
            let held = locked.load(Ordering::SeqCst);
            assert!(
                !held,
                "after your unlock() the flag you were given is still true: store false in it"
            );
        },
    );
}

#[test]
fn lock_excludes_and_acquires() {
    explore(
        "your lock spins without letting loom switch threads, so the model checker gave up: \
         call loom::hint::spin_loop() (or loom::thread::yield_now()) inside the spin loop \
         (std::hint::spin_loop is invisible to loom). Or your lock waits for something the \
         test's unlock never clears: the test's unlock stores false in the flag it was given \
         and nothing else, so lock must wait on that flag alone (not on a lock of its own)",
        || {
            two_increments(
                lock,
                correct_unlock,
                "your lock is wrong: two threads held it at once. A load that sees false, then \
                 a store of true, is two steps and the other thread can slip in between: take \
                 the lock in one step with compare_exchange(false, true, Acquire, Relaxed)",
                "your lock is wrong: an update was lost — the second holder did not see the \
                 first one's write. Take the lock in one step with compare_exchange(false, \
                 true, Acquire, Relaxed): Acquire on success pairs with the unlock's Release \
                 (without it the write may not be visible yet), and one step means no other \
                 thread slips in between (a load that sees false, then a store of true, is two \
                 steps, and the load may even see a stale false)",
            );
        },
    );
}

#[test]
fn unlock_releases() {
    explore(
        "with your unlock, the test's lock spun for ever: the second thread never saw the lock \
         free. Store false in the flag you were given",
        || {
            two_increments(
                correct_lock,
                unlock,
                "with your unlock, two threads held the lock at once: unlock only stores false",
                "your unlock is wrong: an update was lost although the threads took turns — the \
                 next holder did not see what the previous one wrote. Store false with \
                 Ordering::Release, which pairs with the lock's Acquire (a Release fence \
                 works only before a Relaxed store: a fence after the store orders nothing \
                 that the store published)",
            );
        },
    );
}

#[test]
fn lock_and_unlock_together() {
    explore(
        "your lock spun for ever: does the spin call loom::hint::spin_loop(), and does unlock \
         store false?",
        || {
            two_increments(
                lock,
                unlock,
                "your lock let two threads in at once: take it with one compare_exchange",
                "an update was lost with your lock and unlock: Acquire when taking it, Release \
                 when giving it back",
            );
        },
    );
}

/// Two threads each hold a lock of their own (two flags) and wait, inside, until the other is
/// inside too: locks on different flags are independent, so both get in. A lock that really
/// waits on something shared by every flag (a static) lets only one in, and both spin on.
#[test]
fn two_locks_are_independent() {
    explore(
        "two threads each took a different lock (two flags) with your lock, and each waited, \
         inside, for the other to get into theirs: with your lock the second never got in \
         while the first held the other lock, so both spun for ever. Your lock waits on \
         something other than the flag it is given (a static or a lock of its own, shared \
         by every flag, makes all locks one): take and clear only the flag you were given",
        || {
            let flags = Arc::new([AtomicBool::new(false), AtomicBool::new(false)]);
            let inside = Arc::new([AtomicBool::new(false), AtomicBool::new(false)]);
            let holder = |me: usize| {
                let (flags, inside) = (Arc::clone(&flags), Arc::clone(&inside));
                move || {
                    lock(&flags[me]);
                    inside[me].store(true, Ordering::SeqCst);
                    while !inside[1 - me].load(Ordering::SeqCst) {
                        loom::thread::yield_now();
                    }
                    unlock(&flags[me]);
                }
            };
            in_two_threads(holder(0), holder(1));
        },
    );
}

/// The lock is held and never released (the test's lock, on the model's own thread): your
/// lock on another thread must wait for as long as that lasts, i.e. for ever here. Loom
/// stops the model when it has run this many scheduling steps: that is the expected end.
const HELD_FOR_EVER: usize = 20_000;

#[test]
fn lock_waits_as_long_as_the_lock_is_held() {
    watchdog(LIMIT, STUCK, || {
        let mut builder = loom::model::Builder::new();
        builder.max_branches = HELD_FOR_EVER;
        builder.preemption_bound = Some(2);
        builder.max_permutations = None;
        builder.max_duration = None;
        builder.checkpoint_file = None;
        let result = catch_unwind(AssertUnwindSafe(|| {
            builder.check(|| {
                let locked = Arc::new(AtomicBool::new(false));
                correct_lock(&locked);
                let got_in = Arc::new(AtomicBool::new(false));
                let waiter = {
                    let (locked, got_in) = (Arc::clone(&locked), Arc::clone(&got_in));
                    loom::thread::spawn(move || {
                        lock(&locked);
                        got_in.store(true, Ordering::SeqCst);
                    })
                };
                if let Err(panic) = waiter.join() {
                    resume_unwind(panic);
                }
                assert!(
                    !got_in.load(Ordering::SeqCst),
                    "your lock returned while another thread held the lock (it was never \
                     unlocked): a lock that stops spinning after a while and takes the lock \
                     over lets two threads in whenever a holder takes longer than you \
                     expected. lock waits for as long as the flag is true: spin until \
                     compare_exchange(false, true, Acquire, Relaxed) succeeds, with no limit"
                );
            })
        }));
        if let Err(panic) = result {
            let text = panic_text(&*panic);
            if !text.contains("maximum number of branches") {
                resume_unwind(panic);
            }
            // Loom gave up on a thread that waited for ever: that is the expected end.
        }
    });
}
