//! Checks `fetch_with_timeout` and `fetch_until`: downloads that finish in time are returned,
//! late ones are reported, and late ones are really **cancelled** — their span on the
//! timeline ends exactly at the deadline, not when the download would have finished.
//!
//! Virtual time (`start_paused = true`) makes every instant exact. After each call the tests
//! wait 10 s more: a download left running in the background instead of being cancelled
//! finishes meanwhile, and shows up on the timeline running past its deadline. The files'
//! lengths are hidden in the Downloader and change from run to run, so the order in which
//! they finish is never simply the order of the names. The Downloaders are sealed: only what
//! a download returned counts as its contents. A real-clock deadline stops a loop that never
//! waits (it keeps the virtual clock from moving).

use std::future::Future;
use std::ops::Range;
use std::time::Duration;
use timeouts::{TimedOut, fetch_until, fetch_with_timeout};
use tokio::time::sleep;
use toolkit::Timeline;
use toolkit::format::fmt_duration;
use toolkit::io::{AnswerKey, Downloader};
use toolkit::timeline::query::Query;
use toolkit::watchdog::{DEFAULT_LIMIT, watchdog, within};

// Virtual time: ends long after any run, however it waits.
const LIMIT: Duration = Duration::from_secs(1000);
const HANG: &str = "is something waiting without a deadline?";
const SPUN: &str = "the runtime's clock never moved on: something kept the test's one thread \
                    busy without ever waiting (a loop that polls the download and checks the \
                    time, with yield_now in between, or a blocking call). Let tokio wait: \
                    tokio::time::timeout(limit, download).await sleeps until one of them is \
                    done";
const LINGER: Duration = Duration::from_secs(10);
const CANCEL: &str = "cancel a late download by dropping its future (tokio::time::timeout \
                      and tokio::select! do that for you); a task from tokio::spawn keeps \
                      running when you stop waiting for it, unless you abort it";

fn secs(s: f64) -> Duration {
    Duration::from_secs_f64(s)
}

/// What a download of `name` returns, by the test's answer key: every Downloader here is
/// sealed, so contents made up from the name do not match.
fn content(key: &AnswerKey, name: &str) -> String {
    key.content(name)
}

/// Expects every string the call returned to be one a download returned.
#[track_caller]
fn expect_downloaded_contents<'a>(
    q: &Query,
    key: &AnswerKey,
    got: impl IntoIterator<Item = &'a String>,
    names: &[&str],
) {
    let made_up: Vec<&String> = got
        .into_iter()
        .filter(|c| !names.iter().any(|n| key.content(n) == **c))
        .collect();
    q.expect(
        made_up.is_empty(),
        &format!(
            "{} of the contents returned are not what any download returned, such as {:?}",
            made_up.len(),
            made_up.first().map(|c| c.as_str()).unwrap_or_default()
        ),
        "return what the download returned (the test's Downloader is sealed), not text of \
         your own: contents told from the file's name are made up, even when the download \
         ran",
    );
}

/// Runs `body` as `#[tokio::test(start_paused = true)]` would, under the paused clock's
/// deadline (a deadlock) and a real-clock one: a loop that never waits keeps the paused
/// clock from moving, so only a real deadline ends it. (As `toolkit::watchdog::paused`,
/// which needs the toolkit's `paused` feature.)
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

/// A short list is shown whole; a long one by its length and its first few items.
fn show(list: &[String]) -> String {
    if list.len() <= 6 {
        format!("{list:?}")
    } else {
        format!("{} items, starting {:?}…", list.len(), &list[..4])
    }
}

