//! Checks `read_messages`: the test writes into a pipe at chosen virtual times (paused tokio
//! clock: exact and instant), sometimes a line in several pieces with a quiet period in
//! between, and compares what came out with what went in: every line, whole, in order; the
//! exact number of quiet periods; and the exact instant the call returned (the end of the
//! stream, or the shutdown signal).

use select_cancel::{Received, read_messages};
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWriteExt, BufReader, DuplexStream, ReadBuf};
use tokio::sync::oneshot;
use tokio::time::Instant;
use toolkit::format::fmt_duration;
use toolkit::watchdog::within;

const QUIET: Duration = Duration::from_secs(1);
// Virtual time: every script ends well before this.
const LIMIT: Duration = Duration::from_secs(1000);
const HANG: &str = "read_messages never returned: at the end of the stream `next_line` gives \
                    Ok(None) (`read_line` gives Ok(0)): stop then; and stop when the shutdown \
                    fires (`_ = &mut shutdown => break` in the select!)";
const SPUN: &str = "read_messages kept the runtime busy and never waited, so the paused clock \
                    could not move on: is a select! branch always ready? A sleep made once \
                    and never made again stays finished, and select! takes it at once every \
                    time round: make a new `tokio::time::sleep(quiet)` each time round the \
                    loop (or reset the pinned one after a timeout too)";
const CANCEL_SAFE: &str = "when the timer (or the shutdown) wins, select! DROPS the read \
                           future, and a future that was not cancel-safe takes its partial \
                           line with it (read_line into a String made each time round, or a \
                           new read of your own each loop; a `Lines` made anew each time round \
                           loses it too: the partial line lives in the `Lines`). Use a \
                           cancel-safe read: make `let mut lines = reader.lines();` once, \
                           before the loop, and select on `lines.next_line()` (or pin one read \
                           future outside the loop)";
const RESTART: &str = "count a timeout each time `quiet` goes by with no complete line, then \
                       start waiting again: a new `tokio::time::sleep(quiet)` each time round \
                       the loop. An interval, one deadline for the whole call, or a count \
                       worked out from the clock gives other numbers";

/// Runs a test body on a one-thread runtime with paused time, under a deadline on the paused
/// clock (a deadlock) and one on the real clock (a loop that never waits keeps the paused clock
/// from moving): see `toolkit::watchdog::paused`.
/// Paused, every script plays in milliseconds of real time: 5 s is slack for any load.
fn paused<F: Future<Output = ()>>(body: impl FnOnce() -> F + Send + 'static) {
    toolkit::watchdog::paused(Duration::from_secs(5), SPUN, LIMIT, HANG, body)
}

/// One step of what the test's writer does, at a virtual time in milliseconds.
#[derive(Debug, Clone)]
enum Step {
    Write(u64, String),
    /// Closes the pipe: the end of the stream.
    Eof(u64),
    /// Fires the shutdown signal (the pipe stays open until `Eof`).
    Shutdown(u64),
    /// Drops the shutdown sender without sending: the doc says that is the signal too.
    DropShutdown(u64),
}

fn write(at: u64, text: &str) -> Step {
    Step::Write(at, text.to_owned())
}

fn at(step: &Step) -> u64 {
    match step {
        Step::Write(t, _) | Step::Eof(t) | Step::Shutdown(t) | Step::DropShutdown(t) => *t,
    }
}

