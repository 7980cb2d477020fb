//! Checks exercise 2.2: `square_all` collects every child's answer in input order, reports a
//! failing child as the error the toolkit made for it (without losing the others), runs the
//! workers at the same time, and returns what the workers sent home, not answers of its own.
//!
//! The test believes only the toolkit: a worker's task reaches the timeline when the worker
//! is waited for (a failed one too), timed inside the child and checked against the PID the
//! toolkit spawned. A `WorkerError` can only be made by the toolkit, for a real child.

use collect_results::{ROLE, square_all};
use std::collections::HashMap;
use std::ops::Range;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Duration;
use toolkit::timeline::query::Query;
use toolkit::watchdog::watchdog;
use toolkit::worker::{ErrorKind, WorkerError};
use toolkit::{Source, Timeline};

// The child processes re-enter this test binary here and run `square_in_worker`.
toolkit::worker_entry!("square" => square_in_worker);

/// A number whose square does not fit in a `u64`: its worker fails with exit status 1.
const TOO_BIG: u64 = 5_000_000_000;

/// How long `square` sleeps, as given to you: every worker's task must take at least this.
const GIVEN_WORK: Duration = Duration::from_millis(300);

/// What each worker runs: the exercise's `square`, plus the offset its test asked for times
/// the worker's own PID (every test asks for one, so no test can be told from the others by
/// it): every worker's answer differs from n² by its own amount, so one answer tells nothing
/// about the others, and an answer worked out in the parent shows in every test. The workers take uneven times — an
/// extra `n % 4` × 100 ms — so that they finish in another order than they started, and
/// outcomes collected as workers finish land in the wrong slots.
fn square_in_worker(n: u64) -> Result<u64, String> {
    stand_in::note_input(n);
    std::thread::sleep(Duration::from_millis(n % 4 * 100));
    let squared = collect_results::square(n)?;
    Ok(squared.wrapping_add(stand_in::offset() * u64::from(std::process::id())))
}

/// How a test tells an answer the workers sent home from one the parent worked out itself:
/// it can ask its workers to answer n² + 1. The request is a file named after the test
/// process, which every worker finds through its parent's PID.
mod stand_in {
    use std::path::PathBuf;
    use std::sync::{Mutex, MutexGuard};

    fn file(parent: u32) -> PathBuf {
        std::env::temp_dir().join(format!("course-collect-results-{parent}.offset"))
    }

    /// In a worker: the offset the parent test asked for, zero if none.
    pub fn offset() -> u64 {
        let parent = std::os::unix::process::parent_id();
        std::fs::read_to_string(file(parent))
            .ok()
            .and_then(|text| text.trim().parse().ok())
            .unwrap_or(0)
    }

    fn input_file(parent: u32, worker: u32) -> PathBuf {
        std::env::temp_dir().join(format!("course-collect-results-{parent}-{worker}.input"))
    }

    /// In a worker: writes down the number it was given, for the test to compare with the
    /// number of the slot it answered.
    pub fn note_input(n: u64) {
        let parent = std::os::unix::process::parent_id();
        let _ = std::fs::write(input_file(parent, std::process::id()), n.to_string());
    }

    /// In the test: the number worker `worker` was given (the note is removed).
    pub fn input_of(worker: u32) -> Option<u64> {
        let path = input_file(std::process::id(), worker);
        let given = std::fs::read_to_string(&path).ok()?.trim().parse().ok();
        let _ = std::fs::remove_file(path);
        given
    }

    /// Every test holds this while its workers run, so one test's offset never reaches
    /// another test's workers.
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

