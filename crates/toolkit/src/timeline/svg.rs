//! Draws timelines as an SVG Gantt chart that any browser can open.
//!
//! The ASCII picture ([`super::ascii`]) fits a terminal; this one fits a README. Several runs
//! (one per *model*: sequential, threads, processes, async...) are drawn one under another on
//! **one shared time axis**, so a run that took three times as long is three times as wide:
//!
//! ```text
//!  threads — 2.00 s                      one colour per model
//!    Thread-1  ███A████████████████
//!    Thread-2  ███B████████████████      one lane per runner, one bar per span
//!    Thread-3  ███C████████████████
//!  sequential — 6.00 s
//!    main      ███A███████████████████B███████████████████C███████████████████
//!              0 s          2 s          4 s          6 s    ← axis with labels
//! ```
//!
//! Each run is measured from its own first start, so every model begins at 0. Every bar is a
//! `<rect class="bar">` carrying `data-model` and `data-label` attributes, and a `<title>`
//! that a browser shows on hover (label, runner, start and end).
//!
//! ```
//! use toolkit::Timeline;
//! use toolkit::timeline::svg::{render, Group};
//! let timeline = Timeline::new();
//! timeline.record("A", || ());
//! let svg = render("One task", &[Group::new("sequential", &timeline.spans())]);
//! assert!(svg.starts_with("<svg") && svg.contains(r#"data-label="A""#));
//! ```

use super::Span;
use super::ascii::LaneBy;
use super::layout;
use crate::format::fmt_duration;
use std::fmt::Write as _;
use std::time::Duration;

/// One run to draw: its name (the model) and its spans.
#[derive(Debug, Clone, Copy)]
pub struct Group<'a> {
    /// The model's name, shown above its lanes and in each bar's `data-model`.
    pub name: &'a str,
    /// The spans of this run, on any clock: the run is drawn from its own first start.
    pub spans: &'a [Span],
    /// What a lane stands for ([`LaneBy::Auto`] unless set).
    pub lanes: LaneBy,
}

impl<'a> Group<'a> {
    /// A run called `name`, with one lane per runner chosen automatically.
    pub fn new(name: &'a str, spans: &'a [Span]) -> Self {
        Self {
            name,
            spans,
            lanes: LaneBy::Auto,
        }
    }

    /// Chooses what a lane stands for.
    pub fn lanes(mut self, lanes: LaneBy) -> Self {
        self.lanes = lanes;
        self
    }
}

// Layout, in SVG user units (pixels).
const WIDTH: f64 = 960.0;
const LEFT: f64 = 190.0; // room for lane names
const RIGHT: f64 = 30.0;
const TOP: f64 = 44.0; // room for the title
const HEAD: f64 = 26.0; // a model's heading
const LANE: f64 = 24.0;
const BAR: f64 = 16.0;
const GAP: f64 = 10.0; // between models
const AXIS: f64 = 56.0; // ticks, labels and the axis title

/// One colour per model, in order; chosen to stay readable with white text on them.
const PALETTE: [&str; 8] = [
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1", "#9c755f", "#edc948",
];

