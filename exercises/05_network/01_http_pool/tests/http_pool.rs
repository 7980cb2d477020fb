//! Checks `download_all_blocking` against a real HTTP server on 127.0.0.1 that the tests start
//! (`toolkit::net::FileServer`). Everything believed comes from the SERVER: how many requests
//! it received for each path, how many were in flight at once (`max_in_flight`), and when
//! each one arrived and was answered (its spans on the test's timeline). The code under test
//! gets URLs only: it cannot reach the server's counters or the timeline.
//!
//! - more URLs than threads: exactly `threads` requests in flight at the peak, never more;
//! - one slow URL: the other threads take the rest of the URLs meanwhile;
//! - uneven latencies: the whole result, in the order of the URLs;
//! - a 404, a 500, a refused connection, a server that never answers, a response cut short:
//!   each an `Err(FetchError)` in its URL's slot, naming the URL, never a panic.
//!
//! No absolute time is asserted: latencies are chosen so that right and wrong differ by
//! several times, and a slow machine only makes a right answer slower, never wrong.

use http_pool::{ErrorKind, FetchError, download_all_blocking};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use toolkit::Timeline;
use toolkit::net::{FileServer, file_body};
use toolkit::timeline::Source;
use toolkit::timeline::query::Query;
use toolkit::watchdog::watchdog;

type Results = Vec<Result<Vec<u8>, FetchError>>;

const LIMIT: Duration = Duration::from_secs(8);
const HANG: &str = "is a request waiting forever (no timeout on the agent, so /hang never \
                    ends), or a thread waiting for work that never comes (a channel never \
                    closed, a join on a thread that loops forever)?";
fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}
/// The default body size of /files/NAME.
const SIZE: usize = 1024;

/// The file names `U0`, `U1`, ... as the paths the server sees.
fn paths(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("/files/U{i}")).collect()
}

/// What the call did: its results (or its panic message), when it ran, and the most threads
/// it had alive at once (counted by the OS, not by the server).
struct Run {
    results: Result<Results, String>,
    window: Range<Duration>,
    elapsed: Duration,
    started: Started,
}

/// The OS threads of this process (Linux: /proc/self/task), each with its name (`comm`).
fn os_threads() -> Vec<(String, String)> {
    let Ok(dir) = std::fs::read_dir("/proc/self/task") else {
        return Vec::new();
    };
    dir.filter_map(|e| {
        let e = e.ok()?;
        let comm = std::fs::read_to_string(e.path().join("comm")).ok()?;
        Some((
            e.file_name().to_string_lossy().into_owned(),
            comm.trim().to_owned(),
        ))
    })
    .collect()
}

/// A thread counts once it has lived this long: ureq starts a short-lived thread of its own
/// for each address lookup when a timeout is set, and those are not the pool's. On a busy
/// machine such a thread can wait its turn for a CPU for tens of milliseconds (three of them
/// were once counted at 50 ms); a thread per URL waiting for a permit lives for several
/// requests of 100 ms.
const LIVED: Duration = Duration::from_millis(150);

/// The test's own threads, by thread id (not by name, which any thread can take): every
/// server's thread (registered by `start`), every thread counter's and every test's own
/// thread (registered by themselves).
static HELPERS: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());

fn register_helper(tid: Option<String>) {
    if let Some(tid) = tid {
        HELPERS
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(tid);
    }
}

/// The tests of this file take turns: each counts every thread that appears during its
/// call, whatever its name, so no other test's threads may run meanwhile. The test's own
/// thread is registered first: the test harness starts the next test's thread while this
/// one runs, and that thread only waits here.
fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    static TURN: Mutex<()> = Mutex::new(());
    register_helper(own_tid());
    TURN.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The ids of this process's threads whose name begins with `prefix`.
fn tids_named(prefix: &str) -> BTreeSet<String> {
    os_threads()
        .into_iter()
        .filter(|(_, comm)| comm.starts_with(prefix))
        .map(|(tid, _)| tid)
        .collect()
}

/// This thread's id, as /proc/self/task names it.
fn own_tid() -> Option<String> {
    let link = std::fs::read_link("/proc/thread-self").ok()?;
    Some(link.file_name()?.to_string_lossy().into_owned())
}

