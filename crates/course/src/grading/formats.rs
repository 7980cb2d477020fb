//! The report's formats: text (a terminal), JSON, Markdown (a pull request, a CI summary),
//! JUnit XML (CI test reports) and Exercism's `results.json` version 3. Every name and
//! message a student's code could have shaped goes through [`printable`] before a terminal
//! or a Markdown page sees it.

use super::report::{ExerciseResult, Report, printable, printable_line};
use serde_json::json;

/// Lines of a failing test's message shown in text and Markdown (JSON and JUnit keep more).
const SHOWN_LINES: usize = 20;

/// The report's formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A table for people.
    Text,
    /// Machine-readable: score, max_score, exercises, tests with messages.
    Json,
    /// A Markdown table and the failing tests' messages (a pull request, a job summary).
    Markdown,
    /// JUnit XML (CI test reports).
    Junit,
    /// Exercism's test-runner interface, `results.json` version 3.
    Exercism,
}

/// Renders `report` in `format`.
pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Text => text(report),
        Format::Json => serde_json::to_string_pretty(report).unwrap_or_default() + "\n",
        Format::Markdown => markdown(report),
        Format::Junit => junit(report),
        Format::Exercism => exercism(report),
    }
}

fn first_lines(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut s = lines[..lines.len().min(n)].join("\n");
    if lines.len() > n {
        s += &format!("\n… ({} more lines)", lines.len() - n);
    }
    s
}

fn text(report: &Report) -> String {
    let mut s = format!(
        "Grade of {} (sandbox: {})\n\n",
        printable_line(&report.student),
        report.sandbox
    );
    for g in &report.exercises {
        let mark = if g.passed { "✓" } else { "✗" };
        s += &format!(
            "{mark} {:<26} {:>3}/{:<3} {}/{} tests{}\n",
            g.exercise,
            g.score,
            g.max_score,
            g.tests_passed,
            g.tests_total,
            if g.tampered {
                "  (tests/ or Cargo.toml tampered: pristine ones used)"
            } else {
                ""
            }
        );
        for t in g.tests.iter().filter(|t| !t.passed) {
            s += &format!("    ✗ {}\n", printable_line(&t.name));
            for line in first_lines(t.message.as_deref().unwrap_or(""), SHOWN_LINES).lines() {
                s += &format!("        {}\n", printable(line));
            }
        }
        if let Some(error) = &g.error {
            for line in first_lines(error, 30).lines() {
                s += &format!("    {}\n", printable(line));
            }
        }
        for flag in &g.flags {
            s += &format!("    ⚑ {}\n", printable_line(flag));
        }
    }
    s + &format!("\nScore: {}/{}\n", report.score, report.max_score)
}

