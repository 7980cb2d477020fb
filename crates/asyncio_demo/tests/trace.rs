//! `--trace FILE`: the run's timeline as a Chrome trace-event file that parses, checked event
//! by event against the format, with each download on its own task, all on one thread.

use std::path::PathBuf;
use std::process::{Command, Output};
use toolkit::timeline::trace_check;

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_asyncio_demo"))
        .args(args)
        .env("COURSE_TIME_SCALE", "1")
        .output()
        .expect("asyncio_demo runs")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("asyncio-demo-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn trace_writes_each_download_on_its_own_task_on_one_thread() {
    let dir = scratch("ok");
    let path = dir.join("run.json");
    let out = run(&[
        "--seconds",
        "0.05",
        "--tasks",
        "4",
        "--trace",
        path.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Wrote the trace to"));
    let events = trace_check::check(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let mut names: Vec<&str> = events.iter().map(|e| e.name.as_str()).collect();
    names.sort();
    assert_eq!(names, ["File-0", "File-1", "File-2", "File-3"]);
    // One track per task, every one of them on the one thread, `main`.
    let mut tracks: Vec<&str> = events.iter().map(|e| e.thread.as_str()).collect();
    tracks.sort();
    tracks.dedup();
    assert_eq!(tracks.len(), 4, "{tracks:?}");
    assert!(
        tracks
            .iter()
            .all(|t| t.starts_with("task ") && t.ends_with(" on main"))
    );
    let pids: Vec<u64> = events.iter().map(|e| e.pid).collect();
    assert!(pids.iter().all(|p| *p == pids[0]), "one process");
    for e in &events {
        assert!(e.evidence() && e.args["source"] == "download", "{e:?}");
        assert!(e.end_ns - e.start_ns >= 50_000_000, "{e:?}");
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

#[test]
fn with_http_the_trace_has_the_servers_spans_beside_the_downloads() {
    let dir = scratch("http");
    let path = dir.join("run.json");
    let out = run(&[
        "--http",
        "--seconds",
        "0.05",
        "--trace",
        path.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{out:?}");
    let events = trace_check::check(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let sources = |source: &str| events.iter().filter(|e| e.args["source"] == source).count();
    assert!(sources("server") >= 3, "the server's own spans: {events:?}");
    assert!(
        events.iter().any(|e| !e.evidence()),
        "the downloads, drawn by the demo: {events:?}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}
