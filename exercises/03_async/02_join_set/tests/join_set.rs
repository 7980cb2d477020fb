//! Checks `as_completed`: results arrive in the order the downloads *finished*, every
//! download ran in its own spawned task, and they all ran at once, so the whole batch takes
//! exactly as long as the slowest download (virtual time, `start_paused = true`).

use join_set::as_completed;
use std::time::Duration;
use toolkit::Timeline;
use toolkit::watchdog::within;

const HANG: &str = "is a loop still waiting on a JoinSet that never empties?";

fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

#[tokio::test(start_paused = true)]
async fn the_fastest_download_comes_back_first() {
    within(secs(10), HANG, async {
        let timeline = Timeline::tokio();
        let files = [
            ("File-0", secs(3)),
            ("File-1", secs(1)),
            ("File-2", secs(2)),
        ];
        let contents = as_completed(&timeline, &files).await;

        let q = timeline.query();
        q.expect_count(3, "download each file exactly once");
        // What the timeline saw finish first must also come back first.
        let finished: Vec<String> = q
            .end_order()
            .iter()
            .map(|name| format!("contents of {name}"))
            .collect();
        q.expect(
            contents == finished,
            &format!("results came back as {contents:?}, but they finished as {finished:?}"),
            "collect with `join_next`, which returns whichever task finished first; \
             awaiting the handles one by one gives them back in spawn order",
        );
        assert_eq!(
            contents,
            [
                "contents of File-1",
                "contents of File-2",
                "contents of File-0"
            ]
        );
    })
    .await;
}

#[tokio::test(start_paused = true)]
async fn each_download_runs_in_its_own_task_and_all_at_once() {
    within(secs(10), HANG, async {
        let timeline = Timeline::tokio();
        let files = [
            ("File-0", secs(3)),
            ("File-1", secs(1)),
            ("File-2", secs(2)),
        ];
        as_completed(&timeline, &files).await;

        let q = timeline.query();
        q.expect(
            q.tasks() == 3,
            &format!(
                "the 3 downloads ran in {} spawned task(s), expected 3",
                q.tasks()
            ),
            "spawn each download with `JoinSet::spawn`, one task per file",
        )
        .expect_all_overlap("spawn every task before you wait for any of them");
        let problem = format!("the batch took {:?}, expected exactly 3s", q.total());
        q.expect(
            q.total() == secs(3),
            &problem,
            "running at once, the batch takes as long as its slowest download",
        );
    })
    .await;
}

#[tokio::test(start_paused = true)]
async fn a_hundred_downloads_come_back_sorted_by_how_long_they_took() {
    within(secs(10), HANG, async {
        let timeline = Timeline::tokio();
        // Durations 10 ms, 20 ms, ..., 1 s, shuffled (37 and 100 share no factor, so
        // i * 37 % 100 visits every number below 100 once).
        let names: Vec<String> = (0..100).map(|i| format!("File-{i}")).collect();
        let files: Vec<(&str, Duration)> = names
            .iter()
            .enumerate()
            .map(|(i, name)| {
                (
                    name.as_str(),
                    Duration::from_millis(10 * (i as u64 * 37 % 100 + 1)),
                )
            })
            .collect();
        let contents = as_completed(&timeline, &files).await;

        let mut by_duration = files.clone();
        by_duration.sort_by_key(|&(_, d)| d);
        let expected: Vec<String> = by_duration
            .iter()
            .map(|(name, _)| format!("contents of {name}"))
            .collect();
        assert_eq!(contents, expected, "fastest first, slowest last");
        assert_eq!(
            timeline.query().total(),
            secs(1),
            "as long as the slowest download"
        );
    })
    .await;
}

#[tokio::test(start_paused = true)]
async fn no_files_means_no_tasks() {
    within(secs(10), HANG, async {
        let timeline = Timeline::tokio();
        assert!(as_completed(&timeline, &[]).await.is_empty());
        assert!(timeline.is_empty());
    })
    .await;
}