/// This process's child processes (Linux: each thread's `children` in /proc/self/task).
fn child_processes() -> BTreeSet<String> {
    let Ok(dir) = std::fs::read_dir("/proc/self/task") else {
        return BTreeSet::new();
    };
    dir.filter_map(|e| std::fs::read_to_string(e.ok()?.path().join("children")).ok())
        .flat_map(|c| c.split_whitespace().map(str::to_owned).collect::<Vec<_>>())
        .collect()
}

/// What the OS saw of the threads (and processes) the code under test started.
#[derive(Clone, Copy)]
struct Started {
    /// The most of them alive at once.
    peak: usize,
    /// How many different ones were alive at some moment of the call.
    total: usize,
    /// Child processes started during the call.
    children: usize,
}

/// Counts, every 2 ms while `body` runs, the threads that did not exist before it and have
/// lived at least `LIVED`, whatever their names: the threads the code under test started;
/// and the child processes it started. The test's own threads are left out by id once the
/// call is over (a test thread that the harness started meanwhile has registered itself by
/// then).
fn count_threads<T>(body: impl FnOnce() -> T) -> (T, Started) {
    let before: BTreeSet<String> = os_threads().into_iter().map(|(tid, _)| tid).collect();
    let children_before = child_processes();
    let done = std::sync::atomic::AtomicBool::new(false);
    let samples: Mutex<Vec<Vec<String>>> = Mutex::new(Vec::new());
    let children: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());
    let result = std::thread::scope(|s| {
        std::thread::Builder::new()
            .name("thread counter".to_owned())
            .spawn_scoped(s, || {
                register_helper(own_tid());
                let mut first_seen: BTreeMap<String, Instant> = BTreeMap::new();
                while !done.load(std::sync::atomic::Ordering::Relaxed) {
                    let now = Instant::now();
                    let lived: Vec<String> = os_threads()
                        .into_iter()
                        .map(|(tid, _)| tid)
                        .filter(|tid| !before.contains(tid))
                        .filter(|tid| {
                            let since = *first_seen.entry(tid.clone()).or_insert(now);
                            now.duration_since(since) >= LIVED
                        })
                        .collect();
                    samples
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .push(lived);
                    children
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .extend(child_processes().difference(&children_before).cloned());
                    std::thread::sleep(Duration::from_millis(2));
                }
            })
            .expect("the thread counter could not start");
        let result = body();
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        result
    });
    let helpers = HELPERS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clone();
    let samples = samples
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let ours = |sample: &Vec<String>| -> Vec<String> {
        sample
            .iter()
            .filter(|tid| !helpers.contains(*tid))
            .cloned()
            .collect()
    };
    let peak = samples.iter().map(|s| ours(s).len()).max().unwrap_or(0);
    let total = samples.iter().flat_map(ours).collect::<BTreeSet<_>>().len();
    let children = children
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .len();
    (
        result,
        Started {
            peak,
            total,
            children,
        },
    )
}

fn run(timeline: &Timeline, urls: &[String], threads: usize, timeout: Duration) -> Run {
    let start = timeline.now();
    let clock = Instant::now();
    let (results, started) = count_threads(|| {
        catch_unwind(AssertUnwindSafe(|| {
            download_all_blocking(urls, threads, timeout)
        }))
    });
    let results = results.map_err(|panic| {
        panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_else(|| "(a panic without a message)".to_owned())
    });
    let elapsed = clock.elapsed();
    Run {
        results,
        window: start..timeline.now(),
        elapsed,
        started,
    }
}

/// The server's own record of the requests, drawn in every failure message.
fn served(timeline: &Timeline) -> Query {
    timeline.query().from_source(Source::Server)
}

/// The results, or a failure that blames the panic.
#[track_caller]
fn no_panic(q: &Query, run: Run) -> (Results, Range<Duration>, Duration) {
    match run.results {
        Ok(results) => (results, run.window, run.elapsed),
        Err(message) => panic!(
            "{}",
            q.failure(
                &format!("download_all_blocking panicked: {message}"),
                "a bad URL (an error status, a refused connection, a timeout) must come back \
                 as Err(FetchError) in its own slot: no unwrap()/expect() on a response, and \
                 no unwrap() on a join whose thread could panic",
            )
        ),
    }
}

