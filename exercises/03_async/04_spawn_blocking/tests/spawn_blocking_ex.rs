//! Checks `run_blocking`: while a blocking job runs, a heartbeat task on the **same**
//! one-thread runtime keeps beating, and the job runs on another thread.
//!
//! Why real time here, unlike the other async tests: the job blocks with
//! `std::thread::sleep`, which tokio's paused clock can neither see nor skip. So this test runs
//! a `current_thread` runtime (one thread, like asyncio's event loop) on the real clock, with a
//! 400 ms job and a heartbeat every 10 ms. A blocked loop cannot beat at all while the job runs,
//! so the heartbeat is silent for the **whole** job; a free one beats every 10 ms. The test
//! fails only on a silence of three quarters of the job or more: a gap no busy machine makes.
//!
//! The heartbeat and the job are recorded with the test's own `Probe`: evidence that only
//! the test can make. The toolkit's `watchdog` (real time) stops the test if anything hangs.
//!
//! A loop that keeps beating can still be busy: polling `is_finished()` with `yield_now`
//! between checks lets the heartbeat through but keeps the runtime's thread running for the
//! whole job. The kernel's per-thread schedstat tells a thread that slept while it waited
//! from one that ran (or was ready to run) all along, however loaded the machine is.
//!
//! Every test checks where the job ran, not only the heartbeat one; and a job that panics
//! must panic the caller with its own payload, as `asyncio.to_thread` re-raises.

use spawn_blocking_ex::run_blocking;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use toolkit::format::fmt_duration;
use toolkit::sched::ThreadTimes;
use toolkit::timeline::Span;
use toolkit::timeline::query::Query;
use toolkit::watchdog::watchdog;
use toolkit::{Probe, Timeline};

const JOB: Duration = Duration::from_millis(400);
/// Each job of the test that starts 40 or more at once: short enough that all of them one
/// after another (a pool of one) still end before the watchdog, so the test can say so.
const EACH_OF_MANY: Duration = Duration::from_millis(150);
const BEAT: Duration = Duration::from_millis(10);
const HANG: &str = "is the job, or the await on its handle, stuck?";
const SPAWN_BLOCKING: &str = "the runtime's only thread was blocked while the job ran: hand \
                              the job to tokio::task::spawn_blocking and `.await` the handle \
                              (joining a thread, waiting on a std channel, or spinning on \
                              is_finished() blocks just the same)";

/// Runs `body` on a one-thread runtime, like asyncio's event loop, under the watchdog. A
/// panic from tokio itself (it refuses some blocking calls on such a runtime) is turned into
/// a message that says what to do instead.
fn on_one_thread<T: Send + 'static>(body: impl Future<Output = T> + Send + 'static) -> T {
    watchdog(Duration::from_secs(10), HANG, move || {
        run_on_this_thread(tokio::runtime::Builder::new_current_thread(), body)
    })
}

