//! cpu_bound's `rayon` row: the same pieces as `threads` and `processes`, with `par_iter` on
//! rayon's global pool. A `--tiny --experiment cpu_bound` run has it beside the others, in the
//! printed table, the JSON file and the trace, with the exact count of primes.
//!
//! Only names, answers and shapes are checked here, never speeds: the figures belong to a
//! release build (docs/measurements.md), and on a busy machine any speed-up can vanish.

use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;
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

#[test]
fn cpu_bound_has_a_rayon_row_with_the_exact_answer_in_the_table_json_and_trace() {
    let dir = Scratch::new("rayon");
    let (json_path, trace_path) = (dir.0.join("results.json"), dir.0.join("run.json"));
    let out = Command::new(env!("CARGO_BIN_EXE_compare_demo"))
        .env_remove("COURSE_TIME_SCALE")
        .args(["--quick", "--tiny", "--experiment", "cpu_bound", "--json"])
        .arg(&json_path)
        .arg("--trace")
        .arg(&trace_path)
        .output()
        .expect("compare_demo runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // The JSON: the Rust models side by side, rayon after the hand-made threads and
    // processes, each counting the 9,592 primes below 100,000.
    let json: Value = serde_json::from_str(&std::fs::read_to_string(&json_path).unwrap()).unwrap();
    let rows = json["results"].as_array().expect("results is a list");
    let models: Vec<&str> = rows.iter().filter_map(|r| r["model"].as_str()).collect();
    assert_eq!(
        models,
        [
            "sequential",
            "threads",
            "processes",
            "rayon",
            "async",
            "async_multi",
            "gil_threads"
        ]
    );
    let rayon = rows.iter().find(|r| r["model"] == "rayon").unwrap();
    assert_eq!(rayon["experiment"], "cpu_bound", "{rayon}");
    assert!(
        rayon.get("error").is_none(),
        "the rayon row failed: {rayon}"
    );
    assert_eq!(rayon["answer"], 9_592, "{rayon}");
    assert_eq!(
        rayon["units"], rows[1]["units"],
        "the same pieces as threads"
    );
    for field in ["wall_s", "ideal_s", "speedup", "peak_rss_mb", "cores_used"] {
        assert!(rayon[field].as_f64().unwrap() > 0.0, "{field}: {rayon}");
    }
    // Judged as a parallel model: its ideal is the sequential time over the cores.
    let sequential = &rows[0];
    assert!(
        rayon["ideal_s"].as_f64().unwrap() <= sequential["wall_s"].as_f64().unwrap(),
        "{rayon}"
    );

    // The table a person reads: the row, with its verdict in the parallel models' style.
    let verdict = rayon["verdict"].as_str().unwrap();
    assert!(
        verdict.starts_with("rayon ") && verdict.contains("x on "),
        "{verdict}"
    );
    assert!(stdout.contains("| rayon "), "{stdout}");
    assert!(stdout.contains(verdict), "{stdout}");

    // The trace: one cpu_bound span on a lane of its own, between processes and async.
    let events = check(&std::fs::read_to_string(&trace_path).unwrap()).unwrap();
    let mut by_start: Vec<_> = events.iter().collect();
    by_start.sort_by_key(|e| e.start_ns);
    let lanes: Vec<&str> = by_start
        .iter()
        .map(|e| e.process.split(" · ").next().unwrap())
        .collect();
    assert_eq!(lanes, models, "one span per row, in the order they ran");
    assert!(events.iter().all(|e| e.name == "cpu_bound"), "{events:?}");
}
