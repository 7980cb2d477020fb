//! The command line documents itself: `--help` lists the flags a learner uses and hides the
//! tests' `--tiny`.
//!
//! (Being an integration test of this package also makes `cargo test` build the
//! `compare_demo` binary, which the workspace-level tests in `tests/measure_compare.rs` run.)

use std::process::Command;

#[test]
fn help_lists_the_flags_and_hides_the_test_size() {
    let out = Command::new(env!("CARGO_BIN_EXE_compare_demo"))
        .arg("--help")
        .output()
        .expect("compare_demo runs");
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for flag in [
        "--quick",
        "--json <FILE>",
        "--with-python",
        "--python <PATH>",
    ] {
        assert!(help.contains(flag), "--help should list {flag}:\n{help}");
    }
    assert!(
        !help.contains("--tiny"),
        "--tiny is for tests only:\n{help}"
    );
}
