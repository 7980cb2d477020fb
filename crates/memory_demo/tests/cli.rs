//! Runs the built binary with a small message count: the counter proves shared versus
//! separate memory, and both IPC costs are printed.
//!
//! (Being an integration test of this package also makes `cargo test` build the binary.)

use std::process::Command;

#[test]
fn threads_share_the_counter_and_processes_each_have_their_own() {
    let out = Command::new(env!("CARGO_BIN_EXE_memory_demo"))
        .args(["--messages", "2000"])
        .output()
        .expect("memory_demo runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("the parent sees 3 (one shared memory)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("the parent sees 0; the children saw 1, 1, 1"),
        "{stdout}"
    );
    assert!(
        stdout.contains("over a channel") && stdout.contains("over a pipe"),
        "{stdout}"
    );
    assert!(stdout.contains("x as long as the channel"), "{stdout}");
}

#[test]
fn a_bad_count_is_refused_with_exit_2() {
    let out = Command::new(env!("CARGO_BIN_EXE_memory_demo"))
        .args(["--messages", "0"])
        .output()
        .expect("memory_demo runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--messages"));
}