/// Each path requested exactly once, every request inside the call.
#[track_caller]
fn expect_one_request_each(
    q: &Query,
    server: &FileServer,
    paths: &[String],
    window: &Range<Duration>,
) {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for span in q.spans() {
        *seen.entry(span.label.as_str()).or_default() += 1;
    }
    let requests = server.stats().requests;
    q.expect(
        requests > 0 || paths.is_empty(),
        &format!("the server saw no request at all for {} URLs", paths.len()),
        "fetch every URL over HTTP with the ureq client: a body made up without a request \
         (toolkit::net::file_body, a cache) never reaches the server",
    );
    for path in paths {
        let n = seen.get(path.as_str()).copied().unwrap_or(0);
        q.expect(
            n == 1,
            &format!("the server saw {n} request(s) for {path}, expected exactly one"),
            "fetch each URL once: no URL skipped (a thread that stopped early, a counter \
             that skips), none fetched twice (two threads taking the same URL)",
        );
    }
    q.expect(
        requests == paths.len(),
        &format!(
            "the server saw {requests} requests for {} URLs",
            paths.len()
        ),
        "fetch each URL exactly once, and nothing else",
    )
    .expect_within(
        window,
        "every request must happen inside the call: join every thread before you return, \
         and fetch nothing ahead of time",
    );
}

/// Exactly `threads` requests in flight at the peak, as the server counted them.
#[track_caller]
fn expect_pool_of(q: &Query, server: &FileServer, threads: usize) {
    let peak = server.stats().max_in_flight;
    q.expect(
        peak <= threads,
        &format!("{peak} requests were in flight at once, but the pool has {threads} threads"),
        "start exactly the `threads` you were given, not one per URL (nor one per CPU), and \
         let each take URLs until none are left (the URL count is larger than the pool)",
    )
    .expect(
        peak >= threads,
        &format!(
            "at most {peak} request(s) were in flight at once, expected {threads}: the pool's \
             threads did not fetch at the same time"
        ),
        "spawn all `threads` threads before joining any, use the `threads` you were given \
         (not the number of CPUs), and hold no lock while a request is in flight",
    );
}

/// No more than `threads` threads alive at once, and no more than `threads` started over the
/// whole call, as the OS counted them: a thread per URL held back by a semaphore of
/// `threads` permits keeps the server's peak at `threads`, but not the number of threads;
/// and no child process doing the fetching.
#[track_caller]
fn expect_threads_started(q: &Query, started: &Started, threads: usize, urls: usize) {
    q.expect(
        started.children == 0,
        &format!(
            "{} child process(es) were started during the call, for {urls} URLs: the \
             fetching was not done by a pool of threads",
            started.children
        ),
        "fetch with the ureq agent on `threads` threads of your own, in this process, not \
         by running a program (curl, wget) per URL",
    )
    .expect(
        started.peak <= threads,
        &format!(
            "{} threads were alive at once during the call (the OS counted them in \
             /proc/self/task), for {urls} URLs, but the pool has {threads} threads",
            started.peak
        ),
        "a pool is `threads` threads that each take URLs until none are left, not a thread \
         per URL made to wait its turn (a semaphore, a counter of permits, a channel of \
         tokens): spawn exactly the `threads` you were given",
    )
    .expect(
        started.total <= threads,
        &format!(
            "{} different threads fetched during the call (the OS counted them in \
             /proc/self/task), for {urls} URLs, but the pool has {threads} threads",
            started.total
        ),
        "a pool starts its `threads` threads once and each takes URLs until none are left; \
         a new thread for each URL, started when one of `threads` permits is free, is not \
         a pool: spawn exactly the `threads` you were given, before the first URL",
    );
}

/// Which URL's body this is, for readable messages.
fn name_of(body: &Result<Vec<u8>, FetchError>, paths: &[String]) -> String {
    match body {
        Err(e) => format!("Err({e})"),
        Ok(bytes) => paths
            .iter()
            .find(|p| {
                let name = p.trim_start_matches("/files/");
                file_body(name, SIZE) == *bytes
            })
            .map(|p| p.trim_start_matches("/files/").to_owned())
            .unwrap_or_else(|| format!("{} bytes from no URL of the list", bytes.len())),
    }
}

