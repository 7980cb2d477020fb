//! Checks that `Counter`, `WordCounts` and `Journal` may cross threads (the compiler's
//! `Send` and `Sync`), and then that they count right when they do.
//!
//! A test that used your types across threads directly would not compile while one of them
//! is not `Send`: you would get a build error instead of a test report. So each test first
//! asks the compiler, through a probe that cannot fail the build (below), whether the type
//! may cross threads. If not, it says which guarantee is missing and why (and the test
//! `what_cannot_cross_threads_does_not_compile` prints the compiler's own message, with
//! trybuild). If so, it runs your type on many threads and checks every count exactly, with
//! thread counts the test draws at random each run, the threads side by side for a while.

// While one of your types cannot cross threads, the probes' inherent methods (below) for it
// are never called: that is exactly what they detect. No warning for that.
#![allow(dead_code)]
// An Arc of a type that is not Sync is the very mistake these tests report (by message, at
// run time); clippy's lint for it would stop the build instead.
#![allow(clippy::arc_with_non_send_sync)]

use send_sync::{Counter, Journal, WordCounts};
use std::collections::BTreeMap;
use std::collections::hash_map::RandomState;
use std::future::Future;
use std::hash::BuildHasher;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Barrier};
use std::task::Poll;
use std::thread;
use std::time::{Duration, Instant};

/// Real time for a whole test: the threads do milliseconds of work.
const LIMIT: Duration = Duration::from_secs(10);
/// How long the threads add to one counter (or one word table) side by side.
const ADDING: Duration = Duration::from_millis(150);
const HANG: &str = "the threads are stuck: is a lock taken twice (a Mutex locked again while \
                    its guard is still alive on the same thread deadlocks)?";

/// Runs `body` on a thread of its own and returns its result; if it has not finished within
/// `LIMIT`, fails the test with `HANG` instead of hanging. (What `toolkit::watchdog` does:
/// this exercise does without the toolkit because trybuild's build of tests/ui/your_types.rs
/// gets every dev-dependency of the package, and the toolkit would make it several times
/// longer, and rebuilt at each change of the toolkit.)
fn watchdog<T: Send + 'static>(body: impl FnOnce() -> T + Send + 'static) -> T {
    let (done, wait) = mpsc::channel();
    let handle = thread::spawn(move || {
        let _ = done.send(body());
    });
    match wait.recv_timeout(LIMIT) {
        Ok(value) => value,
        // The body dropped the sender without sending: it panicked. Pass its panic on.
        Err(RecvTimeoutError::Disconnected) => match handle.join() {
            Err(panic) => std::panic::resume_unwind(panic),
            Ok(()) => unreachable!("the body returned without sending its result"),
        },
        Err(RecvTimeoutError::Timeout) => panic!(
            "⏰ still running after {} s, so the test stopped it: {HANG}",
            LIMIT.as_secs()
        ),
    }
}

// ---------------------------------------------------------------------------------------
// The probe: "is this Send?" as a bool, from the compiler, without failing the build.
//
// Method lookup prefers an inherent method to a trait method of the same name. The inherent
// methods below exist only when the bound holds (`T: Send`); when it does not, the call
// falls through to the trait's default method, which says `false`.
// ---------------------------------------------------------------------------------------

/// Asks the compiler about the type of the value it holds.
struct Probe<'a, T>(&'a T);

/// What the probe answers when the bound does not hold.
trait Otherwise {
    fn is_send(&self) -> bool {
        false
    }
    fn is_sync(&self) -> bool {
        false
    }
}
impl<T> Otherwise for Probe<'_, T> {}

impl<T: Send> Probe<'_, T> {
    fn is_send(&self) -> bool {
        true
    }
}

impl<T: Sync> Probe<'_, T> {
    fn is_sync(&self) -> bool {
        true
    }
}

/// Runs code that needs `Send` only when the type is `Send`: the same trick, with work.
struct OnThreads<T>(T);

/// When the bound does not hold: nothing runs.
trait Refused {
    fn add_from_threads(self, threads: usize, for_how_long: Duration) -> Option<u64>;
}
impl<T> Refused for OnThreads<T> {
    fn add_from_threads(self, _: usize, _: Duration) -> Option<u64> {
        None
    }
}