/// Like [`on_one_thread`], but the runtime is the one a real program has: `#[tokio::main]`
/// starts a multi-threaded runtime and runs its `main` future on the thread named `main`,
/// which blocking code stops just the same. Code that behaves one way on `main`, or on a
/// multi-threaded runtime, and another in tests is tested there too.
fn on_the_main_thread<T: Send + 'static>(body: impl Future<Output = T> + Send + 'static) -> T {
    watchdog(Duration::from_secs(10), HANG, move || {
        let mut builder = tokio::runtime::Builder::new_multi_thread();
        // Each worker thread of the runtime, as it parks (idle): only workers call this.
        builder.on_thread_park(|| {
            let mut workers = RUNTIME_WORKERS.lock().unwrap_or_else(|e| e.into_inner());
            let me = std::thread::current().id();
            if !workers.contains(&me) {
                workers.push(me);
            }
        });
        let main = std::thread::Builder::new()
            .name("main".to_owned())
            .spawn(move || run_on_this_thread(builder, body))
            .expect("a thread for the runtime");
        main.join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// The worker threads of the runtime [`on_the_main_thread`] starts (one test uses it).
static RUNTIME_WORKERS: std::sync::Mutex<Vec<std::thread::ThreadId>> =
    std::sync::Mutex::new(Vec::new());

/// Runs `body` on this thread, on a runtime from `builder`.
fn run_on_this_thread<T>(mut builder: tokio::runtime::Builder, body: impl Future<Output = T>) -> T {
    {
        let runtime = builder.enable_all().build().expect("a tokio runtime");
        match std::panic::catch_unwind(AssertUnwindSafe(|| runtime.block_on(body))) {
            Ok(value) => value,
            Err(panic) => {
                let text = panic
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| panic.downcast_ref::<&str>().copied())
                    .unwrap_or_default()
                    .to_owned();
                // The test's own failures (they start with ✗) pass through unchanged.
                if text.trim_start().starts_with('✗') {
                    std::panic::resume_unwind(panic);
                }
                panic!(
                    "\n✗ run_blocking made tokio panic: \"{text}\"\n  hint: tokio refuses to \
                     block a thread that runs its tasks: block_in_place works only on a \
                     multi-threaded runtime (and blocks its thread all the same), and \
                     Handle::block_on (or a runtime inside the runtime) cannot run inside one. \
                     Hand the job to tokio::task::spawn_blocking and `.await` its handle."
                );
            }
        }
    }
}

/// One mark per beat: when it ended, and how long the runtime's thread had waited for a CPU
/// so far (run-queue wait, from `/proc/thread-self/schedstat`; 0 where the kernel does not
/// say). A late beat with no run-queue wait to explain it means the thread was kept busy or
/// asleep by the code it ran, not by the machine's load.
type Marks = Arc<Mutex<Vec<(Duration, Duration)>>>;

fn queue_wait() -> Duration {
    ThreadTimes::now().map(|t| t.queued).unwrap_or_default()
}

/// Beats forever: each beat is a 10 ms async sleep, recorded by the test's probe; after each
/// one it notes the time and the runtime thread's run-queue wait in `marks`.
async fn heartbeat(probe: Probe, timeline: Timeline, marks: Marks) {
    loop {
        probe.record_async("beat", tokio::time::sleep(BEAT)).await;
        let mark = (timeline.now(), queue_wait());
        marks.lock().unwrap_or_else(|e| e.into_inner()).push(mark);
    }
}

#[test]
fn the_heartbeat_keeps_beating_while_a_blocking_job_runs() {
    on_one_thread(async {
        let (timeline, probe) = Timeline::with_probe();
        let beat_marks = Marks::default();
        let heartbeat = tokio::spawn(heartbeat(
            probe.clone(),
            timeline.clone(),
            beat_marks.clone(),
        ));
        // Let the heartbeat beat a few times before the job starts.
        tokio::time::sleep(BEAT * 3).await;

        let job_probe = probe.clone();
        let before = ThreadTimes::now();
        let start = timeline.now();
        let answer = run_blocking(move || {
            job_probe.record("job", || {
                std::thread::sleep(JOB); // blocks whichever thread runs it
                42
            })
        })
        .await;
        let window = start..timeline.now();
        let busy = ThreadTimes::now()
            .zip(before)
            .map(|(after, before)| after.since(&before));
        heartbeat.abort();
        let _ = heartbeat.await;

        let q = timeline.query();
        let Some(job) = q.span("job").cloned() else {
            q.expect(
                false,
                "the job never ran",
                "run_blocking must run the job it is given, once",
            );
            return;
        };
        q.expect(
            answer == 42,
            &format!("run_blocking returned {answer}, but the job returned 42"),
            "return what the job returned (the Ok value of the awaited handle)",
        )
        .expect(
            window.start <= job.start && job.end <= window.end,
            &format!(
                "the job ran from {} to {}, outside the call ({} to {})",
                fmt_duration(job.start),
                fmt_duration(job.end),
                fmt_duration(window.start),
                fmt_duration(window.end)
            ),
            "run the job inside the call, and await it before you return",
        );

        let beat_marks = beat_marks.lock().unwrap_or_else(|e| e.into_inner()).clone();
        expect_loop_free(&q, &job, &beat_marks, busy);
    });
}

/// The checks that the runtime's thread stayed free while `job` ran, from the test's own
/// evidence: the heartbeat's beats (`q`, labelled "beat"), its marks, and the thread's
/// schedstat over the call (`busy`). Every test that watches a job runs them all, so code
/// that behaves only while one particular test watches is caught by the others.
#[track_caller]
fn expect_loop_free(
    q: &Query,
    job: &Span,
    beat_marks: &[(Duration, Duration)],
    busy: Option<ThreadTimes>,
) {
    // The longest stretch of the job during which no beat finished.
    let beats = q.labelled("beat");
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
        silence < JOB * 3 / 4,
        &format!(
            "the heartbeat (one beat every {}) went silent for {} while the {} job ran",
            fmt_duration(BEAT),
            fmt_duration(silence),
            fmt_duration(JOB)
        ),
        SPAWN_BLOCKING,
    );

    // Shorter stops count too: each beat later than BEAT (plus 2 ms of timer slack) that
    // the machine's load does not explain (the thread was not waiting for a CPU) is time
    // the runtime's thread spent in blocking code. A free loop has next to none of it,
    // however busy the machine; sleeping or spinning between awaits has it on every beat.
    let held: Duration = beat_marks
        .windows(2)
        .filter(|w| w[1].0 > job.start && w[0].0 < job.end)
        .map(|w| {
            let gap = w[1].0 - w[0].0;
            let queued = w[1].1.saturating_sub(w[0].1);
            gap.saturating_sub(BEAT + Duration::from_millis(2) + queued)
        })
        .sum();
    q.expect(
        held < JOB / 4,
        &format!(
            "the runtime's thread was held by blocking code for {} of the {} job, in \
             stops the heartbeat could not beat through (not the machine's load: the \
             thread was not waiting for a CPU then)",
            fmt_duration(held),
            fmt_duration(JOB)
        ),
        "await the spawn_blocking handle and nothing else: a std::thread::sleep, a spin \
         or a blocking wait between awaits (even a short one, even in a polling loop) \
         stops every other task on this thread",
    );

    let loop_thread = beats.spans().first().map(|b| b.runner.thread_id);
    q.expect(
        Some(job.runner.thread_id) != loop_thread,
        "the job ran on the runtime's own thread",
        SPAWN_BLOCKING,
    );

    // While the job runs, a free loop sleeps between beats: it runs (or waits for a
    // core) for a few ms per beat at most. A loop that polls the job runs all along, on
    // a core or queued for one, whatever the load: half the job is far from either.
    if let Some(busy) = busy {
        let running = busy.cpu + busy.queued;
        q.expect(
            running < JOB / 2,
            &format!(
                "the runtime's thread kept running for {} of the {} job (on a core {}, \
                 waiting for one {}) instead of sleeping until the job was done: \
                 something polled the job in a loop",
                fmt_duration(running),
                fmt_duration(JOB),
                fmt_duration(busy.cpu),
                fmt_duration(busy.queued)
            ),
            "`.await` the spawn_blocking handle: it wakes this task when the job is done, \
             and the thread sleeps meanwhile. A loop on is_finished() with yield_now \
             between checks busy-waits, keeping a core busy for nothing",
        );
    }
}

/// The job's own payload when it panics: nothing else could make it.
#[derive(Debug)]
struct JobFailed;

#[test]
fn a_panic_in_the_job_reaches_the_caller_as_it_was() {
    let ran_on = Arc::new(Mutex::new(None));
    let noted = ran_on.clone();
    let runtime_thread = Arc::new(Mutex::new(None));
    let runtime_noted = runtime_thread.clone();
    let caught = std::panic::catch_unwind(AssertUnwindSafe(|| {
        watchdog(Duration::from_secs(10), HANG, move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a tokio runtime");
            *runtime_noted.lock().unwrap_or_else(|e| e.into_inner()) =
                Some(std::thread::current().id());
            runtime.block_on(run_blocking(move || -> u32 {
                *noted.lock().unwrap_or_else(|e| e.into_inner()) =
                    Some(std::thread::current().id());
                std::panic::panic_any(JobFailed)
            }))
        })
    }));
    let ran_on = *ran_on.lock().unwrap_or_else(|e| e.into_inner());
    let runtime_thread = *runtime_thread.lock().unwrap_or_else(|e| e.into_inner());
    assert!(
        ran_on.is_some() && ran_on != runtime_thread,
        "\n✗ the job ran on the runtime's own thread\n  hint: {SPAWN_BLOCKING}"
    );
    let payload = match caught {
        Ok(value) => panic!(
            "\n✗ the job panicked, but run_blocking returned {value}\n  hint: pass the job's \
             panic on to the caller: resume_unwind(error.into_panic())"
        ),
        Err(payload) => payload,
    };
    if payload.downcast_ref::<JobFailed>().is_none() {
        let text = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("(not a message)");
        panic!(
            "\n✗ the job panicked with JobFailed, but run_blocking panicked with \
             something else: \"{text}\": the job's own panic was replaced\n  hint: an \
             `.unwrap()` or `.expect(..)` on the JoinError panics with a message of its own, \
             like `except: raise RuntimeError()`; pass the job's panic on as it was: \
             `std::panic::resume_unwind(error.into_panic())`"
        );
    }
}