/// A Markdown table cell: one line, no pipes, no HTML.
fn cell(text: &str) -> String {
    printable_line(text)
        .replace('|', "\\|")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn markdown(report: &Report) -> String {
    let mut s = String::from(
        "| exercise | score | tests | tampered | note | flags |\n|---|---:|---:|:---:|---|---|\n",
    );
    for g in &report.exercises {
        let note = g
            .error
            .as_deref()
            .and_then(|e| e.lines().next())
            .unwrap_or("");
        s += &format!(
            "| {} {} | {}/{} | {}/{} | {} | {} | {} |\n",
            if g.passed { "✅" } else { "❌" },
            g.exercise,
            g.score,
            g.max_score,
            g.tests_passed,
            g.tests_total,
            if g.tampered { "⚠️ yes" } else { "no" },
            cell(note),
            cell(&g.flags.join("; "))
        );
    }
    s += &format!(
        "\n**Score: {}/{}** (sandbox: {})\n",
        report.score, report.max_score, report.sandbox
    );
    let failing: Vec<(&ExerciseResult, &super::report::TestResult)> = report
        .exercises
        .iter()
        .flat_map(|g| g.tests.iter().filter(|t| !t.passed).map(move |t| (g, t)))
        .collect();
    if !failing.is_empty() {
        s += "\n### Failing tests\n";
        for (g, t) in failing {
            s += &format!(
                "\n**{}** · `{}`\n\n",
                g.exercise,
                cell(&t.name).replace('`', "'")
            );
            // An indented code block: nothing in it is Markdown or HTML.
            for line in first_lines(t.message.as_deref().unwrap_or(""), SHOWN_LINES).lines() {
                s += &format!("    {}\n", printable(line));
            }
        }
    }
    s
}

fn xml(text: &str) -> String {
    printable(text)
        .replace('\u{FFFD}', "?")
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn failures_of(g: &ExerciseResult) -> usize {
    if g.tests.is_empty() {
        usize::from(g.error.is_some())
    } else {
        g.tests.iter().filter(|t| !t.passed).count()
    }
}

fn junit(report: &Report) -> String {
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let failures: usize = report.exercises.iter().map(failures_of).sum();
    let tests: usize = report.exercises.iter().map(|g| g.tests.len().max(1)).sum();
    s += &format!("<testsuites name=\"course grade\" tests=\"{tests}\" failures=\"{failures}\">\n");
    for g in &report.exercises {
        s += &format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\">\n",
            xml(&g.exercise),
            g.tests.len().max(1),
            failures_of(g)
        );
        if let Some(error) = g.error.as_deref().filter(|_| g.tests.is_empty()) {
            s += &format!(
                "    <testcase name=\"build\" classname=\"{}\"><failure message=\"{}\">{}</failure></testcase>\n",
                xml(&g.exercise),
                xml(error.lines().next().unwrap_or("")),
                xml(error)
            );
        }
        for t in &g.tests {
            s += &format!(
                "    <testcase name=\"{}\" classname=\"{}\"",
                xml(&t.name),
                xml(&g.exercise)
            );
            match &t.message {
                None if t.passed => s += "/>\n",
                message => {
                    let m = message.as_deref().unwrap_or("test failed");
                    s += &format!(
                        "><failure message=\"{}\">{}</failure></testcase>\n",
                        xml(m.lines().next().unwrap_or("")),
                        xml(&first_lines(m, 200))
                    );
                }
            }
        }
        s += "  </testsuite>\n";
    }
    s + "</testsuites>\n"
}

/// At most `n` chars (Exercism caps `output` at 500).
fn cap(text: &str, n: usize) -> String {
    let mut s: String = text.chars().take(n).collect();
    if text.chars().count() > n {
        s.pop();
        s.push('…');
    }
    s
}

fn exercism(report: &Report) -> String {
    let mut tests = Vec::new();
    let mut errors = Vec::new();
    for (i, g) in report.exercises.iter().enumerate() {
        let task = i + 1;
        if let Some(e) = g.error.as_deref().filter(|_| g.tests.is_empty()) {
            errors.push(format!("{}: {}", g.exercise, e));
            tests.push(json!({
                "name": format!("{}: build", g.exercise), "status": "error",
                "message": e, "output": null, "task_id": task,
            }));
        }
        for t in &g.tests {
            let message = t.message.as_deref().unwrap_or("");
            tests.push(json!({
                "name": format!("{}: {}", g.exercise, t.name),
                "status": if t.passed { "pass" } else { "fail" },
                "message": if t.passed { None } else { message.lines().next() },
                "output": if t.passed { None } else { Some(cap(message, 500)) },
                "task_id": task,
            }));
        }
    }
    let all_error = !report.exercises.is_empty() && errors.len() == report.exercises.len();
    let status = if report.exercises.iter().all(|g| g.passed) && !report.exercises.is_empty() {
        "pass"
    } else if all_error {
        "error"
    } else {
        "fail"
    };
    let mut out = json!({"version": 3, "status": status, "tests": tests});
    if status == "error" {
        out["message"] = json!(errors.join("\n"));
    }
    serde_json::to_string_pretty(&out).unwrap_or_default() + "\n"
}