/// The inherent version: exists only when the counter may move to another thread. A clone
/// of the counter is moved into each thread; each adds 1 again and again until the test
/// says stop, and counts its own additions: their sum is what the counter must say.
impl<T: CounterLike + Send + 'static> OnThreads<T> {
    fn add_from_threads(self, threads: usize, for_how_long: Duration) -> Option<u64> {
        // All threads start at once and go on for a while (not for a number of additions a
        // thread might finish alone in one time slice), so they really run side by side.
        let start = Arc::new(Barrier::new(threads + 1));
        let stop = Arc::new(AtomicBool::new(false));
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                let counter = self.0.clone();
                let (start, stop) = (Arc::clone(&start), Arc::clone(&stop));
                thread::spawn(move || {
                    start.wait();
                    let mut mine = 0;
                    while !stop.load(Ordering::Relaxed) {
                        counter.add(1);
                        mine += 1;
                    }
                    mine
                })
            })
            .collect();
        start.wait();
        thread::sleep(for_how_long);
        stop.store(true, Ordering::Relaxed);
        Some(
            handles
                .into_iter()
                .map(|h| h.join().expect("a thread of the test panicked"))
                .sum(),
        )
    }
}

/// What the test needs of a counter (implemented for yours, whatever is inside).
trait CounterLike: Clone {
    fn add(&self, n: u64);
}
impl CounterLike for Counter {
    fn add(&self, n: u64) {
        Counter::add(self, n);
    }
}

/// One table shared through an `Arc` by many threads, when the table may be shared.
struct Shared<W>(Arc<W>);

/// When the bound does not hold: nothing runs.
trait WordsRefused {
    fn add_from_threads(&self, lists: Vec<Vec<&'static str>>, _: Duration) -> Option<Vec<usize>>;
}
impl<W> WordsRefused for Shared<W> {
    fn add_from_threads(&self, _: Vec<Vec<&'static str>>, _: Duration) -> Option<Vec<usize>> {
        None
    }
}

impl<W: WordsLike + Send + Sync + 'static> Shared<W> {
    /// Each thread adds its list's words in turn, round and round: the whole list at least
    /// once, and on until `for_how_long` has passed, side by side (a fixed number could be
    /// done by one thread alone within one time slice, and a race would go unseen). Returns
    /// how many words each thread added.
    fn add_from_threads(
        &self,
        lists: Vec<Vec<&'static str>>,
        for_how_long: Duration,
    ) -> Option<Vec<usize>> {
        let start = Arc::new(Barrier::new(lists.len()));
        let handles: Vec<_> = lists
            .into_iter()
            .map(|list| {
                let words = Arc::clone(&self.0);
                let start = Arc::clone(&start);
                thread::spawn(move || {
                    start.wait();
                    let began = Instant::now();
                    let mut added = 0;
                    while added < list.len() || began.elapsed() < for_how_long {
                        words.add(list[added % list.len()]);
                        added += 1;
                    }
                    added
                })
            })
            .collect();
        Some(
            handles
                .into_iter()
                .map(|h| h.join().expect("a thread of the test panicked"))
                .collect(),
        )
    }
}

/// What the test needs of a word table.
trait WordsLike {
    fn add(&self, word: &str);
}
impl WordsLike for WordCounts {
    fn add(&self, word: &str) {
        WordCounts::add(self, word);
    }
}

/// A future that `tokio::spawn` accepts only when it is `Send`.
struct Task<F>(F);

trait NotSpawned {
    fn spawn(self) -> Option<tokio::task::JoinHandle<usize>>;
}
impl<F> NotSpawned for Task<F> {
    fn spawn(self) -> Option<tokio::task::JoinHandle<usize>> {
        None
    }
}

impl<F: Future<Output = usize> + Send + 'static> Task<F> {
    fn spawn(self) -> Option<tokio::task::JoinHandle<usize>> {
        Some(tokio::spawn(self.0))
    }
}

// ---------------------------------------------------------------------------------------
// What each guarantee means, said once.
// ---------------------------------------------------------------------------------------

const SEND: &str = "Send means \"may be moved to another thread\"";
const SYNC: &str = "Sync means \"may be shared by reference (&T) between threads\"";
const PYTHON: &str = "Python would have run it: any object can be shared between threads. \
                      CPython's default build has the GIL (one bytecode at a time), which \
                      hides most such races but not a read-then-write like `count += 1`; the \
                      free-threaded 3.14t build (PEP 779) has no GIL, and the race is real";
const SEE_COMPILER: &str = "the compiler's own message for your code (error[E0277]) is \
                            printed by the test what_cannot_cross_threads_does_not_compile";

