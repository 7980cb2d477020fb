//! Checks `serve`: jobs run at the same time; on the shutdown signal the service takes no
//! more jobs, lets those in flight finish until the deadline (signal + grace), cancels and
//! reports the rest, and returns as soon as nothing is left running.
//!
//! Virtual time (`start_paused = true`) makes every instant exact: the test sends each job
//! and the signal at a chosen time. After the call the test waits 20 s more, so a download
//! left running in the background shows up on the timeline, ending after the call returned.
//! The files' lengths are the test's (`with_duration`): the service cannot know them.

use graceful_shutdown::{Report, serve};
use std::future::Future;
use std::ops::Range;
use std::time::Duration;
use tokio::sync::{mpsc, watch};
use tokio::time::{Instant, sleep, sleep_until};
use toolkit::Timeline;
use toolkit::format::fmt_duration;
use toolkit::io::Downloader;
use toolkit::timeline::query::Query;
use toolkit::watchdog::within;

// Virtual time: ends long after any run, however it waits.
const LIMIT: Duration = Duration::from_secs(1000);
const HANG: &str = "serve never returned after the shutdown signal: is it waiting for the jobs \
                    channel to close, or for in-flight work with no deadline? Select on the \
                    signal (shutdown.wait_for(|&stop| stop)) beside jobs.recv()";
/// Real time: a run takes milliseconds (its clock is paused); only a busy loop lasts.
const REAL_LIMIT: Duration = Duration::from_secs(5);
const SPIN: &str = "serve never let the (paused) clock move: is it looping without awaiting \
                    anything that waits? Once every sender is gone, jobs.recv() returns None \
                    at once, for ever: stop polling it (a select! branch with `if open`)";
const LINGER: Duration = Duration::from_secs(20);
const CANCEL: &str = "at the deadline, drop the futures still running (or abort their tasks: \
                      a tokio::spawn'ed task keeps running when you stop waiting for it)";

fn secs(s: f64) -> Duration {
    Duration::from_secs_f64(s)
}

/// Runs `body` on a fresh current-thread runtime with paused time, under a real-time
/// watchdog too: a busy loop never lets paused time move, so no tokio timer could stop it
/// (`toolkit::watchdog::paused`).
fn run_paused<T, F, Fut>(body: F) -> T
where
    T: Send + 'static,
    F: FnOnce() -> Fut + Send + 'static,
    Fut: Future<Output = T>,
{
    toolkit::watchdog::paused(REAL_LIMIT, SPIN, LIMIT, HANG, body)
}

/// What the test does, and when (virtual seconds from the start).
enum Step {
    /// Sends a job.
    Job(f64, &'static str),
    /// Sends the shutdown signal.
    Signal(f64),
    /// Drops the jobs channel's sender: no more jobs will come (this is not the signal).
    Close(f64),
    /// Publishes `false` on the shutdown channel again: a change, but not the signal.
    NotYet(f64),
    /// Drops the shutdown channel's sender: that counts as the signal.
    DropSignal(f64),
    /// Sends every job (`try_send`: never waits), then the signal, all in one go: the
    /// service cannot run in between, so the jobs are waiting in the channel at the signal.
    JobsThenSignal(f64, &'static [&'static str]),
}

/// One run of the service, and what came of it.
struct Run {
    report: Report,
    /// From the call to its return.
    window: Range<Duration>,
    /// The jobs whose `send` failed: the channel was closed (refused, as it should be).
    send_failed: Vec<&'static str>,
    /// Downloads that started and, 20 s after the call, had neither finished nor been
    /// cancelled: their futures were leaked. (label, start from the call's start)
    leaked: Vec<(String, Duration)>,
    /// A job sent 20 s after the call was taken by the channel: its receiver lived on.
    accepted_after_return: bool,
    q: Query,
}

