//! Checks exercise 6.5: `dine` lets every philosopher eat every meal, each on a thread of its
//! own, holding both of their forks while eating, with forks taken in an order that cannot
//! deadlock, and lets philosophers who share no fork eat at the same time.
//!
//! What the tests believe: the forks are `toolkit::lock::TracedMutex`es made here, so every
//! hold of a fork is recorded by the toolkit (on the thread that held it); every meal is
//! recorded by the test's own `eat`, with the test's probe. Your code can record neither.
//! The forks are slow to pick up (each `lock_blocking` pauses 20 ms while holding the fork),
//! so a deadlock that can happen does happen; and even when a run gets through, the holds
//! show the order each thread took its forks in, so an order with a cycle is named.

use deadlock::{Fork, dine};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::sync::Mutex;
use std::time::Duration;
use toolkit::format::fmt_duration;
use toolkit::measure::own_cpu_time;
use toolkit::timeline::query::Query;
use toolkit::watchdog::watchdog;
use toolkit::{Source, Span, Timeline};

/// A run takes about half a second; a deadlock never ends.
const LIMIT: Duration = Duration::from_secs(3);
/// How long picking up a heavy fork takes (the fork is held meanwhile).
const HEAVY: Duration = Duration::from_millis(20);
/// How long a meal takes.
const MEAL: Duration = Duration::from_millis(25);
const HANG: &str = "the philosophers are stuck: read who waits for whom below. To break a \
                    cycle, take the lower-numbered fork first (one global lock order), or let \
                    at most n − 1 philosophers reach for forks at once (an arbiter: its count \
                    checked and raised in one step, behind a Mutex with a Condvar to wait on, \
                    not an atomic checked in a loop, which lets all n in at once)";

/// The tests measure this process's CPU time, so they run one at a time.
static TURN: Mutex<()> = Mutex::new(());

/// One call of `dine`, and what the test saw of it.
struct Run {
    n: usize,
    meals: usize,
    timeline: Timeline,
    window: Range<Duration>,
    /// This process's CPU time during the call.
    cpu: Option<Duration>,
    failed_tries: u64,
    /// How many times the forks were taken, all together.
    holds: u64,
}

fn run(n: usize, meals: usize, pickup: Duration) -> Run {
    watchdog(LIMIT, HANG, move || {
        let (timeline, probe) = Timeline::with_probe();
        let forks: Vec<Fork> = (0..n)
            .map(|i| Fork::new(&timeline, format!("fork {i}"), ()).with_pickup(pickup))
            .collect();
        let eat = move |p: usize| {
            probe.record(format!("philosopher {p} eats"), || std::thread::sleep(MEAL));
        };
        let cpu_before = own_cpu_time();
        let start = timeline.now();
        dine(&forks, meals, &eat);
        let window = start..timeline.now();
        let cpu = own_cpu_time()
            .zip(cpu_before)
            .map(|(after, before)| after.saturating_sub(before));
        Run {
            n,
            meals,
            window,
            cpu,
            failed_tries: forks.iter().map(Fork::failed_tries).sum(),
            holds: forks.iter().map(Fork::holds).sum(),
            timeline,
        }
    })
}

fn meal_label(p: usize) -> String {
    format!("philosopher {p} eats")
}

fn same_thread(a: &Span, b: &Span) -> bool {
    a.runner.pid == b.runner.pid && a.runner.thread_id == b.runner.thread_id
}

