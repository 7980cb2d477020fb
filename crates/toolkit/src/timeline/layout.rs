//! Layout shared by the ASCII and SVG pictures: which lane each span goes in, and where the
//! ticks of the time axis fall. One copy, so the two pictures always agree.

use super::Span;
use super::ascii::LaneBy;
use super::query::Query;
use std::time::Duration;

/// Spans grouped into named lanes (one per runner), lanes ordered by their first start.
/// `Auto` picks the coarsest runner that tells the spans apart: processes if there are
/// several, else threads if there are several, else async tasks.
pub(crate) fn lanes(spans: &[Span], by: LaneBy) -> Vec<(String, Vec<&Span>)> {
    let q = Query::new(spans.to_vec());
    let by = match by {
        LaneBy::Auto if q.processes() > 1 => LaneBy::Process,
        LaneBy::Auto if q.threads() > 1 => LaneBy::Thread,
        LaneBy::Auto if q.tasks() > 0 => LaneBy::Task,
        LaneBy::Auto => LaneBy::Thread,
        other => other,
    };
    let mut sorted: Vec<&Span> = spans.iter().collect();
    sorted.sort_by_key(|s| s.start);
    let mut rows: Vec<(String, Vec<&Span>)> = Vec::new();
    for s in sorted {
        let r = &s.runner;
        let name = match (by, r.task) {
            (LaneBy::Process, _) => format!("PID {}", r.pid),
            (LaneBy::Task, Some(t)) => format!("task {t} on {}", r.thread_label()),
            _ => r.thread_label(),
        };
        match rows.iter_mut().find(|(n, _)| *n == name) {
            Some((_, lane)) => lane.push(s),
            None => rows.push((name, vec![s])),
        }
    }
    rows
}

/// A round tick step (1, 2, 2.5 or 5 times a power of ten) giving at most `intervals`
/// intervals over `total`, with the unit to label ticks in and that unit's size in seconds.
pub(crate) fn ticks(total: Duration, intervals: f64) -> (f64, &'static str, f64) {
    let secs = total.as_secs_f64();
    let (unit, div) = if secs >= 1.0 {
        ("s", 1.0)
    } else if secs >= 1e-3 {
        ("ms", 1e-3)
    } else {
        ("µs", 1e-6)
    };
    let base = 10f64.powf((secs / intervals).log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| base * m)
        .find(|step| secs / step <= intervals)
        .unwrap_or(base * 10.0);
    (step, unit, div)
}

/// A tick label's number without trailing zeros: `1.50` → `1.5`, `2.00` → `2`.
pub(crate) fn trim(x: f64) -> String {
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tick_steps_are_round() {
        assert_eq!(ticks(Duration::from_secs(2), 5.0).0, 0.5);
        assert_eq!(ticks(Duration::from_secs(6), 6.0).0, 1.0);
        assert_eq!(ticks(Duration::from_millis(300), 5.0).1, "ms");
        assert_eq!(trim(1.5), "1.5");
        assert_eq!(trim(2.0), "2");
    }
}