/// What a right answer gives for `script`: the lines, the timeouts and the instant the call
/// returns (the first `Eof` or `Shutdown`); and the instants (ms) at which each timeout
/// happens: `quiet` after the last line or the last timeout, with no complete line between.
fn expected_timeline(script: &[Step], quiet: Duration) -> (Received, u64, Vec<u64>) {
    let q = quiet.as_millis() as u64;
    let mut want = Received::default();
    let mut partial = String::new();
    let mut last = 0;
    let mut instants = Vec::new();
    let mut quiet_periods = |last: u64, now: u64| {
        assert!(
            now == last || !(now - last).is_multiple_of(q),
            "test script bug: an event at {now} ms ties with a timeout"
        );
        let n = (now - last) / q;
        instants.extend((1..=n).map(|k| last + k * q));
        n as usize
    };
    for step in script {
        match step {
            Step::Write(t, text) => {
                for c in text.chars() {
                    if c == '\n' {
                        want.timeouts += quiet_periods(last, *t);
                        last = *t;
                        want.lines.push(std::mem::take(&mut partial));
                    } else {
                        partial.push(c);
                    }
                }
            }
            Step::Eof(t) | Step::Shutdown(t) | Step::DropShutdown(t) => {
                want.timeouts += quiet_periods(last, *t);
                return (want, *t, instants);
            }
        }
    }
    panic!("test script bug: no end")
}

/// How many timeouts a right reader with the quiet period `q` would count for `script` (no
/// check for ties): to name a reader that used another period than the one it was given.
fn timeouts_with(script: &[Step], q: Duration) -> usize {
    let q = q.as_millis() as u64;
    let (mut count, mut last) = (0, 0);
    for step in script {
        let t = at(step);
        match step {
            Step::Write(_, text) if !text.contains('\n') => continue,
            Step::Write(..) => {
                count += (t - last) / q;
                last = t;
            }
            Step::Eof(_) | Step::Shutdown(_) | Step::DropShutdown(_) => {
                return (count + (t - last) / q) as usize;
            }
        }
    }
    count as usize
}

/// `read_messages`' future, noting the virtual instant of every poll: a timer that fires wakes
/// the task, so a reader that waits on a quiet timer is polled at each timeout; one that works
/// the count out from the clock afterwards is not.
struct Polled<F> {
    inner: Pin<Box<F>>,
    start: Instant,
    at: Arc<std::sync::Mutex<Vec<Duration>>>,
    /// When (virtual, since the start) the script dropped the shutdown sender, if it has.
    sender_dropped: Arc<std::sync::Mutex<Option<Duration>>>,
}

impl<F: Future> Future for Polled<F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = self.get_mut();
        this.at.lock().unwrap().push(this.start.elapsed());
        let inner = &mut this.inner;
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| inner.as_mut().poll(cx))) {
            Ok(poll) => poll,
            Err(payload) => {
                let Some(dropped) = *this.sender_dropped.lock().unwrap() else {
                    std::panic::resume_unwind(payload)
                };
                let message = payload
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| payload.downcast_ref::<&str>().copied())
                    .unwrap_or("a panic");
                panic!(
                    "read_messages panicked at {} ({message:?}), after the shutdown sender was \
                     dropped at {}: a dropped sender is the signal too (the doc says so), but \
                     the shutdown branch did not take it, and the spent receiver was polled \
                     again. An `Ok(()) = &mut shutdown` pattern does not match the \
                     Err(RecvError) of a dropped sender: select! switches the branch off, and \
                     next time round the loop the finished oneshot panics.\n  hint: match \
                     every outcome of the receiver, `_ = &mut shutdown => break`: sent or \
                     dropped, it is the signal to stop",
                    fmt_duration(this.start.elapsed()),
                    fmt_duration(dropped)
                );
            }
        }
    }
}

/// The test's end of the pipe, handed to `read_messages`: it notes when it is dropped, so the
/// test knows whether the reader still holds it after the call returned.
struct Tracked {
    pipe: DuplexStream,
    alive: Arc<AtomicBool>,
}

impl AsyncRead for Tracked {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.pipe).poll_read(cx, buf)
    }
}

impl Drop for Tracked {
    fn drop(&mut self) {
        self.alive.store(false, Ordering::SeqCst);
    }
}

/// What the call gave, when it returned, and whether the reader was still held then.
struct Played {
    got: Received,
    returned: Duration,
    reader_kept: bool,
    /// When (virtual, since the start) the call's future was polled.
    polled: Vec<Duration>,
}

