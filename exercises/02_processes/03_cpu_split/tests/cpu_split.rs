//! Checks exercise 2.3: `count_primes_parallel` cuts the numbers into as many pieces as it is
//! told (the test chooses 3 and 5, whatever the machine), counts each piece in its own worker
//! process, runs them at the same time, and adds up what the workers sent home;
//! `count_primes_on_all_cores` uses exactly `num_cpus::get()` of them.
//!
//! The test believes only the toolkit and its own workers: each worker's task is timed
//! inside the child and checked against the PID the toolkit spawned, and the worker function
//! registered here writes down which piece it counted and what it sent home.

use cpu_split::{ROLE, count_primes_on_all_cores, count_primes_parallel};
use std::ops::Range;
use std::time::Duration;
use toolkit::cpu::PRIMES_BELOW;
use toolkit::sched::ThreadTimes;
use toolkit::timeline::query::Query;
use toolkit::watchdog::watchdog;
use toolkit::{Source, Timeline};

// The child processes re-enter this test binary here and run `count_in_worker`.
toolkit::worker_entry!("count" => count_in_worker);

/// What each worker runs: the exercise's `count`, plus the offset its test asked for (every
/// test asks for one, so a total that is only right without it shows in every test, and no
/// test can be told from the others by it), written down for the test to read.
/// It also notes how long `count` took and how much of that it was blocked (neither running
/// nor waiting for a core, from schedstat): a worker that waits for the others while it
/// "counts" shows up there, however busy the machine.
fn count_in_worker(piece: Range<u64>) -> Result<u64, String> {
    // The yardstick for `cpu`: what counting this piece costs this process, measured once
    // before `count` (while the other workers start and count too) and once after. CPU time
    // is not the same under every load: on a virtual machine a core shared with a busy
    // neighbour does less per millisecond, so the larger of the two is the fair one. A
    // `count` that burns far more than either was busy with something else (spinning until
    // the other workers are done, say): running, so never blocked, yet not counting.
    if stand_in::offset() == FAIL && piece.start == 0 {
        return Err("this worker was asked to fail by the test".into());
    }
    let before_count = cpu_to_count(&piece);
    let (began, times) = (std::time::Instant::now(), ThreadTimes::now());
    let counted = cpu_split::count(piece.clone())?.wrapping_add(stand_in::offset());
    let wall = began.elapsed();
    let (blocked, cpu) = match (times, ThreadTimes::now()) {
        (Some(before), Some(after)) => {
            let spent = after.since(&before);
            (spent.blocked(wall), spent.cpu)
        }
        _ => (Duration::ZERO, Duration::ZERO),
    };
    let alone = before_count.max(cpu_to_count(&piece));
    stand_in::write_down(
        &piece,
        counted,
        wall,
        blocked,
        cpu,
        alone,
        &toolkit::sched::my_cpus_allowed(),
    );
    Ok(counted)
}

/// The CPU time this thread takes to count the primes in `piece` once, with the toolkit's
/// own counter.
fn cpu_to_count(piece: &Range<u64>) -> Duration {
    let before = ThreadTimes::now();
    std::hint::black_box(toolkit::cpu::count_primes(piece.clone()));
    match (before, ThreadTimes::now()) {
        (Some(before), Some(after)) => after.since(&before).cpu,
        _ => Duration::ZERO,
    }
}

/// The test's side channel to its own workers. Each worker finds a folder named after its
/// parent's PID (the test process): it reads the offset the test asked for there, and writes
/// down the piece it counted and what it sent home.
mod stand_in {
    use std::ops::Range;
    use std::path::PathBuf;
    use std::sync::{Mutex, MutexGuard};
    use std::time::Duration;

    fn folder(parent: u32) -> PathBuf {
        std::env::temp_dir().join(format!("course-cpu-split-{parent}"))
    }

    /// In a worker: the offset the parent test asked for, zero if none.
    pub fn offset() -> u64 {
        let parent = std::os::unix::process::parent_id();
        std::fs::read_to_string(folder(parent).join("offset"))
            .ok()
            .and_then(|text| text.trim().parse().ok())
            .unwrap_or(0)
    }