/// Expects `name` to have been downloaded exactly once, and says plainly when the call
/// `reported_late` a download it never started.
#[track_caller]
fn expect_downloaded_once(q: &Query, name: &str, reported_late: bool) {
    let n = q.spans().iter().filter(|s| s.label == name).count();
    q.expect(
        n > 0 || !reported_late,
        &format!(
            "{name} was reported late (Err(TimedOut)), but its download never started: \
             nothing was cut at the limit, the call only waited and said so"
        ),
        "start the download and let the timeout cut it, \
         tokio::time::timeout(limit, downloader.download(name)): whether a file is late is \
         found out by downloading it, not foretold (the Downloader's settings are the test's)",
    );
    q.expect(
        n == 1,
        &format!("{name} was downloaded {n} time(s), expected exactly once"),
        "download it once, with the Downloader the test handed you, in every call: contents \
         made up, kept from an earlier call (a cache in a static), or fetched with a \
         Downloader of your own, leave no trace",
    );
}

/// Expects `name`'s download not to have ended before both its natural end (its start plus
/// the `length` the test's Downloader gives it) and `cut` (the instant a timeout may cancel
/// it): a download that ends earlier was cut short, its future dropped before its limit, and
/// proves nothing about timeouts. (A clone given a `with_duration` of its own panics, naming
/// that.)
#[track_caller]
fn expect_not_shortened(q: &Query, name: &str, length: Duration, cut: Duration) {
    let Some(span) = q.span(name) else { return };
    let took = span.end - span.start;
    q.expect(
        span.end >= (span.start + length).min(cut),
        &format!(
            "{name} ended after {}, but the test's Downloader takes {} for it and its limit \
             had not come: the download was cut short, its future dropped before it finished",
            fmt_duration(took),
            fmt_duration(length)
        ),
        "let a download run until it finishes or its limit comes (tokio::time::timeout with \
         the limit as it is), with the Downloader the test handed you, and return what it \
         downloaded, not contents told from the name",
    );
}

/// Expects a download reported as timed out (`gave_up`) not to have been cut before its
/// limit, `cut`: one cut earlier was given up on too soon (a limit rounded to whole seconds,
/// or shortened), which is the code's timing.
#[track_caller]
fn expect_not_given_up_early(q: &Query, name: &str, gave_up: bool, start: Duration, cut: Duration) {
    let Some(span) = q.span(name) else { return };
    q.expect(
        !gave_up || span.end >= cut,
        &format!(
            "{name} was given up on at {}, before its limit of {}: the timeout was shorter \
             than the limit it was given",
            fmt_duration(span.end - start),
            fmt_duration(cut - start)
        ),
        "time out after exactly `limit`, the Duration as it is: \
         Duration::from_secs(limit.as_secs()) drops the fraction (2.5 s becomes 2 s)",
    );
}

/// Expects no download to be left neither finished nor dropped, long after the call: a
/// download whose future was leaked (`mem::forget`, or kept somewhere for ever) was never
/// cancelled. The toolkit writes a download down when it starts, so a leak shows.
#[track_caller]
fn expect_nothing_leaked(timeline: &Timeline, q: &Query) {
    for leaked in timeline.unfinished() {
        q.expect(
            false,
            &format!(
                "{} started at {} and never ended, {} later: its download was neither \
                 finished nor cancelled, but leaked (mem::forget? a future kept alive for \
                 ever?)",
                leaked.label,
                fmt_duration(leaked.start),
                fmt_duration(timeline.now().saturating_sub(leaked.start))
            ),
            "cancel a late download by dropping its future: let tokio::time::timeout or \
             select! drop it, or let the FuturesUnordered that holds it go out of scope. \
             mem::forget does not cancel anything, it only hides the future",
        );
    }
}

/// After the linger: expects `name` to have ended exactly at `at` (it was cancelled then),
/// and says plainly when it kept running after the call returned.
#[track_caller]
fn expect_cancelled_at(q: &Query, name: &str, at: Duration, returned: Duration) {
    let end = q.span(name).map(|s| s.end).unwrap_or_default();
    let problem = if end > returned {
        format!(
            "{name} kept downloading after your function returned: it ended at {}, the call \
             returned at {} — it was never cancelled",
            fmt_duration(end),
            fmt_duration(returned)
        )
    } else {
        format!(
            "{name} ended at {}, but it should have been cancelled at {}",
            fmt_duration(end),
            fmt_duration(at)
        )
    };
    q.expect(end == at, &problem, CANCEL);
}

