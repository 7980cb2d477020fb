//! The class folder's `README.md`: how to work, and the assigned lessons.

use crate::plan::{Lesson, Plan};
use std::fmt::Write as _;

/// The README students see first.
pub fn class_readme(plan: &Plan, lessons: &[&Lesson]) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# {}\n", plan.course.title);
    let _ = writeln!(
        s,
        "Your workspace for this class. You need Rust (rustup) and nothing else.\n"
    );
    let _ = writeln!(s, "## How to work\n");
    let _ = writeln!(
        s,
        "1. `cargo course list` shows every exercise and where you stand."
    );
    let _ = writeln!(
        s,
        "2. Open the next exercise's folder and read its `README.md`."
    );
    let _ = writeln!(
        s,
        "3. Edit `src/lib.rs` until `cargo test` in that folder is green"
    );
    let _ = writeln!(
        s,
        "   (or run `cargo course check`, or `cargo course watch` to re-check on every save)."
    );
    let _ = writeln!(
        s,
        "4. Stuck? `cargo course hint` shows one more hint each time (for the exercise you are in)."
    );
    let _ = writeln!(
        s,
        "5. `cargo course reset <exercise>` restores the stub (your files are backed up first).\n"
    );
    let _ = writeln!(
        s,
        "When a test fails it draws the timeline of how your code ran: read it."
    );
    let _ = writeln!(
        s,
        "Do not edit the files in `tests/`: grading uses the original tests.\n"
    );
    let _ = writeln!(s, "## Lessons\n");
    for lesson in lessons {
        let _ = writeln!(
            s,
            "### Lesson {} · {} ({} min)\n",
            lesson.number, lesson.title, lesson.minutes
        );
        let _ = writeln!(
            s,
            "Tutorial section: {}. Demos: {}.\n",
            lesson.section,
            lesson
                .demos
                .iter()
                .map(|d| format!("`cargo run -p {d}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        for objective in &lesson.objectives {
            let _ = writeln!(s, "- {objective}");
        }
        let _ = writeln!(s, "\n| exercise | folder | title |\n|---|---|---|");
        for e in &lesson.exercises {
            let _ = writeln!(
                s,
                "| `{}` | `{}/{}` | {} |",
                e.id, lesson.dir, e.dir, e.title
            );
        }
        let _ = writeln!(s);
    }
    let _ = writeln!(
        s,
        "`docs/course-tool.md` documents every `cargo course` command."
    );
    s
}
