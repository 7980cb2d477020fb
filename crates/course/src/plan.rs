//! The lesson plan, `course.toml`: lessons, their exercises in order, and the hints.
//!
//! Its schema is documented at the top of `course.toml` itself. This module reads it and
//! answers the questions every command asks: where does an exercise live, where is its
//! solution, which exercise did the user mean?

use crate::error::{Context, Fail, Result};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The whole plan: the course's title and its lessons in order.
#[derive(Debug, Clone, Deserialize)]
pub struct Plan {
    /// The `[course]` table.
    pub course: CourseInfo,
    /// The lessons, in teaching order.
    #[serde(default)]
    pub lessons: Vec<Lesson>,
}

/// The `[course]` table: what the course is called and which tutorial it teaches from.
#[derive(Debug, Clone, Deserialize)]
pub struct CourseInfo {
    /// The course's title.
    pub title: String,
    /// The tutorial's path, relative to the workspace root.
    #[serde(default)]
    pub tutorial: Option<String>,
}

/// One lesson: a tutorial section, its demos and its exercises.
#[derive(Debug, Clone, Deserialize)]
pub struct Lesson {
    /// A short name (`threads`), usable instead of the number on the command line.
    pub id: String,
    /// The lesson's number, 1-based.
    pub number: u32,
    /// The lesson's title.
    pub title: String,
    /// The tutorial heading the lesson comes from.
    #[serde(default)]
    pub section: String,
    /// The folder of its exercises, relative to the root (`exercises/01_threads`).
    pub dir: String,
    /// How long the lesson takes in class.
    #[serde(default)]
    pub minutes: u32,
    /// The demo crates the lesson refers to.
    #[serde(default)]
    pub demos: Vec<String>,
    /// What the learner can do afterwards.
    #[serde(default)]
    pub objectives: Vec<String>,
    /// The exercises, in order.
    #[serde(default)]
    pub exercises: Vec<Exercise>,
}

/// One exercise: a crate with a stub, tests and a reference solution.
#[derive(Debug, Clone, Deserialize)]
pub struct Exercise {
    /// The exercise's package and lib name, unique in the course.
    pub id: String,
    /// Its folder inside the lesson's folder.
    pub dir: String,
    /// Its title.
    pub title: String,
    /// One to three hints, gentle to blunt.
    #[serde(default)]
    pub hints: Vec<String>,
}

/// An exercise together with the lesson it belongs to: what most commands work with.
#[derive(Debug, Clone, Copy)]
pub struct Item<'a> {
    /// The lesson.
    pub lesson: &'a Lesson,
    /// The exercise.
    pub exercise: &'a Exercise,
}

impl Item<'_> {
    /// The exercise's id.
    pub fn id(&self) -> &str {
        &self.exercise.id
    }

    /// The exercise folder relative to the root: `exercises/01_threads/01_spawn`.
    pub fn rel_dir(&self) -> PathBuf {
        Path::new(&self.lesson.dir).join(&self.exercise.dir)
    }

    /// The solution folder relative to the root: `solutions/01_threads/01_spawn`.
    pub fn solution_rel_dir(&self) -> PathBuf {
        let lesson_folder = Path::new(&self.lesson.dir)
            .file_name()
            .map(PathBuf::from)
            .unwrap_or_default();
        Path::new("solutions")
            .join(lesson_folder)
            .join(&self.exercise.dir)
    }

    /// The solution's package name.
    pub fn solution_package(&self) -> String {
        format!("{}_solution", self.exercise.id)
    }
}

impl Plan {
    /// Reads `course.toml` from the workspace root.
    pub fn load(root: &Path) -> Result<Plan> {
        let path = root.join("course.toml");
        let text =
            std::fs::read_to_string(&path).context(|| format!("reading {}", path.display()))?;
        Plan::parse(&text).map_err(|e| Fail::failure(format!("{}: {e}", path.display())))
    }

    /// Parses the text of a `course.toml`.
    pub fn parse(text: &str) -> std::result::Result<Plan, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }

    /// Every exercise of the course, in order.
    pub fn items(&self) -> Vec<Item<'_>> {
        self.lessons
            .iter()
            .flat_map(|lesson| {
                lesson
                    .exercises
                    .iter()
                    .map(move |exercise| Item { lesson, exercise })
            })
            .collect()
    }

    /// The exercise called `name`, or exit 2 with the closest names. Besides its id, an
    /// exercise answers to its folder as a learner may type it: `01_spawn_join`,
    /// `spawn_join` (the folder without its number), or the path from the root
    /// (`exercises/01_threads/01_spawn_join/`, as a shell completes it).
    pub fn find(&self, name: &str) -> Result<Item<'_>> {
        let items = self.items();
        if let Some(item) = items.iter().find(|i| i.id() == name) {
            return Ok(*item);
        }
        let wanted = name.trim().trim_start_matches("./").trim_end_matches('/');
        let by_folder: Vec<&Item> = items
            .iter()
            .filter(|i| folder_names(i).iter().any(|f| f == wanted))
            .collect();
        match by_folder.as_slice() {
            [one] => return Ok(**one),
            [] => {}
            several => {
                let paths: Vec<String> = several
                    .iter()
                    .map(|i| format!("{} ({})", i.id(), i.rel_dir().display()))
                    .collect();
                return Err(Fail::usage(format!(
                    "`{name}` is the folder of several exercises: {}; give the exercise id",
                    paths.join(", ")
                )));
            }
        }
        let names: Vec<&str> = items.iter().map(|i| i.id()).collect();
        Err(Fail::usage(unknown("exercise", name, &names)))
    }

    /// The lesson given by number (`3`) or id (`async`), or exit 2 with the closest names.
    pub fn lesson(&self, spec: &str) -> Result<&Lesson> {
        let spec = spec.trim();
        let found = self
            .lessons
            .iter()
            .find(|l| l.id == spec || spec.parse::<u32>().is_ok_and(|n| n == l.number));
        found.ok_or_else(|| {
            let names: Vec<String> = self
                .lessons
                .iter()
                .map(|l| format!("{} ({})", l.id, l.number))
                .collect();
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            Fail::usage(unknown("lesson", spec, &names))
        })
    }

    /// The lessons of a comma-separated list (`1,3` or `threads,async`), in plan order.
    pub fn lessons_from_list(&self, list: &str) -> Result<Vec<&Lesson>> {
        let mut chosen = Vec::new();
        for spec in list.split(',').filter(|s| !s.trim().is_empty()) {
            let lesson = self.lesson(spec)?;
            if !chosen.iter().any(|l: &&Lesson| l.id == lesson.id) {
                chosen.push(lesson);
            }
        }
        if chosen.is_empty() {
            return Err(Fail::usage(format!(
                "--lessons {list:?} names no lesson; give numbers or ids separated by commas, e.g. --lessons 1,3"
            )));
        }
        chosen.sort_by_key(|l| l.number);
        Ok(chosen)
    }

    /// The exercise whose folder contains `dir` (used when the tool runs inside one).
    pub fn containing(&self, root: &Path, dir: &Path) -> Option<Item<'_>> {
        self.items()
            .into_iter()
            .find(|item| dir.starts_with(root.join(item.rel_dir())))
    }
}

