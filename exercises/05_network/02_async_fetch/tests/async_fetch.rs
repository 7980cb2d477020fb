//! Checks `fetch_all` against a real HTTP server on 127.0.0.1 that the tests start
//! (`toolkit::net::FileServer`). Everything believed comes from the SERVER: the requests it
//! received per path (so retries are counted), its peak of requests in flight, and when each
//! request arrived and was answered (spans on the test's timeline, so the pauses between
//! retries are measured where your code cannot touch them).
//!
//! Real sockets run on the real clock, so these tests do not pause tokio's time, and assert
//! no absolute time: counts, lower bounds (a pause never ends early), and ratios with slack.

use async_fetch::{ErrorKind, FetchError, Policy, fetch_all};
use futures::FutureExt;
use std::collections::BTreeMap;
use std::ops::Range;
use std::panic::AssertUnwindSafe;
use std::time::{Duration, Instant};
use toolkit::Timeline;
use toolkit::format::fmt_duration;
use toolkit::net::{FileServer, file_body};
use toolkit::timeline::Source;
use toolkit::timeline::query::Query;
use toolkit::watchdog::within;

type Results = Vec<Result<Vec<u8>, FetchError>>;

const LIMIT: Duration = Duration::from_secs(8);
const HANG: &str = "is a request waiting forever (no timeout on the client or around each \
                    attempt, so /hang never ends), or a semaphore permit never given back?";
/// The default body size of /files/NAME.
const SIZE: usize = 1024;

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

fn policy(limit: usize, timeout: Duration, attempts: u32, backoff: Duration) -> Policy {
    Policy {
        limit,
        timeout,
        attempts,
        backoff,
    }
}

fn paths(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("/files/U{i}")).collect()
}

fn start(timeline: &Timeline, latency: Duration, slow: &[(String, Duration)]) -> FileServer {
    let mut builder = FileServer::builder().latency(latency).timeline(timeline);
    for (path, d) in slow {
        builder = builder.latency_for(path, *d);
    }
    builder
        .start()
        .expect("the test's file server could not start")
}

/// Runs `fetch_all`, catching a panic inside it so that it can be blamed.
async fn run(
    timeline: &Timeline,
    urls: &[String],
    policy: &Policy,
) -> (Result<Results, String>, Range<Duration>, Duration) {
    let start = timeline.now();
    let clock = Instant::now();
    // Caught here rather than in a spawned task: a task must be `Send + 'static`, which
    // would reject some correct solutions for reasons that have nothing to do with them.
    let outcome = AssertUnwindSafe(async { fetch_all(urls, policy).await })
        .catch_unwind()
        .await
        .map_err(|panic| {
            panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_else(|| "(a panic without a message)".to_owned())
        });
    let elapsed = clock.elapsed();
    (outcome, start..timeline.now(), elapsed)
}

/// The server's record of the requests. A request the client gave up on (a timeout) is
/// recorded when the server notices the hang-up, a moment after the call returned: wait
/// (a little) for the server to have nothing in flight first.
async fn served(timeline: &Timeline, server: &FileServer) -> Query {
    let clock = Instant::now();
    while server.stats().in_flight > 0 && clock.elapsed() < Duration::from_secs(2) {
        tokio::time::sleep(ms(10)).await;
    }
    let q = timeline.query().from_source(Source::Server);
    let left = server.stats().in_flight;
    q.expect(
        left == 0,
        &format!(
            "{left} request(s) were still in flight on the server 2 s after fetch_all \
             returned: a request given up on was left running"
        ),
        "an attempt you stop waiting for must be dropped, which cancels its request: a \
         tokio::time::timeout around a spawned task (a JoinHandle) stops only the waiting, \
         not the task; put the timeout on the Client (or around the request future itself), \
         and abort any task you no longer wait for",
    );
    q
}

#[track_caller]
fn no_panic(q: &Query, outcome: Result<Results, String>) -> Results {
    outcome.unwrap_or_else(|message| {
        panic!(
            "{}",
            q.failure(
                &format!("fetch_all panicked: {message}"),
                "a bad URL (an error status, a refused connection, a timeout) must come back \
                 as Err(FetchError) in its own slot: no unwrap()/expect() on a response",
            )
        )
    })
}

/// How many requests the server saw for each path.
fn per_path(q: &Query) -> BTreeMap<String, usize> {
    let mut seen = BTreeMap::new();
    for span in q.spans() {
        *seen.entry(span.label.clone()).or_default() += 1;
    }
    seen
}