/// What two wrong timers count for `script`, to name them: one that starts over whenever
/// any bytes arrive (not only a complete line), and one that counts a silence once however
/// long it lasts.
fn other_counts(script: &[Step], quiet: Duration) -> (usize, usize) {
    let q = quiet.as_millis() as u64;
    let (mut per_piece, mut per_silence) = (0, 0);
    let (mut last_bytes, mut last_line) = (0, 0);
    for step in script {
        let t = at(step);
        per_piece += ((t - last_bytes) / q) as usize;
        let ends_a_silence = match step {
            Step::Write(_, text) => text.contains('\n'),
            Step::Eof(_) | Step::Shutdown(_) | Step::DropShutdown(_) => true,
        };
        if ends_a_silence && t - last_line >= q {
            per_silence += 1;
        }
        match step {
            Step::Write(_, text) => {
                last_bytes = t;
                if text.contains('\n') {
                    last_line = t;
                }
            }
            Step::Eof(_) | Step::Shutdown(_) | Step::DropShutdown(_) => {
                return (per_piece, per_silence);
            }
        }
    }
    (per_piece, per_silence)
}

/// Plays `script` into a pipe while `read_messages` reads it; returns what it received and
/// when (virtual ms since the start) it returned.
async fn play(script: Vec<Step>, quiet: Duration) -> Played {
    let (client, server) = tokio::io::duplex(1 << 16);
    let (stop, shutdown) = oneshot::channel();
    let start = Instant::now();
    let sender_dropped = Arc::new(std::sync::Mutex::new(None));
    let dropped_at = Arc::clone(&sender_dropped);
    let writer = tokio::spawn(async move {
        let (mut client, mut stop) = (Some(client), Some(stop));
        for step in script {
            tokio::time::sleep_until(start + Duration::from_millis(at(&step))).await;
            match step {
                Step::Write(_, text) => {
                    if let Some(pipe) = client.as_mut() {
                        // The reader may have returned and dropped its end: that is judged
                        // by the test, not here.
                        let _ = pipe.write_all(text.as_bytes()).await;
                    }
                }
                Step::Eof(_) => drop(client.take()),
                Step::Shutdown(_) => {
                    if let Some(stop) = stop.take() {
                        let _ = stop.send(());
                    }
                }
                Step::DropShutdown(_) => {
                    *dropped_at.lock().unwrap() = Some(start.elapsed());
                    drop(stop.take());
                }
            }
        }
        // Keeps the shutdown sender alive to the end, unless the script dropped it: a
        // dropped sender is the signal too, so only a script step may drop it.
        stop
    });
    let alive = Arc::new(AtomicBool::new(true));
    let reader = Tracked {
        pipe: server,
        alive: Arc::clone(&alive),
    };
    let polls = Arc::new(std::sync::Mutex::new(Vec::new()));
    let call = Polled {
        inner: Box::pin(read_messages(BufReader::new(reader), quiet, shutdown)),
        start,
        at: Arc::clone(&polls),
        sender_dropped,
    };
    let got = within(LIMIT, HANG, call).await;
    let returned = start.elapsed();
    // Checked in the same instant: nothing else has run since the call returned.
    let reader_kept = alive.load(Ordering::SeqCst);
    writer.abort();
    let polled = polls.lock().unwrap().clone();
    Played {
        got,
        returned,
        reader_kept,
        polled,
    }
}

/// Runs `script` and checks everything, blaming the first thing that went wrong.
async fn check(script: Vec<Step>) {
    check_with(script, QUIET).await;
}

