//! The summary table a person reads, and how its figures are written.

use crate::report::Row;

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
    let secs = |s: f64| toolkit::format::fmt_duration(std::time::Duration::from_secs_f64(s));
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
                r.experiment.to_string(),
                r.label.clone(),
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

    #[test]
    fn numbers_read_well() {
        assert_eq!(thousands(100_000), "100,000");
        assert_eq!(thousands(999), "999");
        assert_eq!(fmt_us(0.5), "500 ns");
        assert_eq!(fmt_us(12.0), "12.0 µs");
        assert_eq!(fmt_us(2_500.0), "2.50 ms");
    }
}