    /// In a worker: notes "start end count wall-µs blocked-µs cpu-µs alone-µs cpus" in a
    /// file named after its own PID.
    pub fn write_down(
        piece: &Range<u64>,
        counted: u64,
        wall: Duration,
        blocked: Duration,
        cpu: Duration,
        alone: Duration,
        cpus: &str,
    ) {
        let parent = std::os::unix::process::parent_id();
        let note = format!(
            "{} {} {counted} {} {} {} {} {cpus}",
            piece.start,
            piece.end,
            wall.as_micros(),
            blocked.as_micros(),
            cpu.as_micros(),
            alone.as_micros()
        );
        let _ = std::fs::write(folder(parent).join(std::process::id().to_string()), note);
    }

    /// One piece a worker counted: which process, which numbers, what it sent home.
    #[derive(Debug)]
    pub struct Note {
        pub pid: u32,
        pub piece: Range<u64>,
        pub counted: u64,
        /// How long `count` took in the worker, and how much of that it was blocked.
        pub wall: Duration,
        pub blocked: Duration,
        /// The CPU time `count` used, and the most that counting the same piece took the test
        /// (once before `count`, once after).
        pub cpu: Duration,
        pub alone: Duration,
        /// The CPUs the worker could run on once `count` had returned.
        pub cpus: String,
    }

    /// Every test holds this while its workers run, so one test's offset and notes never
    /// mix with another's.
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

    /// The folder in force while this lives, emptied when it is made and removed at the end.
    pub struct Session(#[allow(dead_code)] MutexGuard<'static, ()>);

    impl Session {
        pub fn new(offset: u64) -> Self {
            let guard = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
            let dir = folder(std::process::id());
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).expect("cannot write to the temp dir");
            std::fs::write(dir.join("offset"), offset.to_string())
                .expect("cannot write to the temp dir");
            Session(guard)
        }

        /// What the workers wrote down, ordered by piece.
        pub fn notes(&self) -> Vec<Note> {
            let dir = folder(std::process::id());
            let mut notes: Vec<Note> = std::fs::read_dir(&dir)
                .into_iter()
                .flatten()
                .flatten()
                .filter_map(|entry| {
                    let pid = entry.file_name().to_str()?.parse().ok()?;
                    let text = std::fs::read_to_string(entry.path()).ok()?;
                    let cpus = text.split(' ').nth(7).unwrap_or_default().to_owned();
                    let mut words = text.split(' ').map(|w| w.parse::<u64>().ok());
                    let (start, end, counted) = (words.next()??, words.next()??, words.next()??);
                    let (wall, blocked) = (words.next()??, words.next()??);
                    let (cpu, alone) = (words.next()??, words.next()??);
                    Some(Note {
                        pid,
                        piece: start..end,
                        counted,
                        wall: Duration::from_micros(wall),
                        blocked: Duration::from_micros(blocked),
                        cpu: Duration::from_micros(cpu),
                        alone: Duration::from_micros(alone),
                        cpus,
                    })
                })
                .collect();
            notes.sort_by_key(|n| (n.piece.start, n.piece.end));
            notes
        }
    }

    impl Drop for Session {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(folder(std::process::id()));
        }
    }
}

/// Primes below this: a limit whose pieces take long enough to overlap on a busy machine.
const LIMIT: u64 = 1_000_000;
/// The offset that asks the worker of the first piece (the one from 0) to fail instead of
/// counting; the others count as usual.
const FAIL: u64 = u64::MAX;

/// The known answer for `limit`, from the toolkit's table.
fn known(limit: u64) -> u64 {
    PRIMES_BELOW
        .iter()
        .find(|(n, _)| *n == limit)
        .map(|(_, count)| *count)
        .expect("a limit from toolkit::cpu::PRIMES_BELOW")
}

/// Which function a test calls.
#[derive(Clone, Copy, PartialEq)]
enum Call {
    /// `count_primes_parallel(limit, processes, ..)`
    Parallel(usize),
    /// `count_primes_on_all_cores(limit, ..)`
    AllCores,
}

/// One call: what it returned, and what really happened meanwhile.
struct Run {
    call: Call,
    limit: u64,
    processes: usize,
    offset: u64,
    total: u64,
    timeline: Timeline,
    window: Range<Duration>,
    notes: Vec<stand_in::Note>,
}

