//! Checks `download_all`: never more than `limit` downloads at once, yet all `limit` permits
//! kept busy — a freed permit starts the next request at once, so 2,000 requests with a limit
//! of N take exactly ceil(2000 / N) download times, and a slow request never holds the others
//! back the way fixed-size batches ("chunks") do — and every result comes back in input order,
//! checked whole, with requests of different lengths that finish in another order, and
//! checked against what the downloads returned (the Downloaders are sealed).
//!
//! Virtual time (`start_paused = true`): 2,000 downloads of 10 ms each run in no real time,
//! and every total is exact. Only the toolkit's own records count as evidence; every download
//! must lie inside the call.

use bounded_concurrency::download_all;
use std::ops::Range;
use std::time::Duration;
use toolkit::Timeline;
use toolkit::format::fmt_duration;
use toolkit::io::{AnswerKey, Downloader};
use toolkit::timeline::query::Query;
use toolkit::watchdog::DEFAULT_LIMIT;

// Virtual time: ends long after any run, even 2,000 downloads one at a time (20 s).
const LIMIT: Duration = Duration::from_secs(1000);
const HANG: &str = "is a permit never given back (a guard kept forever, a closed semaphore)? \
                    Or are permits taken in the loop that builds the requests, before any of \
                    them is awaited? A permit comes back only when its download ends, and no \
                    download runs until join_all polls them: take the permit inside each \
                    request's async block, `let _permit = sem.acquire().await`";
const SPUN: &str = "virtual time stood still: the runtime never ran out of work, so it \
                    never let the clock move on to the next download's end. Does a request \
                    try for a permit again and again (try_acquire, with yield_now in between)? \
                    That never waits: `let _permit = sem.acquire().await` sleeps until a permit \
                    is free";
const LIMIT_HINT: &str = "acquire a permit from a tokio::sync::Semaphore of exactly `limit` \
                          permits before each download, and keep the guard alive until the \
                          download is done: `let _permit = ...` (not `let _ = ...`, which \
                          drops it on the spot)";
const KEEP_BUSY: &str = "when a download ends, its permit should start the next waiting \
                         request at once: one Semaphore for all requests, not fixed-size \
                         batches (chunks, join_all per batch) or an ordered `buffered` stream";
const TEN_MS: Duration = Duration::from_millis(10);

fn names(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("File-{i}")).collect()
}

fn refs(names: &[String]) -> Vec<&str> {
    names.iter().map(String::as_str).collect()
}

/// A short list is shown whole; a long one by its length and its first few items.
fn show(list: &[String]) -> String {
    if list.len() <= 6 {
        format!("{list:?}")
    } else {
        format!("{} results, starting {:?}…", list.len(), &list[..4])
    }
}

/// Runs `download_all` and returns its results and the span of time the call ran.
async fn run(
    timeline: &Timeline,
    downloader: &Downloader,
    names: &[&str],
    limit: usize,
) -> (Vec<String>, Range<Duration>) {
    let start = timeline.now();
    let contents = download_all(downloader, names, limit).await;
    (contents, start..timeline.now())
}

/// Each file downloaded exactly once, inside the call; never more than `limit` at once, and
/// `limit` at once at the peak.
#[track_caller]
fn expect_limited(
    timeline: &Timeline,
    q: &Query,
    window: &Range<Duration>,
    names: &[&str],
    limit: usize,
    length: impl Fn(&str) -> Duration,
) {
    // A download started and never ended: its future was neither finished nor dropped, but
    // leaked. The toolkit writes a download down when it starts, so a leak shows.
    if let Some(leaked) = timeline.unfinished().first() {
        q.expect(
            false,
            &format!(
                "{} started at {} and never ended: its download was neither finished nor \
                 cancelled, but leaked (mem::forget? a future kept alive for ever?)",
                leaked.label,
                fmt_duration(leaked.start)
            ),
            "await every request's download to its end, under its permit (join_all does): \
             mem::forget finishes nothing, it only hides the future, and contents you did \
             not download are made up",
        );
    }
    let mut got: Vec<&str> = q.spans().iter().map(|s| s.label.as_str()).collect();
    got.sort_unstable();
    let mut want = names.to_vec();
    want.sort_unstable();
    q.expect(
        got == want,
        &format!(
            "expected each of the {} requests to be downloaded exactly once, but the \
             timeline shows {} download(s)",
            names.len(),
            got.len()
        ),
        "download every request once, with the Downloader the test handed you: contents \
         made up, or fetched with a Downloader of your own, leave no trace",
    );
    // Each download as long as the test made it: downloads cut short (their futures dropped
    // early, by a timeout or a select!) prove nothing about how many ran at once. (A clone
    // given a `with_duration` of its own panics, naming that.)
    for span in q.spans() {
        let took = span.end - span.start;
        q.expect(
            took == length(&span.label),
            &format!(
                "{} ended after {}, but the test's Downloader takes {} for it: the download \
                 was cut short, its future dropped before it finished",
                span.label,
                fmt_duration(took),
                fmt_duration(length(&span.label))
            ),
            "let every download run to its end while it holds its permit (a timeout, a \
             select! or an abort that drops it early only pretends to download, and contents \
             told from the name are made up), with the Downloader the test handed you, as it is",
        );
    }
    q.expect_within(
        window,
        "every download must run inside the call: await them all before you return",
    )
    .expect_max_concurrency_at_most(limit, LIMIT_HINT)
    .expect_max_concurrency_at_least(
        limit,
        "use all `limit` permits: build every request's future and await them together \
         (join_all), letting the semaphore hold back the rest, rather than awaiting them in \
         turn",
    );
}

