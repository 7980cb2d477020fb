//! Checks exercise 4.3: `serve` answers every request, runs the CPU work off the event loop
//! (a heartbeat task on the same single-threaded runtime keeps ticking meanwhile), and works
//! on two requests at once.
//!
//! These tests use real time, not paused time: the work is real CPU work, which tokio's
//! virtual clock cannot skip. So they compare durations with generous ratios.

use async_cpu_pool::{Request, serve};
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, oneshot};
use toolkit::Timeline;
use toolkit::cpu::{calibrate, spin};
use toolkit::scale::fmt_duration;
use toolkit::watchdog::within;

const LIMIT: Duration = Duration::from_secs(10);
const HANG: &str =
    "does serve return once the channel is closed, and does every request get a reply?";

/// Sends one request per amount of work to a running `serve`, closes the channel, and
/// returns the answers in request order, with the moment (on `timeline`'s clock) when `serve`
/// had taken every request out of the channel.
async fn ask(work: &[u64], timeline: &Timeline) -> (Vec<u64>, Duration) {
    // Room for one request only: a send waits until `serve` has taken the one before.
    let (tx, rx) = mpsc::channel(1);
    let server = tokio::spawn(serve(rx, timeline.clone()));
    let mut replies = Vec::new();
    for (id, &work) in work.iter().enumerate() {
        let (reply, answer) = oneshot::channel();
        tx.send(Request { id, work, reply })
            .await
            .expect("serve stopped taking requests: did it panic or return early?");
        replies.push(answer);
    }
    // Room again means `serve` has taken the last request too.
    drop(
        tx.reserve()
            .await
            .expect("serve stopped taking requests: did it panic or return early?"),
    );
    let all_taken = timeline.now();
    drop(tx); // No more requests: serve may return.
    let mut answers = Vec::new();
    for answer in replies {
        answers.push(answer.await.expect("a request was dropped without a reply"));
    }
    server.await.expect("serve panicked");
    (answers, all_taken)
}

#[tokio::test]
async fn every_request_gets_its_answer() {
    let timeline = Timeline::new();
    let work = [1_000, 2_000, 3_000, 4_000, 5_000];
    let (answers, _) = within(LIMIT, HANG, ask(&work, &timeline)).await;
    let expected: Vec<u64> = work.iter().map(|&n| spin(n)).collect();
    assert_eq!(
        answers, expected,
        "each reply is spin(work) of its own request"
    );
    timeline.query().labelled("job-").expect_count(
        5,
        "record each request's CPU work as a span called job-{id}",
    );
}

/// A number of spin iterations that takes at least about `target` on one core right now.
/// (`calibrate` measures once; on a busy machine that once can be slow, so check.)
fn sized(target: Duration) -> u64 {
    let mut n = calibrate(target);
    for _ in 0..3 {
        let t = Instant::now();
        std::hint::black_box(spin(n));
        let took = t.elapsed();
        if took >= target.mul_f64(0.6) {
            break;
        }
        n = (n as f64 * target.as_secs_f64() / took.as_secs_f64().max(1e-3)) as u64;
    }
    n
}

/// One run: a heartbeat on the event loop, two requests of `n` iterations each. Returns the
/// failure message (with the timeline drawn), or `None` when everything held.
async fn heartbeat_run(n: u64) -> Option<String> {
    let timeline = Timeline::new();
    // The heartbeat: a task that sleeps 10 ms at a time, each sleep recorded as a "beat".
    // If the event loop is blocked, a beat cannot end on time and its span stretches.
    let beats = timeline.clone();
    let heart = tokio::spawn(async move {
        loop {
            beats
                .record_async("beat", tokio::time::sleep(Duration::from_millis(10)))
                .await;
        }
    });
    // Let it beat a few times first, so it is running before any request arrives.
    tokio::time::sleep(Duration::from_millis(30)).await;
    let (answers, all_taken) = within(LIMIT, HANG, ask(&[n, n + 1], &timeline)).await;
    heart.abort();
    let _ = heart.await; // Wait until it has stopped: its last beat is recorded by then.
    assert_eq!(answers, [spin(n), spin(n + 1)]);

    let q = timeline.query();
    let jobs = q.labelled("job-");
    jobs.expect_count(
        2,
        "record each request's CPU work as a span called job-{id}",
    );

    // The longest beat while the jobs ran: 10 ms if the loop stayed free, a whole job if not.
    let from = jobs
        .spans()
        .iter()
        .map(|s| s.start)
        .min()
        .unwrap_or_default();
    let to = jobs.spans().iter().map(|s| s.end).max().unwrap_or_default();
    let beats = q.filter(|s| s.label == "beat" && s.start < to && s.end > from);
    let longest_beat = beats.spans().iter().map(|s| s.duration()).max();
    let shortest_job = jobs
        .spans()
        .iter()
        .map(|s| s.duration())
        .min()
        .unwrap_or_default();
    let blocked = match longest_beat {
        None => true, // Not one beat while the jobs ran: the loop never got to run it.
        Some(beat) => beat >= shortest_job / 2,
    };
    if blocked {
        return Some(q.failure(
            &format!(
                "a 10 ms heartbeat took {} while a job took {}: the event loop was blocked",
                fmt_duration(longest_beat.unwrap_or(to - from)),
                fmt_duration(shortest_job)
            ),
            "hand the CPU work to tokio::task::spawn_blocking so the event loop stays free",
        ));
    }
    // On a current-thread runtime, the event loop is this test's own thread.
    let event_loop = toolkit::Runner::current();
    let on_loop = |s: &toolkit::Span| {
        (s.runner.pid, s.runner.thread_id) == (event_loop.pid, event_loop.thread_id)
    };
    if jobs.spans().iter().any(on_loop) {
        return Some(q.failure(
            "a job ran on the event loop's own thread",
            "hand the CPU work to tokio::task::spawn_blocking: tokio::spawn alone keeps it \
             on the event loop",
        ));
    }
    // Both requests should be taken at once, not the second only after the first is done.
    // (This asks when `serve` took them, not when the OS ran the jobs: a busy machine may
    // run two threads one after the other, but it cannot make `serve` wait.)
    let first_done = jobs.spans().iter().map(|s| s.end).min().unwrap_or_default();
    if all_taken >= first_done {
        return Some(q.failure(
            &format!(
                "serve took the second request at {}, after the first job had finished at {}",
                fmt_duration(all_taken),
                fmt_duration(first_done)
            ),
            "take the next request before the last one's work is done: tokio::spawn a task \
             per request, and let that task await the blocking job",
        ));
    }
    None
}

// `#[tokio::test]` runs on a current-thread runtime: one thread for the event loop, like
// asyncio. CPU work on that thread stops every other task, the heartbeat included.
#[tokio::test]
async fn the_heartbeat_keeps_ticking_while_cpu_work_runs() {
    // Each job takes about 150 ms on one core of this machine.
    let n = sized(Duration::from_millis(150));
    // A shared machine can stall any thread now and then, so up to three tries: a blocked
    // event loop fails every one of them, a free one passes the first quiet try.
    let mut failure = String::new();
    for attempt in 1..=3 {
        match heartbeat_run(n).await {
            None => return,
            Some(message) => {
                println!("attempt {attempt} failed");
                failure = message;
            }
        }
    }
    panic!("{failure}");
}
