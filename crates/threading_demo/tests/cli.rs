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

/// Built without the `http` feature (the default, and `cargo test` at the root), `--http` and
/// `--server` say how to get them, with exit code 2 and nothing run. (With the feature,
/// `tests/http.rs` runs them.)
#[cfg(not(feature = "http"))]
#[test]
fn without_the_http_feature_http_says_how_to_build_it() {
    for args in [&["--http"][..], &["--server", "http://127.0.0.1:9/"][..]] {
        let out = Command::new(env!("CARGO_BIN_EXE_threading_demo"))
            .args(args)
            .output()
            .expect("threading_demo runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("cargo run -p threading_demo --features http -- --http"),
            "{args:?}: the message must give the command: {err}"
        );
        assert!(out.stdout.is_empty(), "{args:?}: nothing ran");
    }
}