/// Runs `serve` with files of the given lengths (the rest take 1 s), following `script`.
async fn run(lengths: &[(&str, f64)], grace: f64, script: Vec<Step>) -> Run {
    let timeline = Timeline::tokio();
    let mut downloader = Downloader::new(&timeline, secs(1.0));
    for (name, length) in lengths {
        downloader = downloader.with_duration(name, secs(*length));
    }
    let (tx, rx) = mpsc::channel::<String>(16);
    let (stop_tx, stop_rx) = watch::channel(false);
    let t0 = Instant::now();
    let start = timeline.now();
    let mut send_failed = Vec::new();

    // A service still running long after the last thing the script does has missed its end.
    let dropped_at = script.iter().find_map(|step| match step {
        Step::DropSignal(at) => Some(*at),
        _ => None,
    });
    let hang = match dropped_at {
        Some(at) => format!(
            "serve never returned after the shutdown channel's sender was dropped at {}: a \
             dropped sender counts as the signal. shutdown.wait_for(..) gives Err then (and \
             changed() too): treat that like true, e.g. `_ = shutdown.wait_for(|&stop| stop) \
             => break` (any outcome), not `Ok(_) = ...`",
            fmt_duration(secs(at))
        ),
        None => HANG.to_owned(),
    };
    let service = async {
        let report = within(
            LIMIT / 2,
            &hang,
            serve(&downloader, rx, stop_rx, secs(grace)),
        )
        .await;
        (report, timeline.now())
    };
    // The test's side: the senders stay alive (in this scope) until the end of the run.
    let driver = async {
        let (mut tx, mut stop_tx) = (Some(tx), Some(stop_tx));
        for step in script {
            match step {
                Step::Job(at, name) => {
                    sleep_until(t0 + secs(at)).await;
                    let sent = match &tx {
                        Some(tx) => tx.send(name.to_owned()).await.is_ok(),
                        None => false,
                    };
                    if !sent {
                        send_failed.push(name);
                    }
                }
                Step::Signal(at) => {
                    sleep_until(t0 + secs(at)).await;
                    if let Some(stop_tx) = &stop_tx {
                        let _ = stop_tx.send(true);
                    }
                }
                Step::NotYet(at) => {
                    sleep_until(t0 + secs(at)).await;
                    if let Some(stop_tx) = &stop_tx {
                        let _ = stop_tx.send(false);
                    }
                }
                Step::DropSignal(at) => {
                    sleep_until(t0 + secs(at)).await;
                    stop_tx = None;
                }
                Step::Close(at) => {
                    sleep_until(t0 + secs(at)).await;
                    tx = None;
                }
                Step::JobsThenSignal(at, names) => {
                    sleep_until(t0 + secs(at)).await;
                    for &name in names {
                        let sent = tx
                            .as_ref()
                            .is_some_and(|tx| tx.try_send(name.to_owned()).is_ok());
                        if !sent {
                            send_failed.push(name);
                        }
                    }
                    if let Some(stop_tx) = &stop_tx {
                        let _ = stop_tx.send(true);
                    }
                }
            }
        }
        // Kept open until the run is over, unless the script closed it.
        (tx, stop_tx)
    };
    let ((report, returned), (tx, stop_tx)) = tokio::join!(service, driver);
    sleep(LINGER).await;
    // Long after the call, a job must be refused: nothing may still hold the receiver.
    let accepted_after_return = tx
        .as_ref()
        .is_some_and(|tx| tx.try_send("After-return".to_owned()).is_ok());
    drop((tx, stop_tx));
    let leaked = timeline
        .unfinished()
        .into_iter()
        .map(|u| (u.label, u.start.saturating_sub(start)))
        .collect();
    Run {
        report,
        window: start..returned,
        send_failed,
        leaked,
        accepted_after_return,
        q: timeline.query(),
    }
}

impl Run {
    /// When the call returned, from its start.
    fn returned(&self) -> Duration {
        self.window.end - self.window.start
    }

    /// Expects the evidence to be the test's own downloads, each once, inside the call.
    fn expect_honest(&self, names: &[&str]) {
        if let Some((label, started)) = self.leaked.first() {
            let all: Vec<&str> = self.leaked.iter().map(|(l, _)| l.as_str()).collect();
            self.q.expect(
                false,
                &format!(
                    "{label}'s download started at {} and, 20 s after serve returned at {}, \
                     had neither finished nor been cancelled (still open: {all:?}): its \
                     future was leaked (mem::forget, Box::leak, a ManuallyDrop), not dropped. \
                     A leaked future is never polled again, but never cancelled either: what \
                     it holds (a connection, a file, a buffer) is held for ever",
                    fmt_duration(*started),
                    fmt_duration(self.returned())
                ),
                "at the deadline, drop what still runs (`drop(running)`, or let it go out \
                 of scope): dropping a future is how it is cancelled",
            );
        }
        self.q.expect(
            !self.accepted_after_return,
            &format!(
                "a job sent 20 s after serve returned (at {}) was taken by the jobs channel: \
                 something still holds its receiver (a task left running after the call?), \
                 so senders are never told that their jobs are refused",
                fmt_duration(self.returned())
            ),
            "at the signal close the channel (jobs.close()) and take what is queued with \
             jobs.try_recv() into refused; spawn nothing that outlives serve",
        );
        self.q.expect_each_once(
            names,
            "downloaded",
            "download each job once, with the Downloader the test handed you",
        );
    }

