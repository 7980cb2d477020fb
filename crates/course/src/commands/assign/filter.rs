//! `course.toml` for the class folder: the plan with only the assigned lessons.

use crate::error::{Fail, Result};
use crate::plan::{Lesson, Plan};

/// `course.toml` with only the chosen lessons. It is filtered as text, so the schema
/// comments at the top survive; the result is parsed back to be sure it is right.
pub fn filter_plan(text: &str, lessons: &[&Lesson]) -> Result<String> {
    let mut out = String::new();
    let mut keep = true;
    let mut section = String::new();
    let flush = |section: &mut String, out: &mut String, keep: bool| {
        if keep {
            out.push_str(section);
        }
        section.clear();
    };
    for line in text.split_inclusive('\n') {
        if line.trim() == "[[lessons]]" {
            flush(&mut section, &mut out, keep);
            keep = false; // decided when the section's id is seen
        }
        if let Some(id) = line
            .trim()
            .strip_prefix("id")
            .map(str::trim)
            .and_then(|r| r.strip_prefix('='))
            && section.trim_start().starts_with("[[lessons]]")
            && !section.contains("[[lessons.exercises]]")
        {
            let id = id.trim().trim_matches('"');
            keep = lessons.iter().any(|l| l.id == id);
        }
        section.push_str(line);
    }
    flush(&mut section, &mut out, keep);
    let plan =
        Plan::parse(&out).map_err(|e| Fail::failure(format!("filtering course.toml: {e}")))?;
    let got: Vec<&str> = plan.lessons.iter().map(|l| l.id.as_str()).collect();
    let want: Vec<&str> = lessons.iter().map(|l| l.id.as_str()).collect();
    if got != want {
        return Err(Fail::failure(format!(
            "filtering course.toml kept lessons {got:?}, wanted {want:?}"
        )));
    }
    Ok(out)
}
