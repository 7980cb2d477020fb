//! Points, from the `[grading]` table of the instructor's `course.toml` (never the student's).
//!
//! ```toml
//! [grading]
//! points = 10              # each exercise: all or nothing (the default: 10)
//! # points_per_test = 2    # or: this many points per passing test
//! [grading.exercises.spawn_join]
//! points_per_test = 3      # one exercise differently
//! ```

use crate::error::{Fail, Result};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The default points of an exercise, all or nothing.
pub const DEFAULT_POINTS: u32 = 10;

/// How one exercise is scored.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Points for the whole exercise, earned when every test passes.
    pub points: Option<u32>,
    /// Points per passing test (partial credit); wins over `points`.
    pub points_per_test: Option<u32>,
}

/// The `[grading]` table.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Points {
    /// Points for the whole exercise (default for every exercise).
    pub points: Option<u32>,
    /// Points per passing test (default for every exercise).
    pub points_per_test: Option<u32>,
    /// Per-exercise rules, by id.
    #[serde(default)]
    pub exercises: BTreeMap<String, Rule>,
}

#[derive(Deserialize)]
struct File {
    #[serde(default)]
    grading: Option<Points>,
}

impl Points {
    /// Reads `[grading]` from `root/course.toml` (absent: 10 points per exercise).
    pub fn load(root: &Path) -> Result<Points> {
        let path = root.join("course.toml");
        let text = std::fs::read_to_string(&path)
            .map_err(|e| Fail::failure(format!("reading {}: {e}", path.display())))?;
        let file: File = toml::from_str(&text)
            .map_err(|e| Fail::usage(format!("{}: [grading]: {e}", path.display())))?;
        Ok(file.grading.unwrap_or_default())
    }

    fn rule(&self, id: &str) -> (Option<u32>, Option<u32>) {
        let own = self.exercises.get(id).copied().unwrap_or_default();
        match (own.points, own.points_per_test) {
            (None, None) => (self.points, self.points_per_test),
            pair => pair,
        }
    }

    /// (score, max score) of exercise `id` with `passed` of `total` tests passing.
    pub fn score(&self, id: &str, passed: usize, total: usize) -> (u32, u32) {
        match self.rule(id) {
            (_, Some(each)) => {
                let n = |k: usize| u32::try_from(k).unwrap_or(u32::MAX).saturating_mul(each);
                (n(passed), n(total))
            }
            (points, None) => {
                let max = points.unwrap_or(DEFAULT_POINTS);
                (if total > 0 && passed == total { max } else { 0 }, max)
            }
        }
    }

    /// The max score of an exercise that did not run, when the number of tests is unknown:
    /// per-test exercises count the tests in the pristine files.
    pub fn max_without_run(&self, id: &str, pristine_tests: usize) -> u32 {
        self.score(id, 0, pristine_tests).1
    }
}