#[test]
fn a_download_that_finishes_in_time_returns_its_contents() {
    paused(|| async {
        for (length, limit) in [(1.0, 2.0), (2.5, 4.0)] {
            let timeline = Timeline::tokio();
            let (downloader, key) = Downloader::new(&timeline, secs(length)).sealed();
            let start = timeline.now();
            let got = fetch_with_timeout(&downloader, "File-0", secs(limit)).await;
            let window = start..timeline.now();
            sleep(LINGER).await;

            let q = timeline.query();

            expect_nothing_leaked(&timeline, &q);
            expect_downloaded_once(&q, "File-0", got.is_err());
            expect_not_shortened(&q, "File-0", secs(length), window.start + secs(limit));
            expect_downloaded_contents(&q, &key, &got, &["File-0"]);
            let waited = window.end - window.start;
            q.expect(
                waited == secs(length),
                &format!(
                    "a {} download under a {} limit returned after {}",
                    fmt_duration(secs(length)),
                    fmt_duration(secs(limit)),
                    fmt_duration(waited)
                ),
                "return as soon as the download is done: no waiting for the limit",
            )
            .expect(
                got == Ok(content(&key, "File-0")),
                &format!(
                    "a {} download under a {} limit returned {got:?}",
                    fmt_duration(secs(length)),
                    fmt_duration(secs(limit))
                ),
                "a download that finishes in time gives Ok(its contents)",
            )
            .expect_within(&window, "the download must run inside the call");
        }
    });
}

#[test]
fn a_late_download_is_reported_and_cancelled_at_the_limit() {
    paused(|| async {
        for (length, limit) in [(3.0, 2.0), (5.0, 1.5)] {
            let (length, limit) = (secs(length), secs(limit));
            let timeline = Timeline::tokio();
            let (downloader, key) = Downloader::new(&timeline, length).sealed();
            let start = timeline.now();
            let got = fetch_with_timeout(&downloader, "File-1", limit).await;
            let returned = timeline.now();
            let waited = returned - start;
            sleep(LINGER).await;

            let q = timeline.query();

            expect_nothing_leaked(&timeline, &q);
            expect_downloaded_once(&q, "File-1", got.is_err());
            expect_not_given_up_early(&q, "File-1", got.is_err(), start, start + limit);
            expect_not_shortened(&q, "File-1", length, start + limit);
            expect_downloaded_contents(&q, &key, &got, &["File-1"]);
            let problem = match &got {
                Ok(_) => format!(
                    "fetch_with_timeout returned Ok after {}, although the limit was {}",
                    fmt_duration(waited),
                    fmt_duration(limit)
                ),
                Err(_) => format!(
                    "fetch_with_timeout returned at {}, but the limit was {}: it waited the \
                     download out before giving up",
                    fmt_duration(waited),
                    fmt_duration(limit)
                ),
            };
            q.expect(
                waited == limit,
                &problem,
                "wrap the download in tokio::time::timeout(limit, ..): it stops waiting at \
                 the limit",
            );
            let expected = TimedOut {
                name: "File-1".to_owned(),
                after: limit,
            };
            q.expect(
                got.as_ref() == Err(&expected),
                &format!("a late download returned {got:?}, expected Err({expected:?})"),
                "report a late download as Err(TimedOut { name, after: limit })",
            );
            expect_cancelled_at(&q, "File-1", limit, returned);
            q.expect_within(&(start..returned), CANCEL);
        }
    });
}

