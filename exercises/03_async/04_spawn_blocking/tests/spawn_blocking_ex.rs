//! Checks `run_blocking`: while a blocking job runs, a heartbeat task on the **same**
//! single-threaded runtime keeps beating, and the job runs on another thread.
//!
//! Why real time here, unlike the other async tests: the job blocks with
//! `std::thread::sleep`, which tokio's paused clock cannot see or skip. So this test runs a
//! `current_thread` runtime (one thread, like asyncio's event loop) on the real clock, with
//! short durations (a 300 ms job, a 10 ms heartbeat) and generous slack: it asks only that the
//! heartbeat never went silent for half the job, where blocking the loop silences it for the
//! whole job. The toolkit's `watchdog` (real time) stops it if anything hangs.

use spawn_blocking_ex::run_blocking;
use std::time::Duration;
use toolkit::Timeline;
use toolkit::watchdog::watchdog;

const JOB: Duration = Duration::from_millis(300);
const BEAT: Duration = Duration::from_millis(10);
const HANG: &str = "is the job, or the await on its handle, stuck?";

/// Runs `body` on a one-thread runtime, like asyncio's event loop, under the watchdog.
fn on_one_thread<T: Send + 'static>(body: impl Future<Output = T> + Send + 'static) -> T {
    watchdog(Duration::from_secs(10), HANG, move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a tokio runtime")
            .block_on(body)
    })
}

/// Beats forever: each beat is a 10 ms async sleep, recorded as a span named "beat".
async fn heartbeat(timeline: Timeline) {
    loop {
        timeline
            .record_async("beat", tokio::time::sleep(BEAT))
            .await;
    }
}

#[test]
fn the_heartbeat_keeps_beating_while_a_blocking_job_runs() {
    on_one_thread(async {
        let timeline = Timeline::new();
        let heartbeat = tokio::spawn(heartbeat(timeline.clone()));
        tokio::task::yield_now().await; // let the heartbeat start before the job does

        let t = timeline.clone();
        let answer = run_blocking(move || {
            t.record("job", || {
                std::thread::sleep(JOB); // blocks whichever thread runs it
                42
            })
        })
        .await;
        assert_eq!(answer, 42, "run_blocking returns what the job returned");
        heartbeat.abort();
        let _ = heartbeat.await;

        let q = timeline.query();
        let job = q.span("job").expect("the job was recorded").clone();
        let beats = q.labelled("beat");

        // The longest stretch of the job during which no beat finished.
        let mut marks = vec![job.start];
        marks.extend(
            beats
                .spans()
                .iter()
                .map(|b| b.end)
                .filter(|&end| job.start < end && end < job.end),
        );
        marks.push(job.end);
        let silence = marks
            .windows(2)
            .map(|w| w[1] - w[0])
            .max()
            .unwrap_or_default();
        q.expect(
            silence < JOB / 2,
            &format!(
                "the heartbeat (one beat every {BEAT:?}) went silent for {silence:?} \
                 while the {JOB:?} job ran"
            ),
            "the job ran on the runtime's only thread and blocked it: \
             hand it to tokio::task::spawn_blocking and await the handle",
        );

        let beat_thread = beats.spans()[0].runner.thread_id;
        q.expect(
            job.runner.thread_id != beat_thread,
            "the job ran on the runtime's own thread",
            "tokio::task::spawn_blocking runs the job on its blocking thread pool",
        );
    });
}

#[test]
fn the_result_of_a_cpu_job_comes_back() {
    let answer = on_one_thread(run_blocking(|| toolkit::cpu::count_primes(0..100_000)));
    assert_eq!(answer, 9_592, "there are 9,592 primes below 100,000");
}