/// [`check`], with a quiet period of `quiet`.
async fn check_with(script: Vec<Step>, quiet: Duration) {
    let (want, end, timeout_instants) = expected_timeline(&script, quiet);
    let one_second = timeouts_with(&script, Duration::from_secs(1));
    let ending = script
        .iter()
        .find(|s| matches!(s, Step::Eof(_) | Step::Shutdown(_) | Step::DropShutdown(_)));
    let ended_by_shutdown =
        ending.is_some_and(|s| matches!(s, Step::Shutdown(_) | Step::DropShutdown(_)));
    let ended_by_drop = ending.is_some_and(|s| matches!(s, Step::DropShutdown(_)));
    // Every instant at which something happens that may wake the reader: the start, each
    // step of the script up to the end (later ones come after the call), each timeout.
    let mut reasons_at: Vec<Duration> = std::iter::once(0)
        .chain(script.iter().map(at).take_while(|&t| t <= end))
        .chain(timeout_instants.iter().copied())
        .map(Duration::from_millis)
        .collect();
    reasons_at.sort_unstable();
    let (per_piece, per_silence) = other_counts(&script, quiet);
    let events = script.len();
    let Played {
        got,
        returned,
        reader_kept,
        polled,
    } = play(script, quiet).await;
    let end = Duration::from_millis(end);

    if returned > end && ended_by_drop {
        panic!(
            "read_messages returned at {}, {} after the shutdown sender was dropped at {}: \
             a dropped sender is the signal too (the doc says so), and it did not stop on \
             shutdown.\n  hint: match every outcome of the receiver, `_ = &mut shutdown => \
             break`: an `Ok(()) =` pattern (or anything that waits for the () only) ignores \
             a dropped sender",
            fmt_duration(returned),
            fmt_duration(returned - end),
            fmt_duration(end)
        );
    }
    if returned > end && ended_by_shutdown {
        panic!(
            "read_messages returned at {}, {} after the shutdown signal at {}: it did not \
             stop on shutdown.\n  hint: select! on the shutdown too, every time round the \
             loop: `_ = &mut shutdown => break`",
            fmt_duration(returned),
            fmt_duration(returned - end),
            fmt_duration(end)
        );
    }
    if returned < end {
        panic!(
            "read_messages returned at {}, before the {} at {}, with {} line(s) and {} \
             timeout(s): it stopped reading too early.\n  hint: a timeout is not the end of \
             the stream: count it and keep reading; stop only at the end of the stream \
             (Ok(None)) or on the shutdown",
            fmt_duration(returned),
            if ended_by_shutdown {
                "shutdown signal"
            } else {
                "end of the stream"
            },
            fmt_duration(end),
            got.lines.len(),
            got.timeouts
        );
    }
    if returned > end {
        panic!(
            "read_messages returned at {}, {} after the end of the stream at {}.\n  hint: \
             stop as soon as the stream ends (`next_line` gives Ok(None))",
            fmt_duration(returned),
            fmt_duration(returned - end),
            fmt_duration(end)
        );
    }
    assert!(
        !reader_kept,
        "read_messages returned at {}, but the reader it was given was still held after it \
         returned: something it started (a spawned task?) is still reading the stream, and \
         the caller got a copy of what had come so far, not the answer; or the reader was \
         leaked (mem::forget, Box::leak), which never lets it go.\n  hint: read in \
         read_messages itself, in one select! loop, and let the reader go when it returns \
         (it is dropped at the end of the function); a task of your own must have ended \
         before the call returns",
        fmt_duration(returned)
    );
    if got.lines != want.lines {
        let torn = got.lines.iter().find(|g| {
            want.lines
                .iter()
                .any(|w| w.len() > g.len() && w.ends_with(g.as_str()))
        });
        let problem = match torn {
            Some(piece) => format!(
                "lost data: got the line {piece:?}, the end of a line that arrived in \
                 pieces: its start was lost when the timer won"
            ),
            None => "lost or mangled lines".to_owned(),
        };
        panic!(
            "{problem}.\n  got      {}\n  expected {}\n  hint: {CANCEL_SAFE}",
            show(&got.lines),
            show(&want.lines)
        );
    }
    if got.timeouts != want.timeouts {
        let why = if quiet != Duration::from_secs(1) && got.timeouts == one_second {
            format!(
                ": exactly what a quiet period of 1 s gives, but this call was given {}. Use \
                 the `quiet` argument, not a number of your own",
                fmt_duration(quiet)
            )
        } else if got.timeouts == per_piece {
            ": exactly what a timer that starts over whenever PART of a line arrives gives. \
             Only a complete line (or a timeout) starts the quiet period over: bytes that \
             do not finish a line are not a line"
                .to_owned()
        } else if got.timeouts == per_silence {
            ": exactly one per silence, however long. A silence of 2.5 quiet periods is \
             two timeouts: after one, start a new timer at once and count again"
                .to_owned()
        } else {
            String::new()
        };
        panic!(
            "counted {} timeout(s), expected {}: one for each {} with no complete line{why}.\n  \
             hint: {RESTART}",
            got.timeouts,
            want.timeouts,
            fmt_duration(quiet)
        );
    }
    // The count is right: was it counted when each quiet period went by? A timer that fires
    // wakes the task, so the call is polled at that instant (nothing else happens then: no
    // event of the script ties with a timeout).
    let tick = Duration::from_millis(1);
    let missed: Vec<Duration> = timeout_instants
        .iter()
        .map(|&t| Duration::from_millis(t))
        .filter(|&t| !polled.iter().any(|&p| p >= t && p <= t + tick))
        .collect();
    if let Some(&first) = missed.first() {
        panic!(
            "the count of timeouts is right ({}), but read_messages was not even woken at {} \
             when {} had gone by with no complete line ({} of the {} timeouts went by \
             unnoticed): it did not wait on a quiet timer, it worked the count out from the \
             clock afterwards. A timeout is an event the reader acts on at the time (here \
             counts; in a real program, pings or gives up), not a sum done later.\n  hint: \
             {RESTART}",
            got.timeouts,
            fmt_duration(first),
            fmt_duration(quiet),
            missed.len(),
            timeout_instants.len()
        );
    }
    // Woken at every timeout, but also in between? Each event of the script (a write, the
    // end, the shutdown) and each timeout wakes the reader once or twice; a loop that also
    // wakes on a short ticker of its own is polled hundreds of times more, for nothing.
    let reasons = events + timeout_instants.len();
    let enough = 4 * reasons + 10;
    if polled.len() > enough {
        panic!(
            "read_messages was woken {} times over {} for {events} event(s) of the stream and \
             {} timeout(s), which need about {}: it polls on a short timer of its own (a \
             ticker, a sleep of a millisecond in the loop) instead of sleeping until the \
             next line, the shutdown or the quiet timer.\n  hint: {RESTART}",
            polled.len(),
            fmt_duration(returned),
            timeout_instants.len(),
            2 * reasons
        );
    }
    // Few polls, but each must have a reason: a ticker of its own, however slow (half the
    // quiet period, reset at every line so that its ticks also land on the timeouts), wakes
    // the reader at instants where nothing happened.
    let idle = polled
        .iter()
        .find(|&&p| !reasons_at.iter().any(|&e| p >= e && p <= e + tick));
    if let Some(&p) = idle {
        let before = reasons_at.iter().rev().find(|&&e| e <= p).copied();
        let after = reasons_at.iter().find(|&&e| e > p).copied();
        panic!(
            "read_messages was woken at {} when nothing had happened: no data, no quiet \
             period over, no signal (the last event was at {}, the next at {}): it polls on \
             a timer of its own (a ticker, an interval of part of `quiet`) and works the \
             count out from the clock, instead of sleeping until the next line, the \
             shutdown or the quiet timer.\n  hint: {RESTART}",
            fmt_duration(p),
            before.map_or("-".to_owned(), fmt_duration),
            after.map_or("-".to_owned(), fmt_duration)
        );
    }
}