/// Calls the function under a watchdog, its workers adding `offset` to each count.
fn run(limit: u64, call: Call, offset: u64) -> Run {
    assert_eq!(
        ROLE, "count",
        "ROLE must stay \"count\": this test file registers the worker under that name"
    );
    let session = stand_in::Session::new(offset);
    let (total, timeline, window) = watchdog(
        Duration::from_secs(10),
        "the count never finished: is it waiting for a worker that was never started, or \
         for something that never comes?",
        move || {
            let timeline = Timeline::new();
            let start = timeline.now();
            let result = match call {
                Call::Parallel(processes) => count_primes_parallel(limit, processes, &timeline),
                Call::AllCores => count_primes_on_all_cores(limit, &timeline),
            };
            let window = start..timeline.now();
            match result {
                Ok(total) => (total, timeline, window),
                Err(e) => panic!(
                    "{}",
                    timeline.query_all().failure(
                        &format!("the count returned an error: {e}"),
                        "every worker runs the `count` given to you and none should fail: \
                         does each get a Range<u64> as input (.input(&piece)), and do you \
                         read its answer as a u64 (report.output::<u64>())?",
                    )
                ),
            }
        },
    );
    let processes = match call {
        Call::Parallel(processes) => processes,
        Call::AllCores => num_cpus::get(),
    };
    Run {
        call,
        limit,
        processes,
        offset,
        total,
        timeline,
        window,
        notes: session.notes(),
    }
}

