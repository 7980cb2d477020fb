//! Checks `task_group` with tasks the test makes: each sleeps a chosen (virtual) time, then
//! succeeds or fails, and is drawn on the test's timeline. Each task also carries a guard
//! the test counts, so the test knows how many tasks were still alive — not yet finished
//! and not yet cancelled — at the moment `task_group` returned. Paused tokio time makes
//! every instant exact: the call must return exactly when the last task finishes, or
//! exactly when the first one fails.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use task_group::task_group;
use toolkit::format::fmt_duration;
use toolkit::timeline::Probe;
use toolkit::watchdog::within;
use toolkit::{Timeline, timeline::query::Query};

// Virtual time: every group here ends well before this.
const LIMIT: Duration = Duration::from_secs(100_000);
const HANG: &str = "task_group never returned: is it waiting for a task that was aborted to \
                    give an output, or for a channel nobody closes? Loop on \
                    `set.join_next().await` until it gives None";
const OUTLIVE: &str = "no task may outlive the call, as with asyncio.TaskGroup. Dropping a \
                       JoinHandle does not stop its task (tokio::spawn and forgetting the \
                       handles leaves them running), and `abort_all` only asks them to stop: \
                       wait until they have ended with `set.shutdown().await` (or drain \
                       `join_next` after `abort_all`)";
const CANCEL: &str = "on the first error, cancel the rest at once: `set.shutdown().await` \
                      aborts every other task and waits for it to end; do not wait for them \
                      to finish by themselves (that is gather, not a TaskGroup)";

/// What a panicking task of the test panics with: a payload of the test's own type, so the
/// test can tell the task's own panic from a new one that only copies its text.
#[derive(Debug)]
struct TaskPanic(String);

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// One task of a test: its name, how long it takes, and whether it then fails.
#[derive(Debug, Clone)]
struct Job {
    name: String,
    after: u64,
    fails: bool,
    panics: bool,
}

fn ok(name: &str, after: u64) -> Job {
    Job {
        name: name.to_owned(),
        after,
        fails: false,
        panics: false,
    }
}

fn fail(name: &str, after: u64) -> Job {
    Job {
        fails: true,
        ..ok(name, after)
    }
}

fn panicking(name: &str, after: u64) -> Job {
    Job {
        panics: true,
        ..ok(name, after)
    }
}

fn output(name: &str) -> String {
    format!("{name} done")
}

fn error(name: &str) -> String {
    format!("{name} failed")
}

/// Counts the tasks that are alive: made, and not yet finished nor cancelled (dropped).
struct Alive(Arc<AtomicUsize>);

impl Alive {
    fn new(count: &Arc<AtomicUsize>) -> Self {
        count.fetch_add(1, Ordering::SeqCst);
        Alive(Arc::clone(count))
    }
}

impl Drop for Alive {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The task for `job`: alive from now until it finishes or is dropped, drawn on the
/// timeline while it runs (a cancelled task's span ends when it is cancelled).
fn task(
    probe: &Probe,
    alive: &Arc<AtomicUsize>,
    job: &Job,
) -> impl Future<Output = Result<String, String>> + Send + 'static {
    let (probe, guard, job) = (probe.clone(), Alive::new(alive), job.clone());
    async move {
        let _alive = guard;
        probe
            .record_async(job.name.clone(), tokio::time::sleep(ms(job.after)))
            .await;
        if job.panics {
            std::panic::panic_any(TaskPanic(format!("{} panicked", job.name)));
        }
        if job.fails {
            Err(error(&job.name))
        } else {
            Ok(output(&job.name))
        }
    }
}

