//! `--trace FILE`: the run's timeline as a Chrome trace-event file that parses, checked event
//! by event against the format, with each task in its own child process.

use std::path::PathBuf;
use std::process::{Command, Output};
use toolkit::timeline::trace_check;

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_multiprocessing_demo"))
        .args(args)
        .env("COURSE_TIME_SCALE", "1")
        .output()
        .expect("multiprocessing_demo runs")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "multiprocessing-demo-{}-{name}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn trace_writes_each_task_in_its_own_child_process() {
    let dir = scratch("ok");
    let path = dir.join("run.json");
    let out = run(&["--seconds", "0.05", "--trace", path.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("Wrote the trace to"), "{stdout}");
    let events = trace_check::check(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let mut names: Vec<&str> = events.iter().map(|e| e.name.as_str()).collect();
    names.sort();
    assert_eq!(names, ["Task-0", "Task-1", "Task-2"]);
    let mut pids: Vec<u64> = events.iter().map(|e| e.pid).collect();
    pids.sort();
    pids.dedup();
    assert_eq!(pids.len(), 3, "three processes");
    for e in &events {
        // Each child's PID, as the demo printed it, names its process in the trace.
        assert!(
            stdout.contains(&format!("in PID {}", e.pid)),
            "{e:?}\n{stdout}"
        );
        assert_eq!(e.process, format!("PID {}", e.pid));
        assert!(e.evidence() && e.args["source"] == "worker", "{e:?}");
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_failed_child_is_in_the_trace_too() {
    let dir = scratch("fail");
    let path = dir.join("run.json");
    let out = run(&[
        "--seconds",
        "0.05",
        "--fail-task",
        "1",
        "--trace",
        path.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let events = trace_check::check(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert!(events.iter().any(|e| e.name == "Task-1"), "{events:?}");
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