fn show(results: &Results, paths: &[String]) -> String {
    let names: Vec<String> = results.iter().map(|r| name_of(r, paths)).collect();
    format!("[{}]", names.join(", "))
}

/// The whole result, in the order of the URLs; says so when it is the finishing order.
#[track_caller]
fn expect_input_order(q: &Query, got: &Results, paths: &[String]) {
    let expected: Results = paths
        .iter()
        .map(|p| Ok(file_body(p.trim_start_matches("/files/"), SIZE)))
        .collect();
    let finished: Results = q
        .end_order()
        .iter()
        .map(|p| Ok(file_body(p.trim_start_matches("/files/"), SIZE)))
        .collect();
    // The server's finishing order and the order in which your code received the bodies
    // can differ where responses end at the same moment: any reordering of the right bodies
    // is named, with the server's finishing order beside it.
    let mut sorted_got = got.clone();
    let mut sorted_expected = expected.clone();
    sorted_got.sort_by_key(|r| format!("{r:?}"));
    sorted_expected.sort_by_key(|r| format!("{r:?}"));
    let problem = if sorted_got == sorted_expected && got.len() > 1 {
        format!(
            "download_all_blocking returned the right bodies in another order, {}, not in the order of \
             the URLs, {}; the order they finished, as the server saw it: {}",
            show(got, paths),
            show(&expected, paths),
            show(&finished, paths)
        )
    } else {
        format!(
            "download_all_blocking returned {}, expected {}, in the order of the URLs",
            show(got, paths),
            show(&expected, paths)
        )
    };
    q.expect(
        *got == expected,
        &problem,
        "give each URL a slot (its index) and put its result there, whichever thread \
         fetched it and whenever it finished: like ThreadPoolExecutor.map, not as_completed",
    );
}

fn start(timeline: &Timeline, latency: Duration, slow: &[(&str, Duration)]) -> FileServer {
    let mut builder = FileServer::builder().latency(latency).timeline(timeline);
    for (path, d) in slow {
        builder = builder.latency_for(path, *d);
    }
    // The server's thread is known by its id from now on: a thread of the code under test
    // named like it still counts.
    let before = tids_named("file-server");
    let server = builder
        .start()
        .expect("the test's file server could not start");
    for tid in tids_named("file-server").difference(&before) {
        register_helper(Some(tid.clone()));
    }
    server
}

#[test]
fn more_urls_than_threads_keep_exactly_the_pool_busy() {
    let _turn = one_at_a_time();
    watchdog(LIMIT, HANG, || {
        // Two pool sizes, neither the number of CPUs of a 2-core machine, both smaller than
        // the list: exactly that many in flight at the peak. Each request takes longer than
        // `LIVED`, so a thread started for one URL lives long enough to be counted.
        for threads in [3, 5] {
            let timeline = Timeline::new();
            let server = start(&timeline, ms(250), &[]);
            let paths = paths(12);
            let urls: Vec<String> = paths.iter().map(|p| server.url(p)).collect();
            let run = run(&timeline, &urls, threads, Duration::from_secs(5));
            let q = served(&timeline);
            let started = run.started;
            let (results, window, _) = no_panic(&q, run);
            expect_one_request_each(&q, &server, &paths, &window);
            expect_pool_of(&q, &server, threads);
            expect_threads_started(&q, &started, threads, paths.len());
            expect_input_order(&q, &results, &paths);
            // One shared Agent keeps its connections open and reuses them: 12 requests from
            // a pool of 3 or 5 threads need far fewer than 12 connections.
            let connections = server.stats().connections;
            q.expect(
                connections < paths.len(),
                &format!(
                    "the server saw {connections} connections for {} requests from {threads} \
                     threads: a new connection for every request",
                    paths.len()
                ),
                "build one ureq::Agent and share it between the threads (its clones share one \
                 connection pool): an Agent made per URL, or ureq::get() each time, opens a \
                 new connection, with its handshake, for every request",
            );
        }
    });
}

