//! `asyncio_demo` (tutorial section 3), run as a learner runs it: the tutorial's lines in a
//! valid order, gathered downloads that overlap, every task on one OS thread, and clear
//! errors for bad flags.

mod demos_support;

use demos_support::{assert_bad_input, check_order, overlap_ratio, run};

const BIN: &str = "asyncio_demo";

#[test]
fn prints_the_tutorials_lines_in_a_valid_order() {
    let out = run(BIN, &["--seconds", "0.2"]);
    assert_eq!(out.code, 0, "{out:#?}");
    let report = out.report();
    let started = check_order(
        &report,
        |l| l.strip_prefix("Downloading ")?.strip_suffix("..."),
        |l| l.strip_prefix("Finished "),
        &["Total time: "],
    );
    let mut files = started.clone();
    files.sort();
    assert_eq!(files, ["File-0", "File-1", "File-2"], "{report:#?}");
}

#[test]
fn the_gathered_downloads_overlap() {
    let out = run(BIN, &["--seconds", "0.2"]);
    let total = out.report().last().copied().unwrap_or_default().to_owned();
    assert!(total.ends_with("(3 downloads of 200.0 ms each)"), "{total}");
    let ratio = overlap_ratio(&total);
    assert!(ratio < 1.6, "took {ratio:.2}x one download: `{total}`");
}

#[test]
fn timeline_shows_every_task_on_one_os_thread() {
    let out = run(BIN, &["--tasks", "5", "--seconds", "0.1", "--timeline"]);
    assert_eq!(out.code, 0, "{out:#?}");
    let rows: Vec<_> = out
        .stdout
        .lines()
        .filter(|l| l.starts_with("task "))
        .collect();
    assert_eq!(rows.len(), 5, "one row per task:\n{}", out.stdout);
    for row in &rows {
        assert!(
            row.contains(" on main:"),
            "every task on the main thread: {row}"
        );
    }
    assert!(
        out.stdout
            .contains("5 tasks ran on 1 OS thread(s) in 1 process(es)."),
        "{}",
        out.stdout
    );
}

#[test]
fn bad_flags_exit_2_naming_the_flag_the_value_and_what_is_allowed() {
    assert_bad_input(
        BIN,
        &[
            (&["--tasks", "0"][..], &["--tasks", "'0'", "at least 1"][..]),
            (&["--tasks", "-3"], &["--tasks", "'-3'", "at least 1"]),
            (&["--tasks", "three"], &["--tasks", "'three'", "at least 1"]),
            (
                &["--seconds", "0"],
                &["--seconds", "'0'", "positive number"],
            ),
            (&["--bogus"], &["--bogus", "--help"]),
        ],
    );
}