/// The names an exercise's folder goes by: `01_spawn_join`, `spawn_join`, and its path.
fn folder_names(item: &Item) -> Vec<String> {
    let dir = &item.exercise.dir;
    let unnumbered = dir
        .split_once('_')
        .filter(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
        .map_or(dir.as_str(), |(_, rest)| rest);
    vec![
        dir.clone(),
        unnumbered.to_string(),
        item.rel_dir().to_string_lossy().into_owned(),
    ]
}

/// "unknown exercise `spwan`; did you mean: spawn, scoped?" — the closest names first.
pub fn unknown(kind: &str, name: &str, names: &[&str]) -> String {
    let mut scored: Vec<(f64, &str)> = names
        .iter()
        .map(|n| {
            let bare = n.split(' ').next().unwrap_or(n);
            (strsim::jaro_winkler(name, bare), *n)
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let close: Vec<&str> = scored
        .iter()
        .filter(|(score, _)| *score > 0.7)
        .take(3)
        .map(|(_, n)| *n)
        .collect();
    if names.is_empty() {
        format!("unknown {kind} `{name}`: course.toml lists none yet")
    } else if close.is_empty() {
        format!(
            "unknown {kind} `{name}`; the {kind}s are: {}",
            names.join(", ")
        )
    } else {
        format!(
            "unknown {kind} `{name}`; did you mean: {}?",
            close.join(", ")
        )
    }
}

/// Finds the workspace root: the nearest folder, from `start` upwards, holding `course.toml`.
pub fn find_root(start: &Path) -> Result<PathBuf> {
    let mut dir = Some(start);
    while let Some(d) = dir {
        if d.join("course.toml").is_file() && d.join("Cargo.toml").is_file() {
            return Ok(d.to_path_buf());
        }
        dir = d.parent();
    }
    Err(Fail::usage(format!(
        "no course.toml found in {} or any folder above it; run the tool inside the course workspace or pass --root DIR",
        start.display()
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN: &str = r#"
[course]
title = "t"
[[lessons]]
id = "threads"
number = 1
title = "Threads"
dir = "exercises/01_threads"
[[lessons.exercises]]
id = "spawn"
dir = "01_spawn"
title = "Spawn"
hints = ["one"]
[[lessons]]
id = "async"
number = 3
title = "Async"
dir = "exercises/03_async"
"#;

    #[test]
    fn paths_follow_the_schema() {
        let plan = Plan::parse(PLAN).unwrap();
        let item = plan.find("spawn").unwrap();
        assert_eq!(item.rel_dir(), Path::new("exercises/01_threads/01_spawn"));
        assert_eq!(
            item.solution_rel_dir(),
            Path::new("solutions/01_threads/01_spawn")
        );
        assert_eq!(item.solution_package(), "spawn_solution");
    }

    #[test]
    fn unknown_names_suggest_the_closest() {
        let plan = Plan::parse(PLAN).unwrap();
        let err = plan.find("spwan").unwrap_err();
        assert_eq!(err.code, 2);
        assert!(
            err.message.contains("did you mean: spawn"),
            "{}",
            err.message
        );
    }

    #[test]
    fn exercises_answer_to_their_folder_names() {
        let plan = Plan::parse(PLAN).unwrap();
        for name in [
            "01_spawn",
            "spawn",
            "exercises/01_threads/01_spawn/",
            "./exercises/01_threads/01_spawn",
        ] {
            assert_eq!(plan.find(name).unwrap().id(), "spawn", "{name}");
        }
        assert_eq!(plan.find("02_spawn").unwrap_err().code, 2);
    }

    #[test]
    fn lessons_by_number_or_id() {
        let plan = Plan::parse(PLAN).unwrap();
        let chosen = plan.lessons_from_list("async,1").unwrap();
        assert_eq!(chosen.iter().map(|l| l.number).collect::<Vec<_>>(), [1, 3]);
        assert_eq!(plan.lessons_from_list("7").unwrap_err().code, 2);
    }
}