#[track_caller]
fn expect_total(q: &Query, expected: Duration) {
    q.expect(
        q.total() == expected,
        &format!(
            "the run took {}, expected exactly {}",
            fmt_duration(q.total()),
            fmt_duration(expected)
        ),
        KEEP_BUSY,
    );
}

/// Expects the whole result, in input order, and says so when it is the finishing order.
#[track_caller]
fn expect_input_order(q: &Query, key: &AnswerKey, got: &[String], names: &[&str]) {
    let expected: Vec<String> = names.iter().map(|n| key.content(n)).collect();
    let finished: Vec<String> = q.end_order().iter().map(|n| key.content(n)).collect();
    let made_up: Vec<&String> = got.iter().filter(|c| !expected.contains(c)).collect();
    q.expect(
        made_up.is_empty(),
        &format!(
            "{} of the {} results are not what any download returned, such as {:?}",
            made_up.len(),
            got.len(),
            made_up.first().map(|c| c.as_str()).unwrap_or_default()
        ),
        "return what each download returned (the test's Downloader is sealed), not text of \
         your own: contents told from the file's name are made up, even when the download \
         ran under its permit",
    );
    let problem = if got == finished {
        format!(
            "download_all returned the results in the order they finished, {}, not in the \
             order of the requests, {}",
            show(got),
            show(&expected)
        )
    } else {
        format!(
            "download_all returned {}, expected {}, in the order of the requests",
            show(got),
            show(&expected)
        )
    };
    q.expect(
        got == expected,
        &problem,
        "like asyncio.gather, join_all keeps each result in its request's slot; \
         buffer_unordered, a JoinSet or sorting the strings do not",
    );
}

/// Moments, before the last download started, when fewer than `limit` were running:
/// a permit sat idle while a request was still waiting.
fn idle_moments(q: &Query, limit: usize) -> Vec<Duration> {
    let last_start = q.spans().iter().map(|s| s.start).max().unwrap_or_default();
    let mut events: Vec<(Duration, i64)> = q
        .spans()
        .iter()
        .flat_map(|s| [(s.start, 1), (s.end, -1)])
        .collect();
    events.sort();
    let mut running = 0;
    let mut idle = Vec::new();
    for (i, &(at, delta)) in events.iter().enumerate() {
        running += delta;
        let last_at_this_instant = events.get(i + 1).is_none_or(|next| next.0 != at);
        if last_at_this_instant && at < last_start && running < limit as i64 {
            idle.push(at);
        }
    }
    idle
}

/// How long requests of these `lengths` take when each, in order, gets the first permit to
/// come free: what a semaphore does.
fn permits_kept_busy(lengths: &[Duration], limit: usize) -> Duration {
    let mut free_at = vec![Duration::ZERO; limit];
    for &length in lengths {
        let first_free = free_at.iter_mut().min().expect("limit > 0");
        *first_free += length;
    }
    free_at.into_iter().max().unwrap_or_default()
}

/// Runs `body` as `#[tokio::test(start_paused = true)]` would, under a deadline on the paused
/// clock (a deadlock) and one on the real clock (a loop that never waits keeps the paused clock
/// from moving): see `toolkit::watchdog::paused`.
fn paused<F: Future<Output = ()>>(body: impl FnOnce() -> F + Send + 'static) {
    toolkit::watchdog::paused(DEFAULT_LIMIT, SPUN, LIMIT, HANG, body)
}