    /// Expects `name` to have started at `at`: jobs run as soon as they come, all at once.
    #[track_caller]
    fn expect_started_at(&self, name: &str, at: f64) {
        let started = self.q.span(name).map(|s| s.start - self.window.start);
        self.q.expect(
            started == Some(secs(at)),
            &format!(
                "{name} was sent at {} but started at {}: the jobs did not run at the same time",
                fmt_duration(secs(at)),
                started.map_or("never".into(), fmt_duration)
            ),
            "start each job as soon as it arrives (push its future into a FuturesUnordered, \
             or spawn it into a JoinSet) and keep receiving: do not await one job before \
             taking the next",
        );
    }

    /// Expects `name` to have ended at `at` exactly.
    #[track_caller]
    fn expect_ended_at(&self, name: &str, at: f64, problem: &str, hint: &str) {
        let ended = self.q.span(name).map(|s| s.end - self.window.start);
        let (problem, hint) = match ended {
            // Later than it should: a download that fits cannot end late unless its future
            // sat unpolled, e.g. while the service slept out the grace period.
            Some(end) if end > secs(at) && !problem.contains("cancelled") => (
                format!(
                    "{name} ended late, at {}, expected {}: nothing awaited it for a while \
                     (a future makes progress only while it is polled)",
                    fmt_duration(end),
                    fmt_duration(secs(at))
                ),
                "keep awaiting the jobs in flight all the time (tokio::select! on the next \
                 one to finish), never sleep or await something else while they wait",
            ),
            _ => (
                format!(
                    "{name} ended at {}, expected {}: {problem}",
                    ended.map_or("never".into(), fmt_duration),
                    fmt_duration(secs(at))
                ),
                hint,
            ),
        };
        self.q.expect(ended == Some(secs(at)), &problem, hint);
    }

    /// Expects nothing to have run after the call returned.
    #[track_caller]
    fn expect_nothing_after_return(&self) {
        if let Some(late) = self.q.outside(&self.window).first() {
            let problem = format!(
                "{} kept downloading after serve returned: it ended at {}, serve returned at {} \
                 — it was never cancelled",
                late.label,
                fmt_duration(late.end - self.window.start),
                fmt_duration(self.returned())
            );
            self.q.expect(false, &problem, CANCEL);
        }
    }

    /// Expects the service to have returned at `at` exactly.
    #[track_caller]
    fn expect_returned_at(&self, at: f64, problem: &str, hint: &str) {
        let problem = format!(
            "serve returned at {}, expected {}: {problem}",
            fmt_duration(self.returned()),
            fmt_duration(secs(at))
        );
        self.q.expect(self.returned() == secs(at), &problem, hint);
    }
}

