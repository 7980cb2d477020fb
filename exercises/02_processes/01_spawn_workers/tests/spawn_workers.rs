//! Checks exercise 2.1: `start_workers` runs each task in its own worker process, starts
//! them all before waiting for any (their tasks overlap), and returns the PIDs of the
//! processes that really did the work.
//!
//! The test believes only the toolkit: a worker's task reaches the timeline when the worker
//! is waited for, timed inside the child on the machine-wide clock and checked against the
//! PID the toolkit spawned. Spans you record yourself, threads of this process and PIDs
//! that no worker had do not count.

use spawn_workers::{ROLE, start_workers};
use std::ops::Range;
use std::time::Duration;
use toolkit::timeline::query::Query;
use toolkit::watchdog::watchdog;
use toolkit::{Source, Timeline};

// The child processes re-enter this test binary here and run `compute_in_worker`.
toolkit::worker_entry!("compute" => compute_in_worker);

/// What each worker runs: the exercise's `compute`, after a wait of the test's own that is
/// longest for the first tasks (Task-0 210 ms, Task-1 140 ms, Task-2 70 ms, the others none).
/// So the workers finish in another order than they started, and PIDs collected as workers
/// finish land in the wrong places.
fn compute_in_worker(task: String) -> Result<u32, String> {
    let i: u64 = task
        .strip_prefix("Task-")
        .and_then(|i| i.parse().ok())
        .unwrap_or(0);
    std::thread::sleep(Duration::from_millis(70 * 3u64.saturating_sub(i)));
    spawn_workers::compute(task)
}

/// How long `compute` sleeps, as given to you: every worker's task must take at least this.
const GIVEN_WORK: Duration = Duration::from_millis(300);

/// One call of `start_workers`: what it returned, and what really happened meanwhile.
struct Run {
    n: usize,
    pids: Vec<u32>,
    timeline: Timeline,
    /// When the call started and returned, on the timeline's clock.
    window: Range<Duration>,
}

impl Run {
    /// The evidence: the tasks the toolkit saw worker processes run.
    fn workers(&self) -> Query {
        self.timeline.query().from_source(Source::Worker)
    }
}

/// Calls `start_workers(n, ..)` under a watchdog.
fn run(n: usize) -> Run {
    assert_eq!(
        ROLE, "compute",
        "ROLE must stay \"compute\": this test file registers `compute` under that name"
    );
    watchdog(
        Duration::from_secs(10),
        "start_workers never returned: is it waiting for a worker that was never started, \
         or for something that never comes?",
        move || {
            let timeline = Timeline::new();
            let start = timeline.now();
            let result = start_workers(n, &timeline);
            let window = start..timeline.now();
            let pids = match result {
                Ok(pids) => pids,
                Err(e) => panic!(
                    "{}",
                    timeline.query_all().failure(
                        &format!("start_workers returned an error: {e}"),
                        "every worker runs the `compute` given to you, so none should fail: \
                         is `compute` unchanged? The error names the task and its PID.",
                    )
                ),
            };
            Run {
                n,
                pids,
                timeline,
                window,
            }
        },
    )
}

