//! `compare_demo` (the tutorial's Summary Table, measured), run in its fast test mode: the
//! JSON names every experiment and model with every figure, the CPU answers agree, waits
//! overlap, the table gives a verdict per row, a piped run shows no progress bar, and bad
//! flags exit with 2 before anything runs.

use assert_cmd::Command;
use serde_json::Value;
use std::collections::BTreeSet;
use std::time::Duration;

const EXPERIMENTS: [&str; 6] = [
    "io_bound",
    "cpu_bound",
    "spawn_cost",
    "scale_async",
    "scale_threads",
    "net",
];
const MODELS: [&str; 6] = [
    "sequential",
    "threads",
    "processes",
    "async",
    "async_multi",
    "gil_threads",
];
const FIELDS: [&str; 7] = [
    "experiment",
    "model",
    "wall_s",
    "ideal_s",
    "speedup",
    "peak_rss_mb",
    "per_unit_us",
];

/// Runs compare_demo with `args` under a deadline; returns (exit code, stdout, stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    let mut cmd = Command::cargo_bin("compare_demo").expect(
        "build it first with `cargo build -p compare_demo` (`cargo test` at the root does)",
    );
    let out = cmd
        .env_remove("COURSE_TIME_SCALE")
        .args(args)
        .timeout(Duration::from_secs(40))
        .output()
        .expect("compare_demo could not be started");
    let code = out
        .status
        .code()
        .expect("⏰ compare_demo was stopped after 40 s");
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (code, text(&out.stdout), text(&out.stderr))
}

#[test]
fn the_json_has_every_experiment_and_model_with_consistent_figures() {
    let dir = tempfile::tempdir().unwrap();
    let json_path = dir.path().join("results.json");
    // --tiny is the hidden test size: every experiment and model, small counts.
    let mut args = vec!["--quick", "--tiny", "--json", json_path.to_str().unwrap()];
    let python = std::process::Command::new("python3")
        .arg("--version")
        .output()
        .is_ok();
    if python {
        args.push("--with-python");
    }
    let (code, stdout, stderr) = run(&args);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(
        stderr.is_empty(),
        "piped, the progress bar stays quiet: {stderr:?}"
    );

    let json: Value = serde_json::from_str(&std::fs::read_to_string(&json_path).unwrap()).unwrap();
    assert!(json["cores"].as_u64().unwrap() >= 1);
    let results = json["results"].as_array().expect("results is a list");
    let rows = |experiment: &str| -> Vec<&Value> {
        results
            .iter()
            .filter(|r| r["experiment"] == experiment)
            .collect()
    };
    let models_of = |experiment: &str| -> BTreeSet<&str> {
        rows(experiment)
            .iter()
            .filter_map(|r| r["model"].as_str())
            .collect()
    };
    for experiment in EXPERIMENTS {
        assert!(!rows(experiment).is_empty(), "no {experiment} rows");
    }
    let all: BTreeSet<_> = results.iter().filter_map(|r| r["model"].as_str()).collect();
    for model in MODELS {
        assert!(all.contains(model), "no {model} rows");
        for experiment in ["io_bound", "cpu_bound"] {
            assert!(
                models_of(experiment).contains(model),
                "{experiment} has no {model}"
            );
        }
    }
    for row in results {
        for field in FIELDS {
            assert!(row.get(field).is_some(), "{field} missing in {row}");
        }
        if row["model"].as_str().unwrap().starts_with("py_") {
            continue; // Python rows are reported even when Python misbehaves
        }
        assert!(row.get("error").is_none(), "a Rust row failed: {row}");
        assert!(row["wall_s"].as_f64().unwrap() > 0.0, "{row}");
        assert!(row["peak_rss_mb"].as_f64().unwrap() > 0.0, "{row}");
        assert!(row["per_unit_us"].as_f64().unwrap() >= 0.0, "{row}");
    }
    if python {
        assert!(
            all.contains("py_threads") && all.contains("py_asyncio"),
            "{all:?}"
        );
    }

    // Every Rust model counted the same primes: 9,592 below 100,000.
    for row in rows("cpu_bound")
        .iter()
        .filter(|r| !r["model"].as_str().unwrap().starts_with("py_"))
    {
        assert_eq!(row["answer"], 9_592, "{row}");
    }
    // Ratios, never absolute times: overlapping waits beat one-after-another by a lot
    // (3x in theory, 1.8x leaves room for a busy machine), and the sequential row is 1x.
    for row in rows("io_bound") {
        let (model, s) = (
            row["model"].as_str().unwrap(),
            row["speedup"].as_f64().unwrap(),
        );
        match model {
            "sequential" | "py_sequential" => assert!((s - 1.0).abs() < 1e-9, "{row}"),
            _ => assert!(s > 1.8, "{model} io_bound was only {s:.2}x: {row}"),
        }
    }
    // The table a person reads: every row has a verdict.
    for row in results {
        let verdict = row["verdict"].as_str().unwrap();
        assert!(!verdict.is_empty(), "{row}");
        assert!(stdout.contains(verdict), "the table shows {verdict:?}");
    }
    assert!(stdout.contains("When to use which"), "{stdout}");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file left"
    );
}

#[test]
fn an_unwritable_json_path_is_refused_before_anything_runs() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no/such/dir/results.json");
    for target in [missing.to_str().unwrap(), dir.path().to_str().unwrap()] {
        let (code, stdout, stderr) = run(&["--quick", "--json", target]);
        assert_eq!(code, 2, "{stderr}");
        assert!(
            stderr.contains("--json"),
            "the message names the flag: {stderr}"
        );
        assert!(!stdout.contains("Measuring"), "nothing ran: {stdout}");
    }
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing was written"
    );
    let (code, _, stderr) = run(&["--quick=yes"]);
    assert_eq!(code, 2, "{stderr}");
}
