//! The course tool as an instructor uses it, on a scratch copy of the workspace: `assign`
//! (a standalone workspace without solution source, where the stub's tests fail and the
//! tool works), `grade` (0 for stubs, full marks with the reference solutions, `tampered`
//! after a test file is edited, 0 with the compiler's message for code that does not
//! compile), `ci` (a workflow per provider), and `dev check` (the stub check). The attacks
//! on the grader, each as a student's `src/lib.rs`, are in `course_grader_attacks.rs`.

mod support;

use serde_json::Value;
use std::path::Path;
use support::{FIXTURE_SOLUTION, Ws, main_root, planned_exercises, stderr, stdout};

/// Every file under `dir`, as (path relative to `dir`, contents).
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
            let path = entry.path();
            let name = entry.file_name();
            if name == ".git" || name == "target" {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.push((rel, std::fs::read(&path).unwrap()));
            }
        }
    }
    out
}

#[test]
#[ignore = "end to end on scratch workspaces: CI runs these (cargo test -p course -- --ignored)"]
fn assign_writes_a_student_workspace_without_solutions() {
    let ws = Ws::new("assign", false);
    ws.git_commit(); // assign hands out the course as committed in git
    // Kept between runs (and written with --force) so cargo's build of it stays warm.
    let out_dir = ws.root.parent().unwrap().join("class");
    let had_files = out_dir.exists();
    // The first real lesson, by id, and the fixture lesson, by number.
    let planned = planned_exercises(&ws.read("course.toml"));
    let first_lesson = planned[0].0.clone();
    let lessons = format!("{first_lesson},99");
    let out_arg = out_dir.to_string_lossy().into_owned();
    let mut args = vec!["assign", "--lessons", &lessons, "--out", &out_arg];
    if had_files {
        args.push("--force");
    }
    let out = ws.course(&args).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");

    // No solution source anywhere: no solutions/ folder, and no file carries a solution's text.
    assert!(!out_dir.join("solutions").exists());
    let written = files(&out_dir);
    let mut solutions = files(&ws.root.join("solutions"));
    solutions.retain(|(rel, _)| rel.contains("/src/"));
    assert!(!solutions.is_empty());
    for (rel, text) in &written {
        for (solution, source) in &solutions {
            assert!(text != source, "{rel} is the solution {solution}");
        }
    }
    // The chosen lessons' exercises and nothing else; the same Cargo.lock (or its subset).
    let plan = std::fs::read_to_string(out_dir.join("course.toml")).unwrap();
    let assigned = planned_exercises(&plan);
    let want: Vec<_> = planned
        .iter()
        .filter(|(l, _)| *l == first_lesson || l == "fixture")
        .cloned()
        .collect();
    assert_eq!(assigned, want);
    assert_eq!(
        std::fs::read(out_dir.join("Cargo.lock")).unwrap(),
        std::fs::read(ws.root.join("Cargo.lock")).unwrap()
    );
    assert!(
        std::fs::read_to_string(out_dir.join("README.md"))
            .unwrap()
            .contains("cargo course list")
    );

    // In the new workspace, the stub's tests fail, and the course tool works.
    let exercise = out_dir.join("exercises/99_fixture/01_add");
    let test = std::process::Command::new(env!("CARGO"))
        .current_dir(&exercise)
        .env("CARGO_TARGET_DIR", &ws.target)
        .args(["test", "-q"])
        .output()
        .unwrap();
    assert!(!test.status.success(), "the stub must fail: {test:?}");
    assert!(stdout(&test).contains("2 + 2 should be 4"), "{test:?}");
    // The tool itself, run in the class: the binary cargo built for these tests, not a new
    // build of it inside the test (that took most of a minute). That `cargo course` reaches
    // it there is checked on the files: the alias, and the tool's crate it runs.
    let list = ws
        .course_in(&out_dir, &["list", "--cached"])
        .output()
        .unwrap();
    assert!(list.status.success(), "{list:?}");
    assert!(stdout(&list).contains("course_fixture"), "{list:?}");
    let config = std::fs::read_to_string(out_dir.join(".cargo/config.toml")).unwrap();
    assert!(
        config.contains("course = \"run --quiet --package course --\""),
        "the class's .cargo/config.toml lost the `cargo course` alias: {config}"
    );
    assert!(out_dir.join("crates/course/Cargo.toml").is_file());

    // A folder with files is refused without --force; unknown lessons get suggestions.
    let again = ws
        .course(&["assign", "--lessons", "99", "--out", &out_arg])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2), "{again:?}");
    let bad = ws
        .course(&["assign", "--lessons", "fixtur", "--out", "elsewhere"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2), "{bad:?}");
    assert!(stderr(&bad).contains("did you mean: fixture"), "{bad:?}");
}

