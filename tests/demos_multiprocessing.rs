//! `multiprocessing_demo` (tutorial section 2), run as a learner runs it: real child
//! processes with distinct PIDs, the tutorial's lines in a valid order, overlap, a failing
//! child reported by name, and clear errors for bad flags.

mod demos_support;

use demos_support::{Run, assert_bad_input, check_order, overlap_ratio, run};
use std::collections::HashSet;

const BIN: &str = "multiprocessing_demo";

/// Checks the order rules and returns each task with the PID it reported, in start order.
fn tasks_and_pids(out: &Run, closing: &[&str]) -> Vec<(String, u32)> {
    let report = out.report();
    let started = check_order(
        &report,
        |l| Some(l.strip_prefix("Processing ")?.split_once(" in PID ")?.0),
        |l| l.strip_prefix("Finished "),
        closing,
    );
    started
        .iter()
        .map(|task| {
            let line = report
                .iter()
                .find(|l| l.starts_with(&format!("Processing {task} ")));
            let pid = line.and_then(|l| l.rsplit(' ').next()?.parse().ok());
            (
                task.to_string(),
                pid.unwrap_or_else(|| panic!("no PID for {task}")),
            )
        })
        .collect()
}

/// The number on the `Parent PID: 1234` line.
fn parent_pid(out: &Run) -> u32 {
    let line = out
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("Parent PID: "));
    line.and_then(|p| p.parse().ok())
        .expect("a `Parent PID: N` line")
}

#[test]
fn each_task_runs_in_its_own_child_process() {
    let out = run(BIN, &["--seconds", "0.2"]);
    assert_eq!(out.code, 0, "{out:#?}");
    let tasks = tasks_and_pids(
        &out,
        &["All computations done!", "Parent PID: ", "Total time: "],
    );
    let mut names: Vec<_> = tasks.iter().map(|(t, _)| t.as_str()).collect();
    names.sort();
    assert_eq!(names, ["Task-0", "Task-1", "Task-2"]);
    let pids: HashSet<u32> = tasks.iter().map(|(_, p)| *p).collect();
    assert_eq!(pids.len(), 3, "three children, three PIDs: {tasks:?}");
    let parent = parent_pid(&out);
    assert!(
        !pids.contains(&parent),
        "a task ran in the parent ({parent}): {tasks:?}"
    );
    assert_ne!(
        parent,
        std::process::id(),
        "the parent is the demo, not this test"
    );
    no_child_outlives_the_parent(&pids);
}

#[test]
fn the_processes_overlap() {
    let out = run(BIN, &["--seconds", "0.2"]);
    let total = out.report().last().copied().unwrap_or_default().to_owned();
    assert!(total.ends_with("(3 tasks of 200.0 ms each)"), "{total}");
    let ratio = overlap_ratio(&total);
    assert!(ratio < 1.6, "took {ratio:.2}x one task: `{total}`");
}

#[test]
fn tasks_sets_how_many_children_start() {
    let out = run(BIN, &["--tasks", "5", "--seconds", "0.1"]);
    assert_eq!(out.code, 0, "{out:#?}");
    let tasks = tasks_and_pids(
        &out,
        &["All computations done!", "Parent PID: ", "Total time: "],
    );
    let pids: HashSet<u32> = tasks.iter().map(|(_, p)| *p).collect();
    assert_eq!(pids.len(), 5, "{tasks:?}");
}

#[test]
fn a_failing_child_is_named_and_the_others_are_still_waited_for() {
    let out = run(BIN, &["--seconds", "0.2", "--fail-task", "1"]);
    assert_eq!(out.code, 1, "a failed child makes the demo fail: {out:#?}");
    assert!(
        out.stderr.contains("Task-1 (PID ") && out.stderr.contains("failed: exit status: 1"),
        "{}",
        out.stderr
    );
    // Task-1 started but never finished; the parent still waited for Task-0 and Task-2.
    let tasks = pids_on_processing_lines(&out);
    assert_eq!(tasks.len(), 3, "{}", out.stdout);
    for done in ["Finished Task-0", "Finished Task-2"] {
        assert!(out.stdout.contains(done), "{}", out.stdout);
    }
    assert!(!out.stdout.contains("Finished Task-1"), "{}", out.stdout);
    assert!(
        !out.stdout.contains("All computations done!"),
        "{}",
        out.stdout
    );
    no_child_outlives_the_parent(&tasks);
}

/// The PIDs on the `Processing …` lines of a run in which some task never finished.
fn pids_on_processing_lines(out: &Run) -> HashSet<u32> {
    let lines = out.stdout.lines().filter_map(|l| l.split_once(" in PID "));
    lines.filter_map(|(_, pid)| pid.parse().ok()).collect()
}

/// Once the demo has exited, none of its children may still exist: each was waited for.
fn no_child_outlives_the_parent(pids: &HashSet<u32>) {
    if cfg!(target_os = "linux") {
        for pid in pids {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"));
            assert!(stat.is_err(), "child {pid} is still there: {stat:?}");
        }
    }
}

#[test]
fn timeline_draws_one_row_per_child_process() {
    let out = run(BIN, &["--seconds", "0.1", "--timeline"]);
    assert_eq!(out.code, 0, "{out:#?}");
    let tasks = tasks_and_pids(
        &out,
        &["All computations done!", "Parent PID: ", "Total time: "],
    );
    for (task, pid) in &tasks {
        let row = out
            .stdout
            .lines()
            .find(|l| l.starts_with(&format!("PID {pid}:")));
        let row = row.unwrap_or_else(|| panic!("no row for PID {pid}:\n{}", out.stdout));
        assert!(row.contains(&format!("[{task}=")), "{row}");
    }
}

#[test]
fn bad_flags_exit_2_naming_the_flag_the_value_and_what_is_allowed() {
    assert_bad_input(
        BIN,
        &[
            (
                &["--fail-task", "3"][..],
                &["--fail-task", "'3'", "0 to 2"][..],
            ),
            (
                &["--tasks", "2", "--fail-task", "2"],
                &["--fail-task", "'2'", "0 to 1"],
            ),
            (
                &["--fail-task", "-1"],
                &["--fail-task", "'-1'", "task number"],
            ),
            (&["--tasks", "0"], &["--tasks", "'0'", "at least 1"]),
            (&["--tasks", "many"], &["--tasks", "'many'", "at least 1"]),
            (&["--tasks", "1000"], &["--tasks", "'1000'", "at most 64"]),
            (
                &["--seconds", "-2"],
                &["--seconds", "'-2'", "positive number"],
            ),
            (&["--bogus"], &["--bogus", "--help"]),
        ],
    );
}