/// Real workers, as many as asked for, inside the call, each counting its share.
fn check_workers(run: &Run) -> Query {
    let n = run.processes;
    let q = run.timeline.query().from_source(Source::Worker);
    run.timeline.query_all().expect(
        !q.is_empty(),
        "no worker process ran a task on the timeline you were given",
        "count each piece in a worker process — WorkerCommand::new(ROLE).task(&task)\
         .input(&piece).spawn(timeline)? — and wait() for every worker: its task reaches \
         the timeline when it is waited for. A thread of this process, or a span you record \
         yourself, is not a worker process.",
    );
    q.expect_within(
        &run.window,
        "every worker must be started and waited for during the call",
    );
    if run.call == Call::AllCores {
        q.expect(
            q.len() == n,
            &format!(
                "count_primes_on_all_cores started {} worker process(es), but num_cpus::get() \
                 is {n} here",
                q.len()
            ),
            "count_primes_on_all_cores must pass num_cpus::get() to count_primes_parallel: \
             one process per core, on whatever machine runs it, not a number of your own",
        );
    }
    q.expect(
        q.len() == n,
        &format!("{} worker process(es) ran for {n} pieces", q.len()),
        "start one worker per piece, as many as the `processes` argument says: not a number \
         of your own, and not num_cpus::get() (count_primes_on_all_cores passes that one)",
    );
    let expected: Vec<String> = (0..n).map(|i| format!("Part-{i}")).collect();
    let expected: Vec<&str> = expected.iter().map(String::as_str).collect();
    q.expect_each_once(
        &expected,
        "run",
        "name each worker's task with .task(&format!(\"Part-{i}\")), i counting from 0",
    );

    // The notes say which numbers each process counted: together, 0..limit once, in
    // pieces of about the same size.
    let pieces: Vec<Range<u64>> = run.notes.iter().map(|note| note.piece.clone()).collect();
    let mut next = 0;
    let covered = pieces.iter().all(|piece| {
        let fits = piece.start == next && piece.end >= piece.start;
        next = piece.end;
        fits
    }) && next == run.limit;
    q.expect(
        covered && pieces.len() == n,
        &format!(
            "your workers counted the pieces {pieces:?}: together they must cover 0..{} once, \
             in {n} pieces, with no gap and no overlap",
            run.limit
        ),
        "cut 0..limit with toolkit::cpu::split(0..limit, processes) and give each worker one piece",
    );
    let sizes: Vec<u64> = pieces.iter().map(|p| p.end - p.start).collect();
    let (smallest, largest) = (
        sizes.iter().min().copied().unwrap_or(0),
        sizes.iter().max().copied().unwrap_or(0),
    );
    let slack = (run.limit / (10 * n as u64)).max(2);
    q.expect(
        largest - smallest <= slack,
        &format!("the pieces are uneven: {sizes:?} numbers"),
        "give every worker an equal share (toolkit::cpu::split): one worker counting nearly \
         everything while the others idle is no faster than one process",
    );
    let pids: Vec<u32> = run.notes.iter().map(|note| note.pid).collect();
    q.expect(
        pids.iter().all(|pid| q.pids().contains(pid)),
        &format!(
            "pieces were counted by processes {pids:?} that are not the workers you waited for"
        ),
        "count each piece in a worker started with WorkerCommand and waited for",
    );
    // Overlapping spans prove nothing if each worker waits for the others inside `count`.
    // The test's own thread: the workers inherit its CPUs unless something pins them.
    let test_cpus = toolkit::sched::my_cpus_allowed();
    for note in &run.notes {
        let label = q
            .spans()
            .iter()
            .find(|span| span.runner.pid == note.pid)
            .map_or_else(|| format!("PID {}", note.pid), |span| span.label.clone());
        // Nor if they all share fewer cores than the test may use: pinned to one core, they
        // take turns on it, never blocked (waiting for a core is not blocking).
        q.expect(
            note.cpus == test_cpus,
            &format!(
                "{label}'s worker could run only on CPU(s) {} after `count`, while the test may \
                 use CPU(s) {test_cpus}: the workers were pinned to fewer cores, so they took \
                 turns there",
                note.cpus
            ),
            "keep `count` as it was given, and leave the workers' CPUs alone (no taskset, no \
             sched_setaffinity): each worker may run on every core the machine gives the test",
        );
        q.expect(
            note.blocked <= BLOCKED_SLACK || note.blocked * 2 <= note.wall,
            &format!(
                "{label}'s worker was blocked for {:.0?} of the {:.0?} its count took: it \
                 waited (for a lock, a sleep, another worker) instead of counting",
                note.blocked, note.wall
            ),
            "keep `count` as it was given: each worker counts its own piece at full speed, \
             and nothing in it waits for the other workers (a lock around the work makes them \
             take turns)",
        );
        // Counting costs CPU: a `count` that used a small part of what counting its piece
        // takes did not count it (a count kept from an earlier call, in a file or a static,
        // or looked up). Both figures are this worker's CPU time, so load does not blur them;
        // schedstat is read a scheduler tick late at worst, hence the slack, which leaves
        // pieces of a few milliseconds unjudged.
        q.expect(
            note.cpu * 4 + TICK_SLACK >= note.alone,
            &format!(
                "{label}'s worker used only {:.1?} of CPU in `count`, but counting its piece \
                 takes {:.1?}: the piece was not counted (a count kept from an earlier call, \
                 or looked up?)",
                note.cpu, note.alone
            ),
            "keep `count` as it was given: every call counts every piece anew, with \
             toolkit::cpu::count_primes; no counts kept in a file or a static across calls",
        );
        // Busy is not counting: CPU time leaves out waiting for a core, and counting a piece
        // costs about the CPU time in `count` that it costs the test just before or after.
        q.expect(
            note.cpu <= note.alone * 3 / 2 + Duration::from_millis(15),
            &format!(
                "{label}'s worker used {:.0?} of CPU in `count`, but counting its piece takes \
                 {:.0?}: it was busy with something other than counting (spinning while it \
                 waited for its turn?)",
                note.cpu, note.alone
            ),
            "keep `count` as it was given: each worker counts its own piece, at once, and \
             does not wait for the other workers in any way, not even in a busy loop",
        );
    }
    q
}

/// How far apart two schedstat readings of CPU time can be for the same work: up to a
/// scheduler tick each, twice.
const TICK_SLACK: Duration = Duration::from_millis(12);

/// Blocked time a worker may show without blame (page faults, reading its input …).
const BLOCKED_SLACK: Duration = Duration::from_millis(20);

/// The first piece that started only after another piece had finished, if any: a sign that
/// the workers were started in turns (a batch or a pool) rather than all before any wait.
fn started_after_another_ended(q: &Query) -> Option<(String, String)> {
    q.spans().iter().find_map(|late| {
        q.spans()
            .iter()
            .find(|early| early.end < late.start)
            .map(|early| (late.label.clone(), early.label.clone()))
    })
}

