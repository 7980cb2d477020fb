//! Checks `channels_mpsc::download_all`: every file arrives once over the channel, the
//! receiving loop ends (the channel closes once the last thread is done, or the watchdog
//! stops the test and asks which `Sender` is still alive), the results come in the order
//! they arrived, and — from the timeline — each file was downloaded once, inside the call,
//! on a thread of its own, all at the same time.
//!
//! Only the downloader's own spans count as evidence, and its contents are sealed: only a
//! download by it produces them, so contents made up from a name are caught. Files take
//! different times, so the order they arrive in differs from the input order.

use channels_mpsc::download_all;
use std::ops::Range;
use std::time::Duration;
use toolkit::format::fmt_duration;
use toolkit::io::{AnswerKey, Downloader};
use toolkit::timeline::query::Query;
use toolkit::watchdog::watchdog;
use toolkit::{Runner, Timeline};

/// The tutorial's 2 s download, scaled down so the tests stay fast.
const DOWNLOAD: Duration = Duration::from_millis(100);
/// How long after the last download ended `download_all` may take to return (threads
/// waking, under load). The loop over the Receiver ends as soon as the last thread's Sender
/// is gone; a fixed wait does not, and the tests' longest downloads differ tenfold, so no
/// guessed wait fits them all.
const CLOSE_SLACK: Duration = Duration::from_millis(300);
/// Longest a test may run before the watchdog stops it.
const LIMIT: Duration = Duration::from_secs(10);
const HANG: &str = "the loop over the Receiver never ended: is a Sender still alive? A loop \
                    over a Receiver ends only when every Sender is dropped, and the first `tx` \
                    you created lives in your function: drop(tx) after the spawning loop \
                    (std::mem::forget(tx) does not drop it: a forgotten Sender stays alive \
                    for good, and the channel never closes). Or is a thread stuck in send()? \
                    On a bounded channel (sync_channel) a send \
                    waits while the channel is full, so joining the threads before receiving \
                    waits forever: receive first (or use mpsc::channel, which never blocks a \
                    sender)";
/// Two results arriving closer together than this may have been sent in either order.
const TIE: Duration = Duration::from_millis(30);

type Pairs = Vec<(String, String)>;

/// One call of `download_all`, as the test saw it.
struct Run {
    files: Vec<String>,
    results: Pairs,
    /// What each file of the sealed downloader contains.
    key: AnswerKey,
    timeline: Timeline,
    /// From just before the call to just after it returned, on the timeline's clock.
    window: Range<Duration>,
    /// The thread that called `download_all`.
    caller: Runner,
    /// How many downloads had ended when the call returned (a span is recorded at its end).
    ended_at_return: usize,
}