#[test]
fn two_thousand_requests_with_a_limit_of_fifty() {
    paused(|| async {
        let timeline = Timeline::tokio();
        let (downloader, key) = Downloader::new(&timeline, TEN_MS).sealed();
        let names = names(2000);
        let names = refs(&names);
        let (contents, window) = run(&timeline, &downloader, &names, 50).await;

        let q = timeline.query();
        expect_limited(&timeline, &q, &window, &names, 50, |_| TEN_MS);
        // ceil(2000 / 50) = 40 rounds of 10 ms.
        expect_total(&q, TEN_MS * 40);
        expect_input_order(&q, &key, &contents, &names);
    });
}

#[test]
fn a_limit_that_does_not_divide_evenly() {
    paused(|| async {
        let timeline = Timeline::tokio();
        let (downloader, key) = Downloader::new(&timeline, TEN_MS).sealed();
        let names = names(2000);
        let names = refs(&names);
        let (contents, window) = run(&timeline, &downloader, &names, 7).await;

        let q = timeline.query();
        expect_limited(&timeline, &q, &window, &names, 7, |_| TEN_MS);
        // ceil(2000 / 7) = 286 rounds: 285 full ones, and a last one with 5 requests.
        expect_total(&q, TEN_MS * 286);
        expect_input_order(&q, &key, &contents, &names);
    });
}

#[test]
fn a_slow_request_does_not_hold_the_others_back() {
    paused(|| async {
        let s = Duration::from_secs;
        let names = ["A", "B", "C", "D", "E"];
        // Each request in turn is the slow one (4 s; the others take 1 s). With 2 permits,
        // the slow one holds a permit for 4 s while the others take turns on the other one.
        // Batches of 2 would wait for the slow one before starting the next pair.
        for slow in names {
            let lengths = names.map(|n| if n == slow { s(4) } else { s(1) });
            let timeline = Timeline::tokio();
            let (downloader, key) = Downloader::new(&timeline, s(1))
                .with_duration(slow, s(4))
                .sealed();
            let (contents, window) = run(&timeline, &downloader, &names, 2).await;

            let q = timeline.query();
            let length = |name: &str| if name == slow { s(4) } else { s(1) };
            expect_limited(&timeline, &q, &window, &names, 2, length);
            let idle = idle_moments(&q, 2);
            q.expect(
                idle.is_empty(),
                &format!(
                    "with {slow} slow, a permit sat idle at {} while requests were waiting",
                    idle.first().map(|t| fmt_duration(*t)).unwrap_or_default()
                ),
                KEEP_BUSY,
            );
            expect_total(&q, permits_kept_busy(&lengths, 2));
            expect_input_order(&q, &key, &contents, &names);
        }
    });
}

#[test]
fn a_ten_minute_request_is_waited_for() {
    paused(|| async {
        // One request takes ten minutes (paused time: the test takes none): no limit of its
        // own on a request's time, a timeout "so that one hung server cannot hang the batch",
        // may cut it short. Only the caller decides how long to wait.
        let s = Duration::from_secs;
        let names = ["A", "Huge", "C", "D"];
        let timeline = Timeline::tokio();
        let (downloader, key) = Downloader::new(&timeline, s(1))
            .with_duration("Huge", s(600))
            .sealed();
        let (contents, window) = run(&timeline, &downloader, &names, 2).await;
        let q = timeline.query();
        let length = |name: &str| if name == "Huge" { s(600) } else { s(1) };
        expect_limited(&timeline, &q, &window, &names, 2, length);
        expect_input_order(&q, &key, &contents, &names);
    });
}

#[test]
fn uneven_requests_keep_every_permit_busy_and_come_back_in_order() {
    paused(|| async {
        let timeline = Timeline::tokio();
        // 2,000 requests of 10 to 50 ms, so they finish in another order than they started.
        let names = names(2000);
        let names = refs(&names);
        let mut downloader = Downloader::new(&timeline, TEN_MS);
        for (i, name) in names.iter().enumerate() {
            downloader = downloader.with_duration(name, TEN_MS * (i as u32 * 7 % 5 + 1));
        }
        let (downloader, key) = downloader.sealed();
        let (contents, window) = run(&timeline, &downloader, &names, 50).await;

        let q = timeline.query();
        let length = |name: &str| {
            let i = names.iter().position(|n| *n == name).unwrap_or_default() as u32;
            TEN_MS * (i * 7 % 5 + 1)
        };
        expect_limited(&timeline, &q, &window, &names, 50, length);
        let idle = idle_moments(&q, 50);
        q.expect(
            idle.is_empty(),
            &format!(
                "fewer than 50 ran while requests were still waiting, {} times (first at {})",
                idle.len(),
                idle.first().map(|t| fmt_duration(*t)).unwrap_or_default()
            ),
            KEEP_BUSY,
        );
        expect_input_order(&q, &key, &contents, &names);
    });
}

