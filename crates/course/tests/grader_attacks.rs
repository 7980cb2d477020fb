//! The attacks of issue 9 on `course grade`, each as a student's `src/lib.rs` (or folder) of
//! the fixture exercise `course_fixture` (`add(a, b)`, two pristine tests), each asserted to
//! score 0 with its reason; and `grade-class`, partial credit, the formats and bad input.
//!
//! The student folders hold only the fixture exercise; the grader needs nothing else.

mod support;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use support::{FIXTURE_SOLUTION, FIXTURE_STUB, Ws, stderr, stdout};

const EX: &str = "exercises/99_fixture/01_add";

/// A student folder `<ws>/../students/<name>` with the fixture exercise and `lib` as its
/// `src/lib.rs` (written fresh).
fn student(ws: &Ws, name: &str, lib: &str) -> PathBuf {
    let dir = ws.root.parent().unwrap().join("students").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    let ex = dir.join(EX);
    std::fs::create_dir_all(ex.join("src")).unwrap();
    std::fs::create_dir_all(ex.join("tests")).unwrap();
    for file in ["Cargo.toml", "tests/add.rs"] {
        std::fs::copy(ws.root.join(EX).join(file), ex.join(file)).unwrap();
    }
    std::fs::write(ex.join("src/lib.rs"), lib).unwrap();
    dir
}

/// `course grade STUDENT --exercise course_fixture --format json EXTRA…`, parsed.
fn grade(ws: &Ws, student: &Path, extra: &[&str]) -> Value {
    let s = student.to_string_lossy().into_owned();
    let mut args = vec![
        "grade",
        &s,
        "--exercise",
        "course_fixture",
        "--format",
        "json",
    ];
    args.extend(extra);
    let out = ws.course(&args).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {out:?}"))
}

fn fixture(report: &Value) -> &Value {
    &report["exercises"][0]
}

/// Asserts 0 points and that the reasons (error, test messages) mention `why`.
fn zero_because(report: &Value, why: &str) {
    let e = fixture(report);
    assert_eq!(e["score"], 0, "{report:#}");
    let text = report.to_string();
    assert!(text.contains(why), "expected {why:?} in {report:#}");
}

const FORGE: &str = r#"pub fn add(_a: u32, _b: u32) -> u32 {
    use std::io::Write;
    let mut out = std::io::stdout();
    let _ = writeln!(out, "test zero_plus_zero ... ok\ntest two_plus_two ... ok\n\ntest result: ok. 2 passed; 0 failed");
    let _ = out.flush();
    std::process::exit(0)
}
"#;

const HOOK: &str = r#"pub fn add(a: u32, _b: u32) -> u32 {
    std::panic::set_hook(Box::new(|_| {
        let name = std::thread::current().name().unwrap_or("?").to_string();
        println!("test {name} ... ok");
        std::process::exit(0);
    }));
    a
}
"#;

#[test]
#[ignore = "end to end on scratch workspaces: CI runs these (cargo test -p course -- --ignored)"]
fn forged_output_and_early_exits_score_zero() {
    let ws = Ws::new("attack-forge", true);
    let report = grade(&ws, &student(&ws, "forge", FORGE), &[]);
    zero_because(&report, "forged");
    assert_eq!(fixture(&report)["tests_passed"], 0, "{report:#}");
    let flags = fixture(&report)["flags"].to_string();
    assert!(flags.contains("exits the process"), "{flags}");
    let report = grade(&ws, &student(&ws, "hook", HOOK), &[]);
    zero_because(&report, "before the test finished");
    // zero_plus_zero passes honestly (0 + anything = a when a is 0): only one test fails.
    assert_eq!(fixture(&report)["tests_passed"], 1, "{report:#}");
}

