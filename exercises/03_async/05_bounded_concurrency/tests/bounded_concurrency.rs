//! Checks `download_all`: every result comes back in input order, never more than `limit`
//! downloads run at once, and a freed permit is used at once — so 2,000 requests with a limit
//! of N take exactly ceil(2000 / N) download times, and a slow request never holds the others
//! back the way fixed-size batches ("chunks") do.
//!
//! Virtual time (`start_paused = true`): 2,000 downloads of 10 ms each run in no real time,
//! and every total is exact.

use bounded_concurrency::download_all;
use std::time::Duration;
use toolkit::Timeline;
use toolkit::timeline::query::Query;
use toolkit::watchdog::within;

const HANG: &str = "is a permit never given back (a forgotten guard, a closed semaphore)?";
const LIMIT_HINT: &str = "acquire a permit from a tokio::sync::Semaphore of `limit` permits \
                          before each download, and hold it until the download is done";
const TEN_MS: Duration = Duration::from_millis(10);

fn requests(n: usize, each: Duration) -> Vec<(String, Duration)> {
    (0..n).map(|i| (format!("File-{i}"), each)).collect()
}

/// Expects exactly `limit` at once at the peak, never more, and exactly `expected` in all.
#[track_caller]
fn expect_limited(q: &Query, limit: usize, expected: Duration) {
    q.expect_max_concurrency_at_most(limit, LIMIT_HINT)
        .expect_max_concurrency_at_least(limit, "use all `limit` permits, not fewer");
    q.expect(
        q.total() == expected,
        &format!(
            "the run took {:?}, expected exactly {expected:?}",
            q.total()
        ),
        "when a download ends, its permit should start the next waiting request at once",
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

#[tokio::test(start_paused = true)]
async fn two_thousand_requests_with_a_limit_of_fifty() {
    within(Duration::from_secs(10), HANG, async {
        let timeline = Timeline::tokio();
        let requests = requests(2000, TEN_MS);
        let contents = download_all(&timeline, &requests, 50).await;

        assert_eq!(contents.len(), 2000);
        assert_eq!(contents[0], "contents of File-0");
        assert_eq!(
            contents[1999], "contents of File-1999",
            "results in input order"
        );
        let q = timeline.query();
        q.expect_count(2000, "download every request once");
        // ceil(2000 / 50) = 40 rounds of 10 ms.
        expect_limited(&q, 50, TEN_MS * 40);
    })
    .await;
}

#[tokio::test(start_paused = true)]
async fn a_limit_that_does_not_divide_evenly() {
    within(Duration::from_secs(10), HANG, async {
        let timeline = Timeline::tokio();
        download_all(&timeline, &requests(2000, TEN_MS), 7).await;
        // ceil(2000 / 7) = 286 rounds: 285 full ones, and a last one with 5 requests.
        expect_limited(&timeline.query(), 7, TEN_MS * 286);
    })
    .await;
}

#[tokio::test(start_paused = true)]
async fn a_slow_request_does_not_hold_the_others_back() {
    within(Duration::from_secs(10), HANG, async {
        let timeline = Timeline::tokio();
        let s = Duration::from_secs;
        let requests = [
            ("A", s(4)),
            ("B", s(1)),
            ("C", s(1)),
            ("D", s(1)),
            ("E", s(1)),
        ]
        .map(|(name, d)| (name.to_owned(), d));
        let contents = download_all(&timeline, &requests, 2).await;
        assert_eq!(contents[4], "contents of E");

        // With 2 permits: A holds one for 4 s while B, C, D and E take turns on the other.
        // Batches of 2 would wait for A before starting C, and take 6 s.
        let q = timeline.query();
        let c_start = q.span("C").map(|c| c.start);
        q.expect(
            c_start == Some(s(1)),
            &format!("C started at {c_start:?}, expected 1s, right after B finished"),
            "don't split the requests into fixed batches: a batch waits for its slowest. \
             A semaphore lets the next request start the moment any permit is free.",
        );
        expect_limited(&q, 2, s(4));
    })
    .await;
}

#[tokio::test(start_paused = true)]
async fn uneven_requests_keep_every_permit_busy() {
    within(Duration::from_secs(10), HANG, async {
        let timeline = Timeline::tokio();
        // 2,000 requests of 10 to 50 ms.
        let requests: Vec<(String, Duration)> = (0..2000)
            .map(|i| (format!("File-{i}"), TEN_MS * (i % 5 + 1)))
            .collect();
        download_all(&timeline, &requests, 50).await;

        let q = timeline.query();
        q.expect_count(2000, "download every request once")
            .expect_max_concurrency_at_most(50, LIMIT_HINT);
        let idle = idle_moments(&q, 50);
        q.expect(
            idle.is_empty(),
            &format!(
                "fewer than 50 ran while requests were still waiting, {} times (first at {:?})",
                idle.len(),
                idle.first()
            ),
            "a finished download should hand its permit straight to the next request: \
             use a Semaphore, not fixed-size batches",
        );
    })
    .await;
}

#[tokio::test(start_paused = true)]
async fn no_requests_means_no_downloads() {
    within(Duration::from_secs(10), HANG, async {
        let timeline = Timeline::tokio();
        assert!(download_all(&timeline, &[], 4).await.is_empty());
        assert!(timeline.is_empty());
    })
    .await;
}
