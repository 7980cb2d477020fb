//! `--taskgroup`: when File-1 fails half-way, gather (`join_all`) lets the others finish, and
//! TaskGroup (a `JoinSet` aborted at the first error) cancels them; `--timeline` draws both.

use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_asyncio_demo"))
        .args(args)
        .env("COURSE_TIME_SCALE", "1")
        .output()
        .expect("asyncio_demo runs")
}

/// The part of `text` from the line starting with `from` up to the one starting with `to`.
fn section<'a>(text: &'a str, from: &str, to: &str) -> &'a str {
    let start = text
        .find(from)
        .unwrap_or_else(|| panic!("no {from:?} in:\n{text}"));
    let rest = &text[start..];
    rest.find(to).map_or(rest, |end| &rest[..end])
}

#[test]
fn gather_lets_the_others_finish_and_the_task_group_cancels_them() {
    let out = run(&[
        "--taskgroup",
        "--tasks",
        "4",
        "--seconds",
        "0.2",
        "--timeline",
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "asyncio_demo --taskgroup failed: {out:?}"
    );

    let gather = section(&stdout, "gather", "TaskGroup");
    for name in ["File-0", "File-2", "File-3"] {
        assert!(
            gather.contains(&format!("{name} finished")) && gather.contains("kept running"),
            "with gather, {name} should run to its end after File-1 failed:\n{gather}"
        );
    }
    assert!(
        gather.contains("File-1 failed") && gather.contains("3 finished, 1 failed, 0 cancelled"),
        "gather's summary is wrong:\n{gather}"
    );
    assert!(
        gather.contains("Time →"),
        "--timeline drew no timeline for gather:\n{gather}"
    );

    let group = section(&stdout, "TaskGroup", "\u{0}");
    for name in ["File-0", "File-2", "File-3"] {
        assert!(
            group.contains(&format!("{name} cancelled")),
            "with the task group, {name} should be cancelled when File-1 fails:\n{group}"
        );
    }
    assert!(
        group.contains("abort_all()") && group.contains("0 finished, 1 failed, 3 cancelled"),
        "the task group's summary is wrong:\n{group}"
    );
    assert!(
        group.contains("Time →"),
        "--timeline drew no timeline for the task group:\n{group}"
    );
}

#[test]
fn taskgroup_needs_two_tasks_and_no_http() {
    for args in [
        &["--taskgroup", "--tasks", "1"][..],
        &["--taskgroup", "--http"][..],
        &["--taskgroup", "--trace", "x.json"][..],
    ] {
        let out = run(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?} should exit 2: {out:?}"
        );
        assert!(
            stderr.contains("--taskgroup"),
            "{args:?}: the message names no flag: {stderr}"
        );
    }
    let help = run(&["--help"]);
    assert!(
        String::from_utf8_lossy(&help.stdout).contains("--taskgroup"),
        "--help lacks --taskgroup"
    );
}
