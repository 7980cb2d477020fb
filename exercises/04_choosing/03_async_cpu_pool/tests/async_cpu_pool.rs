//! Checks exercise 4.3: `serve` answers every request, each as soon as its job is done; runs
//! the CPU work off the event loop (a heartbeat task on the same single-threaded runtime
//! keeps ticking meanwhile), and works on two requests at once.
//!
//! The evidence: every job is CPU work recorded by `toolkit::cpu::spin_recorded` (your own
//! `timeline.record` spans are drawn, never believed), with the thread that ran it and, from
//! Linux's schedstat, how much CPU it used. The event loop's own CPU time is measured too:
//! CPU work done on the loop shows up there however busy the machine is.
//!
//! These tests use real time, not paused time: the work is real CPU work, which tokio's
//! virtual clock cannot skip.

use async_cpu_pool::{Request, serve};
use std::io::Write;
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};
use toolkit::cpu::spin;
use toolkit::format::fmt_duration;
use toolkit::measure::{own_cpu_time, spin_iterations_for, thread_cpu_time};
use toolkit::sched::ThreadTimes;
use toolkit::timeline::query::Query;
use toolkit::watchdog::within;
use toolkit::{Runner, Source, Timeline};

const LIMIT: Duration = Duration::from_secs(8);
const HANG: &str =
    "does serve return once the channel is closed, and does every request get a reply?";
/// The CPU time each job of the heartbeat test is sized to.
const JOB_CPU: Duration = Duration::from_millis(150);
const STOPPED: &str = "serve stopped taking requests: did it panic or return early? Keep \
                       receiving with `while let Some(request) = requests.recv().await` until \
                       the channel closes (an `if let` takes one request and returns)";

/// The message for a request whose reply Sender was dropped unsent.
fn dropped(id: usize) -> String {
    format!(
        "request {id} was dropped without a reply: every request's reply must be sent\n  hint: \
         did its task panic, or was it aborted (a JoinSet, or an AbortHandle, dropped when serve \
         returns aborts the tasks still waiting for their jobs)? Or was the reply Sender \
         dropped? Let each request's task run to its end on its own: plain tokio::spawn, its \
         JoinHandle dropped, does not abort it"
    )
}

/// The tests measure this process's CPU time, so they run one at a time.
static CPU_TESTS: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// `within` keeps time on tokio's clock, whose timers fire only when the event loop gets its
/// thread back: a `serve` that never awaits would hang the test. This plain thread is the
/// backstop: if the test is not over after twice the limit, it names the mistake and ends
/// the test binary with a failure.
struct LoopGuard(#[allow(dead_code)] std::sync::mpsc::Sender<()>);

fn loop_guard() -> LoopGuard {
    let (done, wait) = std::sync::mpsc::channel::<()>();
    std::thread::spawn(move || {
        if let Err(std::sync::mpsc::RecvTimeoutError::Timeout) = wait.recv_timeout(LIMIT * 2) {
            // Straight to stderr: libtest's capture of eprintln! would die with the process.
            let _ = writeln!(
                std::io::stderr(),
                "\n✗ the event loop never got its thread back for {} s: serve never awaits, so \
                 no timer, task or reply could run (the test's own time limit could not fire \
                 either)\n  hint: wait for requests with requests.recv().await, not a loop \
                 around try_recv; never spin or compute on the event loop: CPU work goes \
                 into spawn_blocking",
                (LIMIT * 2).as_secs()
            );
            std::process::exit(101);
        }
    });
    LoopGuard(done)
}

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
        tx.send(Request { id, work, reply }).await.expect(STOPPED);
        replies.push(answer);
    }
    // Room again means `serve` has taken the last request too.
    drop(tx.reserve().await.expect(STOPPED));
    let all_taken = timeline.now();
    expect_still_serving(&server, timeline);
    drop(tx); // No more requests: serve may return.
    let mut answers = Vec::new();
    for (id, answer) in replies.into_iter().enumerate() {
        answers.push(answer.await.unwrap_or_else(|_| panic!("{}", dropped(id))));
    }
    server
        .await
        .unwrap_or_else(|e| panic!("serve panicked: {e}"));
    (answers, all_taken)
}

