//! Checks `gather` and the tutorial's `main`: the outputs come back in input order, and the
//! downloads really ran at the same time, on one thread, in exactly one download's worth of
//! (virtual) time.
//!
//! `start_paused = true` runs tokio on a virtual clock: a 2 s download takes no real time,
//! and durations are exact, so the tests can say "exactly 2 s".

use gather::{download_file, gather, main};
use std::time::Duration;
use toolkit::Timeline;
use toolkit::io::Downloader;
use toolkit::watchdog::within;

const TWO_SECONDS: Duration = Duration::from_secs(2);
const HANG: &str = "gathered, these downloads take at most 3 s in all: are they awaited one \
                    by one, or waiting on something that never happens?";

#[tokio::test(start_paused = true)]
async fn main_downloads_the_three_files_at_once_in_two_seconds() {
    within(Duration::from_secs(10), HANG, async {
        let timeline = Timeline::tokio();
        let downloader = Downloader::new(timeline.clone(), TWO_SECONDS);
        let contents = main(&downloader).await;

        assert_eq!(
            contents,
            [
                "contents of File-0",
                "contents of File-1",
                "contents of File-2"
            ]
        );
        let q = timeline.query();
        q.expect_count(3, "download each file exactly once, with download_file")
            .expect_all_overlap(
                "did you `.await` each task before starting the next? \
                 Await them all together (join_all).",
            )
            .expect_one_thread("asyncio runs on one thread: no std::thread::spawn needed");
        let problem = format!(
            "the three downloads took {:?} in all, expected exactly {TWO_SECONDS:?}",
            q.total()
        );
        q.expect(
            q.total() == TWO_SECONDS,
            &problem,
            "gathered downloads wait together: three 2 s waits take 2 s",
        );
    })
    .await;
}

#[tokio::test(start_paused = true)]
async fn outputs_come_in_the_order_of_the_tasks_not_the_order_they_finished() {
    within(Duration::from_secs(10), HANG, async {
        let timeline = Timeline::tokio();
        let slow = Downloader::new(timeline.clone(), Duration::from_secs(3));
        let fast = Downloader::new(timeline.clone(), Duration::from_secs(1));
        let medium = Downloader::new(timeline.clone(), Duration::from_secs(2));
        let tasks = vec![
            slow.fetch("File-0"),
            fast.fetch("File-1"),
            medium.fetch("File-2"),
        ];
        let contents = gather(tasks).await;

        let q = timeline.query();
        assert_eq!(q.end_order(), ["File-1", "File-2", "File-0"]);
        q.expect(
            contents
                == [
                    "contents of File-0",
                    "contents of File-1",
                    "contents of File-2",
                ],
            &format!("gather returned {contents:?}"),
            "like asyncio.gather, return each output in its task's slot, \
             not in the order they finished",
        );
        assert_eq!(q.total(), Duration::from_secs(3), "as long as the slowest");
    })
    .await;
}

#[tokio::test(start_paused = true)]
async fn a_hundred_downloads_still_take_two_seconds() {
    within(Duration::from_secs(10), HANG, async {
        let timeline = Timeline::tokio();
        let downloader = Downloader::new(timeline.clone(), TWO_SECONDS);
        let names: Vec<String> = (0..100).map(|i| format!("File-{i}")).collect();
        let tasks = names
            .iter()
            .map(|name| download_file(&downloader, name))
            .collect();
        let contents = gather(tasks).await;

        assert_eq!(contents.len(), 100);
        assert_eq!(contents[42], "contents of File-42");
        let q = timeline.query();
        q.expect_count(100, "gather every task exactly once")
            .expect_max_concurrency_at_least(100, "start every task before awaiting any");
        assert_eq!(
            q.total(),
            TWO_SECONDS,
            "100 gathered downloads take one's time"
        );
    })
    .await;
}

#[tokio::test(start_paused = true)]
async fn no_tasks_means_no_outputs() {
    within(Duration::from_secs(10), HANG, async {
        let timeline = Timeline::tokio();
        let downloader = Downloader::new(timeline.clone(), TWO_SECONDS);
        let names: [&str; 0] = [];
        let tasks = names
            .iter()
            .map(|name| download_file(&downloader, name))
            .collect();
        assert!(gather(tasks).await.is_empty());
        assert!(timeline.is_empty());
    })
    .await;
}
