//! The command line documents itself: `--help` lists `--tasks` (default 3), `--seconds`,
//! `--timeline`, `--trace` and the teaching flag `--fail-task`.
//!
//! (Being an integration test of this package also makes `cargo test` build the
//! `multiprocessing_demo` binary, which `tests/demos_multiprocessing.rs` at the root runs.)

use std::process::Command;

#[test]
fn help_lists_every_flag() {
    let out = Command::new(env!("CARGO_BIN_EXE_multiprocessing_demo"))
        .arg("--help")
        .output()
        .expect("multiprocessing_demo runs");
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for flag in [
        "--tasks <N>",
        "--seconds <S>",
        "--timeline",
        "--trace <FILE>",
        "--fail-task <K>",
    ] {
        assert!(help.contains(flag), "{flag} missing from:\n{help}");
    }
}