#[test]
fn jobs_run_at_the_same_time_and_the_service_stops_at_the_signal() {
    run_paused(|| async {
        // Nothing in flight at the signal: stop at once. The signal comes at an odd instant
        // (6.013 s), off the grid of a flag looked at every so many milliseconds.
        const SIGNAL: f64 = 6.013;
        let lengths = [("A", 2.0), ("B", 4.0), ("C", 3.0)];
        let script = vec![
            Step::Job(0.0, "A"),
            Step::Job(0.0, "B"),
            Step::Job(0.5, "C"),
            Step::Signal(SIGNAL),
        ];
        let run = run(&lengths, 5.0, script).await;
        run.expect_honest(&["A", "B", "C"]);
        run.expect_started_at("A", 0.0);
        run.expect_started_at("B", 0.0);
        run.expect_started_at("C", 0.5);
        run.q.expect(
            run.report.finished == ["A", "C", "B"],
            &format!(
                "Report::finished is {:?}, expected [\"A\", \"C\", \"B\"] (the order they \
                 finished: 2 s, 3.5 s, 4 s)",
                run.report.finished
            ),
            "push each job's name into finished when its download ends",
        );
        // Late by less than the grace period: the signal itself was not awaited.
        let late = run.returned().saturating_sub(secs(SIGNAL));
        run.q.expect(
            late.is_zero() || late >= secs(5.0),
            &format!(
                "the signal came at {} with nothing in flight, yet serve returned only at {}, \
                 {} later: it did not wake up for the signal but noticed it afterwards (a flag \
                 looked at now and then, a timer or timeout in the accept loop?)",
                fmt_duration(secs(SIGNAL)),
                fmt_duration(run.returned()),
                fmt_duration(late)
            ),
            "await the signal itself as a select! branch beside jobs.recv() \
             (`shutdown.wait_for(|&stop| stop)`): the service then wakes the instant it turns \
             true, whatever the time",
        );
        run.expect_returned_at(
            SIGNAL,
            "with nothing in flight at the signal, the service should stop right then",
            "select on the signal beside jobs.recv(); after it, wait only for work still \
             running, and not for the grace period when nothing is",
        );
        run.q.expect(
            run.report.cancelled.is_empty() && run.report.refused.is_empty(),
            &format!(
                "nothing was cancelled or refused, but the report says cancelled {:?}, \
                 refused {:?}",
                run.report.cancelled, run.report.refused
            ),
            "report only what you really dropped",
        );
    });
}

#[test]
fn in_flight_work_that_fits_the_deadline_finishes() {
    run_paused(|| async {
        // Signal at 1 s, grace 5 s: the deadline is 6 s, and everything is done at 4 s.
        let lengths = [("A", 2.0), ("B", 4.0), ("C", 3.0)];
        let script = vec![
            Step::Job(0.0, "A"),
            Step::Job(0.0, "B"),
            Step::Job(0.0, "C"),
            Step::Signal(1.0),
        ];
        let run = run(&lengths, 5.0, script).await;
        run.expect_honest(&["A", "B", "C"]);
        for name in ["A", "B", "C"] {
            run.expect_started_at(name, 0.0);
        }
        let hint = "after the signal, keep awaiting the jobs in flight (until the deadline): \
                    work that fits the deadline must finish, not be dropped at the signal";
        run.expect_ended_at("A", 2.0, "in-flight work was cut short", hint);
        run.expect_ended_at("C", 3.0, "in-flight work was cut short", hint);
        run.expect_ended_at("B", 4.0, "in-flight work was cut short", hint);
        run.q.expect(
            run.report.finished == ["A", "C", "B"] && run.report.cancelled.is_empty(),
            &format!(
                "the report says finished {:?}, cancelled {:?}; expected finished [\"A\", \
                 \"C\", \"B\"], nothing cancelled: all three fit the deadline",
                run.report.finished, run.report.cancelled
            ),
            hint,
        );
        run.expect_returned_at(
            4.0,
            "everything had finished at 4 s, yet the service kept waiting",
            "return as soon as nothing is left running: race the next finished job against \
             the deadline (tokio::select!), do not sleep out the grace period",
        );
        run.expect_nothing_after_return();
    });
}

