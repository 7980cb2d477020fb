//! Checks exercise 4.2: under the simulated GIL, downloads on several threads overlap (the
//! GIL is let go while waiting), a download overlaps another thread's parsing, and two
//! threads parsing at once take turns, slice by slice.
//!
//! The evidence: the downloads recorded by the test's `Downloader`, and the GIL's own record
//! (`Gil::log`): who held it, from when to when, how (CPU work handing it over, or
//! `gil.hold` keeping it whoever waits), and every `gil.cpu_recorded` with its label,
//! iterations and schedstat. Your code can read that record, never write it. Spans you
//! record yourself are drawn but never believed.

use simulated_gil::{Job, run_jobs};
use std::ops::Range;
use std::sync::Mutex;
use std::time::Duration;
use toolkit::cpu::spin;
use toolkit::format::fmt_duration;
use toolkit::gil::{Gil, GilLog, GilWork};
use toolkit::io::Downloader;
use toolkit::measure::{own_cpu_time, spin_iterations_for};
use toolkit::timeline::query::Query;
use toolkit::watchdog::watchdog;
use toolkit::{Source, Timeline};

const LIMIT: Duration = Duration::from_secs(8);
const HANG: &str = "is a thread never joined, or is the GIL held forever by someone?";
const RELEASE_FOR_IO: &str = "a thread that waits lets go of the GIL: wrap the download in \
                              gil.io(..) (or call it bare), never gil.hold(..)";

/// How long every thread that downloads with the test's Downloader takes to end (the
/// toolkit's `ThreadExits`): joining waits for that, nothing else does, so a call that waits
/// for its answers some other way (a channel, a counter) returns while its threads still live.
const LINGER: Duration = Duration::from_millis(100);

/// The tests measure this process's CPU time, so they run one at a time.
static CPU_TESTS: Mutex<()> = Mutex::new(());

/// One job as the test plans it: its download's duration (hidden from your code) and parse.
struct Plan {
    name: &'static str,
    download: Duration,
    parse: u64,
}

/// One call of `run_jobs`, and what the test saw of it.
struct Run {
    plans: Vec<Plan>,
    answers: Vec<u64>,
    timeline: Timeline,
    log: GilLog,
    window: Range<Duration>,
    cpu: Option<Duration>,
    /// The threads that downloaded and had not ended when `run_jobs` returned.
    not_joined: Vec<toolkit::Runner>,
    /// The thread that called `run_jobs`.
    caller: toolkit::Runner,
}

