//! net: the C10k problem — N concurrent HTTP requests to a loopback server that waits
//! `sizes.net_latency_s` (100 ms) before answering each one.
//!
//! The server is [`toolkit::net::FileServer`], started by the **parent** compare_demo
//! process, one fresh server per row (so its `max_in_flight` is this row's, and each row
//! connects to a new port: the previous row's sockets in `TIME_WAIT` are not in the way).
//! The row itself runs in its worker process as every row does, so its peak RSS is the
//! client's alone. Every model should take one latency, 0.1 s, whatever N is — if it can
//! really keep N requests in flight at once, which the server's measured concurrency shows.
//!
//! | model | the client |
//! |---|---|
//! | `threads` | one OS thread per request, blocking `ureq` GET |
//! | `thread_pool` | `sizes.net_pool` threads (64), each taking the next request when done |
//! | `async` | tokio's current-thread runtime (one thread), a task per request, each a GET on a connection of its own with the toolkit's minimal client (`toolkit::net::get_on_new_connection`, what the Python asyncio row writes by hand) |
//! | `async_multi` | the same client on tokio's multi-thread runtime, one worker per core |

use super::runtime::runtime;
use super::{Outcome, no_such_model};
use crate::names::{Experiment, Model};
use crate::sizes::Sizes;
use std::net::SocketAddr;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use toolkit::net::get_on_new_connection;

/// How much longer than the server's latency one request may take before the client gives
/// up: a row must end, whatever the machine does.
const GRACE: Duration = Duration::from_secs(30);

/// The stack of each thread of the `threads` model: ureq needs more than a sleeping
/// thread, far less than Rust's default 2 MiB.
const CLIENT_STACK: usize = 256 * 1024;

/// Raises the open-files soft limit to the hard limit (every request is a socket on both
/// sides: the client's here, the server's in the parent), as `file_server`'s loadgen does;
/// returns the soft limit now in force.
pub fn raise_open_files() -> u64 {
    #[cfg(unix)]
    {
        use rustix::process::{Resource, getrlimit, setrlimit};
        let mut limit = getrlimit(Resource::Nofile);
        if limit.current < limit.maximum {
            limit.current = limit.maximum;
            let _ = setrlimit(Resource::Nofile, limit);
        }
        getrlimit(Resource::Nofile).current.unwrap_or(u64::MAX)
    }
    #[cfg(not(unix))]
    {
        u64::MAX
    }
}

/// What failed among a row's requests: how many, and the first error (kept short).
#[derive(Default)]
struct Failures {
    count: usize,
    first: Option<String>,
}

impl Failures {
    fn add(&mut self, error: String) {
        self.count += 1;
        self.first.get_or_insert(error);
    }

    /// `Ok` when every request succeeded; otherwise the row's note, naming the limit that
    /// most often stops many connections.
    fn verdict(self, n: usize, open_files: u64) -> Result<(), String> {
        match self.first {
            None => Ok(()),
            Some(first) => Err(format!(
                "{} of {n} requests failed (open-files soft limit RLIMIT_NOFILE = {open_files}); \
                 the first: {first}",
                self.count
            )),
        }
    }
}

/// Runs `model` on `sizes.net_n` concurrent GETs of `sizes.net_url`.
pub fn run(model: Model, sizes: &Sizes) -> Result<Outcome, String> {
    let n = sizes.net_n;
    let url = sizes.net_url.as_str();
    if url.is_empty() {
        return Err("net: no server URL was given to the row".into());
    }
    let open_files = raise_open_files();
    let timeout = Duration::from_secs_f64(sizes.net_latency_s) + GRACE;
    let start = Instant::now();
    let failures = match model {
        Model::Threads => thread_per_request(n, url, timeout)?,
        Model::ThreadPool => thread_pool(n, sizes.net_pool.max(1), url, timeout),
        Model::Async | Model::AsyncMulti => async_client(model, sizes.cores, n, url, timeout)?,
        other => return Err(no_such_model(Experiment::Net, other)),
    };
    let wall = start.elapsed();
    failures.verdict(n, open_files)?;
    Ok(Outcome {
        wall,
        units: n,
        children_peak_mb: 0.0,
        answer: None,
    })
}

