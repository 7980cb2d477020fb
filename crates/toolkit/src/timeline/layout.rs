//! Layout shared by the ASCII and SVG pictures: which lane each span goes in, and where the
//! ticks of the time axis fall. One copy, so the two pictures always agree.

use super::Span;
use super::ascii::LaneBy;
use super::query::Query;
use std::time::Duration;

/// Longest lane name drawn; longer names (a test's full path, say) are shortened.
const MAX_NAME: usize = 18;

/// Spans grouped into named lanes (one per runner), lanes ordered by their first start.
/// `Auto` picks the coarsest runner that tells the spans apart: processes if there are
/// several, else threads if there are several, else async tasks.
///
/// Spans that overlap on one runner (three futures joined on one task, say) cannot share a
/// row without hiding each other, so such a runner gets extra rows, `name ²`, `name ³`…:
/// every span stays visible.
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
    // Each runner's rows; a span goes into the first of them where it overlaps nothing.
    let mut runners: Vec<(String, Vec<Vec<&Span>>)> = Vec::new();
    for s in sorted {
        let r = &s.runner;
        let name = match (by, r.task) {
            (LaneBy::Process, _) => format!("PID {}", r.pid),
            (LaneBy::Task, Some(t)) => format!("task {t} on {}", short(&r.thread_label())),
            _ => r.thread_label(),
        };
        let rows = match runners.iter_mut().find(|(n, _)| *n == name) {
            Some((_, rows)) => rows,
            None => {
                runners.push((name, Vec::new()));
                &mut runners.last_mut().expect("just pushed").1
            }
        };
        match rows
            .iter_mut()
            .find(|row| row.iter().all(|other| !other.overlaps(s)))
        {
            Some(row) => row.push(s),
            None => rows.push(vec![s]),
        }
    }
    let mut out = Vec::new();
    for (name, rows) in runners {
        let name = short(&name);
        for (i, row) in rows.into_iter().enumerate() {
            let label = if i == 0 {
                name.clone()
            } else {
                format!("{name} {}", superscript(i + 1))
            };
            out.push((label, row));
        }
    }
    out
}

/// A lane name short enough to leave room for the picture: a test thread is named after
/// the test's whole path (`tests::the_three_downloads_overlap`), so keep its last part and
/// cut that to [`MAX_NAME`] characters.
pub(crate) fn short(name: &str) -> String {
    let last = name.rsplit("::").next().unwrap_or(name);
    if last.chars().count() <= MAX_NAME {
        last.to_owned()
    } else {
        let cut: String = last.chars().take(MAX_NAME - 1).collect();
        format!("{cut}…")
    }
}

fn superscript(n: usize) -> String {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    n.to_string()
        .chars()
        .map(|c| DIGITS[c.to_digit(10).unwrap_or(0) as usize])
        .collect()
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

    #[test]
    fn long_names_are_shortened() {
        assert_eq!(short("tests::a"), "a");
        assert_eq!(
            short("the_three_downloads_overlap").chars().count(),
            MAX_NAME
        );
        assert!(short("the_three_downloads_overlap").ends_with('…'));
    }
}
