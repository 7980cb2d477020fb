//! `course ci --provider github|gitlab`: a CI workflow that grades a student's push.
//!
//! The workflow checks out the student's repository *and* the instructor's course
//! repository (its pristine tests and this tool: `COURSE_REPO`, a CI variable), grades the
//! student's folder with the course's `course grade`, and publishes the JUnit report and a
//! Markdown summary (GitHub: the job summary; GitLab: the merge request's test report).
//! A student can edit the workflow in their own repository, so CI is feedback; the
//! grade of record comes from `course grade-class` on the instructor's machine.

use super::Ctx;
use crate::cli::Provider;
use crate::error::{Fail, Result};
use crate::fsutil;
use std::path::{Path, PathBuf};

/// Writes the workflow; exit code 0.
pub fn run(
    ctx: &Ctx,
    provider: Provider,
    out: Option<&Path>,
    lessons: Option<&str>,
) -> Result<i32> {
    if ctx.plan.items().is_empty() {
        return Err(Fail::usage(
            "course.toml lists no exercises, so there is nothing to grade",
        ));
    }
    let lessons = match lessons {
        Some(list) => ctx.plan.lessons_from_list(list)?,
        None => ctx.plan.lessons.iter().collect(),
    };
    let list: Vec<String> = lessons.iter().map(|l| l.id.clone()).collect();
    let list = list.join(",");
    let (text, default) = match provider {
        Provider::Github => (github(&list), ".github/workflows/grade.yml"),
        Provider::Gitlab => (gitlab(&list), ".gitlab-ci.yml"),
    };
    let path: PathBuf = out.map(Path::to_path_buf).unwrap_or_else(|| default.into());
    let path = if path.is_absolute() {
        path
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    fsutil::write_atomic(&path, text.as_bytes())?;
    println!(
        "Wrote {} (grades lessons {list}). Set the CI variable COURSE_REPO to the course repository (owner/name on GitHub, a clone URL on GitLab).",
        path.display()
    );
    Ok(0)
}

/// The grading command both workflows run, from the course checkout.
fn grade_line(list: &str) -> String {
    format!(
        "cargo run --quiet --manifest-path course/Cargo.toml -p course -- --root course grade student --lessons {list} --format markdown --junit grade.xml --out grade.md"
    )
}

fn github(list: &str) -> String {
    format!(
        r#"# Written by `cargo course ci --provider github`. Grades every push with the course's
# pristine tests (from the course repository, not the student's copy) and publishes the
# result: the job summary shows the grade, grade.xml (JUnit) is an artifact.
# Set the repository variable COURSE_REPO (owner/name) and, if that repository is private,
# the secret COURSE_TOKEN (a read-only token).
name: Grade
on: [push, workflow_dispatch]
permissions:
  contents: read
jobs:
  grade:
    runs-on: ubuntu-latest
    timeout-minutes: 60
    steps:
      - uses: actions/checkout@v4
        with:
          path: student
      - uses: actions/checkout@v4
        with:
          repository: ${{{{ vars.COURSE_REPO }}}}
          token: ${{{{ secrets.COURSE_TOKEN || github.token }}}}
          path: course
      - name: The grader's sandbox
        run: sudo apt-get update -qq && sudo apt-get install -y -qq bubblewrap
      - name: Grade
        run: {grade}
      - name: Summary
        if: always()
        run: cat grade.md >> "$GITHUB_STEP_SUMMARY"
      - uses: actions/upload-artifact@v4
        if: always()
        with:
          name: grade
          path: |
            grade.xml
            grade.md
"#,
        grade = grade_line(list)
    )
}

fn gitlab(list: &str) -> String {
    format!(
        r#"# Written by `cargo course ci --provider gitlab`. Grades every push with the course's
# pristine tests (from the course repository, not the student's copy); the JUnit report
# shows in the merge request and the pipeline's Tests tab, grade.md is an artifact.
# Set the CI/CD variable COURSE_REPO to the course repository's clone URL.
grade:
  image: rust:latest
  timeout: 1h
  script:
    - apt-get update -qq && apt-get install -y -qq bubblewrap
    - mkdir -p /tmp/student && cp -a . /tmp/student && rm -rf student && mv /tmp/student student
    - git clone --depth 1 "$COURSE_REPO" course
    - {grade}
    - cat grade.md
  artifacts:
    when: always
    paths: [grade.md, grade.xml]
    reports:
      junit: grade.xml
"#,
        grade = grade_line(list)
    )
}