#[test]
fn a_slow_url_does_not_hold_the_others_back() {
    let _turn = one_at_a_time();
    watchdog(LIMIT, HANG, || {
        // U0 takes 1.2 s, the 8 others 100 ms. With 3 threads, the two free threads fetch
        // all 8 (4 rounds, 0.4 s) while U0 is still in flight. Fixed batches of 3 wait for
        // U0 before starting the next batch; a fixed share per thread leaves U0's thread
        // with 2 more URLs to fetch after it.
        let timeline = Timeline::new();
        let server = start(&timeline, ms(100), &[("/files/U0", ms(1200))]);
        let paths = paths(9);
        let urls: Vec<String> = paths.iter().map(|p| server.url(p)).collect();
        let run = run(&timeline, &urls, 3, Duration::from_secs(5));
        let q = served(&timeline);
        let (results, window, _) = no_panic(&q, run);
        expect_one_request_each(&q, &server, &paths, &window);
        expect_pool_of(&q, &server, 3);
        let slow = q.span("/files/U0").expect("checked above").clone();
        let late: Vec<&str> = q
            .spans()
            .iter()
            .filter(|s| s.label != slow.label && s.end > slow.end)
            .map(|s| s.label.as_str())
            .collect();
        q.expect(
            late.is_empty(),
            &format!(
                "{} of the 8 fast URLs ({}) were answered only after the slow one, \
                 /files/U0, although two threads were free meanwhile",
                late.len(),
                late.join(", ")
            ),
            "a thread that is free should take the next URL at once: one shared queue (or \
             counter) for all threads, not fixed batches of `threads` URLs joined together, \
             nor a fixed share of the list per thread",
        );
        expect_input_order(&q, &results, &paths);
    });
}

#[test]
fn results_come_back_in_the_order_of_the_urls() {
    let _turn = one_at_a_time();
    watchdog(LIMIT, HANG, || {
        // The first URLs are the slowest, so they finish last.
        let latencies: Vec<(String, Duration)> = (0..6)
            .map(|i| (format!("/files/U{i}"), ms(60 * (6 - i as u64))))
            .collect();
        let slow: Vec<(&str, Duration)> = latencies.iter().map(|(p, d)| (p.as_str(), *d)).collect();
        let timeline = Timeline::new();
        let server = start(&timeline, ms(50), &slow);
        let paths = paths(6);
        let urls: Vec<String> = paths.iter().map(|p| server.url(p)).collect();
        let run = run(&timeline, &urls, 3, Duration::from_secs(5));
        let q = served(&timeline);
        let started = run.started;
        let (results, window, _) = no_panic(&q, run);
        expect_one_request_each(&q, &server, &paths, &window);
        // A short list (two URLs per thread) is no reason to leave the pool: still exactly
        // `threads` at once.
        expect_pool_of(&q, &server, 3);
        expect_threads_started(&q, &started, 3, paths.len());
        expect_input_order(&q, &results, &paths);
    });
}

/// A port nothing listens on: bind one, read its number, close it.
fn refused_url(path: &str) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    let port = listener.local_addr().expect("its address").port();
    drop(listener);
    format!("http://127.0.0.1:{port}{path}")
}