/// The server saw requests only for the paths of the URLs given: a request of the code's
/// own (a decoy that fills the limit, a file nobody asked for) is named.
#[track_caller]
fn expect_only(q: &Query, allowed: &[String]) {
    let extra: Vec<String> = per_path(q)
        .into_iter()
        .filter(|(path, _)| !allowed.contains(path))
        .map(|(path, n)| format!("{path} ({n}×)"))
        .collect();
    q.expect(
        extra.is_empty(),
        &format!(
            "the server saw requests for {}, which is no URL of the list",
            extra.join(", ")
        ),
        "request the URLs you were given and nothing else: a request of your own beside them \
         (to keep the server busy, to fill the limit) is not one URL's download, and the \
         limit counts the URLs' requests being fetched together",
    );
}

/// Expects `n` requests for `path`, with a hint for too many and one for too few.
#[track_caller]
fn expect_requests(q: &Query, path: &str, n: usize, too_few: &str, too_many: &str) {
    let got = per_path(q).get(path).copied().unwrap_or(0);
    let hint = if got < n { too_few } else { too_many };
    q.expect(
        got == n,
        &format!("the server saw {got} request(s) for {path}, expected {n}"),
        hint,
    );
}

#[track_caller]
fn expect_limit(q: &Query, server: &FileServer, limit: usize) {
    let peak = server.stats().max_in_flight;
    q.expect(
        peak <= limit,
        &format!("{peak} requests were in flight at once, but the limit is {limit}"),
        "acquire a permit from a tokio::sync::Semaphore of exactly `policy.limit` permits \
         before each request, and keep the guard alive until it is done: `let _permit = ...` \
         (not `let _ = ...`, which drops it on the spot)",
    )
    .expect(
        peak >= limit,
        &format!("at most {peak} request(s) were in flight at once, expected {limit}"),
        "start the requests together (one future per URL, awaited together with join_all) \
         and let the semaphore hold back the rest, rather than awaiting them in turn",
    );
}

fn show(results: &Results, paths: &[String]) -> String {
    let names: Vec<String> = results
        .iter()
        .map(|r| match r {
            Err(e) => format!("Err({e})"),
            Ok(bytes) => paths
                .iter()
                .map(|p| p.trim_start_matches("/files/"))
                .find(|name| file_body(name, SIZE) == *bytes)
                .map(str::to_owned)
                .unwrap_or_else(|| format!("{} bytes from no URL of the list", bytes.len())),
        })
        .collect();
    format!("[{}]", names.join(", "))
}

/// Results in short: `Ok(1024 bytes)` rather than the bytes.
fn brief(results: &Results) -> String {
    let items: Vec<String> = results
        .iter()
        .map(|r| match r {
            Ok(body) => format!("Ok({} bytes)", body.len()),
            Err(e) => format!("Err({e})"),
        })
        .collect();
    format!("[{}]", items.join(", "))
}

#[track_caller]
fn expect_input_order(q: &Query, got: &Results, paths: &[String]) {
    let body = |p: &str| Ok(file_body(p.trim_start_matches("/files/"), SIZE));
    let expected: Results = paths.iter().map(|p| body(p)).collect();
    let finished: Results = q.end_order().iter().map(|p| body(p)).collect();
    // The server's finishing order and the order in which your code received the bodies
    // can differ where responses end at the same moment: any reordering of the right bodies
    // is named, with the server's finishing order beside it.
    let mut sorted_got = got.clone();
    let mut sorted_expected = expected.clone();
    sorted_got.sort_by_key(|r| format!("{r:?}"));
    sorted_expected.sort_by_key(|r| format!("{r:?}"));
    let problem = if sorted_got == sorted_expected && got.len() > 1 {
        format!(
            "fetch_all returned the right bodies in another order, {}, not in the order of \
             the URLs, {}; the order they finished, as the server saw it: {}",
            show(got, paths),
            show(&expected, paths),
            show(&finished, paths)
        )
    } else {
        format!(
            "fetch_all returned {}, expected {}, in the order of the URLs",
            show(got, paths),
            show(&expected, paths)
        )
    };
    q.expect(
        *got == expected,
        &problem,
        "like asyncio.gather, join_all keeps each result in its URL's slot; \
         buffer_unordered, a JoinSet or sorting do not",
    );
}