/// `serve` must stay until its channel closes: one that has already returned while the
/// channel is open left its work to something that outlives it.
fn expect_still_serving(server: &tokio::task::JoinHandle<()>, timeline: &Timeline) {
    timeline.query_all().expect(
        !server.is_finished(),
        "serve had already returned while its channel was still open: the requests were \
         left to work that outlives serve (a thread or task of your own, detached)",
        "serve takes every request itself, with requests.recv().await in a loop, and returns \
         only once the channel is closed; each request's job goes to spawn_blocking from a \
         task serve spawned",
    );
}

/// The job spans (CPU evidence) and, if some were recorded by you, a hint about them.
fn jobs_of(timeline: &Timeline, n: usize) -> Query {
    let jobs = timeline.query().from_source(Source::Cpu).labelled("job-");
    let yours = timeline.query_all().from_source(Source::Yours);
    let all = timeline.query_all();
    if jobs.is_empty() && !yours.is_empty() {
        all.expect(
            false,
            "no job was recorded by toolkit::cpu::spin_recorded: spans recorded with \
             timeline.record are your own, drawn but not believed",
            "inside spawn_blocking, compute with toolkit::cpu::spin_recorded(&timeline, \
             format!(\"job-{id}\"), work): it does the work, records it and returns the answer",
        );
    }
    for id in 0..n {
        let label = format!("job-{id}");
        let found = jobs.filter(|s| s.label == label).len();
        all.expect(
            found == 1,
            &format!("{label} was recorded by spin_recorded {found} time(s), expected once"),
            "compute each request's answer once, on every call (an answer kept from an earlier \
             request or call, in a static, is not computed), with \
             toolkit::cpu::spin_recorded(&timeline, \
             format!(\"job-{id}\"), work)",
        );
    }
    jobs
}

fn expect_answers(answers: &[u64], work: &[u64], timeline: &Timeline) {
    let expected: Vec<u64> = work.iter().map(|&n| spin(n)).collect();
    let wrong = (0..work.len()).find(|&i| answers.get(i) != expected.get(i));
    if let Some(i) = wrong {
        timeline.query_all().expect(
            false,
            &format!(
                "request {i} (work {}) got the reply {:?}, expected toolkit::cpu::spin({}) = {}",
                work[i],
                answers.get(i),
                work[i],
                expected[i]
            ),
            "send each request's own answer on its own reply channel",
        );
    }
}

#[tokio::test]
async fn every_request_gets_its_answer() {
    let _turn = CPU_TESTS.lock().await;
    let _loop = loop_guard();
    let timeline = Timeline::new();
    let work = [3_000, 1_000, 5_000, 2_000, 4_000];
    let (answers, _) = within(LIMIT, HANG, ask(&work, &timeline)).await;
    expect_answers(&answers, &work, &timeline);
    jobs_of(&timeline, work.len());
}

#[tokio::test]
async fn each_reply_comes_while_the_next_requests_wait() {
    let _turn = CPU_TESTS.lock().await;
    let _loop = loop_guard();
    let timeline = Timeline::new();
    let (tx, rx) = mpsc::channel(1);
    let server = tokio::spawn(serve(rx, timeline.clone()));
    let work = [2_000, 1_000, 3_000];
    let answers = within(LIMIT, HANG, async {
        let mut answers = Vec::new();
        for (id, &work) in work.iter().enumerate() {
            let (reply, answer) = oneshot::channel();
            tx.send(Request { id, work, reply }).await.expect(STOPPED);
            // The channel stays open, with more requests to come: the reply must come anyway.
            let wait = Duration::from_secs(5);
            match tokio::time::timeout(wait, answer).await {
                Ok(Ok(a)) => answers.push(a),
                Ok(Err(_)) => panic!("{}", dropped(id)),
                Err(_) => panic!(
                    "{}",
                    timeline.query_all().failure(
                        &format!(
                            "the reply to request {id} (a tiny job) did not come in {} while the \
                         channel stayed open: the reply was held back",
                            fmt_duration(wait)
                        ),
                        "send each reply as soon as its job is done, from the request's own \
                     task; not after the channel closes, not after the next request arrives",
                    )
                ),
            }
        }
        answers
    })
    .await;
    drop(tx);
    within(LIMIT, HANG, server)
        .await
        .unwrap_or_else(|e| panic!("serve panicked: {e}"));
    expect_answers(&answers, &work, &timeline);
    jobs_of(&timeline, work.len());
}

