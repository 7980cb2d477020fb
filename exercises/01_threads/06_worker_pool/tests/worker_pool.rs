//! Checks `worker_pool::ThreadPool`: `execute` only queues (it returns at once even when every
//! worker is busy), `join` waits for every job, and — from the timeline — a pool of N runs
//! exactly N jobs at once on at most N threads, taking them from ONE shared queue: while one
//! worker is stuck on a slow job, the free workers take all the rest.
//!
//! The jobs are the test's own closures, each doing one recorded download, so the evidence is
//! the downloader's spans. There are always more jobs than workers, and jobs take different
//! times, so a rendezvous or small bounded queue, private queues per worker, and a thread per
//! job all show.

use std::ops::Range;
use std::time::Duration;
use toolkit::format::fmt_duration;
use toolkit::io::Downloader;
use toolkit::timeline::query::Query;
use toolkit::watchdog::watchdog;
use toolkit::{Runner, Timeline};
use worker_pool::ThreadPool;

/// The tutorial's 2 s download, scaled down so the tests stay fast.
const DOWNLOAD: Duration = Duration::from_millis(100);
/// How long after the last job ended `join` may take to return (threads waking, under load).
const JOIN_SLACK: Duration = Duration::from_millis(400);
/// Longest a test may run before the watchdog stops it.
const LIMIT: Duration = Duration::from_secs(10);
const HANG: &str = "join() waits for the workers, and a worker stops only when the queue is \
                    closed: is the job Sender still alive? Drop it in join() before joining the \
                    workers (std::mem::forget does not drop it: a forgotten Sender stays alive \
                    for good, and the queue never closes). Or is a lock still held?";

/// One pool's life, as the test saw it: `new`, one `execute` per job, `join`.
struct PoolRun {
    size: usize,
    jobs: Vec<String>,
    timeline: Timeline,
    /// From just before `ThreadPool::new` to just after `join` returned.
    window: Range<Duration>,
    /// The thread that made the pool and called `execute` and `join`.
    caller: Runner,
    /// When the last `execute` returned, and how many jobs had ended by then.
    queued_at: Duration,
    ended_when_queued: usize,
    /// How long the caller waited between the last `execute` and `join`.
    wait: Duration,
    /// How many jobs had ended when `join` was called.
    ended_before_join: usize,
    /// How many jobs had ended when `join` returned.
    ended_at_join: usize,
}

/// Runs one download job per name on a pool of `size`, under the watchdog: every download
/// takes `each` except the names in `slower`. Afterwards, gives jobs that `join` left running
/// time to end, so that they show up on the timeline and can be blamed.
fn run(size: usize, jobs: &[String], each: Duration, slower: &[(&str, Duration)]) -> PoolRun {
    run_after(Duration::ZERO, size, jobs, each, slower)
}

/// [`run`], but the caller waits `pause` between `ThreadPool::new` and the first `execute`:
/// the workers start on an empty queue and must wait for jobs, not give up.
fn run_after(
    pause: Duration,
    size: usize,
    jobs: &[String],
    each: Duration,
    slower: &[(&str, Duration)],
) -> PoolRun {
    run_with(pause, Duration::ZERO, size, jobs, each, slower)
}

/// Like [`run_after`], and the caller also waits `wait` between the last `execute` and
/// `join`: jobs that start only in `join` show.
fn run_with(
    pause: Duration,
    wait: Duration,
    size: usize,
    jobs: &[String],
    each: Duration,
    slower: &[(&str, Duration)],
) -> PoolRun {
    let timeline = Timeline::new();
    let mut downloader = Downloader::new(&timeline, each);
    let mut longest = each;
    for &(name, duration) in slower {
        downloader = downloader.with_duration(name, duration);
        longest = longest.max(duration);
    }
    let (t, names) = (timeline.clone(), jobs.to_vec());
    let (window, caller, queued_at, ended_when_queued, ended_before_join, ended_at_join) =
        watchdog(LIMIT, HANG, move || {
            let caller = Runner::current();
            let start = t.now();
            let pool = ThreadPool::new(size);
            std::thread::sleep(pause);
            for name in names {
                let d = downloader.clone();
                pool.execute(move || {
                    d.download_blocking(&name);
                });
            }
            let (queued_at, ended_when_queued) = (t.now(), t.query().len());
            std::thread::sleep(wait);
            let ended_before_join = t.query().len();
            pool.join();
            let end = t.now();
            (
                start..end,
                caller,
                queued_at,
                ended_when_queued,
                ended_before_join,
                t.query().len(),
            )
        });
    let deadline = window.end + longest * 3 + Duration::from_millis(500);
    while timeline.query().len() < jobs.len() && timeline.now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    PoolRun {
        size,
        jobs: jobs.to_vec(),
        timeline,
        window,
        caller,
        queued_at,
        ended_when_queued,
        wait,
        ended_before_join,
        ended_at_join,
    }
}

