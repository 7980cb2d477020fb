//! The course tool as a learner uses it, on a scratch copy of the workspace: `list`
//! (cached by source hash), `hint` (progressive; bad names get suggestions and exit 2),
//! `check` (failing output, then the next exercise), a hanging exercise stopped by the
//! timeout, `reset` (a backup first, never without confirmation) and `solution`.

mod support;

use support::{FIXTURE_SOLUTION, FIXTURE_STUB, Ws, planned_exercises, stderr, stdout};

#[test]
#[ignore = "end to end on scratch workspaces: CI runs these (cargo test -p course -- --ignored)"]
fn list_shows_every_exercise_of_course_toml() {
    let ws = Ws::new("list-all", false);
    let out = ws.course(&["list", "--cached"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = stdout(&out);
    let planned = planned_exercises(&ws.read("course.toml"));
    assert!(planned.len() > 1, "course.toml lists the fixture at least");
    for (lesson, exercise) in &planned {
        assert!(
            text.contains(&format!("({lesson})")),
            "lesson {lesson} missing:\n{text}"
        );
        assert!(
            text.lines()
                .any(|l| l.split_whitespace().any(|w| w == exercise)),
            "exercise {exercise} missing:\n{text}"
        );
    }
    assert!(
        text.contains(&format!("Overall: 0/{} exercises done", planned.len())),
        "{text}"
    );
}

#[test]
#[ignore = "end to end on scratch workspaces: CI runs these (cargo test -p course -- --ignored)"]
fn list_runs_changed_exercises_once_then_answers_from_the_cache() {
    let ws = Ws::new("list-cache", true);
    let first = ws.course(&["list"]).output().unwrap();
    assert!(stderr(&first).contains("checking 1 exercise"), "{first:?}");
    assert!(stdout(&first).contains("not started"), "{}", stdout(&first));

    // Nothing changed: no cargo run, the cached result is shown.
    let second = ws.course(&["list"]).output().unwrap();
    assert!(!stderr(&second).contains("checking"), "{second:?}");
    assert!(
        stdout(&second).contains("not started"),
        "{}",
        stdout(&second)
    );

    // The learner solves it: the hash changes, the tests run again, and it is done.
    ws.write("exercises/99_fixture/01_add/src/lib.rs", FIXTURE_SOLUTION);
    let third = ws.course(&["list"]).output().unwrap();
    assert!(stderr(&third).contains("checking 1 exercise"), "{third:?}");
    let text = stdout(&third);
    assert!(
        text.contains("✓ done") && text.contains("Overall: 1/1"),
        "{text}"
    );

    // A corrupt progress file is rebuilt from the tests, never a crash.
    ws.write(".course/progress.json", "{ this is not json");
    let fourth = ws.course(&["list"]).output().unwrap();
    assert_eq!(fourth.status.code(), Some(0), "{fourth:?}");
    assert!(stderr(&fourth).contains("unreadable"), "{fourth:?}");
    assert!(
        stdout(&fourth).contains("Overall: 1/1"),
        "{}",
        stdout(&fourth)
    );
}

#[test]
#[ignore = "end to end on scratch workspaces: CI runs these (cargo test -p course -- --ignored)"]
fn hints_come_one_at_a_time_and_bad_names_get_suggestions() {
    let ws = Ws::new("hint", true);
    let first = ws.course(&["hint", "course_fixture"]).output().unwrap();
    assert_eq!(first.status.code(), Some(0), "{first:?}");
    let text = stdout(&first);
    assert!(text.contains("1/2  Look at the + operator."), "{text}");
    assert!(
        !text.contains("Return a + b."),
        "only the first hint: {text}"
    );

    let second = stdout(&ws.course(&["hint", "course_fixture"]).output().unwrap());
    assert!(second.contains("2/2  Return a + b."), "{second}");
    assert!(
        ws.read(".course/progress.json")
            .contains("\"hints_shown\": 2")
    );

    let bad = ws.course(&["hint", "course_fixtur"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(2), "{bad:?}");
    assert!(
        stderr(&bad).contains("did you mean: course_fixture"),
        "{bad:?}"
    );
}

#[test]
#[ignore = "end to end on scratch workspaces: CI runs these (cargo test -p course -- --ignored)"]
fn check_shows_the_failure_then_names_the_next_step() {
    let ws = Ws::new("check", true);
    let failing = ws.course(&["check", "course_fixture"]).output().unwrap();
    assert_eq!(failing.status.code(), Some(1), "{failing:?}");
    let text = stdout(&failing);
    assert!(
        text.contains("2 + 2 should be 4"),
        "the failing test's message: {text}"
    );
    assert!(
        text.contains("✗ two_plus_two") && text.contains("1 of 2 tests pass"),
        "{text}"
    );

    // No solution before it passes, unless forced.
    let refused = ws.course(&["solution", "course_fixture"]).output().unwrap();
    assert_eq!(refused.status.code(), Some(2), "{refused:?}");
    let forced = ws
        .course(&["solution", "course_fixture", "--force"])
        .output()
        .unwrap();
    assert!(stderr(&forced).contains("warning"), "{forced:?}");
    assert!(stdout(&forced).contains("a + b"), "{forced:?}");

    // Inside the exercise's folder, `check` needs no name.
    ws.write("exercises/99_fixture/01_add/src/lib.rs", FIXTURE_SOLUTION);
    let passing = ws
        .course_in(&ws.root.join("exercises/99_fixture/01_add"), &["check"])
        .output()
        .unwrap();
    assert_eq!(passing.status.code(), Some(0), "{passing:?}");
    assert!(stdout(&passing).contains("all 2 tests pass"), "{passing:?}");
    let shown = ws.course(&["solution", "course_fixture"]).output().unwrap();
    assert_eq!(shown.status.code(), Some(0), "{shown:?}");
}

#[test]
#[ignore = "end to end on scratch workspaces: CI runs these (cargo test -p course -- --ignored)"]
fn a_hanging_exercise_is_stopped_by_the_timeout() {
    let ws = Ws::new("hang", true);
    ws.add_hanging_exercise();
    let started = std::time::Instant::now();
    let out = ws
        .course(&["check", "course_hang", "--timeout", "2"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(stdout(&out).contains("stopped"), "{}", stdout(&out));
    // No test binary of the hanging exercise is left running: a process whose program (its
    // first argument) is this workspace's build of it. (Other tests build a `course_hang` of
    // their own at the same time: their linkers name it in later arguments.)
    let ours = ws.target.join("debug/deps/course_hang-");
    let leftovers: Vec<String> = std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter_map(|p| std::fs::read(p.path().join("cmdline")).ok())
        .map(|c| String::from_utf8_lossy(&c).replace('\0', " "))
        .filter(|c| c.starts_with(&*ours.to_string_lossy()))
        .collect();
    assert!(leftovers.is_empty(), "still running: {leftovers:?}");
    println!(
        "check with a hanging test took {:?} (2 s timeout)",
        started.elapsed()
    );
}

#[test]
#[ignore = "end to end on scratch workspaces: CI runs these (cargo test -p course -- --ignored)"]
fn reset_asks_first_and_keeps_a_backup() {
    let ws = Ws::new("reset", true);
    ws.git_commit();
    let lib = "exercises/99_fixture/01_add/src/lib.rs";
    ws.write(lib, "// my own work\n");

    // No terminal and no --yes: refuse, change nothing.
    let refused = ws.course(&["reset", "course_fixture"]).output().unwrap();
    assert_eq!(refused.status.code(), Some(2), "{refused:?}");
    assert!(stderr(&refused).contains("--yes"), "{refused:?}");
    assert_eq!(ws.read(lib), "// my own work\n");

    let done = ws
        .course(&["reset", "course_fixture", "--yes"])
        .output()
        .unwrap();
    assert_eq!(done.status.code(), Some(0), "{done:?}");
    assert_eq!(ws.read(lib), FIXTURE_STUB, "the stub is back");
    let backups: Vec<_> = std::fs::read_dir(ws.root.join(".course/backups"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    let saved = std::fs::read_to_string(backups[0].join("src/lib.rs")).unwrap();
    assert_eq!(saved, "// my own work\n");
}

#[test]
#[ignore = "end to end on scratch workspaces: CI runs these (cargo test -p course -- --ignored)"]
fn watch_survives_a_hanging_exercise_and_quits_on_q() {
    let ws = Ws::new("watch", true);
    ws.add_hanging_exercise();
    // No terminal: plain line mode. The hanging exercise is stopped by the timeout,
    // the watch goes on, shows a hint on `h`, and ends on `q`.
    let out = ws
        .course(&["watch", "course_hang", "--timeout", "2"])
        .write_stdin("h\nq\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = stdout(&out);
    assert!(text.contains("⏰ course_hang"), "{text}");
    assert!(text.contains("Watching course_hang"), "{text}");
    assert!(text.contains("1/1  It never returns."), "{text}");
    assert!(text.contains("Bye."), "{text}");
}

#[test]
#[ignore = "end to end on scratch workspaces: CI runs these (cargo test -p course -- --ignored)"]
fn two_resets_in_one_second_keep_two_backups_and_everything_removed() {
    let ws = Ws::new("reset-twice", true);
    ws.git_commit();
    let lib = "exercises/99_fixture/01_add/src/lib.rs";
    // A folder named `target` inside src/ is the learner's, not cargo's.
    ws.write(
        "exercises/99_fixture/01_add/src/target/notes.rs",
        "// mine\n",
    );
    for work in ["// first try\n", "// second try\n"] {
        ws.write(lib, work);
        let out = ws
            .course(&["reset", "course_fixture", "--yes"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        assert_eq!(ws.read(lib), FIXTURE_STUB);
    }
    assert!(
        !ws.root
            .join("exercises/99_fixture/01_add/src/target")
            .exists()
    );
    let mut saved: Vec<String> = std::fs::read_dir(ws.root.join(".course/backups"))
        .unwrap()
        .flatten()
        .map(|e| std::fs::read_to_string(e.path().join("src/lib.rs")).unwrap())
        .collect();
    saved.sort();
    assert_eq!(
        saved,
        ["// first try\n", "// second try\n"],
        "no backup overwritten"
    );
    let kept = std::fs::read_dir(ws.root.join(".course/backups"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().join("src/target/notes.rs").is_file())
        .count();
    assert_eq!(kept, 1, "src/target was backed up before it was removed");
}

#[test]
#[ignore = "end to end on scratch workspaces: CI runs these (cargo test -p course -- --ignored)"]
fn hint_without_a_name_means_the_current_exercise_and_folders_are_names() {
    let ws = Ws::new("hint-here", true);
    let dir = ws.root.join("exercises/99_fixture/01_add");
    let here = ws.course_in(&dir, &["hint"]).output().unwrap();
    assert_eq!(here.status.code(), Some(0), "{here:?}");
    assert!(
        stdout(&here).contains("Hints for course_fixture"),
        "{here:?}"
    );
    for name in ["01_add", "add", "exercises/99_fixture/01_add/"] {
        let out = ws.course(&["hint", name]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{name}: {out:?}");
        assert!(stdout(&out).contains("course_fixture"), "{name}: {out:?}");
    }
}

#[test]
#[ignore = "end to end on scratch workspaces: CI runs these (cargo test -p course -- --ignored)"]
fn no_progress_file_can_crash_a_command() {
    let ws = Ws::new("progress-fuzz", true);
    let garbage = [
        "",
        "\0\u{1}\u{2}",
        "[1, 2, 3]",
        "null",
        "{\"exercises\": 5}",
        "{\"exercises\": {\"course_fixture\": {\"hints_shown\": 18446744073709551615}}}",
        "{\"exercises\": {\"course_fixture\": {\"hints_shown\": 1e400}}}",
        "{\"exercises\": {\"course_fixture\": {\"hints_shown\": -3, \"touched\": \"yes\"}}}",
        "{\"exercises\": {\"course_fixture\": {\"last\": {\"hash\": 7, \"passed\": \"no\"}}}}",
        "{\"exercises\": {\"course_fixture\": {\"last\": {\"hash\": \"x\", \"passed\": true, \"tests_passed\": 99, \"tests_total\": 1}}}}",
        &"[".repeat(10_000),
    ];
    for text in garbage {
        for args in [
            &["hint", "course_fixture"][..],
            &["list", "--cached"],
            &["solution", "course_fixture"],
        ] {
            ws.write(".course/progress.json", text);
            let out = ws.course(args).output().unwrap();
            let code = out.status.code();
            assert!(
                code == Some(0) || code == Some(2),
                "{args:?} with {:?}: {out:?}",
                &text[..text.len().min(80)]
            );
            assert!(!stderr(&out).contains("panicked"), "{args:?}: {out:?}");
        }
    }
}

#[test]
#[ignore = "end to end on scratch workspaces: CI runs these (cargo test -p course -- --ignored)"]
fn list_and_check_say_does_not_compile_once() {
    let ws = Ws::new("no-compile", true);
    ws.write(
        "exercises/99_fixture/01_add/src/lib.rs",
        "//! Broken.\n\n/// Adds.\npub fn add(a: u32, b: u32) -> u32 {\n    a + b + undefined_name\n}\n",
    );
    let list = ws.course(&["list"]).output().unwrap();
    assert_eq!(list.status.code(), Some(0), "{list:?}");
    assert!(stdout(&list).contains("✗ does not compile"), "{list:?}");
    assert!(!stdout(&list).contains("failing"), "{list:?}");
    let check = ws.course(&["check", "course_fixture"]).output().unwrap();
    assert_eq!(check.status.code(), Some(1), "{check:?}");
    let text = stdout(&check);
    assert_eq!(
        text.matches("cannot find value `undefined_name`").count(),
        1,
        "each compiler error once:\n{text}"
    );
}

#[test]
#[ignore = "end to end on scratch workspaces: CI runs these (cargo test -p course -- --ignored)"]
fn check_keeps_the_output_free_of_backtraces() {
    let ws = Ws::new("backtrace", true);
    let out = ws
        .course(&["check", "course_fixture"])
        .env("RUST_BACKTRACE", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let text = stdout(&out);
    assert!(text.contains("2 + 2 should be 4"), "{text}");
    assert!(!text.contains("stack backtrace"), "{text}");
}

#[test]
#[ignore = "end to end on scratch workspaces: CI runs these (cargo test -p course -- --ignored)"]
fn in_watch_the_keys_are_named_and_next_agrees_with_n() {
    let ws = Ws::new("watch-keys", true);
    ws.add_hanging_exercise();
    let failing = ws
        .course(&["watch", "course_fixture", "--timeout", "20"])
        .write_stdin("h\nq\n")
        .output()
        .unwrap();
    let text = stdout(&failing);
    assert!(text.contains("Stuck? press h"), "{text}");
    assert!(text.contains("press h again for the next hint"), "{text}");
    assert!(!text.contains("run it again"), "{text}");

    ws.write("exercises/99_fixture/01_add/src/lib.rs", FIXTURE_SOLUTION);
    let passing = ws
        .course(&["watch", "course_fixture", "--timeout", "2"])
        .write_stdin("n\nq\n")
        .output()
        .unwrap();
    let text = stdout(&passing);
    assert!(text.contains("Next: course_hang"), "{text}");
    assert!(text.contains("press n"), "{text}");
    assert!(
        text.contains("Checking course_hang"),
        "n goes where Next said: {text}"
    );
}
