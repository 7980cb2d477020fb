//! # loadgen — measures lesson 5's file server on this machine
//!
//! `cargo run --release -p file_server --bin loadgen` prints two figures:
//! 1. **start + first response**: `FileServer::start()` and one GET answered, in-process,
//!    timed 20 times (median and worst);
//! 2. **the server alone under load**: the `file_server` binary (next to this one) in its
//!    own process with `--latency 100ms`, and N concurrent requests (default 10,000, at most
//!    20,000) from one async client thread here: wall time, the server's own count of
//!    requests in flight at once, and the server process's peak RSS.
//!
//! Bounded in count and time (60 s at most), and it only talks to 127.0.0.1.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use toolkit::format::fmt_duration;
use toolkit::net::{FileServer, get_on_new_connection};

/// The most requests one run may make: enough to show 10,000 at once, bounded.
const MAX_REQUESTS: usize = 20_000;
/// The whole load phase stops after this long, finished or not.
const DEADLINE: Duration = Duration::from_secs(60);

fn main() {
    let requests = match std::env::args().nth(1) {
        None => 10_000,
        Some(n) => match n.parse::<usize>() {
            Ok(n) if (1..=MAX_REQUESTS).contains(&n) => n,
            _ => {
                eprintln!("error: invalid request count '{n}': must be from 1 to {MAX_REQUESTS}");
                std::process::exit(2);
            }
        },
    };
    let limit = raise_open_files();
    println!("open files: soft limit {limit}");
    start_and_first_response();
    if let Err(e) = under_load(requests, limit) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

/// Raises the open-files soft limit to the hard limit (each request is a socket on both
/// sides, and the child server inherits the limit); returns the soft limit now in force.
fn raise_open_files() -> u64 {
    use rustix::process::{Resource, getrlimit, setrlimit};
    let mut limit = getrlimit(Resource::Nofile);
    if limit.current < limit.maximum {
        limit.current = limit.maximum;
        let _ = setrlimit(Resource::Nofile, limit);
    }
    getrlimit(Resource::Nofile).current.unwrap_or(u64::MAX)
}

fn start_and_first_response() {
    let mut times = Vec::new();
    for _ in 0..20 {
        let t0 = Instant::now();
        let server = FileServer::start().expect("start the server");
        let mut conn = TcpStream::connect(server.addr()).expect("connect");
        conn.write_all(b"GET /files/A HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .expect("send");
        let mut reply = Vec::new();
        conn.read_to_end(&mut reply).expect("read");
        times.push(t0.elapsed());
        assert!(reply.starts_with(b"HTTP/1.1 200"), "first response not 200");
        drop(server);
    }
    times.sort();
    println!(
        "start + first response (20 runs): median {}, worst {}",
        fmt_duration(times[times.len() / 2]),
        fmt_duration(times[times.len() - 1])
    );
}

fn under_load(requests: usize, limit: u64) -> Result<(), String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let server_bin = exe.with_file_name("file_server");
    let mut child = Command::new(&server_bin)
        .args(["--latency", "100ms", "--size", "1024"])
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| {
            format!(
                "cannot start {}: {e} (cargo build -p file_server)",
                server_bin.display()
            )
        })?;
    let mut out = BufReader::new(child.stdout.take().ok_or("no stdout")?);
    let mut first = String::new();
    out.read_line(&mut first).map_err(|e| e.to_string())?;
    let addr = first
        .split_whitespace()
        .find_map(|w| w.strip_prefix("http://127.0.0.1:"))
        .and_then(|rest| {
            format!("127.0.0.1:{}", rest.trim_end_matches('/'))
                .parse::<std::net::SocketAddr>()
                .ok()
        })
        .ok_or_else(|| format!("file_server printed no URL: {first:?}"))?;

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let started = Instant::now();
    let results = runtime.block_on(async {
        let tasks: Vec<_> = (0..requests)
            .map(|i| {
                tokio::spawn(async move {
                    let path = format!("/files/F{i}");
                    get_on_new_connection(addr, &path)
                        .await
                        .map(drop)
                        .map_err(|e| e.to_string())
                })
            })
            .collect();
        let all = futures_join(tasks);
        tokio::time::timeout(DEADLINE, all).await
    });
    let wall = started.elapsed();
    let server_peak = peak_rss_of(child.id());
    rustix::process::kill_process(
        rustix::process::Pid::from_child(&child),
        rustix::process::Signal::INT,
    )
    .map_err(|e| e.to_string())?;
    let mut rest = String::new();
    let _ = out.read_to_string(&mut rest);
    let _ = child.wait();
    let stopped = rest
        .lines()
        .find(|l| l.starts_with("Stopped:"))
        .unwrap_or("");

    let Ok(results) = results else {
        return Err(format!(
            "the load did not finish within {}",
            fmt_duration(DEADLINE)
        ));
    };
    let ok = results.iter().filter(|r| matches!(r, Ok(Ok(())))).count();
    let mut errors: Vec<String> = results
        .into_iter()
        .filter_map(|r| match r {
            Ok(Ok(())) => None,
            Ok(Err(e)) => Some(e),
            Err(e) => Some(e.to_string()),
        })
        .collect();
    errors.sort();
    errors.dedup();
    println!(
        "{requests} concurrent requests, latency 100 ms, one async client thread (open files {limit}):"
    );
    println!(
        "  wall {} for {ok} ok / {} failed; server: {stopped}",
        fmt_duration(wall),
        requests - ok
    );
    match server_peak {
        Some(kb) => println!("  server process peak RSS: {:.1} MB", kb as f64 / 1024.0),
        None => println!("  server process peak RSS: unknown (no /proc)"),
    }
    for e in errors.iter().take(3) {
        println!("  error: {e}");
    }
    Ok(())
}

/// Awaits every task in order (no extra crate: each is already running).
async fn futures_join<T>(
    tasks: Vec<tokio::task::JoinHandle<T>>,
) -> Vec<Result<T, tokio::task::JoinError>> {
    let mut out = Vec::with_capacity(tasks.len());
    for t in tasks {
        out.push(t.await);
    }
    out
}

/// `VmHWM` (peak resident memory, kB) of process `pid`, from /proc.
fn peak_rss_of(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}
