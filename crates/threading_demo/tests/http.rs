//! `--http` (lesson 5, the `http` feature): the tutorial's three downloads as real HTTP requests
//! to a loopback server the demo starts. Same lines, same overlap, client and server spans on
//! one timeline and in the trace, and a refused connection, a bad URL or a 404 is an error that
//! names the URL, never a panic. Only 127.0.0.1 is ever contacted.
//!
//! Run with `cargo test -p threading_demo --features http` (CI does): a plain `cargo test`
//! builds the demo without its HTTP mode, and `tests/cli.rs` checks what `--http` says then.

// The workspace's demo-test helpers (`tests/demos_support/`), shared rather than copied.
#[path = "../../../tests/demos_support/mod.rs"]
mod demos_support;

use demos_support::{Run, assert_downloads_overlapped, assert_http_failures_name_the_url};
use toolkit::net::FileServer;
use toolkit::timeline::trace_check;

/// Runs the demo with `args` and `COURSE_TIME_SCALE=scale` under a 10 s deadline.
fn run_scaled(scale: &str, args: &[&str]) -> Run {
    demos_support::run_scaled("threading_demo", Some(scale), args)
}

#[test]
fn http_prints_the_tutorials_lines_and_overlaps() {
    // The default 2 s, scaled to 0.2 s: COURSE_TIME_SCALE reaches the server's latency.
    let out = run_scaled("0.1", &["--http"]);
    assert_eq!(
        out.code, 0,
        "the demo must succeed against its own server: {out:#?}"
    );
    assert_downloads_overlapped(
        &out,
        ["A", "B", "C"],
        &["All downloads complete!", "Total time: "],
    );
    assert!(out.stderr.is_empty(), "{}", out.stderr);
}

#[test]
fn http_timeline_shows_client_and_server_spans() {
    let out = run_scaled("1", &["--http", "--seconds", "0.2", "--timeline"]);
    assert_eq!(out.code, 0, "{out:#?}");
    for (lane, span) in [
        ("Thread-1", "[A="),
        ("Thread-2", "[B="),
        ("Thread-3", "[C="),
        ("conn ", "[/files/A"),
        ("conn ", "[/files/B"),
        ("conn ", "[/files/C"),
    ] {
        let row = out
            .stdout
            .lines()
            .find(|l| l.starts_with(lane) && l.contains(span));
        assert!(row.is_some(), "no {lane} row with {span}:\n{}", out.stdout);
    }
    assert!(
        out.stdout
            .contains("The server saw 3 requests on 3 connections, at most 3 at once."),
        "the server must have seen the three requests at once:\n{}",
        out.stdout
    );
}

#[test]
fn with_http_the_trace_has_the_servers_spans_beside_the_downloads() {
    let dir = tempfile_dir("trace");
    let path = dir.join("run.json");
    let trace = path.to_str().unwrap();
    let out = run_scaled("1", &["--http", "--seconds", "0.05", "--trace", trace]);
    assert_eq!(out.code, 0, "{out:#?}");
    let events = trace_check::check(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let sources = |source: &str| events.iter().filter(|e| e.args["source"] == source).count();
    assert!(sources("server") >= 3, "the server's own spans: {events:?}");
    assert!(
        events.iter().any(|e| !e.evidence()),
        "the downloads, drawn by the demo: {events:?}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_refused_connection_a_bad_url_or_an_error_status_is_an_error_naming_the_url() {
    // A live server of our own and a base URL under which nothing exists: every download
    // gets a 404.
    let server = FileServer::start().expect("start a loopback file server");
    let missing = server.url("/missing");
    assert_http_failures_name_the_url("threading_demo", "A", &missing);
}

/// A fresh folder of this test process's own under the system's temporary folder.
fn tempfile_dir(name: &str) -> std::path::PathBuf {
    let dir =
        std::env::temp_dir().join(format!("threading-demo-http-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