#[test]
fn work_past_the_deadline_is_cancelled_and_reported() {
    run_paused(|| async {
        // Signal at 3 s, grace 2 s: the deadline is 5 s (counted from the signal, not from
        // the start or from each job).
        let lengths = [("A", 4.0), ("B", 9.0), ("C", 6.0), ("D", 1.5)];
        let script = vec![
            Step::Job(0.0, "A"),
            Step::Job(0.0, "B"),
            Step::Job(1.0, "C"),
            Step::Job(2.0, "D"),
            Step::Signal(3.0),
        ];
        let run = run(&lengths, 2.0, script).await;
        run.expect_honest(&["A", "B", "C", "D"]);
        run.expect_started_at("C", 1.0);
        run.expect_nothing_after_return();
        run.expect_ended_at(
            "A",
            4.0,
            "it fitted the deadline (5 s) and should have finished",
            "the deadline is the signal's time plus grace: until then, keep awaiting \
             what runs",
        );
        for name in ["B", "C"] {
            run.expect_ended_at(
                name,
                5.0,
                "work still running at the deadline (signal at 3 s + grace 2 s) must be \
                 cancelled then",
                "the deadline is the signal's time plus grace; at the deadline drop what \
                 still runs",
            );
        }
        let mut cancelled = run.report.cancelled.clone();
        cancelled.sort();
        let ran_to_end: Vec<&String> = run
            .report
            .cancelled
            .iter()
            .filter(|n| {
                let end = [("A", 4.0), ("D", 3.5)]
                    .iter()
                    .find(|(name, _)| n.as_str() == *name)
                    .map(|(_, end)| secs(*end));
                let span = run.q.span(n);
                end.is_some_and(|end| span.is_some_and(|s| s.end - run.window.start == end))
            })
            .collect();
        run.q.expect(
            ran_to_end.is_empty(),
            &format!(
                "Report::cancelled is {:?}, but {ran_to_end:?} ran to the end (D at 3.50 s, A \
                 at 4.00 s, before the deadline of 5 s), and Report::finished is {:?}: the jobs \
                 that finished during the grace period were lost",
                run.report.cancelled, run.report.finished
            ),
            "record each job as it finishes (a select! loop on running.next() against the \
             deadline): a timeout around collecting them all throws away the ones that did \
             finish when it fires",
        );
        run.q
            .expect(
                cancelled == ["B", "C"],
                &format!(
                    "Report::cancelled is {:?}, expected [\"B\", \"C\"]: the jobs cut at the \
                 deadline were not reported as dropped",
                    run.report.cancelled
                ),
                "keep the names of the jobs in flight; those still running at the deadline go \
             into cancelled",
            )
            .expect(
                run.report.finished == ["D", "A"],
                &format!(
                    "Report::finished is {:?}, expected [\"D\", \"A\"]",
                    run.report.finished
                ),
                "finished lists only the jobs that ran to the end, in the order they finished",
            );
        run.expect_returned_at(
            5.0,
            "the service should return at the deadline (signal at 3 s + grace 2 s)",
            "race the jobs in flight against one deadline timer (tokio::time::sleep_until) \
             set when the signal comes",
        );
    });
}

#[test]
fn cancelled_jobs_are_listed_in_the_order_they_were_accepted() {
    run_paused(|| async {
        // Accepted Zed, Amy, Max (not their alphabetical order); all still run at the
        // deadline (signal at 2 s + grace 1 s).
        let lengths = [("Zed", 9.0), ("Amy", 8.0), ("Max", 7.0)];
        let script = vec![
            Step::Job(0.0, "Zed"),
            Step::Job(0.5, "Amy"),
            Step::Job(1.0, "Max"),
            Step::Signal(2.0),
        ];
        let run = run(&lengths, 1.0, script).await;
        run.expect_honest(&["Zed", "Amy", "Max"]);
        run.expect_nothing_after_return();
        run.q.expect(
            run.report.cancelled == ["Zed", "Amy", "Max"],
            &format!(
                "Report::cancelled is {:?}, expected [\"Zed\", \"Amy\", \"Max\"]: the \
                 jobs cut at the deadline, in the order they were accepted",
                run.report.cancelled
            ),
            "keep the names of the jobs in flight in the order they came (a Vec: push when \
             one starts, remove when it ends); a BTreeSet sorts them by name, a HashMap \
             shuffles them",
        );
        run.expect_returned_at(
            3.0,
            "the deadline was 3 s (signal at 2 s + grace 1 s)",
            "race the jobs in flight against one deadline timer set when the signal comes",
        );
    });
}

