//! Turning measurements into rows: the ideal time, the speedup, the per-unit cost, a one-line
//! verdict per row, the printed table and the JSON file.

use crate::experiments::Measured;
use crate::sizes::Sizes;
use serde::Serialize;

/// One row of the table: one experiment under one model.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// `io_bound`, `cpu_bound`, `spawn_cost`, `scale_async` or `scale_threads`.
    pub experiment: String,
    /// `sequential`, `threads`, `processes`, `async`, `async_multi`, `gil_threads`, or a
    /// Python model (`py_...`).
    pub model: String,
    /// Measured wall-clock time, in seconds.
    pub wall_s: Option<f64>,
    /// The physical floor for this row, in seconds: one wait for overlapping waits, the
    /// sequential time divided by the cores that can help for CPU work.
    pub ideal_s: Option<f64>,
    /// Sequential time divided by this row's time.
    pub speedup: Option<f64>,
    /// Peak resident memory of the run (its processes added up), in MiB.
    pub peak_rss_mb: Option<f64>,
    /// Cost per unit above the floor, in microseconds: `(wall - ideal) / units`.
    pub per_unit_us: Option<f64>,
    /// CPU time divided by wall time: how many cores' worth of work the row got. A parallel
    /// row well under the core count ran on a busy machine.
    pub cores_used: Option<f64>,
    /// How many units (waits, pieces, spawns, tasks, threads) the row ran.
    pub units: usize,
    /// The row's verdict, in one line.
    pub verdict: String,
    /// Why the row has no figures, if it has none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Memory before the run began (MiB), to work out memory per unit.
    #[serde(skip)]
    pub base_rss_mb: Option<f64>,
    /// The number of primes counted, for cpu_bound: the same under every model.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer: Option<u64>,
}

impl Row {
    /// A row from what its worker measured (derived figures are filled in by [`finish`]).
    pub fn new(experiment: &str, model: &str, m: Measured) -> Self {
        Self {
            experiment: experiment.into(),
            model: model.into(),
            wall_s: m.wall_s,
            ideal_s: None,
            speedup: None,
            peak_rss_mb: m.peak_rss_mb,
            per_unit_us: None,
            cores_used: m.cpu_s.zip(m.wall_s).map(|(c, w)| c / w.max(1e-12)),
            units: m.units,
            verdict: String::new(),
            error: m.error,
            base_rss_mb: m.base_rss_mb,
            answer: m.answer,
        }
    }

    fn is_python(&self) -> bool {
        self.model.starts_with("py_")
    }
}

/// The models that run CPU work on every core at once.
fn parallel(model: &str) -> bool {
    matches!(
        model,
        "threads" | "processes" | "async_multi" | "py_processes"
    )
}

/// Fills in ideal times, speedups, per-unit costs, answer checks and verdicts.
pub fn finish(rows: &mut [Row], sizes: &Sizes) {
    let snapshot = rows.to_vec();
    let find = |experiment: &str, model: &str| {
        snapshot
            .iter()
            .find(|r| r.experiment == experiment && r.model == model)
    };
    for row in rows.iter_mut() {
        let Some(wall) = row.wall_s else {
            row.verdict = format!("not measured: {}", row.error.as_deref().unwrap_or("?"));
            continue;
        };
        let baseline = if row.is_python() {
            "py_sequential"
        } else {
            "sequential"
        };
        let base_wall = find(&row.experiment, baseline).and_then(|r| r.wall_s);
        row.ideal_s = match row.experiment.as_str() {
            "io_bound" if row.model == baseline => Some(sizes.io_wait_s * sizes.io_tasks as f64),
            "io_bound" => Some(sizes.io_wait_s),
            "cpu_bound" if parallel(&row.model) => {
                base_wall.map(|b| b / sizes.cores.min(sizes.cpu_pieces).max(1) as f64)
            }
            "cpu_bound" => base_wall,
            "scale_async" | "scale_threads" => Some(sizes.scale_wait_s),
            _ => None,
        };
        if matches!(row.experiment.as_str(), "io_bound" | "cpu_bound") {
            row.speedup = base_wall.map(|b| b / wall.max(1e-12));
        }
        if row.units > 0 {
            let over = (wall - row.ideal_s.unwrap_or(0.0)).max(0.0);
            row.per_unit_us = Some(over / row.units as f64 * 1e6);
        }
        // Every model must count the same primes as the sequential run (and the known
        // answer, when the limit is one of the known ones).
        if row.experiment == "cpu_bound" {
            let limit = if row.is_python() {
                sizes.py_cpu_limit
            } else {
                sizes.cpu_limit
            };
            let known = toolkit::cpu::PRIMES_BELOW
                .iter()
                .find(|(n, _)| *n == limit)
                .map(|(_, c)| *c);
            let expected = known.or(find("cpu_bound", baseline).and_then(|r| r.answer));
            if let (Some(got), Some(want)) = (row.answer, expected)
                && got != want
            {
                row.error = Some(format!(
                    "counted {got} primes below {limit}, expected {want}"
                ));
            }
        }
    }
    let done = rows.to_vec();
    for row in rows.iter_mut() {
        if row.wall_s.is_some() {
            row.verdict = verdict(row, &done, sizes);
        }
    }
}