/// Runs `jobs` as a group and checks everything, blaming the first thing that went wrong.
async fn check(jobs: &[Job]) {
    let (timeline, probe) = Timeline::tokio_with_probe();
    let alive = Arc::new(AtomicUsize::new(0));
    let tasks: Vec<_> = jobs.iter().map(|job| task(&probe, &alive, job)).collect();
    let start = timeline.now();
    let got = within(LIMIT, HANG, task_group(tasks)).await;
    let returned = timeline.now();
    let alive_at_return = alive.load(Ordering::SeqCst);
    // Give a task that escaped the call all the time it needs to show itself.
    tokio::time::sleep(Duration::from_secs(1000)).await;
    let q = timeline.query();
    let window = start..returned;

    let first_failure = jobs.iter().filter(|j| j.fails).min_by_key(|j| j.after);
    let (want, end) = match first_failure {
        Some(first) => (Err(error(&first.name)), ms(first.after)),
        None => (
            Ok(jobs.iter().map(|j| output(&j.name)).collect::<Vec<_>>()),
            ms(jobs.iter().map(|j| j.after).max().unwrap_or(0)),
        ),
    };

    expect_result(&q, jobs, &got, &want);
    q.expect(
        alive_at_return == 0,
        &format!(
            "{alive_at_return} task(s) were still alive when task_group returned at {}: \
             they outlive the call",
            fmt_duration(returned)
        ),
        OUTLIVE,
    );
    expect_all_started(&q, jobs);
    if returned > end {
        if let Some(first) = first_failure {
            let (problem, hint) = late_after_failure(&q, &first.name, end, returned);
            panic!("{}", q.failure(&problem, hint));
        }
        let problem = format!(
            "the tasks did not all run at once: the group took {}, its longest task takes {}",
            fmt_duration(returned),
            fmt_duration(end)
        );
        panic!(
            "{}",
            q.failure(
                &problem,
                "spawn every task first, then wait for them: awaiting each before starting \
                 the next runs them one after another"
            )
        );
    }
    q.expect(
        returned == end,
        &format!(
            "task_group returned at {}, before its tasks were done (at {})",
            fmt_duration(returned),
            fmt_duration(end)
        ),
        "wait for the tasks: loop on `join_next().await` until the first error or the end",
    );
    q.expect_within(
        &window,
        &format!("a task ran after task_group returned: {OUTLIVE}"),
    );
}

/// What to say when the call returned at `returned`, after `failed` failed at `at`: were the
/// other tasks left to run on (gather), or cancelled at once and then something else waited?
fn late_after_failure(
    q: &Query,
    failed: &str,
    at: Duration,
    returned: Duration,
) -> (String, &'static str) {
    let ran_on: Vec<&str> = q
        .spans()
        .iter()
        .filter(|s| s.label != failed && s.end > at)
        .map(|s| s.label.as_str())
        .collect();
    if ran_on.is_empty() {
        (
            format!(
                "task_group returned at {}, but {failed} failed at {} and every other task was \
                 cancelled then: after cancelling, the call waited for something else (a \
                 sleep or timer?) before returning",
                fmt_duration(returned),
                fmt_duration(at)
            ),
            "wait for the cancelled tasks themselves, not for a guessed time: \
             `set.shutdown().await` returns as soon as every aborted task has ended (a sleep \
             is too long here, and may be too short on a busy machine)",
        )
    } else {
        (
            format!(
                "task_group returned at {}, but {failed} failed at {}: the other tasks were \
                 not cancelled ({} ran on after it), it waited for them",
                fmt_duration(returned),
                fmt_duration(at),
                ran_on.join(", ")
            ),
            CANCEL,
        )
    }
}