#[test]
fn nothing_is_accepted_after_the_signal() {
    run_paused(|| async {
        // B (5 s) keeps the service busy until 5 s; jobs sent after the signal (2 s) must
        // never start, and must be refused: by the channel (closed) or in the report.
        let lengths = [("A", 1.0), ("B", 5.0), ("D", 1.0)];
        let script = vec![
            Step::Job(0.0, "A"),
            Step::Job(0.0, "B"),
            Step::Job(1.5, "D"),
            Step::Signal(2.0),
            Step::Job(2.5, "Late-1"),
            Step::Job(3.0, "Late-2"),
        ];
        let run = run(&lengths, 10.0, script).await;
        for (late, sent_at) in [("Late-1", 2.5), ("Late-2", 3.0)] {
            run.q.expect(
                run.q.span(late).is_none(),
                &format!(
                    "{late} was downloaded although it was sent after the shutdown signal: \
                     the service kept accepting work"
                ),
                "when the signal comes stop taking jobs: leave the accept loop, and close \
                 the channel (jobs.close()) so senders learn that they were refused",
            );
            run.q.expect(
                run.send_failed.contains(&late) || run.report.refused.iter().any(|r| r == late),
                &format!(
                    "{late}, sent after the signal, was neither refused by the channel (it \
                     was still open) nor reported in Report::refused: it was silently dropped"
                ),
                "after the signal call jobs.close(), then take what is left with \
                 jobs.try_recv() into refused",
            );
            run.q.expect(
                run.send_failed.contains(&late),
                &format!(
                    "{late}, sent at {}, after the signal (2.00 s), was taken by the jobs \
                     channel (its send succeeded) and only filed in Report::refused \
                     afterwards: the channel was still open after the signal, so its sender \
                     was told the job was accepted (and would wait once the channel is full)",
                    fmt_duration(secs(sent_at))
                ),
                "close the channel at the signal itself, before the grace period \
                 (jobs.close() as soon as the signal comes): a late sender then gets an \
                 error at once; Report::refused is for what was already queued at the signal",
            );
        }
        run.expect_honest(&["A", "B", "D"]);
        run.expect_started_at("D", 1.5);
        run.q.expect(
            run.report.finished == ["A", "D", "B"],
            &format!(
                "Report::finished is {:?}, expected [\"A\", \"D\", \"B\"]",
                run.report.finished
            ),
            "a job accepted before the signal still runs to the end if it fits the deadline",
        );
        run.expect_returned_at(
            5.0,
            "B was the last job in flight and ended at 5 s",
            "return as soon as nothing is left running",
        );
    });
}

/// The jobs of `jobs_still_queued_at_the_signal_are_refused_unstarted`.
const QUEUED: [&str; 15] = [
    "Q01", "Q02", "Q03", "Q04", "Q05", "Q06", "Q07", "Q08", "Q09", "Q10", "Q11", "Q12", "Q13",
    "Q14", "Q15",
];

#[test]
fn jobs_still_queued_at_the_signal_are_refused_unstarted() {
    run_paused(|| async {
        // A (4 s) runs; at 1 s fifteen jobs are sent at once, the signal straight after them,
        // in the same instant: the service, woken by both, may take a job or two before it
        // notices the signal (select! picks among the ready branches at random), but the
        // rest are still waiting in the channel then. What is queued at the signal is
        // refused, never started.
        let lengths = [("A", 4.0)];
        let script = vec![Step::Job(0.0, "A"), Step::JobsThenSignal(1.0, &QUEUED)];
        let run = run(&lengths, 10.0, script).await;
        let started: Vec<&str> = QUEUED
            .iter()
            .copied()
            .filter(|name| run.q.span(name).is_some())
            .collect();
        let refused = |name: &str| run.report.refused.iter().any(|r| r == name);
        let both: Vec<&str> = started.iter().copied().filter(|n| refused(n)).collect();
        run.q.expect(
            both.is_empty(),
            &format!(
                "{both:?} were downloaded, and also listed in Report::refused: a refused job \
                 is one that never started"
            ),
            "at the signal, put what is still queued into refused without starting it",
        );
        run.q.expect(
            started.len() < QUEUED.len(),
            &format!(
                "{} jobs were sent in one instant, the signal right after them: at most a \
                 few could be taken before the service saw the signal, the rest were still \
                 waiting in the jobs channel; yet all {} were downloaded and none refused \
                 (Report::refused is {:?}): the jobs still queued at the signal were started \
                 as if accepted",
                QUEUED.len(),
                QUEUED.len(),
                run.report.refused
            ),
            "at the signal accept nothing more: jobs.close(), then take what is still \
             queued with jobs.try_recv() straight into Report::refused, unstarted. Queued is \
             not accepted: only a job received before the signal runs",
        );
        let lost: Vec<&str> = QUEUED
            .iter()
            .copied()
            .filter(|n| !started.contains(n) && !refused(n) && !run.send_failed.contains(n))
            .collect();
        run.q.expect(
            lost.is_empty(),
            &format!(
                "{lost:?}, waiting in the jobs channel at the signal, were neither started nor \
                 reported in Report::refused: it was silently dropped"
            ),
            "after the signal call jobs.close(), then take what is left with \
             jobs.try_recv() into refused",
        );
        let mut downloaded = vec!["A"];
        downloaded.extend(&started);
        run.expect_honest(&downloaded);
        run.expect_nothing_after_return();
        run.expect_ended_at(
            "A",
            4.0,
            "a job accepted before the signal runs to its end if it fits the deadline",
            "keep awaiting the jobs in flight until the deadline",
        );
    });
}

