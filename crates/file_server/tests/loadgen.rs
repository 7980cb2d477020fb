//! `loadgen` end to end with a small count: its three figures come out, every request
//! succeeds, and a count out of range exits 2 saying what is allowed.

use std::process::Command;

const LOADGEN: &str = env!("CARGO_BIN_EXE_loadgen");

#[test]
fn a_small_run_prints_the_server_figures_and_the_machine_floor() {
    let out = Command::new(LOADGEN)
        .arg("50")
        .output()
        .expect("run loadgen");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "loadgen 50 failed ({}):\n{stdout}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    for line in [
        "start + first response",
        "50 concurrent requests, latency 100ms",
        "50 concurrent requests, latency 0ms",
        "a bare tokio loop answering",
        "this machine's floor:",
    ] {
        assert!(stdout.contains(line), "no {line:?} in:\n{stdout}");
    }
    assert_eq!(
        stdout.matches("for 50 ok / 0 failed").count(),
        2,
        "every request of both server runs should succeed:\n{stdout}"
    );
}

#[test]
fn a_count_out_of_range_exits_2_naming_the_range() {
    for bad in ["0", "20001", "many"] {
        let out = Command::new(LOADGEN)
            .arg(bad)
            .output()
            .expect("run loadgen");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "loadgen {bad}: {stderr}");
        assert!(
            stderr.contains("must be from 1 to 20000"),
            "loadgen {bad}: {stderr}"
        );
    }
}
