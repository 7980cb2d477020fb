//! Checks exercise 6.6: `spin_in_parallel` returns the right answers in input order, computes
//! each piece with the toolkit's recorder inside the call, and really runs the pieces on
//! several of the pool's threads at once.
//!
//! How "in parallel" is judged on a shared, busy machine: every piece is a span of CPU work
//! recorded by `toolkit::cpu::spin_recorded` (your own `timeline.record` spans are drawn but
//! never believed). The test calls your function inside a rayon pool of 4 threads that it
//! built itself (`ThreadPool::install`), so the verdict does not depend on how many cores
//! this machine has. The pieces must run on at least 2 of the pool's threads, with two of
//! them in progress at one instant, and Linux's per-thread schedstat must show each piece's
//! thread computing or *waiting for a core*, never blocked. Load can make a piece wait for a
//! core; it cannot make one thread look like two. The call's whole CPU time must also be
//! accounted for by the recorded pieces, so answers computed elsewhere are seen.

use rayon_split::spin_in_parallel;
use std::collections::BTreeSet;
use std::hash::BuildHasher;
use std::ops::Range;
use std::sync::Mutex;
use std::time::Duration;
use toolkit::cpu::spin;
use toolkit::format::fmt_duration;
use toolkit::measure::{own_cpu_time, spin_iterations_for};
use toolkit::timeline::query::Query;
use toolkit::together::at_the_same_time;
use toolkit::watchdog::watchdog;
use toolkit::{Runner, Source, Timeline};

const LIMIT: Duration = Duration::from_secs(8);
const HANG: &str = "is a piece waiting for something that never comes (a channel never \
                    closed, a lock never let go)?";
/// The threads of the pool the test calls your function in.
const POOL: usize = 4;

/// The tests measure this process's CPU time, so they run one at a time.
static CPU_TESTS: Mutex<()> = Mutex::new(());

/// One call of `spin_in_parallel`, and what the test saw of it.
struct Run {
    work: Vec<u64>,
    answers: Vec<u64>,
    timeline: Timeline,
    /// When the call started and returned, on the timeline's clock.
    window: Range<Duration>,
    /// This process's CPU time during the call.
    cpu: Option<Duration>,
    /// The test's pool's threads (the toolkit's thread numbers, which a thread cannot choose
    /// the way it chooses its name), to tell its threads from any others.
    pool_threads: BTreeSet<u64>,
}

fn run(work: Vec<u64>) -> Run {
    run_on(work, POOL, "test pool")
}

