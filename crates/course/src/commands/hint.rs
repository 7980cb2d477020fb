//! `course hint [EXERCISE]`: the next hint from `course.toml`, one more each time.

use super::Ctx;
use super::check::{self, Via};
use crate::error::Result;
use crate::plan::Item;
use crate::state::Progress;

/// Shows the hints seen so far plus one more; exit code 0. Without a name: the exercise
/// whose folder you are in, else the next unfinished one (as `check` picks).
pub fn run(ctx: &Ctx, name: Option<&str>) -> Result<i32> {
    let progress = Progress::load(&ctx.root);
    let Some(item) = check::pick(ctx, &progress, name)? else {
        println!("🎉 Every exercise passes: no hint needed.");
        return Ok(0);
    };
    show(ctx, &item, Via::Command)
}

/// Shows one more hint of `item`; `via` says how to ask for the next one.
pub fn show(ctx: &Ctx, item: &Item, via: Via) -> Result<i32> {
    let hints = &item.exercise.hints;
    if hints.is_empty() {
        println!("{} has no hints; its README.md says what to do.", item.id());
        return Ok(0);
    }
    let mut progress = Progress::load(&ctx.root);
    let state = progress.entry(item.id());
    state.touched = true;
    // The file may hold any number (edited by hand, or from an older plan with more hints).
    state.hints_shown = next_count(state.hints_shown, hints.len());
    let shown = state.hints_shown;
    progress.save(&ctx.root)?;
    println!("Hints for {} ({}):", item.id(), item.exercise.title);
    for (i, hint) in hints.iter().take(shown).enumerate() {
        println!("  {}/{}  {hint}", i + 1, hints.len());
    }
    if shown < hints.len() {
        match via {
            Via::Command => println!("(run it again for the next hint)"),
            Via::Watch => println!("(press h again for the next hint)"),
        }
    } else {
        println!(
            "(that was the last hint; `cargo course solution {}` once it passes)",
            item.id()
        );
    }
    Ok(0)
}

/// How many hints to show now: one more than before, never more than there are.
fn next_count(shown_before: usize, total: usize) -> usize {
    shown_before.min(total).saturating_add(1).min(total)
}

#[cfg(test)]
mod tests {
    use super::next_count;

    #[test]
    fn any_stored_count_gives_a_valid_one() {
        assert_eq!(next_count(0, 3), 1);
        assert_eq!(next_count(2, 3), 3);
        assert_eq!(next_count(3, 3), 3);
        assert_eq!(next_count(usize::MAX, 3), 3);
    }
}