/// `n` job names: `J0`, `J1`, ...
fn jobs(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("J{i}")).collect()
}

impl PoolRun {
    /// Every check, in the order that blames the real cause first.
    #[track_caller]
    fn expect_correct(&self) {
        let q = self.timeline.query();
        self.expect_execute_only_queues(&q);
        self.expect_jobs_start_before_join(&q);
        self.expect_join_waits(&q);
        self.expect_each_job_once(&q);
        self.expect_exactly_the_workers(&q);
    }

    /// No job had ended when the last `execute` returned, though there were more jobs than
    /// workers: `execute` did not wait for a free worker, nor run the job itself.
    #[track_caller]
    fn expect_execute_only_queues(&self, q: &Query) {
        q.expect(
            self.ended_when_queued == 0,
            &format!(
                "execute() blocked until a job finished: {} of {} jobs had already ended when \
                 the last execute() returned (at {}), with {} workers",
                self.ended_when_queued,
                self.jobs.len(),
                fmt_duration(self.queued_at),
                self.size
            ),
            "execute only queues the job and returns at once, even when every worker is busy: \
             use an unbounded channel (mpsc::channel), not a rendezvous sync_channel(0) or a \
             small bounded one, and never run the job inside execute",
        );
    }

    /// Every job had ended when `join` returned, and all of them ran inside the pool's life.
    /// When the caller waits before `join`, the workers have run jobs meanwhile.
    #[track_caller]
    fn expect_jobs_start_before_join(&self, q: &Query) {
        q.expect(
            self.wait.is_zero() || self.ended_before_join > 0,
            &format!(
                "no job had run when join() was called, {} after the last execute(): the jobs \
                 waited for join() instead of starting as soon as they were queued",
                fmt_duration(self.wait)
            ),
            "execute hands the job to the workers at once: send it on the channel the workers \
             are already waiting on. join only closes the queue and waits for the workers; a \
             pool that keeps the jobs until join runs nothing in the meantime",
        );
    }

    #[track_caller]
    fn expect_join_waits(&self, q: &Query) {
        let late = q.len().saturating_sub(self.ended_at_join);
        q.expect(
            late == 0,
            &format!(
                "join() returned before every job had run: {late} of {} jobs were still running \
                 when it returned (at {})",
                q.len(),
                fmt_duration(self.window.end)
            ),
            "join must close the queue (drop the Sender), then call join() on every worker's \
             JoinHandle",
        );
        q.expect_within(
            &self.window,
            "every job must run between ThreadPool::new and the end of join()",
        );
        // Joining the workers returns as soon as the last job ends; a join that only waits
        // (sleeps) would pass the checks above without ever joining.
        let last_end = q
            .spans()
            .iter()
            .map(|s| s.end)
            .max()
            .unwrap_or(self.queued_at);
        let idle = self.window.end.saturating_sub(last_end.max(self.queued_at));
        q.expect(
            idle <= JOIN_SLACK,
            &format!(
                "join() returned {} after the last job had ended: it did not wait for the \
                 workers, it waited for something else (a sleep?)",
                fmt_duration(idle)
            ),
            "join must close the queue (drop the Sender), then call join() on every worker's \
             JoinHandle: it returns as soon as the last worker stops, not after a guessed time",
        );
    }

