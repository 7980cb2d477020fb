//! `course check [EXERCISE]`: build and test one exercise under a timeout.
//!
//! Without a name it checks the exercise whose folder you are in, else the next unfinished
//! one. On failure it shows the failing tests' output, including the timeline they drew.

use super::{Ctx, print_run};
use crate::error::Result;
use crate::plan::Item;
use crate::runner::Outcome;
use crate::state::Progress;
use std::time::Duration;

/// Where a command runs from: it decides how the output tells the learner what to do next.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Via {
    /// A command on the shell: "run `cargo course …`".
    Command,
    /// Inside `course watch`: "press n", "press h".
    Watch,
}

/// Checks one exercise; exit code 0 when it passes, 1 when it does not.
pub fn run(ctx: &Ctx, name: Option<&str>, timeout: Duration) -> Result<i32> {
    let mut progress = Progress::load(&ctx.root);
    let Some(item) = pick(ctx, &progress, name)? else {
        println!("🎉 Every exercise passes. Well done!");
        return Ok(0);
    };
    let passed = check_one(ctx, &mut progress, &item, timeout, Via::Command)?;
    Ok(if passed { 0 } else { 1 })
}

/// The exercise named, or the one the current folder is in, or the next unfinished one.
pub fn pick<'a>(ctx: &'a Ctx, progress: &Progress, name: Option<&str>) -> Result<Option<Item<'a>>> {
    if let Some(name) = name {
        return ctx.plan.find(name).map(Some);
    }
    if let Ok(cwd) = std::env::current_dir() {
        let cwd = cwd.canonicalize().unwrap_or(cwd);
        if let Some(item) = ctx.plan.containing(&ctx.root, &cwd) {
            return Ok(Some(item));
        }
    }
    ctx.next_unfinished(progress)
}

/// Tests `item`, prints the result (and the next exercise on success), saves progress.
pub fn check_one(
    ctx: &Ctx,
    progress: &mut Progress,
    item: &Item,
    timeout: Duration,
    via: Via,
) -> Result<bool> {
    println!("Checking {} ({})…", item.id(), item.rel_dir().display());
    progress.entry(item.id()).touched = true;
    let run = ctx.test(progress, item, timeout)?;
    progress.save(&ctx.root)?;
    print_run(item, &run);
    let passed = run.outcome == Outcome::Passed;
    // The "Next:" line names the exercise `n` in watch goes to: they must agree.
    match (passed, via) {
        (true, _) => match next_after(ctx, progress, item)? {
            Some(next) if via == Via::Watch => {
                println!("Next: {} ({}): press n", next.id(), next.exercise.title)
            }
            Some(next) => println!(
                "Next: cargo course check {}  ({})",
                next.id(),
                next.exercise.title
            ),
            None => println!("🎉 That was the last one: every exercise passes."),
        },
        (false, Via::Command) => println!("Stuck? cargo course hint {}", item.id()),
        (false, Via::Watch) => println!("Stuck? press h for a hint"),
    }
    Ok(passed)
}

/// The first unfinished exercise after `current` in plan order, wrapping around.
pub fn next_after<'a>(
    ctx: &'a Ctx,
    progress: &Progress,
    current: &Item,
) -> Result<Option<Item<'a>>> {
    let items = ctx.plan.items();
    let statuses = ctx.cached_statuses(progress)?;
    let at = items
        .iter()
        .position(|i| i.id() == current.id())
        .unwrap_or(0);
    Ok((1..items.len())
        .map(|k| (at + k) % items.len())
        .find(|&i| statuses[i] != Some(super::Status::Done))
        .map(|i| items[i]))
}
