//! `file_server` as a learner runs it: it prints its URL and routes, serves real requests on
//! 127.0.0.1 until Ctrl-C, then says what it saw; bad flags exit 2 naming flag, value and
//! what is allowed.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_file_server");

/// Waits up to 10 s for the child to exit; kills it (and fails) if it does not.
fn wait_or_kill(child: &mut Child, what: &str) -> std::process::ExitStatus {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("file_server did not exit within 10 s after {what}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn serves_until_ctrl_c_then_reports_what_it_saw() {
    let mut child = Command::new(BIN)
        .args(["--latency", "100ms", "--size", "300"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start file_server");
    let mut out = BufReader::new(child.stdout.take().expect("stdout"));
    let mut first = String::new();
    out.read_line(&mut first).expect("read the first line");
    let url = first
        .split_whitespace()
        .find(|w| w.starts_with("http://127.0.0.1:"))
        .unwrap_or_else(|| panic!("the first line must give the server's URL: {first:?}"))
        .to_owned();
    assert!(
        first.contains("100.0 ms"),
        "the first line names the latency: {first}"
    );
    let mut banner = String::new();
    while !banner.contains("Ctrl-C") {
        let mut line = String::new();
        if out.read_line(&mut line).expect("read") == 0 {
            break;
        }
        banner.push_str(&line);
    }
    for route in ["/files/NAME", "/status/CODE", "/hang", "/cut", "/pages/N"] {
        assert!(
            banner.contains(route),
            "the routes must list {route}:\n{banner}"
        );
    }

    let addr = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    let mut conn = TcpStream::connect(&addr).expect("connect to the printed address");
    write!(
        conn,
        "GET /files/A HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut reply = Vec::new();
    conn.read_to_end(&mut reply).expect("read the reply");
    let reply = String::from_utf8_lossy(&reply);
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
    assert!(
        reply.contains("content-length: 300"),
        "--size 300 sets the size: {reply}"
    );

    // Ctrl-C is SIGINT.
    rustix::process::kill_process(
        rustix::process::Pid::from_child(&child),
        rustix::process::Signal::INT,
    )
    .expect("send SIGINT");
    let status = wait_or_kill(&mut child, "Ctrl-C");
    let mut rest = String::new();
    out.read_to_string(&mut rest).expect("read the rest");
    assert!(
        status.success(),
        "Ctrl-C is a normal stop, exit 0: {status}\n{rest}"
    );
    assert!(
        rest.contains("Stopped: 1 request(s) on 1 connection(s)"),
        "after Ctrl-C it says what it saw: {rest}"
    );
    assert!(
        TcpStream::connect(&addr).is_err(),
        "nothing listens on {addr} after the stop"
    );
}

#[test]
fn bad_flags_exit_2_naming_the_flag_the_value_and_what_is_allowed() {
    for (args, wanted) in [
        (
            &["--latency", "61s"][..],
            &["--latency", "'61s'", "from 0 to 60 s"][..],
        ),
        (&["--latency", "-1"], &["--latency", "'-1'", "such as 2s"]),
        (&["--latency", "soon"], &["--latency", "'soon'", "150ms"]),
        (&["--size", "-3"], &["--size", "'-3'", "from 0 to 67108864"]),
        (
            &["--size", "100000000"],
            &["--size", "'100000000'", "bytes"],
        ),
        (&["--port", "70000"], &["--port", "'70000'", "to 65535"]),
        (&["--bandwidth", "0"], &["--bandwidth", "'0'", "from 1 to"]),
        (&["--pages", "99999"], &["--pages", "'99999'", "0 to 10000"]),
        (&["--bogus"], &["--bogus"]),
    ] {
        let out = Command::new(BIN)
            .args(args)
            .output()
            .expect("run file_server");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?} must exit 2: {stderr}");
        for w in wanted {
            assert!(
                stderr.contains(w),
                "{args:?}: the message must contain {w:?}:\n{stderr}"
            );
        }
    }
}

#[test]
fn help_lists_the_flags() {
    let out = Command::new(BIN).arg("--help").output().expect("run");
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    for flag in ["--latency", "--size", "--port", "--bandwidth", "--pages"] {
        assert!(help.contains(flag), "--help must list {flag}:\n{help}");
    }
}