    /// Each job ran exactly once.
    #[track_caller]
    fn expect_each_job_once(&self, q: &Query) {
        let mut got: Vec<&str> = q.start_order();
        got.sort();
        let mut want: Vec<&str> = self.jobs.iter().map(String::as_str).collect();
        want.sort();
        let hint = if got.is_empty() {
            // Not one job ran, yet join returned: no worker was there to take them.
            "not one job ran: did ThreadPool::new start `size` workers? (0..size) starts \
             `size` of them; (1..size) starts one fewer, and none at all for a pool of 1. Or \
             did every worker give up on finding the queue empty (try_recv) before the first \
             job came? Each worker loops, taking job after job with recv() until the queue is \
             closed"
        } else {
            "every job given to execute must run exactly once, on a worker, before join \
             returns: a worker waits for the next job with recv() and stops only when the \
             queue is closed, not when it finds the queue empty for a moment (try_recv)"
        };
        q.expect(
            got == want,
            &format!(
                "{} job(s) ran for {} queued: expected each of {want:?} exactly once, the \
                 timeline shows {got:?}",
                got.len(),
                want.len()
            ),
            hint,
        );
    }

    /// Exactly `size` jobs at once at the peak, on at most `size` threads, none the caller's.
    #[track_caller]
    fn expect_exactly_the_workers(&self, q: &Query) {
        let n = self.size.min(self.jobs.len());
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
                "{on_caller} of {} jobs ran on the thread that called execute and join",
                q.len()
            ),
            "only the workers run jobs: execute queues the job and returns",
        );
        q.expect_max_concurrency_at_most(
            n,
            "the pool is not bounded: only its workers may run jobs, never a new thread per job",
        )
        .expect_max_concurrency_at_least(n, self.too_few_at_once_hint(q));
        let threads = q.threads();
        q.expect(
            threads <= self.size,
            &format!(
                "the jobs ran on {threads} threads, expected at most the pool's {} workers",
                self.size
            ),
            "start the workers once, in ThreadPool::new, and let each take job after job: \
             not a thread per job, even one that waits for its turn",
        );
    }

    /// Fewer jobs than workers ran at once: every thread that ran a job was busy at the peak
    /// (the pool started fewer workers than `size`), or they took turns (a lock held).
    fn too_few_at_once_hint(&self, q: &Query) -> &'static str {
        let (at_once, threads) = (q.max_concurrency(), q.threads());
        if at_once > 1 && threads == at_once {
            "the pool had fewer workers than it was asked for: every thread that ran a job \
             was busy at the peak. Start exactly `size` workers in ThreadPool::new — not one \
             per core, not capped at a number of your own: the caller picks the size"
        } else {
            "the workers take turns: is the queue's lock held while the job runs? In \
             `while let Ok(job) = rx.lock().unwrap().recv() { job() }` the guard lives for the \
             whole loop body; take the job with `let job = rx.lock().unwrap().recv();` first"
        }
    }

    /// While one worker is stuck on the slow job `slow`, the other workers take every other
    /// job from the shared queue: none of them ends after `slow`.
    #[track_caller]
    fn expect_free_workers_take_the_rest(&self, slow: &str) {
        let q = self.timeline.query();
        let Some(slow_end) = q.span(slow).map(|s| s.end) else {
            return; // blamed by expect_each_job_once
        };
        let held_up: Vec<&str> = q
            .spans()
            .iter()
            .filter(|s| s.label != slow && s.end > slow_end)
            .map(|s| s.label.as_str())
            .collect();
        q.expect(
            held_up.is_empty(),
            &format!(
                "{held_up:?} started only after the slow job {slow} had finished, although other \
                 workers were free"
            ),
            "do all the workers take from ONE shared queue? A queue per worker, with jobs \
             dealt out in turn, makes a job wait behind a slow one while other workers sit \
             idle. Share one Receiver: Arc<Mutex<Receiver<Job>>>",
        );
    }
}

#[test]
fn execute_returns_at_once_even_when_every_worker_is_busy() {
    // 12 jobs for 3 workers: the last 9 must wait in the queue, not in execute().
    run(3, &jobs(12), DOWNLOAD * 2, &[]).expect_correct();
}

