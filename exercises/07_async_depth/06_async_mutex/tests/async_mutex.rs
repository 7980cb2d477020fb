//! Checks the two locks: `Cache` (a std Mutex, never held across the download's `.await`:
//! downloads of different files overlap, a cached file comes back at once) and `Shared` (one
//! lock held for a whole request on a connection that answers one request at a time).
//!
//! Each test runs its own paused-time runtime on a thread of its own, under a real-time
//! watchdog: a `std::sync::Mutex` guard held across an `.await` blocks that thread in the
//! next `lock()` for ever, and no tokio timer could then fire to report it.

use async_mutex::{Cache, Connection, Shared};
use futures::future::join_all;
use std::future::Future;
use std::sync::{Arc, Mutex as StdMutex};
use std::time::Duration;
use tokio::time::sleep;
use toolkit::Timeline;
use toolkit::format::fmt_duration;
use toolkit::io::{AnswerKey, Downloader};
use toolkit::timeline::Probe;

/// Real time: a run takes milliseconds (its clock is paused); only a blocked thread lasts.
const REAL_LIMIT: Duration = Duration::from_secs(5);
/// Virtual time: ends long after any run, however it waits.
const LIMIT: Duration = Duration::from_secs(1000);
const STUCK: &str = "the runtime's only thread is stuck, or busy and never waiting. Is a \
                     std::sync::Mutex guard held across an .await? The next lock() on the \
                     same thread then waits for ever (a deadlock): drop the guard before the \
                     .await (lock only to look up and to insert), or use tokio::sync::Mutex \
                     where the lock must cross an .await. Or does a loop ask for a lock again \
                     and again (try_lock, yield_now in between)? Nothing then ever waits, so \
                     the paused clock cannot move on and the holder's download never ends: \
                     wait for the lock with .lock().await";
const HANG: &str = "a task is waiting for ever: is a lock never released?";

fn secs(s: f64) -> Duration {
    Duration::from_secs_f64(s)
}

/// Runs `body` on a fresh current-thread runtime with paused time, under the real-time
/// watchdog too (`toolkit::watchdog::paused`).
fn run<T, F, Fut>(body: F) -> T
where
    T: Send + 'static,
    F: FnOnce() -> Fut + Send + 'static,
    Fut: Future<Output = T>,
{
    toolkit::watchdog::paused(REAL_LIMIT, STUCK, LIMIT, HANG, body)
}

/// The test's Downloader: A 2 s, B 3 s, C 1 s, D 3 s. Sealed: what each file contains comes
/// only from its download (the key, which says what it should be, stays here), so a cache
/// that makes a hit up instead of keeping what it downloaded returns the wrong text.
fn downloader(timeline: &Timeline) -> (Downloader, AnswerKey) {
    Downloader::new(timeline, secs(1.0))
        .with_duration("A", secs(2.0))
        .with_duration("B", secs(3.0))
        .with_duration("D", secs(3.0))
        .sealed()
}

const LOCK_ACROSS: &str = "lock the cache only to look a file up and to insert it — a \
                           std::sync::Mutex, its guard dropped before the download's .await; \
                           never hold a lock while you download";

#[test]
fn different_files_download_at_the_same_time() {
    run(|| async {
        let timeline = Timeline::tokio();
        let (downloader, key) = downloader(&timeline);
        let cache = Cache::new();
        let start = timeline.now();
        let got = join_all(["A", "B", "C"].map(|name| cache.get(&downloader, name))).await;
        let window = start..timeline.now();

        let q = timeline.query();
        q.expect_each_once(
            &["A", "B", "C"],
            "downloaded",
            "download each missing file once, with the Downloader the test handed you",
        )
        .expect_within(&window, "download inside get");
        let starts: Vec<String> = ["A", "B", "C"]
            .iter()
            .map(|n| {
                q.span(n)
                    .map_or("never".into(), |s| fmt_duration(s.start - start))
            })
            .collect();
        q.expect(
            q.all_overlap(),
            &format!(
                "three gets of different files, called together, downloaded one after \
                 another (A, B, C started at {}): the cache's lock was held across the \
                 download's .await, so every other get waited for it",
                starts.join(", ")
            ),
            LOCK_ACROSS,
        )
        .expect(
            window.end - window.start == secs(3.0),
            &format!(
                "get of A (2 s), B (3 s) and C (1 s) together took {}, expected 3.00 s",
                fmt_duration(window.end - window.start)
            ),
            LOCK_ACROSS,
        )
        .expect(
            got == ["A", "B", "C"].map(|name| key.content(name)),
            &format!("get returned {got:?}, not the files' contents"),
            "return what downloader.download(name) gave you",
        );
    });
}

