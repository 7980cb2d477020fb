//! Checks `spawn_join::download_all`: the right contents in input order, and — from the
//! timeline — that every file was downloaded on its own thread, all at the same time.

use spawn_join::download_all;
use std::time::Duration;
use toolkit::Timeline;
use toolkit::io::{Downloader, content};
use toolkit::watchdog::watchdog;

/// The tutorial's 2 s download, scaled down so the tests stay fast.
const DOWNLOAD: Duration = Duration::from_millis(100);
/// Longest a test may run before the watchdog stops it.
const LIMIT: Duration = Duration::from_secs(10);
const HANG: &str = "join() waits until its thread ends: is a thread stuck?";

/// Runs `download_all(files)` under the watchdog; returns the results and the downloader.
fn run(files: &'static [&'static str]) -> (Vec<String>, Downloader) {
    let downloader = Downloader::new(Timeline::new(), DOWNLOAD);
    let d = downloader.clone();
    let results = watchdog(LIMIT, HANG, move || download_all(&d, files));
    (results, downloader)
}

#[test]
fn returns_the_contents_in_input_order() {
    let (results, _) = run(&["C", "A", "B"]);
    assert_eq!(
        results,
        [content("C"), content("A"), content("B")],
        "results must come back in the order the files were given"
    );
}

#[test]
fn no_files_no_threads() {
    let (results, downloader) = run(&[]);
    assert!(results.is_empty());
    assert!(downloader.timeline().is_empty());
}

#[test]
fn the_three_downloads_overlap() {
    let (_, downloader) = run(&["A", "B", "C"]);
    downloader
        .timeline()
        .query()
        .expect_count(
            3,
            "download each file exactly once, with downloader.download(name)",
        )
        .expect_threads_at_least(3, "start one thread per file with std::thread::spawn")
        .expect_all_overlap(
            "did you join each thread right after spawning it? Spawn them all first, \
             then join them all in a second loop",
        )
        .expect_speedup_at_least(1.8, "three waits at once should take about one wait");
}

#[test]
fn ten_files_take_about_as_long_as_one() {
    const FILES: [&str; 10] = ["F0", "F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9"];
    let (results, downloader) = run(&FILES);
    let expected: Vec<String> = FILES.iter().map(|f| content(f)).collect();
    assert_eq!(results, expected, "results must keep the input order");
    downloader
        .timeline()
        .query()
        .expect_count(10, "download each file exactly once")
        .expect_threads_at_least(10, "one thread per file")
        .expect_all_overlap("start every thread before you join the first one")
        .expect_speedup_at_least(4.0, "ten waits at once should take far less than ten waits");
}
