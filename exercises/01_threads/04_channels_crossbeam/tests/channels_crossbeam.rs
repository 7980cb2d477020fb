//! Checks `channels_crossbeam::download_with_workers`: every file arrives once, in the order
//! it arrived, both channels close (or the watchdog stops the test and asks which `Sender` is
//! still alive), and — from the timeline — exactly `workers` downloads ran at once, on no
//! more than `workers` threads, taking the files from ONE shared queue: while one worker is
//! stuck on a slow download, the free workers take all the rest.
//!
//! Only the downloader's own spans count as evidence. Files take different times, so
//! private queues (files dealt out to each worker in advance) and batches show.

use channels_crossbeam::download_with_workers;
use std::ops::Range;
use std::time::Duration;
use toolkit::format::fmt_duration;
use toolkit::io::{Downloader, content};
use toolkit::timeline::query::Query;
use toolkit::watchdog::watchdog;
use toolkit::{Runner, Timeline};

/// The tutorial's 2 s download, scaled down so the tests stay fast.
const DOWNLOAD: Duration = Duration::from_millis(100);
/// How long after the last download ended `download_with_workers` may take to return
/// (threads waking, under load). The results loop ends as soon as the last worker's Sender
/// is gone; a fixed wait does not, and the tests' longest runs differ fivefold, so no
/// guessed wait fits them all.
const CLOSE_SLACK: Duration = Duration::from_millis(300);
/// Longest a test may run before the watchdog stops it.
const LIMIT: Duration = Duration::from_secs(10);
const HANG: &str = "is a Sender still alive? Workers stop only when the jobs channel is \
                    closed: drop(jobs_tx) after sending every name. The results loop ends only \
                    when every results Sender is dropped, yours too: drop(results_tx) before \
                    collecting. Or is a send() stuck on a full bounded channel? A bounded(n) \
                    jobs channel filled before the workers start, or a bounded results channel \
                    nobody reads while you join the workers, waits forever: start the workers \
                    first and collect before joining, or use unbounded()";
/// Two results arriving closer together than this may have been sent in either order.
const TIE: Duration = Duration::from_millis(30);
const FILES: [&str; 8] = ["A", "B", "C", "D", "E", "F", "G", "H"];

type Pairs = Vec<(String, String)>;

/// One call of `download_with_workers`, as the test saw it.
struct Run {
    files: Vec<String>,
    workers: usize,
    results: Pairs,
    timeline: Timeline,
    /// From just before the call to just after it returned, on the timeline's clock.
    window: Range<Duration>,
    /// The thread that called `download_with_workers`.
    caller: Runner,
    /// How many downloads had ended when the call returned (a span is recorded at its end).
    ended_at_return: usize,
}

/// Calls `download_with_workers(files, workers)` under the watchdog; every download takes
/// [`DOWNLOAD`] except the files in `slower`. Afterwards, gives downloads the call left
/// running time to end, so that they show up on the timeline and can be blamed.
fn run(files: &[&str], workers: usize, slower: &[(&str, Duration)]) -> Run {
    let timeline = Timeline::new();
    let mut downloader = Downloader::new(&timeline, DOWNLOAD);
    let mut longest = DOWNLOAD;
    for &(name, duration) in slower {
        downloader = downloader.with_duration(name, duration);
        longest = longest.max(duration);
    }
    let names: Vec<String> = files.iter().map(|f| f.to_string()).collect();
    let (t, given) = (timeline.clone(), names.clone());
    let (results, window, caller, ended_at_return) = watchdog(LIMIT, HANG, move || {
        let files: Vec<&str> = given.iter().map(String::as_str).collect();
        let caller = Runner::current();
        let start = t.now();
        let results = download_with_workers(&downloader, &files, workers);
        let end = t.now();
        (results, start..end, caller, t.query().len())
    });
    let deadline = window.end + longest * 3 + Duration::from_millis(500);
    while timeline.query().len() < files.len() && timeline.now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    Run {
        files: names,
        workers,
        results,
        timeline,
        window,
        caller,
        ended_at_return,
    }
}

/// Fewer downloads than workers ran at once: every thread that downloaded was busy at the
/// peak (fewer workers were started than asked for), or they took turns (a lock held).
fn too_few_at_once_hint(q: &Query) -> &'static str {
    let (at_once, threads) = (q.max_concurrency(), q.threads());
    if at_once > 1 && threads == at_once {
        "fewer workers downloaded than the call asked for: every thread that downloaded was \
         busy at the peak. Spawn exactly `workers` threads — not one per core, not capped at a \
         number of your own: the caller picks the count"
    } else {
        "spawn exactly `workers` threads, and let them download at the same time: is one of \
         them holding up the others (a lock held while downloading)?"
    }
}