#[test]
fn two_gets_of_the_same_file_at_once_both_get_its_contents() {
    run(|| async {
        let timeline = Timeline::tokio();
        let (downloader, key) = downloader(&timeline);
        let cache = Cache::new();
        // Whether the file is downloaded once or twice is up to you; what each get returns
        // is not: the file's contents, never a stand-in kept while the download runs.
        let got = join_all(["A", "A"].map(|name| cache.get(&downloader, name))).await;
        timeline.query_all().expect(
            got == ["A", "A"].map(|name| key.content(name)),
            &format!(
                "two gets of A, called together, returned {got:?}, not A's contents twice: \
                 the second get answered with something kept in the cache before A's \
                 download had finished"
            ),
            "insert a file only once you have its contents; a get that finds nothing \
             downloads it (two gets at once may both download it, and that is fine here)",
        );
        let files = cache.len();
        timeline.query_all().expect(
            files == 1,
            &format!(
                "after two gets of A the cache says it holds {files} file(s), not 1: A is one \
                 file however many times it was downloaded"
            ),
            "len() counts the files in the cache (the map's len()), not the downloads or the gets",
        );
    });
}

#[test]
fn a_cached_file_comes_back_at_once_even_while_another_downloads() {
    run(|| async {
        let timeline = Timeline::tokio();
        let (downloader, key) = downloader(&timeline);
        let cache = Cache::new();
        cache.get(&downloader, "A").await;
        cache.get(&downloader, "C").await;

        // D (3 s) downloads while A and C, already cached, are asked for again.
        let (d, (a, a_took, len_meanwhile), c) = tokio::join!(
            cache.get(&downloader, "D"),
            async {
                let before = timeline.now();
                let a = cache.get(&downloader, "A").await;
                // D is still downloading: it is not in the cache yet.
                // (A len() that panics here is named by the check further down.)
                let len = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| cache.len()));
                (a, timeline.now() - before, len.ok())
            },
            cache.get(&downloader, "C")
        );

        let q = timeline.query();
        q.expect_each_once(
            &["A", "C", "D"],
            "downloaded",
            "a file already in the cache is not downloaded again: look it up first, and \
             insert what you download",
        );
        q.expect(
            !a_took.is_zero() || len_meanwhile.is_none_or(|n| n == 2),
            &format!(
                "while D was still downloading, len() said {}, expected 2 (A and \
                 C): it counted a file that is not in the cache yet (the names asked for, not \
                 the files kept?)",
                len_meanwhile.unwrap_or_default()
            ),
            "len() is the number of files the cache holds now: the map's len(), counted under \
             its lock; a file counts once its contents are inserted",
        );
        q.expect(
            a_took.is_zero(),
            &format!(
                "getting A, already cached, took {} while D was downloading: the cache's \
                 lock was held across D's download",
                fmt_duration(a_took)
            ),
            LOCK_ACROSS,
        )
        .expect(
            [a.as_str(), c.as_str(), d.as_str()] == ["A", "C", "D"].map(|n| key.content(n)),
            &format!(
                "get of A, C and D returned {:?}, not the files' contents: a cached file did \
                 not come back as it was downloaded",
                [&a, &c, &d]
            ),
            "keep the String that downloader.download(name) returned in the cache, and return \
             a clone of it on a hit; never make a file's contents up",
        );
        // len() is a plain fn called from async code: a lock that blocks (a tokio Mutex's
        // blocking_lock) panics here, and the message says why.
        let len = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| cache.len()));
        let Ok(len) = len else {
            panic!(
                "{}",
                q.failure(
                    "Cache::len panicked when called from async code: a tokio Mutex's \
                     blocking_lock() cannot run on the runtime's thread",
                    "for a short critical section with no .await (a look-up, an insert, a \
                     count), use std::sync::Mutex: its lock() is fine in sync and async code",
                )
            );
        };
        q.expect(
            len == 3,
            &format!("the cache holds {len} files, expected 3 (A, C, D)"),
            "insert every file you download",
        );
    });
}