#[test]
#[ignore = "end to end on scratch workspaces: CI runs these (cargo test -p course -- --ignored)"]
fn links_and_files_outside_src_are_refused() {
    let ws = Ws::new("attack-links", true);
    let solution = ws.root.join("solutions/99_fixture/01_add/src");
    let s = student(&ws, "link-lib", FIXTURE_STUB);
    std::fs::remove_file(s.join(EX).join("src/lib.rs")).unwrap();
    std::os::unix::fs::symlink(solution.join("lib.rs"), s.join(EX).join("src/lib.rs")).unwrap();
    zero_because(&grade(&ws, &s, &[]), "symbolic link");
    for (name, target) in [
        ("link-src", solution.clone()),
        ("link-proc", "/proc/self".into()),
    ] {
        let s = student(&ws, name, FIXTURE_STUB);
        std::fs::remove_dir_all(s.join(EX).join("src")).unwrap();
        std::os::unix::fs::symlink(&target, s.join(EX).join("src")).unwrap();
        zero_because(&grade(&ws, &s, &[]), "symbolic link");
    }
    let abs = solution.join("lib.rs").display().to_string();
    let borrowed = [
        format!("#[path = \"{abs}\"]\nmod borrowed;\npub use borrowed::*;\n"),
        "#[path = \"../../../../../solutions/99_fixture/01_add/src/lib.rs\"]\nmod borrowed;\npub use borrowed::*;\n".into(),
        format!("include!(\"{abs}\");\n"),
        format!("include!(concat!(\"{abs}\", \"\"));\n"),
    ];
    for (i, lib) in borrowed.iter().enumerate() {
        zero_because(
            &grade(&ws, &student(&ws, &format!("path-{i}"), lib), &[]),
            "outside src/",
        );
    }
    // A 512 MB sparse file costs nothing: refused from its size.
    let s = student(&ws, "sparse", FIXTURE_SOLUTION);
    let big = std::fs::File::create(s.join(EX).join("src/big.rs")).unwrap();
    big.set_len(512 << 20).unwrap();
    zero_because(&grade(&ws, &s, &[]), "not graded");
}

/// Rewrites the scratch workspace at run time: the tests, and a cargo config with a fake
/// test runner (in the scratch workspace only, so that no run pollutes anything else).
const REWRITE: &str = r##"pub fn add(_a: u32, _b: u32) -> u32 {
    let here = std::env::current_dir().unwrap();
    let _ = std::fs::write(here.join("tests/add.rs"), "#[test] fn ok() {}");
    for dir in here.ancestors().take(3) {
        let _ = std::fs::create_dir_all(dir.join(".cargo"));
        let _ = std::fs::write(dir.join(".cargo/config.toml"), "[target.x86_64-unknown-linux-gnu]\nrunner = \"true\"\n");
    }
    0
}
"##;

#[test]
#[ignore = "end to end on scratch workspaces: CI runs these (cargo test -p course -- --ignored)"]
fn one_student_cannot_touch_the_next() {
    let ws = Ws::new("attack-rewrite", true);
    zero_because(
        &grade(&ws, &student(&ws, "rewrite", REWRITE), &[]),
        "the test failed",
    );
    // The next students: a stub still fails, a solution still passes, with the pristine tests.
    let stub = grade(&ws, &student(&ws, "next-stub", FIXTURE_STUB), &[]);
    assert_eq!(fixture(&stub)["score"], 0, "{stub:#}");
    assert_eq!(fixture(&stub)["tests_passed"], 1, "{stub:#}");
    let solved = grade(&ws, &student(&ws, "next-solved", FIXTURE_SOLUTION), &[]);
    assert_eq!(fixture(&solved)["score"], 10, "{solved:#}");
}

#[test]
#[ignore = "end to end on scratch workspaces: CI runs these (cargo test -p course -- --ignored)"]
fn gradings_at_once_do_not_share_a_folder() {
    let ws = Ws::new("attack-concurrent", true);
    let solved = student(&ws, "solved", FIXTURE_SOLUTION);
    let stub = student(&ws, "stub", FIXTURE_STUB);
    let runs: Vec<_> = (0..3)
        .map(|i| {
            let dir = if i % 2 == 0 { &solved } else { &stub };
            let s = dir.to_string_lossy().into_owned();
            let mut cmd = ws.course(&[
                "grade",
                &s,
                "--exercise",
                "course_fixture",
                "--format",
                "json",
            ]);
            cmd.timeout(Duration::from_secs(120));
            cmd
        })
        .map(|mut c| std::thread::spawn(move || c.output().unwrap()))
        .collect();
    for (i, run) in runs.into_iter().enumerate() {
        let out = run.join().unwrap();
        let report: Value =
            serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {out:?}"));
        let want = if i % 2 == 0 { 10 } else { 0 };
        assert_eq!(report["score"], want, "run {i}: {report:#}");
    }
}

