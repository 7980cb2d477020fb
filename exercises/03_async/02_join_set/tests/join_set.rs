//! Checks `as_completed`: every download ran in its own spawned task, all at once, and each
//! result was handed over **the moment its download finished** — in the order they finished,
//! which the code under test cannot know in advance: the test hides each file's length in the
//! Downloader and makes each file in turn the slow one, and one file take ten minutes. The
//! Downloader is sealed: only what a download returned counts as a result.
//!
//! Virtual time (`start_paused = true`): durations are exact and cost no real time, so "handed
//! over at the instant it finished" can be checked exactly. Only the toolkit's own records
//! count as evidence; every download must lie inside the call, and the call must return the
//! instant the last one finishes.

use join_set::as_completed;
use std::ops::Range;
use std::time::Duration;
use toolkit::Timeline;
use toolkit::format::fmt_duration;
use toolkit::io::{AnswerKey, Downloader};
use toolkit::timeline::Unfinished;
use toolkit::timeline::query::Query;
use toolkit::watchdog::DEFAULT_LIMIT;

// Virtual time: ends long after any run, even one that takes the files one at a time.
const LIMIT: Duration = Duration::from_secs(1000);
const HANG: &str = "is a loop still waiting on a JoinSet that never empties, or on a task \
                    that never ends?";
const SPUN: &str = "virtual time stood still: the runtime never ran out of work, so it \
                    never let the clock move on to the next download's end. Is a loop asking \
                    try_join_next (or is_finished) again and again, with yield_now in between? \
                    That never waits: wait with `while let Some(..) = tasks.join_next().await`, \
                    which sleeps until a task is done";
const SPAWN_ALL: &str = "spawn every download into the JoinSet first, then wait: a task \
                         awaited right after it is spawned runs alone";

fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

/// What `as_completed` did: each result it handed over, with the (virtual) instant it did
/// and how many tasks were alive on the runtime then, the span of time the call ran, and the
/// downloads still started and never ended long after it returned (leaked).
struct Run {
    handed: Vec<(Duration, String)>,
    alive: Vec<usize>,
    window: Range<Duration>,
    leaked: Vec<Unfinished>,
}

/// Long after any download of these tests: a task left running after the call (detached)
/// ends meanwhile, and shows on the timeline ending after the call returned.
const LINGER: Duration = Duration::from_secs(10);

async fn run(timeline: &Timeline, downloader: &Downloader, names: &[&str]) -> Run {
    let mut handed = Vec::new();
    let mut alive = Vec::new();
    let start = timeline.now();
    as_completed(downloader, names, |contents| {
        handed.push((timeline.now(), contents));
        alive.push(
            tokio::runtime::Handle::current()
                .metrics()
                .num_alive_tasks(),
        );
    })
    .await;
    let window = start..timeline.now();
    tokio::time::sleep(LINGER).await;
    Run {
        handed,
        alive,
        window,
        leaked: timeline.unfinished(),
    }
}

