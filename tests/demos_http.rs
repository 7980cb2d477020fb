//! `asyncio_demo --http` (lesson 5): the tutorial's downloads as real HTTP requests to a
//! loopback server the demo starts. Same lines, same overlap, client and server spans on one
//! timeline, and a refused connection or a bad URL is an error that names the URL, never a
//! panic. Only 127.0.0.1 is ever contacted. (`threading_demo --http` is tested in its own crate,
//! `crates/threading_demo/tests/http.rs`: its HTTP mode is a cargo feature, off by default.)

mod demos_support;

use demos_support::{
    Run, assert_bad_input, assert_downloads_overlapped, assert_http_failures_name_the_url,
};

/// Runs `bin` with `args` and `COURSE_TIME_SCALE=scale` under a 10 s deadline.
fn run_scaled(bin: &str, scale: &str, args: &[&str]) -> Run {
    demos_support::run_scaled(bin, Some(scale), args)
}

#[test]
fn asyncio_http_gathers_on_one_thread_with_server_spans() {
    let out = run_scaled("asyncio_demo", "0.1", &["--http", "--timeline"]);
    assert_eq!(out.code, 0, "{out:#?}");
    assert_downloads_overlapped(&out, ["File-0", "File-1", "File-2"], &["Total time: "]);
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
fn a_refused_connection_a_bad_url_or_an_error_status_is_an_error_naming_the_url() {
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
    let checked = std::panic::catch_unwind(|| {
        assert_http_failures_name_the_url("asyncio_demo", "File-0", &base)
    });
    let _ = server.kill();
    let _ = server.wait();
    if let Err(failure) = checked {
        std::panic::resume_unwind(failure);
    }
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