/// Exactly one request per path, all inside the call.
#[track_caller]
fn expect_once_each(q: &Query, server: &FileServer, paths: &[String], window: &Range<Duration>) {
    q.expect(
        server.stats().requests > 0,
        &format!("the server saw no request at all for {} URLs", paths.len()),
        "fetch every URL over HTTP with the reqwest client: a body made up without a request \
         (toolkit::net::file_body, a cache) never reaches the server",
    );
    for path in paths {
        expect_requests(
            q,
            path,
            1,
            "fetch every URL: none may be skipped",
            "a URL that succeeds is fetched once: retry only after a failure",
        );
    }
    expect_only(q, paths);
    q.expect_within(
        window,
        "every request must happen inside the call: await every future before you return",
    );
}

#[tokio::test]
async fn the_limit_is_kept_and_reached() {
    within(LIMIT, HANG, async {
        let timeline = Timeline::new();
        let server = start(&timeline, ms(100), &[]);
        let paths = paths(16);
        let urls: Vec<String> = paths.iter().map(|p| server.url(p)).collect();
        let (outcome, window, _) = run(&timeline, &urls, &policy(4, ms(5000), 3, ms(50))).await;
        let q = served(&timeline, &server).await;
        let results = no_panic(&q, outcome);
        expect_once_each(&q, &server, &paths, &window);
        expect_limit(&q, &server, 4);
        expect_input_order(&q, &results, &paths);
    })
    .await;
}

#[tokio::test]
async fn results_come_back_in_the_order_of_the_urls() {
    within(LIMIT, HANG, async {
        // The first URLs are the slowest, so they finish last.
        let slow: Vec<(String, Duration)> = (0..8)
            .map(|i| (format!("/files/U{i}"), ms(40 * (8 - i as u64))))
            .collect();
        let timeline = Timeline::new();
        let server = start(&timeline, ms(40), &slow);
        let paths = paths(8);
        let urls: Vec<String> = paths.iter().map(|p| server.url(p)).collect();
        let (outcome, window, _) = run(&timeline, &urls, &policy(3, ms(5000), 3, ms(50))).await;
        let q = served(&timeline, &server).await;
        let results = no_panic(&q, outcome);
        expect_once_each(&q, &server, &paths, &window);
        expect_limit(&q, &server, 3);
        expect_input_order(&q, &results, &paths);
    })
    .await;
}

/// A port nothing listens on: bind one, read its number, close it.
fn refused_url(path: &str) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    let port = listener.local_addr().expect("its address").port();
    drop(listener);
    format!("http://127.0.0.1:{port}{path}")
}