/// Runs an at-once test. A piece that starts only after another has ended is the mark of
/// workers started in turns; on a loaded machine a quick first piece can also end before the
/// last worker gets going, so the run is tried up to 3 times and only a mark seen every time
/// fails.
fn run_at_once(call: Call) {
    for attempt in 1..=3 {
        let run = run(LIMIT, call, 1);
        let q = check_workers(&run);
        check_total(&run, &q);
        check_at_once(&q);
        let Some((late, early)) = started_after_another_ended(&q) else {
            return;
        };
        if attempt == 3 {
            panic!(
                "{}",
                q.failure(
                    &format!(
                        "{late} started only after {early} had finished (3 runs out of 3): \
                         the workers took turns, at most {} ran at once",
                        q.max_concurrency()
                    ),
                    "start every worker before waiting for any: no batches and no pool that \
                     waits for one worker before starting the next, even to keep to the \
                     number of cores",
                )
            );
        }
    }
}

/// Every worker ran while another one did: they were all started before any wait.
fn check_at_once(q: &Query) {
    for span in q.spans() {
        let alone = !q
            .spans()
            .iter()
            .any(|other| other.label != span.label && other.overlaps(span));
        q.expect(
            !alone,
            &format!(
                "{} ran alone: no other worker was counting at the same time, so the workers \
                 took turns",
                span.label
            ),
            "start every worker before waiting for any: spawn every worker first, then wait \
             for them in a second loop (waiting right after spawning runs the pieces one by \
             one, and a pool that waits for one before starting the next leaves the last \
             ones alone)",
        );
    }
}

/// The total is the sum of what the workers sent home, and the right number of primes.
fn check_total(run: &Run, q: &Query) {
    let sent: u64 = run.notes.iter().map(|note| note.counted).sum();
    let truth = known(run.limit);
    if run.offset > 0 && run.total == truth {
        panic!(
            "{}",
            q.failure(
                &format!(
                    "you returned {truth}, the true count, but in this test each worker adds \
                     {} to its count and they sent home {sent} in all: your total did not come \
                     from the workers",
                    run.offset
                ),
                "add up what each worker sent home: total += worker.wait()?.output::<u64>()?",
            )
        );
    }
    q.expect(
        run.total == sent,
        &format!(
            "you returned {}, but your workers sent home {sent} in all",
            run.total
        ),
        "add up what each worker sent home: total += worker.wait()?.output::<u64>()?",
    );
    let expected = truth + run.offset * run.processes as u64;
    q.expect(
        run.total == expected,
        &format!(
            "the count below {} came out as {}, expected {expected}",
            run.limit, run.total
        ),
        "is `count` still the one given to you, and does every worker get its own piece?",
    );
}

#[test]
fn a_small_count_is_right() {
    let run = run(1_000, Call::Parallel(3), 1);
    let q = check_workers(&run);
    check_total(&run, &q);
}

#[test]
fn three_processes_all_counting_at_once() {
    run_at_once(Call::Parallel(3));
}

#[test]
fn five_processes_all_counting_at_once() {
    run_at_once(Call::Parallel(5));
}

/// More processes than the machine has cores, whatever the machine: `processes` is obeyed
/// even when it is more than num_cpus::get() (no capping it at the core count).
#[test]
fn more_processes_than_cores() {
    run_at_once(Call::Parallel(num_cpus::get() + 2));
}

#[test]
fn one_process_per_core() {
    run_at_once(Call::AllCores);
}

#[test]
fn the_total_comes_from_the_workers() {
    let run = run(100_000, Call::Parallel(3), 1_000);
    let q = check_workers(&run);
    check_total(&run, &q);
}

/// Set in the copy of this test binary that `on_one_core_one_process` starts on one core.
const ONE_CORE: &str = "COURSE_CPU_SPLIT_ONE_CORE";

/// A number typed into `count_primes_on_all_cores` passes on a machine that happens to have
/// that many cores. So this test runs itself again pinned to one core (`taskset -c 0`),
/// where `num_cpus::get()` is 1, and expects one worker there.
#[test]
fn on_one_core_one_process() {
    if std::env::var_os(ONE_CORE).is_some() {
        let run = run(1_000, Call::AllCores, 1);
        check_workers(&run);
        return;
    }
    let exe = std::env::current_exe().expect("the test binary knows its own path");
    let pinned = std::process::Command::new("taskset")
        .args(["-c", "0"])
        .arg(exe)
        .args(["on_one_core_one_process", "--exact", "--nocapture"])
        .env(ONE_CORE, "1")
        .output();
    let Ok(out) = pinned else {
        println!("note: `taskset` is not installed, so the one-core check was skipped");
        return;
    };
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "on one core (this test again, pinned to one core with taskset, where num_cpus::get() \
         is 1) count_primes_on_all_cores went wrong. What that run said:\n{said}"
    );
}