/// What one heartbeat run found: a failure no load explains, or a heartbeat that stalled
/// (which a very busy machine can cause too), or nothing wrong.
enum Verdict {
    Pass,
    Stalled(String),
}

/// One run: a heartbeat on the event loop, two requests of `n` iterations each.
async fn heartbeat_run(n: u64) -> Verdict {
    let (timeline, probe) = Timeline::with_probe();
    // The heartbeat: a task that sleeps 10 ms at a time, each sleep recorded (by the test's
    // probe) as a "beat". If the event loop is blocked, a beat cannot end on time.
    let heart = tokio::spawn(async move {
        loop {
            probe
                .record_async("beat", tokio::time::sleep(Duration::from_millis(10)))
                .await;
        }
    });
    // Let it beat a few times first, so it is running before any request arrives.
    tokio::time::sleep(Duration::from_millis(30)).await;
    // On a current-thread runtime, the event loop is this test's own thread.
    let event_loop = Runner::current();
    let (loop_before, cpu_before) = (ThreadTimes::now(), own_cpu_time());
    let start = timeline.now();
    let (answers, all_taken) = within(LIMIT, HANG, ask(&[n, n + 1], &timeline)).await;
    let window = start..timeline.now();
    let loop_cpu = ThreadTimes::now()
        .zip(loop_before)
        .map(|(after, before)| after.since(&before).cpu);
    let used = own_cpu_time()
        .zip(cpu_before)
        .map(|(after, before)| after.saturating_sub(before));
    heart.abort();
    let _ = heart.await; // Wait until it has stopped: its last beat is recorded by then.
    expect_answers(&answers, &[n, n + 1], &timeline);

    let q = timeline.query_all();
    let jobs = jobs_of(&timeline, 2);
    jobs.expect_within(
        &window,
        "a job ran outside the exchange of requests and replies: compute each answer in \
         the request's own spawn_blocking, and reply with it",
    );
    let on_loop = jobs
        .spans()
        .iter()
        .find(|s| (s.runner.pid, s.runner.thread_id) == (event_loop.pid, event_loop.thread_id));
    if let Some(job) = on_loop {
        q.expect(
            false,
            &format!("{} ran on the event loop's own thread", job.label),
            "hand the CPU work to tokio::task::spawn_blocking: tokio::spawn alone keeps it \
             on the event loop",
        );
    }
    // Both requests should be taken at once, not the second only after the first is done.
    // (This asks when `serve` took them, not when the OS ran the jobs: a busy machine may
    // run two threads one after the other, but it cannot make `serve` wait.)
    let first_done = jobs.spans().iter().map(|s| s.end).min().unwrap_or_default();
    let expect_taken_in_time = || {
        q.expect(
            all_taken < first_done,
            &format!(
                "serve took the second request at {}, after the first job had finished at {}",
                fmt_duration(all_taken),
                fmt_duration(first_done)
            ),
            "take the next request before the last one's work is done: tokio::spawn a task \
             per request, and let that task .await the blocking job (a blocking wait such as \
             std::thread::JoinHandle::join, inside a task or not, freezes the event loop)",
        );
    };
    // A loop that computed less than half a job waited for each job in turn: named here,
    // before the CPU figures below, which a very busy machine can blur. A loop that computed
    // more took the next request late *because* it was computing: the CPU check names that.
    if loop_cpu.is_none_or(|cpu| cpu < JOB_CPU / 2) {
        expect_taken_in_time();
    }
    let expect_overlap = || {
        q.expect(
            jobs.all_overlap(),
            "the two jobs ran one after the other, not at once",
            "give every request its own spawn_blocking, started at once: one worker thread fed \
             requests one by one, or a lock (a Mutex, a Semaphore of one) held across the job, \
             makes them queue",
        );
    };
    // CPU time, not wall time: a busy machine cannot put CPU work on the loop's thread.
    let job_cpu: Option<Vec<Duration>> = jobs
        .spans()
        .iter()
        .map(|s| s.sched().map(|t| t.cpu))
        .collect();
    if let (Some(loop_cpu), Some(job_cpu)) = (loop_cpu, job_cpu) {
        let recorded: Duration = job_cpu.iter().sum();
        // Each job used about the CPU time its work takes: half of it is the floor (load
        // raises CPU time per iteration, it cannot halve it). A job that recorded a part of
        // its work, its answer worked out some other way, used less.
        let per_job = yardstick(n).await.map_or(JOB_CPU, |y| y.min(JOB_CPU));
        // Real jobs, and a loop that computed less than a quarter of one: the loop cannot
        // have made the jobs queue. If they did, a lock or a single worker did it, and that
        // is named before the CPU limit below (a very busy machine once pushed such a loop's
        // chores just past it).
        if loop_cpu < JOB_CPU / 4 && job_cpu.iter().all(|&cpu| cpu >= per_job / 2) {
            expect_overlap();
        }
        // A job needs JOB_CPU of computing; the loop's own chores (taking requests, the
        // heartbeat) took about 3 ms in this test, loaded machine or not: CPU time does not
        // grow with load as wall time does. A tenth of a job (15 ms) on the loop is work
        // moved there, such as the last slice of each job finished outside spawn_blocking.
        q.expect(
            loop_cpu < JOB_CPU / 10,
            &format!(
                "the event loop's thread computed for {} while the jobs ran (a job needs about \
                 {}): CPU work ran on the event loop",
                fmt_duration(loop_cpu),
                fmt_duration(JOB_CPU)
            ),
            "all the computing goes inside spawn_blocking, with spin_recorded; the loop only \
             receives requests, spawns tasks and sends replies",
        );
        if let Some(used) = used {
            // The loop's own CPU was judged just above.
            let outside = used.saturating_sub(recorded).saturating_sub(loop_cpu);
            q.expect(
                outside <= recorded / 4 + Duration::from_millis(15),
                &format!(
                    "CPU work outside the recorded jobs: the run used {} of CPU, the jobs \
                     recorded by spin_recorded only {}",
                    fmt_duration(used),
                    fmt_duration(recorded)
                ),
                "each reply is the value spin_recorded returns, computed once: no computing \
                 beside it",
            );
        }
        for (span, cpu) in jobs.spans().iter().zip(&job_cpu) {
            q.expect(
                *cpu >= per_job / 2,
                &format!(
                    "{} computed for only {} of CPU, but its work ({n} spin iterations) takes \
                     about {}: the recorded job was not the request's work (its answer worked \
                     out some other way?)",
                    span.label,
                    fmt_duration(*cpu),
                    fmt_duration(per_job)
                ),
                "the reply is the value spin_recorded(&timeline, format!(\"job-{id}\"), work) \
                 returns, for the request's whole work: no part of it skipped or computed \
                 another way",
            );
        }
    }
    expect_taken_in_time();
    expect_overlap();

    // The longest beat while the jobs ran: 10 ms if the loop stayed free, a whole job if not.
    let from = jobs
        .spans()
        .iter()
        .map(|s| s.start)
        .min()
        .unwrap_or_default();
    let to = jobs.spans().iter().map(|s| s.end).max().unwrap_or_default();
    let beats = timeline
        .query()
        .from_source(Source::Test)
        .filter(|s| s.label == "beat" && s.start < to && s.end > from);
    let longest_beat = beats.spans().iter().map(|s| s.duration()).max();
    let shortest_job = jobs
        .spans()
        .iter()
        .map(|s| s.duration())
        .min()
        .unwrap_or_default();
    let stalled = match longest_beat {
        None => true, // Not one beat while the jobs ran: the loop never got to run it.
        Some(beat) => beat >= shortest_job / 2,
    };
    if stalled {
        return Verdict::Stalled(q.failure(
            &format!(
                "a 10 ms heartbeat took {} while a job took {}: the event loop was blocked",
                fmt_duration(longest_beat.unwrap_or(to.saturating_sub(from))),
                fmt_duration(shortest_job)
            ),
            "hand the CPU work to tokio::task::spawn_blocking, and never wait for it with a \
             blocking call (std::thread::sleep, a std Mutex, JoinHandle::join) on the loop",
        ));
    }
    Verdict::Pass
}