#[test]
fn three_timed_downloads_at_once() {
    paused(|| async {
        let timeline = Timeline::tokio();
        let (downloader, key) = Downloader::new(&timeline, secs(1.0))
            .with_duration("File-1", secs(3.0))
            .with_duration("File-2", secs(2.0))
            .sealed();
        let limit = secs(2.5);
        let got = tokio::join!(
            fetch_with_timeout(&downloader, "File-0", limit),
            fetch_with_timeout(&downloader, "File-1", limit),
            fetch_with_timeout(&downloader, "File-2", limit),
        );
        let returned = timeline.now();
        sleep(LINGER).await;

        let q = timeline.query();

        expect_nothing_leaked(&timeline, &q);
        let gave_up = [got.0.is_err(), got.1.is_err(), got.2.is_err()];
        for (i, (name, length)) in [("File-0", 1.0), ("File-1", 3.0), ("File-2", 2.0)]
            .into_iter()
            .enumerate()
        {
            expect_downloaded_once(&q, name, gave_up[i]);
            expect_not_given_up_early(&q, name, gave_up[i], Duration::ZERO, limit);
            expect_not_shortened(&q, name, secs(length), limit);
        }
        q.expect_all_overlap("three requests joined together run at once");
        let got = [got.0, got.1, got.2];
        expect_downloaded_contents(
            &q,
            &key,
            got.iter().flatten(),
            &["File-0", "File-1", "File-2"],
        );
        let expected = [
            Ok(content(&key, "File-0")),
            Err(TimedOut {
                name: "File-1".to_owned(),
                after: limit,
            }),
            Ok(content(&key, "File-2")),
        ];
        q.expect(
            got == expected,
            &format!("with 1, 3 and 2 s downloads and a 2.5 s limit, got {got:?}"),
            "only File-1 (3 s) is late: Ok for the others, Err(TimedOut) for it",
        );
        // Alone, a late download may be cancelled right; three calls at once tell apart code
        // that cancels its own download from code that cancels one kept where every call
        // writes (a static or a thread_local slot holds only the latest).
        let end = q.span("File-1").map(|s| s.end).unwrap_or_default();
        q.expect(
            end <= returned,
            &format!(
                "with three calls at once, File-1 timed out at {} but kept downloading until \
                 {}: its own call never cancelled it",
                fmt_duration(limit),
                fmt_duration(end)
            ),
            "each call must cancel its own download: drop its own future (tokio::time::timeout \
             does), or abort its own task's handle — not a handle kept in a slot the calls \
             share (a static or a thread_local, which holds only the latest one started)",
        );
        expect_cancelled_at(&q, "File-1", limit, returned);
    });
}

/// What one `fetch_until` call did.
struct Until {
    got: Vec<String>,
    window: Range<Duration>,
}

async fn until(
    timeline: &Timeline,
    downloader: &Downloader,
    names: &[&str],
    deadline: f64,
) -> Until {
    let start = timeline.now();
    let got = fetch_until(downloader, names, secs(deadline)).await;
    let window = start..timeline.now();
    sleep(LINGER).await;
    Until { got, window }
}

/// Expects every download to have started at once, at the start of the call: what blames a
/// sequential loop first.
#[track_caller]
fn expect_all_started_at_once(q: &Query, run: &Until, names: &[&str]) {
    for name in names {
        let starts: Vec<Duration> = q
            .spans()
            .iter()
            .filter(|s| s.label == *name)
            .map(|s| s.start)
            .collect();
        let problem = match starts.as_slice() {
            [] => format!("{name} was never downloaded: the downloads did not all start at once"),
            [one] => format!(
                "{name} started at {}, not with the others at the start of the call: the \
                 downloads did not all start at once",
                fmt_duration(one.saturating_sub(run.window.start)),
            ),
            many => format!("{name} was downloaded {} times, expected once", many.len()),
        };
        q.expect(
            starts == [run.window.start],
            &problem,
            "start every download before waiting on any (put them all in a \
             FuturesUnordered or a JoinSet), with the Downloader the test handed you",
        );
    }
}

