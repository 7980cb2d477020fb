//! `course hint EXERCISE`: the next hint from `course.toml`, one more each time.

use super::Ctx;
use crate::error::Result;
use crate::state::Progress;

/// Shows the hints seen so far plus one more; exit code 0.
pub fn run(ctx: &Ctx, name: &str) -> Result<i32> {
    let item = ctx.plan.find(name)?;
    let hints = &item.exercise.hints;
    if hints.is_empty() {
        println!("{} has no hints; its README.md says what to do.", item.id());
        return Ok(0);
    }
    let mut progress = Progress::load(&ctx.root);
    let state = progress.entry(item.id());
    state.touched = true;
    state.hints_shown = (state.hints_shown + 1).min(hints.len());
    let shown = state.hints_shown;
    progress.save(&ctx.root)?;
    println!("Hints for {} ({}):", item.id(), item.exercise.title);
    for (i, hint) in hints.iter().take(shown).enumerate() {
        println!("  {}/{}  {hint}", i + 1, hints.len());
    }
    if shown < hints.len() {
        println!("(run it again for the next hint)");
    } else {
        println!(
            "(that was the last hint; `cargo course solution {}` once it passes)",
            item.id()
        );
    }
    Ok(0)
}