/// Every check, in the order that blames the right thing first.
#[track_caller]
fn expect_as_completed(
    q: &Query,
    key: &AnswerKey,
    run: &Run,
    names: &[&str],
    length: impl Fn(&str) -> Duration,
) {
    // Nothing handed over and nothing downloaded: the call returned without waiting, and
    // the JoinSet, dropped at the return, cancelled every task before it recorded anything.
    q.expect(
        names.is_empty() || !run.handed.is_empty() || !q.is_empty(),
        &format!(
            "as_completed returned without waiting for its {} tasks: it handed over nothing, \
             and no download finished",
            names.len()
        ),
        "wait for each task with `while let Some(..) = tasks.join_next().await`; \
         `try_join_next` does not wait, it says None while no task has finished yet, and a \
         JoinSet dropped at the return cancels its tasks",
    );
    // Tasks left running after the call (detach_all, mem::forget of the JoinSet, a bare
    // tokio::spawn): their downloads end after it returned, or never.
    let after: Vec<&toolkit::timeline::Span> = q
        .spans()
        .iter()
        .filter(|s| s.end > run.window.end)
        .collect();
    let detached = after
        .first()
        .map(|s| (s.label.clone(), s.end))
        .or_else(|| run.leaked.first().map(|u| (u.label.clone(), u.start)));
    if let Some((name, at)) = detached {
        let ended = if after.is_empty() {
            "it started there and never ended".to_owned()
        } else {
            format!("it ended only at {}", fmt_duration(at))
        };
        q.expect(
            false,
            &format!(
                "as_completed returned at {} while {name} was still downloading ({ended}): \
                 its task was never joined, but left running after the call, detached",
                fmt_duration(run.window.end),
            ),
            "join every task before you return, `while let Some(..) = tasks.join_next().await` \
             until the JoinSet is empty: detach_all, mem::forget of the JoinSet or a bare \
             tokio::spawn leave work running that nobody waits for",
        );
    }
    // Some handed over, the rest cut short: the call stopped joining too soon, and the
    // JoinSet, dropped at the return, cancelled the tasks it had not joined.
    let cut = q
        .spans()
        .iter()
        .filter(|s| s.end - s.start < length(&s.label))
        .count();
    q.expect(
        run.handed.is_empty() || run.handed.len() >= names.len() || cut == 0,
        &format!(
            "as_completed handed over {} of the {} results and returned: the other {} \
             task(s) were never joined, and the JoinSet, dropped at the return, cancelled \
             them before they finished",
            run.handed.len(),
            names.len(),
            names.len() - run.handed.len()
        ),
        "loop until the JoinSet is empty, `while let Some(..) = tasks.join_next().await`, \
         rather than counting the joins yourself (`for _ in 1..names.len()` is one short) \
         or giving up after a timeout of your own (a download may take longer than any \
         limit you pick)",
    );
    let mut got: Vec<&str> = q.spans().iter().map(|s| s.label.as_str()).collect();
    got.sort_unstable();
    let mut want = names.to_vec();
    want.sort_unstable();
    q.expect(
        got == want,
        &format!(
            "expected each of the {} files to be downloaded exactly once, but the timeline \
             shows {} download(s)",
            names.len(),
            got.len()
        ),
        "download every file once, with (a clone of) the Downloader the test handed you: \
         contents made up, or fetched with a Downloader of your own, leave no trace",
    );

    // Each download as long as the test made it: one cut short (its future dropped early, by
    // a timeout or a select!) proves nothing about how the waits were arranged. (A clone given
    // a `with_duration` of its own panics, naming that.)
    for span in q.spans() {
        let took = span.end - span.start;
        q.expect(
            took == length(&span.label),
            &format!(
                "{} ended after {}, but the test's Downloader takes {} for it: the download \
                 was cut short, its future dropped before it finished",
                span.label,
                fmt_duration(took),
                fmt_duration(length(&span.label))
            ),
            "let every download run to its end in its task (a timeout, a select! or an abort \
             that drops it early only pretends to download, and contents told from the name \
             are made up), with a clone of the Downloader the test handed you, as it is",
        );
    }

    // One spawned task per download.
    let in_caller = q.spans().iter().filter(|s| s.runner.task.is_none()).count();
    q.expect(
        in_caller == 0,
        &format!(
            "{in_caller} of the {} downloads ran in the calling code itself, not in a \
             spawned task",
            names.len()
        ),
        "spawn each download as its own task with `JoinSet::spawn` (like \
         asyncio.create_task); awaiting the futures directly spawns nothing",
    );
    q.expect(
        q.tasks() == names.len(),
        &format!(
            "the {} downloads ran in only {} spawned task(s): they must each have their own",
            names.len(),
            q.tasks()
        ),
        "spawn one task per file, each doing one download",
    );
    // A span names the task that started its download; the task must also see it to its
    // end. Whenever a result is handed over, every download still running needs a task still
    // alive: a task that polls its download once and hands the pending future back to the
    // caller has ended, and the caller drives the download instead.
    for ((at, contents), alive) in run.handed.iter().zip(&run.alive) {
        let running: Vec<&str> = q
            .spans()
            .iter()
            // Started before the hand-over (one started at that instant is the next in line).
            .filter(|s| s.start < *at && s.end > *at)
            .map(|s| s.label.as_str())
            .collect();
        let name = names
            .iter()
            .find(|n| key.content(n) == *contents)
            .copied()
            .unwrap_or("a result");
        q.expect(
            *alive >= running.len(),
            &format!(
                "when you handed over {name} at {}, {} download(s) were still running ({}), \
                 but only {alive} task(s) were alive: their tasks had ended before their \
                 downloads did, so the downloads were not waited for in their own tasks \
                 (the calling code drove them)",
                fmt_duration(*at),
                running.len(),
                running.join(", ")
            ),
            "let each spawned task await its download to the end, \
             `tasks.spawn(async move { downloader.download(&name).await })`, and hand over \
             what `join_next` returns: a task that only starts the download and hands the \
             pending future back is not the one running it",
        );
    }
    q.expect_within(
        &run.window,
        "every download must run inside the call: join every task before you return",
    )
    .expect_all_overlap(SPAWN_ALL);

    // Each result handed over, in the order the downloads finished, at the instant it did.
    let finished: Vec<String> = q.end_order().iter().map(|n| key.content(n)).collect();
    let handed: Vec<String> = run.handed.iter().map(|(_, c)| c.clone()).collect();
    let not_downloaded: Vec<&String> = handed
        .iter()
        .filter(|c| !names.iter().any(|n| key.content(n) == **c))
        .collect();
    q.expect(
        not_downloaded.is_empty(),
        &format!(
            "you handed over {} result(s) that no download returned, such as {:?}",
            not_downloaded.len(),
            not_downloaded
                .first()
                .map(|c| c.as_str())
                .unwrap_or_default()
        ),
        "hand over what each task's download returned (the test's Downloader is sealed), \
         not text of your own: contents told from the file's name are made up, even when \
         the download ran",
    );
    q.expect(
        handed.len() == names.len(),
        &format!(
            "you handed over {} result(s) for {} files",
            handed.len(),
            names.len()
        ),
        "call `on_finished` once for every download, as its task finishes",
    );
    let spawned: Vec<String> = names.iter().map(|n| key.content(n)).collect();
    let problem = if handed == spawned {
        format!(
            "you handed the results over in the order you spawned the tasks, {}, not in \
             the order they finished, {}",
            show(&handed),
            show(&finished)
        )
    } else {
        format!(
            "you handed the results over as {}, but they finished as {}",
            show(&handed),
            show(&finished)
        )
    };
    q.expect(
        handed == finished,
        &problem,
        "loop on `join_next`, which returns whichever task finished first; awaiting the \
         handles one by one gives them back in spawn order, and no guess of the lengths can \
         work: the test changes which file is slow",
    );
    // The call returns the instant the last result is handed over: nothing else to wait for.
    let last = q
        .spans()
        .iter()
        .map(|s| s.end)
        .max()
        .unwrap_or(run.window.start);
    q.expect(
        run.window.end == last,
        &format!(
            "the last download finished at {}, but as_completed returned only at {}: it \
             waited {} more for nothing",
            fmt_duration(last - run.window.start),
            fmt_duration(run.window.end - run.window.start),
            fmt_duration(run.window.end - last)
        ),
        "return as soon as `join_next` says None: no sleep of your own after the loop, the \
         tasks are done (a JoinSet has nothing to settle)",
    );
    for (at, contents) in &run.handed {
        let name = names
            .iter()
            .find(|n| key.content(n) == *contents)
            .copied()
            .unwrap_or_default();
        let end = q.span(name).map(|s| s.end).unwrap_or_default();
        q.expect(
            *at == end,
            &format!(
                "{name} finished at {}, but you handed it over at {}",
                fmt_duration(end),
                fmt_duration(*at)
            ),
            "hand each result over the moment its task finishes (`on_finished` inside the \
             `join_next` loop), not after collecting or sorting them all",
        );
    }
}