#[test]
fn fetch_until_keeps_what_finished_in_the_order_it_finished_and_cancels_the_rest() {
    paused(|| async {
        let names = ["File-0", "File-1", "File-2", "File-3", "File-4"];
        let lengths = [2.0, 5.0, 1.0, 3.0, 0.5];
        let deadline = 2.5;
        // Each arrangement makes other files late, and the early ones finish in an order
        // that is never the order of their names.
        for turn in 0..names.len() {
            let timeline = Timeline::tokio();
            let mut downloader = Downloader::new(&timeline, secs(1.0));
            let mut by_length = Vec::new();
            for (i, name) in names.iter().enumerate() {
                let length = lengths[(i + turn) % lengths.len()];
                downloader = downloader.with_duration(name, secs(length));
                by_length.push((length, *name));
            }
            let (downloader, key) = downloader.sealed();
            by_length.sort_by(|a, b| a.0.total_cmp(&b.0));
            let finished: Vec<String> = by_length
                .iter()
                .filter(|(length, _)| *length < deadline)
                .map(|(_, name)| content(&key, name))
                .collect();
            let late: Vec<&str> = by_length
                .iter()
                .filter(|(length, _)| *length > deadline)
                .map(|(_, name)| *name)
                .collect();
            let in_name_order: Vec<String> = names
                .iter()
                .filter(|n| finished.contains(&content(&key, n)))
                .map(|n| content(&key, n))
                .collect();

            let run = until(&timeline, &downloader, &names, deadline).await;
            let q = timeline.query();
            expect_nothing_leaked(&timeline, &q);
            expect_all_started_at_once(&q, &run, &names);
            expect_downloaded_contents(&q, &key, &run.got, &names);
            let waited = run.window.end - run.window.start;
            // The right list, but late: the late downloads were waited out, not dropped.
            let waited_out: Vec<&str> = late
                .iter()
                .copied()
                .filter(|n| {
                    q.span(n)
                        .is_some_and(|s| s.end > run.window.start + secs(deadline))
                })
                .collect();
            if run.got == finished && !waited_out.is_empty() {
                q.expect(
                    waited == secs(deadline),
                    &format!(
                        "fetch_until returned the right {} downloads, but only after {}: at \
                         the {} deadline it went on waiting for the late ones ({}) to finish, \
                         instead of dropping them",
                        run.got.len(),
                        fmt_duration(waited),
                        fmt_duration(secs(deadline)),
                        waited_out.join(", ")
                    ),
                    "when the timer fires, stop and return: leaving the loop drops the \
                     FuturesUnordered, and dropping a download cancels it. Awaiting the late \
                     ones to the end (to leave nothing running) is not cancelling them",
                );
            }
            q.expect(
                waited == secs(deadline),
                &format!(
                    "fetch_until returned after {}, but the deadline was {} (some downloads \
                     were still running then)",
                    fmt_duration(waited),
                    fmt_duration(secs(deadline))
                ),
                "race the downloads against ONE timer for the whole batch, made once before \
                 the loop (a new sleep each turn restarts the deadline); when it fires, stop",
            );
            let problem = if run.got == in_name_order {
                format!(
                    "fetch_until returned {}, in the order of the names; they finished as {}",
                    show(&run.got),
                    show(&finished)
                )
            } else {
                format!(
                    "fetch_until returned {}, but the downloads done by the {} deadline \
                     finished as {}",
                    show(&run.got),
                    fmt_duration(secs(deadline)),
                    show(&finished)
                )
            };
            q.expect(
                run.got == finished,
                &problem,
                "collect each download as it finishes (FuturesUnordered's `next()` or \
                 JoinSet's `join_next`), and only those done before the deadline",
            );
            for name in &late {
                expect_cancelled_at(&q, name, run.window.end, run.window.end);
            }
            q.expect_within(&run.window, CANCEL);
        }
    });
}

