//! Checks `gather` and the tutorial's `main`: the downloads really ran at the same time, on
//! the caller's one thread, in exactly one download's worth of (virtual) time, and the
//! outputs come back in the order of the tasks — checked with files of different lengths, so
//! that the order they finish in is never the order of the tasks — and are what the downloads
//! returned (the Downloaders are sealed: contents made up from a name do not match).
//!
//! `start_paused = true` runs tokio on a virtual clock: a 2 s download takes no real time,
//! and durations are exact, so the tests can say "exactly 2 s". Only the toolkit's own
//! records count as evidence (spans you record yourself are drawn, never believed), and every
//! download must lie inside the call that made it, and the call must return the instant the
//! last one finishes. A real-clock deadline stops a test whose thread is blocked (which
//! stops the virtual clock too).

use gather::{download_file, gather, main};
use std::future::Future;
use std::ops::Range;
use std::time::Duration;
use toolkit::Timeline;
use toolkit::io::AnswerKey;
use toolkit::io::Downloader;
use toolkit::timeline::query::Query;
use toolkit::watchdog::{DEFAULT_LIMIT, watchdog, within};

// Virtual time: even a run that takes the downloads one at a time (200 s for a hundred) ends
// well before this, so it fails on what it did, not on the watchdog.
const LIMIT: Duration = Duration::from_secs(1000);
const HANG: &str = "gathered, these downloads take at most 4 s in all, so they did not all \
                    run at once: are they awaited one at a time, each task before the next? \
                    Start them all together with join_all (or is something awaited that \
                    never finishes, such as a static Mutex that another call holds, or a \
                    thread of your own driving the downloads with Handle::block_on, which the \
                    virtual clock does not wait for?)";
const SPUN: &str = "the test's runtime thread never got back to its timers: is something \
                    blocking it, such as futures::executor::block_on (or a loop that never \
                    awaits)? Inside an async fn, `.await` the futures (join_all(tasks).await) \
                    instead of blocking the thread until they finish";
const JOIN_ALL: &str = "did you `.await` each task before starting the next, or start only a few \
                        at a time? Start them all \
                        together: `futures::future::join_all(tasks).await`.";
const IN_ORDER: &str = "like asyncio.gather, keep each output in its task's slot \
                        (join_all does); FuturesUnordered, select_all or sorting give \
                        another order";

fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

/// What each file contains, by the test's answer key: the Downloaders are sealed, so only
/// what a download returned matches (text made up from the name does not).
fn contents_of<S: AsRef<str>>(key: &AnswerKey, names: &[S]) -> Vec<String> {
    names.iter().map(|n| key.content(n.as_ref())).collect()
}

/// Runs `body` as `#[tokio::test(start_paused = true)]` would, under the paused clock's
/// deadline (a deadlock) and a real-clock one: a thread blocked inside the runtime
/// (`executor::block_on`) stops the paused clock too, so only a real deadline ends it. (As
/// `toolkit::watchdog::paused`, which needs the toolkit's `paused` feature.)
fn paused<F: Future<Output = ()>>(body: impl FnOnce() -> F + Send + 'static) {
    watchdog(DEFAULT_LIMIT, SPUN, move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .start_paused(true)
            .build()
            .expect("cannot start a tokio runtime")
            .block_on(within(LIMIT, HANG, body()));
    });
}

/// The checks every gathered run must pass, in the order that blames the right thing first:
/// each file downloaded exactly once (by the test's Downloader), on the thread that awaited
/// the call, each as long as the Downloader makes it (not cut short, not left waiting for its
/// turn), inside the call, all at once.
#[track_caller]
fn expect_gathered(
    timeline: &Timeline,
    q: &Query,
    window: &Range<Duration>,
    names: &[String],
    length: impl Fn(&str) -> Duration,
) {
    expect_nothing_leaked(timeline, q);
    let mut got: Vec<&str> = q.spans().iter().map(|s| s.label.as_str()).collect();
    got.sort_unstable();
    let mut want: Vec<&str> = names.iter().map(String::as_str).collect();
    want.sort_unstable();
    q.expect(
        got == want,
        &format!(
            "expected each of the {} files to be downloaded exactly once, but the timeline \
             shows {} download(s)",
            names.len(),
            got.len()
        ),
        "download every file once, with the Downloader the test handed you (download_file \
         does): contents made up, or fetched with a Downloader of your own, leave no trace",
    );
    expect_on_the_callers_thread(q);
    expect_full_lengths(q, length);
    q.expect_within(
        window,
        "every download must run inside the call, between its start and its return",
    )
    .expect_all_overlap(JOIN_ALL);
    expect_started_with_the_call(q, window);
    expect_returned_with_the_last(q, window);
}

