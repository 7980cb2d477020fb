//! `threading_demo` (tutorial section 1), run as a learner runs it: the tutorial's lines in
//! a valid order, downloads that overlap, a measured timeline, and clear errors for bad flags.

mod demos_support;

use demos_support::{assert_bad_input, check_order, overlap_ratio, run};

const BIN: &str = "threading_demo";

#[test]
fn prints_the_tutorials_lines_in_a_valid_order() {
    let out = run(BIN, &["--seconds", "0.2"]);
    assert_eq!(out.code, 0, "{out:#?}");
    let report = out.report();
    let started = check_order(
        &report,
        |l| l.strip_prefix("Downloading ")?.strip_suffix("..."),
        |l| l.strip_prefix("Finished "),
        &["All downloads complete!", "Total time: "],
    );
    let mut files = started.clone();
    files.sort();
    assert_eq!(files, ["A", "B", "C"], "{report:#?}");
    assert!(out.stderr.is_empty(), "{}", out.stderr);
}

#[test]
fn the_three_downloads_overlap() {
    let out = run(BIN, &["--seconds", "0.2"]);
    let total = out.report().last().copied().unwrap_or_default().to_owned();
    assert!(total.ends_with("(3 downloads of 200.0 ms each)"), "{total}");
    let ratio = overlap_ratio(&total);
    // Three 0.2 s downloads one after another would take 3x; overlapped, about 1x.
    assert!(ratio < 1.6, "took {ratio:.2}x one download: `{total}`");
}

#[test]
fn timeline_draws_one_row_per_thread() {
    let out = run(BIN, &["--seconds", "0.1", "--timeline"]);
    assert_eq!(out.code, 0, "{out:#?}");
    for (thread, file) in [("Thread-1", "A"), ("Thread-2", "B"), ("Thread-3", "C")] {
        let row = out.stdout.lines().find(|l| l.starts_with(thread));
        let row = row.unwrap_or_else(|| panic!("no row for {thread}:\n{}", out.stdout));
        assert!(row.contains(&format!("[{file}=")), "{row}");
    }
    assert!(out.stdout.contains("at most 3 at once"), "{}", out.stdout);
}

#[test]
fn bad_flags_exit_2_naming_the_flag_the_value_and_what_is_allowed() {
    assert_bad_input(
        BIN,
        &[
            (
                &["--seconds", "0"][..],
                &["--seconds", "'0'", "positive number"][..],
            ),
            (
                &["--seconds", "-1"],
                &["--seconds", "'-1'", "positive number"],
            ),
            (
                &["--seconds", "soon"],
                &["--seconds", "'soon'", "positive number"],
            ),
            (&["--bogus"], &["--bogus", "--help"]),
        ],
    );
}

#[test]
fn help_lists_the_flags() {
    let out = run(BIN, &["--help"]);
    assert_eq!(out.code, 0);
    for flag in ["--seconds", "--timeline", "--help"] {
        assert!(out.stdout.contains(flag), "{}", out.stdout);
    }
}
