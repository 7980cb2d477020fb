//! Checks exercise 4.1: `spin_on_threads` returns the right answers in input order, computes
//! each piece with the toolkit's recorder on a thread of its own, and runs every piece at
//! once: no GIL.
//!
//! How "at once" is judged, on a shared and busy machine: every piece is a span of CPU work
//! recorded by `toolkit::cpu::spin_recorded` (your own `timeline.record` spans are drawn but
//! never believed). The pieces must all be in progress at one instant, on distinct threads,
//! and Linux's per-thread schedstat must show each piece's thread computing or *waiting for
//! a core* — never blocked. Load can make a piece wait for a core; it cannot make spans
//! overlap that your code ran one after another. The call's whole CPU time must also be
//! accounted for by the recorded pieces, so answers computed elsewhere are seen.

use cpu_threads::spin_on_threads;
use std::ops::Range;
use std::sync::Mutex;
use std::time::Duration;
use toolkit::cpu::spin;
use toolkit::format::fmt_duration;
use toolkit::measure::{own_cpu_time, spin_iterations_for, thread_cpu_time, two_thread_cores};
use toolkit::timeline::query::Query;
use toolkit::watchdog::watchdog;
use toolkit::{Source, Timeline};

const LIMIT: Duration = Duration::from_secs(8);
const HANG: &str = "is a thread never joined, or waiting on a lock that is never let go?";

/// The tests measure this process's CPU time, so they run one at a time.
static CPU_TESTS: Mutex<()> = Mutex::new(());

/// One call of `spin_on_threads`, and what the test saw of it.
struct Run {
    work: Vec<u64>,
    answers: Vec<u64>,
    timeline: Timeline,
    /// When the call started and returned, on the timeline's clock.
    window: Range<Duration>,
    /// This process's CPU time during the call (the test's affinity watcher left out).
    cpu: Option<Duration>,
    /// The CPUs the calling thread could use before the call, and the first thread the
    /// watcher saw restricted to other CPUs during the call, if any: (thread, its CPUs).
    test_cpus: String,
    narrowed: Option<(String, String)>,
    /// The thread that called `spin_on_threads` (its toolkit thread number).
    caller: u64,
}

/// Watches, while the call runs, the CPUs every thread of this process may use: a thread
/// pinned to fewer cores than the test's (taskset, sched_setaffinity) makes the pieces take
/// turns there while they look in progress at once, never blocked. Every 5 ms it reads
/// `/proc/self/task/*/status`; its own CPU time is handed back, to leave it out of the call's.
struct AffinityWatch {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    watcher: std::thread::JoinHandle<(Option<(String, String)>, Duration)>,
}

impl AffinityWatch {
    fn start(test_cpus: &str) -> Self {
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (flag, test_cpus) = (stop.clone(), test_cpus.to_owned());
        let watcher = std::thread::spawn(move || {
            let mut narrowed = None;
            while narrowed.is_none() && !flag.load(std::sync::atomic::Ordering::Relaxed) {
                for task in std::fs::read_dir("/proc/self/task")
                    .into_iter()
                    .flatten()
                    .flatten()
                {
                    let status = task.path().join("status");
                    let cpus = toolkit::sched::cpus_allowed(&status.to_string_lossy());
                    if !cpus.is_empty() && cpus != test_cpus {
                        let name =
                            std::fs::read_to_string(task.path().join("comm")).unwrap_or_default();
                        let tid = task.file_name().to_string_lossy().into_owned();
                        narrowed = Some((format!("thread {tid} ({})", name.trim()), cpus));
                        break;
                    }
                }
                std::thread::sleep(Duration::from_millis(5));
            }
            (narrowed, thread_cpu_time().unwrap_or_default())
        });
        AffinityWatch { stop, watcher }
    }

    /// Stops the watcher: the first restricted thread it saw, and the CPU time it used.
    fn stop(self) -> (Option<(String, String)>, Duration) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        self.watcher.join().unwrap_or((None, Duration::ZERO))
    }
}