#[test]
fn free_workers_take_the_rest_while_one_job_is_slow() {
    // J0 takes as long as four other jobs on each of two workers: with one shared queue,
    // the two free workers have run J1 to J7 before J0 ends.
    let run = run(3, &jobs(8), DOWNLOAD, &[("J0", DOWNLOAD * 6)]);
    // The pool's size is checked first: a pool one worker short also leaves jobs behind.
    run.expect_correct();
    run.expect_free_workers_take_the_rest("J0");
}

#[test]
fn free_workers_take_the_rest_while_a_job_in_the_middle_is_slow() {
    // The slow job is not the first one queued: J3 takes as long as four other jobs on each
    // of two workers, and the jobs queued after it must not wait behind it.
    let run = run(3, &jobs(8), DOWNLOAD, &[("J3", DOWNLOAD * 6)]);
    // The pool's size is checked first: a pool one worker short also leaves jobs behind.
    run.expect_correct();
    run.expect_free_workers_take_the_rest("J3");
}

#[test]
fn workers_wait_for_jobs_while_the_queue_is_empty() {
    // The workers start on an empty queue: they must wait for the jobs queued later, not
    // stop because there was nothing to do yet.
    run_after(DOWNLOAD, 3, &jobs(6), DOWNLOAD, &[]).expect_correct();
}

#[test]
fn a_pool_of_three_runs_exactly_three_at_a_time() {
    run(
        3,
        &jobs(9),
        DOWNLOAD,
        &[("J1", DOWNLOAD * 2), ("J4", DOWNLOAD * 3 / 2)],
    )
    .expect_correct();
}

#[test]
fn jobs_start_as_soon_as_they_are_queued() {
    // The caller waits before join(): by then the workers have run jobs, not kept them all
    // for join.
    run_with(Duration::ZERO, DOWNLOAD * 5 / 2, 3, &jobs(9), DOWNLOAD, &[]).expect_correct();
}

#[test]
fn a_pool_of_eight_runs_exactly_eight_at_a_time() {
    // The size is the caller's: more than this machine's cores, and more than a guess at
    // them, must still run that many at once.
    run(8, &jobs(16), DOWNLOAD, &[("J3", DOWNLOAD * 2)]).expect_correct();
}

/// How long a worker thread takes to end, after its last job, in
/// [`join_waits_until_every_worker_has_ended`]. Longer than [`JOIN_SLACK`]: a join that
/// counts finished jobs and then sleeps long enough for the workers to have ended returns too
/// late in every other test.
const LINGER: Duration = Duration::from_millis(600);

#[test]
fn join_waits_until_every_worker_has_ended() {
    // "Every job has run" is not "every worker has ended": a join that counts finished jobs,
    // or joins only some workers, returns while worker threads are still ending. Every thread
    // that downloads with this Downloader (the toolkit's ThreadExits) takes LINGER to end
    // after its loop returns: joining waits for that, nothing else does. Short jobs, then
    // long ones: a join that behaves one way only for some job lengths is caught too.
    for length in [DOWNLOAD / 4, DOWNLOAD * 2] {
        let timeline = Timeline::new();
        let (downloader, exits) = Downloader::new(&timeline, length).watch_thread_exits(LINGER);
        let not_ended = watchdog(LIMIT, HANG, move || {
            let pool = ThreadPool::new(3);
            for name in jobs(9) {
                let d = downloader.clone();
                pool.execute(move || {
                    d.download_blocking(&name);
                });
            }
            pool.join();
            exits.not_ended()
        });
        timeline.query().expect_threads_joined(
            &not_ended,
            "join()",
            "jobs",
            "after dropping the Sender, call join() on every worker's JoinHandle, whatever the \
             jobs are like. A count of finished jobs, or an empty queue, says the jobs are done, \
             not that the threads have ended",
        );
    }
}

#[test]
fn a_pool_of_one_runs_jobs_one_after_another_in_order() {
    let run = run(1, &jobs(4), DOWNLOAD / 2, &[("J1", DOWNLOAD)]);
    run.expect_correct();
    let q = run.timeline.query();
    q.expect_serial("a single worker runs one job at a time");
    let starts = q.start_order();
    q.expect(
        starts == ["J0", "J1", "J2", "J3"],
        &format!("one worker ran the jobs in the order {starts:?}, expected J0, J1, J2, J3"),
        "run the jobs in the order they were queued: a channel is a FIFO queue",
    );
}