#[tokio::test]
async fn each_request_times_out_on_its_own_and_errors_name_the_url() {
    within(LIMIT, HANG, async {
        let timeline = Timeline::new();
        let server = start(&timeline, ms(20), &[]);
        // A second server whose bodies trickle in at 1 KB/s: its headers come at once, its
        // 1 KB body takes a second, longer than the timeout (same timeline, another path).
        let trickle = FileServer::builder()
            .latency(ms(20))
            .bandwidth(1024)
            .timeline(&timeline)
            .start()
            .expect("the test's file server could not start");
        // Two attempts each, 100 ms apart: /hang takes two timeouts and a pause.
        let policy = policy(4, ms(400), 2, ms(100));
        let cases: Vec<(String, Option<ErrorKind>)> = vec![
            (server.file_url("A"), None),
            (server.url("/hang"), Some(ErrorKind::TimedOut)),
            (trickle.file_url("Slow"), Some(ErrorKind::TimedOut)),
            (server.file_url("B"), None),
            (server.url("/status/404"), Some(ErrorKind::Status(404))),
            (refused_url("/files/Gone"), Some(ErrorKind::Refused)),
            (server.url("/cut"), Some(ErrorKind::Other(String::new()))),
            (server.file_url("C"), None),
        ];
        let urls: Vec<String> = cases.iter().map(|(u, _)| u.clone()).collect();
        let (outcome, _, elapsed) = run(&timeline, &urls, &policy).await;
        served(&timeline, &trickle).await;
        let q = served(&timeline, &server).await;
        let results = no_panic(&q, outcome);
        q.expect(
            results.len() == urls.len(),
            &format!(
                "fetch_all returned {} results for {} URLs",
                results.len(),
                urls.len()
            ),
            "return one result per URL, errors included, in the order of the URLs",
        );
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
                        "put the timeout on each request (the client's .timeout(), or \
                         tokio::time::timeout around one attempt), not around the whole \
                         batch: a slow URL must not fail the others",
                    )
                ),
                (Some(ErrorKind::TimedOut), Ok(body)) => panic!(
                    "{}",
                    q.failure(
                        &format!(
                            "{url} (its headers at once, its body at 1 KB/s) should time out \
                             after {}, but came back as Ok with {} bytes",
                            fmt_duration(policy.timeout),
                            body.len()
                        ),
                        "the timeout covers the whole response, body included: the client's \
                         .timeout(), or tokio::time::timeout around the whole attempt (send \
                         and bytes), not only around send(), which is done once the headers \
                         are in",
                    )
                ),
                (Some(kind), Ok(body)) => panic!(
                    "{}",
                    q.failure(
                        &format!(
                            "{url} should fail ({kind:?}), but came back as Ok with {} bytes",
                            body.len()
                        ),
                        "an error status is an Ok response to reqwest: call \
                         .error_for_status() on it; and read the whole body, whose errors \
                         count too",
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
                        "sort reqwest's errors: e.status() → Status(code), e.is_timeout() → \
                         TimedOut, e.is_connect() → Refused, anything else → \
                         Other(e.to_string())",
                    );
                }
            }
        }
        let root = server.url("");
        let mut on_server: Vec<String> = urls
            .iter()
            .filter_map(|u| u.strip_prefix(root.as_str()))
            .map(str::to_owned)
            .collect();
        on_server.push("/files/Slow".to_owned());
        expect_only(&q, &on_server);
        let retry = "a timed-out request is retried (only a 4xx is final), whatever its URL: \
                     try up to `policy.attempts` times";
        expect_requests(&q, "/hang", 2, retry, "try at most `policy.attempts` times");
        expect_requests(
            &q,
            "/files/Slow",
            2,
            retry,
            "try at most `policy.attempts` times",
        );
        expect_requests(
            &q,
            "/cut",
            2,
            "a response cut short is a failure that may pass, like a timeout or a 5xx: retry \
             every error whose kind is_retryable() (all but a 4xx), whatever its URL",
            "try at most `policy.attempts` times",
        );
        expect_requests(
            &q,
            "/status/404",
            1,
            "fetch every URL",
            "a 4xx is the client's mistake, and the same request gets the same answer: do \
             not retry it (ErrorKind::is_retryable)",
        );
        // Each attempt at /hang was given up after `policy.timeout`, as the server saw it: it
        // held the connection open until the client closed it. A shorter wait (a timeout
        // of one's own, a shortcut for a URL that looks slow) ends it sooner.
        for span in q.labelled("/hang").spans() {
            let held = span.end.saturating_sub(span.start);
            q.expect(
                held >= policy.timeout.mul_f64(0.8),
                &format!(
                    "a request for /hang was given up after {}, but the timeout is {}",
                    fmt_duration(held),
                    fmt_duration(policy.timeout)
                ),
                "wait for each attempt as long as `policy.timeout` (the client's .timeout() \
                 or tokio::time::timeout around one attempt), the same for every URL: not a \
                 shorter timeout of your own, not one picked from the URL's text",
            );
        }
        // The call lasts about two timeouts and a pause (0.9 s); a timeout of one's own, or
        // one around the whole list with a fresh try, lasts several times that.
        let expected = policy.timeout * 2 + policy.backoff;
        q.expect(
            elapsed < expected * 4,
            &format!(
                "the call took {} where two attempts of {} and a pause of {} take {}",
                fmt_duration(elapsed),
                fmt_duration(policy.timeout),
                fmt_duration(policy.backoff),
                fmt_duration(expected)
            ),
            "give up on each attempt after `policy.timeout`, the timeout you were given",
        );
    })
    .await;
}

