//! Helpers shared by the demo tests (`tests/demos_*.rs`): run a demo binary under a deadline,
//! and check its output against the tutorial's order rules and the overlap claim.
//! (Also included by `crates/threading_demo/tests/http.rs`, by path.)

// Each test file that includes this module uses a different part of it.
#![allow(dead_code)]

use assert_cmd::Command;
use std::net::TcpListener;
use std::time::Duration;

/// The longest one demo run may take before the test stops it.
const DEADLINE: Duration = Duration::from_secs(10);

/// What a finished demo run printed, and how it exited.
#[derive(Debug)]
pub struct Run {
    /// The exit code.
    pub code: i32,
    /// Everything printed on stdout.
    pub stdout: String,
    /// Everything printed on stderr.
    pub stderr: String,
}

impl Run {
    /// The lines of the demo's own report: stdout up to the first blank line, after which
    /// `--timeline` draws its picture.
    pub fn report(&self) -> Vec<&str> {
        self.stdout.lines().take_while(|l| !l.is_empty()).collect()
    }
}

/// Runs the workspace binary `bin` with `args`, stopping it after 10 s.
pub fn run(bin: &str, args: &[&str]) -> Run {
    run_scaled(bin, None, args)
}

/// Runs `bin` with `args` and `COURSE_TIME_SCALE=scale` (none: unset), stopping it after 10 s.
pub fn run_scaled(bin: &str, scale: Option<&str>, args: &[&str]) -> Run {
    let mut cmd = Command::cargo_bin(bin).unwrap_or_else(|e| {
        panic!("{e}\nbuild it first with `cargo build -p {bin}` (`cargo test` at the root does)")
    });
    // The tests choose their own durations; an inherited scale would only confuse them.
    match scale {
        Some(scale) => cmd.env("COURSE_TIME_SCALE", scale),
        None => cmd.env_remove("COURSE_TIME_SCALE"),
    };
    cmd.args(args).timeout(DEADLINE);
    let out = cmd.output().expect("the demo could not be started");
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(
        out.status.code().is_some(),
        "⏰ `{bin} {}` was stopped after {} s ({}): is a thread or child never joined, or does \
         a server or a client hang?\n{run:#?}",
        args.join(" "),
        DEADLINE.as_secs(),
        out.status
    );
    run
}

/// Checks the tutorial's order rules on a demo's report and returns the task names in the
/// order they started. Every line must be a start (`start` gives its task name), a finish
/// (`finish` likewise), or, at the very end, the `closing` lines (matched by prefix), in order.
/// Each task starts once and finishes once, and every task starts before any finishes.
pub fn check_order<'a>(
    report: &[&'a str],
    start: impl Fn(&'a str) -> Option<&'a str>,
    finish: impl Fn(&'a str) -> Option<&'a str>,
    closing: &[&str],
) -> Vec<&'a str> {
    let shown = report.join("\n");
    let body = report
        .len()
        .checked_sub(closing.len())
        .expect("too few lines");
    for (line, want) in report[body..].iter().zip(closing) {
        assert!(
            line.starts_with(want),
            "expected `{want}…` here, got `{line}`:\n{shown}"
        );
    }
    let (mut started, mut finished) = (Vec::new(), Vec::new());
    for &line in &report[..body] {
        if let Some(name) = start(line) {
            assert!(
                finished.is_empty(),
                "`{line}` came after a finish:\n{shown}"
            );
            started.push(name);
        } else if let Some(name) = finish(line) {
            assert!(
                started.contains(&name),
                "`{line}` before its start:\n{shown}"
            );
            assert!(!finished.contains(&name), "`{line}` twice:\n{shown}");
            finished.push(name);
        } else {
            panic!("unexpected line `{line}`:\n{shown}");
        }
    }
    let mut unique = started.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        unique.len(),
        started.len(),
        "a task started twice:\n{shown}"
    );
    assert_eq!(
        finished.len(),
        started.len(),
        "a task never finished:\n{shown}"
    );
    started
}