/// Calls `download_all(files)` under the watchdog; every download takes [`DOWNLOAD`] except
/// the files listed in `slower`. Afterwards, gives downloads the call left running time to
/// end, so that they show up on the timeline and can be blamed.
fn run(files: &[&str], slower: &[(&str, Duration)]) -> Run {
    let timeline = Timeline::new();
    let mut downloader = Downloader::new(&timeline, DOWNLOAD);
    let mut longest = DOWNLOAD;
    for &(name, duration) in slower {
        downloader = downloader.with_duration(name, duration);
        longest = longest.max(duration);
    }
    let (downloader, key) = downloader.sealed();
    let names: Vec<String> = files.iter().map(|f| f.to_string()).collect();
    let (t, given) = (timeline.clone(), names.clone());
    let (results, window, caller, ended_at_return) = watchdog(LIMIT, HANG, move || {
        let files: Vec<&str> = given.iter().map(String::as_str).collect();
        let caller = Runner::current();
        let start = t.now();
        let results = download_all(&downloader, &files);
        let end = t.now();
        (results, start..end, caller, t.query().len())
    });
    let deadline = window.end + longest * 3 + Duration::from_millis(500);
    while timeline.query().len() < files.len() && timeline.now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    Run {
        files: names,
        results,
        key,
        timeline,
        window,
        caller,
        ended_at_return,
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
        self.expect_a_thread_per_file_all_at_once(&q);
    }

    /// The call returned only once every download had ended, and did them all itself.
    #[track_caller]
    fn expect_everything_received(&self, q: &Query) {
        let late = q.len().saturating_sub(self.ended_at_return);
        q.expect(
            late == 0,
            &format!(
                "download_all returned before every download had finished: {late} of {} were \
                 still running when it returned (at {})",
                q.len(),
                fmt_duration(self.window.end)
            ),
            "keep receiving until the channel closes — `for (name, contents) in rx` — \
             rather than taking what is there (try_recv, try_iter), stopping after a quiet spell \
             (recv_timeout) or after a fixed number",
        );
        q.expect_within(
            &self.window,
            "every download must happen inside the call, and its result be received there",
        );
        // Receiving until the channel closes returns as soon as the last download ends; a
        // call that waits a guessed time (a sleep) and then takes what is there would pass
        // the checks above.
        // (No download at all is blamed by the checks that follow.)
        let last_end = q.spans().iter().map(|s| s.end).max();
        let idle = last_end.map_or(Duration::ZERO, |e| self.window.end.saturating_sub(e));
        q.expect(
            idle <= CLOSE_SLACK,
            &format!(
                "download_all returned {} after the last download had ended: it did not stop \
                 when the channel closed, it waited for something else (a sleep?)",
                fmt_duration(idle)
            ),
            "keep receiving until the channel closes — `for (name, contents) in rx` — which \
             ends as soon as the last thread has sent and dropped its Sender: not a guessed \
             wait followed by try_recv or try_iter",
        );
    }

    /// Each file was downloaded exactly once, by the downloader the test handed over.
    #[track_caller]
    fn expect_one_download_per_file(&self, q: &Query) {
        let files: Vec<&str> = self.files.iter().map(String::as_str).collect();
        q.expect_each_once(
            &files,
            "downloaded",
            "download every file exactly once with downloader.download_blocking(name), using \
             the downloader you were given: contents made up with toolkit::io::content, or a \
             Downloader of your own, leave no evidence here; and download them again on every \
             call: contents kept from an earlier call (a static cache) leave none either",
        );
    }

    /// One `(name, contents)` pair per file, whatever the order, each with the contents its
    /// download returned.
    #[track_caller]
    fn expect_one_pair_per_file(&self, q: &Query) {
        let mut got = self.results.clone();
        got.sort();
        let mut want: Pairs = self
            .files
            .iter()
            .map(|n| (n.clone(), self.key.content(n)))
            .collect();
        want.sort();
        // The right names, with contents that no download returned: made up from the names
        // (the right contents under other names get the message about pairs).
        let same_names = got.iter().map(|p| &p.0).eq(want.iter().map(|p| &p.0));
        let made_up = same_names && got.iter().any(|(_, c)| !want.iter().any(|(_, w)| w == c));
        let problem = if made_up {
            format!(
                "download_all returned every name, but not the contents their downloads \
                 returned: {:?}, expected {want:?}",
                self.results
            )
        } else {
            format!(
                "download_all returned {:?}, expected one (name, contents) pair per file: \
                 {want:?}",
                self.results
            )
        };
        q.expect(
            got == want,
            &problem,
            "each thread sends (name, contents) once, with the contents download_blocking \
             returned: not made up from the name (toolkit::io::content), nor paired with \
             another file's name; receive until the channel closes",
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
            "push each pair as you receive it, and do not reorder them afterwards (no sort, \
             no input order): the channel delivers them in the order they were sent",
        );
    }

    /// One thread per file, none of them the caller's, all downloading at the same instant.
    #[track_caller]
    fn expect_a_thread_per_file_all_at_once(&self, q: &Query) {
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
                "{on_caller} of {} downloads ran on the thread that called download_all",
                q.len()
            ),
            "start one thread per file with std::thread::spawn; the calling thread spawns, \
             then receives",
        );
        let threads = q.threads();
        q.expect(
            threads == self.files.len(),
            &format!(
                "the {} downloads ran on {threads} OS thread(s), expected one thread per file",
                q.len()
            ),
            "start one thread per file with std::thread::spawn, each downloading one file",
        );
        q.expect_all_overlap(
            "spawn every thread before you receive anything: a recv() inside the spawning \
             loop waits for that download before the next thread starts, and batches (a limit \
             of your own on the threads, each batch received before the next) hold back the rest",
        );
    }
}

#[test]
fn results_come_in_the_order_they_arrive() {
    // C is the slowest and A the fastest: they must arrive A, B, C, not in input order.
    run(
        &["C", "A", "B"],
        &[("C", DOWNLOAD * 3), ("B", DOWNLOAD * 2)],
    )
    .expect_correct();
}

#[test]
fn twenty_four_files_arrive_once_each_and_the_channel_closes() {
    // More files than any limit of your own on the threads (batches of 8, say) would let run
    // at once: all 24 run at the same time. The first files are the slowest, so the input
    // order is the wrong one.
    let files: Vec<String> = (0..24).map(|i| format!("F{i:02}")).collect();
    let files: Vec<&str> = files.iter().map(String::as_str).collect();
    run(
        &files,
        &[
            ("F00", DOWNLOAD * 4),
            ("F01", DOWNLOAD * 3),
            ("F02", DOWNLOAD * 2),
        ],
    )
    .expect_correct();
}

#[test]
fn more_files_than_a_bounded_channel_holds() {
    // 200 files: a sync_channel of any smaller capacity fills up, and joining the threads
    // before receiving then waits forever (the watchdog says so).
    let files: Vec<String> = (0..200).map(|i| format!("M{i:03}")).collect();
    let files: Vec<&str> = files.iter().map(String::as_str).collect();
    run(&files, &[]).expect_correct();
}

#[test]
fn a_long_silence_before_the_last_file_is_waited_out() {
    // Nothing arrives for more than a second before C does: only the closing of the channel
    // says that every result is in, not a pause in the arrivals.
    run(&["A", "B", "C"], &[("C", DOWNLOAD * 15)]).expect_correct();
}

#[test]
fn three_downloads_at_once_each_on_its_own_thread() {
    run(&["A", "B", "C"], &[]).expect_correct();
}

#[test]
fn no_files_closes_the_channel_at_once() {
    let run = run(&[], &[]);
    let q = run.timeline.query();
    q.expect(
        run.results.is_empty() && q.is_empty(),
        &format!(
            "download_all(&[]) returned {:?} after {} download(s), expected nothing",
            run.results,
            q.len()
        ),
        "with no files there is nothing to download; drop(tx) still closes the channel",
    );
}