/// The test's connection: a server that answers one request at a time. Sending while an
/// answer is still unread is a protocol error, noted in the log.
struct Line {
    probe: Probe,
    log: Arc<StdMutex<Log>>,
    pending: Option<String>,
}

/// What the server saw.
#[derive(Default)]
struct Log {
    /// (request, answer) in the order answered.
    answered: Vec<(String, String)>,
    /// Requests sent while another one's answer was unread.
    interleaved: Vec<(String, String)>,
    sent: Vec<String>,
}

impl Connection for Line {
    async fn send(&mut self, request: &str) {
        self.probe
            .record_async(format!("send {request}"), sleep(secs(1.0)))
            .await;
        let mut log = self.log.lock().unwrap();
        log.sent.push(request.to_owned());
        if let Some(unread) = self.pending.replace(request.to_owned()) {
            log.interleaved.push((unread, request.to_owned()));
        }
    }

    async fn receive(&mut self) -> String {
        let label = format!("answer {}", self.pending.as_deref().unwrap_or("?"));
        self.probe.record_async(label, sleep(secs(1.0))).await;
        let mut log = self.log.lock().unwrap();
        let Some(request) = self.pending.take() else {
            return "ERROR: no request to answer".into();
        };
        // The answer's number depends on the order the server answered in: it cannot be
        // made up without the connection.
        let answer = format!("#{} {}", log.answered.len() + 1, request.to_uppercase());
        log.answered.push((request, answer.clone()));
        answer
    }
}

// ---------------------------------------------------------------------------------------
// "Is the request future Send?" as a bool, from the compiler, without failing the build.
//
// A future that holds a `std::sync::MutexGuard` across an `.await` is not `Send`, and
// `tokio::spawn` on it would not compile: this test would not build, and you would read the
// compiler's message with no word of what to do. So the test asks the compiler instead.
// Method lookup prefers an inherent method to a trait method of the same name; the inherent
// `is_send` exists only when `T: Send`, otherwise the call falls through to the trait's, which
// says `false`. (Lesson 6.1 shows the same probe, and the compiler's own messages.)
// ---------------------------------------------------------------------------------------

// Only its type matters: the value is never read.
#[allow(dead_code)]
struct SendProbe<'a, T>(&'a T);

// Used only when the future is not Send: for a right solution the compiler never calls it.
#[allow(dead_code)]
trait Otherwise {
    fn is_send(&self) -> bool {
        false
    }
}
impl<T> Otherwise for SendProbe<'_, T> {}

impl<T: Send> SendProbe<'_, T> {
    fn is_send(&self) -> bool {
        true
    }
}

const NOT_SEND: &str = "\n✗ the future of Shared::request is not Send, so tokio::spawn would \
    not take it (the compiler: E0277, `MutexGuard<..>` cannot be sent between threads safely; \
    \"future is not `Send`\"): tokio may move a task to another thread between two polls, \
    and request holds something across an .await that cannot move, a std::sync::MutexGuard\n  \
    hint: a std guard must not be held across .await. The connection stays locked for a send \
    and a receive, two .awaits: use a tokio::sync::Mutex, whose guard is Send and made to be \
    held across .await (`let mut conn = self.connection.lock().await;`). A std Mutex is the \
    right one where nothing is awaited while it is locked (the cache)";

