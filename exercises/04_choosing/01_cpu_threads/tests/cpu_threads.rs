//! Checks exercise 4.1: `spin_on_threads` returns the right answers in order, runs each piece
//! on its own thread, and — on a machine with two or more cores — two CPU pieces run side by
//! side and finish in well under twice the time of one: no GIL.

use cpu_threads::spin_on_threads;
use std::time::Duration;
use toolkit::Timeline;
use toolkit::cpu::{calibrate, spin};
use toolkit::measure::{cores_busy, two_thread_cores};
use toolkit::scale::fmt_duration;
use toolkit::watchdog::watchdog;

const HANG: &str = "is a thread never joined, or joined before the others were started?";

#[test]
fn answers_come_back_in_input_order() {
    let (answers, timeline) = watchdog(Duration::from_secs(10), HANG, || {
        let timeline = Timeline::new();
        (spin_on_threads(&[1_000, 2_000, 3_000], &timeline), timeline)
    });
    assert_eq!(answers, [spin(1_000), spin(2_000), spin(3_000)]);
    timeline
        .query()
        .expect_count(
            3,
            "record each piece as a span: timeline.record(format!(\"Piece-{i}\"), ..)",
        )
        .expect_threads_at_least(3, "run each piece on its own thread");
}

#[test]
fn two_cpu_pieces_run_in_parallel() {
    watchdog(Duration::from_secs(10), HANG, || {
        // Each piece takes about 150 ms on one core of *this* machine.
        let n = calibrate(Duration::from_millis(150));
        let cores = num_cpus::get();
        let mut against = Vec::new();
        // The machine is shared and noisy, so up to four tries. A try that shows your two
        // pieces keeping more than 1.4 cores busy passes at once. A try counts against you
        // only when two plain threads, timed just before *and* just after yours, did keep
        // two cores busy while yours kept one; it takes three such tries to fail.
        for attempt in 1..=4 {
            let before = two_thread_cores(n);
            let timeline = Timeline::new();
            let (answers, yours) = cores_busy(|| spin_on_threads(&[n, n + 1], &timeline));
            let after = two_thread_cores(n);
            assert_eq!(answers, [spin(n), spin(n + 1)], "answers in input order");
            let q = timeline.query();
            q.expect_count(2, "record each piece as a span called Piece-i")
                .expect_threads_at_least(2, "run each piece on its own thread");
            if cores < 2 {
                println!(
                    "note: one core here, so no speed-up is possible: checked the answers only"
                );
                return;
            }
            q.expect_all_overlap(
                "start both threads before joining either: joining right after spawning runs \
                 the pieces one by one",
            );
            let (Some(before), Some(yours), Some(after)) = (before, yours, after) else {
                println!("note: CPU time is not measured on this OS: checked the overlap only");
                return;
            };
            println!(
                "attempt {attempt}: two plain threads kept {before:.2} then {after:.2} cores \
                 busy; yours kept {yours:.2} cores busy for {}",
                fmt_duration(q.total())
            );
            if yours >= 1.4 {
                return; // Both pieces computed at the same instants, on two cores: no GIL.
            }
            if before >= 1.4 && after >= 1.4 && yours < 1.2 {
                against.push(q.failure(
                    &format!(
                        "your two pieces kept {yours:.2} cores busy on average, where two plain \
                         threads kept {before:.2} busy just before and {after:.2} just after: \
                         they took turns"
                    ),
                    "each piece must compute on its own thread, all at once, with nothing \
                     shared that makes them take turns (a Mutex around the work is a home-made GIL)",
                ));
            }
        }
        let failure = if against.len() >= 2 {
            against.pop()
        } else {
            None
        };
        match failure {
            Some(message) => panic!("{message}"),
            None => println!(
                "note: this machine is too busy to give two cores right now, so only the \
                 overlap was checked; run the test again when it is quieter"
            ),
        }
    });
}
