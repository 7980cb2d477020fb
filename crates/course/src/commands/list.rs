//! `course list`: every lesson and exercise with its status, and progress.
//!
//! Statuses come from real test runs, cached by a hash of each exercise's sources: with
//! nothing changed, no cargo runs and the list prints at once. Exercises changed since
//! their last run are built together (cargo compiles them in parallel) and then tested.

mod ticker;

use super::{Ctx, Status};
use crate::error::Result;
use crate::runner::{self, Outcome, TestJob};
use crate::state::Progress;
use std::time::Duration;
use ticker::Ticker;

/// Prints the list; exit code 0.
pub fn run(ctx: &Ctx, cached_only: bool, timeout: Duration) -> Result<i32> {
    let mut progress = Progress::load(&ctx.root);
    let items = ctx.plan.items();
    let mut statuses = ctx.cached_statuses(&progress)?;
    let stale: Vec<usize> = (0..items.len())
        .filter(|&i| statuses[i].is_none())
        .collect();
    if !stale.is_empty() && !cached_only {
        eprintln!(
            "checking {} exercise(s) changed since their last run: building, then testing each…",
            stale.len()
        );
        // One build for all of them first: cargo compiles them in parallel. The first
        // time, that compiles tokio too, so a ticker shows it is alive.
        let packages: Vec<String> = stale.iter().map(|&i| items[i].id().to_string()).collect();
        let job = TestJob {
            root: ctx.root.clone(),
            package: packages[0].clone(),
            extra: Vec::new(),
            timeout,
            target_dir: None,
        };
        let ticker = Ticker::start(format!(
            "building {} exercise(s) (the first time takes a minute)…",
            packages.len()
        ));
        let _ = runner::build_many(&job, &packages);
        ticker.stop();
        for (n, &i) in stale.iter().enumerate() {
            let label = format!("checking {}/{}: {}…", n + 1, stale.len(), items[i].id());
            let ticker = Ticker::start(label.clone());
            let run = ctx.test(&mut progress, &items[i], timeout)?;
            ticker.stop();
            let mark = match run.outcome {
                Outcome::Passed => "✓",
                Outcome::CompileError(_) => "✗ does not compile",
                Outcome::TimedOut(_) => "⏰ timed out",
                Outcome::Failed => "✗",
            };
            eprintln!("  {label} {mark}");
        }
        progress.save(&ctx.root)?;
        statuses = ctx.cached_statuses(&progress)?;
    }

    println!("{}\n", ctx.plan.course.title);
    let mut done_total = 0;
    for lesson in &ctx.plan.lessons {
        let mine: Vec<usize> = (0..items.len())
            .filter(|&i| items[i].lesson.id == lesson.id)
            .collect();
        let done = mine
            .iter()
            .filter(|&&i| statuses[i] == Some(Status::Done))
            .count();
        done_total += done;
        println!(
            "Lesson {} · {} ({})  {done}/{} done",
            lesson.number,
            lesson.title,
            lesson.id,
            mine.len()
        );
        for &i in &mine {
            let status = statuses[i].unwrap_or(Status::Unknown);
            println!(
                "  {:<18} {:<24} {}",
                status.label(),
                items[i].id(),
                items[i].exercise.title
            );
        }
        println!();
    }
    let total = items.len();
    let percent = (done_total * 100).checked_div(total).unwrap_or(0);
    println!("Overall: {done_total}/{total} exercises done ({percent}%)");
    if let Some(next) = items
        .iter()
        .zip(&statuses)
        .find(|(_, s)| **s != Some(Status::Done))
    {
        println!("Next: cargo course check {}", next.0.id());
    }
    Ok(0)
}