#[test]
fn fetch_until_returns_as_soon_as_everything_is_done() {
    paused(|| async {
        let timeline = Timeline::tokio();
        let (downloader, key) = Downloader::new(&timeline, secs(1.0))
            .with_duration("File-1", secs(2.0))
            .with_duration("File-2", secs(0.5))
            .sealed();
        let names = ["File-0", "File-1", "File-2"];
        let run = until(&timeline, &downloader, &names, 9.0).await;

        let q = timeline.query();

        expect_nothing_leaked(&timeline, &q);
        expect_all_started_at_once(&q, &run, &names);
        let waited = run.window.end - run.window.start;
        q.expect(
            waited == secs(2.0),
            &format!(
                "fetch_until returned after {}, but every download was done at 2.00 s",
                fmt_duration(waited)
            ),
            "no reason to sit out the 9 s deadline: when the stream of downloads is empty \
             (`next()` gives None), none is left, so stop there",
        );
        expect_downloaded_contents(&q, &key, &run.got, &names);
        let finished = [
            content(&key, "File-2"),
            content(&key, "File-0"),
            content(&key, "File-1"),
        ];
        q.expect(
            run.got == finished,
            &format!(
                "fetch_until returned {}, but they finished as {}",
                show(&run.got),
                show(&finished)
            ),
            "collect each download as it finishes, in that order",
        );
    });
}

/// After the linger: expects every download of a call its caller dropped at `dropped` to have
/// ended by then: dropping the call must cancel what it started.
#[track_caller]
fn expect_cancelled_with_the_call(q: &Query, call: &str, dropped: Duration) {
    for span in q.spans().iter().filter(|s| s.end > dropped) {
        q.expect(
            false,
            &format!(
                "{} kept downloading after its call was dropped: the caller gave up on {call} \
                 at {} (a timeout of its own around the call), but the download ended only \
                 at {} — dropping the call did not cancel it",
                span.label,
                fmt_duration(dropped),
                fmt_duration(span.end)
            ),
            "let the call own its downloads, as futures (tokio::time::timeout, a \
             FuturesUnordered, select!) or in a JoinSet, so that dropping the call drops \
             them: a tokio::spawn'ed task aborted only when the limit passes keeps running \
             when the caller gives up first",
        );
    }
}

#[test]
fn a_call_its_caller_gives_up_on_cancels_its_downloads() {
    paused(|| async {
        // The caller has a deadline of its own, shorter than the call's limit: when it gives
        // up, it drops the call's future, and the downloads the call started must stop then.
        let give_up = secs(1.0);
        let timeline = Timeline::tokio();
        let (downloader, _key) = Downloader::new(&timeline, secs(5.0)).sealed();
        let _ = tokio::time::timeout(
            give_up,
            fetch_with_timeout(&downloader, "File-0", secs(4.0)),
        )
        .await;
        let dropped = timeline.now();
        sleep(LINGER).await;
        let q = timeline.query();
        expect_nothing_leaked(&timeline, &q);
        expect_cancelled_with_the_call(&q, "fetch_with_timeout", dropped);

        let timeline = Timeline::tokio();
        let (downloader, _key) = Downloader::new(&timeline, secs(5.0))
            .with_duration("File-1", secs(3.0))
            .sealed();
        let _ = tokio::time::timeout(
            give_up,
            fetch_until(&downloader, &["File-0", "File-1"], secs(4.0)),
        )
        .await;
        let dropped = timeline.now();
        sleep(LINGER).await;
        let q = timeline.query();
        expect_nothing_leaked(&timeline, &q);
        expect_cancelled_with_the_call(&q, "fetch_until", dropped);
    });
}

#[test]
fn fetch_until_with_no_files_returns_at_once() {
    paused(|| async {
        let timeline = Timeline::tokio();
        let downloader = Downloader::new(&timeline, secs(1.0));
        let run = until(&timeline, &downloader, &[], 5.0).await;
        let q = timeline.query_all();
        q.expect(
            run.got.is_empty() && run.window.end == run.window.start && q.is_empty(),
            &format!(
                "with no files, fetch_until returned {:?} after {}",
                run.got,
                fmt_duration(run.window.end - run.window.start)
            ),
            "no files: nothing to wait for, return an empty Vec at once",
        );
    });
}
