//! Checks exercise 4.2: under the simulated GIL, downloads on several threads overlap (the
//! GIL is released while waiting), a download overlaps another thread's parsing, and two
//! threads parsing at once take turns — no speed-up, although the machine could give one.

use simulated_gil::{Job, run_jobs};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use toolkit::Timeline;
use toolkit::cpu::{calibrate, spin};
use toolkit::gil::Gil;
use toolkit::measure::{cores_busy, two_thread_cores};
use toolkit::scale::fmt_duration;
use toolkit::watchdog::watchdog;

const HANG: &str = "is a thread never joined, or is the GIL held forever by someone?";
const DOWNLOAD: Duration = Duration::from_millis(150);

/// The tests that measure CPU time take turns, so they do not slow each other down.
static CPU_TESTS: Mutex<()> = Mutex::new(());

fn job(name: &str, download: Duration, parse: u64) -> Job {
    Job {
        name: name.into(),
        download,
        parse,
    }
}

/// Runs the jobs under a watchdog with a fresh GIL and timeline.
fn run(jobs: Vec<Job>) -> (Vec<u64>, Timeline) {
    watchdog(Duration::from_secs(10), HANG, move || {
        let timeline = Timeline::new();
        let answers = run_jobs(&jobs, &Gil::new(), &timeline);
        (answers, timeline)
    })
}

/// How long `f` takes, on the wall clock.
fn time(f: impl FnOnce()) -> Duration {
    let t = Instant::now();
    f();
    t.elapsed()
}

#[test]
fn downloads_overlap_because_waiting_releases_the_gil() {
    let (answers, timeline) = run(vec![
        job("A", DOWNLOAD, 1_000),
        job("B", DOWNLOAD, 2_000),
        job("C", DOWNLOAD, 3_000),
    ]);
    assert_eq!(
        answers,
        [spin(1_000), spin(2_000), spin(3_000)],
        "answers in input order"
    );
    let all = timeline.query();
    all.expect_count(
        6,
        "record a \"{name} download\" and a \"{name} parse\" span per job",
    )
    .expect_threads_at_least(3, "run each job on its own thread");
    let downloads = all.filter(|s| s.label.ends_with("download"));
    let hint = "a thread that waits must not keep the GIL: wrap the download in gil.io(..), \
                not gil.hold(..)";
    downloads
        .expect_count(
            3,
            "record each download as a span called \"{name} download\"",
        )
        .expect_all_overlap(hint);
    // Three 150 ms waits at once take about 150 ms; one after the other, 450 ms.
    downloads.expect(
        downloads.total() < DOWNLOAD.mul_f64(1.6),
        &format!(
            "three {} downloads took {} from first start to last end",
            fmt_duration(DOWNLOAD),
            fmt_duration(downloads.total())
        ),
        hint,
    );
}

#[test]
fn a_download_overlaps_another_threads_parsing() {
    let _turn = CPU_TESTS.lock().unwrap_or_else(|e| e.into_inner());
    let n = calibrate(DOWNLOAD);
    let mut failure = String::new();
    // Up to three tries, because the machine is shared and a busy moment slows the parse.
    for attempt in 1..=3 {
        // A's parse alone, and a download of the same length for B: side by side they take
        // about one of them; if B kept the GIL while waiting, one after the other: twice.
        let alone = time(|| {
            std::hint::black_box(spin(n));
        });
        let (answers, timeline) = run(vec![job("A", Duration::ZERO, n), job("B", alone, 0)]);
        assert_eq!(answers, [spin(n), spin(0)], "answers in input order");
        let q = timeline.query();
        let hint = "while A computes, B only waits: B's download must not hold the GIL";
        q.expect(
            q.overlapped("A parse", "B download"),
            "B's download did not overlap A's parsing",
            hint,
        );
        if q.total() < alone.mul_f64(1.5) {
            return;
        }
        failure = q.failure(
            &format!(
                "A's parse and B's download each take about {}, but together they took {} \
                 (attempt {attempt} of 3)",
                fmt_duration(alone),
                fmt_duration(q.total())
            ),
            hint,
        );
    }
    panic!("{failure}");
}

#[test]
fn parsing_on_two_threads_takes_turns_under_the_gil() {
    let _turn = CPU_TESTS.lock().unwrap_or_else(|e| e.into_inner());
    let n = calibrate(DOWNLOAD);
    // Two tries: under a GIL, no try may ever show two parses computing at the same instant.
    for attempt in 1..=2 {
        let plain = two_thread_cores(n);
        let ((answers, timeline), yours) = cores_busy(|| {
            run(vec![
                job("A", Duration::ZERO, n),
                job("B", Duration::ZERO, n),
            ])
        });
        assert_eq!(answers, [spin(n), spin(n)]);
        let parses = timeline.query().filter(|s| s.label.ends_with("parse"));
        parses
            .expect_count(2, "record each parse as a span called \"{name} parse\"")
            .expect_threads_at_least(2, "run each job on its own thread")
            .expect_all_overlap(
                "start every thread before joining any: under the GIL the two parses take \
                 turns, but both are in progress at once",
            );
        let (Some(plain), Some(yours)) = (plain, yours) else {
            println!("note: CPU time is not measured on this OS: checked the overlap only");
            return;
        };
        println!(
            "attempt {attempt}: two plain threads kept {plain:.2} cores busy; two threads \
             under the GIL kept {yours:.2} busy for {}",
            fmt_duration(parses.total())
        );
        parses.expect(
            yours < 1.3,
            &format!(
                "two parses under the GIL kept {yours:.2} cores busy on average: they computed \
                 at the same time, which a GIL forbids"
            ),
            "CPU work needs the GIL: parse with gil.cpu(job.parse), not toolkit::cpu::spin",
        );
        if plain < 1.4 {
            println!(
                "note: two plain threads did not get two cores either, so this try could not \
                 have caught a missing GIL"
            );
        }
    }
}
