//! Checks `fetch_with_timeout` and `fetch_until`: downloads that finish in time are returned,
//! late ones are reported, and late ones are really **cancelled** — their span on the
//! timeline ends exactly at the deadline, not when the download would have finished.
//!
//! Virtual time (`start_paused = true`) makes every instant exact. After each call the tests
//! wait 10 s more: a download that was left running in the background instead of being
//! cancelled would finish meanwhile, and show up on the timeline as running past its deadline.

use std::time::Duration;
use timeouts::{TimedOut, fetch_until, fetch_with_timeout};
use tokio::time::{Instant, sleep};
use toolkit::Timeline;
use toolkit::io::Downloader;
use toolkit::watchdog::within;

const HANG: &str = "is something waiting without a deadline?";
const LINGER: Duration = Duration::from_secs(10);

fn secs(s: f64) -> Duration {
    Duration::from_secs_f64(s)
}

/// Expects the span `name` to have ended exactly at `at` (it was cancelled then).
#[track_caller]
fn expect_cancelled_at(timeline: &Timeline, name: &str, at: Duration) {
    let q = timeline.query();
    let Some(span) = q.span(name) else {
        q.expect(
            false,
            &format!("{name} was never downloaded"),
            "start it, then cancel it",
        );
        return;
    };
    q.expect(
        span.end == at,
        &format!(
            "{name} ended at {:?}, but it should have been cancelled at {at:?}",
            span.end
        ),
        "cancel a late download by dropping its future: tokio::time::timeout does that. \
         A spawned task keeps running when you stop waiting for it.",
    );
}

#[tokio::test(start_paused = true)]
async fn a_download_that_finishes_in_time_returns_its_contents() {
    within(secs(10.0), HANG, async {
        let timeline = Timeline::tokio();
        let downloader = Downloader::new(timeline.clone(), secs(1.0));
        let got = fetch_with_timeout(&downloader, "File-0", secs(2.0)).await;
        assert_eq!(got, Ok("contents of File-0".to_owned()));
        assert_eq!(
            timeline.query().total(),
            secs(1.0),
            "no waiting for the limit"
        );
    })
    .await;
}

#[tokio::test(start_paused = true)]
async fn a_late_download_is_reported_and_cancelled_at_the_limit() {
    within(secs(20.0), HANG, async {
        let timeline = Timeline::tokio();
        let downloader = Downloader::new(timeline.clone(), secs(3.0));
        let began = Instant::now();
        let got = fetch_with_timeout(&downloader, "File-1", secs(2.0)).await;
        let waited = began.elapsed();

        let expected = TimedOut {
            name: "File-1".to_owned(),
            after: secs(2.0),
        };
        assert_eq!(got, Err(expected));
        assert_eq!(waited, secs(2.0), "the call returns at the limit");
        sleep(LINGER).await;
        expect_cancelled_at(&timeline, "File-1", secs(2.0));
    })
    .await;
}

#[tokio::test(start_paused = true)]
async fn three_timed_downloads_at_once_take_the_limit_in_all() {
    within(secs(20.0), HANG, async {
        let timeline = Timeline::tokio();
        let fast = Downloader::new(timeline.clone(), secs(1.0));
        let slow = Downloader::new(timeline.clone(), secs(3.0));
        let medium = Downloader::new(timeline.clone(), secs(2.0));
        let limit = secs(2.5);
        let got = tokio::join!(
            fetch_with_timeout(&fast, "File-0", limit),
            fetch_with_timeout(&slow, "File-1", limit),
            fetch_with_timeout(&medium, "File-2", limit),
        );
        assert_eq!(got.0.as_deref(), Ok("contents of File-0"));
        assert!(
            got.1.is_err(),
            "File-1 needs 3 s, more than the 2.5 s limit"
        );
        assert_eq!(got.2.as_deref(), Ok("contents of File-2"));
        sleep(LINGER).await;
        expect_cancelled_at(&timeline, "File-1", limit);
        timeline
            .query()
            .expect_all_overlap("the three requests run at once");
    })
    .await;
}

#[tokio::test(start_paused = true)]
async fn fetch_until_keeps_what_finished_and_cancels_the_rest_at_the_deadline() {
    within(secs(20.0), HANG, async {
        let timeline = Timeline::tokio();
        let files = [
            ("File-0", secs(1.0)),
            ("File-1", secs(3.0)),
            ("File-2", secs(2.0)),
            ("File-3", secs(5.0)),
        ];
        let began = Instant::now();
        let got = fetch_until(&timeline, &files, secs(2.5)).await;
        let waited = began.elapsed();

        assert_eq!(
            got,
            ["contents of File-0", "contents of File-2"],
            "the ones done by 2.5 s, in the order they finished"
        );
        sleep(LINGER).await;
        let q = timeline.query();
        q.expect_count(4, "start every download once")
            .expect_all_overlap("start all the downloads before waiting on any");
        assert_eq!(waited, secs(2.5), "fetch_until returns at the deadline");
        expect_cancelled_at(&timeline, "File-1", secs(2.5));
        expect_cancelled_at(&timeline, "File-3", secs(2.5));
    })
    .await;
}

#[tokio::test(start_paused = true)]
async fn fetch_until_returns_early_when_everything_is_done() {
    within(secs(10.0), HANG, async {
        let timeline = Timeline::tokio();
        let files = [("File-0", secs(1.0)), ("File-1", secs(2.0))];
        let began = Instant::now();
        let got = fetch_until(&timeline, &files, secs(9.0)).await;
        assert_eq!(got, ["contents of File-0", "contents of File-1"]);
        let waited = began.elapsed();
        assert_eq!(
            waited,
            secs(2.0),
            "all done after 2 s: no reason to sit out the 9 s deadline \
             (when the next download is `None`, none is left: stop there)"
        );
    })
    .await;
}
