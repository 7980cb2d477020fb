//! `--http`: the same three threads, downloading for real.
//!
//! ```python
//! import threading, urllib.request
//!
//! def download_file(name):
//!     print(f"Downloading {name}...")
//!     urllib.request.urlopen(f"{server}/files/{name}").read()
//!     print(f"Finished {name}")
//! ```
//!
//! Each thread makes a blocking request with `ureq`: the thread is parked in the socket's
//! `read` while the server waits `--seconds` before answering, just as it was parked in
//! `sleep` before. Three threads, three requests in flight at once, about 2 s in total.

use crate::cli::Args;
use std::process::ExitCode;
use std::thread;
use std::time::{Duration, Instant};
use toolkit::Timeline;
use toolkit::format::fmt_duration;
use toolkit::net::FileServer;
use toolkit::scale;

/// How much longer than the server's latency a request may take before the client gives
/// up: a server that never answers must end in an error, not a demo that hangs.
const GRACE: Duration = Duration::from_secs(10);

/// `download_file(name)` over HTTP: a GET of `url`, the body read to the end. The span is
/// drawn on the timeline next to the server's span for the same request.
fn download_file(
    agent: &ureq::Agent,
    timeline: &Timeline,
    name: &str,
    url: &str,
) -> Result<usize, String> {
    println!("Downloading {name}...");
    let body = timeline.record(name, || {
        agent
            .get(url)
            .call()
            .and_then(|response| response.into_body().read_to_vec())
    });
    // Each failure names the URL: "connection refused" alone does not say which request.
    let body = body.map_err(|e| format!("download of {url} failed: {e}"))?;
    println!("Finished {name}");
    Ok(body.len())
}

/// The demo in HTTP mode; returns the exit code (1 when any download failed).
pub fn main(args: &Args) -> ExitCode {
    let timeline = Timeline::new();
    let wait = scale::scaled_secs(args.seconds);
    // Our own server unless `--server` names one; kept alive until the end of `main`.
    let server = match &args.server {
        Some(_) => None,
        None => match FileServer::builder()
            .latency(wait)
            .timeline(&timeline)
            .start()
        {
            Ok(server) => Some(server),
            Err(e) => {
                eprintln!("error: could not start the loopback file server: {e}");
                return ExitCode::FAILURE;
            }
        },
    };
    let base = match (&server, &args.server) {
        (Some(server), _) => server.url(""),
        (None, Some(url)) => url.trim_end_matches('/').to_owned(),
        (None, None) => unreachable!("either our server or --server"),
    };
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(wait + GRACE))
        .build()
        .into();
    let files = ["A", "B", "C"];
    let started = Instant::now();

    let mut threads = Vec::new();
    for (i, file) in files.into_iter().enumerate() {
        let (agent, timeline) = (agent.clone(), timeline.clone());
        let url = format!("{base}/files/{file}");
        let t = thread::Builder::new()
            .name(format!("Thread-{}", i + 1))
            .spawn(move || download_file(&agent, &timeline, file, &url))
            .expect("the operating system could not start a thread");
        threads.push(t);
    }
    let mut failed = Vec::new();
    for t in threads {
        match t.join() {
            Ok(Ok(_bytes)) => {}
            Ok(Err(e)) => failed.push(e),
            Err(_) => failed.push("a download thread panicked".to_owned()),
        }
    }
    if !failed.is_empty() {
        for e in &failed {
            eprintln!("error: {e}");
        }
        eprintln!("{} of {} downloads failed.", failed.len(), files.len());
        // The trace even so: the failed run is the one worth looking at.
        if let Some(path) = &args.trace {
            let _ = crate::write_trace(&timeline, path);
        }
        return ExitCode::FAILURE;
    }

    println!("All downloads complete!");
    println!(
        "Total time: {} ({} downloads of {} each)",
        fmt_duration(started.elapsed()),
        files.len(),
        fmt_duration(wait)
    );
    if args.timeline {
        print!("\n{}", timeline.render());
        if let Some(server) = &server {
            let stats = server.stats();
            println!(
                "The server saw {} requests on {} connections, at most {} at once.",
                stats.requests, stats.connections, stats.max_in_flight
            );
        }
    }
    if let Some(path) = &args.trace
        && let Err(code) = crate::write_trace(&timeline, path)
    {
        return code;
    }
    ExitCode::SUCCESS
}