    /// The offset in force while this lives.
    pub struct Offset(#[allow(dead_code)] MutexGuard<'static, ()>);

    impl Offset {
        pub fn set(offset: u64) -> Self {
            let guard = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
            let path = file(std::process::id());
            if offset == 0 {
                let _ = std::fs::remove_file(&path);
            } else {
                std::fs::write(&path, offset.to_string()).expect("cannot write to the temp dir");
            }
            Offset(guard)
        }
    }

    impl Drop for Offset {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(file(std::process::id()));
            // Notes of workers the test never got to read (a call that panicked, a worker
            // that ran for another call): no test of this process is running now.
            let prefix = format!("course-collect-results-{}-", std::process::id());
            for entry in std::fs::read_dir(std::env::temp_dir())
                .into_iter()
                .flatten()
                .flatten()
            {
                if entry.file_name().to_string_lossy().starts_with(&prefix) {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
    }
}

type Outcomes = Vec<Result<u64, WorkerError>>;

/// One call of `square_all`: what it returned, and what really happened meanwhile.
struct Run {
    numbers: &'static [u64],
    offset: u64,
    outcomes: Outcomes,
    timeline: Timeline,
    window: Range<Duration>,
    /// The number each worker process was given, by PID (from the workers' own notes).
    given: HashMap<u32, u64>,
}

/// Calls `square_all(numbers, ..)` under a watchdog, its workers answering n² + `offset`.
/// A panic or an `Err` from `square_all` fails the test with a message that names the cause.
fn run(numbers: &'static [u64], offset: u64) -> Run {
    let _offset = stand_in::Offset::set(offset);
    run_with_offset_set(numbers, offset)
}

/// [`run`], for a test that has set the offset already (and holds it).
fn run_with_offset_set(numbers: &'static [u64], offset: u64) -> Run {
    assert_eq!(
        ROLE, "square",
        "ROLE must stay \"square\": this test file registers the worker under that name"
    );
    let mut run = watchdog(
        Duration::from_secs(10),
        "square_all never returned: is it waiting for a worker that was never started, or \
         for something that never comes?",
        move || {
            let timeline = Timeline::new();
            let start = timeline.now();
            let result = catch_unwind(AssertUnwindSafe(|| square_all(numbers, &timeline)));
            let window = start..timeline.now();
            let drawn = timeline.query_all();
            let outcomes = match result {
                Ok(Ok(outcomes)) => outcomes,
                Ok(Err(e)) => {
                    let failed = e
                        .get_ref()
                        .and_then(|inner| inner.downcast_ref::<WorkerError>());
                    let problem = match failed {
                        Some(w) => format!(
                            "square_all returned Err: {w}. That worker started and then \
                             failed, and square_all gave up on every number"
                        ),
                        None if numbers.contains(&TOO_BIG) => format!(
                            "square_all returned Err({e}): the only thing wrong was one worker \
                             that started and then failed, and square_all gave up on every number"
                        ),
                        None => format!("square_all returned Err({e}): a worker could not start"),
                    };
                    panic!(
                        "{}",
                        drawn.failure(
                            &problem,
                            "a failed child is one outcome among the others: keep its \
                             Err(WorkerError) in its slot and go on waiting for the rest. \
                             Use `?` only on spawn(), never on what worker.wait() returns",
                        )
                    )
                }
                Err(panic) => {
                    let message = panic
                        .downcast_ref::<String>()
                        .map(String::as_str)
                        .or_else(|| panic.downcast_ref::<&str>().copied())
                        .unwrap_or("(no message)");
                    panic!(
                        "{}",
                        drawn.failure(
                            &format!("square_all panicked: {message}"),
                            "a child that fails must come back as the Err(WorkerError) in \
                             its slot, not as a panic: do not unwrap() or expect() what \
                             worker.wait() returns",
                        )
                    )
                }
            };
            Run {
                numbers,
                offset,
                outcomes,
                timeline,
                window,
                given: HashMap::new(),
            }
        },
    );
    // Every worker has been waited for by now, and wrote down its number first thing.
    run.given = run
        .timeline
        .query()
        .from_source(Source::Worker)
        .pids()
        .into_iter()
        .filter_map(|pid| stand_in::input_of(pid).map(|n| (pid, n)))
        .collect();
    run
}

/// What slot `i` must hold: the worker's answer (n² + offset × the PID of the worker that
/// ran `Task-i`), or `None` for a worker that fails.
fn expected(run: &Run, q: &Query, i: usize) -> Option<u64> {
    let pid = q
        .span(&format!("Task-{i}"))
        .map_or(0, |span| u64::from(span.runner.pid));
    run.numbers[i]
        .checked_mul(run.numbers[i])
        .map(|sq| sq + run.offset * pid)
}

/// A short description of an outcome, for comparing orders.
fn describe(outcome: &Result<u64, WorkerError>) -> String {
    match outcome {
        Ok(v) => format!("Ok({v})"),
        Err(e) => format!("Err({})", e.task()),
    }
}

/// Checks everything: real workers, one per number, inside the call, all at once, and the
/// outcomes in their slots.
fn check(run: &Run) {
    let n = run.numbers.len();
    let q: Query = run.timeline.query().from_source(Source::Worker);
    run.timeline.query_all().expect(
        !q.is_empty(),
        "no worker process ran a task on the timeline you were given",
        "start each number in a worker process — WorkerCommand::new(ROLE).task(&task)\
         .input(&n).spawn(timeline)? — and wait() for every worker: its task reaches the \
         timeline when it is waited for. A thread of this process, a span you record \
         yourself, or an answer kept from an earlier call is not a worker process.",
    );
    q.expect_within(
        &run.window,
        "every worker must be started and waited for during the call to square_all",
    );
    // A worker that panicked never finished its task, so it leaves no span: name the panic
    // before counting the workers.
    for (i, outcome) in run.outcomes.iter().enumerate() {
        if let Err(e) = outcome
            && let ErrorKind::Failed(status) = e.kind()
            && status.code() != Some(1)
        {
            panic!(
                "{}",
                q.failure(
                    &format!(
                        "Task-{i}'s worker (the number {}) crashed with {status} instead of \
                         returning an error: `square` panicked (stderr: {:?})",
                        run.numbers[i],
                        e.stderr()
                            .lines()
                            .filter(|line| !line.starts_with("note:"))
                            .collect::<Vec<_>>()
                            .join(" ")
                    ),
                    "keep `square` as it was given: a square that does not fit is \
                     Err(message) from n.checked_mul(n), not a panic, unwrap() or expect()",
                )
            );
        }
    }
    // A task that ran in more than one worker: a number given a second worker.
    let twice = (0..n)
        .map(|i| format!("Task-{i}"))
        .find(|label| q.spans().iter().filter(|s| s.label == *label).count() > 1);
    if let Some(label) = twice {
        q.expect(
            false,
            &format!("{label} ran in more than one worker process: its number was started again"),
            "start one worker per number, once: a worker that fails has failed (it is no \
             passing hiccup), so its Err goes in its slot; no second try, no retry",
        );
    }
    q.expect(
        q.len() == n,
        &format!("{} worker process(es) ran for {n} numbers", q.len()),
        "start one worker per number, also for a number given twice (each slot's answer \
         comes from its own worker in this call, not copied from another slot or kept from an \
         earlier call), and wait() for every one \
         of them, also after one has failed: a worker you never wait for leaves no trace (it \
         is killed when dropped)",
    );
    // A worker that skipped the work cannot show that the workers overlapped: say so first.
    for span in q.spans() {
        q.expect(
            span.duration() >= GIVEN_WORK,
            &format!(
                "{}'s worker finished in {:.1?}, but square sleeps for {GIVEN_WORK:?}: the \
                 workers skipped the work",
                span.label,
                span.duration()
            ),
            "keep `square` and `WORK` as they were given to you (the sleep stands for the \
             work): the task is to collect the workers' answers, not to make the work vanish",
        );
    }
    q.expect_all_overlap(
        "spawn every worker first, then wait for them in a second loop: waiting right after \
         spawning runs them one by one",
    );

    // Each worker squared its own slot's number: the one the test's worker was given.
    for i in 0..n {
        let label = format!("Task-{i}");
        let Some(pid) = q.span(&label).map(|s| s.runner.pid) else {
            continue;
        };
        let given = run.given.get(&pid).copied();
        q.expect(
            given == Some(run.numbers[i]),
            &format!(
                "{label}'s worker was given {}, but slot {i}'s number is {}: the worker did \
                 not square that number, so its answer was worked out (at least in part) in \
                 the parent",
                given.map_or("nothing".into(), |g| g.to_string()),
                run.numbers[i]
            ),
            "give each worker its own number, .input(&n), and return what it sends home as \
             is: the squaring is the workers' work, not the parent's",
        );
    }

    let outcomes = &run.outcomes;
    q.expect(
        outcomes.len() == n,
        &format!(
            "square_all returned {} outcomes for {n} numbers",
            outcomes.len()
        ),
        "one outcome per number, in input order: a failed child's Err stays in its slot \
         (no skipping it, no stopping at it)",
    );
    let got: Vec<String> = outcomes.iter().map(describe).collect();
    let want: Vec<String> = (0..n)
        .map(|i| match expected(run, &q, i) {
            Some(v) => format!("Ok({v})"),
            None => format!("Err(Task-{i})"),
        })
        .collect();
    let (mut got_sorted, mut want_sorted) = (got.clone(), want.clone());
    got_sorted.sort();
    want_sorted.sort();
    q.expect(
        got == want || got_sorted != want_sorted,
        &format!("the outcomes are out of order: expected {want:?}, got {got:?}"),
        "keep each outcome in its number's slot: wait for the workers in the order you \
         started them and push each outcome as it comes",
    );

    for (i, outcome) in outcomes.iter().enumerate() {
        let number = run.numbers[i];
        let task = format!("Task-{i}");
        match (expected(run, &q, i), outcome) {
            (Some(v), Ok(x)) if *x == v => {}
            (Some(_), Ok(x)) if run.offset > 0 && Some(*x) == number.checked_mul(number) => {
                panic!("{}", failure_with(&q, i, *x, run.offset, number));
            }
            (Some(v), Ok(x)) if run.offset > 0 => {
                panic!(
                    "{}",
                    q.failure(
                        &format!(
                            "slot {i} (the number {number}) holds Ok({x}), but its worker sent \
                             home {v}: in this test every worker answers n² plus its own amount, \
                             so that answer did not come from Task-{i}'s worker"
                        ),
                        "take every slot's answer from its own worker: \
                         report.output::<u64>(), not one worked out from another worker's",
                    )
                );
            }
            (Some(v), Ok(x)) => panic!(
                "{}",
                q.failure(
                    &format!("slot {i} (the number {number}) holds Ok({x}), expected Ok({v})"),
                    "return what each worker sent home (report.output::<u64>()), in its \
                     number's slot",
                )
            ),
            (Some(_), Err(e)) => panic!(
                "{}",
                q.failure(
                    &format!(
                        "slot {i} (the number {number}) holds an error, but {task} succeeded: {e}"
                    ),
                    "keep each outcome in its number's slot; an Err belongs only where that \
                     worker failed",
                )
            ),
            // `square` itself may have been changed so that it never fails: ask it here.
            (None, Ok(x)) if collect_results::square(number).is_ok() => panic!(
                "{}",
                q.failure(
                    &format!(
                        "{task} was given {number}, whose square does not fit in a u64, and \
                         slot {i} holds Ok({x}): your `square` returns Ok for it (it wraps or \
                         saturates) instead of failing"
                    ),
                    "keep `square` as it was given: a square that does not fit is \
                     Err(message) from n.checked_mul(n), and that worker's failure is the \
                     Err(WorkerError) in its slot",
                )
            ),
            (None, Ok(x)) => panic!(
                "{}",
                q.failure(
                    &format!(
                        "{task} was given {number}, whose square does not fit in a u64, so its \
                         worker failed; but slot {i} holds Ok({x}), an answer no worker sent"
                    ),
                    "return what worker.wait() gives: the worker's Err(WorkerError) when it failed",
                )
            ),
            (None, Err(e)) => {
                q.expect(
                    e.task() == task,
                    &format!(
                        "slot {i} holds the error of {}, expected {task}'s: {e}",
                        e.task()
                    ),
                    "keep each outcome in its number's slot",
                );
                q.expect(
                    matches!(e.kind(), ErrorKind::Failed(status) if status.code() == Some(1)),
                    &format!("{task}'s worker exited with status 1, but the error says: {e}"),
                    "keep the WorkerError that worker.wait() returned for it",
                );
                q.expect(
                    e.stderr().contains("does not fit in a u64"),
                    &format!(
                        "the child's own message is missing from {task}'s error (stderr: {:?})",
                        e.stderr()
                    ),
                    "keep the WorkerError that worker.wait() returned: it holds the child's stderr",
                );
            }
        }
    }
}

/// The message for an answer the parent worked out itself.
fn failure_with(q: &Query, i: usize, x: u64, offset: u64, number: u64) -> String {
    q.failure(
        &format!(
            "slot {i} holds {x} = {number}², but in this test the workers answer n² + {offset} × their PID: \
             square_all computed the answer itself instead of taking the one its worker sent home"
        ),
        "the answer is what the worker sends back: report.output::<u64>()",
    )
}

#[test]
fn answers_come_back_in_input_order() {
    check(&run(&[2, 3, 4], 1));
}

#[test]
fn a_failing_child_is_reported_and_the_others_still_collected() {
    check(&run(&[2, 3, TOO_BIG, 4], 1));
}

#[test]
fn a_failing_first_child_does_not_stop_the_rest() {
    check(&run(&[TOO_BIG, 5, 6], 1));
}

#[test]
fn answers_come_from_the_workers() {
    check(&run(&[7, 8, 9, 10, 11], 1));
}

/// Answers of 2³² and more (n² + 2³² × the worker's PID): a worker's answer is a u64, and
/// one read back as anything narrower (a u32, as 2.1's PIDs were) is lost.
#[test]
fn answers_beyond_u32_come_back_whole() {
    check(&run(&[2, 3], 1 << 32));
}

/// A number given twice is two tasks: two workers, and each slot holds its own worker's
/// answer (with the offset, the two answers differ).
#[test]
fn a_number_given_twice_is_squared_twice() {
    check(&run(&[6, 3, 6], 1));
}

/// More numbers than the machine has cores: every worker still runs at once, whatever the
/// machine (starting them a core's worth at a time shows up here on any machine).
#[test]
fn more_numbers_than_cores_all_at_once() {
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
    let numbers: &'static [u64] = Vec::leak((2..cores as u64 + 4).collect());
    check(&run(numbers, 1));
}

/// Two calls at the same time, from two threads: each call's outcomes come from its own
/// workers. Workers kept in a `static` list that every call pushes to and takes from (the
/// tutorial's module-level `processes = []`) end up waited for, and returned, by the wrong
/// call. Tried up to 3 times: the two calls must be spawning at the same moment for a shared
/// list to mix them up.
#[test]
fn two_calls_at_the_same_time_keep_their_own_workers() {
    let _offset = stand_in::Offset::set(1);
    for _ in 0..3 {
        let (a, b) = toolkit::together::at_the_same_time(
            || run_with_offset_set(&[2, 3, 4], 1),
            || run_with_offset_set(&[5, 6, 7, 8], 1),
        );
        for run in [&a, &b] {
            let got: Vec<String> = run.outcomes.iter().map(describe).collect();
            run.timeline.query_all().expect(
                run.outcomes.len() == run.numbers.len(),
                &format!(
                    "square_all({:?}) and square_all({:?}) ran at the same time, from two \
                     threads: the call for {:?} returned {} outcomes, {got:?}",
                    a.numbers,
                    b.numbers,
                    run.numbers,
                    run.outcomes.len()
                ),
                "keep each call's workers in a local Vec inside square_all, not in a static \
                 shared by every call: two calls at once each wait for, and return, only the \
                 workers they started",
            );
        }
        check(&a);
        check(&b);
    }
}
