//! Draws a timeline the way the tutorial draws its "visualize" pictures — but measured.
//!
//! ```text
//! Time →    0s        0.5s      1s        1.5s      2s
//!           ↓         ↓         ↓         ↓         ↓
//! Thread-1: [A=========================================]
//! Thread-2: [B=========================================]
//! Thread-3:  [C========================================]
//! -----------------------------------------------------
//! Total time: 2.00 s · 3 spans · at most 3 at once
//! ```
//!
//! One row per runner (process, thread or task — see [`LaneBy`]), one bar per span.

use super::query::Query;
use super::{Span, Timeline, layout};
use crate::format::fmt_duration;
use std::time::Duration;

/// What a row of the picture stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LaneBy {
    /// Processes if there are several, else threads if there are several, else tasks.
    #[default]
    Auto,
    /// One row per OS thread.
    Thread,
    /// One row per process.
    Process,
    /// One row per tokio task (spans outside a task get their thread's row).
    Task,
}

/// Width of the time axis in characters, unless asked otherwise.
pub const DEFAULT_WIDTH: usize = 48;

impl Timeline {
    /// The picture of this timeline with the default options.
    pub fn render(&self) -> String {
        render(&self.spans(), LaneBy::Auto, DEFAULT_WIDTH)
    }
}

/// Draws `spans` with one row per lane and an axis `width` characters wide.
pub fn render(spans: &[Span], lanes: LaneBy, width: usize) -> String {
    if spans.is_empty() {
        return "(the timeline is empty: nothing was recorded)\n".to_owned();
    }
    let width = width.max(10);
    let t0 = spans.iter().map(|s| s.start).min().unwrap_or_default();
    let t1 = spans.iter().map(|s| s.end).max().unwrap_or_default();
    let total = t1.saturating_sub(t0).max(Duration::from_nanos(1));
    let col = |t: Duration| -> usize {
        let f = t.saturating_sub(t0).as_secs_f64() / total.as_secs_f64();
        ((f * width as f64).round() as usize).min(width)
    };

    let rows = layout::lanes(spans, lanes);
    // At least as wide as "Time →" plus a space, so the axis never touches its label.
    let name_w = rows
        .iter()
        .map(|(n, _)| n.chars().count())
        .max()
        .unwrap_or(0)
        .max(5);
    let mut out = String::new();

    // The axis: tick labels, then arrows under them.
    let (step, unit, div) = layout::ticks(total, 5.0);
    let mut labels = vec![' '; width + 8];
    let mut arrows = vec![' '; width + 1];
    let mut tick = 0.0;
    while tick <= total.as_secs_f64() * 1.0001 {
        let c = col(t0 + Duration::from_secs_f64(tick));
        let text = format!("{}{unit}", layout::trim(tick / div));
        if labels[c..].iter().take(text.len() + 1).all(|ch| *ch == ' ') {
            for (i, ch) in text.chars().enumerate() {
                if let Some(slot) = labels.get_mut(c + i) {
                    *slot = ch;
                }
            }
            arrows[c] = '↓';
        }
        tick += step;
    }
    let pad = " ".repeat(name_w + 2);
    let head = format!("{:<w$}", "Time →", w = name_w + 2);
    out.push_str(&format!("{head}{}\n", collect(&labels).trim_end()));
    out.push_str(&format!("{pad}{}\n", collect(&arrows).trim_end()));

    // One row per lane.
    for (name, lane) in &rows {
        let mut cells = vec![' '; width + 2];
        for s in lane {
            // A bar covers columns a..=b; its `]` sits just before the column where the
            // span ended, so a span that starts as another ends gets its own `[`.
            let a = col(s.start);
            let b = col(s.end).saturating_sub(1).max(a + 1);
            let mut bar: Vec<char> = vec!['='; b - a + 1];
            bar[0] = '[';
            bar[b - a] = ']';
            for (i, ch) in s.label.chars().take(b - a - 1).enumerate() {
                bar[1 + i] = ch;
            }
            for (i, ch) in bar.into_iter().enumerate() {
                if let Some(slot) = cells.get_mut(a + i) {
                    *slot = ch;
                }
            }
            // A bar too short for its label gets the label just after it, space permitting,
            // so even a task that failed at once is named.
            let label: Vec<char> = s.label.chars().collect();
            if label.len() > b - a - 1 {
                let at = b + 2;
                cells.resize(cells.len().max(at + label.len()), ' ');
                if cells[b + 1..at + label.len()].iter().all(|c| *c == ' ') {
                    cells[at..at + label.len()].copy_from_slice(&label);
                }
            }
        }
        out.push_str(&format!(
            "{name:<name_w$}: {}\n",
            collect(&cells).trim_end()
        ));
    }
    out.push_str(&"-".repeat(name_w + 2 + width + 1));
    let q = Query::new(spans.to_vec());
    out.push_str(&format!(
        "\nTotal time: {} · {} spans · at most {} at once\n",
        fmt_duration(total),
        spans.len(),
        q.max_concurrency()
    ));
    out
}