/// Expects every download to have run on the thread that awaited the call (the test's):
/// asyncio runs a gather's tasks on the event loop's one thread, and join_all on the thread
/// that awaits it. Counting the threads is not enough: one thread of your own that drives
/// every download (`Handle::block_on` on it) is one thread too.
#[track_caller]
fn expect_on_the_callers_thread(q: &Query) {
    let caller = toolkit::Runner::current();
    let mut elsewhere: Vec<String> = q
        .spans()
        .iter()
        .filter(|s| s.runner.thread_id != caller.thread_id)
        .map(|s| s.runner.thread_label())
        .collect();
    let count = elsewhere.len();
    elsewhere.sort_unstable();
    elsewhere.dedup();
    q.expect(
        count == 0,
        &format!(
            "{count} of the {} downloads ran on other OS threads ({}) than the one that \
             awaited the call ({}): expected all of them on that one thread",
            q.len(),
            elsewhere.join(", "),
            caller.thread_label()
        ),
        "asyncio runs every task on the one thread that runs the loop, and join_all on the \
         thread that awaits it: no std::thread::spawn, no second runtime, no \
         Handle::block_on on a thread of your own",
    );
}

/// Expects no download to be left started and never ended after the call: the toolkit writes
/// a download down when it starts, so one whose future was polled and then leaked
/// (`mem::forget`) shows, although it never becomes a span.
#[track_caller]
fn expect_nothing_leaked(timeline: &Timeline, q: &Query) {
    if let Some(leaked) = timeline.unfinished().first() {
        q.expect(
            false,
            &format!(
                "{} started at {} and never ended: its download was neither finished nor \
                 cancelled, but leaked (mem::forget? a future kept alive for ever?)",
                leaked.label,
                toolkit::format::fmt_duration(leaked.start)
            ),
            "await every download to its end (join_all does): mem::forget finishes nothing, \
             it only hides the future, and contents you did not download are made up",
        );
    }
}

/// Expects every download to have started the instant the call did: join_all polls every
/// task at its first poll, so a download that starts later was kept waiting by the code's own
/// wait before it (the tutorial's sleep put in front of the fetch), which the call's end and
/// the total from the first span alone would never show.
#[track_caller]
fn expect_started_with_the_call(q: &Query, window: &Range<Duration>) {
    if let Some(late) = q.spans().iter().max_by_key(|s| s.start) {
        q.expect(
            late.start == window.start,
            &format!(
                "{} started only {} after the call began: the call waited {} before \
                 downloading it (a sleep in front of the download?)",
                late.label,
                toolkit::format::fmt_duration(late.start - window.start),
                toolkit::format::fmt_duration(late.start - window.start)
            ),
            "start every download the instant the call starts: no `tokio::time::sleep` of \
             your own before it (the tutorial's asyncio.sleep(2) stands for the download \
             itself, not a wait in front of it)",
        );
    }
}

/// Expects the call to have returned the instant its last download finished: gathered
/// downloads are the only thing there is to wait for, so any later return is a wait of the
/// code's own (a sleep kept from the tutorial) that the spans alone would never show.
#[track_caller]
fn expect_returned_with_the_last(q: &Query, window: &Range<Duration>) {
    let last = q
        .spans()
        .iter()
        .map(|s| s.end)
        .max()
        .unwrap_or(window.start);
    q.expect(
        window.end == last,
        &format!(
            "the last download finished at {}, but the call returned only at {}: it waited \
             {} more for nothing",
            toolkit::format::fmt_duration(last - window.start),
            toolkit::format::fmt_duration(window.end - window.start),
            toolkit::format::fmt_duration(window.end - last)
        ),
        "the downloads are the only waiting there is: no `tokio::time::sleep` of your own \
         (the tutorial's asyncio.sleep(2) stands for the download itself), return as soon \
         as join_all does",
    );
}

