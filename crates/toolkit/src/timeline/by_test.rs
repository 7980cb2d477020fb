//! The timeline each test made, so that a test the watchdog stops (a hang: no assertion ever
//! ran, so no failure message drew anything) still leaves its trace behind.
//!
//! libtest names each test's thread after the test, and the watchdog's thread keeps that
//! name, so "the test" is the name of the thread that made the timeline. Only a weak
//! reference is kept: remembering a timeline never keeps it alive.

use super::{Inner, Span, Timeline};
use std::sync::{Arc, Mutex, Weak};

/// (test name, timeline) for every timeline made on a named thread and still alive.
static MADE: Mutex<Vec<(String, Weak<Inner>)>> = Mutex::new(Vec::new());

/// Remembers `timeline` as the latest one made by the current thread's test.
pub(super) fn remember(timeline: &Timeline) {
    let Some(test) = std::thread::current().name().map(str::to_owned) else {
        return;
    };
    let mut made = MADE.lock().unwrap_or_else(|e| e.into_inner());
    made.retain(|(_, t)| t.strong_count() > 0);
    made.push((test, Arc::downgrade(&timeline.inner)));
}

/// The spans of the latest timeline `test` made that is still alive (empty if none).
pub(crate) fn latest_spans_of(test: &str) -> Vec<Span> {
    let made = MADE.lock().unwrap_or_else(|e| e.into_inner());
    made.iter()
        .rev()
        .filter(|(name, _)| name == test)
        .find_map(|(_, t)| t.upgrade())
        .map(|inner| Timeline { inner }.spans())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_latest_live_timeline_of_a_test_is_found_by_its_name() {
        let test = std::thread::current().name().unwrap().to_owned();
        let older = Timeline::new();
        older.record("older", || ());
        let newer = Timeline::new();
        newer.record("newer", || ());
        let labels = |spans: Vec<Span>| spans.into_iter().map(|s| s.label).collect::<Vec<_>>();
        assert_eq!(labels(latest_spans_of(&test)), ["newer"]);
        drop(newer);
        assert_eq!(
            labels(latest_spans_of(&test)),
            ["older"],
            "a dropped one is gone"
        );
        assert!(latest_spans_of("no such test").is_empty());
    }
}