/// Reads a `Total time: 205.3 ms (3 tasks of 200.0 ms each)` line and returns the total
/// divided by one task's duration: about 1 when the tasks overlapped, about 3 when not.
pub fn overlap_ratio(total_line: &str) -> f64 {
    let rest = total_line
        .strip_prefix("Total time: ")
        .expect("a Total line");
    let (total, rest) = rest.split_once(" (").expect("`(` after the total");
    let each = rest
        .split(" of ")
        .nth(1)
        .and_then(|r| r.strip_suffix(" each)"));
    let each = each.unwrap_or_else(|| panic!("no `of … each)` in `{total_line}`"));
    seconds(total) / seconds(each)
}

/// `2.00 s`, `150.0 ms` or `3.0 µs` in seconds.
fn seconds(text: &str) -> f64 {
    let (number, unit) = text.split_once(' ').expect("a number and a unit");
    let number: f64 = number.parse().expect("a number");
    let per = match unit {
        "s" => 1.0,
        "ms" => 1e-3,
        "µs" => 1e-6,
        other => panic!("unknown unit `{other}` in `{text}`"),
    };
    number * per
}

/// Runs `bin` with each bad set of `args` and checks that it exits with 2, without a panic,
/// and that stderr contains every one of its `needles` (the flag, the value, what is allowed).
pub fn assert_bad_input(bin: &str, cases: &[(&[&str], &[&str])]) {
    for (args, needles) in cases {
        let out = run(bin, args);
        assert_eq!(out.code, 2, "{args:?}: {out:#?}");
        for needle in needles.iter() {
            assert!(
                out.stderr.contains(needle),
                "{args:?}: no `{needle}` in {}",
                out.stderr
            );
        }
        assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    }
}

/// The failures of a demo's `--server URL` mode, each of which must exit 1 with an error that
/// names the URL of the file it was fetching (`first_file`) and never panic: a refused
/// connection, a base that is not a URL, and `missing_base`, a live server's URL under which
/// nothing exists (every download a 404).
pub fn assert_http_failures_name_the_url(bin: &str, first_file: &str, missing_base: &str) {
    let no_panic = |out: &Run| {
        assert!(
            !out.stderr.contains("panicked"),
            "{bin} panicked:\n{}",
            out.stderr
        )
    };
    // A loopback port nothing listens on: bound, read, released.
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free loopback port")
        .port();
    let server = format!("http://127.0.0.1:{port}");
    let out = run_scaled(bin, Some("0.1"), &["--server", &server]);
    assert_eq!(
        out.code, 1,
        "{bin}: a refused connection must exit 1: {out:#?}"
    );
    let url = format!("{server}/files/{first_file}");
    assert!(
        out.stderr.contains(&url) && out.stderr.to_lowercase().contains("refused"),
        "{bin}: the error must name {url} and say the connection was refused:\n{}",
        out.stderr
    );
    no_panic(&out);
    assert!(out.stderr.contains("downloads failed."), "{}", out.stderr);

    let out = run_scaled(bin, Some("0.1"), &["--server", "not a url"]);
    assert_eq!(out.code, 1, "{bin}: a bad URL must exit 1: {out:#?}");
    assert!(
        out.stderr.contains("not a url/files/"),
        "{bin}: name the URL:\n{}",
        out.stderr
    );
    no_panic(&out);

    let out = run_scaled(bin, Some("0.1"), &["--server", missing_base]);
    let url = format!("{missing_base}/files/{first_file}");
    assert!(
        out.code == 1 && out.stderr.contains(&url) && out.stderr.contains("404"),
        "{bin}: a 404 must exit 1 with an error naming {url} and the status: {out:#?}"
    );
    no_panic(&out);
}

/// The `--http` runs' report: the tutorial's lines for the three `names` (each started before
/// any finished), then the `closing` lines, and a total of about one 0.2 s request, not three
/// one after another.
pub fn assert_downloads_overlapped(out: &Run, names: [&str; 3], closing: &[&str]) {
    let report = out.report();
    let mut started = check_order(
        &report,
        |l| l.strip_prefix("Downloading ")?.strip_suffix("..."),
        |l| l.strip_prefix("Finished "),
        closing,
    );
    started.sort();
    assert_eq!(started, names, "{report:#?}");
    let total = report.last().copied().unwrap_or_default();
    assert!(total.ends_with("(3 downloads of 200.0 ms each)"), "{total}");
    let ratio = overlap_ratio(total);
    // Three 0.2 s requests one after another take 3x; at once, about 1x.
    assert!(
        ratio < 1.8,
        "took {ratio:.2}x one request: `{total}`: they did not overlap"
    );
}