/// The CPU time `n` spin iterations take on a blocking thread just now.
async fn yardstick(n: u64) -> Option<Duration> {
    tokio::task::spawn_blocking(move || {
        let before = thread_cpu_time()?;
        std::hint::black_box(spin(n));
        Some(thread_cpu_time()?.saturating_sub(before))
    })
    .await
    .ok()
    .flatten()
}

// `#[tokio::test]` runs on a current-thread runtime: one thread for the event loop, like
// asyncio. CPU work on that thread stops every other task, the heartbeat included.
#[tokio::test]
async fn the_heartbeat_keeps_ticking_while_cpu_work_runs() {
    let _turn = CPU_TESTS.lock().await;
    let _loop = loop_guard();
    // Each job takes about 150 ms of CPU time on one core of this machine.
    let n = spin_iterations_for(JOB_CPU);
    // Everything but the heartbeat is checked on every try and fails at once. A very busy
    // machine can stall the heartbeat's thread now and then, so up to three tries for it:
    // a blocked event loop stalls every one of them.
    let mut failure = String::new();
    for attempt in 1..=3 {
        match heartbeat_run(n).await {
            Verdict::Pass => return,
            Verdict::Stalled(message) => {
                println!("attempt {attempt}: the heartbeat stalled");
                failure = message;
            }
        }
    }
    panic!("{failure}");
}