/// Why `Counter` may not cross, and what to do.
fn counter_not_send() -> String {
    format!(
        "E0277: your Counter is not Send, so a clone of it cannot be moved into a thread \
         (thread::spawn requires Send). {SEND}. An Rc inside is the usual cause: Rc counts its \
         clones with plain (non-atomic) additions, and two threads cloning at once would \
         corrupt that count. (An Arc around a RefCell or Cell is not Send either: Arc<T> is \
         Send only if T is Sync.) Keep one count behind an Arc, in an AtomicU64 (fetch_add) \
         or a Mutex<u64>. {PYTHON}. ({SEE_COMPILER}.)"
    )
}

/// Why `WordCounts` may not be shared, and what to do.
fn words_not_sync(send: bool) -> String {
    let also = if send {
        ""
    } else {
        " It is not even Send (an Rc inside?)."
    };
    format!(
        "E0277: your WordCounts is not Sync, so Arc<WordCounts> cannot be sent to another \
         thread (Arc<T> is Send only if T is Send and Sync).{also} {SYNC}. A RefCell is the \
         usual cause: it checks its borrows with a plain counter, so two threads borrowing \
         at once would both get `&mut` to the same map (a data race). Put the map in a \
         Mutex (or RwLock): the lock is what makes it Sync, one thread at a time inside. \
         {PYTHON}. ({SEE_COMPILER}.)"
    )
}

/// Why `record`'s future may not be spawned, and what to do.
fn journal_not_send(journal_sync: bool) -> String {
    if !journal_sync {
        return format!(
            "E0277: your Journal is not Sync, so tasks cannot share it through an Arc. \
             {SYNC}. Keep its lines in a Mutex, not a RefCell. ({SEE_COMPILER}.)"
        );
    }
    format!(
        "E0277: the future of Journal::record is not Send, so tokio::spawn refuses it: a \
         std::sync::MutexGuard is held across an .await. {SEND}; tokio may move a task to \
         another thread at any .await, and a std guard must be unlocked by the thread that \
         locked it, so MutexGuard is not Send. Drop the guard before the .await (push and \
         number the line in a block `{{ .. }}` that ends before write_to_disk(..).await), \
         or use tokio::sync::Mutex if the lock must be held across it. Python's asyncio \
         runs on one thread, so nothing like this is checked there. ({SEE_COMPILER}.)"
    )
}

// ---------------------------------------------------------------------------------------
// Inputs the code under test cannot predict.
// ---------------------------------------------------------------------------------------

/// A number in `low..high`, different each run.
fn random(low: u64, high: u64) -> u64 {
    low + RandomState::new().hash_one(0u8) % (high - low)
}

// ---------------------------------------------------------------------------------------
// The tests.
// ---------------------------------------------------------------------------------------

#[test]
fn counter_clones_add_up_across_threads() {
    let counter = Counter::new();
    assert!(Probe(&counter).is_send(), "{}", counter_not_send());
    watchdog(|| {
        let a = Counter::new();
        a.add(2);
        let seen = a.get();
        assert!(
            seen == 2,
            "a new Counter after add(2) says get() = {seen}, not 2: add must add to the \
             count, and get must read it"
        );
        let b = a.clone();
        b.add(1);
        let seen = a.get();
        assert!(
            seen == 3,
            "after `a.add(2); let b = a.clone(); b.add(1);`, a.get() is {seen}, not 3: a clone must \
             share the count, not copy it. Clone the Arc (a handle on one count), never the \
             number inside it"
        );

        let threads = random(4, 9) as usize;
        let counter = Counter::new();
        let other = Counter::new();
        let fresh = counter.get();
        assert!(
            fresh == 0,
            "a new Counter's get() is {fresh}, not 0: each Counter::new() starts a count of \
             its own at 0. Is the count a static, or a thread_local! that every counter on \
             a thread shares?"
        );
        let expected = OnThreads(counter.clone())
            .add_from_threads(threads, ADDING)
            .expect("Counter is Send: checked above");
        let got = counter.get();
        let why = if got == 0 {
            "none of the threads' additions reached the counter you hold: is the count kept \
             per thread (thread_local!), or does each clone get a copy of its own? Every \
             clone must point at one count (an Arc)"
                .to_string()
        } else if got < expected {
            format!(
                "{} additions were lost: reading the count and writing count + 1 are two \
                 steps, and another thread wrote in between (a lost update). Make each \
                 addition one step: AtomicU64::fetch_add, or the read and the write under \
                 one lock",
                expected - got
            )
        } else {
            "more than was added: is the count shared with other counters (a static)?".to_string()
        };
        assert!(
            got == expected,
            "{threads} threads added 1 to clones of one Counter again and again for {} ms, \
             {expected} times in all; get() says {got}: {why}",
            ADDING.as_millis()
        );
        other.add(5);
        let (mine, theirs) = (other.get(), counter.get());
        assert!(
            mine == 5 && theirs == expected,
            "two separate counters share their count: after 5 added to a second Counter it \
             says {mine} (expected 5) and the first says {theirs} (expected {expected}). Each \
             Counter::new() needs a count of its own: no static"
        );
    });
}