fn collect(chars: &[char]) -> String {
    chars.iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Runner;

    fn span(label: &str, from: u64, to: u64, thread: &str) -> Span {
        let runner = Runner {
            pid: 1,
            thread_id: thread.len() as u64,
            thread_name: Some(thread.into()),
            task: None,
        };
        let ms = Duration::from_millis;
        Span::new(
            label.into(),
            ms(from),
            ms(to),
            runner,
            crate::timeline::Source::Test,
        )
    }

    #[test]
    fn draws_one_row_per_thread_and_the_total() {
        let spans = [
            span("A", 0, 2000, "Thread-1"),
            span("B", 0, 2000, "Thread-22"),
            span("C", 100, 2000, "Thread-333"),
        ];
        let pic = render(&spans, LaneBy::Auto, 40);
        println!("{pic}");
        assert!(pic.contains("Thread-1  : [A="), "{pic}");
        assert!(pic.contains("Thread-333:   [C"), "{pic}");
        assert!(pic.starts_with("Time →"), "{pic}");
        assert!(pic.contains("0s") && pic.contains("2s"), "{pic}");
        assert!(pic.contains("Total time: 1.90 s") || pic.contains("Total time: 2.00 s"));
        assert!(pic.contains("at most 3 at once"), "{pic}");
    }

    #[test]
    fn serial_spans_share_a_row() {
        let spans = [span("A", 0, 100, "main"), span("B", 100, 200, "main")];
        let pic = render(&spans, LaneBy::Auto, 20);
        assert_eq!(pic.lines().filter(|l| l.starts_with("main")).count(), 1);
        assert!(pic.contains("[A=======][B=======]"), "{pic}");
        assert!(pic.contains("ms"), "short runs are labelled in ms: {pic}");
    }

    #[test]
    fn a_bar_too_short_for_its_label_is_named_beside_it() {
        let spans = [span("Task-0", 0, 300, "a"), span("Task-1", 10, 12, "bb")];
        let pic = render(&spans, LaneBy::Auto, 30);
        assert!(pic.contains("[] Task-1"), "{pic}");
    }

    #[test]
    fn empty_timeline_says_so() {
        assert!(render(&[], LaneBy::Auto, 40).contains("empty"));
    }

    #[test]
    fn overlapping_spans_on_one_runner_each_get_a_row() {
        // Three futures joined on one task: lesson 3's situation.
        let spans = [
            span("File-0", 0, 2000, "main"),
            span("File-1", 0, 2000, "main"),
            span("File-2", 0, 2000, "main"),
        ];
        let pic = render(&spans, LaneBy::Auto, 30);
        for label in ["File-0", "File-1", "File-2"] {
            assert!(
                pic.contains(&format!("[{label}")),
                "{label} is drawn:\n{pic}"
            );
        }
        assert!(pic.contains("main ²") && pic.contains("main ³"), "{pic}");
    }
}