/// [`run`] on a pool of `threads` threads named `{name} #{i}`.
fn run_on(work: Vec<u64>, threads: usize, name: &str) -> Run {
    let name = name.to_owned();
    watchdog(LIMIT, HANG, move || {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(move |i| format!("{name} #{i}"))
            .build()
            .expect("the test could not build its rayon pool");
        let pool_threads = pool
            .broadcast(|_| Runner::current().thread_id)
            .into_iter()
            .collect();
        let timeline = Timeline::new();
        let cpu_before = own_cpu_time();
        let start = timeline.now();
        let answers = pool.install(|| spin_in_parallel(&work, &timeline));
        let window = start..timeline.now();
        let cpu = own_cpu_time()
            .zip(cpu_before)
            .map(|(after, before)| after.saturating_sub(before));
        // Work left running records its piece after the call returned: give it a moment to
        // show up, so the message can blame the missing wait rather than a missing piece.
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
            pool_threads,
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

    // Every piece recorded exactly once, and inside the call.
    let names: Vec<String> = (0..n).map(|i| format!("Piece-{i}")).collect();
    pieces.expect_within(
        &r.window,
        "your function returned before the pieces finished: rayon::spawn (or a thread) \
         that nobody waits for lets the call return early — use par_iter(), whose collect() \
         waits for every piece",
    );
    let from_one: Vec<String> = (1..=n).map(|i| format!("Piece-{i}")).collect();
    let mut labels: Vec<String> = pieces.spans().iter().map(|s| s.label.clone()).collect();
    labels.sort();
    let mut shifted = from_one.clone();
    shifted.sort();
    all.expect(
        n == 0 || labels != shifted,
        &format!(
            "the pieces were recorded as Piece-1..Piece-{n}: numbered from 1, so Piece-0 is \
             missing and Piece-{n} is not one of the {n} pieces"
        ),
        "piece i is the one at index i of work, from 0, as enumerate() numbers it: \
         format!(\"Piece-{i}\")",
    );
    for name in &names {
        let found = pieces.filter(|s| s.label == *name).len();
        all.expect(
            found == 1,
            &format!(
                "{name} was recorded by spin_recorded {found} time(s) by the time your function \
                 returned, expected once"
            ),
            "record piece i exactly once, as toolkit::cpu::spin_recorded(timeline, \
             format!(\"Piece-{i}\"), work[i]), and wait for every piece before returning",
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
            "the answers are all there, but not in input order: answer i must be piece i's \
             (collected in the order the pieces finished?)"
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
            "map each piece to spin_recorded's answer and collect() the parallel iterator \
             into a Vec: rayon keeps input order on an indexed parallel iterator such as \
             par_iter() (par_bridge(), pushing into a shared Vec, or a channel, gives the \
             order the pieces finished in)",
        );
    }

    // On the test's pool, and on more than one of its threads.
    let pool = &r.pool_threads;
    if let Some(s) = pieces
        .spans()
        .iter()
        .find(|s| s.runner.pid != std::process::id() || !pool.contains(&s.runner.thread_id))
    {
        pieces.expect(
            false,
            &format!(
                "{} ran on {} (thread number {}), a thread that is not on the rayon pool your \
                 function was called in, whatever its name",
                s.label,
                s.runner.thread_label(),
                s.runner.thread_id
            ),
            "use par_iter() on the pool you are called in: a ThreadPool of your own, or \
             threads of your own, are not the caller's pool (and par_iter() called from a \
             thread you started runs on rayon's global pool, not the caller's)",
        );
    }
    let threads = pieces.threads();
    pieces.expect(
        n < 2 || threads >= 2,
        &format!("the {n} pieces ran on {threads} thread of the pool: nothing ran in parallel"),
        "par_iter() over the pieces themselves lets every thread of the pool take some: \
         .iter() (which runs every piece on the one thread that called you), a pool of 1 \
         thread, or par_chunks with one chunk holding all the work leaves one thread doing \
         everything",
    );

    // Each piece's thread computed or waited for a core; it was not blocked on a lock.
    // Judged over all the pieces together: with a lock around the work, every piece but the
    // first waits for the others (about half of all the pieces' time is blocked on 2
    // threads), while one piece of a right answer held up once by the machine (a page fault,
    // a throttled moment) is a small share of the whole.
    let timed: Vec<_> = pieces
        .spans()
        .iter()
        .filter_map(|s| Some((s, s.blocked()?, s.sched()?)))
        .collect();
    let blocked: Duration = timed.iter().map(|(_, b, _)| *b).sum();
    let lasted: Duration = timed.iter().map(|(s, _, _)| s.duration()).sum();
    if let Some((s, b, t)) = timed.iter().max_by_key(|(_, b, _)| *b) {
        pieces.expect(
            blocked <= lasted / 4 + Duration::from_millis(5) * timed.len() as u32,
            &format!(
                "the pieces' threads were blocked for {} of the {} the pieces lasted; {} \
                 alone lasted {} and was blocked for {} of it (computing {}, waiting for a \
                 core {})",
                fmt_duration(blocked),
                fmt_duration(lasted),
                s.label,
                fmt_duration(s.duration()),
                fmt_duration(*b),
                fmt_duration(t.cpu),
                fmt_duration(t.queued)
            ),
            "a piece of CPU work should only compute: a lock around the work makes \
             the pool's threads take turns",
        );
    }

    // All the CPU the call used went into the recorded pieces. Rayon's threads look for work
    // a little before they sleep, so the margin is 5% + 20 ms: wide enough for that, too
    // narrow to hide a piece computed again, unrecorded.
    let recorded: Option<Duration> = pieces
        .spans()
        .iter()
        .map(|s| s.sched().map(|t| t.cpu))
        .sum();
    if let (Some(used), Some(recorded)) = (r.cpu, recorded) {
        let outside = used.saturating_sub(recorded);
        pieces.expect(
            outside <= recorded / 20 + Duration::from_millis(20),
            &format!(
                "CPU work outside the recorded pieces: the call used {} of CPU, the pieces \
                 recorded by spin_recorded only {} ({} computed elsewhere)",
                fmt_duration(used),
                fmt_duration(recorded),
                fmt_duration(outside)
            ),
            "each answer must be the value spin_recorded returns, computed once, whole, \
             inside the piece: no second computation with toolkit::cpu::spin",
        );
    }
    pieces
}

/// The recorded pieces did the work they were given: their CPU time is at least half of what
/// the whole work takes on this machine (`unit` iterations take `per_unit` of CPU, measured
/// by the test just before). Load makes a piece wait for a core, not compute less, and a
/// slower core only adds CPU time: only work left undone comes out small.
fn expect_work_done(r: &Run, pieces: &Query, unit: u64, per_unit: Duration) {
    let recorded: Option<Duration> = pieces
        .spans()
        .iter()
        .map(|s| s.sched().map(|t| t.cpu))
        .sum();
    let Some(recorded) = recorded else { return };
    let iterations: u64 = r.work.iter().sum();
    let expected = per_unit.mul_f64(iterations as f64 / unit.max(1) as f64);
    pieces.expect(
        recorded >= expected / 2,
        &format!(
            "the pieces recorded by spin_recorded computed for {} in all, but the work you \
             were given ({iterations} spin iterations) takes about {} on this machine: the \
             recorded pieces did only part of the work, so the answers you returned were not \
             theirs",
            fmt_duration(recorded),
            fmt_duration(expected)
        ),
        "call spin_recorded(timeline, format!(\"Piece-{i}\"), work[i]) with the whole of \
         work[i], and return the answer it gives: the answer is evidence only when the \
         recorded piece computed it",
    );
}

/// A piece that ran from start to end with no other piece in progress, while pieces still
/// waited to start after it: the pool had threads to spare, and work for them, and did not
/// use them. Returns the first such piece and the ones that started after it.
fn ran_alone_with_work_waiting(pieces: &Query) -> Option<(String, Vec<String>)> {
    let spans = pieces.spans();
    spans.iter().find_map(|p| {
        let alone = spans
            .iter()
            .filter(|o| !std::ptr::eq(*o, p))
            .all(|o| o.end <= p.start || o.start >= p.end);
        let mut later: Vec<String> = spans
            .iter()
            .filter(|o| o.start >= p.end)
            .map(|o| o.label.clone())
            .collect();
        later.sort();
        (alone && !later.is_empty()).then(|| (p.label.clone(), later))
    })
}

#[test]
fn no_pieces_no_answers() {
    let _turn = CPU_TESTS.lock().unwrap_or_else(|e| e.into_inner());
    let r = run(Vec::new());
    r.timeline.query_all().expect(
        r.answers.is_empty() && r.timeline.query().is_empty(),
        &format!("no pieces given, yet {} answers came back", r.answers.len()),
        "return one answer per piece: none for none",
    );
}

#[test]
fn answers_come_back_in_input_order() {
    let _turn = CPU_TESTS.lock().unwrap_or_else(|e| e.into_inner());
    // Piece 0 is by far the largest, so whatever runs beside it finishes first: answers
    // taken in finishing order are out of order.
    let unit = spin_iterations_for(Duration::from_millis(5));
    let r = run(vec![
        12 * unit,
        unit,
        2 * unit,
        unit + 1,
        3 * unit,
        unit + 2,
    ]);
    let pieces = check_evidence(&r);
    expect_work_done(&r, &pieces, unit, Duration::from_millis(5));
    // The same work again, in a new call: every piece is computed again. Answers kept from
    // an earlier call (a static map, a cache) are not work done by this one.
    let again = run(r.work.clone());
    let pieces = again.timeline.query().from_source(Source::Cpu);
    let skipped: Vec<String> = (0..again.work.len())
        .map(|i| format!("Piece-{i}"))
        .filter(|name| pieces.filter(|s| s.label == *name).is_empty())
        .collect();
    again.timeline.query_all().expect(
        skipped.is_empty(),
        &format!(
            "a second call with the same work recorded no {}: its answers were not computed \
             by this call (kept from the first one, in a static or a cache?)",
            skipped.join(", ")
        ),
        "compute every piece on every call, with spin_recorded: no static, no cache across \
         calls",
    );
    // The rest was checked on the first call; here only the answers, again in input order.
    again.timeline.query_all().expect(
        again.answers == r.answers,
        &format!(
            "a second call with the same work returned {:?}, the first one {:?}",
            again.answers, r.answers
        ),
        "the same work gives the same answers, computed again on every call, in input order",
    );
}

#[test]
fn the_pieces_run_on_several_threads_at_once() {
    let _turn = CPU_TESTS.lock().unwrap_or_else(|e| e.into_inner());
    // Eight uneven pieces of about 15 to 45 ms of CPU each, more than the pool's 4 threads.
    let unit = spin_iterations_for(Duration::from_millis(15));
    let work: Vec<u64> = (0..8).map(|i| (1 + i % 3) * unit + i).collect();
    // A busy moment can keep the pool's threads from starting together, so up to three
    // tries for the overlap. Everything else is checked on every try.
    let mut failure = String::new();
    for _ in 0..3 {
        let r = run(work.clone());
        let pieces = check_evidence(&r);
        expect_work_done(&r, &pieces, unit, Duration::from_millis(15));
        let alone = ran_alone_with_work_waiting(&pieces);
        if pieces.max_concurrency() >= 2 && alone.is_none() {
            return;
        }
        if let Some((piece, later)) = alone.filter(|_| pieces.max_concurrency() >= 2) {
            failure = pieces.failure(
                &format!(
                    "{piece} ran alone from start to end, while {} still waited to start \
                     after it: the pool's other threads sat idle with work to do",
                    later.join(", ")
                ),
                "let rayon hand out every piece: one par_iter() over all the work, not \
                 par_iter() over the first few and a loop (or .iter()) over the rest, which \
                 runs those one after another on one thread",
            );
            continue;
        }
        failure = pieces.failure(
            &format!(
                "the {} pieces never ran at the same time: at most {} was in progress at once",
                pieces.len(),
                pieces.max_concurrency()
            ),
            "the pool's threads must compute side by side: a lock around the work, or \
             waiting for each piece before starting the next, makes them take turns",
        );
    }
    panic!("{failure}");
}

/// Two calls at the same instant, each on a pool of its own (3 threads, not the other tests'
/// 4, named anew each run), with different work of the same length: each call gets its own
/// answers, in input order, computed on its own pool's threads, two or more of them. Answers
/// kept in a `static` (a buffer the calls share) mix the two calls; code that runs in
/// parallel only on a pool that looks like the other tests' does not here.
#[test]
fn two_calls_at_once_each_get_their_own_answers() {
    let _turn = CPU_TESTS.lock().unwrap_or_else(|e| e.into_inner());
    let unit = spin_iterations_for(Duration::from_millis(10));
    let first: Vec<u64> = (0..6).map(|i| (1 + i % 3) * unit + i).collect();
    let second: Vec<u64> = (0..6).map(|i| (3 - i % 3) * unit + 100 + i).collect();
    let tag = std::collections::hash_map::RandomState::new().hash_one(0u8) % 1000;
    let (one, two) = (format!("pool {tag}a"), format!("pool {tag}b"));
    // A busy moment can let one pool's thread run all its pieces before the others wake:
    // up to three tries for two threads at work in each call. Wrong answers fail at once.
    let mut failure = String::new();
    for _ in 0..3 {
        let (a, b) = at_the_same_time(
            || run_on(first.clone(), 3, &one),
            || run_on(second.clone(), 3, &two),
        );
        let mut parallel = true;
        for (r, which) in [(&a, "first"), (&b, "second")] {
            let expected: Vec<u64> = r.work.iter().map(|&w| spin(w)).collect();
            let all = r.timeline.query_all();
            all.expect(
                r.answers == expected,
                &format!(
                    "two calls at the same time, with different work: the {which} returned \
                     {:?}, but its pieces' answers are {expected:?} (each call alone gets its \
                     own answers right): the two calls share state — answers kept in a \
                     static (a buffer, a map) are overwritten by the other call",
                    r.answers
                ),
                "keep every answer of a call in that call: collect() the parallel iterator \
                 into a Vec of its own, no static",
            );
            let pieces = r.timeline.query().from_source(Source::Cpu);
            let off_pool = pieces.spans().iter().any(|s| {
                s.runner.pid != std::process::id() || !r.pool_threads.contains(&s.runner.thread_id)
            });
            pieces.expect(
                pieces.len() == r.work.len() && !off_pool,
                &format!(
                    "two calls at the same time: the {which} recorded {} pieces for {} (or \
                     ran some off the pool it was called in)",
                    pieces.len(),
                    r.work.len()
                ),
                "record each piece of each call once, on the pool that call was made in",
            );
            if pieces.threads() < 2 {
                parallel = false;
                failure = pieces.failure(
                    &format!(
                        "the {which} of two calls at the same time, on a pool of 3 threads \
                         named `pool {tag}…` (not the other tests' pool of 4 named `test \
                         pool`), ran its {} pieces on {} thread: nothing ran in parallel",
                        pieces.len(),
                        pieces.threads()
                    ),
                    "par_iter() over every piece, whatever pool you are called in, its size \
                     and its threads' names: rayon hands the pieces to that pool's threads",
                );
            }
        }
        if parallel {
            return;
        }
    }
    panic!("{failure}");
}