/// Draws the runs one under another as a Gantt chart titled `title`.
pub fn render(title: &str, groups: &[Group<'_>]) -> String {
    // The shared scale: the longest run fills the plot.
    let longest = groups
        .iter()
        .map(|g| extent(g.spans).1)
        .max()
        .unwrap_or_default()
        .max(Duration::from_nanos(1));
    let plot = WIDTH - LEFT - RIGHT;
    let x = |t: Duration| LEFT + t.as_secs_f64() / longest.as_secs_f64() * plot;

    let laid_out: Vec<_> = groups
        .iter()
        .map(|g| (g, layout::lanes(g.spans, g.lanes)))
        .collect();
    let body_height: f64 = laid_out
        .iter()
        .map(|(_, lanes)| HEAD + LANE * lanes.len().max(1) as f64 + GAP)
        .sum();
    let axis_y = TOP + body_height;
    let height = axis_y + AXIS;

    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height:.0}" viewBox="0 0 {WIDTH} {height:.0}" font-family="sans-serif" font-size="13">"#
    );
    let _ = writeln!(svg, "<title>{}</title>", escape(title));
    let _ = writeln!(svg, r#"<rect width="100%" height="100%" fill="white"/>"#);
    let _ = writeln!(
        svg,
        r#"<text x="{LEFT}" y="26" font-size="16" font-weight="bold">{}</text>"#,
        escape(title)
    );

    // Grid lines and tick labels, drawn first so the bars sit on top of them.
    let (step, unit, div) = layout::ticks(longest, 6.0);
    let mut tick = 0.0;
    let _ = writeln!(svg, r##"<g class="axis" stroke="#ddd">"##);
    while tick <= longest.as_secs_f64() * 1.0001 {
        let tx = x(Duration::from_secs_f64(tick));
        let _ = writeln!(
            svg,
            r##"<line x1="{tx:.1}" y1="{TOP}" x2="{tx:.1}" y2="{axis_y:.1}"/><text x="{tx:.1}" y="{:.1}" text-anchor="middle" fill="#333" stroke="none">{} {unit}</text>"##,
            axis_y + 18.0,
            layout::trim(tick / div)
        );
        tick += step;
    }
    let _ = writeln!(
        svg,
        r##"<line x1="{LEFT}" y1="{axis_y:.1}" x2="{:.1}" y2="{axis_y:.1}" stroke="#333"/>"##,
        WIDTH - RIGHT
    );
    let _ = writeln!(
        svg,
        r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" fill="#333" stroke="none">time since the run started ({unit})</text>"##,
        LEFT + plot / 2.0,
        axis_y + 42.0
    );
    let _ = writeln!(svg, "</g>");

    // One block per model: a heading, then its lanes and bars.
    let mut y = TOP;
    for (i, (group, lanes)) in laid_out.iter().enumerate() {
        let colour = PALETTE[i % PALETTE.len()];
        let (t0, total) = extent(group.spans);
        let _ = writeln!(
            svg,
            r#"<g class="model" data-model="{}">"#,
            escape(group.name)
        );
        let _ = writeln!(
            svg,
            r#"<text x="10" y="{:.1}" font-weight="bold" fill="{colour}">{} — {}</text>"#,
            y + 18.0,
            escape(group.name),
            if group.spans.is_empty() {
                "nothing recorded".to_owned()
            } else {
                format!("total {}", fmt_duration(total))
            }
        );
        y += HEAD;
        for (lane, spans) in lanes {
            let _ = writeln!(
                svg,
                r##"<rect x="{LEFT}" y="{y:.1}" width="{plot:.1}" height="{LANE}" fill="#000" fill-opacity="0.04"/><text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"##,
                LEFT - 8.0,
                y + LANE / 2.0 + 4.5,
                escape(lane)
            );
            for s in spans {
                let (a, b) = (x(s.start - t0), x(s.end - t0));
                let w = (b - a).max(1.0);
                let top = y + (LANE - BAR) / 2.0;
                let _ = writeln!(
                    svg,
                    r#"<rect class="bar" data-model="{model}" data-label="{label}" x="{a:.1}" y="{top:.1}" width="{w:.1}" height="{BAR}" rx="3" fill="{colour}"><title>{label} on {runner}: {from} → {to}</title></rect>"#,
                    model = escape(group.name),
                    label = escape(&s.label),
                    runner = escape(&s.runner.to_string()),
                    from = fmt_duration(s.start - t0),
                    to = fmt_duration(s.end - t0),
                );
                // The label goes inside the bar when it fits (about 8 px per character).
                if w >= 8.0 * s.label.chars().count() as f64 + 8.0 {
                    let _ = writeln!(
                        svg,
                        r#"<text x="{:.1}" y="{:.1}" fill="white">{}</text>"#,
                        a + 5.0,
                        top + BAR - 4.0,
                        escape(&s.label)
                    );
                }
            }
            y += LANE;
        }
        if lanes.is_empty() {
            y += LANE;
        }
        y += GAP;
        let _ = writeln!(svg, "</g>");
    }
    svg.push_str("</svg>\n");
    svg
}

/// The run's first start and how long it lasted from there to its last end.
fn extent(spans: &[Span]) -> (Duration, Duration) {
    let t0 = spans.iter().map(|s| s.start).min().unwrap_or_default();
    let t1 = spans.iter().map(|s| s.end).max().unwrap_or_default();
    (t0, t1.saturating_sub(t0))
}

/// Makes text safe inside XML elements and attributes.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Runner;

    fn span(label: &str, from: u64, to: u64, pid: u32, thread: &str) -> Span {
        let runner = Runner {
            pid,
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
    fn one_bar_per_span_and_one_lane_per_runner() {
        let sequential = [
            span("A", 0, 2000, 1, "main"),
            span("B", 2000, 4000, 1, "main"),
            span("C", 4000, 6000, 1, "main"),
        ];
        // Started later on its own clock: still drawn from 0.
        let threads = [
            span("A", 9000, 11000, 1, "Thread-1"),
            span("B", 9000, 11000, 1, "Thread-22"),
            span("C", 9001, 11000, 1, "Thread-333"),
        ];
        let svg = render(
            "A, B & C",
            &[
                Group::new("sequential", &sequential),
                Group::new("threads", &threads),
            ],
        );
        assert_eq!(svg.matches(r#"class="bar""#).count(), 6);
        assert_eq!(
            svg.matches(r#"class="bar" data-model="threads""#).count(),
            3
        );
        assert_eq!(
            svg.matches(">main</text>").count(),
            1,
            "serial spans share a lane"
        );
        for lane in ["Thread-1", "Thread-22", "Thread-333"] {
            assert!(svg.contains(&format!(">{lane}</text>")), "{lane}");
        }
        assert!(svg.contains("A, B &amp; C"), "the title is escaped");
        assert!(svg.contains("sequential — total 6.00 s"));
        assert!(svg.contains("threads — total 2.00 s"));
        assert!(
            svg.contains(">6 s</text>") && svg.contains(">0 s</text>"),
            "axis labels"
        );
        // Both runs start at the left edge of the plot.
        let at_left = format!(r#"class="bar" data-model="threads" data-label="A" x="{LEFT:.1}""#);
        assert!(svg.contains(&at_left), "{svg}");
        assert!(
            svg.contains(&at_left.replace("threads", "sequential")),
            "{svg}"
        );
        assert!(svg.trim_end().ends_with("</svg>"));
    }

    #[test]
    fn processes_get_a_lane_each_and_labels_are_escaped() {
        let spans = [
            span("<A>", 0, 100, 10, "main"),
            span("B\"", 0, 100, 11, "main"),
        ];
        let svg = render("p", &[Group::new("processes", &spans)]);
        assert!(svg.contains(">PID 10</text>") && svg.contains(">PID 11</text>"));
        assert!(svg.contains(r#"data-label="&lt;A&gt;""#));
        assert!(svg.contains(r#"data-label="B&quot;""#));
        assert!(svg.contains("(ms)"), "a short run is labelled in ms");
        assert!(!svg.contains("<A>"));
    }

    #[test]
    fn an_empty_run_is_drawn_without_bars() {
        let svg = render("nothing", &[Group::new("async", &[])]);
        assert!(svg.contains("async — nothing recorded"));
        assert_eq!(svg.matches(r#"class="bar""#).count(), 0);
    }
}
