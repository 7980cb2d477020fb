//! A deadline for test bodies: a deadlock fails the test with a hint instead of hanging CI.
//!
//! ```
//! use std::time::Duration;
//! use toolkit::watchdog::watchdog;
//! let answer = watchdog(Duration::from_secs(10), "is a Sender still alive?", || 42);
//! assert_eq!(answer, 42);
//! ```

use std::future::Future;
use std::sync::{Once, mpsc};
use std::time::Duration;

/// The longest any single exercise test may run.
pub const DEFAULT_LIMIT: Duration = Duration::from_secs(10);

/// Runs `body` on its own thread and returns its result. If it has not finished after
/// `limit`, panics with `hint` (what usually causes a hang here). A panic inside `body` is
/// passed on unchanged, so assertion messages arrive intact.
#[track_caller]
pub fn watchdog<T: Send + 'static>(
    limit: Duration,
    hint: &str,
    body: impl FnOnce() -> T + Send + 'static,
) -> T {
    keep_the_timeline_in_view();
    let (done, wait) = mpsc::channel();
    let handle = std::thread::Builder::new()
        .name(watched_name())
        .spawn(move || {
            let _ = done.send(body());
        })
        .expect("the watchdog could not start a thread");
    match wait.recv_timeout(limit) {
        Ok(value) => value,
        // The body dropped the sender without sending: it panicked. Re-raise its panic.
        Err(mpsc::RecvTimeoutError::Disconnected) => match handle.join() {
            Err(panic) => std::panic::resume_unwind(panic),
            Ok(()) => unreachable!("the body returned without sending its result"),
        },
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("{}", overrun(limit, hint, &test_name())),
    }
}

/// The async counterpart: awaits `body` for at most `limit` of tokio time. Under paused
/// time (`start_paused = true`) a deadlock is detected instantly: the clock jumps to the
/// deadline as soon as every task is stuck.
#[track_caller]
pub fn within<F: Future>(limit: Duration, hint: &str, body: F) -> impl Future<Output = F::Output> {
    keep_the_timeline_in_view();
    // Named now, on the test's own thread: the timeout may fire on a runtime worker.
    let (hint, test) = (hint.to_owned(), test_name());
    async move {
        match tokio::time::timeout(limit, body).await {
            Ok(value) => value,
            Err(_) => panic!("{}", overrun(limit, &hint, &test)),
        }
    }
}

/// Runs `body` on a one-thread tokio runtime whose clock is paused, as
/// `#[tokio::test(start_paused = true)]` would, under two deadlines: `virtual_limit` on the
/// paused clock, which sees a deadlock at once (when every task is stuck the clock jumps to
/// the deadline), with `hang` as the hint; and `real_limit` on the wall clock, with `spun`.
/// Why both: a loop that never waits (asking again and again, `yield_now` in between, or a
/// future that is always ready) keeps the runtime busy, so the paused clock never moves and
/// only a real deadline can stop it.
#[cfg(feature = "paused")]
#[track_caller]
pub fn paused<F>(
    real_limit: Duration,
    spun: &str,
    virtual_limit: Duration,
    hang: &str,
    body: impl FnOnce() -> F + Send + 'static,
) -> F::Output
where
    F: Future,
    F::Output: Send + 'static,
{
    let hang = hang.to_owned();
    watchdog(real_limit, spun, move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .start_paused(true)
            .build()
            .expect("cannot start a tokio runtime")
            .block_on(within(virtual_limit, &hang, body()))
    })
}

/// A failing exercise test draws the learner's timeline in its panic message. With
/// `RUST_BACKTRACE=1` in the learner's shell, the default panic hook would print dozens of
/// frames of the test harness right under it and push it out of view. So, once per test
/// binary, panics print their message and place only. Called by [`watchdog`] and
/// [`within`]; call it yourself in a test that uses neither.
pub fn keep_the_timeline_in_view() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let thread = std::thread::current();
            let name = thread.name().unwrap_or("<unnamed>");
            let message = info
                .payload()
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| info.payload().downcast_ref::<&str>().copied())
                .unwrap_or("(a panic without a message)");
            let place = info
                .location()
                .map(|l| format!(" at {}:{}", l.file(), l.line()))
                .unwrap_or_default();
            eprintln!("\nthread '{name}' panicked{place}:\n{message}");
        }));
    });
}