/// Compares the result with the right one, and names the usual ways to get it wrong.
#[track_caller]
fn expect_result(
    q: &Query,
    jobs: &[Job],
    got: &Result<Vec<String>, String>,
    want: &Result<Vec<String>, String>,
) {
    if got == want {
        return;
    }
    let (problem, hint) = match (got, want) {
        (Err(got), Err(want)) => {
            let when = |e: &String| {
                jobs.iter()
                    .find(|j| &error(&j.name) == e)
                    .map_or("never".to_owned(), |j| fmt_duration(ms(j.after)))
            };
            (
                format!(
                    "task_group reported {got:?} (at {}), but {want:?} happened first (at {}): \
                     not the first error in time",
                    when(got),
                    when(want)
                ),
                "report the first error to happen: `join_next` hands tasks back in the order \
                 they finish; awaiting the handles (or the results) in spawn order finds a \
                 later error first, and no guess of which task fails can work: the test \
                 changes it",
            )
        }
        (Ok(_), Err(want)) => (
            format!("task_group returned Ok although a task failed with {want:?}"),
            "a task's Err is the group's error: return the first one",
        ),
        (Err(got), Ok(_)) => (
            format!("task_group returned Err({got:?}) although no task failed"),
            "return Ok with every output when all tasks succeed",
        ),
        (Ok(got), Ok(want)) => {
            let mut by_end: Vec<&Job> = jobs.iter().collect();
            by_end.sort_by_key(|j| j.after);
            let finished: Vec<String> = by_end.iter().map(|j| output(&j.name)).collect();
            let problem = if got == &finished {
                format!(
                    "task_group returned the outputs in the order the tasks finished, \
                     {got:?}, not in the order of the tasks, {want:?}"
                )
            } else {
                format!("task_group returned {got:?}, expected {want:?}")
            };
            (
                problem,
                "like TaskGroup's task.result(), each output keeps its task's place: spawn \
                 `async move { (place, task.await) }` and put each output in its slot",
            )
        }
    };
    panic!("{}", q.failure(&problem, hint));
}

/// Every task must have started at the very start of the call.
#[track_caller]
fn expect_all_started(q: &Query, jobs: &[Job]) {
    for job in jobs {
        let problem = match q.span(&job.name) {
            None => format!("task {} never started", job.name),
            Some(span) if span.start > Duration::ZERO => format!(
                "task {} started at {}, not with the others at 0 s",
                job.name,
                fmt_duration(span.start)
            ),
            Some(_) => continue,
        };
        panic!(
            "{}",
            q.failure(
                &problem,
                "start every task at once (spawn them all into the JoinSet), then wait",
            )
        );
    }
}

#[tokio::test(start_paused = true)]
async fn all_succeed_outputs_in_task_order() {
    check(&[
        ok("A", 3000),
        ok("B", 1000),
        ok("C", 4000),
        ok("D", 1500),
        ok("E", 5000),
        ok("F", 2000),
    ])
    .await;
}

#[tokio::test(start_paused = true)]
async fn a_later_task_fails_first() {
    check(&[
        ok("A", 5000),
        fail("B", 3000),
        fail("C", 1000),
        ok("D", 500),
        ok("E", 4000),
    ])
    .await;
}

/// Each of five tasks in turn is the first to fail, and another fails later, spawned
/// before it or after it: only the first in time may be reported.
#[tokio::test(start_paused = true)]
async fn the_first_error_in_time_wherever_it_was_spawned() {
    for first in 0..5 {
        let second = (first + 2) % 5;
        let jobs: Vec<Job> = (0..5)
            .map(|i| {
                let name = format!("T{i}");
                if i == first {
                    fail(&name, 700)
                } else if i == second {
                    fail(&name, 2000)
                } else {
                    ok(&name, 3000 + 100 * i as u64)
                }
            })
            .collect();
        check(&jobs).await;
    }
}

/// Twenty long tasks and one that fails after 2 s: the long ones are cancelled at once,
/// and none of them is still alive, or running, once task_group has returned.
#[tokio::test(start_paused = true)]
async fn the_rest_are_cancelled_and_none_outlives_the_call() {
    let mut jobs: Vec<Job> = (0..20)
        .map(|i| ok(&format!("long-{i:02}"), 100_000 + 1000 * i))
        .collect();
    jobs.insert(13, fail("short", 2000));
    check(&jobs).await;
}