/// A quick request behind many slow ones: its reply comes as soon as its own job is done, not
/// after a slow job's (replies sent in request order, one waiting for another, fail here; so
/// does a limit of one's own on how many jobs run at once, below the number of slow jobs: a
/// pool of two, of four, of one thread per core, a Semaphore of 16 all make the quick job
/// wait for a slow one to end). The slow jobs are short (an eighth of a job each) so that
/// many of them cost no more than a few whole jobs.
#[tokio::test]
async fn a_quick_reply_does_not_wait_for_a_slow_job() {
    let _turn = CPU_TESTS.lock().await;
    let _loop = loop_guard();
    let n = spin_iterations_for(JOB_CPU / 8);
    // More slow jobs than a limit a learner might choose: at least 64, and four per core.
    let cores = std::thread::available_parallelism().map_or(2, usize::from);
    let slow_jobs = (4 * cores).max(64);
    let quick_id = slow_jobs;
    let work: Vec<u64> = (0..slow_jobs as u64)
        .map(|i| n + i)
        .chain([1_000])
        .collect();
    // A very busy machine can delay the quick job's thread: up to three tries.
    let mut failure = String::new();
    for attempt in 1..=3 {
        let timeline = Timeline::new();
        let (tx, rx) = mpsc::channel(work.len());
        let server = tokio::spawn(serve(rx, timeline.clone()));
        let mut replies = Vec::new();
        for (id, &job) in work.iter().enumerate() {
            let (reply, answer) = oneshot::channel();
            replies.push(answer);
            let request = Request {
                id,
                work: job,
                reply,
            };
            tx.send(request).await.expect(STOPPED);
        }
        let quick = replies.pop().expect("the quick request's reply");
        let quick = tokio::time::timeout(Duration::from_secs(5), quick).await;
        let quick_at = timeline.now();
        let quick = match quick {
            Ok(Ok(a)) => a,
            Ok(Err(_)) => panic!("{}", dropped(quick_id)),
            Err(_) => panic!(
                "{}",
                timeline.query_all().failure(
                    &format!(
                        "the reply to request {quick_id} (a tiny job) did not come in 5 s while \
                         the channel stayed open: the reply was held back"
                    ),
                    "send each reply as soon as its job is done, from the request's own task",
                )
            ),
        };
        let mut answers = Vec::new();
        for (id, slow) in replies.into_iter().enumerate() {
            answers.push(
                within(LIMIT, HANG, slow)
                    .await
                    .unwrap_or_else(|_| panic!("{}", dropped(id))),
            );
        }
        answers.push(quick);
        drop(tx);
        within(LIMIT, HANG, server)
            .await
            .unwrap_or_else(|e| panic!("serve panicked: {e}"));
        expect_answers(&answers, &work, &timeline);
        let jobs = jobs_of(&timeline, work.len());
        // The first slow job to end: the quick reply must come before it.
        let (slow_label, slow_end) = (0..slow_jobs)
            .map(|id| format!("job-{id}"))
            .filter_map(|label| jobs.span(&label).map(|s| (label.clone(), s.end)))
            .min_by_key(|(_, end)| *end)
            .unwrap_or(("job-0".to_owned(), Duration::ZERO));
        if quick_at < slow_end {
            return;
        }
        println!("attempt {attempt}: the quick reply came after a slow job ended");
        failure = jobs.failure(
            &format!(
                "the reply to request {quick_id} (a tiny job, sent behind {slow_jobs} slow ones) \
                 came at {}, only after the slow {slow_label} had ended at {}: the quick reply \
                 waited for the slow one",
                fmt_duration(quick_at),
                fmt_duration(slow_end)
            ),
            "send each reply from its own request's task as soon as its job is done, not in \
             request order from one task that awaits the jobs one after another; and start \
             every job at once, with no limit of your own on how many run together (a \
             Semaphore, or a pool of two, of four, of one thread per core, of sixteen, makes \
             the next job wait: tokio's blocking pool is the limit, up to 512 threads)",
        );
    }
    panic!("{failure}");
}

