//! # loadgen — measures lesson 5's file server on this machine
//!
//! `cargo run --release -p file_server --bin loadgen` prints two figures:
//! 1. **start + first response**: `FileServer::start()` and one GET answered, in-process,
//!    timed 20 times (median and worst);
//! 2. **the server alone under load**: the `file_server` binary (next to this one) in its
//!    own process with `--latency 100ms`, and N concurrent requests (default 10,000, at most
//!    20,000) from one async client thread here: wall time, the server's own count of
//!    requests in flight at once, and the server process's peak RSS; then the same with
//!    `--latency 0`, which is the server's own cost;
//! 3. **the machine's floor**: the same N connections and the same bytes, answered by a
//!    bare tokio loop with no HTTP library and no waiting. No server can answer faster on
//!    this machine, so it says what the 100 ms row could best be here (`max(0.1 s, floor)`)
//!    and how much of the rest is the file server's.
//!
//! Bounded in count and time (60 s at most), and it only talks to 127.0.0.1.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::SocketAddr;
use std::net::TcpStream;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};
use toolkit::format::fmt_duration;
use toolkit::net::{FileServer, get_on_new_connection};

/// The most requests one run may make: enough to show 10,000 at once, bounded.
const MAX_REQUESTS: usize = 20_000;
/// The whole load phase stops after this long, finished or not.
const DEADLINE: Duration = Duration::from_secs(60);

/// The hidden first argument that makes this program the bare server of [`bare_tcp_floor`].
const BARE_SERVER_FLAG: &str = "--bare-server";

fn main() {
    let mut args = std::env::args().skip(1).peekable();
    let bare = args.next_if(|a| a == BARE_SERVER_FLAG).is_some();
    let requests = match args.next() {
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
    if bare {
        if let Err(e) = serve_bare(requests) {
            eprintln!("error: bare server: {e}");
            std::process::exit(1);
        }
        return;
    }
    println!("open files: soft limit {limit}");
    start_and_first_response();
    let run = || -> Result<(), String> {
        let at_100ms = under_load(requests, limit, "100ms")?;
        let at_0 = under_load(requests, limit, "0ms")?;
        let floor = bare_tcp_floor(requests)?;
        println!(
            "{requests} connections, same bytes, a bare tokio loop answering (no HTTP library, no wait): {}",
            fmt_duration(floor)
        );
        println!(
            "  this machine's floor: {:.0} connections/s; the best a 100 ms row can be here is {}",
            requests as f64 / floor.as_secs_f64(),
            fmt_duration(floor.max(Duration::from_millis(100)))
        );
        println!(
            "  100 ms row: {:.2}x that; the file server's own cost (latency 0) is {:.2}x the floor",
            at_100ms.as_secs_f64() / floor.max(Duration::from_millis(100)).as_secs_f64(),
            at_0.as_secs_f64() / floor.as_secs_f64()
        );
        Ok(())
    };
    if let Err(e) = run() {
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

/// Runs the `file_server` binary with `--latency latency` and `requests` concurrent GETs
/// against it; prints what it saw and returns the wall time.
fn under_load(requests: usize, limit: u64, latency: &str) -> Result<Duration, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let server_bin = exe.with_file_name("file_server");
    let (mut child, mut out, addr) =
        start_server(&server_bin, &["--latency", latency, "--size", "1024"])?;

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let started = Instant::now();
    let results = runtime.block_on(get_all_at_once(addr, requests));
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
        "{requests} concurrent requests, latency {latency}, one async client thread (open files {limit}):"
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
    Ok(wall)
}

/// `requests` GETs at once from this thread, each on its own connection; each one's outcome,
/// or `Err` when they did not all finish within [`DEADLINE`].
async fn get_all_at_once(
    addr: SocketAddr,
    requests: usize,
) -> Result<Vec<Result<Result<(), String>, tokio::task::JoinError>>, tokio::time::error::Elapsed> {
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
    tokio::time::timeout(DEADLINE, futures_join(tasks)).await
}

/// Starts `program` with `args`, and reads the server's address from the first line it
/// prints (`... http://127.0.0.1:PORT/`).
fn start_server(
    program: &std::path::Path,
    args: &[&str],
) -> Result<(Child, BufReader<ChildStdout>, SocketAddr), String> {
    let mut child = Command::new(program)
        .args(args)
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| {
            format!(
                "cannot start {}: {e} (cargo build --release -p file_server)",
                program.display()
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
                .parse::<SocketAddr>()
                .ok()
        })
        .ok_or_else(|| format!("{} printed no URL: {first:?}", program.display()))?;
    Ok((child, out, addr))
}

/// The same `requests` connections as [`under_load`], answered by the barest server tokio
/// allows ([`serve_bare`], this program again in a process of its own, so that neither side
/// runs out of open files). Its wall time is what the kernel's loopback TCP and two tokio
/// threads cost on this machine before any HTTP library does anything.
fn bare_tcp_floor(requests: usize) -> Result<Duration, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let count = requests.to_string();
    let (mut child, _out, addr) = start_server(&exe, &[BARE_SERVER_FLAG, &count])?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let started = Instant::now();
    let results = runtime.block_on(get_all_at_once(addr, requests));
    let wall = started.elapsed();
    let status = child.wait().map_err(|e| e.to_string())?;
    let results = results.map_err(|_| "the bare run did not finish in time".to_string())?;
    let failed = results.iter().filter(|r| !matches!(r, Ok(Ok(())))).count();
    if failed > 0 || !status.success() {
        return Err(format!(
            "{failed} of {requests} bare connections failed; the bare server {status}"
        ));
    }
    Ok(wall)
}

/// The bare server: prints its address, answers `requests` connections (read the request
/// head, write a fixed 1 KiB response, close) on one tokio thread, and exits.
fn serve_bare(requests: usize) -> Result<(), String> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let socket = tokio::net::TcpSocket::new_v4().map_err(|e| e.to_string())?;
        socket.set_reuseaddr(true).map_err(|e| e.to_string())?;
        socket
            .bind(SocketAddr::from(([127, 0, 0, 1], 0)))
            .map_err(|e| e.to_string())?;
        // The file server's backlog, so neither run loses handshakes the other keeps.
        let listener = socket.listen(16_384).map_err(|e| e.to_string())?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        println!("bare server on http://{addr}/");
        std::io::stdout().flush().map_err(|e| e.to_string())?;
        let serve_all = async {
            let mut answering = tokio::task::JoinSet::new();
            for _ in 0..requests {
                let (mut conn, _) = listener.accept().await.map_err(|e| e.to_string())?;
                answering.spawn(async move {
                    let mut head = Vec::with_capacity(128);
                    let mut buf = [0u8; 256];
                    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                        match conn.read(&mut buf).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => head.extend_from_slice(&buf[..n]),
                        }
                    }
                    let mut reply =
                        b"HTTP/1.1 200 OK\r\ncontent-length: 1024\r\nconnection: close\r\n\r\n"
                            .to_vec();
                    reply.resize(reply.len() + 1024, b'x');
                    let _ = conn.write_all(&reply).await;
                });
            }
            answering.join_all().await;
            Ok::<(), String>(())
        };
        tokio::time::timeout(DEADLINE, serve_all)
            .await
            .map_err(|_| "the bare server did not see every connection in time".to_string())?
    })
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