fn show(lines: &[String]) -> String {
    if lines.len() <= 8 {
        format!("{lines:?}")
    } else {
        let first_wrong = lines.len().min(8);
        format!(
            "{} lines, starting {:?}…",
            lines.len(),
            &lines[..first_wrong]
        )
    }
}

#[test]
fn a_line_in_pieces_is_one_line() {
    paused(|| async {
        check(vec![
            write(0, "one\n"),
            write(500, "tw"),
            // 2.2 s later, after two quiet periods: the rest of "two".
            write(2700, "o\n"),
            write(3000, "three\n"),
            Step::Eof(3200),
        ])
        .await;
    });
}

#[test]
fn counts_every_quiet_period() {
    paused(|| async {
        check(vec![
            write(300, "a\n"),
            write(2500, "b\n"),
            write(2600, "c\n"),
            Step::Eof(6400),
        ])
        .await;
    });
}

/// Each piece comes less than `quiet` after the last, but the line takes longer than `quiet`
/// to complete: a quiet period went by with no complete line.
#[test]
fn pieces_of_a_line_do_not_restart_the_timer() {
    paused(|| async {
        check(vec![
            write(0, "sl"),
            write(700, "ow"),
            write(1400, " li"),
            write(2100, "ne\n"),
            write(2300, "quick\n"),
            Step::Eof(2400),
        ])
        .await;
    });
}