/// `serve` on a runtime with two worker threads, as `#[tokio::main]` gives a program: the jobs
/// leave the runtime's workers there too. Code that asks which runtime it is on, and computes
/// inline where the single-thread tests cannot see it, shows here.
#[test]
fn on_a_multi_thread_runtime_the_jobs_leave_the_workers_too() {
    // The runtime's worker threads, as each parks (goes idle): only workers call this hook,
    // never the blocking pool's threads.
    let workers = std::sync::Arc::new(std::sync::Mutex::new(std::collections::HashSet::new()));
    let parked = workers.clone();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .on_thread_park(move || {
            let me = Runner::current().thread_id;
            parked.lock().unwrap_or_else(|e| e.into_inner()).insert(me);
        })
        .build()
        .expect("cannot start a tokio runtime");
    let known = || workers.lock().unwrap_or_else(|e| e.into_inner()).clone();
    runtime.block_on(async {
        let _turn = CPU_TESTS.lock().await;
        let _loop = loop_guard();
        // An idle runtime's workers park at once; wait (briefly) until both have.
        for _ in 0..200 {
            if known().len() >= 2 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        let timeline = Timeline::new();
        let work = [3_000, 1_000, 5_000, 2_000];
        let (answers, _) = within(LIMIT, HANG, ask(&work, &timeline)).await;
        expect_answers(&answers, &work, &timeline);
        let jobs = jobs_of(&timeline, work.len());
        let workers = known();
        let on_workers: Vec<String> = jobs
            .spans()
            .iter()
            .filter(|s| workers.contains(&s.runner.thread_id))
            .map(|s| s.label.clone())
            .collect();
        timeline.query_all().expect(
            on_workers.is_empty(),
            &format!(
                "on a runtime with two worker threads, {} ran on a runtime worker thread, not \
                 on the blocking pool: the CPU work stayed on the runtime",
                on_workers.join(", ")
            ),
            "send every job to tokio::task::spawn_blocking, whatever runtime serve runs on: \
             a multi-thread runtime's workers are its event loop too, and a job computed on \
             one stalls every task waiting for it",
        );
    });
}
