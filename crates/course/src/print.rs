//! Printing a test run for a learner.

use crate::plan::Item;
use crate::runner::{Outcome, TestRun};

/// Prints a test run for a learner: pass/fail, failing tests' output, compile errors.
pub fn print_run(item: &Item, run: &TestRun) {
    let id = item.id();
    match &run.outcome {
        Outcome::Passed => println!("✓ {id}: all {} tests pass", run.tests.len()),
        Outcome::Failed => {
            let report = run.failure_report();
            if !report.is_empty() {
                println!("{report}\n");
            } else if !run.stderr.trim().is_empty() {
                println!("{}", tail(&run.stderr, 40));
            }
            for test in run.tests.iter().filter(|t| !t.passed) {
                println!("  ✗ {}", test.name);
            }
            println!(
                "✗ {id}: {} of {} tests pass",
                run.passed_count(),
                run.tests.len()
            );
        }
        Outcome::CompileError(errors) => {
            println!("{}", errors.trim_end());
            println!("✗ {id}: does not compile (the compiler's messages are above)");
        }
        Outcome::TimedOut(limit) => {
            // What finished before the stop (libtest's noise about empty targets left out).
            let finished: Vec<&str> = run
                .stdout
                .lines()
                .filter(|l| l.starts_with("test ") && !l.starts_with("test result"))
                .collect();
            if !finished.is_empty() {
                println!("{}", finished.join("\n"));
            }
            println!(
                "⏰ {id}: the tests were still running after {} s and were stopped. A deadlock? A thread that is never joined, a Sender still alive, a lock still held? (--timeout changes the limit)",
                limit.as_secs()
            );
        }
    }
}

/// The last `n` lines of `text`.
pub fn tail(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}