#[test]
fn a_closed_jobs_channel_is_not_the_signal() {
    run_paused(|| async {
        // Every sender is gone at 1 s: no more jobs will come, but the service runs on, A
        // finishes, and it stops at the signal (5 s).
        let lengths = [("A", 3.0)];
        let script = vec![Step::Job(0.0, "A"), Step::Close(1.0), Step::Signal(5.0)];
        let run = run(&lengths, 1.0, script).await;
        run.expect_honest(&["A"]);
        run.expect_ended_at(
            "A",
            3.0,
            "a job in flight when the channel closed was cut short",
            "a closed channel only means no more jobs: keep awaiting those in flight",
        );
        run.q.expect(
            run.report.finished == ["A"] && run.report.cancelled.is_empty(),
            &format!(
                "the report says finished {:?}, cancelled {:?}; expected A finished",
                run.report.finished, run.report.cancelled
            ),
            "a closed channel only means no more jobs: keep awaiting those in flight",
        );
        run.expect_returned_at(
            5.0,
            "the jobs channel closing (at 1 s) is not the shutdown signal (at 5 s)",
            "when jobs.recv() returns None, stop receiving (a select! branch with `if open`) \
             but keep serving until the signal",
        );
    });
}

#[test]
fn a_change_to_false_is_not_the_signal() {
    run_paused(|| async {
        // The shutdown channel is set to `false` again at 1 s: it changed, but the signal is
        // `true` (at 5 s). A (3 s) runs to its end and the service stops at 5 s.
        let lengths = [("A", 3.0)];
        let script = vec![Step::Job(0.0, "A"), Step::NotYet(1.0), Step::Signal(5.0)];
        let run = run(&lengths, 1.0, script).await;
        run.expect_honest(&["A"]);
        let hint = "the signal is the value turning true, not any change: \
                    `shutdown.wait_for(|&stop| stop)` (changed() wakes on every send, \
                    false included)";
        run.expect_returned_at(
            5.0,
            "the shutdown channel was set to false at 1 s: a change, but not the signal \
             (true, at 5 s)",
            hint,
        );
        run.expect_ended_at(
            "A",
            3.0,
            "A was cut short: the service took `false` (at 1 s) for the signal",
            hint,
        );
    });
}

#[test]
fn a_dropped_shutdown_sender_is_the_signal() {
    run_paused(|| async {
        // The shutdown channel's sender is dropped at 1 s: that is the signal. A (2 s)
        // finishes within the grace period; B (6 s) is cancelled at 1 + 2 = 3 s.
        let lengths = [("A", 2.0), ("B", 6.0)];
        let script = vec![
            Step::Job(0.0, "A"),
            Step::Job(0.0, "B"),
            Step::DropSignal(1.0),
        ];
        let run = run(&lengths, 2.0, script).await;
        run.expect_honest(&["A", "B"]);
        run.q.expect(
            run.report.finished == ["A"] && run.report.cancelled == ["B"],
            &format!(
                "the report says finished {:?}, cancelled {:?}; expected A finished and B \
                 cancelled at the deadline (3 s)",
                run.report.finished, run.report.cancelled
            ),
            "a dropped shutdown sender is the signal: let in-flight work run until it + \
             grace, then cancel the rest",
        );
        run.expect_returned_at(
            3.0,
            "the shutdown sender was dropped at 1 s (the signal); the deadline was 3 s",
            "treat the Err of wait_for (a dropped sender) like the signal",
        );
    });
}