#[test]
fn each_request_holds_the_connection_until_its_answer() {
    run(|| async {
        let (timeline, probe) = Timeline::tokio_with_probe();
        let log = Arc::new(StdMutex::new(Log::default()));
        let shared = Arc::new(Shared::new(Line {
            probe,
            log: log.clone(),
            pending: None,
        }));
        let requests = ["get a", "get b", "put c", "get d"];
        // A request's future must be Send to be spawned on tokio's usual runtime. Made, asked
        // about and dropped: a future does nothing until it is polled.
        let unpolled = shared.request("probe");
        assert!(SendProbe(&unpolled).is_send(), "{NOT_SEND}");
        drop(unpolled);
        // One task per request, all at once. spawn_local, on this one thread, compiles
        // whatever the future is: the probe above has already said whether it is Send.
        let local = tokio::task::LocalSet::new();
        let got = local
            .run_until(async {
                let tasks: Vec<_> = requests
                    .iter()
                    .map(|r| {
                        let shared = shared.clone();
                        let r = r.to_string();
                        tokio::task::spawn_local(
                            async move { (r.clone(), shared.request(&r).await) },
                        )
                    })
                    .collect();
                let mut got = Vec::new();
                for task in tasks {
                    got.push(task.await.expect("a request task panicked"));
                }
                got
            })
            .await;

        let q = timeline.query();
        let log = log.lock().unwrap();
        if let Some((unread, next)) = log.interleaved.first() {
            q.expect(
                false,
                &format!(
                    "{next:?} was sent on the connection before the answer to {unread:?} was \
                     read: the lock was released between send and receive, and requests got \
                     mixed up"
                ),
                "hold one lock for the whole request, send and receive: a \
                 tokio::sync::Mutex, whose guard may be held across .await \
                 (`let mut conn = self.connection.lock().await;`)",
            );
        }
        let mut sent = log.sent.clone();
        sent.sort();
        q.expect(
            sent == ["get a", "get b", "get d", "put c"],
            &format!(
                "the connection saw the requests {sent:?}, expected each of {requests:?} \
                 once"
            ),
            "send every request on the shared connection, once",
        );
        for (request, answer) in &got {
            let real = log
                .answered
                .iter()
                .find(|(r, _)| r == request)
                .map(|(_, a)| a);
            q.expect(
                real == Some(answer),
                &format!(
                    "request {request:?} returned {answer:?}, but the server answered it \
                     {real:?}"
                ),
                "return what receive() gave you, for your own request",
            );
        }
    });
}

/// Two caches, each with its own sealed Downloader: a new cache holds nothing, and what it
/// returns comes from its own downloads, not from the other cache.
#[test]
fn each_cache_has_its_own_files() {
    run(|| async {
        let timeline = Timeline::tokio();
        let (first_downloader, _) = downloader(&timeline);
        let first = Cache::new();
        first.get(&first_downloader, "A").await;
        first.get(&first_downloader, "C").await;

        let other = Timeline::tokio();
        let (second_downloader, second_key) = downloader(&other);
        let second = Cache::new();
        let held = second.len();
        let hint = "keep the files in the Cache itself (a field: `files: \
                    std::sync::Mutex<HashMap<String, String>>`), not in a static: a static \
                    map is one cache shared by every Cache, in every task and every test";
        other.query_all().expect(
            held == 0,
            &format!(
                "a new Cache, made after another one had fetched A and C, already holds {held} \
                 file(s): the files live where every Cache sees them"
            ),
            hint,
        );
        let a = second.get(&second_downloader, "A").await;
        let q = other.query();
        q.expect_each_once(
            &["A"],
            "downloaded",
            "a new Cache has nothing yet: its first get of A downloads A",
        )
        .expect(
            a == second_key.content("A"),
            &format!(
                "the second Cache returned {a:?} for A, not what its own Downloader gives: \
                 it answered from the other cache's files"
            ),
            hint,
        );

        // A third Cache, with the first cache's own Downloader: still a new cache, so its
        // first get of A downloads A again (a store outside the Cache, keyed by the
        // Downloader, would answer from the first cache's download).
        let third = Cache::new();
        third.get(&first_downloader, "A").await;
        let downloads_of_a = timeline.query().filter(|s| s.label == "A").len();
        timeline.query_all().expect(
            downloads_of_a == 2,
            &format!(
                "a new Cache asked for A with the Downloader an earlier Cache had used, and A \
                 was downloaded {downloads_of_a} time(s) in all, expected twice (once per \
                 cache): the new cache answered from files kept outside it"
            ),
            hint,
        );
    });
}

