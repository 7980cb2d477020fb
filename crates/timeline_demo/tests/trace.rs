//! `--trace FILE`: the run's timeline as a Chrome trace-event file that parses, checked event
//! by event against the format: the four models' runs, each under its own name.

use std::path::PathBuf;
use std::process::{Command, Output};
use toolkit::timeline::trace_check;

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_timeline_demo"))
        .args(args)
        .env("COURSE_TIME_SCALE", "1")
        .output()
        .expect("timeline_demo runs")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("timeline-demo-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn trace_writes_the_four_models_each_under_its_own_name() {
    let dir = scratch("ok");
    let path = dir.join("run.json");
    let out = run(&["--seconds", "0.05", "--trace", path.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Wrote the trace to"));
    let events = trace_check::check(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(events.len(), 12, "A, B and C under four models: {events:?}");
    let model = |e: &trace_check::TraceEvent| e.process.split(" · ").next().unwrap().to_owned();
    for name in ["sequential", "threads", "processes", "async"] {
        let run: Vec<_> = events.iter().filter(|e| model(e) == name).collect();
        let mut labels: Vec<&str> = run.iter().map(|e| e.name.as_str()).collect();
        labels.sort();
        assert_eq!(labels, ["A", "B", "C"], "{name}");
        let tracks: std::collections::HashSet<_> = run.iter().map(|e| (e.pid, e.tid)).collect();
        let pids: std::collections::HashSet<_> = run.iter().map(|e| e.pid).collect();
        // Lanes as the picture draws them: one for the sequential run, three for the others,
        // and for processes three of them.
        let want = if name == "sequential" { 1 } else { 3 };
        assert_eq!(tracks.len(), want, "{name}: {run:?}");
        assert_eq!(
            pids.len(),
            if name == "processes" { 3 } else { 1 },
            "{name}"
        );
        if name == "async" {
            assert!(run.iter().all(|e| e.thread.starts_with("task ")), "{run:?}");
        }
        if name == "threads" {
            assert!(
                run.iter().all(|e| e.thread.starts_with("Thread-")),
                "{run:?}"
            );
        }
    }
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