/// Two calls at the same time, from two threads: each call adds up its own workers' counts.
/// Workers kept in a `static` list that every call pushes to and takes from (the tutorial's
/// module-level `processes = []`) end up waited for, and added up, by the wrong call. Tried
/// up to 3 times: the two calls must be spawning at the same moment for a shared list to mix
/// them up.
#[test]
fn two_calls_at_the_same_time_count_their_own_pieces() {
    let _session = stand_in::Session::new(1);
    let calls = [(100_000, 3), (1_000, 4)];
    for _ in 0..3 {
        let results: Vec<(u64, Timeline)> = watchdog(
            Duration::from_secs(10),
            "the two counts never finished: is one call waiting for a worker that was never \
             started, or for something that never comes?",
            move || {
                let count = |(limit, processes)| {
                    let timeline = Timeline::new();
                    let total =
                        count_primes_parallel(limit, processes, &timeline).unwrap_or_else(|e| {
                            panic!(
                                "count_primes_parallel returned an error: {e}\n  hint: every \
                                 worker runs the `count` given to you and none should fail: \
                                 does each get a Range<u64> (.input(&piece)), and do you read \
                                 its answer as a u64 (report.output::<u64>())?"
                            )
                        });
                    (total, timeline)
                };
                let (a, b) =
                    toolkit::together::at_the_same_time(|| count(calls[0]), || count(calls[1]));
                vec![a, b]
            },
        );
        for (&(limit, processes), (total, timeline)) in calls.iter().zip(&results) {
            let q = timeline.query().from_source(Source::Worker);
            // The true count, where the workers add 1: not a mix-up of two calls' workers,
            // a total that never came from them (a table of answers, a count of its own).
            timeline.query_all().expect(
                *total != known(limit),
                &format!(
                    "count_primes_parallel({limit}, {processes}), called at the same time as \
                     another count, returned {total}, the true count, but in this test each \
                     worker adds 1 to its count: your total did not come from the workers"
                ),
                "add up what each worker sent home: total += worker.wait()?.output::<u64>()?",
            );
            timeline.query_all().expect(
                *total == known(limit) + processes as u64 && q.len() == processes,
                &format!(
                    "count_primes_parallel(100000, 3) and count_primes_parallel(1000, 4) ran at \
                     the same time, from two threads: the call for {limit} with {processes} \
                     processes returned {total} (expected {}: each worker adds 1 to its count \
                     in this test), and {} of its own worker(s) ran",
                    known(limit) + processes as u64,
                    q.len()
                ),
                "keep each call's workers in a local Vec inside count_primes_parallel, not in \
                 a static shared by every call: two calls at once each wait for, and add up, \
                 only the workers they started",
            );
        }
    }
}

/// One worker that fails makes the whole count fail: the others' total is a wrong answer, not
/// a smaller right one, and the parent counting the piece itself is not the workers' count.
#[test]
fn a_failing_worker_fails_the_count() {
    let _session = stand_in::Session::new(FAIL);
    let got = watchdog(
        Duration::from_secs(10),
        "the count never finished after its workers failed: is it waiting for a worker that \
         already exited?",
        || count_primes_parallel(10_000, 3, &Timeline::new()).map_err(|e| e.to_string()),
    );
    assert!(
        got.is_err(),
        "\n✗ one of the 3 workers failed (exited with an error), and count_primes_parallel \
         returned {got:?}: a count with pieces missing was passed off as the answer\n  hint: \
         wait for each worker with worker.wait()? and read its answer with \
         report.output::<u64>()?: `?` passes a worker's failure on to the caller. Skipping \
         failed workers (if let Ok, filter_map, unwrap_or(0)), failing only when all fail, \
         or counting a failed piece in the parent instead, hides it"
    );
}