/// A blocking client shared by a row's threads (it pools idle connections).
fn agent(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .build()
        .into()
}

/// One blocking GET, its body read to the end.
fn get_blocking(agent: &ureq::Agent, url: &str) -> Result<(), String> {
    agent
        .get(url)
        .call()
        .and_then(|response| response.into_body().read_to_vec())
        .map(drop)
        .map_err(|e| e.to_string())
}

/// `threads`: one OS thread per request. If the OS refuses a thread, the ones started are
/// joined and the row reports the refusal (with the limits to check) instead of crashing.
fn thread_per_request(n: usize, url: &str, timeout: Duration) -> Result<Failures, String> {
    let agent = agent(timeout);
    let mut handles = Vec::with_capacity(n);
    let mut refused = None;
    for i in 0..n {
        let (agent, url) = (agent.clone(), url.to_owned());
        let spawned = std::thread::Builder::new()
            .stack_size(CLIENT_STACK)
            .spawn(move || get_blocking(&agent, &url));
        match spawned {
            Ok(h) => handles.push(h),
            Err(e) => {
                refused = Some(format!(
                    "the OS refused thread {} of {n}: {e} (limits: RLIMIT_NPROC, `ulimit -u`; \
                     /proc/sys/kernel/threads-max; memory)",
                    i + 1
                ));
                break;
            }
        }
    }
    let mut failures = Failures::default();
    for h in handles {
        match h.join() {
            Ok(Ok(())) => {}
            Ok(Err(e)) => failures.add(e),
            Err(_) => failures.add("a client thread panicked".into()),
        }
    }
    match refused {
        Some(message) => Err(message),
        None => Ok(failures),
    }
}

/// `thread_pool`: `pool` threads share the requests, each taking the next one when it is
/// done; at most `pool` are in flight, so N requests take about N / pool latencies.
fn thread_pool(n: usize, pool: usize, url: &str, timeout: Duration) -> Failures {
    let agent = agent(timeout);
    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Failures::default());
    std::thread::scope(|s| {
        for _ in 0..pool.min(n) {
            s.spawn(|| {
                while next.fetch_add(1, Ordering::Relaxed) < n {
                    if let Err(e) = get_blocking(&agent, url)
                        && let Ok(mut f) = failures.lock()
                    {
                        f.add(e);
                    }
                }
            });
        }
    });
    failures.into_inner().unwrap_or_default()
}

/// `async` and `async_multi`: N tasks on a tokio runtime, each making one GET on a connection
/// of its own with the toolkit's minimal client: the same protocol work as the Python asyncio
/// row (`asyncio.open_connection` and a hand-written GET), so the row measures async itself.
fn async_client(
    model: Model,
    cores: usize,
    n: usize,
    url: &str,
    timeout: Duration,
) -> Result<Failures, String> {
    let (addr, path) = split_url(url)?;
    let rt = runtime(model, cores)?;
    rt.block_on(async move {
        // Spawn every request first, then await them: awaiting in this loop would send
        // them one at a time.
        let tasks: Vec<_> = (0..n)
            .map(|_| {
                let path = path.clone();
                tokio::spawn(async move {
                    let request = get_on_new_connection(addr, &path);
                    match tokio::time::timeout(timeout, request).await {
                        Ok(Ok(_bytes)) => Ok(()),
                        Ok(Err(e)) => Err(e.to_string()),
                        Err(_) => Err(format!("no answer within {timeout:?}")),
                    }
                })
            })
            .collect();
        let mut failures = Failures::default();
        for t in tasks {
            match t.await {
                Ok(Ok(())) => {}
                Ok(Err(e)) => failures.add(e),
                Err(e) => failures.add(e.to_string()),
            }
        }
        Ok(failures)
    })
}

/// `http://127.0.0.1:PORT/path` → the socket address and the path.
fn split_url(url: &str) -> Result<(SocketAddr, String), String> {
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| format!("bad URL {url}: not http://"))?;
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let addr = host
        .parse()
        .map_err(|e| format!("bad URL {url}: {host} is not IP:PORT ({e})"))?;
    Ok((addr, format!("/{path}")))
}