#[test]
fn each_call_has_its_own_limit_even_two_at_once() {
    paused(|| async {
        // Two callers at the same time, each with its own limit (two clients of two
        // servers): each call's own downloads reach its own limit, whatever the other does,
        // and a later call with another limit gets that limit. Then two calls with the same
        // limit: a Semaphore kept per limit value and shared by both halves it.
        for (limit_a, limit_b) in [(3, 5), (4, 4)] {
            let timeline = Timeline::tokio();
            let (downloader, key) = Downloader::new(&timeline, TEN_MS).sealed();
            let a = names(60)
                .into_iter()
                .map(|n| format!("A{n}"))
                .collect::<Vec<_>>();
            let b = names(60)
                .into_iter()
                .map(|n| format!("B{n}"))
                .collect::<Vec<_>>();
            let (a, b) = (refs(&a), refs(&b));
            let start = timeline.now();
            let ((got_a, _), (got_b, _)) = tokio::join!(
                run(&timeline, &downloader, &a, limit_a),
                run(&timeline, &downloader, &b, limit_b)
            );
            let window = start..timeline.now();

            let q = timeline.query();
            for (prefix, names, limit, got) in
                [("A", &a, limit_a, &got_a), ("B", &b, limit_b, &got_b)]
            {
                let mine = q.labelled(prefix);
                let peak = mine.max_concurrency();
                // (No downloads at all is named by expect_limited, below.)
                q.expect(
                    peak == limit || mine.is_empty(),
                    &format!(
                        "two calls ran at once, one with a limit of {limit_a} and one with \
                         {limit_b}: the call with {limit} had {peak} of its own downloads at \
                         once at the peak"
                    ),
                    "make the Semaphore inside download_all, with this call's `limit`, each \
                     time it is called: one made once and kept (a static, a thread_local, a \
                     OnceLock, one per limit value) is shared by every call, even two at once",
                );
                expect_limited(&timeline, &mine, &window, names, limit, |_| TEN_MS);
                // ceil(60 / limit) rounds of 10 ms, counted from the start of both calls.
                let rounds = 60usize.div_ceil(limit) as u32;
                mine.expect(
                    mine.spans().iter().map(|s| s.end).max() == Some(start + TEN_MS * rounds),
                    &format!(
                        "the call with a limit of {limit} finished its 60 requests at {}, \
                         expected exactly {}",
                        fmt_duration(
                            mine.spans()
                                .iter()
                                .map(|s| s.end)
                                .max()
                                .unwrap_or_default()
                                .saturating_sub(start)
                        ),
                        fmt_duration(TEN_MS * rounds)
                    ),
                    &format!(
                        "{KEEP_BUSY}. Two calls at once each need a Semaphore of their own, \
                         made inside download_all: one kept and shared (a static, a \
                         thread_local, one per limit value) splits its permits between them"
                    ),
                );
                expect_input_order(&mine, &key, got, names);
            }
        }

        // The same thread, later, with yet another limit.
        let timeline = Timeline::tokio();
        let (downloader, key) = Downloader::new(&timeline, TEN_MS).sealed();
        let c = names(40);
        let c = refs(&c);
        let (got_c, window) = run(&timeline, &downloader, &c, 8).await;
        let q = timeline.query();
        let peak = q.max_concurrency();
        q.expect(
            peak == 8 || q.is_empty(),
            &format!(
                "after two calls with limits of 3 and 5, a call with a limit of 8 had {peak} \
                 downloads at once at the peak"
            ),
            "make the Semaphore inside download_all, with this call's `limit`, each time it \
             is called: one made once and kept (a static, a thread_local, a OnceLock) has the \
             first call's limit and is shared by every call, even two at once",
        );
        expect_limited(&timeline, &q, &window, &c, 8, |_| TEN_MS);
        expect_total(&q, TEN_MS * 5);
        expect_input_order(&q, &key, &got_c, &c);
    });
}

#[test]
fn no_requests_means_no_downloads() {
    paused(|| async {
        let timeline = Timeline::tokio();
        let downloader = Downloader::new(&timeline, TEN_MS);
        let (contents, _) = run(&timeline, &downloader, &[], 4).await;
        let q = timeline.query_all();
        q.expect(
            contents.is_empty() && q.is_empty(),
            &format!("with no requests, download_all returned {contents:?}"),
            "no requests: return an empty Vec, and download nothing",
        );
    });
}
