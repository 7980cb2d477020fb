//! `course classroom`: a GitHub Classroom autograding workflow, one step per exercise.
//!
//! Each step runs that exercise's tests with `classroom-resources/autograding-command-grader`
//! and is worth `--points`; the reporter step at the end adds them up for Classroom.

use super::Ctx;
use crate::error::{Fail, Result};
use crate::fsutil;
use std::fmt::Write as _;
use std::path::Path;

/// Writes the workflow to `out`; exit code 0.
pub fn run(ctx: &Ctx, out: &Path, points: u32, minutes: u64) -> Result<i32> {
    let items = ctx.plan.items();
    if items.is_empty() {
        return Err(Fail::usage(
            "course.toml lists no exercises, so there is nothing to grade",
        ));
    }
    let mut y = String::new();
    let _ = writeln!(
        y,
        "# Written by `cargo course classroom`: one autograding step per exercise,"
    );
    let _ = writeln!(
        y,
        "# {points} points each. Regenerate it after changing course.toml."
    );
    y += "name: Autograding Tests\n'on':\n- push\n- repository_dispatch\n";
    y += "permissions:\n  checks: write\n  actions: read\n  contents: read\n";
    y += "jobs:\n  run-autograding-tests:\n    runs-on: ubuntu-latest\n";
    y += "    if: github.actor != 'github-classroom[bot]'\n    steps:\n";
    y += "    - name: Checkout code\n      uses: actions/checkout@v4\n";
    y += "    - name: Build every exercise once\n      run: cargo test --workspace --no-run\n";
    for item in &items {
        let id = item.id();
        let _ = write!(
            y,
            "    - name: {id}\n      id: {step}\n      uses: classroom-resources/autograding-command-grader@v1\n      with:\n        test-name: {id}\n        setup-command: ''\n        command: cargo test -p {id}\n        timeout: {minutes}\n        max-score: {points}\n",
            step = step_id(id)
        );
    }
    y += "    - name: Autograding Reporter\n      uses: classroom-resources/autograding-grading-reporter@v1\n      env:\n";
    for item in &items {
        let _ = writeln!(
            y,
            "        {}_RESULTS: \"${{{{steps.{}.outputs.result}}}}\"",
            step_id(item.id()).to_uppercase(),
            step_id(item.id())
        );
    }
    let runners: Vec<String> = items.iter().map(|i| step_id(i.id())).collect();
    let _ = writeln!(y, "      with:\n        runners: {}", runners.join(","));
    let path = if out.is_absolute() {
        out.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(out)
    };
    fsutil::write_atomic(&path, y.as_bytes())?;
    println!(
        "Wrote {} ({} exercises, {} points in all).",
        out.display(),
        items.len(),
        items.len() as u64 * u64::from(points)
    );
    Ok(0)
}

/// A step id GitHub accepts: letters, digits, `-` and `_`, starting with a letter.
fn step_id(id: &str) -> String {
    let clean: String = id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("ex-{clean}").replace('-', "_")
}