/// The one-line verdict of a measured row.
fn verdict(row: &Row, rows: &[Row], sizes: &Sizes) -> String {
    if let Some(e) = &row.error {
        return format!("WRONG: {e}");
    }
    let s = row.speedup.unwrap_or(0.0);
    let cores = sizes.cores;
    let per = fmt_us(row.per_unit_us.unwrap_or(0.0));
    let mem = row
        .peak_rss_mb
        .map(|m| format!("{m:.1} MB"))
        .unwrap_or("n/a".into());
    let of_ideal = match (row.wall_s, row.ideal_s) {
        (Some(w), Some(i)) if i > 0.0 => format!("{:.3}× the ideal", w / i),
        _ => String::new(),
    };
    let n = row.units;
    match (row.experiment.as_str(), row.model.as_str()) {
        ("io_bound", "sequential" | "py_sequential") => {
            format!("the baseline: {n} waits one after another")
        }
        ("io_bound", "gil_threads") => format!(
            "{s:.2}x, {of_ideal}: a GIL is released while a thread waits, so Python threads suit I/O"
        ),
        ("io_bound", "processes" | "py_processes") => format!(
            "{s:.2}x, {of_ideal}, but {mem} in all: processes work for waiting, yet are overkill"
        ),
        ("io_bound", m) => format!("{s:.2}x, {of_ideal}: the {n} waits overlap ({m})"),
        ("cpu_bound", "sequential" | "py_sequential") => {
            format!("the baseline: {n} pieces on one core")
        }
        ("cpu_bound", m) if parallel(m) => {
            let who = match m {
                "threads" => "Rust threads run in parallel (no GIL)",
                "async_multi" => "a pool of threads does the CPU work beside the event loop",
                _ => "true parallelism, as the tutorial says",
            };
            let used = row.cores_used.unwrap_or(0.0);
            let want = cores.min(sizes.cpu_pieces) as f64;
            if s >= 0.75 * want {
                format!("{} {s:.2}x on {cores} cores: {who}", label(m))
            } else if used < 0.8 * want {
                format!(
                    "{} {s:.2}x on {cores} cores, short of the ideal because the run got only \
                     {used:.2} cores' worth of CPU: other programs were using the cores",
                    label(m)
                )
            } else {
                format!(
                    "{} {s:.2}x on {cores} cores, short of the ideal: starting the pieces cost \
                     more than running them in parallel saved",
                    label(m)
                )
            }
        }
        ("cpu_bound", m) => {
            let why = match m {
                "gil_threads" => {
                    "under a simulated GIL threads take turns, as the tutorial says of Python"
                }
                "py_threads" => "Python's real GIL lets one thread compute at a time",
                _ => "async on one thread: CPU work never pauses, so the tasks take turns",
            };
            if s <= 1.25 {
                format!("{s:.2}x: {why}")
            } else {
                format!("{s:.2}x, more than one core's worth, which this model should not reach")
            }
        }
        ("spawn_cost", "sequential") => format!("a plain function call: {per}"),
        ("spawn_cost", m) => {
            let thread = rows
                .iter()
                .find(|r| r.experiment == "spawn_cost" && r.model == "threads")
                .and_then(|r| r.per_unit_us);
            let ratio = match (row.per_unit_us, thread) {
                (Some(p), Some(t)) if t > 0.0 && m != "threads" => {
                    format!(" ({} a Rust thread)", ratio(p / t))
                }
                _ => String::new(),
            };
            format!("{per} to spawn and join one {}{ratio}", unit_name(m))
        }
        ("scale_async" | "scale_threads", m) => {
            let per_kib = match (row.peak_rss_mb, row.base_rss_mb) {
                (Some(p), Some(b)) if n > 0 => {
                    format!("{:.1} KiB", (p - b).max(0.0) * 1024.0 / n as f64)
                }
                _ => "n/a".into(),
            };
            format!(
                "{} {}s sleeping at once, {of_ideal}, {mem} at peak: about {per_kib} each",
                thousands(n),
                unit_name(m)
            )
        }
        _ => String::new(),
    }
}

/// How a model is named in a verdict.
fn label(model: &str) -> &'static str {
    match model {
        "threads" => "threads",
        "async_multi" => "spawn_blocking",
        "py_processes" => "Python processes",
        _ => "processes",
    }
}

/// `0.19x`, `2.6x`, `98x`: as many digits as help.
fn ratio(x: f64) -> String {
    if x >= 10.0 {
        format!("{x:.0}x")
    } else if x >= 1.0 {
        format!("{x:.1}x")
    } else {
        format!("{x:.2}x")
    }
}

