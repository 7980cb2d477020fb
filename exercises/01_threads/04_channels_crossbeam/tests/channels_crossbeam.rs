//! Checks `channels_crossbeam::download_with_workers`: every file arrives once, both channels
//! close (or the watchdog stops the test), and — from the timeline — exactly `workers`
//! threads did the downloads, never more and never fewer at once.

use channels_crossbeam::download_with_workers;
use std::time::Duration;
use toolkit::Timeline;
use toolkit::io::{Downloader, content};
use toolkit::timeline::query::Query;
use toolkit::watchdog::watchdog;

/// The tutorial's 2 s download, scaled down so the tests stay fast.
const DOWNLOAD: Duration = Duration::from_millis(100);
/// Longest a test may run before the watchdog stops it.
const LIMIT: Duration = Duration::from_secs(10);
const HANG: &str = "is a Sender still alive? Workers stop only when the jobs channel is \
                    closed (drop its Sender after sending every name), and the results loop \
                    ends only when every results Sender is dropped (yours too)";
const FILES: [&str; 6] = ["A", "B", "C", "D", "E", "F"];

/// Runs `download_with_workers(FILES, workers)` under the watchdog.
fn run(workers: usize) -> (Vec<(String, String)>, Query) {
    let downloader = Downloader::new(Timeline::new(), DOWNLOAD);
    let d = downloader.clone();
    let mut results = watchdog(LIMIT, HANG, move || {
        download_with_workers(&d, &FILES, workers)
    });
    results.sort();
    (results, downloader.timeline().query())
}

fn expected() -> Vec<(String, String)> {
    FILES.iter().map(|n| (n.to_string(), content(n))).collect()
}

/// The timeline shows exactly `n` threads.
fn expect_threads(q: &Query, n: usize) {
    let t = q.threads();
    q.expect(
        t == n,
        &format!("the downloads ran on {t} threads, expected exactly {n}"),
        "spawn exactly `workers` threads, once: not one thread per file, and not just one",
    );
}

#[test]
fn every_file_arrives_exactly_once() {
    let (results, q) = run(3);
    assert_eq!(results, expected(), "one (name, contents) pair per file");
    q.expect_count(6, "each file must be downloaded exactly once");
}

#[test]
fn three_workers_download_three_at_a_time() {
    let (_, q) = run(3);
    expect_threads(&q, 3);
    q.expect_max_concurrency_at_most(3, "only the workers may download: no thread per file")
        .expect_max_concurrency_at_least(
            3,
            "the workers should download at the same time: is one holding up the others?",
        )
        .expect_speedup_at_least(2.0, "6 downloads on 3 workers take about 2 downloads' time");
}

#[test]
fn one_worker_downloads_one_at_a_time() {
    let (results, q) = run(1);
    assert_eq!(results, expected());
    expect_threads(&q, 1);
    q.expect_serial("a single worker takes the files one after another");
}

#[test]
fn more_workers_than_files_still_finishes() {
    let (results, q) = run(10);
    assert_eq!(results, expected());
    q.expect_all_overlap("with a worker per file, every download runs at once");
}