/// A task that panics fails the group as an error does: the others are cancelled at once,
/// none outlives the call, and then its panic goes on to the caller, as an exception in a
/// TaskGroup propagates (`std::panic::resume_unwind`, its payload intact).
#[tokio::test(start_paused = true)]
async fn a_panicking_task_cancels_the_rest_then_its_panic_goes_on() {
    use futures::FutureExt;
    use std::panic::AssertUnwindSafe;
    let jobs = [ok("A", 5000), panicking("B", 700), ok("C", 3000)];
    let (timeline, probe) = Timeline::tokio_with_probe();
    let alive = Arc::new(AtomicUsize::new(0));
    let tasks: Vec<_> = jobs.iter().map(|job| task(&probe, &alive, job)).collect();
    let start = timeline.now();
    // `catch_unwind` stops the panic here; what is alive is counted in the same instant,
    // before anything else may run.
    let caught = within(LIMIT, HANG, async {
        let outcome = AssertUnwindSafe(task_group(tasks)).catch_unwind().await;
        (outcome, timeline.now(), alive.load(Ordering::SeqCst))
    })
    .await;
    let (outcome, returned, alive_at_return) = caught;
    tokio::time::sleep(Duration::from_secs(1000)).await;
    let q = timeline.query();
    match &outcome {
        Ok(Ok(outputs)) => panic!(
            "{}",
            q.failure(
                &format!(
                    "task B panicked, yet task_group returned Ok({outputs:?}): the panic was \
                     swallowed"
                ),
                "a JoinError from join_next is a panic here (nothing else aborts a task \
                 before the first failure): cancel the rest, then pass it on with \
                 `std::panic::resume_unwind(join_error.into_panic())`"
            )
        ),
        Ok(Err(e)) => panic!(
            "{}",
            q.failure(
                &format!("task B panicked, yet task_group returned Err({e:?})"),
                "no task failed with an error: B panicked. Cancel the rest, then pass the \
                 panic on with `std::panic::resume_unwind(join_error.into_panic())`"
            )
        ),
        Err(payload) => {
            let own = payload
                .downcast_ref::<TaskPanic>()
                .is_some_and(|p| p.0 == "B panicked");
            let message = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            q.expect(
                own || message != "B panicked",
                "the panic that reached the caller has the words of B's panic, but it is a \
                 new panic that copied its text: the task's own panic (its payload, which \
                 may be any value, not only text) was dropped",
                "pass the task's own panic on, payload and all: \
                 `std::panic::resume_unwind(join_error.into_panic())`",
            );
            q.expect(
                own,
                &format!(
                    "the panic that reached the caller says {message:?}, not the task's own \
                     \"B panicked\": the task's panic was replaced by another"
                ),
                "pass the task's own panic on: `std::panic::resume_unwind(join_error.into_panic())`",
            );
        }
    }
    q.expect(
        alive_at_return == 0,
        &format!(
            "{alive_at_return} task(s) were still alive when the panic left task_group at {}: \
             they outlive the call",
            fmt_duration(returned)
        ),
        &format!("cancel the rest before passing the panic on: {OUTLIVE}"),
    );
    if returned != start + ms(700) {
        let (problem, hint) = late_after_failure(&q, "B", ms(700), returned);
        panic!(
            "{}",
            q.failure(&format!("the panic left task_group late: {problem}"), hint)
        );
    }
    q.expect_within(
        &(start..returned),
        &format!("a task ran after the panic left task_group: {OUTLIVE}"),
    );
}

/// A group of no tasks has nothing to wait for: Ok with no outputs, at once.
#[tokio::test(start_paused = true)]
async fn an_empty_group_is_ok_at_once() {
    use futures::FutureExt;
    use std::panic::AssertUnwindSafe;
    type Task = std::pin::Pin<Box<dyn Future<Output = Result<String, String>> + Send>>;
    let start = tokio::time::Instant::now();
    let outcome = within(
        LIMIT,
        HANG,
        AssertUnwindSafe(task_group(Vec::<Task>::new())).catch_unwind(),
    )
    .await;
    let took = start.elapsed();
    match outcome {
        Ok(result) => assert!(
            result == Ok(Vec::new()) && took.is_zero(),
            "\n✗ task_group(no tasks) returned {result:?} after {}, expected Ok([]) at once\n  \
             hint: with no tasks there is nothing to wait for: `while let Some(joined) = \
             set.join_next().await` ends at once",
            fmt_duration(took)
        ),
        Err(payload) => {
            let message = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            panic!(
                "\n✗ task_group panicked when given no tasks ({message:?}): an empty group is \
                 not an error, it is Ok with no outputs. select_all and the like panic on an \
                 empty list.\n  hint: loop on `set.join_next().await` until it gives None \
                 (at once when there are no tasks)"
            );
        }
    }
}