/// Expects every download to have taken exactly as long as the test's Downloader makes it
/// take: a download cut short (its future dropped early, by a timeout or a select!) proves
/// nothing about how the waits were arranged, so it is named before any timing check blames
/// the arrangement. (A clone given a `with_duration` of its own panics, naming that.) One
/// that ended late finished its wait in time, but nothing polled it until later: its task
/// waited its turn behind the ones awaited before it.
#[track_caller]
fn expect_full_lengths(q: &Query, length: impl Fn(&str) -> Duration) {
    for span in q.spans() {
        let want = length(&span.label);
        let took = span.end - span.start;
        q.expect(
            took <= want,
            &format!(
                "{} ended after {}, {} later than its {} download: its wait was over at {}, \
                 but nothing polled it again until {}",
                span.label,
                toolkit::format::fmt_duration(took),
                toolkit::format::fmt_duration(took - want),
                toolkit::format::fmt_duration(want),
                toolkit::format::fmt_duration(span.start + want),
                toolkit::format::fmt_duration(span.end)
            ),
            "poll every task whenever it is woken, not one after another: a future started \
             with one poll and then awaited in turn finishes only when its turn comes. \
             `futures::future::join_all(tasks).await` polls each as soon as it can go on",
        );
        q.expect(
            took == want,
            &format!(
                "{} ended after {}, but the test's Downloader takes {} for it: the download \
                 was cut short, its future dropped before it finished",
                span.label,
                toolkit::format::fmt_duration(took),
                toolkit::format::fmt_duration(want)
            ),
            "let every download run to its end (a timeout, a select! or an abort that drops \
             it early only pretends to download, and contents told from the name are made \
             up), with the Downloader the test handed you, as it is",
        );
    }
}

/// Expects `got` to be exactly `expected`, and says so plainly when it is the order the
/// downloads finished in instead.
#[track_caller]
fn expect_task_order(q: &Query, key: &AnswerKey, got: &[String], expected: &[String]) {
    let mut returned = got.to_vec();
    returned.sort_unstable();
    let mut downloaded = expected.to_vec();
    downloaded.sort_unstable();
    q.expect(
        returned == downloaded,
        &format!(
            "gather returned {}, but the downloads returned {}: those are not the tasks' \
             outputs",
            show(got),
            show(expected)
        ),
        "return what each task's future returned (download_file returns what the \
         Downloader's download gave it), not text of your own: contents told from the file's \
         name are made up, even when the download ran",
    );
    let finished = contents_of(key, &q.end_order());
    // "The order they finished in" means something only when no two finished together.
    let mut ends: Vec<Duration> = q.spans().iter().map(|s| s.end).collect();
    ends.sort_unstable();
    ends.dedup();
    let distinct_ends = ends.len() == q.len();
    let problem = if got == finished && distinct_ends {
        format!(
            "gather returned the outputs in the order the downloads finished, {}, not in \
             the order of the tasks, {}",
            show(got),
            show(expected)
        )
    } else {
        format!(
            "gather returned {}, expected {}, in the order of the tasks",
            show(got),
            show(expected)
        )
    };
    q.expect(got == expected, &problem, IN_ORDER);
}

/// A short list is shown whole; a long one by its length and its first few items.
fn show(list: &[String]) -> String {
    if list.len() <= 6 {
        format!("{list:?}")
    } else {
        format!("{} outputs, starting {:?}…", list.len(), &list[..4])
    }
}

#[track_caller]
fn expect_total(q: &Query, expected: Duration, hint: &str) {
    q.expect(
        q.total() == expected,
        &format!(
            "the downloads took {} in all, expected exactly {}",
            toolkit::format::fmt_duration(q.total()),
            toolkit::format::fmt_duration(expected)
        ),
        hint,
    );
}

#[test]
fn main_downloads_the_three_files_at_once_in_two_seconds() {
    paused(|| async {
        let timeline = Timeline::tokio();
        let (downloader, key) = Downloader::new(&timeline, secs(2)).sealed();
        let start = timeline.now();
        let contents = main(&downloader).await;
        let window = start..timeline.now();

        let names: Vec<String> = (0..3).map(|i| format!("File-{i}")).collect();
        let q = timeline.query();
        expect_gathered(&timeline, &q, &window, &names, |_| secs(2));
        expect_total(
            &q,
            secs(2),
            "gathered downloads wait together: three 2 s waits take 2 s",
        );
        expect_task_order(&q, &key, &contents, &contents_of(&key, &names));
    });
}