/// Everything that does not depend on timing luck: a mistake here fails at once.
fn check(r: &Run) -> Query {
    let all = r.timeline.query_all();
    let q = r.timeline.query();
    let meals = q.from_source(Source::Test);
    // The toolkit's fork spans: holds ("fork 3") and waits in lock_blocking ("waits for
    // fork 3"), each on the thread that held or waited.
    let forks = q.from_source(Source::Lock);
    let holds = forks.filter(|s| s.label.starts_with("fork "));

    q.expect_within(
        &r.window,
        "your function returned before its philosophers finished: wait for every \
         philosopher's thread before returning (std::thread::scope does it for you)",
    );

    // A philosopher eats with their own two forks: a fork of a neighbour's, taken by a
    // philosopher's thread (the thread their meals were eaten on, whatever its name), keeps
    // that neighbour from eating for nothing.
    for h in holds.spans() {
        // Whose thread it is: the one philosopher who ate on it. A thread that ate for
        // several is named by the "same thread" check below, not blamed here.
        let mut eaters = meals
            .spans()
            .iter()
            .filter(|m| same_thread(h, m))
            .filter_map(|m| m.label.strip_prefix("philosopher "))
            .filter_map(|rest| rest.strip_suffix(" eats"))
            .filter_map(|p| p.parse::<usize>().ok())
            .collect::<Vec<_>>();
        eaters.sort_unstable();
        eaters.dedup();
        let Some(p) = (eaters.len() == 1).then(|| eaters[0]).filter(|&p| p < r.n) else {
            continue;
        };
        let (left, right) = (p, (p + 1) % r.n);
        holds.expect(
            h.label == format!("fork {left}") || h.label == format!("fork {right}"),
            &format!(
                "philosopher {p} took `{}`, which is not one of their forks (fork {left} and \
                 fork {right}): a fork taken and not eaten with keeps a neighbour from eating, \
                 and every fork on the table taken in order is one lock around the whole \
                 table, made of forks",
                h.label
            ),
            "take only forks[i] and forks[(i + 1) % n], the lower-numbered first: one global \
             lock order over those two is all it takes",
        );
    }

    // A fork goes back on the table after each meal: one kept from one meal to the next
    // keeps a neighbour from eating meanwhile, for nothing.
    for h in holds.spans() {
        let inside = meals
            .spans()
            .iter()
            .filter(|m| same_thread(h, m) && h.start <= m.start && m.end <= h.end)
            .count();
        holds.expect(
            inside <= 1,
            &format!(
                "`{}` was held by {} through {inside} meals without being put down: a \
                 fork kept from one meal to the next keeps a neighbour from eating all \
                 that time",
                h.label,
                h.runner.thread_label()
            ),
            "take both forks for each meal, inside the meal loop, and let both guards drop \
             at the end of each meal",
        );
    }

    // Each meal needs two holds of a fork. Many more: forks taken and put down again
    // without eating, over and over (and holds past toolkit::lock::DRAWN_HOLDS per fork
    // are no longer drawn, so this comes before the checks that read them).
    let needed = 2 * r.n as u64 * r.meals as u64;
    q.expect(
        r.holds <= 2 * needed,
        &format!(
            "the forks were taken {} times for {} meals, which need {needed}: philosophers \
             take a fork and put it down again without eating, over and over{} — letting go \
             and retrying at once is a livelock (or a starved philosopher) in the making",
            r.holds,
            r.n * r.meals,
            if r.failed_tries > 0 {
                format!(" (try_lock found a fork taken {} times)", r.failed_tries)
            } else {
                String::new()
            }
        ),
        "wait for a fork in lock_blocking, taking the lower-numbered fork first (one global \
         lock order): then every fork taken is a fork eaten with",
    );

    // Every philosopher ate every meal, and nobody else ate.
    let count = |p: usize| meals.filter(|s| s.label == meal_label(p)).len();
    let labels: BTreeSet<String> = (0..r.n).map(meal_label).collect();
    if let Some(stranger) = meals.spans().iter().find(|s| !labels.contains(&s.label)) {
        all.expect(
            false,
            &format!(
                "`{}`, but there are only {} philosophers (0 to {})",
                stranger.label,
                r.n,
                r.n - 1
            ),
            "philosopher i calls eat(i), for i in 0..forks.len()",
        );
    }
    for p in 0..r.n {
        let ate = count(p);
        all.expect(
            ate == r.meals,
            &format!(
                "philosopher {p} ate {ate} time(s), expected {}: meals were skipped or eaten \
                 twice (only calls of the eat you were given count)",
                r.meals
            ),
            "each philosopher calls eat(i) exactly `meals` times, once per meal, on their \
             own thread",
        );
    }

    // Each meal was eaten holding both of the philosopher's forks, on the eating thread.
    for meal in meals.spans() {
        let p: usize = meal
            .label
            .trim_start_matches("philosopher ")
            .trim_end_matches(" eats")
            .parse()
            .unwrap_or(0);
        let held = |fork: usize| {
            holds.spans().iter().any(|h| {
                h.label == format!("fork {fork}")
                    && same_thread(h, meal)
                    && h.start <= meal.start
                    && meal.end <= h.end
            })
        };
        let (left, right) = (p, (p + 1) % r.n);
        let missing: Vec<String> = [left, right]
            .into_iter()
            .filter(|&f| !held(f))
            .map(|f| format!("fork {f}"))
            .collect();
        q.expect(
            missing.is_empty(),
            &format!(
                "philosopher {p} ate from {} to {} without holding {} (a meal needs both \
                 forks, fork {left} and fork {right}, held by the eating thread)",
                fmt_duration(meal.start),
                fmt_duration(meal.end),
                missing.join(" and ")
            ),
            "take forks[i] and forks[(i + 1) % n] with lock_blocking before calling eat(i), \
             and keep both guards alive until it returns; a Mutex of your own is not a fork",
        );
    }

    // One thread per philosopher.
    let mut thread_of: BTreeMap<(u32, u64), usize> = BTreeMap::new();
    for p in 0..r.n {
        let mine = meals.filter(|s| s.label == meal_label(p));
        meals.expect(
            mine.threads() == 1,
            &format!(
                "philosopher {p}'s meals ran on {} threads: each philosopher is one thread",
                mine.threads()
            ),
            "spawn one thread per philosopher, and eat every meal of philosopher i on it",
        );
        if let Some(s) = mine.spans().first() {
            let key = (s.runner.pid, s.runner.thread_id);
            if let Some(other) = thread_of.insert(key, p) {
                meals.expect(
                    false,
                    &format!("philosophers {other} and {p} ate on the same thread"),
                    "spawn one thread per philosopher: a philosopher is a thread of its own",
                );
            }
        }
    }

    // The order each thread took its forks in: an edge A → B when a thread took B while
    // holding A. A cycle in these edges is a deadlock waiting to happen.
    // An arbiter that lets at most n − 1 philosophers reach for forks at once makes such an
    // order safe: the cycle can never close. So the order is judged only when, at some
    // instant, every philosopher held or waited for a fork.
    let reaching = most_threads_at_once(forks.spans());
    if let Some(cycle) = order_cycle(holds.spans()).filter(|_| reaching >= r.n) {
        let tried = if r.failed_tries > 0 {
            format!(
                " (try_lock found a fork taken {} time(s): letting go and retrying in such an \
                 order is a livelock waiting to happen)",
                r.failed_tries
            )
        } else {
            String::new()
        };
        holds.expect(
            false,
            &format!(
                "the forks were taken in an order with a cycle: {} — each of these was held \
                 by a thread while it took the next. When every philosopher holds the first \
                 fork of their pair at once, each waits for the next one's: a deadlock. This \
                 run got through by luck{tried}",
                cycle.join(" → ")
            ),
            "take the lower-numbered fork first: philosopher n − 1 then reaches for fork 0 \
             before fork n − 1, and the cycle is gone (one global lock order)",
        );
    }

    // Waiting for a fork is waiting, not computing: the call should use almost no CPU.
    let wall = r.window.end - r.window.start;
    if let Some(cpu) = r.cpu {
        holds.expect(
            cpu <= wall.mul_f64(0.3) + Duration::from_millis(30),
            &format!(
                "the philosophers used {} of CPU in a {} run where all they do is wait (for a \
                 fork, or for a meal to end): they spin{}",
                fmt_duration(cpu),
                fmt_duration(wall),
                if r.failed_tries > 0 {
                    format!(
                        ", retrying try_lock without waiting ({} failed tries): a livelock in \
                         the making",
                        r.failed_tries
                    )
                } else {
                    " in a busy loop".to_owned()
                }
            ),
            "wait for a fork in lock_blocking (with one global lock order, it cannot \
             deadlock); a loop that retries try_lock at once burns a core and can starve a \
             philosopher for ever. An arbiter waits asleep too: a count behind a Mutex and a \
             Condvar (wait_while the table is full), not an atomic checked in a loop",
        );
    }
    meals
}

