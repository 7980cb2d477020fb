//! `timeline_demo` (the tutorial's Scenario), run as a learner runs it: four models drawn in
//! the terminal, an SVG Gantt chart that is well-formed XML with one bar per task per model,
//! concurrent models well under the sequential time, and exit code 2 (with nothing written)
//! for bad flags.

use assert_cmd::Command;
use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

const MODELS: [&str; 4] = ["sequential", "threads", "processes", "async"];

/// Runs timeline_demo with `args` under a deadline; returns (exit code, stdout, stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    let mut cmd = Command::cargo_bin("timeline_demo").expect(
        "build it first with `cargo build -p timeline_demo` (`cargo test` at the root does)",
    );
    let out = cmd
        .env_remove("COURSE_TIME_SCALE")
        .args(args)
        .timeout(Duration::from_secs(20))
        .output()
        .expect("timeline_demo could not be started");
    let code = out
        .status
        .code()
        .expect("⏰ timeline_demo was stopped after 20 s");
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (code, text(&out.stdout), text(&out.stderr))
}

/// The "vs sequential" figure of a model in the summary table.
fn speedup(stdout: &str, model: &str) -> f64 {
    let row = stdout
        .lines()
        .find(|l| l.starts_with(&format!("| {model} ")))
        .unwrap_or_else(|| panic!("no summary row for {model}:\n{stdout}"));
    let cell = row.split('|').nth(3).unwrap().trim();
    cell.trim_end_matches('x').parse().unwrap()
}

#[test]
fn draws_four_models_and_writes_a_gantt_chart_with_one_bar_per_task() {
    let dir = tempfile::tempdir().unwrap();
    let svg_path = dir.path().join("timeline.svg");
    let (code, stdout, stderr) = run(&["--seconds", "0.1", "--svg", svg_path.to_str().unwrap()]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");

    // The terminal pictures: one per model, each with an axis and a total.
    for heading in ["Sequential", "Multithreading", "Multiprocessing", "Asyncio"] {
        assert!(
            stdout.contains(heading),
            "no picture for {heading}:\n{stdout}"
        );
    }
    assert_eq!(stdout.matches("Time →").count(), 4, "{stdout}");
    assert_eq!(stdout.matches("Total time: ").count(), 4, "{stdout}");
    assert!(
        stdout.contains("Thread-1") && stdout.contains("PID "),
        "{stdout}"
    );
    // Measured, not drawn by hand: the overlapping models beat one-after-another by a lot
    // (3x in theory; 2x leaves room for a busy machine).
    for model in ["threads", "processes", "async"] {
        let s = speedup(&stdout, model);
        assert!(
            s > 2.0,
            "{model} was only {s:.2}x faster than sequential:\n{stdout}"
        );
    }

    // The SVG: well-formed XML, one bar per task per model, lanes as the models ran them.
    let text = std::fs::read_to_string(&svg_path).unwrap();
    let doc = roxmltree::Document::parse(&text).expect("the SVG is well-formed XML");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    for model in MODELS {
        let bars: Vec<_> = doc
            .descendants()
            .filter(|n| n.attribute("class") == Some("bar"))
            .filter(|n| n.attribute("data-model") == Some(model))
            .collect();
        let labels: BTreeSet<_> = bars
            .iter()
            .filter_map(|n| n.attribute("data-label"))
            .collect();
        assert_eq!(bars.len(), 3, "{model}: one bar per task");
        assert_eq!(labels, BTreeSet::from(["A", "B", "C"]), "{model}");
        let lanes: BTreeSet<_> = bars.iter().filter_map(|n| n.attribute("y")).collect();
        let want = if model == "sequential" { 1 } else { 3 };
        assert_eq!(lanes.len(), want, "{model}: lanes (one per runner)");
    }
    assert!(
        text.contains("time since the run started"),
        "the axis has a title"
    );
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(left.len(), 1, "no temporary file is left beside the SVG");
}

#[test]
fn bad_flags_exit_with_2_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no/such/dir/t.svg");
    let cases: [(&[&str], &str); 5] = [
        (&["--seconds", "0"], "--seconds"),
        (&["--seconds", "1e300"], "up to 3600"),
        (&["--seconds", "-1"], "--seconds"),
        (&["--svg", missing.to_str().unwrap()], "--svg"),
        (&["--svg", dir.path().to_str().unwrap()], "directory"),
    ];
    for (args, says) in cases {
        let (code, stdout, stderr) = run(args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(
            stderr.contains(says),
            "{args:?} should name {says}: {stderr}"
        );
        assert!(
            !stdout.contains("Total time"),
            "{args:?} ran before checking: {stdout}"
        );
    }
    assert!(!Path::new(&missing).exists());
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing was written"
    );
}