#[tokio::test]
async fn retries_back_off_exponentially() {
    within(LIMIT, HANG, async {
        let timeline = Timeline::new();
        let server = start(&timeline, ms(20), &[]);
        // Not the backoff of the next test (120 ms): a pause of your own fails one of them.
        let backoff = ms(300);
        let policy = policy(4, ms(5000), 4, backoff);
        let urls = vec![
            server.url("/status/503"),
            server.file_url("A"),
            server.url("/status/404"),
        ];
        let (outcome, window, _) = run(&timeline, &urls, &policy).await;
        let q = served(&timeline, &server).await;
        let results = no_panic(&q, outcome);
        q.expect_within(
            &window,
            "every request must happen inside the call: await every future before you return",
        );
        let expected: Results = vec![
            Err(FetchError {
                url: urls[0].clone(),
                kind: ErrorKind::Status(503),
            }),
            Ok(file_body("A", SIZE)),
            Err(FetchError {
                url: urls[2].clone(),
                kind: ErrorKind::Status(404),
            }),
        ];
        expect_only(
            &q,
            &["/status/503", "/files/A", "/status/404"].map(str::to_owned),
        );
        expect_requests(
            &q,
            "/status/503",
            4,
            "a 5xx may pass: retry it, up to `policy.attempts` attempts in all",
            "try at most `policy.attempts` times in all (the first attempt counts)",
        );
        expect_requests(
            &q,
            "/status/404",
            1,
            "fetch every URL",
            "a 4xx is the client's mistake, and the same request gets the same answer: do \
             not retry it (ErrorKind::is_retryable)",
        );
        expect_requests(
            &q,
            "/files/A",
            1,
            "fetch every URL",
            "a URL that succeeds is fetched once: retry only after a failure",
        );
        q.expect(
            results == expected,
            &format!(
                "fetch_all returned {}, expected {}",
                brief(&results),
                brief(&expected)
            ),
            "one result per URL in the order of the URLs; a URL that fails every attempt \
             reports the last attempt's error, naming the URL",
        );
        expect_pauses(&q, "/status/503", backoff);
    })
    .await;
}

/// The pauses before each retry of `path`, as the server saw them: from the end of one
/// response to the arrival of the next request (they can only be longer than the pause your
/// code slept): at least `backoff`, `2 × backoff`, ..., and the first less than `2 × backoff`.
#[track_caller]
fn expect_pauses(q: &Query, path: &str, backoff: Duration) {
    let tries = q.labelled(path);
    let pauses: Vec<Duration> = tries
        .spans()
        .windows(2)
        .map(|w| w[1].start.saturating_sub(w[0].end))
        .collect();
    let shown: Vec<String> = pauses.iter().map(|p| fmt_duration(*p)).collect();
    for (k, pause) in pauses.iter().enumerate() {
        let want = backoff * 2u32.pow(k as u32);
        q.expect(
            *pause >= want.mul_f64(0.95),
            &format!(
                "retry {} of {path} came {} after the failure before it, expected a pause of \
                 at least {} (backoff {}; pauses: {})",
                k + 1,
                fmt_duration(*pause),
                fmt_duration(want),
                fmt_duration(backoff),
                shown.join(", ")
            ),
            "sleep before each retry (tokio::time::sleep(pause).await), starting from the \
             `policy.backoff` you were given, and double the pause each time: backoff, \
             2 × backoff, 4 × backoff",
        );
    }
    if let Some(first) = pauses.first() {
        q.expect(
            *first < backoff * 2,
            &format!(
                "the first retry of {path} came {} after the failure, but the backoff is {}: \
                 the first pause was longer than the policy's backoff (doubled already, or a \
                 pause of your own)",
                fmt_duration(*first),
                fmt_duration(backoff)
            ),
            "the first pause is `policy.backoff` itself, the one you were given: sleep first, \
             then double the pause for the next retry (not `pause *= 2` before the first \
             sleep)",
        );
    }
}

/// While one URL waits to retry, the others go on: the pause is awaited, not slept. With
/// `std::thread::sleep` the runtime's thread is parked, and no other request can start.
#[tokio::test]
async fn other_urls_move_while_one_waits_to_retry() {
    within(LIMIT, HANG, async {
        let timeline = Timeline::new();
        // /status/503 fails fast; ten files of 100 ms each keep the other permit busy for
        // about a second, longer than the 503's pauses of 120, 240 and 480 ms.
        let backoff = ms(120);
        let server = start(&timeline, ms(100), &[("/status/503".to_owned(), ms(20))]);
        let policy = policy(2, ms(5000), 4, backoff);
        let mut urls = vec![server.url("/status/503")];
        urls.extend((0..10).map(|i| server.file_url(&format!("B{i}"))));
        let (outcome, _, _) = run(&timeline, &urls, &policy).await;
        let q = served(&timeline, &server).await;
        no_panic(&q, outcome);
        let mut allowed = vec!["/status/503".to_owned()];
        allowed.extend((0..10).map(|i| format!("/files/B{i}")));
        expect_only(&q, &allowed);
        let tries = q.labelled("/status/503");
        let tries = tries.spans();
        q.expect(
            tries.len() == 4,
            &format!(
                "the server saw {} request(s) for /status/503 with 4 attempts, expected 4",
                tries.len()
            ),
            "a 5xx may pass: retry it, up to `policy.attempts` attempts in all",
        );
        expect_pauses(&q, "/status/503", backoff);
        // The last pause (480 ms), less 20 ms at each end: requests sent just before the
        // pause or just after it do not count.
        let from = tries[2].end + ms(20);
        let to = tries[3].start.saturating_sub(ms(20));
        let others = q
            .filter(|s| s.label != "/status/503" && s.start >= from && s.start < to)
            .spans()
            .len();
        q.expect(
            others > 0,
            &format!(
                "no other URL was requested during the {} pause before the last retry of \
                 /status/503 (from {} to {}), though a permit was free and files were left: \
                 the whole program stopped while one URL waited",
                fmt_duration(tries[3].start.saturating_sub(tries[2].end)),
                fmt_duration(tries[2].end),
                fmt_duration(tries[3].start),
            ),
            "pause with tokio::time::sleep(pause).await, not std::thread::sleep: a blocking \
             sleep parks the runtime's thread, and every other URL waits with it; and let \
             every URL take the next free permit of one Semaphore, not fixed chunks of \
             `limit` URLs joined one chunk after another (a chunk waits for its slowest URL)",
        );
    })
    .await;
}

