//! Checks `worker_pool::ThreadPool`: `join` waits for every job, `execute` does not wait at
//! all, and — from the timeline — a pool of N runs exactly N jobs at once, on N threads.

use std::sync::{Arc, Mutex};
use std::time::Duration;
use toolkit::Timeline;
use toolkit::io::Downloader;
use toolkit::timeline::query::Query;
use toolkit::watchdog::watchdog;
use worker_pool::ThreadPool;

/// The tutorial's 2 s download, scaled down so the tests stay fast.
const DOWNLOAD: Duration = Duration::from_millis(100);
/// Longest a test may run before the watchdog stops it.
const LIMIT: Duration = Duration::from_secs(10);
const HANG: &str = "join() waits for the workers, and a worker stops only when the queue is \
                    closed: is the job Sender still alive? Or is a lock still held?";

/// Runs `jobs` downloads on a pool of `size` under the watchdog; returns the timeline.
fn run(size: usize, jobs: usize, each: Duration) -> Query {
    let downloader = Downloader::new(Timeline::new(), each);
    let d = downloader.clone();
    watchdog(LIMIT, HANG, move || {
        let pool = ThreadPool::new(size);
        for i in 0..jobs {
            let d = d.clone();
            pool.execute(move || {
                d.download(&format!("J{i}"));
            });
        }
        pool.join();
    });
    downloader.timeline().query()
}

/// The timeline shows exactly `n` threads.
fn expect_threads(q: &Query, n: usize) {
    let t = q.threads();
    q.expect(
        t == n,
        &format!("the jobs ran on {t} threads, expected exactly {n}"),
        "start the workers once, in ThreadPool::new, and let them take job after job",
    );
}

#[test]
fn join_waits_for_every_job() {
    let done = Arc::new(Mutex::new(Vec::new()));
    let d = Arc::clone(&done);
    watchdog(LIMIT, HANG, move || {
        let pool = ThreadPool::new(4);
        for i in 0..20 {
            let d = Arc::clone(&d);
            pool.execute(move || {
                std::thread::sleep(Duration::from_millis(10));
                d.lock().expect("a job panicked").push(i);
            });
        }
        pool.join();
    });
    let mut done = done.lock().expect("a job panicked").clone();
    done.sort();
    assert_eq!(
        done,
        (0..20).collect::<Vec<_>>(),
        "when join() returns every queued job must have run, once: close the queue, then \
         join every worker"
    );
}

#[test]
fn execute_queues_the_job_and_returns() {
    let downloader = Downloader::new(Timeline::new(), DOWNLOAD);
    let d = downloader.clone();
    let finished_while_queueing = watchdog(LIMIT, HANG, move || {
        let pool = ThreadPool::new(3);
        for i in 0..3 {
            let d = d.clone();
            pool.execute(move || {
                d.download(&format!("J{i}"));
            });
        }
        let finished = d.timeline().len(); // a download is recorded when it ends
        pool.join();
        finished
    });
    assert!(
        finished_while_queueing < 3,
        "execute() ran the jobs itself ({finished_while_queueing} of 3 had finished when the \
         last execute() returned): it should only queue the job for a worker"
    );
}

#[test]
fn a_pool_of_three_runs_exactly_three_at_a_time() {
    let q = run(3, 9, DOWNLOAD);
    q.expect_count(
        9,
        "every queued job must run once, and join() must wait for it",
    );
    q.expect_max_concurrency_at_most(
        3,
        "the pool is not bounded: only its 3 workers may run jobs, never a new thread per job",
    )
    .expect_max_concurrency_at_least(
        3,
        "the workers take turns: is the queue's lock still held while the job runs? \
         (`while let Ok(job) = rx.lock().unwrap().recv()` keeps the guard for the whole loop)",
    )
    .expect_speedup_at_least(2.0, "9 jobs on 3 workers take about 3 jobs' time");
    expect_threads(&q, 3);
}

#[test]
fn a_pool_of_one_runs_jobs_one_after_another() {
    let q = run(1, 4, Duration::from_millis(40));
    q.expect_count(
        4,
        "every queued job must run once, and join() must wait for it",
    );
    expect_threads(&q, 1);
    q.expect_serial("a single worker runs one job at a time");
}