/// One worker process per task, inside the call, and the PIDs returned are theirs.
fn check_processes(run: &Run) {
    let n = run.n;
    let q = run.workers();
    run.timeline.query_all().expect(
        !q.is_empty(),
        "no worker process ran a task on the timeline you were given",
        "start each task in a worker process — WorkerCommand::new(ROLE).task(&task)\
         .input(&task).spawn(timeline)? — and wait() for every worker before returning: \
         its task reaches the timeline when it is waited for. A thread of this process, \
         a span you record yourself, or PIDs kept from an earlier call (in a static) is not \
         a worker process.",
    );
    q.expect_within(
        &run.window,
        "every worker must be started and waited for during the call to start_workers",
    );
    // Fewer tasks on the timeline than tasks asked for, yet PIDs returned that no task on the
    // timeline ran in: workers that were started but never waited for.
    let seen = q.pids();
    let unwaited: Vec<u32> = run
        .pids
        .iter()
        .copied()
        .filter(|pid| !seen.contains(pid) && *pid != std::process::id())
        .collect();
    q.expect(
        q.len() >= n || unwaited.is_empty(),
        &format!(
            "{} worker process(es) ran for {n} tasks, and you returned PIDs {unwaited:?} whose \
             task never reached the timeline: you started those workers but never waited for them",
            q.len()
        ),
        "wait() for every worker, not only the first or the last: a worker's task reaches the \
         timeline when it is waited for, and a Worker you drop without waiting is killed",
    );
    q.expect(
        q.len() == n,
        &format!("{} worker process(es) ran for {n} tasks", q.len()),
        "start exactly one worker per task: the number of tasks is the argument `n`, \
         not a number of your own",
    );
    // One process per task: a process that claims several tasks (spans of its own made up
    // for the others, sent over the toolkit's pipe) is one worker, whatever it says.
    let processes = q.processes();
    q.expect(
        processes == n,
        &format!(
            "the {n} tasks ran in {processes} worker process(es): a process ran more than one task"
        ),
        "start one worker process per task, each with WorkerCommand::new(ROLE).task(&task)\
         .input(&task).spawn(timeline)?, and return each one's own PID",
    );
    let expected: Vec<String> = (0..n).map(|i| format!("Task-{i}")).collect();
    let expected: Vec<&str> = expected.iter().map(String::as_str).collect();
    q.expect_each_once(
        &expected,
        "run",
        "name each worker's task with .task(&format!(\"Task-{i}\")), i counting from 0",
    );

    // A worker that did not do the work cannot show that the workers overlapped: say so
    // before judging their overlap.
    for span in q.spans() {
        q.expect(
            span.duration() >= GIVEN_WORK,
            &format!(
                "{}'s worker finished its task in {:.1?}, but compute sleeps for {GIVEN_WORK:?}: \
                 the workers skipped the work",
                span.label,
                span.duration()
            ),
            "keep `compute` and `WORK` as they were given to you (the sleep stands for the \
             work): the task is to run that work in worker processes, not to make it vanish",
        );
    }

    let pids = &run.pids;
    q.expect(
        pids.len() == n,
        &format!(
            "start_workers returned {} PIDs for {n} tasks: {pids:?}",
            pids.len()
        ),
        "return one PID per task, in task order: the PIDs of the workers this call started \
         and waited for (more or fewer than that: are the workers kept in a static shared \
         with another call running at the same time?)",
    );
    let me = std::process::id();
    q.expect(
        !pids.contains(&me),
        &format!("PID {me} is this test's own process, not a worker: you returned {pids:?}"),
        "return the PIDs of the worker processes (report.pid()), not std::process::id()",
    );
    for (i, pid) in pids.iter().enumerate() {
        let label = format!("Task-{i}");
        let ran_in = q.span(&label).map(|s| s.runner.pid);
        q.expect(
            ran_in == Some(*pid),
            &format!(
                "the PID you returned for {label} is {pid}, but {label} ran in PID {}",
                ran_in.map_or("(none)".into(), |p| p.to_string())
            ),
            "return each worker's own PID (report.pid()) in task order: wait for the workers \
             in the order you started them, not in the order they finish (the test's workers \
             finish in another order); a PID that you make up, guess or take from somewhere \
             else is not the worker's",
        );
    }
}

/// Every worker's task overlapped every other's: they were all started before any wait.
fn check_at_once(run: &Run) {
    run.workers().expect_all_overlap(
        "spawn every worker first, then wait for them in a second loop: waiting right \
         after spawning runs them one by one",
    );
}

#[test]
fn each_task_runs_in_its_own_process() {
    let run = run(3);
    check_processes(&run);
}

/// A single task is a worker process too: no shortcut that runs it in this process.
#[test]
fn one_task_one_process() {
    let run = run(1);
    check_processes(&run);
}

#[test]
fn the_workers_run_at_the_same_time() {
    let run = run(3);
    check_processes(&run);
    check_at_once(&run);
}

#[test]
fn five_tasks_five_processes_at_once() {
    let run = run(5);
    check_processes(&run);
    check_at_once(&run);
}

/// More tasks than the machine has cores: every worker still runs at once, whatever the
/// machine (starting them a core's worth at a time shows up here on any machine).
#[test]
fn more_tasks_than_cores_all_at_once() {
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
    let run = run(cores + 2);
    check_processes(&run);
    check_at_once(&run);
}

/// Two calls at the same time, from two threads (the tests run side by side too): each
/// call's PIDs are its own workers'. Workers kept in a `static` list that every call
/// pushes to and takes from (the tutorial's module-level `processes = []`) end up waited
/// for, and returned, by the wrong call. Tried up to 3 times: the two calls must be
/// spawning at the same moment for a shared list to mix them up.
#[test]
fn two_calls_at_the_same_time_keep_their_own_workers() {
    for _ in 0..3 {
        let (a, b) = toolkit::together::at_the_same_time(|| run(3), || run(4));
        for (run, other) in [(&a, &b), (&b, &a)] {
            let theirs: Vec<u32> = other.workers().pids();
            let taken: Vec<u32> = run
                .pids
                .iter()
                .copied()
                .filter(|pid| theirs.contains(pid))
                .collect();
            run.timeline.query_all().expect(
                run.pids.len() == run.n && taken.is_empty(),
                &format!(
                    "start_workers({}) and start_workers({}) ran at the same time, from two \
                     threads: the call for {} tasks returned {} PIDs {:?}, {} of them ({taken:?}) \
                     workers of the other call",
                    a.n,
                    b.n,
                    run.n,
                    run.pids.len(),
                    run.pids,
                    taken.len()
                ),
                "keep each call's workers in a local Vec inside start_workers, not in a static \
                 shared by every call: two calls at once each wait for, and return, only the \
                 workers they started",
            );
        }
        check_processes(&a);
        check_processes(&b);
    }
}
