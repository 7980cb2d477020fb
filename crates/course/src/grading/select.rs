//! What is graded: decided by the instructor (`--lessons`, `--exercise`, or every lesson of
//! the instructor's `course.toml`), never by the student's files. An exercise the student
//! did not hand in is still graded: it scores 0 with its reason.

use crate::cli::GradeOpts;
use crate::error::{Fail, Result};
use crate::plan::{Item, Plan};

/// The exercises to grade, in plan order.
pub fn chosen<'a>(plan: &'a Plan, opts: &GradeOpts) -> Result<Vec<Item<'a>>> {
    let mut items: Vec<Item> = match &opts.lessons {
        Some(list) => {
            let lessons = plan.lessons_from_list(list)?;
            plan.items()
                .into_iter()
                .filter(|i| lessons.iter().any(|l| l.id == i.lesson.id))
                .collect()
        }
        None if opts.exercises.is_empty() => plan.items(),
        None => Vec::new(),
    };
    for name in &opts.exercises {
        let item = plan.find(name)?;
        if !items.iter().any(|i| i.id() == item.id()) {
            items.push(item);
        }
    }
    if items.is_empty() {
        return Err(Fail::usage(
            "nothing to grade: course.toml lists no exercise for that choice; check --lessons and --exercise",
        ));
    }
    Ok(items)
}
