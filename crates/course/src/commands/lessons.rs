//! `course lessons`: the lesson plan for instructors.

use super::Ctx;
use crate::error::Result;

/// Prints every lesson: title, section, minutes, demos, objectives and exercises.
pub fn run(ctx: &Ctx) -> Result<i32> {
    println!("{}\n", ctx.plan.course.title);
    let mut minutes = 0;
    for lesson in &ctx.plan.lessons {
        minutes += lesson.minutes;
        println!(
            "Lesson {} · {}  [id: {}]",
            lesson.number, lesson.title, lesson.id
        );
        println!("  tutorial section: {}", lesson.section);
        println!(
            "  minutes: {}   demos: {}",
            lesson.minutes,
            lesson.demos.join(", ")
        );
        println!("  objectives:");
        for objective in &lesson.objectives {
            println!("    - {objective}");
        }
        println!("  exercises:");
        for exercise in &lesson.exercises {
            println!(
                "    {:<24} {}  ({} hint(s))",
                exercise.id,
                exercise.title,
                exercise.hints.len()
            );
        }
        println!();
    }
    println!(
        "{} lessons, {} minutes in all",
        ctx.plan.lessons.len(),
        minutes
    );
    Ok(0)
}