/// Six words, different each run (tagged with a number drawn now): a table that knows in
/// advance which words it will be asked about counts nothing here.
fn six_words() -> [&'static str; 6] {
    let tag = random(1_000, 10_000);
    ["fig", "plum", "pear", "lime", "kiwi", "date"]
        .map(|w| &*Box::leak(format!("{w}-{tag}").into_boxed_str()))
}

/// The words thread `t` of `threads` adds: `n` of them, cycling through the six words from a
/// place that depends on the thread, so the expected counts are uneven.
fn word_list(words: &[&'static str; 6], t: usize, n: usize) -> Vec<&'static str> {
    (0..n).map(|k| words[(k * (t + 1) + t) % 6]).collect()
}

#[test]
fn word_counts_shared_through_an_arc_lose_no_word() {
    let sample = WordCounts::new();
    assert!(
        Probe(&Arc::new(WordCounts::new())).is_send(),
        "{}",
        words_not_sync(Probe(&sample).is_send())
    );
    watchdog(|| {
        let six = six_words();
        // One thread first: any word added once counts 1, before any race can blur it.
        // Words of their own, so that a table kept per thread is not blamed here.
        let solo = six.map(|w| format!("{w}-solo"));
        let alone = WordCounts::new();
        alone.add(&solo[1]);
        alone.add(&solo[2]);
        alone.add(&solo[2]);
        let (once, twice) = (alone.count(&solo[1]), alone.count(&solo[2]));
        assert!(
            once == 1 && twice == 2,
            "one thread alone added {:?} once and {:?} twice to a new WordCounts, which then \
             counts them {once} and {twice} (expected 1 and 2): add must count every word \
             it is given, whatever it is (a map keyed by the word), and count must read \
             that word's count. A table that counts only some words it expects (a fixed \
             list, a field per word) counts nothing here: the test's words change every run",
            solo[1],
            solo[2]
        );
        let words = Arc::new(WordCounts::new());
        let threads = random(3, 6) as usize;
        let n = random(5_000, 10_000) as usize;
        let lists: Vec<Vec<&'static str>> = (0..threads).map(|t| word_list(&six, t, n)).collect();
        let added_by = Shared(Arc::clone(&words))
            .add_from_threads(lists.clone(), ADDING)
            .expect("Arc<WordCounts> is Send: checked above");
        let mut expected: BTreeMap<&str, u64> = BTreeMap::new();
        for (list, &added) in lists.iter().zip(&added_by) {
            for k in 0..added {
                *expected.entry(list[k % list.len()]).or_insert(0) += 1;
            }
        }
        let got: BTreeMap<&str, u64> = expected.keys().map(|w| (*w, words.count(w))).collect();
        let added: u64 = expected.values().sum();
        let counted: u64 = got.values().sum();
        let why = if counted == 0 {
            "none of the threads' words reached the table you hold: is the table kept per \
             thread (thread_local!), or does each thread get a copy?"
                .to_string()
        } else if counted < added {
            format!(
                "{} words were lost: looking a count up and storing count + 1 must happen \
                 under one lock (lock the map once per add, and increment through the \
                 entry); with a lock for the look-up and another for the store, another \
                 thread can come in between. And every add must wait for its turn: one that \
                 gives up when the map is busy (try_lock) drops its word",
                added - counted
            )
        } else {
            "more words than were added: is the table shared with other tables (a static)?"
                .to_string()
        };
        assert!(
            got == expected,
            "{threads} threads added {added} words side by side to one WordCounts (through \
             an Arc), for {} ms: counted {got:?}, expected {expected:?}: {why}",
            ADDING.as_millis()
        );
        let never = words.count("never-added");
        assert!(
            never == 0,
            "count(\"never-added\") is {never}, not 0: a word nobody added was never seen"
        );
        let other = WordCounts::new();
        other.add(six[0]);
        let (mine, theirs) = (other.count(six[0]), words.count(six[0]));
        assert!(
            mine == 1 && theirs == expected[six[0]],
            "two separate WordCounts share their counts: after one {:?} added to a new \
             table it says {mine} (expected 1), and the first says {theirs} (expected {}). \
             Each WordCounts::new() needs a map of its own: no static",
            six[0],
            expected[six[0]]
        );
    });
}

/// One task's work: record a line in the shared journal. An `async fn` of its own rather than
/// an `async` block in the test, so the compiler knows whether its future is `Send` when it
/// picks `Task::spawn` (for a block in the same function, it would know only later).
async fn record_in(journal: Arc<Journal>, line: String) -> usize {
    journal.record(&line).await
}

#[test]
fn journal_records_from_spawned_tasks() {
    let journal = Journal::new();
    let future_send = Probe(&journal.record("probe")).is_send();
    let journal_sync = Probe(&journal).is_sync();
    assert!(
        future_send && journal_sync,
        "{}",
        journal_not_send(journal_sync)
    );
    watchdog(|| {
        let tasks = random(20, 40) as usize;
        let journal = Arc::new(Journal::new());
        let lines: Vec<String> = (0..tasks).map(|i| format!("entry {i}")).collect();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("the test could not build a runtime");
        let numbers: Vec<usize> = runtime.block_on(async {
            let handles: Vec<_> = lines
                .iter()
                .map(|line| {
                    let (journal, line) = (Arc::clone(&journal), line.clone());
                    Task(record_in(journal, line))
                        .spawn()
                        .expect("record's future is Send: checked above")
                })
                .collect();
            let mut numbers = Vec::new();
            for handle in handles {
                numbers.push(handle.await.expect("a task of the test panicked"));
            }
            numbers
        });
        let mut sorted = numbers.clone();
        sorted.sort_unstable();
        let want: Vec<usize> = (1..=tasks).collect();
        let from_zero: Vec<usize> = (0..tasks).collect();
        let mut distinct = sorted.clone();
        distinct.dedup();
        assert!(
            sorted == want,
            "{tasks} tasks recorded a line each; record returned the numbers {numbers:?}, not \
             1 to {tasks} once each: {}",
            if sorted == from_zero {
                "off by one: the numbers start at 0. The first line is number 1: the \
                 journal's length right after the push, under the same lock"
            } else if distinct.len() < sorted.len() {
                "two tasks got the same number: a number must be the line's place in the \
                 journal, taken under the same lock as the push (after the .await, the other \
                 tasks have pushed theirs)"
            } else {
                "a number must be the line's place in the journal (1 for the first line), \
                 taken under the same lock as the push"
            }
        );
        let kept = journal.lines();
        let mut by_number = vec![String::new(); tasks];
        for (line, number) in lines.iter().zip(&numbers) {
            by_number[number - 1] = line.clone();
        }
        assert!(
            kept == by_number,
            "lines() gave {kept:?}, but by the numbers record returned, the journal is \
             {by_number:?}: line k of lines() must be the line record numbered k"
        );
        let other = Journal::new();
        let first = runtime.block_on(other.record("only"));
        let other_lines = other.lines();
        assert!(
            first == 1 && other_lines == ["only"],
            "a new Journal numbered its first line {first} and holds {other_lines:?} \
             (expected 1 and [\"only\"]): each Journal::new() needs lines of its own: no \
             static"
        );

        // Two journals at the same time: tasks for one and the other take turns (the
        // runtime runs them in the order they were spawned). Each journal numbers its own
        // lines from 1, whatever the other one does meanwhile.
        let each = random(4, 9) as usize;
        let pair = [Arc::new(Journal::new()), Arc::new(Journal::new())];
        let numbers: Vec<usize> = runtime.block_on(async {
            let handles: Vec<_> = (0..each)
                .flat_map(|i| {
                    pair.iter().enumerate().map(move |(j, journal)| {
                        Task(record_in(
                            Arc::clone(journal),
                            format!("journal {j}, entry {i}"),
                        ))
                        .spawn()
                        .expect("record's future is Send: checked above")
                    })
                })
                .collect();
            let mut numbers = Vec::new();
            for handle in handles {
                numbers.push(handle.await.expect("a task of the test panicked"));
            }
            numbers
        });
        let of = |j: usize| -> Vec<usize> {
            let mut mine: Vec<usize> = numbers.iter().skip(j).step_by(2).copied().collect();
            mine.sort_unstable();
            mine
        };
        let want: Vec<usize> = (1..=each).collect();
        let (first, second) = (of(0), of(1));
        assert!(
            first == want && second == want,
            "two journals recorded {each} lines each at the same time (their tasks taking \
             turns), and record numbered the first one's lines {first:?} and the second \
             one's {second:?}, where each should be 1 to {each}: the numbering is shared \
             between journals (a static counter that Journal::new() sets back to 0 is right \
             only while one journal is in use). Number each line by its own journal's \
             length, under that journal's lock, right after the push"
        );

        // Last (a journal of its own, after the others: a static one would show here first):
        // record writes its line to disk (write_to_disk(..).await, which lets other tasks
        // run): polled once, its future must still be waiting there. A record that never
        // awaits the write has nothing to hold a guard across, and does not do its job.
        // Every line is written, not only a journal's first: the same with the journal of
        // the first part, which holds 20 to 40 lines already.
        let probe_journal = Journal::new();
        for (which, probed) in [("first", &probe_journal), ("next", &*journal)] {
            let waited = runtime.block_on(async {
                let mut record = std::pin::pin!(probed.record("polled once"));
                std::future::poll_fn(|cx| Poll::Ready(record.as_mut().poll(cx).is_pending())).await
            });
            assert!(
                waited,
                "record finished at its first poll (a journal's {which} line): it never \
                 waited in write_to_disk(..).await, so the line was never written to disk \
                 (and no .await was left to hold a guard across). Every line is written: \
                 push and number the line in a block that ends (and drops the guard) before \
                 `write_to_disk(line).await`, then return the number"
            );
        }
    });
}

/// Where this file's `ui/` folder is: `file!()` is this file's path as cargo gave it to
/// rustc, relative to the workspace root or absolute; it is found from the package's folder
/// upwards (the exercise, its solution and the course's scratch copies alike).
fn ui_file(name: &str) -> PathBuf {
    let this = Path::new(file!());
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|dir| dir.join(this))
        .find(|path| path.is_file())
        .and_then(|path| path.parent().map(|tests| tests.join("ui").join(name)))
        .unwrap_or_else(|| PathBuf::from("tests/ui").join(name))
}

#[test]
fn what_cannot_cross_threads_does_not_compile() {
    let counter = Counter::new();
    let words = Arc::new(WordCounts::new());
    let journal = Journal::new();
    let journal_sync = Probe(&journal).is_sync();
    let mut problems = Vec::new();
    if !Probe(&counter).is_send() {
        problems.push(counter_not_send());
    }
    if !Probe(&words).is_send() {
        problems.push(words_not_sync(Probe(&*words).is_send()));
    }
    if !(journal_sync && Probe(&journal.record("probe")).is_send()) {
        problems.push(journal_not_send(journal_sync));
    }
    if problems.is_empty() {
        return;
    }
    // tests/ui/your_types.rs uses your types across threads; trybuild compiles it against
    // your crate and prints the compiler's messages (on stderr, above this test's report).
    // trybuild finds your crate through CARGO_MANIFEST_DIR, which `cargo test` sets to this
    // package's folder. A test binary run some other way (the course's checker, started by
    // `cargo run` of another package) inherits another package's: trybuild would then build
    // that package instead. So only under `cargo test`, and the note says how to see it.
    let under_cargo_test = std::env::var_os("CARGO_MANIFEST_DIR")
        .is_some_and(|dir| Path::new(&dir) == Path::new(env!("CARGO_MANIFEST_DIR")));
    let note = if !under_cargo_test {
        "(Run `cargo test` in the exercise's folder to see the compiler's own messages for \
         tests/ui/your_types.rs, which uses your types across threads.)"
    } else if std::panic::catch_unwind(|| {
        let cases = trybuild::TestCases::new();
        cases.pass(ui_file("your_types.rs"));
    })
    .is_ok()
    {
        "(tests/ui/your_types.rs compiled after all: run `cargo test` again)"
    } else {
        "The compiler's messages for tests/ui/your_types.rs, which uses your types across \
         threads, are printed above (error[E0277] … cannot be sent / shared between threads \
         safely)."
    };
    panic!(
        "{} of your types cannot cross threads. {note}\n\n{}",
        problems.len(),
        problems
            .iter()
            .map(|p| format!("✗ {p}"))
            .collect::<Vec<_>>()
            .join("\n\n")
    );
}
