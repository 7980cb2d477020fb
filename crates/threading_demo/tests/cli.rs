//! The command line documents itself: `--help` lists `--seconds` (default 2, the tutorial's),
//! `--timeline` and `--trace`.
//!
//! (Being an integration test of this package also makes `cargo test` build the
//! `threading_demo` binary, which the workspace-level tests in `tests/demos_threading.rs` run.)

use std::process::Command;

#[test]
fn help_lists_seconds_with_the_tutorials_default_and_timeline() {
    let out = Command::new(env!("CARGO_BIN_EXE_threading_demo"))
        .arg("--help")
        .output()
        .expect("threading_demo runs");
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(
        help.contains("--seconds <S>") && help.contains("[default: 2]"),
        "{help}"
    );
    assert!(help.contains("--timeline"), "{help}");
    assert!(help.contains("--trace <FILE>"), "{help}");
}