#[test]
fn main_returns_the_files_in_order_whichever_is_slowest() {
    paused(|| async {
        let names: Vec<String> = (0..3).map(|i| format!("File-{i}")).collect();
        // Each file in turn is the slow one, so no fixed order can pass by luck.
        for slow in 0..3 {
            let timeline = Timeline::tokio();
            let (downloader, key) = Downloader::new(&timeline, secs(1))
                .with_duration(&names[slow], secs(3))
                .with_duration(&names[(slow + 1) % 3], secs(2))
                .sealed();
            let start = timeline.now();
            let contents = main(&downloader).await;
            let window = start..timeline.now();

            let q = timeline.query();
            let length = |name: &str| {
                if name == names[slow] {
                    secs(3)
                } else if name == names[(slow + 1) % 3] {
                    secs(2)
                } else {
                    secs(1)
                }
            };
            expect_gathered(&timeline, &q, &window, &names, length);
            expect_total(&q, secs(3), "gathered, they take as long as the slowest");
            expect_task_order(&q, &key, &contents, &contents_of(&key, &names));
        }
    });
}

#[test]
fn gather_keeps_the_order_of_the_tasks_not_the_order_they_finished() {
    paused(|| async {
        // Names whose sorted order is not their order here, and lengths that make them
        // finish in yet another order, whichever one is slowest.
        let names: Vec<String> = ["File-3", "File-10", "File-1", "File-2"]
            .map(String::from)
            .to_vec();
        let lengths = [4, 1, 3, 2];
        for turn in 0..names.len() {
            let timeline = Timeline::tokio();
            let mut downloader = Downloader::new(&timeline, secs(1));
            for (i, name) in names.iter().enumerate() {
                downloader =
                    downloader.with_duration(name, secs(lengths[(i + turn) % lengths.len()]));
            }
            let (downloader, key) = downloader.sealed();
            let tasks = names.iter().map(|n| downloader.download(n)).collect();
            let start = timeline.now();
            let contents = gather(tasks).await;
            let window = start..timeline.now();

            let q = timeline.query();
            let length = |name: &str| {
                let i = names.iter().position(|n| n == name).unwrap_or_default();
                secs(lengths[(i + turn) % lengths.len()])
            };
            expect_gathered(&timeline, &q, &window, &names, length);
            expect_total(&q, secs(4), "gathered, they take as long as the slowest");
            expect_task_order(&q, &key, &contents, &contents_of(&key, &names));
        }
    });
}

#[test]
fn a_hundred_downloads_still_take_two_seconds() {
    paused(|| async {
        let timeline = Timeline::tokio();
        let (downloader, key) = Downloader::new(&timeline, secs(2)).sealed();
        let names: Vec<String> = (0..100).map(|i| format!("File-{i}")).collect();
        let tasks = names
            .iter()
            .map(|name| download_file(&downloader, name))
            .collect();
        let start = timeline.now();
        let contents = gather(tasks).await;
        let window = start..timeline.now();

        let q = timeline.query();
        expect_gathered(&timeline, &q, &window, &names, |_| secs(2));
        q.expect_max_concurrency_at_least(
            100,
            "start every task before awaiting any: join_all, not batches",
        );
        expect_total(
            &q,
            secs(2),
            "100 gathered downloads take one download's time",
        );
        expect_task_order(&q, &key, &contents, &contents_of(&key, &names));
    });
}