/// On a runtime with several threads, a task busy inside a poll when another one fails cannot
/// be dropped until that poll returns: `abort_all` only asks. task_group must still wait until
/// it has ended. (On one thread, a `yield_now` after `abort_all` happens to be enough; here it
/// is not.) Two busy tasks end their polls at different times (300 ms and 900 ms): a drain
/// that stops at the first task that comes back cancelled leaves the second one running.
/// Real time, but nothing is timed: the test counts what is alive at the return.
#[test]
fn a_task_busy_on_another_thread_has_ended_before_the_call_returns() {
    use std::future::Future;
    use std::pin::Pin;
    type Task = Pin<Box<dyn Future<Output = Result<String, String>> + Send>>;
    let (left, result) = toolkit::watchdog::watchdog(Duration::from_secs(30), HANG, || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(3)
            .enable_time()
            .build()
            .expect("the test could not build a runtime");
        let alive = Arc::new(AtomicUsize::new(0));
        let started = Arc::new(AtomicUsize::new(0));
        let busy = |for_ms: u64| -> Task {
            let (guard, started) = (Alive::new(&alive), Arc::clone(&started));
            Box::pin(async move {
                let _alive = guard;
                started.fetch_add(1, Ordering::SeqCst);
                // Busy inside this poll for a while (as CPU work would be), then waits.
                std::thread::sleep(Duration::from_millis(for_ms));
                std::future::pending::<()>().await;
                Ok(String::new())
            })
        };
        let (short, long) = (busy(300), busy(900));
        let failing: Task = {
            let guard = Alive::new(&alive);
            Box::pin(async move {
                let _alive = guard;
                // Fail only once both busy tasks are inside their polls.
                while started.load(Ordering::SeqCst) < 2 {
                    tokio::time::sleep(Duration::from_millis(1)).await;
                }
                Err(error("failing"))
            })
        };
        let result = runtime.block_on(task_group(vec![short, long, failing]));
        // Counted before the runtime is dropped (dropping it would drop every task).
        let left = alive.load(Ordering::SeqCst);
        drop(runtime);
        (left, result)
    });
    assert_eq!(
        result,
        Err(error("failing")),
        "\n✗ task_group returned {result:?}, expected the error of the task that failed\n  \
         hint: return the first error that join_next gives you"
    );
    assert_eq!(
        left, 0,
        "\n✗ {left} task(s) were still alive when task_group returned, on a runtime with three \
         threads: a task busy on another thread cannot be dropped until its poll returns, so \
         it outlived the call (a drain that stops at the first task that comes back cancelled \
         does not wait for the others)\n  hint: {OUTLIVE}"
    );
}

