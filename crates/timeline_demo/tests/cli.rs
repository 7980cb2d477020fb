//! The command line documents itself: `--help` lists `--seconds` with its default of 2 (the
//! tutorial's), `--svg` and `--trace`.
//!
//! (Being an integration test of this package also makes `cargo test` build the
//! `timeline_demo` binary, which the workspace-level tests in `tests/measure_timeline.rs` run.)

use std::process::Command;

#[test]
fn help_lists_seconds_with_the_tutorials_default_and_svg() {
    let out = Command::new(env!("CARGO_BIN_EXE_timeline_demo"))
        .arg("--help")
        .output()
        .expect("timeline_demo runs");
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("--seconds <S>"), "{help}");
    assert!(help.contains("[default: 2]"), "{help}");
    assert!(help.contains("--svg <FILE>"), "{help}");
    assert!(help.contains("--trace <FILE>"), "{help}");
}