impl Run {
    /// Every check, in the order that blames the real cause first.
    #[track_caller]
    fn expect_correct(&self) {
        let q = self.timeline.query();
        self.expect_everything_received(&q);
        self.expect_one_download_per_file(&q);
        self.expect_one_pair_per_file(&q);
        self.expect_arrival_order(&q);
        self.expect_exactly_the_workers(&q);
    }

    /// The call returned only once every download had ended, and did them all itself.
    #[track_caller]
    fn expect_everything_received(&self, q: &Query) {
        let late = q.len().saturating_sub(self.ended_at_return);
        q.expect(
            late == 0,
            &format!(
                "download_with_workers returned before every download had finished: {late} of \
                 {} were still running when it returned (at {})",
                q.len(),
                fmt_duration(self.window.end)
            ),
            "collect from the results Receiver until it closes (results_rx.iter()), after \
             dropping your own results Sender",
        );
        q.expect_within(
            &self.window,
            "every download must happen inside the call, and its result be received there",
        );
        // Collecting until the results channel closes returns as soon as the last download
        // ends; a call that waits a guessed time (a sleep) and then takes what is there would
        // pass the checks above. (No download at all is blamed by the checks that follow.)
        let last_end = q.spans().iter().map(|s| s.end).max();
        let idle = last_end.map_or(Duration::ZERO, |e| self.window.end.saturating_sub(e));
        q.expect(
            idle <= CLOSE_SLACK,
            &format!(
                "download_with_workers returned {} after the last download had ended: it did \
                 not stop when the results channel closed, it waited for something else (a \
                 sleep?)",
                fmt_duration(idle)
            ),
            "collect with results_rx.iter(), which ends as soon as the last worker has dropped \
             its Sender — after you dropped yours (drop(results_tx)): not a guessed wait \
             followed by try_iter or try_recv",
        );
    }

    /// Each file was downloaded exactly once, by the downloader the test handed over.
    #[track_caller]
    fn expect_one_download_per_file(&self, q: &Query) {
        let files: Vec<&str> = self.files.iter().map(String::as_str).collect();
        q.expect_each_once(
            &files,
            "downloaded",
            "every file name goes into the jobs channel once, and the worker that takes it \
             downloads it with downloader.download_blocking(&name), using the downloader you \
             were given: contents made up with toolkit::io::content, or a Downloader of your \
             own, leave no evidence here; and download them again on every call: contents \
             kept from an earlier call (a static cache) leave none either",
        );
    }

    /// One `(name, contents)` pair per file, whatever the order.
    #[track_caller]
    fn expect_one_pair_per_file(&self, q: &Query) {
        let mut got = self.results.clone();
        got.sort();
        let mut want: Pairs = self.files.iter().map(|n| (n.clone(), content(n))).collect();
        want.sort();
        q.expect(
            got == want,
            &format!(
                "download_with_workers returned {:?}, expected one (name, contents) pair per \
                 file: {want:?}",
                self.results
            ),
            "each worker sends (name, contents) for every file it downloads",
        );
    }

    /// The pairs are in the order the downloads finished, which is the order they arrived.
    #[track_caller]
    fn expect_arrival_order(&self, q: &Query) {
        let ended = |name: &str| q.span(name).map(|s| s.end).unwrap_or_default();
        let in_order = self
            .results
            .windows(2)
            .all(|w| ended(&w[0].0) <= ended(&w[1].0) + TIE);
        let got: Vec<&str> = self.results.iter().map(|(n, _)| n.as_str()).collect();
        q.expect(
            in_order,
            &format!(
                "the results are not in the order they arrived: {got:?}, but the downloads \
                 finished in the order {:?}",
                q.end_order()
            ),
            "collect the results channel as it delivers them, and do not reorder them \
             afterwards (no sort, no input order); nor keep each worker's results in a Vec of \
             its own and chain those Vecs after joining: that orders them by worker, not by \
             arrival",
        );
    }

    /// Exactly `workers` downloads at once at the peak, on at most `workers` threads, none of
    /// them the caller's.
    #[track_caller]
    fn expect_exactly_the_workers(&self, q: &Query) {
        let n = self.workers.min(self.files.len());
        let on_caller = q
            .spans()
            .iter()
            .filter(|s| {
                s.runner.pid == self.caller.pid && s.runner.thread_id == self.caller.thread_id
            })
            .count();
        q.expect(
            on_caller == 0,
            &format!(
                "{on_caller} of {} downloads ran on the thread that called \
                 download_with_workers",
                q.len()
            ),
            "the workers download; the calling thread fills the queue and collects",
        );
        q.expect_max_concurrency_at_most(
            n,
            "only the `workers` threads this call starts may download: do not start a thread \
             per file, nor keep workers from an earlier call (a static pool) around",
        )
        .expect_max_concurrency_at_least(n, too_few_at_once_hint(q));
        let threads = q.threads();
        q.expect(
            threads <= self.workers,
            &format!(
                "the downloads ran on {threads} threads, expected at most {} workers",
                self.workers
            ),
            "spawn the `workers` threads once, each looping `for name in jobs`, not a new \
             thread per file or per batch",
        );
    }