/// The message of a hang. No assertion ran, so nothing drew the timeline: the trace of the
/// test's latest timeline (if it made one) is written, and the message says where.
fn overrun(limit: Duration, hint: &str, test: &str) -> String {
    let spans = crate::timeline::by_test::latest_spans_of(test);
    format!(
        "⏰ still running after {} s, so the watchdog stopped this test. {hint}{}{}",
        limit.as_secs_f64(),
        crate::lock::who_waits_for_whom(test),
        crate::timeline::trace_on_failure::note_as(test, &spans)
    )
}

/// The current thread's name: the test's, on a test's thread.
fn test_name() -> String {
    std::thread::current()
        .name()
        .unwrap_or("watched")
        .to_owned()
}

/// The watched thread keeps the test's name, so anything that reads it (such as process
/// workers) still sees the test it belongs to.
fn watched_name() -> String {
    test_name()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paused_stops_a_deadlock_at_once_and_a_spinning_loop_in_real_time() {
        let started = std::time::Instant::now();
        let stuck = std::panic::catch_unwind(|| {
            paused(
                DEFAULT_LIMIT,
                "spun",
                Duration::from_secs(600),
                "stuck",
                std::future::pending::<()>,
            )
        })
        .unwrap_err();
        assert!(stuck.downcast_ref::<String>().unwrap().contains("stuck"));
        // The spinning loop is left behind by the watchdog: stopped here once it has been seen.
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = stop.clone();
        let spinning = std::panic::catch_unwind(|| {
            paused(
                Duration::from_millis(200),
                "spun",
                Duration::from_secs(600),
                "stuck",
                || async move {
                    while !flag.load(std::sync::atomic::Ordering::Relaxed) {
                        tokio::task::yield_now().await;
                    }
                },
            )
        })
        .unwrap_err();
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        assert!(spinning.downcast_ref::<String>().unwrap().contains("spun"));
        // Both found well before the 600 s of paused time could pass for real.
        assert!(started.elapsed() < Duration::from_secs(60));
        assert_eq!(
            paused(
                DEFAULT_LIMIT,
                "spun",
                Duration::from_secs(600),
                "stuck",
                || async {
                    tokio::time::sleep(Duration::from_secs(100)).await;
                    7
                }
            ),
            7
        );
    }

    #[test]
    fn returns_the_value_in_time() {
        assert_eq!(watchdog(DEFAULT_LIMIT, "unused", || 7), 7);
    }

    #[test]
    fn a_hang_fails_with_the_hint() {
        let err = std::panic::catch_unwind(|| {
            watchdog(Duration::from_millis(50), "is a lock still held?", || {
                std::thread::sleep(Duration::from_secs(5))
            })
        })
        .unwrap_err();
        let msg = err.downcast_ref::<String>().unwrap();
        assert!(msg.contains("still running after 0.05 s"), "{msg}");
        assert!(msg.contains("is a lock still held?"), "{msg}");
    }

    #[test]
    fn a_hang_leaves_the_tests_timeline_as_a_trace() {
        let timeline = crate::Timeline::new();
        timeline.record("before the hang", || ());
        let err = std::panic::catch_unwind(|| {
            watchdog(Duration::from_millis(50), "stuck", || {
                std::thread::sleep(Duration::from_secs(5))
            })
        })
        .unwrap_err();
        let msg = err.downcast_ref::<String>().unwrap();
        let path = msg
            .split("https://ui.perfetto.dev: ")
            .nth(1)
            .unwrap_or_else(|| panic!("no trace named: {msg}"))
            .trim();
        let trace = std::fs::read_to_string(path).unwrap();
        assert!(trace.contains("before the hang"), "{trace}");
    }

    #[test]
    fn a_panic_inside_is_passed_on() {
        let err = std::panic::catch_unwind(|| {
            watchdog(DEFAULT_LIMIT, "unused", || panic!("inner message"))
        })
        .unwrap_err();
        assert_eq!(err.downcast_ref::<&str>(), Some(&"inner message"));
    }

    #[tokio::test(start_paused = true)]
    async fn an_async_deadlock_is_caught_instantly_under_paused_time() {
        let outcome = tokio::spawn(within(
            Duration::from_secs(10),
            "is a Sender still alive?",
            std::future::pending::<()>(),
        ))
        .await;
        let panic = outcome.unwrap_err().into_panic();
        let msg = panic.downcast_ref::<String>().unwrap();
        assert!(msg.contains("is a Sender still alive?"), "{msg}");
    }
}