fn run(plans: Vec<Plan>) -> Run {
    watchdog(LIMIT, HANG, move || {
        let timeline = Timeline::new();
        let gil = Gil::new();
        let mut downloads = Downloader::new(&timeline, Duration::from_millis(100));
        for p in &plans {
            downloads = downloads.with_duration(p.name, p.download);
        }
        let (downloads, exits) = downloads.watch_thread_exits(LINGER);
        let jobs: Vec<Job> = plans
            .iter()
            .map(|p| Job {
                name: p.name.into(),
                parse: p.parse,
            })
            .collect();
        let caller = toolkit::Runner::current();
        let cpu_before = own_cpu_time();
        let start = timeline.now();
        let answers = run_jobs(&jobs, &downloads, &gil, &timeline);
        let window = start..timeline.now();
        let mut not_joined = exits.not_ended();
        not_joined.retain(|r| r.thread_id != caller.thread_id);
        let cpu = own_cpu_time()
            .zip(cpu_before)
            .map(|(after, before)| after.saturating_sub(before));
        // Threads left running finish their work after the call: let it show up, so the
        // message blames the missing join.
        for _ in 0..100 {
            if gil.log(&timeline).works.len() >= plans.len() {
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        Run {
            plans,
            answers,
            log: gil.log(&timeline),
            timeline,
            window,
            cpu,
            not_joined,
            caller,
        }
    })
}

fn parse_label(name: &str) -> String {
    format!("{name} parse")
}

/// Checks what no amount of load explains; returns the downloads and each job's parse.
fn check_evidence(r: &Run) -> (Query, Vec<GilWork>) {
    let all = r.timeline.query_all();
    let evidence = r.timeline.query();
    let downloads = evidence.from_source(Source::Download);
    let cpu_spans = evidence.from_source(Source::Cpu);
    let at = |d: Duration| fmt_duration(d);

    // gil.hold keeps the GIL whoever waits: say which step it was wrapped around.
    for hold in r.log.whole_holds() {
        if let Some(d) = downloads.spans().iter().find(|d| hold.during(d)) {
            all.expect(
                false,
                &format!(
                    "the GIL was held during the download of {} (gil.hold from {} to {}): \
                     every thread that wanted to compute had to wait for a thread that was \
                     only waiting",
                    d.label,
                    at(hold.start),
                    at(hold.end)
                ),
                RELEASE_FOR_IO,
            );
        }
        if let Some(p) = cpu_spans.spans().iter().find(|p| hold.during(p)) {
            all.expect(
                false,
                &format!(
                    "the GIL was held for the whole parse `{}` in one go (gil.hold from {} to \
                     {}), so no other thread could compute meanwhile: that is not how CPython \
                     runs a thread",
                    p.label,
                    at(hold.start),
                    at(hold.end)
                ),
                "parse with gil.cpu_recorded(timeline, label, job.parse): it holds the GIL \
                 only slice by slice and hands it over when another thread has waited 5 ms",
            );
        }
        all.expect(
            false,
            &format!(
                "the GIL was held with gil.hold(..) from {} to {} by {}: neither step needs it",
                at(hold.start),
                at(hold.end),
                hold.runner
            ),
            "downloads go without the GIL (gil.io), parses with gil.cpu_recorded, which takes \
             it slice by slice",
        );
    }

    // The answers, as a whole.
    let expected: Vec<u64> = r.plans.iter().map(|p| spin(p.parse)).collect();
    if r.answers != expected {
        let n = expected.len();
        let (mut yours, mut wanted) = (r.answers.clone(), expected.clone());
        yours.sort_unstable();
        wanted.sort_unstable();
        let problem = if r.answers.len() != n {
            format!("returned {} answers for {n} jobs", r.answers.len())
        } else if yours == wanted {
            "the answers are all there, but not in input order: answer i must be job i's".to_owned()
        } else {
            let i = (0..n).find(|&i| r.answers[i] != expected[i]).unwrap_or(0);
            format!(
                "answer {i} is {}, but job {}'s parse (toolkit::cpu::spin({})) is {}",
                r.answers[i], r.plans[i].name, r.plans[i].parse, expected[i]
            )
        };
        all.expect(
            false,
            &problem,
            "each job's answer is what gil.cpu_recorded returns for it; join the handles in \
             the order you spawned them, not in the order the jobs finish",
        );
    }

    // One download and one parse under the given GIL per job, on the job's own thread.
    let mut parses = Vec::new();
    for p in &r.plans {
        let label = parse_label(p.name);
        let found = downloads.filter(|s| s.label == p.name);
        all.expect(
            found.len() == 1,
            &format!(
                "page {} was downloaded {} time(s) by the time your function returned, \
                 expected once",
                p.name,
                found.len()
            ),
            "download each job's page once, on every call (no page kept from an earlier call), \
             with downloads.download_blocking(&job.name), the Downloader you were given, and \
             join every thread before returning",
        );
        let download = found.spans()[0].clone();
        all.expect(
            download.duration() >= p.download,
            &format!(
                "the download of {} lasted {}, shorter than the test's {}: it was not the \
                 Downloader you were given",
                p.name,
                at(download.duration()),
                at(p.download)
            ),
            "download with the Downloader passed to run_jobs",
        );
        let works = r.log.work(&label);
        if works.is_empty() {
            let yours = all.filter(|s| s.label == label && s.source() == Source::Yours);
            all.expect(
                false,
                &format!(
                    "the GIL you were given has no record of `{label}`{}",
                    if yours.is_empty() {
                        ""
                    } else {
                        " (a span you recorded yourself with timeline.record is drawn, not \
                         believed)"
                    }
                ),
                "parse on the GIL passed in: gil.cpu_recorded(timeline, format!(\"{} parse\", \
                 job.name), job.parse), not toolkit::cpu::spin, not a Gil::new() of your own",
            );
        }
        all.expect(
            works.len() == 1,
            &format!(
                "`{label}` was computed {} times under the GIL, expected once",
                works.len()
            ),
            "parse each job once",
        );
        // The GIL's log says the parse ran; the timeline you were given must show it too
        // (it is what your timeline draws, and what the checks below read).
        let drawn = cpu_spans.filter(|s| s.label == label);
        all.expect(
            drawn.len() == 1,
            &format!(
                "`{label}` ran under the GIL, but the timeline you were given holds {} CPU \
                 span(s) of it, expected 1: the parse was recorded on another Timeline",
                drawn.len()
            ),
            "pass the timeline you were given to gil.cpu_recorded(timeline, label, job.parse), \
             not a Timeline::new() of your own",
        );
        let work = works[0].clone();
        all.expect(
            work.iterations == p.parse,
            &format!(
                "`{label}` computed {} iterations under the GIL, but job {} asks for {}",
                work.iterations, p.name, p.parse
            ),
            "parse with gil.cpu_recorded(timeline, label, job.parse), and return its answer",
        );
        let same_thread = (work.runner.pid, work.runner.thread_id)
            == (download.runner.pid, download.runner.thread_id);
        let problem = if same_thread {
            "parsed before its download had finished"
        } else {
            "downloaded on one thread and parsed on another"
        };
        all.expect(
            same_thread && work.start >= download.end,
            &format!(
                "job {} {problem}: download {} to {} ({}), parse {} to {} ({})",
                p.name,
                at(download.start),
                at(download.end),
                download.runner,
                at(work.start),
                at(work.end),
                work.runner
            ),
            "each job's thread downloads its page, then parses it, one step after the other",
        );
        parses.push(work);
    }
    let threads = downloads.threads();
    all.expect(
        threads == r.plans.len(),
        &format!("the {} jobs ran on {threads} OS thread(s)", r.plans.len()),
        "spawn one thread per job: a thread of its own for each, not a pool of a few \
         threads that take the jobs in turn",
    );
    let on_caller = downloads
        .spans()
        .iter()
        .filter(|s| s.runner.pid == r.caller.pid && s.runner.thread_id == r.caller.thread_id)
        .count();
    all.expect(
        on_caller == 0,
        &format!(
            "{on_caller} of the {} jobs ran on the thread that called run_jobs",
            r.plans.len()
        ),
        "spawn one thread per job, every job: the calling thread only spawns and joins (a job \
         it runs itself starts only after its spawning is done, and is missing from the \
         threads you join)",
    );
    evidence.expect_within(
        &r.window,
        "your function returned before its threads finished: join every thread before \
         returning (std::thread::scope does it for you)",
    );
    let late = parses.iter().find(|w| w.end > r.window.end);
    all.expect(
        late.is_none(),
        &format!(
            "`{}` was still computing after run_jobs returned",
            late.map_or("", |w| w.label.as_str())
        ),
        "join every thread before returning (std::thread::scope does it for you)",
    );

    // All the CPU time the call used went into the parses under the GIL.
    let recorded: Option<Duration> = parses.iter().map(|w| w.sched.map(|t| t.cpu)).sum();
    if let (Some(used), Some(recorded)) = (r.cpu, recorded) {
        let outside = used.saturating_sub(recorded);
        all.expect(
            outside <= recorded / 4 + Duration::from_millis(15),
            &format!(
                "CPU work outside the GIL: the call used {} of CPU, the parses under the GIL \
                 only {}",
                at(used),
                at(recorded)
            ),
            "every bit of computing goes through gil.cpu_recorded, once per job; its return \
             value is the answer. No computing beside it, no busy threads",
        );
    }
    all.expect_threads_joined(
        &r.not_joined,
        "run_jobs",
        "answers",
        "keep every JoinHandle and join each one before returning (std::thread::scope does \
         it for you): a channel or a counter says the answers are in, not that the threads \
         have ended",
    );
    (downloads, parses)
}

#[test]
fn downloads_overlap_because_waiting_lets_go_of_the_gil() {
    let _turn = CPU_TESTS.lock().unwrap_or_else(|e| e.into_inner());
    // Uneven downloads: they finish in the order B, E, C, D, A, not in input order. Five
    // jobs: more than a pool of three threads of one's own (Python's
    // ThreadPoolExecutor(max_workers=3), say) runs at once. Every try checks the evidence; a
    // very busy machine can delay a thread's start past the 100 ms download, so up to three
    // tries for the overlap.
    let ms = Duration::from_millis;
    let plan = |name, download, parse| Plan {
        name,
        download: ms(download),
        parse,
    };
    let mut failure = String::new();
    for attempt in 1..=3 {
        let r = run(vec![
            plan("A", 250, 3_000),
            plan("B", 100, 1_000),
            plan("C", 170, 2_000),
            plan("D", 210, 1_500),
            plan("E", 130, 2_500),
        ]);
        let (downloads, _) = check_evidence(&r);
        if downloads.all_overlap() {
            return;
        }
        println!("attempt {attempt}: the downloads did not all overlap");
        failure = downloads.failure(
            &format!(
                "the {} downloads did not all run at once: at most {} were in progress together",
                downloads.len(),
                downloads.max_concurrency()
            ),
            &format!(
                "start every thread before joining any; and {RELEASE_FOR_IO}. A lock of your \
                 own around the job or its download makes the downloads take turns too"
            ),
        );
    }
    panic!("{failure}");
}

#[test]
fn a_download_overlaps_another_threads_parsing() {
    let _turn = CPU_TESTS.lock().unwrap_or_else(|e| e.into_inner());
    // About 150 ms of CPU time on one core of this machine.
    let n = spin_iterations_for(Duration::from_millis(150));
    // A downloads quickly, then parses; B waits on a 150 ms download meanwhile. Under a GIL
    // the two still overlap: B's thread only waits. Every try checks the evidence; a very
    // busy machine can delay a thread's start, so up to three tries for the overlap.
    let ms = Duration::from_millis;
    let mut failure = String::new();
    for attempt in 1..=3 {
        let r = run(vec![
            Plan {
                name: "A",
                download: ms(5),
                parse: n,
            },
            Plan {
                name: "B",
                download: ms(150),
                parse: 1_000,
            },
        ]);
        let (downloads, parses) = check_evidence(&r);
        let a = &parses[0];
        let b = downloads.span("B").cloned().expect("checked above");
        if a.start < b.end && b.start < a.end {
            return;
        }
        println!("attempt {attempt}: no overlap");
        failure = r.timeline.query_all().failure(
            &format!(
                "B's download ({} to {}) did not overlap A's parse ({} to {})",
                fmt_duration(b.start),
                fmt_duration(b.end),
                fmt_duration(a.start),
                fmt_duration(a.end)
            ),
            &format!("start both threads before joining either; {RELEASE_FOR_IO}"),
        );
    }
    panic!("{failure}");
}

#[test]
fn two_parses_take_turns_slice_by_slice() {
    let _turn = CPU_TESTS.lock().unwrap_or_else(|e| e.into_inner());
    let n = spin_iterations_for(Duration::from_millis(150));
    let ms = Duration::from_millis;
    // Every try checks the evidence and the GIL's record; a very busy machine can delay a
    // thread's start, so up to three tries for the two parses to be in progress together.
    let mut failure = String::new();
    for attempt in 1..=3 {
        let r = run(vec![
            Plan {
                name: "A",
                download: ms(20),
                parse: n,
            },
            Plan {
                name: "B",
                download: ms(20),
                parse: n + 1,
            },
        ]);
        let (_, parses) = check_evidence(&r);
        let (a, b) = (&parses[0], &parses[1]);
        let picture = r.timeline.query_all();
        if !a.overlaps(b) {
            println!("attempt {attempt}: the parses did not overlap");
            failure = picture.failure(
                &format!(
                    "the two parses ran one after the other ({} to {}, then {} to {}): under \
                     the GIL both are in progress at once and take turns slice by slice",
                    fmt_duration(a.start.min(b.start)),
                    fmt_duration(a.end.min(b.end)),
                    fmt_duration(a.start.max(b.start)),
                    fmt_duration(a.end.max(b.end))
                ),
                "start every thread before joining any, and let the GIL alone decide who \
                 computes: a lock of your own around the parse makes whole parses wait for \
                 each other",
            );
            continue;
        }
        let turns = r.log.turns_between(a, b);
        picture.expect(
            turns >= 2,
            &format!("the GIL passed between the two parsing threads only {turns} time(s)"),
            "parse with gil.cpu_recorded, which hands the GIL over every switch interval",
        );
        println!(
            "the GIL passed between A and B {turns} times; A waited {} for it, B {}",
            fmt_duration(a.waited),
            fmt_duration(b.waited)
        );
        return;
    }
    panic!("{failure}");
}
