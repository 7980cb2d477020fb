//! `threading_demo --http` and `asyncio_demo --http` (lesson 5): the tutorial's downloads as
//! real HTTP requests to a loopback server the demo starts. Same lines, same overlap, client
//! and server spans on one timeline, and a refused connection or a bad URL is an error that
//! names the URL, never a panic. Only 127.0.0.1 is ever contacted.

mod demos_support;

use assert_cmd::Command;
use demos_support::{Run, assert_bad_input, check_order, overlap_ratio};
use std::net::TcpListener;
use std::time::Duration;

/// Runs `bin` with `args` and `COURSE_TIME_SCALE=scale` under a 10 s deadline.
fn run_scaled(bin: &str, scale: &str, args: &[&str]) -> Run {
    let out = Command::cargo_bin(bin)
        .unwrap_or_else(|e| panic!("{e}\nbuild it first with `cargo build -p {bin}`"))
        .env("COURSE_TIME_SCALE", scale)
        .args(args)
        .timeout(Duration::from_secs(10))
        .output()
        .expect("the demo could not be started");
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(
        out.status.code().is_some(),
        "⏰ `{bin} {}` was stopped after 10 s ({}): does the server or a client hang?\n{run:#?}",
        args.join(" "),
        out.status
    );
    run
}

/// A loopback port nothing listens on: bound, read, released.
fn refused_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    listener.local_addr().expect("its address").port()
}

#[test]
fn threading_http_prints_the_tutorials_lines_and_overlaps() {
    // The default 2 s, scaled to 0.2 s: COURSE_TIME_SCALE reaches the server's latency.
    let out = run_scaled("threading_demo", "0.1", &["--http"]);
    assert_eq!(
        out.code, 0,
        "the demo must succeed against its own server: {out:#?}"
    );
    let report = out.report();
    let mut started = check_order(
        &report,
        |l| l.strip_prefix("Downloading ")?.strip_suffix("..."),
        |l| l.strip_prefix("Finished "),
        &["All downloads complete!", "Total time: "],
    );
    started.sort();
    assert_eq!(started, ["A", "B", "C"], "{report:#?}");
    let total = report.last().copied().unwrap_or_default();
    assert!(total.ends_with("(3 downloads of 200.0 ms each)"), "{total}");
    let ratio = overlap_ratio(total);
    // Three 0.2 s requests one after another take 3x; on three threads, about 1x.
    assert!(
        ratio < 1.8,
        "took {ratio:.2}x one request: `{total}`: they did not overlap"
    );
    assert!(out.stderr.is_empty(), "{}", out.stderr);
}

#[test]
fn threading_http_timeline_shows_client_and_server_spans() {
    let out = run_scaled(
        "threading_demo",
        "1",
        &["--http", "--seconds", "0.2", "--timeline"],
    );
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
fn asyncio_http_gathers_on_one_thread_with_server_spans() {
    let out = run_scaled("asyncio_demo", "0.1", &["--http", "--timeline"]);
    assert_eq!(out.code, 0, "{out:#?}");
    let report = out.report();
    let mut started = check_order(
        &report,
        |l| l.strip_prefix("Downloading ")?.strip_suffix("..."),
        |l| l.strip_prefix("Finished "),
        &["Total time: "],
    );
    started.sort();
    assert_eq!(started, ["File-0", "File-1", "File-2"], "{report:#?}");
    let total = report.last().copied().unwrap_or_default();
    assert!(total.ends_with("(3 downloads of 200.0 ms each)"), "{total}");
    let ratio = overlap_ratio(total);
    assert!(
        ratio < 1.8,
        "took {ratio:.2}x one request: `{total}`: they did not overlap"
    );
    for name in ["File-0", "File-1", "File-2"] {
        assert!(
            out.stdout.contains(&format!("[/files/{name}")),
            "no server span for {name}:\n{}",
            out.stdout
        );
    }
    assert!(
        out.stdout.contains("3 tasks ran on 1 OS thread(s)"),
        "the client runs on one thread:\n{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("at most 3 at once."),
        "the server must have seen the three requests at once:\n{}",
        out.stdout
    );
}

#[test]
fn a_refused_connection_is_an_error_naming_the_url() {
    let port = refused_port();
    let server = format!("http://127.0.0.1:{port}");
    for (bin, file) in [("threading_demo", "A"), ("asyncio_demo", "File-0")] {
        let out = run_scaled(bin, "0.1", &["--server", &server]);
        assert_eq!(
            out.code, 1,
            "{bin}: a refused connection must exit 1: {out:#?}"
        );
        let url = format!("{server}/files/{file}");
        assert!(
            out.stderr.contains(&url) && out.stderr.to_lowercase().contains("refused"),
            "{bin}: the error must name {url} and say the connection was refused:\n{}",
            out.stderr
        );
        assert!(
            !out.stderr.contains("panicked"),
            "{bin} panicked:\n{}",
            out.stderr
        );
        assert!(out.stderr.contains("downloads failed."), "{}", out.stderr);
    }
}

#[test]
fn a_bad_url_or_an_error_status_is_an_error_naming_the_url() {
    for bin in ["threading_demo", "asyncio_demo"] {
        let out = run_scaled(bin, "0.1", &["--server", "not a url"]);
        assert_eq!(out.code, 1, "{bin}: a bad URL must exit 1: {out:#?}");
        assert!(
            out.stderr.contains("not a url/files/"),
            "{bin}: name the URL:\n{}",
            out.stderr
        );
        assert!(
            !out.stderr.contains("panicked"),
            "{bin} panicked:\n{}",
            out.stderr
        );
    }
    // A live server (the file_server binary) and a base URL under which nothing exists:
    // every download gets a 404, which must be an error too.
    let mut server = std::process::Command::new(assert_cmd::cargo::cargo_bin("file_server"))
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("start file_server (`cargo build -p file_server`)");
    let mut first = String::new();
    // Kept open until the end, so the server can go on printing.
    let mut stdout = std::io::BufReader::new(server.stdout.take().expect("stdout"));
    std::io::BufRead::read_line(&mut stdout, &mut first).expect("read file_server's first line");
    let base = first
        .split_whitespace()
        .find(|w| w.starts_with("http://127.0.0.1:"))
        .map(|u| format!("{}missing", u))
        .unwrap_or_else(|| panic!("file_server printed no URL: {first:?}"));
    for (bin, file) in [("threading_demo", "A"), ("asyncio_demo", "File-0")] {
        let out = run_scaled(bin, "0.1", &["--server", &base]);
        let url = format!("{base}/files/{file}");
        let named = out.stderr.contains(&url) && out.stderr.contains("404");
        if out.code != 1 || !named {
            let _ = server.kill();
            panic!("{bin}: a 404 must exit 1 with an error naming {url} and the status: {out:#?}");
        }
    }
    let _ = server.kill();
    let _ = server.wait();
}

#[test]
fn too_many_http_tasks_is_refused_before_any_socket_opens() {
    assert_bad_input(
        "asyncio_demo",
        &[(
            &["--http", "--tasks", "1001"][..],
            &["--tasks", "'1001'", "from 1 to 1000"][..],
        )],
    );
}
