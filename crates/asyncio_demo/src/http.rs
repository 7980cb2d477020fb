//! `--http`: the same gathered tasks on one thread, downloading for real.
//!
//! ```python
//! async def download_file(session, name):
//!     print(f"Downloading {name}...")
//!     async with session.get(f"{server}/files/{name}") as response:
//!         await response.read()
//!     print(f"Finished {name}")
//! ```
//!
//! Each task awaits an HTTP request made with hyper's client: while the server waits
//! `--seconds` before answering, the task is parked on its socket and the one thread runs
//! the others. Every request is in flight at once, about 2 s in total.

use crate::cli::Args;
use futures::future::join_all;
use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use std::process::ExitCode;
use std::time::{Duration, Instant};
use toolkit::Timeline;
use toolkit::format::fmt_duration;
use toolkit::net::FileServer;
use toolkit::scale;

/// How much longer than the server's latency a request may take before the client gives
/// up: a server that never answers must end in an error, not a demo that hangs.
const GRACE: Duration = Duration::from_secs(10);

type HttpClient = Client<HttpConnector, Empty<Bytes>>;

/// GET `url` and read its body to the end; any failure (bad URL, refused connection, an
/// error status, a body cut short, no answer in time) is an error that names the URL.
async fn get(client: &HttpClient, url: &str, timeout: Duration) -> Result<Bytes, String> {
    let fail = |what: String| format!("download of {url} failed: {what}");
    let uri: hyper::Uri = url.parse().map_err(|e| fail(format!("bad URL: {e}")))?;
    let request = async {
        let response = client.get(uri).await.map_err(|e| fail(describe(&e)))?;
        if !response.status().is_success() {
            return Err(fail(format!("the server answered {}", response.status())));
        }
        let body = response.into_body().collect().await;
        body.map(|b| b.to_bytes()).map_err(|e| fail(describe(&e)))
    };
    tokio::time::timeout(timeout, request)
        .await
        .unwrap_or_else(|_| Err(fail(format!("no answer within {}", fmt_duration(timeout)))))
}

/// An error with its causes: hyper's top-level message ("client error (Connect)") alone
/// does not say "connection refused".
fn describe(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        text.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    text
}

/// `async def download_file(name)` over HTTP. The span is drawn next to the server's span
/// for the same request.
async fn download_file(
    client: HttpClient,
    timeline: Timeline,
    name: String,
    url: String,
    timeout: Duration,
) -> Result<usize, String> {
    println!("Downloading {name}...");
    let body = timeline
        .record_async(name.clone(), get(&client, &url, timeout))
        .await?;
    println!("Finished {name}");
    Ok(body.len())
}

/// The demo in HTTP mode; returns the exit code (1 when any download failed).
pub async fn main(args: &Args) -> ExitCode {
    // Real sockets run on real time: a real-clock timeline, so the server's spans (timed
    // on its own thread) and ours share one clock.
    let timeline = Timeline::new();
    let wait = scale::scaled_secs(args.seconds);
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
    // One client for every task: it keeps a pool of connections, opening a new one for
    // each request that finds none idle, so all requests are in flight at once.
    let client: HttpClient = Client::builder(TokioExecutor::new()).build_http();
    let started = Instant::now();

    let tasks: Vec<_> = (0..args.tasks)
        .map(|i| {
            let name = format!("File-{i}");
            let url = format!("{base}/files/{name}");
            tokio::spawn(download_file(
                client.clone(),
                timeline.clone(),
                name,
                url,
                wait + GRACE,
            ))
        })
        .collect();
    let mut failed = Vec::new();
    for done in join_all(tasks).await {
        match done {
            Ok(Ok(_bytes)) => {}
            Ok(Err(e)) => failed.push(e),
            Err(e) => failed.push(format!("a download task failed: {e}")),
        }
    }
    if !failed.is_empty() {
        for e in &failed {
            eprintln!("error: {e}");
        }
        eprintln!("{} of {} downloads failed.", failed.len(), args.tasks);
        // The trace even so: the failed run is the one worth looking at.
        if let Some(path) = &args.trace {
            let _ = crate::write_trace(&timeline, path);
        }
        return ExitCode::FAILURE;
    }

    println!(
        "Total time: {} ({} downloads of {} each)",
        fmt_duration(started.elapsed()),
        args.tasks,
        fmt_duration(wait)
    );
    if args.timeline {
        print!("\n{}", timeline.render());
        let q = timeline.query_all();
        println!(
            "{} tasks ran on {} OS thread(s) in {} process(es).",
            q.from_source(toolkit::Source::Yours).tasks(),
            q.from_source(toolkit::Source::Yours).threads(),
            q.processes()
        );
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