/// Forty files, then the same forty again: a cache keeps every file it downloads, however
/// many (one that makes room by letting files go downloads them again).
#[test]
fn forty_files_are_all_kept() {
    run(|| async {
        let timeline = Timeline::tokio();
        let (downloader, _) = downloader(&timeline);
        let cache = Cache::new();
        let names: Vec<String> = (0..40).map(|i| format!("file-{i:02}")).collect();
        for _ in 0..2 {
            join_all(names.iter().map(|name| cache.get(&downloader, name))).await;
        }
        let q = timeline.query();
        let twice: Vec<&str> = names
            .iter()
            .map(String::as_str)
            .filter(|name| q.filter(|s| s.label == *name).len() > 1)
            .collect();
        let len = cache.len();
        q.expect(
            twice.is_empty() && len == 40,
            &format!(
                "after getting 40 files, then the same 40 again, the cache holds {len} file(s), \
                 and {} were downloaded twice (first: {:?}): the cache let files go to make \
                 room",
                twice.len(),
                twice.first()
            ),
            "keep every file you download: a plain HashMap with no size limit (no LRU, no \
             eviction); this cache never forgets a file",
        );
    });
}

/// Two connections, each shared by two requests, all four at once: each connection serves
/// its own requests one at a time, but the two connections work at the same time.
#[test]
fn two_connections_do_not_wait_for_each_other() {
    run(|| async {
        let (timeline, probe) = Timeline::tokio_with_probe();
        let line = || Line {
            probe: probe.clone(),
            log: Arc::new(StdMutex::new(Log::default())),
            pending: None,
        };
        let (one, two) = (Shared::new(line()), Shared::new(line()));
        let start = timeline.now();
        let got = join_all([
            one.request("one a"),
            two.request("two a"),
            one.request("one b"),
            two.request("two b"),
        ])
        .await;
        let took = timeline.now() - start;
        let q = timeline.query();
        // Each request is a send (1 s) and an answer (1 s): two per connection take 4 s.
        q.expect(
            took == secs(4.0),
            &format!(
                "two Shared connections, two requests each, all at once, took {}, expected \
                 4.00 s (each connection serves its two requests one after the other, 2 s \
                 each, and the two connections at the same time): a request on one \
                 connection waited for a request on the other",
                fmt_duration(took)
            ),
            "the lock belongs to the connection it guards: a `tokio::sync::Mutex<C>` field \
             of Shared, so each Shared has its own; one lock for every connection (a static) \
             makes them all wait for each other",
        )
        .expect(
            got.iter()
                .all(|answer| answer.contains(" ONE ") || answer.contains(" TWO ")),
            &format!(
                "the requests returned {got:?}: not every one is an answer the server gave \
                 (the server's answers read \"#n ONE …\" or \"#n TWO …\")"
            ),
            "return what receive() gave you, for your own request, on the connection you sent \
             it on",
        );
    });
}

/// Runs `body` on a paused one-thread runtime of its own, on the calling thread (a stuck
/// await fails at once, with `HANG`).
fn block_on_paused<F: Future>(body: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()
        .expect("the test could not build a runtime")
        .block_on(toolkit::watchdog::within(LIMIT, HANG, body))
}