/// Three calls at the same time, on three servers, each with its own limit (2, 5 and 2):
/// each server's peak is its own call's limit, and the two calls with a limit of 2 have 4
/// requests in flight together. A semaphore kept in a `static` (made once with the first
/// call's limit, or one per limit) is shared by calls.
#[tokio::test]
async fn calls_at_once_keep_their_own_limits() {
    within(LIMIT, HANG, async {
        // Made together: their clocks agree to within microseconds.
        let timelines = [Timeline::new(), Timeline::new(), Timeline::new()];
        let servers = timelines.each_ref().map(|t| start(t, ms(100), &[]));
        let paths = paths(12);
        let urls = servers
            .each_ref()
            .map(|s| paths.iter().map(|p| s.url(p)).collect::<Vec<String>>());
        let limits = [2, 5, 2];
        let policies = limits.map(|limit| policy(limit, ms(5000), 2, ms(50)));
        let (one, two, three) = tokio::join!(
            run(&timelines[0], &urls[0], &policies[0]),
            run(&timelines[1], &urls[1], &policies[1]),
            run(&timelines[2], &urls[2], &policies[2])
        );
        let mut queries = Vec::new();
        for (i, (outcome, window, _)) in [one, two, three].into_iter().enumerate() {
            let (server, limit) = (&servers[i], limits[i]);
            let q = served(&timelines[i], server).await;
            let results = no_panic(&q, outcome);
            expect_once_each(&q, server, &paths, &window);
            let peak = server.stats().max_in_flight;
            q.expect(
                peak == limit,
                &format!(
                    "calls ran at the same time, with limits 2 and 5 (and 2 again), each on \
                     its own server: this call's server saw {peak} request(s) in flight at \
                     once, expected its limit, {limit}"
                ),
                "each call has its own limit: make the Semaphore inside fetch_all, with that \
                 call's `policy.limit`, not once in a `static` (a OnceLock, a lazy global) \
                 that every call shares with the first call's limit",
            );
            expect_input_order(&q, &results, &paths);
            queries.push(q);
        }
        // The two calls with a limit of 2, their requests side by side.
        let both = Query::new(
            queries[0]
                .spans()
                .iter()
                .chain(queries[2].spans())
                .cloned()
                .collect(),
        );
        let together = both.max_concurrency();
        both.expect(
            together > 2,
            &format!(
                "two calls with a limit of 2 each ran at the same time, on two servers, but \
                 at most {together} of their requests were in flight at once: they shared 2 \
                 permits"
            ),
            "each call has a semaphore of its own, made inside fetch_all with its \
             `policy.limit`: not one kept in a `static` (one per limit, or the first call's) \
             that calls with the same limit share",
        );
    })
    .await;
}

#[tokio::test]
async fn no_urls_means_no_requests() {
    within(LIMIT, HANG, async {
        let timeline = Timeline::new();
        let server = start(&timeline, ms(10), &[]);
        let (outcome, _, _) = run(&timeline, &[], &policy(3, ms(1000), 2, ms(10))).await;
        let q = served(&timeline, &server).await;
        let results = no_panic(&q, outcome);
        q.expect(
            results.is_empty() && server.stats().requests == 0,
            &format!("with no URLs, fetch_all returned {} results", results.len()),
            "no URLs: return an empty Vec, and fetch nothing",
        );
    })
    .await;
}