    /// While one worker is stuck on the slow download `slow`, the other workers take every
    /// other file from the shared queue: none of them ends after `slow`.
    #[track_caller]
    fn expect_free_workers_take_the_rest(&self, slow: &str) {
        let q = self.timeline.query();
        let Some(slow_end) = q.span(slow).map(|s| s.end) else {
            return; // already blamed by expect_one_download_per_file
        };
        let held_up: Vec<&str> = q
            .spans()
            .iter()
            .filter(|s| s.label != slow && s.end > slow_end)
            .map(|s| s.label.as_str())
            .collect();
        q.expect(
            held_up.is_empty(),
            &format!(
                "{held_up:?} started only after the slow download {slow} had finished, although \
                 other workers were free"
            ),
            "do all the workers take from ONE shared queue? Dealing the files out in advance \
             — a queue or a slice per worker, or batches of `workers` — makes a file wait \
             behind a slow one while other workers sit idle. Give every worker a clone of the \
             one jobs Receiver",
        );
    }
}

#[test]
fn free_workers_take_the_rest_while_one_is_slow() {
    // A takes as long as four other files on each of two workers: with one shared queue,
    // the two free workers have done B to H before A ends.
    let run = run(&FILES, 3, &[("A", DOWNLOAD * 6)]);
    run.expect_free_workers_take_the_rest("A");
    run.expect_correct();
}

#[test]
fn free_workers_take_the_rest_while_a_file_in_the_middle_is_slow() {
    // The slow file is not the first one: D takes as long as four other files on each of
    // two workers, and the files after it must not wait behind it.
    let run = run(&FILES, 3, &[("D", DOWNLOAD * 6)]);
    run.expect_free_workers_take_the_rest("D");
    run.expect_correct();
}

#[test]
fn ten_workers_download_ten_at_a_time() {
    // More workers than a machine has cores, and more than a cap of one's own: the count
    // is the caller's.
    const MANY: [&str; 12] = [
        "F0", "F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9", "F10", "F11",
    ];
    run(&MANY, 10, &[("F0", DOWNLOAD * 2)]).expect_correct();
}

#[test]
fn three_workers_download_three_at_a_time() {
    // Uneven sizes: the results arrive in another order than the files were given.
    run(
        &FILES,
        3,
        &[
            ("A", DOWNLOAD * 3),
            ("B", DOWNLOAD * 2),
            ("D", DOWNLOAD * 2),
        ],
    )
    .expect_correct();
}

#[test]
fn a_slow_file_is_waited_for_and_no_longer() {
    // One file takes ten times the others: the call lasts as long as it, and not longer, so
    // a guessed wait long enough for this test is too long for the others.
    run(&FILES[..4], 2, &[("B", DOWNLOAD * 10)]).expect_correct();
}

#[test]
fn one_worker_downloads_one_at_a_time() {
    let run = run(&FILES[..4], 1, &[("B", DOWNLOAD / 2)]);
    run.expect_correct();
    let q = run.timeline.query();
    q.expect_serial("a single worker takes the files one after another");
    let starts: Vec<&str> = q.start_order();
    q.expect(
        starts == FILES[..4],
        &format!(
            "one worker downloaded the files in the order {starts:?}, expected {:?}",
            &FILES[..4]
        ),
        "send the names into the jobs channel in the order of `files`, and let the workers \
         take them from it: a channel is a FIFO queue, first sent, first taken (a Vec of names \
         that the workers pop() hands them out last first)",
    );
}

#[test]
fn each_call_has_its_own_workers() {
    // Three workers, then one: the second call must run one download at a time, so
    // workers kept from the first call (in a static pool) are caught.
    run(&FILES[..6], 3, &[("A", DOWNLOAD * 2)]).expect_correct();
    let run = run(&FILES[..3], 1, &[]);
    run.expect_correct();
    run.timeline
        .query()
        .expect_serial("a single worker takes the files one after another");
}

#[test]
fn more_workers_than_files_still_finishes() {
    let run = run(&FILES[..5], 10, &[("C", DOWNLOAD * 2)]);
    run.expect_correct();
    run.timeline
        .query()
        .expect_all_overlap("with more workers than files, every download runs at once");
}