/// A short list is shown whole; a long one by its length and its first few items.
fn show(list: &[String]) -> String {
    if list.len() <= 6 {
        format!("{list:?}")
    } else {
        format!("{} results, starting {:?}…", list.len(), &list[..4])
    }
}

/// Runs `body` as `#[tokio::test(start_paused = true)]` would, under a deadline on the paused
/// clock (a deadlock) and one on the real clock (a loop that never waits keeps the paused clock
/// from moving): see `toolkit::watchdog::paused`.
fn paused<F: Future<Output = ()>>(body: impl FnOnce() -> F + Send + 'static) {
    toolkit::watchdog::paused(DEFAULT_LIMIT, SPUN, LIMIT, HANG, body)
}

#[test]
fn each_result_comes_back_the_moment_its_download_finishes() {
    paused(|| async {
        let names = ["File-0", "File-1", "File-2"];
        // Every way of giving the three files lengths of 1, 2 and 3 s: each file is the slow
        // one in turn, and the finishing order is different each time.
        let orders = [
            [3, 1, 2],
            [1, 3, 2],
            [2, 1, 3],
            [2, 3, 1],
            [3, 2, 1],
            [1, 2, 3],
        ];
        for lengths in orders {
            let timeline = Timeline::tokio();
            let mut downloader = Downloader::new(&timeline, secs(1));
            for (name, s) in names.iter().zip(lengths) {
                downloader = downloader.with_duration(name, secs(s));
            }
            let (downloader, key) = downloader.sealed();
            let run = run(&timeline, &downloader, &names).await;

            let q = timeline.query();
            let length = |name: &str| {
                let i = names.iter().position(|n| *n == name).unwrap_or_default();
                secs(lengths[i])
            };
            expect_as_completed(&q, &key, &run, &names, length);
            q.expect(
                q.total() == secs(3),
                &format!(
                    "the batch took {}, expected exactly 3 s",
                    fmt_duration(q.total())
                ),
                "running at once, the batch takes as long as its slowest download",
            );
        }
    });
}

