//! Checks `shared_state::download_all`: the shared progress adds up exactly (no update is
//! lost, even when dozens of threads finish at once) and — from the timeline — the downloads
//! overlapped, so the lock was not held while waiting.

use shared_state::{Progress, download_all};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use toolkit::Timeline;
use toolkit::io::{Downloader, content};
use toolkit::watchdog::watchdog;

/// The tutorial's 2 s download, scaled down so the tests stay fast.
const DOWNLOAD: Duration = Duration::from_millis(100);
/// Longest a test may run before the watchdog stops it.
const LIMIT: Duration = Duration::from_secs(10);
const HANG: &str = "is a lock still held? A thread waiting for a Mutex its owner never \
                    releases waits forever";

/// Runs `download_all(names)`, each download taking `each`, under the watchdog; returns the final progress and the
/// downloader whose timeline recorded the run.
fn run(names: Vec<String>, each: Duration) -> (Progress, Downloader) {
    let downloader = Downloader::new(Timeline::new(), each);
    let progress = Arc::new(Mutex::new(Progress::default()));
    let (d, p) = (downloader.clone(), Arc::clone(&progress));
    watchdog(LIMIT, HANG, move || {
        let files: Vec<&str> = names.iter().map(String::as_str).collect();
        download_all(&d, &files, p);
    });
    let done = progress
        .lock()
        .expect("a thread panicked holding the lock")
        .clone();
    (done, downloader)
}

/// What the progress must say once `names` are all downloaded.
fn expected(names: &[String]) -> Progress {
    Progress {
        files: names.len(),
        bytes: names.iter().map(|n| content(n).len()).sum(),
    }
}

#[test]
fn progress_counts_every_file_and_byte() {
    let names: Vec<String> = ["A", "B", "C"].map(String::from).to_vec();
    let (progress, _) = run(names.clone(), DOWNLOAD);
    assert_eq!(
        progress,
        expected(&names),
        "every thread adds its file to the progress"
    );
}

#[test]
fn the_lock_is_not_held_while_downloading() {
    let (_, downloader) = run(["A", "B", "C"].map(String::from).to_vec(), DOWNLOAD);
    downloader
        .timeline()
        .query()
        .expect_count(3, "download each file exactly once")
        .expect_threads_at_least(3, "start one thread per file")
        .expect_all_overlap(
            "is a lock still held while downloading? Lock the Mutex only for the update, \
             after the download has returned",
        )
        .expect_speedup_at_least(1.8, "three waits at once should take about one wait");
}

#[test]
fn no_update_is_lost_when_many_threads_finish_together() {
    // 64 short downloads that all end at nearly the same instant: their updates collide.
    let names: Vec<String> = (0..64).map(|i| format!("file-{i:02}")).collect();
    let (progress, downloader) = run(names.clone(), Duration::from_millis(30));
    assert_eq!(
        progress,
        expected(&names),
        "updates were lost: did you read the progress under one lock and write it back under \
         another, with `add` in between? Do the whole read-modify-write while holding one guard"
    );
    downloader
        .timeline()
        .query()
        .expect_count(64, "download each file exactly once")
        .expect_speedup_at_least(4.0, "the downloads should overlap, not take turns");
}