/// Runs `work` on a thread of its own in `scope`, and passes its panic on, message intact.
fn on_another_thread<'scope, T: Send + 'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    work: impl FnOnce() -> T + Send + 'scope,
) -> T {
    match scope.spawn(work).join() {
        Ok(value) => value,
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

/// One Cache shared by tasks on several threads, as on tokio's usual multi-thread runtime
/// (where a task may even move to another thread at any .await): here each thread runs a
/// runtime of its own. What a get on one thread put in the cache, every thread sees; and
/// `len()`, asked on one thread while another thread is looking a file up (holding the
/// cache's lock), waits for the lock and answers the true count. Real threads, nothing
/// timed: the test counts downloads and answers. The big file's long name makes each look-up
/// hold the lock for a while (hashing the name, cloning the contents).
#[test]
fn one_cache_is_shared_by_tasks_on_several_threads() {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    toolkit::watchdog::watchdog(Duration::from_secs(10), STUCK, || {
        let timeline = Timeline::new();
        let (downloader, key) = downloader(&timeline);
        let big = format!("big-{}", "x".repeat(256 * 1024));
        let cache = Cache::new();
        let hint = "keep the files in the Cache itself, behind a std::sync::Mutex (`files: \
                    std::sync::Mutex<HashMap<String, String>>`): every thread then sees the \
                    same files. tokio's usual runtime runs tasks on several threads, so a \
                    thread_local (or anything else kept per thread) is a cache per thread";
        let (stop, lookups) = (AtomicBool::new(false), AtomicUsize::new(0));
        std::thread::scope(|scope| {
            on_another_thread(scope, || {
                block_on_paused(async {
                    cache.get(&downloader, "A").await;
                    cache.get(&downloader, &big).await;
                })
            });
            let a = on_another_thread(scope, || {
                block_on_paused(async { cache.get(&downloader, "A").await })
            });
            let downloads_of_a = timeline.query().filter(|s| s.label == "A").len();
            assert!(
                downloads_of_a == 1,
                "\n✗ A, got on one thread, was downloaded {downloads_of_a} time(s) in all once \
                 another thread asked the same Cache for it (expected once, then a hit): the \
                 other thread did not see the files of the cache\n  hint: {hint}"
            );
            assert!(
                a == key.content("A"),
                "\n✗ A, got on one thread, then asked for on another, came back as {a:?}, not \
                 as it was downloaded\n  hint: {hint}"
            );
            let here = cache.len();
            assert!(
                here == 2,
                "\n✗ a Cache filled with 2 files by gets on another thread says it holds {here} \
                 file(s) when asked on this thread: its files are kept per thread, not in the \
                 Cache\n  hint: {hint}"
            );

            // Another thread looks the big file up again and again (a hit each time, the
            // lock held while its name is hashed and its contents cloned), while this one
            // asks len() now and then.
            let looker = scope.spawn(|| {
                while !stop.load(Ordering::SeqCst) {
                    block_on_paused(cache.get(&downloader, &big));
                    lookups.fetch_add(1, Ordering::SeqCst);
                    // A moment with the lock free, so that a waiting len() gets its turn.
                    std::thread::sleep(Duration::from_micros(50));
                }
            });
            while lookups.load(Ordering::SeqCst) == 0 && !looker.is_finished() {
                std::thread::sleep(Duration::from_micros(100));
            }
            let (first, began) = (lookups.load(Ordering::SeqCst), std::time::Instant::now());
            let mut answers = Vec::new();
            for i in 0u64.. {
                let spread = lookups.load(Ordering::SeqCst) - first;
                if (answers.len() >= 40 && spread >= 20)
                    || began.elapsed() > Duration::from_secs(5)
                    || looker.is_finished()
                {
                    break;
                }
                std::thread::sleep(Duration::from_micros(100 + (i * 37) % 300));
                answers.push(cache.len());
            }
            stop.store(true, Ordering::SeqCst);
            if let Err(panic) = looker.join() {
                std::panic::resume_unwind(panic);
            }
            let wrong = answers.iter().filter(|&&n| n != 2).count();
            let mut said: Vec<usize> = answers.clone();
            said.sort_unstable();
            said.dedup();
            assert!(
                wrong == 0,
                "\n✗ the cache holds 2 files; while another thread was looking a file up in it \
                 (holding its lock), len() asked on this thread answered {said:?} ({} of {} \
                 answers wrong): len() did not wait for the lock, and made an answer up when \
                 it was busy (try_lock?)\n  hint: len() must wait for the lock, which is only \
                 ever held for a look-up or an insert: a std::sync::Mutex, whose lock() is \
                 fine in sync and async code. A tokio Mutex's try_lock() fails whenever \
                 another task holds it (and its blocking_lock() panics on the runtime's \
                 thread)",
                wrong,
                answers.len()
            );
        });
    });
}