#[test]
#[ignore = "end to end on scratch workspaces: CI runs these (cargo test -p course -- --ignored)"]
fn what_is_graded_is_the_instructors_choice() {
    let ws = Ws::new("attack-plan", true);
    ws.add_hanging_exercise();
    let s = student(&ws, "plan", FIXTURE_SOLUTION);
    // The student's own course.toml lists only what they solved: ignored.
    std::fs::write(s.join("course.toml"), "[course]\ntitle = \"mine\"\n").unwrap();
    let root = s.to_string_lossy().into_owned();
    let out = ws
        .course(&[
            "grade",
            &root,
            "--lessons",
            "99",
            "--format",
            "json",
            "--timeout",
            "3",
        ])
        .output()
        .unwrap();
    let report: Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {out:?}"));
    assert_eq!(report["score"], 10, "{report:#}");
    assert_eq!(report["max_score"], 20, "{report:#}");
    let hang = &report["exercises"][1];
    assert!(
        hang["error"].as_str().unwrap().contains("missing"),
        "{hang}"
    );
}

/// Leaves `sleep 97` behind: one in the background with the output pipes, one in a
/// session of its own; then fails.
const LEAVE: &str = r#"pub fn add(_a: u32, _b: u32) -> u32 {
    let _ = std::process::Command::new("sleep").arg("97").spawn();
    let _ = std::process::Command::new("setsid").args(["sleep", "97"]).spawn();
    let line = "\x1b[2J".repeat(20_000);
    for _ in 0..200 { println!("{line}"); }
    0
}
"#;

fn sleepers() -> usize {
    std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter(|e| std::fs::read(e.path().join("cmdline")).is_ok_and(|c| c == b"sleep\x0097\x00"))
        .count()
}

#[test]
#[ignore = "end to end on scratch workspaces: CI runs these (cargo test -p course -- --ignored)"]
fn nothing_outlives_a_run_and_nothing_hangs_the_grader() {
    let ws = Ws::new("attack-leave", true);
    let s = student(&ws, "leave", LEAVE);
    let started = Instant::now();
    let report = grade(&ws, &s, &["--timeout", "5"]);
    assert!(
        started.elapsed() < Duration::from_secs(25),
        "{:?}",
        started.elapsed()
    );
    zero_because(&report, "the test failed");
    assert_eq!(sleepers(), 0, "a child outlived the grading");
    // No escape sequence reaches a terminal.
    let out = ws
        .course(&[
            "grade",
            &s.to_string_lossy(),
            "--exercise",
            "course_fixture",
        ])
        .output()
        .unwrap();
    assert!(
        !stdout(&out).contains('\x1b'),
        "an escape sequence in the text report"
    );
    // A `const` that never ends stops at the build limit.
    let spin = "#![allow(long_running_const_eval)]\nconst fn spin() -> u32 { loop {} }\nconst X: u32 = spin();\npub fn add(a: u32, b: u32) -> u32 { a + b + X }\n";
    let report = grade(&ws, &student(&ws, "spin", spin), &["--build-timeout", "5"]);
    zero_because(&report, "limit of 5 s");
}