#[test]
fn the_result_of_a_cpu_job_comes_back() {
    on_the_main_thread(async {
        // Watched too, but differently: the heartbeat is not a spawned task here, it runs in
        // this same task, raced against the call with `select!`. Nothing on the runtime says
        // someone is watching, so code that keeps the loop free only when other tasks are
        // alive is caught here; and the runtime is a real program's (multi-threaded, this
        // future on the thread named `main`), so code that blocks only there, or only on a
        // multi-threaded runtime ("the other workers run the other tasks"), is caught too.
        // The job counts primes, then waits on a "slow disk".
        let (timeline, probe) = Timeline::with_probe();
        let beat_marks = Marks::default();
        let beating = heartbeat(probe.clone(), timeline.clone(), beat_marks.clone());
        tokio::pin!(beating);
        let runtime_thread = std::thread::current().id();
        let job_probe = probe.clone();
        let before = ThreadTimes::now();
        let start = timeline.now();
        let call = run_blocking(move || {
            job_probe.record("job", || {
                let primes = toolkit::cpu::count_primes(0..100_000);
                std::thread::sleep(JOB);
                (primes, std::thread::current().id())
            })
        });
        let (answer, job_thread) = tokio::select! {
            done = call => done,
            () = &mut beating => unreachable!("the heartbeat beats for ever"),
        };
        let window = start..timeline.now();
        let busy = ThreadTimes::now()
            .zip(before)
            .map(|(after, before)| after.since(&before));

        let q = timeline.query();
        let on_a_worker = RUNTIME_WORKERS
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains(&job_thread);
        q.expect(
            job_thread != runtime_thread,
            "the CPU job ran on the runtime's own thread",
            SPAWN_BLOCKING,
        )
        .expect(
            !on_a_worker,
            "the CPU job ran on one of the runtime's worker threads",
            "hand the job to tokio::task::spawn_blocking, on every runtime: a job started with \
             tokio::spawn runs on a worker of the runtime and blocks it, and every task queued \
             on that worker waits; spawn_blocking's threads are not the runtime's workers",
        )
        .expect(
            answer == 9_592,
            &format!("run_blocking returned {answer}, but the job counted 9,592 primes"),
            "return what the job returned (the Ok value of the awaited handle)",
        );
        let Some(job) = q.span("job").cloned() else {
            q.expect(
                false,
                "the job never ran",
                "run_blocking must run the job it is given, once",
            );
            return;
        };
        q.expect(
            window.start <= job.start && job.end <= window.end,
            &format!(
                "the job ran from {} to {}, outside the call ({} to {})",
                fmt_duration(job.start),
                fmt_duration(job.end),
                fmt_duration(window.start),
                fmt_duration(window.end)
            ),
            "run the job inside the call, and await it before you return",
        );
        let beat_marks = beat_marks.lock().unwrap_or_else(|e| e.into_inner()).clone();
        expect_loop_free(&q, &job, &beat_marks, busy);
    });
}