/// Far more tasks than any limit of its own a group might use (16, 32, 100, 256, 512,
/// 1024…): every one starts at 0 s, and the group takes as long as its longest task. (One
/// test of its own: a failure here lists counts, not a picture of 5,000 tasks.)
#[tokio::test(start_paused = true)]
async fn five_thousand_tasks_all_start_at_once() {
    const N: u64 = 5000;
    let (timeline, probe) = Timeline::tokio_with_probe();
    let alive = Arc::new(AtomicUsize::new(0));
    // Uneven lengths, from 1 s to just under 3 s.
    let jobs: Vec<Job> = (0..N)
        .map(|i| ok(&format!("t{i:04}"), 1000 + (i * 7919) % 1999))
        .collect();
    let longest = ms(jobs.iter().map(|j| j.after).max().unwrap_or(0));
    let tasks: Vec<_> = jobs.iter().map(|job| task(&probe, &alive, job)).collect();
    let start = timeline.now();
    let got = within(LIMIT, HANG, task_group(tasks)).await;
    let took = timeline.now() - start;
    let q = timeline.query();
    let late = q.spans().iter().filter(|s| s.start > start).count();
    assert!(
        late == 0 && took == longest,
        "\n✗ a group of {N} tasks: {late} of them started after 0 s, at most {} ran at the same \
         time, and the group took {}, where its longest task takes {}: the tasks were let in a \
         few at a time\n  hint: spawn every task into the JoinSet before you wait for any: a \
         group runs all its tasks at once. A limit of your own (a fixed number of slots, \
         buffer_unordered, a Semaphore) is right only for groups smaller than it",
        q.max_concurrency(),
        fmt_duration(took),
        fmt_duration(longest)
    );
    let want: Vec<String> = jobs.iter().map(|j| output(&j.name)).collect();
    assert!(
        got.as_ref() == Ok(&want),
        "\n✗ a group of {N} tasks that all succeed returned {}, not Ok with every output in \
         the order of the tasks\n  hint: keep each task's place with its output",
        match &got {
            Ok(outputs) => format!("Ok with {} outputs", outputs.len()),
            Err(e) => format!("Err({e:?})"),
        }
    );
}

/// Two groups at the same time on one runtime: F fails at 50 ms; G's long task runs until F
/// has returned (or 5 s, for a group F that waits for it). Each group cancels and waits for
/// its own tasks only: nothing may be shared between calls. Real time (a group that waits for
/// the other group's tasks must still see them end, and the test must not leave a stuck
/// runtime behind), but nothing is timed: G-long cannot end before F has returned unless F
/// waited 5 s for it, so a busy machine that slows F down cannot make a right F look wrong.
#[test]
fn two_groups_at_the_same_time_leave_each_other_alone() {
    const SHARED: &str = "two task_groups running at the same time on one runtime never both \
                          returned: does a group wait for something every group shares (a \
                          static counter of live tasks, a global list of handles)? Keep \
                          everything in the call: one JoinSet per call, drained with join_next \
                          (`set.shutdown().await` waits for this group's tasks, and only them)";
    type Task = std::pin::Pin<Box<dyn Future<Output = Result<String, String>> + Send>>;
    toolkit::watchdog::watchdog(Duration::from_secs(10), SHARED, || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("the test could not build a runtime");
        runtime.block_on(async {
            let (timeline, probe) = Timeline::tokio_with_probe();
            let (alive_f, alive_g, alive_long) = (
                Arc::new(AtomicUsize::new(0)),
                Arc::new(AtomicUsize::new(0)),
                Arc::new(AtomicUsize::new(0)),
            );
            let f = vec![
                task(&probe, &alive_f, &ok("F-ok", 1500)),
                task(&probe, &alive_f, &fail("F-fails", 50)),
            ];
            // G-long ends once F has returned: what is alive then is not a matter of timing.
            let (f_returned, f_done) = tokio::sync::oneshot::channel::<()>();
            let g_long = {
                let (probe, guard) = (probe.clone(), Alive::new(&alive_long));
                async move {
                    let _alive = guard;
                    let _ = probe
                        .record_async(
                            "G-long",
                            tokio::time::timeout(Duration::from_secs(5), f_done),
                        )
                        .await;
                    Ok(output("G-long"))
                }
            };
            let g: Vec<Task> = vec![
                Box::pin(task(&probe, &alive_g, &ok("G-short", 300))),
                Box::pin(g_long),
            ];
            let ((f_got, f_alive, long_alive), g_got) = tokio::join!(
                async {
                    let got = task_group(f).await;
                    let counts = (
                        got,
                        alive_f.load(Ordering::SeqCst),
                        alive_long.load(Ordering::SeqCst),
                    );
                    let _ = f_returned.send(());
                    counts
                },
                task_group(g)
            );
            let q = timeline.query();
            q.expect(
                g_got == Ok(vec![output("G-short"), output("G-long")]),
                &format!(
                    "two groups ran at the same time; group G (300 ms, and a task that runs until F \
                     has returned; no failure) returned {g_got:?}, expected Ok with both outputs: the failure of the \
                     OTHER group (F, at 50 ms) reached G's tasks"
                ),
                "cancel only this call's tasks: a JoinSet made inside the call, never a \
                 static list of tasks or handles shared by every group",
            );
            q.expect(
                f_got == Err(error("F-fails")) && f_alive == 0,
                &format!(
                    "two groups ran at the same time; group F returned {f_got:?} with \
                     {f_alive} of its own tasks alive, expected Err(\"F-fails failed\") and \
                     none alive"
                ),
                OUTLIVE,
            );
            q.expect(
                long_alive == 1,
                "two groups ran at the same time; group F failed at 50 ms but returned only \
                 once G-long, a task of the OTHER group that runs until F returns (or 5 s), had \
                 ended: it waited for tasks that are not its own (a static counter of live \
                 tasks, a global list?)",
                "wait for this call's tasks only (`set.shutdown().await`), not for a count \
                 or a list shared by every group",
            );
        });
    });
}

