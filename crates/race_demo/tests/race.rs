//! The race, run as a user would: the Rust counts are exact, the compiler's messages are the
//! checked-in `.stderr` files, and the Python half runs in whatever `python3` is on PATH, in a
//! fake one that says it is free-threaded, or is skipped with a clear line when there is none.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use toolkit::timeline::trace_check;

fn run(args: &[&str], path: Option<&Path>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_race_demo"));
    command.args(args);
    if let Some(path) = path {
        command.env("PATH", path);
    }
    command.output().expect("race_demo runs")
}

fn stdout_of(out: &Output) -> String {
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "race_demo failed: {text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    text
}

/// A folder of its own for this test, empty.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("race-demo-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A `python3` in `dir` that is a shell script answering `answer`, for the paths a real Python
/// on this machine does not take.
fn fake_python(dir: &Path, answer: &str) {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join("python3");
    std::fs::write(&path, format!("#!/bin/sh\n{answer}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// The count on the line that starts (after its indent) with `label`: `got N, lost M`.
fn count(text: &str, label: &str) -> (i64, i64) {
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with(label))
        .unwrap_or_else(|| panic!("no line for `{label}` in:\n{text}"));
    let number = |word: &str| -> i64 {
        let after = line
            .split(word)
            .nth(1)
            .unwrap_or_else(|| panic!("no `{word}`: {line}"));
        let digits: String = after
            .trim_start()
            .chars()
            .take_while(|c| *c == '-' || c.is_ascii_digit())
            .collect();
        digits
            .parse()
            .unwrap_or_else(|_| panic!("`{word}` not followed by a count: {line}"))
    };
    (number("got "), number("lost "))
}

/// The text with every run of whitespace made one space, so a phrase is found across the
/// demo's line wrapping.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn ui(file: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/ui")
            .join(file),
    )
    .unwrap()
}

#[test]
fn the_atomic_and_the_mutex_counts_are_exact_and_the_compilers_words_are_shown() {
    let dir = scratch("no-python");
    let text = stdout_of(&run(
        &["--threads", "3", "--increments", "20000"],
        Some(&dir),
    ));
    assert!(
        text.starts_with("One counter, 3 threads, 20000 increments each: 60000 expected."),
        "{text}"
    );
    assert_eq!(
        count(&text, "counter.fetch_add(1, Relaxed)"),
        (60_000, 0),
        "{text}"
    );
    assert_eq!(
        count(&text, "*counter.lock().unwrap() += 1"),
        (60_000, 0),
        "{text}"
    );
    for (label, code, file) in [
        (
            "counter += 1 (one &mut usize",
            "error[E0499]",
            "shared_counter.stderr",
        ),
        (
            "counter.set(counter.get() + 1)",
            "error[E0277]",
            "cell_counter.stderr",
        ),
    ] {
        let line = text
            .lines()
            .find(|l| l.trim_start().starts_with(label))
            .expect(label);
        assert!(
            line.contains(&format!("does not compile: {code}")),
            "{line}"
        );
        assert!(
            text.contains(&ui(file)),
            "the whole of tests/ui/{file} is printed:\n{text}"
        );
    }
    // No python3 on this PATH: said, skipped, and still exit 0.
    assert!(
        text.contains("Python: no python3 on PATH, so the Python half is skipped"),
        "{text}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn the_python_on_path_loses_updates_through_a_call_and_the_counts_add_up() {
    let Some(path) = std::env::var_os("PATH") else {
        return;
    };
    if !std::env::split_paths(&path).any(|dir| dir.join("python3").is_file()) {
        eprintln!("no python3 on PATH: the skip is tested by the test above");
        return;
    }
    // 4 threads of 200000: a run of about 0.1 s, so CPython's 5 ms switch interval fires many
    // times, and each time it lands on the call inside the read-modify-write a thread's work is
    // overwritten.
    let text = stdout_of(&run(&["--threads", "4", "--increments", "200000"], None));
    assert!(text.contains("Python: "), "{text}");
    let (got, lost) = count(&text, "counter += 1");
    assert!(
        got + lost == 800_000 && (0..=800_000).contains(&got),
        "{text}"
    );
    // The note says what was measured, not what was expected.
    let said = match lost {
        0 => "`counter += 1` lost nothing",
        _ => "`counter += 1` lost updates",
    };
    assert!(
        flat(&text).contains(said),
        "lost {lost}, so `{said}`:\n{text}"
    );
    let (got, lost) = count(&text, "counter = increment(counter)");
    assert_eq!(got + lost, 800_000, "{text}");
    assert!(
        lost > 0,
        "the read-call-write lost nothing in 800000 increments: the Python half no longer races:\n{text}"
    );
}

#[test]
fn a_free_threaded_python_is_named_as_such_and_its_losses_explained() {
    let dir = scratch("free-threaded");
    fake_python(
        &dir,
        "echo 'race_demo-python build CPython 3.14.0 1 off 5000 /opt/python3.14t'\n\
         echo 'race_demo-python in_place 31000'\necho 'race_demo-python through_a_call 12000'",
    );
    let text = stdout_of(&run(
        &["--threads", "4", "--increments", "10000"],
        Some(&dir),
    ));
    assert!(
        text.contains("Python: CPython 3.14.0 (/opt/python3.14t), GIL off (free-threaded build"),
        "{text}"
    );
    assert_eq!(count(&text, "counter += 1"), (31_000, 9_000), "{text}");
    assert!(flat(&text).contains("there is no GIL"), "{text}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_python3_on_path_that_fails_is_named_and_skipped() {
    let dir = scratch("broken");
    fake_python(&dir, "echo 'SyntaxError: invalid syntax' >&2; exit 1");
    let text = stdout_of(&run(&["--increments", "10"], Some(&dir)));
    assert!(
        text.contains("not a Python 3") && text.contains("SyntaxError") && text.contains("skipped"),
        "{text}"
    );
    assert_eq!(
        count(&text, "counter.fetch_add(1, Relaxed)"),
        (40, 0),
        "{text}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn timeline_and_trace_show_each_rust_thread() {
    let dir = scratch("trace");
    let trace = dir.join("run.json");
    let args = [
        "--threads",
        "2",
        "--increments",
        "1000",
        "--timeline",
        "--trace",
    ];
    let text = stdout_of(&run(
        &[&args[..], &[trace.to_str().unwrap()]].concat(),
        Some(&dir),
    ));
    for row in ["atomic-1", "atomic-2", "mutex-1", "mutex-2"] {
        assert!(
            text.lines()
                .any(|l| l.split(':').next().map(str::trim) == Some(row)),
            "no row {row}:\n{text}"
        );
    }
    let events = trace_check::check(&std::fs::read_to_string(&trace).unwrap()).unwrap();
    let mut seen: Vec<(String, String)> = events
        .iter()
        .map(|e| (e.thread.clone(), e.name.clone()))
        .collect();
    seen.sort();
    let want = [
        ("atomic-1", "fetch_add"),
        ("atomic-2", "fetch_add"),
        ("mutex-1", "lock"),
        ("mutex-2", "lock"),
    ];
    assert_eq!(seen, want.map(|(t, n)| (t.to_owned(), n.to_owned())));
    std::fs::remove_dir_all(dir).unwrap();
}