#[test]
fn a_hundred_downloads_come_back_as_they_finish() {
    paused(|| async {
        let timeline = Timeline::tokio();
        // Lengths 10 ms, 20 ms, ..., 1 s, shuffled (37 and 100 share no factor, so
        // i * 37 % 100 visits every number below 100 once).
        let names: Vec<String> = (0..100).map(|i| format!("File-{i}")).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let mut downloader = Downloader::new(&timeline, secs(1));
        for (i, name) in names.iter().enumerate() {
            let length = Duration::from_millis(10 * (i as u64 * 37 % 100 + 1));
            downloader = downloader.with_duration(name, length);
        }
        let (downloader, key) = downloader.sealed();
        let run = run(&timeline, &downloader, &names).await;

        let q = timeline.query();
        let length = |name: &str| {
            let i = names.iter().position(|n| *n == name).unwrap_or_default() as u64;
            Duration::from_millis(10 * (i * 37 % 100 + 1))
        };
        expect_as_completed(&q, &key, &run, &names, length);
        q.expect(
            q.total() == secs(1),
            &format!(
                "the batch took {}, expected exactly 1 s",
                fmt_duration(q.total())
            ),
            "running at once, the batch takes as long as its slowest download",
        );
    });
}

#[test]
fn a_download_of_ten_minutes_is_waited_for_too() {
    paused(|| async {
        // A length no limit of the code's own can be sure of (virtual time: it costs
        // nothing): the call waits for every download, however long.
        let timeline = Timeline::tokio();
        let names = ["Small", "Huge"];
        let (downloader, key) = Downloader::new(&timeline, secs(1))
            .with_duration("Huge", secs(600))
            .sealed();
        let run = run(&timeline, &downloader, &names).await;

        let q = timeline.query();
        let length = |name: &str| if name == "Huge" { secs(600) } else { secs(1) };
        expect_as_completed(&q, &key, &run, &names, length);
    });
}

#[test]
fn a_call_given_up_on_cancels_its_downloads() {
    paused(|| async {
        // The caller gives up on as_completed (a timeout around it, as a select! would): the
        // call's future is dropped mid-way, and the downloads still running must be cancelled
        // with it, as a JoinSet dropped with the call aborts its tasks.
        let timeline = Timeline::tokio();
        let names = ["File-0", "File-1", "File-2"];
        let (downloader, _key) = Downloader::new(&timeline, secs(1))
            .with_duration("File-1", secs(3))
            .with_duration("File-2", secs(2))
            .sealed();
        let give_up = Duration::from_millis(1500);
        let start = timeline.now();
        let _ = tokio::time::timeout(give_up, as_completed(&downloader, &names, |_| ())).await;
        let dropped = timeline.now();
        tokio::time::sleep(LINGER).await;

        let q = timeline.query();
        let late = q
            .spans()
            .iter()
            .filter(|s| s.end > dropped)
            .map(|s| {
                (
                    s.label.clone(),
                    format!("until {}", fmt_duration(s.end - start)),
                )
            })
            .chain(
                timeline
                    .unfinished()
                    .into_iter()
                    .map(|u| (u.label, "and never ended".to_owned())),
            )
            .next();
        if let Some((name, until)) = late {
            q.expect(
                false,
                &format!(
                    "as_completed was dropped at {} (its caller gave up on it: a timeout \
                     around the call), but {name} went on downloading {until}: its task was \
                     not cancelled when the call was dropped, but left running, detached",
                    fmt_duration(dropped - start)
                ),
                "keep the tasks in a JoinSet, owned by the call: dropping the call drops the \
                 JoinSet, which aborts every task in it. The JoinHandle of a bare \
                 tokio::spawn (alone or in a FuturesUnordered) cancels nothing when dropped",
            );
        }
    });
}

#[test]
fn no_files_means_no_tasks() {
    paused(|| async {
        let timeline = Timeline::tokio();
        let downloader = Downloader::new(&timeline, secs(1));
        let run = run(&timeline, &downloader, &[]).await;
        let q = timeline.query_all();
        q.expect(
            run.handed.is_empty() && q.is_empty(),
            &format!("with no files, you handed over {:?}", run.handed),
            "no files: hand nothing over, and download nothing",
        );
    });
}
