//! `--trace FILE`: the run's timeline as a Chrome trace-event file that parses, checked event
//! by event against the format, with the three downloads on their three threads.

use std::path::PathBuf;
use std::process::{Command, Output};
use toolkit::timeline::trace_check;

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_threading_demo"))
        .args(args)
        .env("COURSE_TIME_SCALE", "1")
        .output()
        .expect("threading_demo runs")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("threading-demo-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn trace_writes_the_three_downloads_on_three_threads() {
    let dir = scratch("ok");
    let path = dir.join("run.json");
    let out = run(&["--seconds", "0.05", "--trace", path.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Wrote the trace to"));
    let events = trace_check::check(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let mut seen: Vec<(String, String)> = events
        .iter()
        .map(|e| (e.thread.clone(), e.name.clone()))
        .collect();
    seen.sort();
    let want = [("Thread-1", "A"), ("Thread-2", "B"), ("Thread-3", "C")];
    assert_eq!(seen, want.map(|(t, n)| (t.to_owned(), n.to_owned())));
    for e in &events {
        assert!(e.evidence() && e.args["source"] == "download", "{e:?}");
        assert!(e.end_ns - e.start_ns >= 50_000_000, "{e:?}");
    }
    // The three downloads ran at once: each started before any had finished.
    let first_end = events.iter().map(|e| e.end_ns).min().unwrap();
    assert!(events.iter().all(|e| e.start_ns < first_end));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_trace_path_that_cannot_be_written_exits_2_naming_the_flag_before_the_run() {
    let out = run(&["--trace", "/no/such/dir/run.json"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--trace <FILE>") && err.contains("/no/such/dir"),
        "{err}"
    );
    assert!(out.stdout.is_empty(), "nothing ran");
}