#[test]
fn bad_urls_come_back_as_errors_naming_the_url() {
    let _turn = one_at_a_time();
    watchdog(LIMIT, HANG, || {
        let timeline = Timeline::new();
        let server = start(&timeline, ms(20), &[]);
        let timeout = ms(500);
        let refused = refused_url("/files/Gone");
        let cases: Vec<(String, Option<ErrorKind>)> = vec![
            (server.file_url("A"), None),
            (server.url("/status/404"), Some(ErrorKind::Status(404))),
            (refused, Some(ErrorKind::Refused)),
            (server.url("/hang"), Some(ErrorKind::TimedOut)),
            (server.file_url("B"), None),
            (server.url("/status/500"), Some(ErrorKind::Status(500))),
            (server.url("/cut"), Some(ErrorKind::Other(String::new()))),
            (server.file_url("C"), None),
        ];
        let urls: Vec<String> = cases.iter().map(|(u, _)| u.clone()).collect();
        let run = run(&timeline, &urls, 2, timeout);
        // A request the client gave up on (/hang) is recorded when the server sees the
        // connection close: wait for that (2 s at most) before reading its record.
        let clock = Instant::now();
        while server.stats().in_flight > 0 && clock.elapsed() < Duration::from_secs(2) {
            std::thread::sleep(ms(10));
        }
        let q = served(&timeline);
        let (results, _, elapsed) = no_panic(&q, run);
        q.expect(
            results.len() == urls.len(),
            &format!(
                "download_all_blocking returned {} results for {} URLs",
                results.len(),
                urls.len()
            ),
            "return one result per URL, errors included, in the order of the URLs",
        );
        // Every URL on the server, good or bad, was requested exactly once: none left
        // behind by a thread that stopped at an error, none retried, no error made up from
        // the URL's text without a request.
        let root = server.url("");
        let seen = q.spans();
        for url in urls.iter().filter(|u| u.starts_with(&root)) {
            let path = &url[root.len()..];
            let n = seen.iter().filter(|s| s.label == path).count();
            q.expect(
                n != 0,
                &format!("the server saw no request for {path}, expected exactly one"),
                "fetch every URL, bad ones included: a thread that meets an error stores it \
                 in that URL's slot and goes on to the next URL (no `?` or break that ends \
                 the thread), and an error is what the server answered, not guessed from the \
                 URL's text (/status/…, /hang, /cut) without a request",
            )
            .expect(
                n <= 1,
                &format!("the server saw {n} requests for {path}, expected exactly one"),
                "send exactly one request per URL: a failed URL is reported as its Err, not \
                 retried",
            );
        }
        for ((url, want), got) in cases.iter().zip(&results) {
            match (want, got) {
                (None, Ok(body)) => {
                    let name = url.rsplit('/').next().expect("a file name");
                    q.expect(
                        *body == file_body(name, SIZE),
                        &format!("the body returned for {url} is not that file's body"),
                        "return each URL's own body, in the order of the URLs",
                    );
                }
                (None, Err(e)) => panic!(
                    "{}",
                    q.failure(
                        &format!("{url} is a good URL, but came back as Err({e})"),
                        "a good URL's body must come back whole, whatever the other URLs do",
                    )
                ),
                (Some(kind), Ok(body)) => panic!(
                    "{}",
                    q.failure(
                        &format!(
                            "{url} should fail ({kind:?}), but came back as Ok with {} bytes",
                            body.len()
                        ),
                        "an error status is an error: ureq returns Err(ureq::Error::StatusCode) \
                         for 4xx and 5xx by default; map every ureq error to a FetchError",
                    )
                ),
                (Some(kind), Err(e)) => {
                    q.expect(
                        e.url == *url,
                        &format!("the error for {url} names another URL: {:?}", e.url),
                        "put the URL that failed, exactly as given, in FetchError::url",
                    );
                    let same = match (kind, &e.kind) {
                        (ErrorKind::Other(_), ErrorKind::Other(_)) => true,
                        (a, b) => a == b,
                    };
                    q.expect(
                        same,
                        &format!("{url} came back as {:?}, expected {kind:?}", e.kind),
                        "sort ureq's errors: StatusCode(code) → Status(code), Timeout(_) → \
                         TimedOut, an io::Error of kind ConnectionRefused → Refused, anything \
                         else (a body cut short) → Other(description)",
                    );
                }
            }
        }
        // /hang never answers, so the call lasts about `timeout`; a request that waits for
        // a timeout of its own (or none) lasts several times that.
        q.expect(
            elapsed < timeout * 5,
            &format!(
                "the call took {:.1} s with a timeout of {:.1} s for each request",
                elapsed.as_secs_f64(),
                timeout.as_secs_f64()
            ),
            "give up on a request after the `timeout` you were given: build the agent with \
             .timeout_global(Some(timeout)), not a timeout of your own",
        );
    });
}

#[test]
fn no_urls_means_no_requests() {
    let _turn = one_at_a_time();
    watchdog(LIMIT, HANG, || {
        let timeline = Timeline::new();
        let server = start(&timeline, ms(10), &[]);
        let run = run(&timeline, &[], 3, Duration::from_secs(1));
        let q = served(&timeline);
        let (results, _, _) = no_panic(&q, run);
        q.expect(
            results.is_empty() && server.stats().requests == 0,
            &format!(
                "with no URLs, download_all_blocking returned {} results and the server saw \
                 {} requests",
                results.len(),
                server.stats().requests
            ),
            "no URLs: return an empty Vec, and fetch nothing",
        );
    });
}
