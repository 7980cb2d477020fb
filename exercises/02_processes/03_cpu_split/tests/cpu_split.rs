//! Checks exercise 2.3: `count_primes_parallel` gets the known answer, splits the work over
//! one process per core (none of them the test's own), and runs the pieces at the same time.

use cpu_split::{ROLE, count_primes_parallel};
use std::time::Duration;
use toolkit::Timeline;
use toolkit::cpu::PRIMES_BELOW;
use toolkit::watchdog::watchdog;

// The child processes re-enter this test binary here and run `count`.
toolkit::worker_entry!("count" => cpu_split::count);

/// The known answer for `limit`, from the toolkit's table.
fn known(limit: u64) -> u64 {
    PRIMES_BELOW
        .iter()
        .find(|(n, _)| *n == limit)
        .map(|(_, count)| *count)
        .expect("a limit from toolkit::cpu::PRIMES_BELOW")
}

/// Runs `count_primes_parallel` under a watchdog.
fn run(limit: u64) -> (u64, Timeline) {
    assert_eq!(
        ROLE, "count",
        "the role must match the test file's worker_entry!"
    );
    watchdog(
        Duration::from_secs(10),
        "is a worker never waited for, or waiting for something that never comes?",
        move || {
            let timeline = Timeline::new();
            let answer = count_primes_parallel(limit, &timeline).expect("an error came back");
            (answer, timeline)
        },
    )
}

#[test]
fn a_small_count_is_right() {
    let (answer, _) = run(1_000);
    assert_eq!(
        answer,
        known(1_000),
        "primes below 1,000: no number lost or counted twice"
    );
}

#[test]
fn one_process_per_core_all_running_at_once() {
    let limit = 1_000_000;
    let (answer, timeline) = run(limit);
    assert_eq!(answer, known(limit), "primes below {limit}");

    let cores = num_cpus::get();
    let q = timeline.query();
    q.expect_count(
        cores,
        &format!("one piece per core ({cores} here), and each report's spans in the timeline"),
    )
    .expect_processes_at_least(cores.min(2), "each piece runs in its own process");
    q.expect(
        !q.pids().contains(&std::process::id()),
        "a piece ran in the test's own process",
        "count the pieces in worker processes, not in the parent",
    );
    if cores >= 2 {
        q.expect_max_concurrency_at_least(
            2,
            "start every worker before waiting for any: waiting right after starting \
             runs the pieces one by one",
        );
    } else {
        println!("note: this machine has one core, so the pieces cannot run side by side");
    }
}