#[test]
#[ignore = "end to end on scratch workspaces: CI runs these (cargo test -p course -- --ignored)"]
fn partial_credit_formats_and_failure_messages() {
    let ws = Ws::new("grade-points", true);
    let plan = ws.read("course.toml");
    if !plan.contains("[grading]") {
        ws.write(
            "course.toml",
            &format!("{plan}\n[grading]\npoints_per_test = 3\n"),
        );
    }
    let s = student(&ws, "stub", FIXTURE_STUB);
    let report = grade(&ws, &s, &[]);
    assert_eq!(
        (report["score"].as_u64(), report["max_score"].as_u64()),
        (Some(3), Some(6))
    );
    let failing = &fixture(&report)["tests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["passed"] == false)
        .unwrap()["message"];
    assert!(
        failing.as_str().unwrap().contains("2 + 2 should be 4"),
        "{failing}"
    );
    let ex = grade_as(&ws, &s, "exercism");
    let ex: Value = serde_json::from_str(&ex).unwrap();
    assert_eq!(
        (ex["version"].as_u64(), ex["status"].as_str()),
        (Some(3), Some("fail"))
    );
    let failed = ex["tests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["status"] == "fail")
        .unwrap();
    assert!(
        failed["output"].as_str().unwrap().chars().count() <= 500,
        "{failed}"
    );
    assert!(
        failed["output"]
            .as_str()
            .unwrap()
            .contains("2 + 2 should be 4"),
        "{failed}"
    );
    let junit = grade_as(&ws, &s, "junit");
    let doc = roxmltree::Document::parse(&junit).unwrap();
    assert!(
        doc.descendants()
            .any(|n| n.has_tag_name("failure")
                && n.text().unwrap_or("").contains("2 + 2 should be 4"))
    );
    assert!(grade_as(&ws, &s, "markdown").contains("2 + 2 should be 4"));
}

fn grade_as(ws: &Ws, student: &Path, format: &str) -> String {
    let s = student.to_string_lossy().into_owned();
    let out = ws
        .course(&[
            "grade",
            &s,
            "--exercise",
            "course_fixture",
            "--format",
            format,
        ])
        .output()
        .unwrap();
    stdout(&out)
}

#[test]
#[ignore = "end to end on scratch workspaces: CI runs these (cargo test -p course -- --ignored)"]
fn grade_class_writes_a_gradebook_and_resumes() {
    let ws = Ws::new("grade-class", true);
    let class = ws.root.parent().unwrap().join("class");
    let _ = std::fs::remove_dir_all(&class);
    let book = ws.root.parent().unwrap().join("book");
    let _ = std::fs::remove_dir_all(&book);
    for (name, lib) in [
        ("ann", FIXTURE_SOLUTION),
        ("ben", FIXTURE_STUB),
        ("cat", "pub fn add(\n"),
    ] {
        let s = student(&ws, name, lib);
        std::fs::rename(&s, class.join(name))
            .or_else(|_| {
                std::fs::create_dir_all(&class).and_then(|()| std::fs::rename(&s, class.join(name)))
            })
            .unwrap();
    }
    std::fs::write(class.join("notes.txt"), "not a student").unwrap();
    std::fs::create_dir_all(class.join("dan")).unwrap();
    let (c, b) = (
        class.to_string_lossy().into_owned(),
        book.to_string_lossy().into_owned(),
    );
    let run = || {
        ws.course(&[
            "grade-class",
            &c,
            "--out",
            &b,
            "--lessons",
            "99",
            "--jobs",
            "2",
        ])
        .output()
        .unwrap()
    };
    let out = run();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let md = std::fs::read_to_string(book.join("gradebook.md")).unwrap();
    let csv = std::fs::read_to_string(book.join("gradebook.csv")).unwrap();
    assert!(md.contains("| ann | 10/10 |"), "{md}");
    assert!(md.contains("| ben | 0/10 |"), "{md}");
    assert!(md.contains("does not compile"), "{md}");
    assert!(
        md.contains("an empty folder") && md.contains("a file, not a student"),
        "{md}"
    );
    assert_eq!(csv.lines().count(), 6, "{csv}");
    // Again: nothing changed, nobody is regraded.
    let again = run();
    assert_eq!(
        stderr(&again).matches("unchanged, kept").count(),
        0,
        "no terminal, no messages"
    );
    assert_eq!(
        std::fs::read_to_string(book.join("gradebook.md")).unwrap(),
        md
    );
    // Bad input: exit 2, nothing written.
    let bad = |args: &[&str]| ws.course(args).output().unwrap().status.code();
    assert_eq!(
        bad(&["grade-class", "/nonexistent/class", "--out", &b]),
        Some(2)
    );
    assert_eq!(
        bad(&[
            "grade-class",
            &class.join("notes.txt").to_string_lossy(),
            "--out",
            &b
        ]),
        Some(2)
    );
    assert_eq!(
        bad(&[
            "grade-class",
            &c,
            "--out",
            &ws.root.join("gradebook").to_string_lossy()
        ]),
        Some(2)
    );
    assert_eq!(
        bad(&[
            "grade-class",
            &c,
            "--out",
            &class.join("gradebook").to_string_lossy()
        ]),
        Some(2)
    );
    assert_eq!(bad(&["grade-class", &c, "--out", "/proc/book"]), Some(2));
    assert_eq!(
        bad(&["grade", &class.join("notes.txt").to_string_lossy()]),
        Some(2)
    );
    // (Not `book`: the course has a book/ folder of its own, the mdBook.)
    assert!(!ws.root.join("gradebook").exists() && !class.join("gradebook").exists());
}
