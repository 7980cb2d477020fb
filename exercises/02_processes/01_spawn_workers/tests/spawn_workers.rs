//! Checks exercise 2.1: `start_workers` runs each task in its own, separate process, starts
//! them all before waiting for any (their spans overlap), and reports the PIDs that really
//! did the work.

use spawn_workers::{ROLE, WORK, start_workers};
use std::collections::HashSet;
use std::time::Duration;
use toolkit::Timeline;
use toolkit::watchdog::watchdog;

// The child processes re-enter this test binary here and run `compute`.
toolkit::worker_entry!("compute" => spawn_workers::compute);

/// Starts 3 workers under a watchdog and returns their PIDs and the timeline.
fn run_three() -> (Vec<u32>, Timeline) {
    assert_eq!(
        ROLE, "compute",
        "the role must match the test file's worker_entry!"
    );
    watchdog(
        Duration::from_secs(10),
        "is a worker never waited for, or waiting for something that never comes?",
        || {
            let timeline = Timeline::new();
            let pids = start_workers(3, &timeline).expect("start_workers returned an error");
            (pids, timeline)
        },
    )
}

#[test]
fn each_task_runs_in_its_own_process() {
    let (pids, timeline) = run_three();
    assert_eq!(pids.len(), 3, "expected one PID per worker, got {pids:?}");
    let me = std::process::id();
    assert!(
        !pids.contains(&me),
        "PID {me} is this test's own process: a worker must be a separate process, got {pids:?}"
    );
    let distinct: HashSet<_> = pids.iter().collect();
    assert_eq!(distinct.len(), 3, "the PIDs must differ, got {pids:?}");

    // The spans were recorded *inside* the workers, so they say which process did the work.
    let q = timeline.query();
    for (i, pid) in pids.iter().enumerate() {
        let label = format!("Task-{i}");
        let ran_in = q.span(&label).map(|s| s.runner.pid);
        q.expect(
            ran_in == Some(*pid),
            &format!("{label} should have been run by PID {pid}, found {ran_in:?}"),
            "name the tasks Task-0, Task-1, ... in order, return the PIDs in that order, \
             and add each report's spans to the timeline",
        );
    }
}

#[test]
fn the_workers_run_at_the_same_time() {
    let (_, timeline) = run_three();
    let q = timeline.query();
    q.expect_count(
        3,
        "add the spans every worker sent home: timeline.extend(report.spans)",
    )
    .expect_processes_at_least(3, "start one process per task")
    .expect_all_overlap(
        "start every worker first, then wait for them in a second loop: \
         waiting right after starting runs them one by one",
    )
    // Three overlapping 150 ms tasks take about 150 ms, not 450 ms.
    .expect_speedup_at_least(1.8, "the workers should run side by side");
    q.expect(
        q.total() < WORK * 2,
        "three tasks took longer than two tasks' worth of time",
        "start every worker before waiting for any",
    );
}