/// `course grade` as JSON, run from the main copy (`ws`) against `student`.
fn grade(ws: &Ws, student: &Path, exercises: &[&str]) -> Value {
    let mut args = vec!["grade".to_string(), student.to_string_lossy().into_owned()];
    args.extend([
        "--format".into(),
        "json".into(),
        "--timeout".into(),
        "60".into(),
    ]);
    for e in exercises {
        args.extend(["--exercise".to_string(), e.to_string()]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = ws.course(&args).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {out:?}"))
}

fn exercise<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["exercises"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["exercise"] == id)
        .unwrap_or_else(|| panic!("{id} not in {report}"))
}

#[test]
#[ignore = "end to end on scratch workspaces: CI runs these (cargo test -p course -- --ignored)"]
fn grade_scores_stubs_zero_and_solutions_full_and_flags_tampering() {
    let ws = Ws::new("grade-teacher", false);
    // The student: another copy, as handed out.
    let student = Ws::new("grade-student", false);
    // The fixture, and the first real exercise of course.toml (its real, pristine tests).
    let planned = planned_exercises(&ws.read("course.toml"));
    let real = planned[0].1.clone();
    let chosen = ["course_fixture", real.as_str()];

    let stubs = grade(&ws, &student.root, &chosen);
    assert_eq!(stubs["score"], 0, "{stubs}");
    assert_eq!(stubs["max_score"], 20, "{stubs}");
    for id in chosen {
        let e = exercise(&stubs, id);
        assert_eq!(e["passed"], false, "{e}");
        assert_eq!(e["tampered"], false, "{e}");
        assert!(e["tests_total"].as_u64().unwrap() > 0, "{e}");
    }

    // The reference solutions copied into the student's exercises: full marks.
    let real_dir = main_root()
        .join("exercises")
        .join(find_dir(&student.root.join("exercises"), &real));
    let real_rel = real_dir
        .strip_prefix(main_root().join("exercises"))
        .unwrap()
        .to_path_buf();
    copy_src(
        &ws.root.join("solutions").join(&real_rel),
        &student.root.join("exercises").join(&real_rel),
    );
    student.write("exercises/99_fixture/01_add/src/lib.rs", FIXTURE_SOLUTION);
    // ... and a test file edited to make every test trivially pass: tampered, pristine used.
    student.write(
        "exercises/99_fixture/01_add/tests/add.rs",
        "//! Tampered.\n#[test]\nfn two_plus_two() {}\n",
    );
    let solved = grade(&ws, &student.root, &chosen);
    assert_eq!(solved["score"], 20, "{solved}");
    let fixture = exercise(&solved, "course_fixture");
    assert_eq!(fixture["tampered"], true, "{fixture}");
    assert_eq!(
        fixture["tests_total"], 2,
        "the pristine file has two tests: {fixture}"
    );
    assert_eq!(exercise(&solved, &real)["tampered"], false);
    // The student's folder was not modified by grading.
    assert!(
        student
            .read("exercises/99_fixture/01_add/tests/add.rs")
            .contains("Tampered")
    );

    // Code that does not compile scores 0 with the compiler's message, and no crash.
    student.write(
        "exercises/99_fixture/01_add/src/lib.rs",
        "pub fn add(a: u32) -> {}\n",
    );
    let broken = grade(&ws, &student.root, &["course_fixture"]);
    let e = exercise(&broken, "course_fixture");
    assert_eq!(broken["score"], 0, "{broken}");
    assert!(e["error"].as_str().unwrap_or("").contains("error"), "{e}");

    // The other formats: JUnit is well-formed XML, Markdown a table.
    let root = student.root.to_string_lossy().into_owned();
    let junit = ws
        .course(&[
            "grade",
            &root,
            "--exercise",
            "course_fixture",
            "--format",
            "junit",
        ])
        .output()
        .unwrap();
    roxmltree::Document::parse(&stdout(&junit)).unwrap_or_else(|e| panic!("{e}: {junit:?}"));
    let markdown = ws
        .course(&[
            "grade",
            &root,
            "--exercise",
            "course_fixture",
            "--format",
            "markdown",
        ])
        .output()
        .unwrap();
    assert!(
        stdout(&markdown).contains("| exercise | score |"),
        "{markdown:?}"
    );
}

/// The folder (relative to `exercises/`) of the exercise whose Cargo.toml names `id`.
fn find_dir(exercises: &Path, id: &str) -> std::path::PathBuf {
    for lesson in std::fs::read_dir(exercises).unwrap().flatten() {
        for krate in std::fs::read_dir(lesson.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            let manifest =
                std::fs::read_to_string(krate.path().join("Cargo.toml")).unwrap_or_default();
            if manifest.contains(&format!("name = \"{id}\"")) {
                return krate.path().strip_prefix(exercises).unwrap().to_path_buf();
            }
        }
    }
    panic!("no exercise folder for {id}")
}

/// Copies the solution's src/ files over the exercise's.
fn copy_src(solution: &Path, exercise: &Path) {
    for (rel, bytes) in files(&solution.join("src")) {
        let to = exercise.join("src").join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::write(to, bytes).unwrap();
    }
}

#[test]
#[ignore = "end to end on scratch workspaces: CI runs these (cargo test -p course -- --ignored)"]
fn ci_writes_a_workflow_for_each_provider() {
    let ws = Ws::new("ci", false);
    let out = ws
        .course(&["ci", "--provider", "github", "--lessons", "99"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let workflow = ws.read(".github/workflows/grade.yml");
    assert!(workflow.contains("GITHUB_STEP_SUMMARY"), "{workflow}");
    assert!(workflow.contains("--lessons fixture"), "{workflow}");
    assert!(workflow.contains("--junit grade.xml"), "{workflow}");
    let out = ws
        .course(&["ci", "--provider", "gitlab", "--out", "gl.yml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(ws.read("gl.yml").contains("junit: grade.xml"));
    let bad = ws
        .course(&["ci", "--provider", "jenkins"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2), "{bad:?}");
}

#[test]
#[ignore = "end to end on scratch workspaces: CI runs these (cargo test -p course -- --ignored)"]
fn dev_check_proves_the_stub_fails_and_the_solution_passes() {
    let ws = Ws::new("dev-check", true);
    let out = ws
        .course(&["dev", "check", "--exercise", "course_fixture"])
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(text.contains("✓ course_fixture"), "{text}");
    assert!(
        text.contains("stub fails 1/2 tests, solution passes 2/2"),
        "{text}"
    );

    // A stub that already passes, and a missing hint-less README, are reported.
    ws.write("exercises/99_fixture/01_add/src/lib.rs", FIXTURE_SOLUTION);
    std::fs::remove_file(ws.root.join("exercises/99_fixture/01_add/README.md")).unwrap();
    let out = ws
        .course(&["dev", "check", "--exercise", "course_fixture"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let text = stdout(&out);
    assert!(text.contains("README.md is missing"), "{text}");
}