/// A caller may give up on the whole group: a timeout around `task_group`, or a `select!`
/// branch that loses, drops the call's future half-way. Its tasks must go with it: none may
/// run on once the call is gone. (Dropping a JoinSet aborts its tasks; dropping JoinHandles
/// detaches theirs.) The call cannot wait in a drop, so the tasks get a moment (1 ms) to be
/// dropped, then the test counts what is alive, and looks for a task that ran to its end.
#[tokio::test(start_paused = true)]
async fn a_cancelled_call_takes_its_tasks_with_it() {
    let (timeline, probe) = Timeline::tokio_with_probe();
    let alive = Arc::new(AtomicUsize::new(0));
    let jobs: Vec<Job> = (0..5)
        .map(|i| ok(&format!("T{i}"), 10_000 + 1000 * i))
        .collect();
    let tasks: Vec<_> = jobs.iter().map(|job| task(&probe, &alive, job)).collect();
    let start = timeline.now();
    // The caller's timeout fires at 2 s, long before any task ends: the call is dropped.
    let outcome = within(
        LIMIT,
        HANG,
        tokio::time::timeout(ms(2000), task_group(tasks)),
    )
    .await;
    let cancelled = timeline.now();
    tokio::time::sleep(ms(1)).await;
    let alive_after = alive.load(Ordering::SeqCst);
    // Give a task that escaped the call all the time it needs to show itself.
    tokio::time::sleep(Duration::from_secs(1000)).await;
    let q = timeline.query();
    if let Ok(result) = &outcome {
        panic!(
            "{}",
            q.failure(
                &format!(
                    "task_group returned {result:?} at {}, although its shortest task takes \
                     10 s",
                    fmt_duration(cancelled - start)
                ),
                "wait for the tasks: loop on `join_next().await` until the first error or \
                 the end",
            )
        );
    }
    let ran_on: Vec<&str> = q
        .spans()
        .iter()
        .filter(|s| s.end > cancelled + ms(1))
        .map(|s| s.label.as_str())
        .collect();
    q.expect(
        alive_after == 0 && ran_on.is_empty(),
        &format!(
            "a caller's timeout cancelled task_group at {} (its future was dropped half-way), \
             yet {alive_after} of its 5 tasks were still alive after it, and {} ran on to \
             their end ({}): the tasks outlived the cancelled call",
            fmt_duration(cancelled - start),
            ran_on.len(),
            ran_on.join(", ")
        ),
        "a caller may cancel task_group (a timeout, a select! branch that loses): its tasks \
         must be cancelled with it. Keep them in a JoinSet owned by the call: dropping the \
         call drops the JoinSet, which aborts every task; JoinHandles (tokio::spawn) dropped \
         with the call only detach their tasks, which run on with nobody to stop them",
    );
}