#[test]
fn stops_on_shutdown() {
    paused(|| async {
        check(vec![
            write(0, "a\n"),
            write(1500, "b\n"),
            write(2000, "c"),
            Step::Shutdown(2200),
            write(2300, "\n"),
            Step::Eof(60_000),
        ])
        .await;
    });
}

/// The doc: `shutdown` fires when a () is sent "or its sender is dropped". The test drops
/// the sender mid-line, and a line completes after it.
#[test]
fn a_dropped_shutdown_sender_stops_the_reader() {
    paused(|| async {
        check(vec![
            write(0, "a\n"),
            write(1500, "b"),
            Step::DropShutdown(2200),
            write(2300, "\n"),
            Step::Eof(60_000),
        ])
        .await;
    });
}

#[test]
fn shutdown_in_a_quiet_stream() {
    paused(|| async {
        check(vec![
            write(100, "first\nsecond\n"),
            Step::Shutdown(4321),
            Step::Eof(60_000),
        ])
        .await;
    });
}

/// Sixty lines, each in one to three pieces, with gaps both shorter and longer than the
/// quiet period: every line must come out whole, in order.
#[test]
fn many_lines_in_pieces() {
    paused(|| async {
        let mut seed: u64 = 0x5eed;
        let mut next = move |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        let mut script = Vec::new();
        let mut t = 0;
        for i in 0..60 {
            let line = format!("message {i} {}\n", "x".repeat(next(20) as usize));
            let pieces = 1 + next(3) as usize;
            let cut = line.len() / pieces;
            for p in 0..pieces {
                let end = if p + 1 == pieces {
                    line.len()
                } else {
                    (p + 1) * cut
                };
                // Gaps of 10 ms to 2.5 s; odd milliseconds never tie with a whole second.
                t += 10 * (1 + next(250)) + 3;
                script.push(write(t, &line[p * cut..end]));
            }
        }
        script.push(Step::Eof(t + 1_501));
        check(script).await;
    });
}

/// The quiet period is the caller's: 700 ms here. A timer of a fixed second (what the other
/// tests happen to use) counts other numbers.
#[test]
fn the_quiet_period_is_the_one_given() {
    paused(|| async {
        check_with(
            vec![
                write(0, "a\n"),
                write(1000, "b"),
                // 2.55 s after "a": three quiet periods of 700 ms, two of a second.
                write(2550, "\n"),
                write(2900, "c\n"),
                write(3333, "d"),
                write(4000, "\n"),
                Step::Eof(5555),
            ],
            Duration::from_millis(700),
        )
        .await;
    });
}
