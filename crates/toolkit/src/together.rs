//! Two calls at the same instant, for tests that look for state shared between calls.
//!
//! A function that keeps its results, workers or limits in a `static` works when it is
//! called once at a time and breaks when two calls overlap. Tests call it twice from two
//! threads released together by a barrier: [`at_the_same_time`].

use std::sync::Barrier;

/// Runs `a` and `b` on two new threads, released at the same instant, and returns what each
/// returned. A panic in either is passed on as it was, so a failed assertion inside keeps its
/// message. The threads take the calling thread's name, which names the test whose timeline
/// a failure draws (see [`crate::timeline`]).
///
/// ```
/// let (a, b) = toolkit::together::at_the_same_time(|| 1 + 1, || "two");
/// assert_eq!((a, b), (2, "two"));
/// ```
pub fn at_the_same_time<A: Send, B: Send>(
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    let start = Barrier::new(2);
    let name = std::thread::current().name().map(str::to_owned);
    let builder = || {
        let builder = std::thread::Builder::new();
        match &name {
            Some(name) => builder.name(name.clone()),
            None => builder,
        }
    };
    std::thread::scope(|s| {
        let start = &start;
        let a = builder()
            .spawn_scoped(s, move || {
                start.wait();
                a()
            })
            .expect("the test could not start a thread");
        let b = builder()
            .spawn_scoped(s, move || {
                start.wait();
                b()
            })
            .expect("the test could not start a thread");
        let a = a.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
        let b = b.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
        (a, b)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    #[test]
    fn both_run_at_once_on_threads_named_after_the_caller() {
        let nap = || {
            let began = Instant::now();
            std::thread::sleep(Duration::from_millis(50));
            (
                began..Instant::now(),
                std::thread::current().name().map(str::to_owned),
            )
        };
        let ((a, a_name), (b, b_name)) = at_the_same_time(nap, nap);
        let me = std::thread::current().name().map(str::to_owned);
        assert_eq!((a_name, b_name), (me.clone(), me));
        // Released together, each sleeping while the other runs: the naps overlap, however
        // busy the machine (in turn, one would end before the other began).
        assert!(
            a.start < b.end && b.start < a.end,
            "side by side, not in turn"
        );
    }

    #[test]
    #[should_panic(expected = "from b")]
    fn a_panic_is_passed_on() {
        at_the_same_time(|| (), || panic!("from b"));
    }
}
