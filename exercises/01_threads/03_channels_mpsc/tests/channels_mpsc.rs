//! Checks `channels_mpsc`: `start_downloads` returns before the downloads finish, every
//! result arrives over the channel, the channel closes once the last thread is done (or the
//! watchdog stops the test), and — from the timeline — the downloads overlapped.

use channels_mpsc::{download_all, start_downloads};
use std::time::Duration;
use toolkit::Timeline;
use toolkit::io::{Downloader, content};
use toolkit::watchdog::watchdog;

/// The tutorial's 2 s download, scaled down so the tests stay fast.
const DOWNLOAD: Duration = Duration::from_millis(100);
/// Longest a test may run before the watchdog stops it.
const LIMIT: Duration = Duration::from_secs(10);
const HANG: &str = "a loop over a Receiver ends only when every Sender is dropped: is a \
                    Sender still alive? (the first `tx` you created, perhaps?)";

fn downloader() -> Downloader {
    Downloader::new(Timeline::new(), DOWNLOAD)
}

/// The results sorted by name, so they can be compared whatever order they arrived in.
fn sorted(mut results: Vec<(String, String)>) -> Vec<(String, String)> {
    results.sort();
    results
}

fn expected(names: &[&str]) -> Vec<(String, String)> {
    sorted(names.iter().map(|n| (n.to_string(), content(n))).collect())
}

#[test]
fn start_downloads_returns_before_the_downloads_finish() {
    let downloader = downloader();
    let d = downloader.clone();
    let finished_before_return = watchdog(LIMIT, HANG, move || {
        let rx = start_downloads(&d, &["A", "B", "C"]);
        // A download is recorded when it ends: count how many had ended by now.
        let finished = d.timeline().len();
        drop(rx);
        finished
    });
    assert!(
        finished_before_return < 3,
        "start_downloads waited for the downloads to finish ({finished_before_return} of 3 \
         had ended): spawn the threads and return the receiver right away; do not join \
         them or receive here"
    );
}

#[test]
fn the_receiver_gets_every_result_then_the_channel_closes() {
    let downloader = downloader();
    let d = downloader.clone();
    let received = watchdog(LIMIT, HANG, move || {
        start_downloads(&d, &["A", "B", "C"])
            .iter()
            .collect::<Vec<_>>()
    });
    assert_eq!(sorted(received), expected(&["A", "B", "C"]));
    downloader
        .timeline()
        .query()
        .expect_count(3, "download each file exactly once")
        .expect_threads_at_least(3, "start one thread per file")
        .expect_all_overlap("spawn every thread before waiting for any result")
        .expect_speedup_at_least(1.8, "three waits at once should take about one wait");
}

#[test]
fn download_all_collects_every_result_as_it_arrives() {
    const FILES: [&str; 8] = ["F0", "F1", "F2", "F3", "F4", "F5", "F6", "F7"];
    let downloader = downloader();
    let d = downloader.clone();
    let results = watchdog(LIMIT, HANG, move || download_all(&d, &FILES));
    assert_eq!(
        sorted(results),
        expected(&FILES),
        "one (name, contents) pair per file"
    );
    downloader
        .timeline()
        .query()
        .expect_count(8, "download each file exactly once")
        .expect_all_overlap("spawn every thread before waiting for any result")
        .expect_speedup_at_least(3.0, "eight waits at once should take far less than eight");
}

#[test]
fn no_files_closes_the_channel_at_once() {
    let results = watchdog(LIMIT, HANG, move || download_all(&downloader(), &[]));
    assert!(results.is_empty());
}
