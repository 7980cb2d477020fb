//! `--trace FILE`: the run's timeline as Chrome trace-event JSON, checked the way a viewer
//! reads it (`toolkit::timeline::trace_check`): one complete event per row, on its model's
//! lane, in the order the rows ran; and a path that cannot be written is refused before
//! anything runs.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use toolkit::timeline::trace_check::check;

/// A scratch folder of this test's own, removed at the end.
struct Scratch(PathBuf);

impl Scratch {
    fn new(test: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("compare_demo-{}-{test}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn compare(args: &[&str], trace: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_compare_demo"))
        .env_remove("COURSE_TIME_SCALE")
        .args(args)
        .arg("--trace")
        .arg(trace)
        .output()
        .expect("compare_demo runs")
}

#[test]
fn the_trace_has_one_span_per_row_on_its_model_s_lane() {
    let dir = Scratch::new("trace");
    let path = dir.0.join("run.json");
    let out = compare(&["--quick", "--tiny", "--experiment", "io_bound"], &path);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("ui.perfetto.dev"),
        "says how to open it: {stdout}"
    );
    let events = check(&std::fs::read_to_string(&path).unwrap()).unwrap();

    // io_bound's Rust models, in the order they ran, each on a lane named after it.
    let lanes: Vec<&str> = {
        let mut by_start: Vec<_> = events.iter().collect();
        by_start.sort_by_key(|e| e.start_ns);
        by_start
            .iter()
            .map(|e| e.process.split(" · ").next().unwrap())
            .collect()
    };
    let models = [
        "sequential",
        "threads",
        "processes",
        "async",
        "async_multi",
        "gil_threads",
    ];
    assert_eq!(lanes, models);
    assert!(events.iter().all(|e| e.name == "io_bound"), "{events:?}");
    // The rows ran one after another; each lasted at least its waits (3 × 100 ms one after
    // another for `sequential`, 100 ms at once for the others).
    let mut spans: Vec<_> = events.iter().map(|e| (e.start_ns, e.end_ns)).collect();
    spans.sort();
    // Each row's span is timed in its own worker process, so the next row's start and the
    // previous row's end are two processes' readings of the clock around a process exit and
    // a spawn: they were seen 14 µs out of order once on a busy machine. A millisecond of slack
    // still tells rows run one after another (100 ms and more each) from rows run at once.
    const SLACK_NS: u64 = 1_000_000;
    assert!(
        spans.windows(2).all(|w| w[0].1 <= w[1].0 + SLACK_NS),
        "the rows overlapped: {spans:?}"
    );
    let sequential = events
        .iter()
        .find(|e| e.process.starts_with("sequential "))
        .unwrap();
    assert!(sequential.end_ns - sequential.start_ns >= 300_000_000);
    assert!(spans.iter().all(|(s, e)| e - s >= 100_000_000), "{spans:?}");
}

#[test]
fn an_unwritable_trace_path_is_refused_before_anything_runs() {
    let out = compare(&["--quick"], Path::new("/no/such/dir/run.json"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--trace"), "names the flag: {stderr}");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("Measuring"));
}