#[test]
fn two_gathers_at_once_do_not_wait_for_each_other() {
    paused(|| async {
        // Two callers gather at the same time (a web server's two requests, say): each
        // gather's downloads must run alongside the other's, as two asyncio.gather calls
        // awaited together do. Uneven lengths, so neither call can pass by finishing first.
        let timeline = Timeline::tokio();
        let (downloader, key) = Downloader::new(&timeline, secs(2))
            .with_duration("A-0", secs(3))
            .with_duration("B-2", secs(1))
            .sealed();
        let a: Vec<String> = (0..3).map(|i| format!("A-{i}")).collect();
        let b: Vec<String> = (0..3).map(|i| format!("B-{i}")).collect();
        let tasks_a = a.iter().map(|n| downloader.download(n)).collect();
        let tasks_b = b.iter().map(|n| downloader.download(n)).collect();
        let start = timeline.now();
        let (got_a, got_b) = tokio::join!(gather(tasks_a), gather(tasks_b));
        let window = start..timeline.now();

        let q = timeline.query();
        expect_nothing_leaked(&timeline, &q);
        let first_start = |prefix: &str| q.labelled(prefix).spans().iter().map(|s| s.start).min();
        let last_end = |prefix: &str| q.labelled(prefix).spans().iter().map(|s| s.end).max();
        let (a_start, b_start) = (first_start("A-"), first_start("B-"));
        let (a_end, b_end) = (last_end("A-"), last_end("B-"));
        if let (Some(a_start), Some(b_start), Some(a_end), Some(b_end)) =
            (a_start, b_start, a_end, b_end)
        {
            let (later, earlier_end) = if a_start <= b_start {
                ("B", a_end)
            } else {
                ("A", b_end)
            };
            q.expect(
                a_start < b_end && b_start < a_end,
                &format!(
                    "two gathers run at the same time waited for each other: the {later} \
                     call's downloads started only at {}, when the other call's were done \
                     (at {})",
                    toolkit::format::fmt_duration(a_start.max(b_start) - start),
                    toolkit::format::fmt_duration(earlier_end - start)
                ),
                "gather must share nothing between calls: no static Mutex or global gate, \
                 no state kept in a static; each call joins its own tasks (join_all), so \
                 two calls at once run side by side",
            );
        }
        let mut names = a.clone();
        names.extend(b.iter().cloned());
        let length = |name: &str| match name {
            "A-0" => secs(3),
            "B-2" => secs(1),
            _ => secs(2),
        };
        expect_gathered(&timeline, &q, &window, &names, length);
        expect_total(
            &q,
            secs(3),
            "two gathers at once wait together: they take as long as the slowest download",
        );
        expect_task_order(&q, &key, &got_a, &contents_of(&key, &a));
        expect_task_order(&q, &key, &got_b, &contents_of(&key, &b));
    });
}

#[test]
fn no_tasks_means_no_outputs() {
    paused(|| async {
        let timeline = Timeline::tokio();
        let downloader = Downloader::new(&timeline, secs(2));
        let names: [&str; 0] = [];
        let tasks = names
            .iter()
            .map(|name| download_file(&downloader, name))
            .collect();
        let contents = gather(tasks).await;
        let q = timeline.query_all();
        q.expect(
            contents.is_empty() && q.is_empty(),
            &format!("gather of no tasks returned {contents:?}"),
            "no tasks: return an empty Vec, and download nothing",
        );
    });
}

#[test]
fn gather_runs_at_once_on_the_real_clock_too() {
    // Every other test runs on the paused clock; this one runs on the real clock (short real
    // downloads), so code that looks at whether tokio's clock stands still, and gathers only
    // then, is caught: gather must be the same code wherever it runs.
    watchdog(DEFAULT_LIMIT, SPUN, || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("cannot start a tokio runtime")
            .block_on(async {
                let timeline = Timeline::tokio();
                let (downloader, key) = Downloader::new(&timeline, Duration::from_millis(200))
                    .with_duration("File-0", Duration::from_millis(300))
                    .with_duration("File-2", Duration::from_millis(100))
                    .sealed();
                let start = timeline.now();
                let contents = main(&downloader).await;
                let window = start..timeline.now();

                let names: Vec<String> = (0..3).map(|i| format!("File-{i}")).collect();
                let q = timeline.query();
                expect_nothing_leaked(&timeline, &q);
                let mut got: Vec<&str> = q.spans().iter().map(|s| s.label.as_str()).collect();
                got.sort_unstable();
                q.expect(
                    got == ["File-0", "File-1", "File-2"],
                    &format!(
                        "on the real clock, expected each of the 3 files to be downloaded \
                         exactly once, but the timeline shows {} download(s)",
                        got.len()
                    ),
                    "download every file once, with the Downloader the test handed you",
                );
                expect_on_the_callers_thread(&q);
                q.expect_within(
                    &window,
                    "every download must run inside the call, between its start and its return",
                );
                q.expect(
                    q.all_overlap(),
                    &format!(
                        "on the real clock (no paused time), the 3 downloads did not all run \
                         at once: at most {} overlapped, although under the tests' paused \
                         clock they did: gather behaves differently when the clock is paused",
                        q.max_concurrency()
                    ),
                    "gather must not look at the clock (or anything else) to decide how to \
                     run: always start every task together, `futures::future::join_all(tasks)\
                     .await`, wherever it runs",
                );
                expect_task_order(&q, &key, &contents, &contents_of(&key, &names));
            });
    });
}
