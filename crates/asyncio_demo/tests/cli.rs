//! The command line documents itself: `--help` lists `--tasks`, `--seconds`, `--timeline` and
//! `--trace`.
//!
//! (Being an integration test of this package also makes `cargo test` build the
//! `asyncio_demo` binary, which the workspace-level tests in `tests/demos_asyncio.rs` run.)

use std::process::Command;

#[test]
fn help_lists_every_flag() {
    let out = Command::new(env!("CARGO_BIN_EXE_asyncio_demo"))
        .arg("--help")
        .output()
        .expect("asyncio_demo runs");
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for flag in [
        "--tasks <N>",
        "--seconds <S>",
        "--timeline",
        "--trace <FILE>",
    ] {
        assert!(help.contains(flag), "{flag} missing from:\n{help}");
    }
}