/// `100000` → `100,000`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// What one unit of a model is called.
fn unit_name(model: &str) -> &'static str {
    match model {
        "threads" | "gil_threads" => "thread",
        "py_threads" => "Python thread",
        "processes" => "process",
        "py_processes" => "Python process",
        "py_asyncio" => "asyncio task",
        _ => "async task",
    }
}

/// A per-unit cost, in the unit that reads best.
pub fn fmt_us(us: f64) -> String {
    if us < 1.0 {
        format!("{:.0} ns", us * 1e3)
    } else if us < 1e3 {
        format!("{us:.1} µs")
    } else if us < 1e6 {
        format!("{:.2} ms", us / 1e3)
    } else {
        format!("{:.2} s", us / 1e6)
    }
}

/// The table a person reads: one line per row, with its verdict.
pub fn table(rows: &[Row]) -> String {
    let opt = |v: Option<f64>, f: &dyn Fn(f64) -> String| v.map(f).unwrap_or_else(|| "-".into());
    let secs = |s: f64| toolkit::scale::fmt_duration(std::time::Duration::from_secs_f64(s));
    let head = [
        "experiment",
        "model",
        "wall",
        "ideal",
        "speedup",
        "peak RSS",
        "per unit",
        "verdict",
    ];
    let cells: Vec<[String; 8]> = rows
        .iter()
        .map(|r| {
            [
                r.experiment.clone(),
                r.model.clone(),
                opt(r.wall_s, &secs),
                opt(r.ideal_s, &secs),
                opt(r.speedup, &|s| format!("{s:.2}x")),
                opt(r.peak_rss_mb, &|m| format!("{m:.1} MB")),
                opt(r.per_unit_us, &fmt_us),
                r.verdict.clone(),
            ]
        })
        .collect();
    let mut widths = head.map(|h| h.chars().count());
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |row: &[String]| {
        let mut out = String::from("|");
        for (c, w) in row.iter().zip(widths) {
            out.push_str(&format!(" {c}{} |", " ".repeat(w - c.chars().count())));
        }
        out.push('\n');
        out
    };
    let mut out = line(&head.map(String::from));
    out.push_str(&line(&widths.map(|w| "-".repeat(w))));
    for row in &cells {
        out.push_str(&line(row));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measured(wall: f64, units: usize, answer: Option<u64>) -> Measured {
        Measured {
            wall_s: Some(wall),
            units,
            peak_rss_mb: Some(3.0),
            base_rss_mb: Some(2.0),
            cpu_s: Some(wall),
            answer,
            error: None,
        }
    }

    #[test]
    fn speedups_ideals_and_verdicts_come_from_the_sequential_row() {
        let sizes = Sizes::new(true, true, 2);
        let mut rows = vec![
            Row::new("cpu_bound", "sequential", measured(2.0, 8, Some(9_592))),
            Row::new("cpu_bound", "threads", measured(1.0, 8, Some(9_592))),
            Row::new("cpu_bound", "gil_threads", measured(2.0, 8, Some(9_592))),
            Row::new("cpu_bound", "processes", measured(1.0, 8, Some(9_000))),
        ];
        finish(&mut rows, &sizes);
        assert_eq!(rows[1].speedup, Some(2.0));
        assert_eq!(rows[1].ideal_s, Some(1.0), "sequential time over 2 cores");
        assert_eq!(
            rows[2].ideal_s,
            Some(2.0),
            "a GIL gets no help from the cores"
        );
        assert!(
            rows[1].verdict.contains("run in parallel"),
            "{}",
            rows[1].verdict
        );
        assert!(rows[2].verdict.contains("GIL"), "{}", rows[2].verdict);
        // A wrong answer is never reported as a speed-up.
        assert!(rows[3].verdict.starts_with("WRONG"), "{}", rows[3].verdict);
        assert!(table(&rows).lines().count() == 2 + rows.len());
    }

    #[test]
    fn a_failed_row_says_why() {
        let sizes = Sizes::new(true, true, 2);
        let failed = Measured {
            error: Some("the OS refused thread 7".into()),
            ..Measured::default()
        };
        let mut rows = vec![Row::new("scale_threads", "threads", failed)];
        finish(&mut rows, &sizes);
        assert_eq!(rows[0].verdict, "not measured: the OS refused thread 7");
        assert!(table(&rows).contains("| -"));
    }

    #[test]
    fn numbers_read_well() {
        assert_eq!(thousands(100_000), "100,000");
        assert_eq!(thousands(999), "999");
        assert_eq!(fmt_us(0.5), "500 ns");
        assert_eq!(fmt_us(12.0), "12.0 µs");
        assert_eq!(fmt_us(2_500.0), "2.50 ms");
        assert_eq!(ratio(98.4), "98x");
    }
}