#[test]
fn more_jobs_at_once_than_cores_run_side_by_side() {
    // More callers at once than the machine has cores, as asyncio.to_thread allows: each job
    // gets a thread of the blocking pool, so they all run at the same time. The jobs sleep
    // (a "slow disk"), so a pool sized to the cores is too small for them, and so is a
    // pool of any fixed size a learner might pick: 40 calls or more is past Python's default
    // executor, min(32, cores + 4).
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let n = (4 * cores).max(40);
    on_one_thread(async move {
        let runtime_thread = toolkit::Runner::current().thread_id;
        let (timeline, probe) = Timeline::with_probe();
        let calls: Vec<_> = (0..n)
            .map(|i| {
                let probe = probe.clone();
                tokio::spawn(run_blocking(move || {
                    probe.record(format!("job-{i}"), || {
                        std::thread::sleep(EACH_OF_MANY);
                        i
                    })
                }))
            })
            .collect();
        let mut got = Vec::new();
        for call in calls {
            got.push(
                call.await
                    .unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic())),
            );
        }
        let q = timeline.query();
        q.expect(
            got == (0..n).collect::<Vec<_>>(),
            &format!("the {n} calls returned {got:?}"),
            "return what each job returned",
        );
        let labels: Vec<String> = (0..n).map(|i| format!("job-{i}")).collect();
        let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
        q.expect_each_once(
            &labels,
            "run",
            "run_blocking must run the job it is given, once",
        );
        let inline = q
            .spans()
            .iter()
            .filter(|s| s.runner.thread_id == runtime_thread)
            .count();
        q.expect(
            inline == 0,
            &format!("{inline} of the {n} jobs ran on the runtime's own thread"),
            "every call must hand its job to tokio::task::spawn_blocking, the second and the \
             hundredth as well as the first: a job run right there (on a warm pool or not) \
             blocks the loop, and the calls after it wait",
        );
        let mut threads: Vec<String> = q.spans().iter().map(|s| s.runner.thread_label()).collect();
        threads.sort_unstable();
        threads.dedup();
        let problem = match threads.as_slice() {
            [one] => {
                format!("{n} run_blocking calls at once ran one after the other, all on {one}")
            }
            _ => format!(
                "{n} run_blocking calls at once ({cores} cores here) did not all run at \
                 once: at most {} ran at the same time, on {} threads",
                q.max_concurrency(),
                threads.len()
            ),
        };
        q.expect(
            q.all_overlap(),
            &problem,
            "hand each job to tokio::task::spawn_blocking: its pool starts a thread for every \
             job that waits (up to 512), so blocking jobs never queue behind each other. A \
             pool of your own sized to the cores, or one thread in a static fed by a channel, \
             runs only that many at once (and sleeping jobs need no core); joining a thread \
             blocks the loop so the next call cannot even start",
        );
    });
}