fn run(work: Vec<u64>) -> Run {
    watchdog(LIMIT, HANG, move || {
        let timeline = Timeline::new();
        let test_cpus = toolkit::sched::my_cpus_allowed();
        let watch = AffinityWatch::start(&test_cpus);
        let caller = toolkit::Runner::current().thread_id;
        let cpu_before = own_cpu_time();
        let start = timeline.now();
        let answers = spin_on_threads(&work, &timeline);
        let window = start..timeline.now();
        let cpu_after = own_cpu_time();
        let (narrowed, watching) = watch.stop();
        let cpu = cpu_after
            .zip(cpu_before)
            .map(|(after, before)| after.saturating_sub(before).saturating_sub(watching));
        // A thread left running records its piece after the call returned: give it a moment
        // to show up, so the message can blame the missing join rather than a missing piece.
        for _ in 0..100 {
            if timeline.query().from_source(Source::Cpu).len() >= work.len() {
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        Run {
            work,
            answers,
            timeline,
            window,
            cpu,
            test_cpus,
            narrowed,
            caller,
        }
    })
}

/// Everything that does not depend on how busy the machine is: a mistake here fails at once.
fn check_evidence(r: &Run) -> Query {
    let n = r.work.len();
    let all = r.timeline.query_all();
    let pieces = r.timeline.query().from_source(Source::Cpu);
    let yours = all.from_source(Source::Yours);
    if pieces.is_empty() && !yours.is_empty() {
        all.expect(
            false,
            "no piece was recorded by toolkit::cpu::spin_recorded: spans recorded with \
             timeline.record are your own, drawn but not believed",
            "compute piece i with toolkit::cpu::spin_recorded(timeline, format!(\"Piece-{i}\"), \
             work[i]): it does the work, records it, and returns the answer",
        );
    }

    // The answers, as a whole.
    let expected: Vec<u64> = r.work.iter().map(|&w| spin(w)).collect();
    if r.answers != expected {
        let mut sorted_yours = r.answers.clone();
        let mut sorted_expected = expected.clone();
        sorted_yours.sort_unstable();
        sorted_expected.sort_unstable();
        let problem = if r.answers.len() != n {
            format!("returned {} answers for {n} pieces", r.answers.len())
        } else if sorted_yours == sorted_expected {
            "the answers are all there, but not in input order: answer i must be piece i's"
                .to_owned()
        } else {
            let i = (0..n).find(|&i| r.answers[i] != expected[i]).unwrap_or(0);
            format!(
                "answer {i} is {}, but piece {i} (toolkit::cpu::spin({})) is {}",
                r.answers[i], r.work[i], expected[i]
            )
        };
        all.expect(
            false,
            &problem,
            "keep the JoinHandles in the order you spawned them and join them in that order \
             (not in the order they finish); each thread returns spin_recorded's answer",
        );
    }

    // Exactly one recorded piece per input, inside the call.
    let names: Vec<String> = (0..n).map(|i| format!("Piece-{i}")).collect();
    for name in &names {
        let found = pieces.filter(|s| s.label == *name).len();
        all.expect(
            found == 1,
            &format!(
                "{name} was recorded by spin_recorded {found} time(s) by the time your function \
                 returned, expected once"
            ),
            "record piece i exactly once, as toolkit::cpu::spin_recorded(timeline, \
             format!(\"Piece-{i}\"), work[i]), and join every thread before returning",
        );
    }
    if let Some(extra) = pieces.spans().iter().find(|s| !names.contains(&s.label)) {
        all.expect(
            false,
            &format!(
                "CPU work recorded as `{}`, which is not one of Piece-0..Piece-{}",
                extra.label,
                n.saturating_sub(1)
            ),
            "record only the pieces you were given, each once, as Piece-{i}",
        );
    }
    pieces.expect_within(
        &r.window,
        "your function returned before its threads finished: join every thread before \
         returning (std::thread::scope does it for you)",
    );
    let threads = pieces.threads();
    pieces.expect(
        threads == n,
        &format!(
            "the {n} pieces ran on {threads} OS thread(s): each piece needs a thread of its own"
        ),
        "spawn one thread per piece and compute the piece inside it",
    );
    if let Some(s) = pieces
        .spans()
        .iter()
        .find(|s| s.runner.thread_id == r.caller)
    {
        pieces.expect(
            false,
            &format!(
                "{} was computed on the thread that called spin_on_threads, not on a thread of \
                 its own",
                s.label
            ),
            "spawn a thread for every piece, however few pieces there are (one too), and \
             compute the piece there: the calling thread only spawns and joins",
        );
    }
    if let Some((thread, cpus)) = &r.narrowed {
        pieces.expect(
            false,
            &format!(
                "{thread} could run only on CPU(s) {cpus} during the call, while the test may use \
                 CPU(s) {}: the threads were pinned to fewer cores, so the pieces took turns there",
                r.test_cpus
            ),
            "leave the threads' CPUs alone (no taskset, no sched_setaffinity): every piece's \
             thread may run on every core the machine gives the test",
        );
    }

    // All the CPU the call used went into the recorded pieces. Starting and joining threads
    // costs a few milliseconds (1–8 ms measured for 420 ms of pieces, under load), so the
    // margin is 5% + 15 ms: wide enough for that, too narrow to hide a slice of every piece
    // finished unrecorded elsewhere (`spin_from` continues a recorded `spin`).
    let recorded: Option<Duration> = pieces
        .spans()
        .iter()
        .map(|s| s.sched().map(|t| t.cpu))
        .sum();
    if let (Some(used), Some(recorded)) = (r.cpu, recorded) {
        let outside = used.saturating_sub(recorded);
        pieces.expect(
            outside <= recorded / 20 + Duration::from_millis(15),
            &format!(
                "CPU work outside the recorded pieces: the call used {} of CPU, the pieces \
                 recorded by spin_recorded only {} ({} computed elsewhere): part of the work \
                 was done, or the answers worked out some other way, outside the pieces",
                fmt_duration(used),
                fmt_duration(recorded),
                fmt_duration(outside)
            ),
            "each answer must be the value spin_recorded returns, computed once, whole, \
             inside the piece's own thread: no extra computing, no part of a piece finished \
             elsewhere (spin_from), no busy threads beside them",
        );
    }
    pieces
}

/// Each piece's thread computed or waited for a core; it was not blocked on a lock. Checked
/// after the pieces' sizes: a piece that computed a fraction of its work is a few
/// milliseconds of CPU among long waits for a core on a busy machine, where the blocked share
/// (wall − CPU − waiting for a core) is least precise; its size names it better.
fn check_not_blocked(pieces: &Query) {
    for s in pieces.spans() {
        if let (Some(blocked), Some(t)) = (s.blocked(), s.sched()) {
            pieces.expect(
                blocked <= s.duration() / 4 + Duration::from_millis(5),
                &format!(
                    "{} lasted {} but its thread was blocked for {} of it (computing {}, \
                     waiting for a core {})",
                    s.label,
                    fmt_duration(s.duration()),
                    fmt_duration(blocked),
                    fmt_duration(t.cpu),
                    fmt_duration(t.queued)
                ),
                "a piece of CPU work should only compute: nothing in it may wait",
            );
        }
    }
}

/// The pieces must all have been in progress at one instant.
fn overlap_failure(pieces: &Query) -> Option<String> {
    if pieces.all_overlap() {
        return None;
    }
    Some(pieces.failure(
        &format!(
            "the {} pieces did not all run at once, they took turns: at most {} were in \
             progress at the same instant",
            pieces.len(),
            pieces.max_concurrency()
        ),
        "spawn them all first, then join them: joining each thread right after spawning it, \
         running them in batches (of the number of cores, say), or a Mutex around the work \
         (a home-made GIL) makes them take turns",
    ))
}

#[test]
fn no_pieces_no_answers() {
    let _turn = CPU_TESTS.lock().unwrap_or_else(|e| e.into_inner());
    let r = run(Vec::new());
    r.timeline.query_all().expect(
        r.answers.is_empty() && r.timeline.query().is_empty(),
        &format!(
            "no pieces given, yet {} answer(s) came back and {} piece(s) were recorded",
            r.answers.len(),
            r.timeline.query().len()
        ),
        "return one answer per piece and record one piece per input: none for none",
    );
}

#[test]
fn answers_come_back_in_input_order() {
    let _turn = CPU_TESTS.lock().unwrap_or_else(|e| e.into_inner());
    // More pieces than this machine has cores (whatever the machine), of uneven sizes.
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
    let work: Vec<u64> = [3_000, 1_000, 5_000, 2_000, 4_000]
        .into_iter()
        .cycle()
        .take((cores + 2).max(5))
        .collect();
    let r = run(work);
    let pieces = check_evidence(&r);
    check_not_blocked(&pieces);
}

#[test]
fn every_piece_computes_at_once_on_its_own_thread() {
    let _turn = CPU_TESTS.lock().unwrap_or_else(|e| e.into_inner());
    // Uneven pieces (about 60, 30, 90, 30, 30, 60 and 30 ms of CPU time on one core
    // here, and again), so the order they finish in is not the order they were given;
    // seventeen of them, more than this machine's cores plus two, and more than a batch
    // size of one's own (4, 8 or 16 threads at a time) would let run at once.
    let unit = spin_iterations_for(UNIT_CPU);
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
    let pattern = [2, 1, 3, 1, 1, 2, 1];
    let work: Vec<u64> = (0..(cores + 3).max(17))
        .map(|i| pattern[i % pattern.len()] * unit + i as u64 / 2)
        .collect();
    at_once(&work, unit);
}

/// A few pieces (fewer than most machines have cores), and a single one, are no exception:
/// each on a thread of its own, all at once, never on the calling thread.
#[test]
fn a_few_pieces_each_on_its_own_thread_at_once() {
    let _turn = CPU_TESTS.lock().unwrap_or_else(|e| e.into_inner());
    let unit = spin_iterations_for(UNIT_CPU);
    for work in [
        vec![2 * unit],
        vec![2 * unit, unit + 1],
        vec![unit, 3 * unit, unit + 2],
    ] {
        at_once(&work, unit);
    }
}

/// Runs `work` (pieces sized in `unit`s) and checks every piece computed at once on a thread
/// of its own, at full size, and again on a second call.
fn at_once(work: &[u64], unit: u64) {
    // A busy moment can delay a thread's start long enough for a short piece to be over
    // before it begins, so up to three tries for the overlap. Everything else is checked
    // on every try: no amount of load explains it.
    let mut failure = String::new();
    for attempt in 1..=3 {
        let r = run(work.to_vec());
        let pieces = check_evidence(&r);
        let wall = r.window.end - r.window.start;
        let cores = r
            .cpu
            .map(|c| c.as_secs_f64() / wall.as_secs_f64().max(1e-9));
        let plain = two_thread_cores(unit);
        println!(
            "attempt {attempt}: the call took {}; it kept {} cores busy (two plain threads \
             just after: {}). For information only: the verdict comes from the spans.",
            fmt_duration(wall),
            cores.map_or("n/a".into(), |c| format!("{c:.2}")),
            plain.map_or("n/a".into(), |c| format!("{c:.2}")),
        );
        check_sizes(&r, &pieces, unit);
        check_not_blocked(&pieces);
        match overlap_failure(&pieces) {
            None => {
                // The same work again: every call computes its pieces anew (nothing kept
                // from an earlier call), at their full size.
                let again = run(work.to_vec());
                let pieces = check_evidence(&again);
                check_sizes(&again, &pieces, unit);
                check_not_blocked(&pieces);
                return;
            }
            Some(message) => failure = message,
        }
    }
    panic!("{failure}");
}

/// Each recorded piece used about the CPU time its work takes (`unit` iterations take
/// `UNIT_CPU` on one core here): CPU time, not wall time, so load cannot shrink it. Half is
/// the floor: a piece under it recorded a token computation, or a part of the work, not the
/// work (its answer worked out some other way).
fn check_sizes(r: &Run, pieces: &Query, unit: u64) {
    // What `unit` iterations cost: the calibration's figure, or what they cost this thread
    // just now if that is less (a calibration slowed by a busy moment overstates it). Half
    // of it is the floor: load raises CPU time per iteration, it cannot halve it.
    let now = thread_cpu_time().and_then(|before| {
        std::hint::black_box(spin(unit));
        thread_cpu_time().map(|after| after.saturating_sub(before))
    });
    let per_unit = now.map_or(UNIT_CPU, |now| now.min(UNIT_CPU));
    for (i, &w) in r.work.iter().enumerate() {
        let label = format!("Piece-{i}");
        let Some(cpu) = pieces.span(&label).and_then(|s| s.sched()).map(|t| t.cpu) else {
            continue;
        };
        let expected = per_unit.mul_f64(w as f64 / unit.max(1) as f64);
        pieces.expect(
            cpu >= expected / 2,
            &format!(
                "{label} computed for only {} of CPU, but its work ({w} spin iterations) \
                 takes about {}: the recorded piece was not the piece's work (an answer kept \
                 from an earlier call, made up, or worked out some other way?)",
                fmt_duration(cpu),
                fmt_duration(expected)
            ),
            "compute every piece on every call, whole: spin_recorded(timeline, \
             format!(\"Piece-{i}\"), work[i]); no answers cached from an earlier call",
        );
    }
}

/// The CPU time `unit` spin iterations are sized to, in the at-once test.
const UNIT_CPU: Duration = Duration::from_millis(30);