/// The most threads that held or waited for a fork at one instant.
fn most_threads_at_once(spans: &[Span]) -> usize {
    spans
        .iter()
        .map(|at| {
            let mut threads: Vec<(u32, u64)> = spans
                .iter()
                .filter(|s| s.start <= at.start && at.start < s.end)
                .map(|s| (s.runner.pid, s.runner.thread_id))
                .collect();
            threads.sort_unstable();
            threads.dedup();
            threads.len()
        })
        .max()
        .unwrap_or(0)
}

/// A cycle in the "took B while holding A" order of the holds, as lock names, first name
/// repeated at the end.
fn order_cycle(holds: &[Span]) -> Option<Vec<String>> {
    let mut edges: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for b in holds {
        for a in holds {
            if a.label != b.label && same_thread(a, b) && a.start <= b.start && b.start < a.end {
                edges.entry(&a.label).or_default().insert(&b.label);
            }
        }
    }
    // Depth-first search from every lock; a lock met again on the current path closes a cycle.
    fn visit<'a>(
        at: &'a str,
        edges: &BTreeMap<&'a str, BTreeSet<&'a str>>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| *p == at) {
            let mut cycle: Vec<String> = path[i..].iter().map(|s| s.to_string()).collect();
            cycle.push(at.to_owned());
            return Some(cycle);
        }
        if !done.insert(at) {
            return None;
        }
        path.push(at);
        for next in edges.get(at).into_iter().flatten() {
            if let Some(cycle) = visit(next, edges, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    for start in edges.keys() {
        if let Some(cycle) = visit(start, &edges, &mut Vec::new(), &mut done) {
            return Some(cycle);
        }
    }
    None
}

#[test]
fn five_three_and_seven_philosophers_with_heavy_forks_each_eat_twice() {
    let _turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    // Heavy forks: each is held 20 ms while being picked up, so every philosopher holds
    // their first fork before anyone reaches for a second. An order with a cycle deadlocks
    // here, every run. (Philosophers waiting in a chain then eat one after another, so
    // this test does not ask for meals at the same time.)
    // Five, then three, then seven: a fix that holds for five philosophers only
    // (philosopher 4 turned round, say), or for the table sizes tried so far, leaves a cycle
    // at another table, and deadlocks there.
    for n in [5, 3, 7] {
        let r = run(n, 2, HEAVY);
        check(&r);
        // Each philosopher holds a fork for over 40 ms per meal (two 20 ms pickups), and
        // they all sit down at once: while one eats, another already holds the first fork
        // of their own next meal, unless something lets only one of them near the forks at
        // a time.
        // Only holds a meal was eaten in count: a fork picked up and put down again at once,
        // beside a table lock, shows overlapping holds and serialises nothing less.
        let q = r.timeline.query();
        let meals = q.from_source(Source::Test);
        let holds = q.from_source(Source::Lock).filter(|h| {
            h.label.starts_with("fork ")
                && meals
                    .spans()
                    .iter()
                    .any(|m| same_thread(h, m) && h.start <= m.start && m.end <= h.end)
        });
        let most = most_threads_at_once(holds.spans());
        holds.expect(
            most >= 2,
            &format!(
                "{n} philosophers with heavy forks: no two of them ever held or waited for \
                 a fork at the same time for a meal (holds a meal was eaten in; a fork picked \
                 up and put down again does not count), so they came to the table one at a \
                 time: one lock around the whole table (even one taken only for some tables) \
                 serialises everything, and hides an order with a cycle instead of removing it"
            ),
            "no lock around the table: lock only the two forks of each philosopher, the \
             lower-numbered first",
        );
    }
}

#[test]
fn four_philosophers_with_light_forks_eat_two_at_once() {
    let _turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    // Light forks: taken at once. Philosophers 0 and 2 share no fork, so they can eat at
    // the same time, and do, unless something serialises every meal. A busy moment can
    // delay a thread's start, so up to three tries for the overlap; everything else is
    // checked on every try.
    let mut failure = String::new();
    for _ in 0..3 {
        let r = run(4, 3, Duration::ZERO);
        let meals = check(&r);
        if meals.max_concurrency() >= 2 {
            return;
        }
        // Each philosopher's whole stay at the table, from their first fork span (a wait
        // or a hold) or meal to their last: if no two stays overlap, each philosopher's
        // thread ran all its meals before the next one was started.
        let q = r.timeline.query();
        let stays: Vec<(Duration, Duration)> = (0..r.n)
            .filter_map(|p| {
                let name = format!("philosopher {p}");
                let mine: Vec<&Span> = q
                    .spans()
                    .iter()
                    .filter(|s| {
                        s.label == meal_label(p)
                            || s.runner.thread_name.as_deref() == Some(name.as_str())
                    })
                    .collect();
                let first = mine.iter().map(|s| s.start).min()?;
                let last = mine.iter().map(|s| s.end).max()?;
                Some((first, last))
            })
            .collect();
        let one_after_another = stays.len() == r.n
            && stays
                .iter()
                .enumerate()
                .all(|(i, a)| stays.iter().skip(i + 1).all(|b| a.1 <= b.0 || b.1 <= a.0));
        failure = if one_after_another {
            meals.failure(
                "no two meals overlapped, and no two philosophers were even at the table at \
                 once: each one took their forks and ate all their meals before the next one \
                 started. That is one philosopher at a time: was each philosopher's thread \
                 joined right after it was spawned (or started after a sleep, or kept out by \
                 one lock around the whole table)?",
                "spawn every philosopher first and let them all run at once: no join inside \
                 the spawning loop (std::thread::scope waits for them all at its end), no \
                 sleep to space them out, no lock around the whole table",
            )
        } else {
            meals.failure(
                "no two meals overlapped: the philosophers ate one at a time, though \
                 philosophers who share no fork (0 and 2, say) can eat together",
                "a lock around the whole table (one Mutex for everyone, held while taking \
                 the forks or eating) serialises every meal: lock only the two forks of each \
                 philosopher",
            )
        };
    }
    panic!("{failure}");
}
