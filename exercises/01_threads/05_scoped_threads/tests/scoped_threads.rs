//! Checks `scoped_threads::download_into`: every slot holds its own file's contents when the
//! function returns, and — from the timeline — each file was downloaded on its own thread,
//! all at the same time.

use scoped_threads::download_into;
use std::time::Duration;
use toolkit::Timeline;
use toolkit::io::{Downloader, content};
use toolkit::watchdog::watchdog;

/// The tutorial's 2 s download, scaled down so the tests stay fast.
const DOWNLOAD: Duration = Duration::from_millis(100);
/// Longest a test may run before the watchdog stops it.
const LIMIT: Duration = Duration::from_secs(10);
const HANG: &str = "thread::scope returns only when every thread spawned in it has ended: \
                    is one of them stuck?";

/// Runs `download_into(files)` under the watchdog with fresh, empty slots.
fn run(files: &'static [&'static str]) -> (Vec<String>, Downloader) {
    let downloader = Downloader::new(Timeline::new(), DOWNLOAD);
    let d = downloader.clone();
    let results = watchdog(LIMIT, HANG, move || {
        let mut results = vec![String::new(); files.len()];
        download_into(&d, files, &mut results);
        results
    });
    (results, downloader)
}

#[test]
fn each_slot_gets_its_own_file() {
    let (results, _) = run(&["C", "A", "B"]);
    assert_eq!(
        results,
        [content("C"), content("A"), content("B")],
        "results[i] must hold the contents of files[i] once download_into returns"
    );
}

#[test]
fn the_downloads_overlap_on_their_own_threads() {
    let (_, downloader) = run(&["A", "B", "C"]);
    downloader
        .timeline()
        .query()
        .expect_count(3, "download each file exactly once")
        .expect_threads_at_least(3, "spawn one scoped thread per file: s.spawn(...)")
        .expect_all_overlap(
            "did you join each thread right after spawning it? Inside thread::scope you \
             need no join at all: the scope joins every thread when it ends",
        )
        .expect_speedup_at_least(1.8, "three waits at once should take about one wait");
}

#[test]
fn twelve_files_take_about_as_long_as_one() {
    const FILES: [&str; 12] = [
        "F0", "F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9", "F10", "F11",
    ];
    let (results, downloader) = run(&FILES);
    let expected: Vec<String> = FILES.iter().map(|f| content(f)).collect();
    assert_eq!(results, expected);
    downloader
        .timeline()
        .query()
        .expect_all_overlap("start every scoped thread before any of them is joined")
        .expect_speedup_at_least(5.0, "twelve waits at once should take far less than twelve");
}
