//! Helpers of the course tool's own tests (`crates/course/tests/*.rs`): a scratch copy of
//! the workspace with a tiny fixture lesson, and a way to run the `course` binary in it.
//!
//! The binary is the one cargo built for these tests (`CARGO_BIN_EXE_course`): no test
//! builds the tool itself (one that did took 66 s cold, building it with other features).
//!
//! Speed: each test's copy, and its target folder, live at fixed paths under
//! `<target>/course-tests/<test>/`, and files are rewritten only when their contents change,
//! so on a warm run cargo finds the toolkit, tokio and the exercises already built.

#![allow(dead_code)] // each test file uses a different part of this module

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The workspace these tests belong to (two folders above this crate).
pub fn main_root() -> PathBuf {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    crate_dir
        .ancestors()
        .nth(2)
        .expect("crates/course lives two folders below the workspace root")
        .to_path_buf()
}

/// The cargo target folder the tests were built in (`…/target`).
pub fn target_root() -> PathBuf {
    let exe = std::env::current_exe().expect("the test's own path");
    // <target>/debug/deps/<test binary>
    exe.ancestors().nth(3).expect("target folder").to_path_buf()
}

/// The `course` binary cargo built for this crate's tests.
pub fn course_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_course"))
}

/// A scratch copy of the workspace for one test.
pub struct Ws {
    /// The copy's root.
    pub root: PathBuf,
    /// The target folder of cargo runs in this copy: one per test, because cargo names build
    /// outputs by paths relative to the workspace, so two copies would share (and overwrite)
    /// each other's builds of the same exercise.
    pub target: PathBuf,
}

/// Plain bytes of the fixture exercise: a stub that fails one of its two tests.
pub const FIXTURE_STUB: &str = "//! Adds numbers.\n\n/// Adds `a` and `b`.\npub fn add(a: u32, b: u32) -> u32 {\n    let _ = (a, b);\n    0 // TODO: add them\n}\n";
/// The fixture's reference solution.
pub const FIXTURE_SOLUTION: &str = "//! Adds numbers.\n\n/// Adds `a` and `b`.\npub fn add(a: u32, b: u32) -> u32 {\n    a + b\n}\n";
const FIXTURE_TESTS: &str = "//! Checks `add`.\n\n#[test]\nfn zero_plus_zero() {\n    assert_eq!(course_fixture::add(0, 0), 0);\n}\n\n#[test]\nfn two_plus_two() {\n    assert_eq!(course_fixture::add(2, 2), 4, \"2 + 2 should be 4\");\n}\n";
const HANG_STUB: &str = "//! Never returns.\n\n/// Waits forever, like a thread that is never told to stop.\npub fn wait_forever() {\n    loop {\n        std::thread::sleep(std::time::Duration::from_secs(1));\n    }\n}\n";
const HANG_TESTS: &str =
    "//! Hangs.\n\n#[test]\nfn hangs() {\n    course_hang::wait_forever();\n}\n";

/// The fixture lesson, appended to the copy's course.toml.
pub const FIXTURE_LESSON: &str = r#"
[[lessons]]
id = "fixture"
number = 99
title = "Fixture lesson of the course tool's tests"
section = "none"
dir = "exercises/99_fixture"
minutes = 1
demos = []
objectives = ["Test the course tool"]

[[lessons.exercises]]
id = "course_fixture"
dir = "01_add"
title = "Add two numbers"
hints = ["Look at the + operator.", "Return a + b."]
"#;

/// The hanging exercise, appended to the fixture lesson when a test asks for it.
pub const HANG_EXERCISE: &str = r#"
[[lessons.exercises]]
id = "course_hang"
dir = "02_hang"
title = "Hangs forever"
hints = ["It never returns."]
"#;

fn manifest(package: &str, extra: &str) -> String {
    format!(
        "[package]\nname = \"{package}\"\nversion.workspace = true\nedition.workspace = true\nrust-version.workspace = true\nlicense.workspace = true\npublish = false\n\n[lints]\nworkspace = true\n{extra}"
    )
}

impl Ws {
    /// A copy of the workspace at `<target>/course-tests/<name>/ws`, with the fixture
    /// lesson (exercise `course_fixture` and its solution) added. With `only_fixture`,
    /// course.toml lists only the fixture lesson.
    pub fn new(name: &str, only_fixture: bool) -> Ws {
        let root = target_root().join("course-tests").join(name).join("ws");
        sync_dir(&main_root(), &root);
        remove_extra(&main_root(), &root);
        let plan = std::fs::read_to_string(root.join("course.toml")).expect("course.toml");
        let plan = if only_fixture {
            // Keep the header and [course] table, drop every lesson.
            plan.split("\n[[lessons]]").next().unwrap_or("").to_string()
        } else {
            plan
        };
        let target = root.parent().unwrap().join("target");
        let ws = Ws { root, target };
        ws.write("course.toml", &(plan + FIXTURE_LESSON));
        ws.write(
            "exercises/99_fixture/01_add/Cargo.toml",
            &manifest("course_fixture", ""),
        );
        ws.write(
            "exercises/99_fixture/01_add/README.md",
            "# Add\nMake `add` add.\n",
        );
        ws.write("exercises/99_fixture/01_add/src/lib.rs", FIXTURE_STUB);
        ws.write("exercises/99_fixture/01_add/tests/add.rs", FIXTURE_TESTS);
        let solution = manifest(
            "course_fixture_solution",
            "\n[lib]\nname = \"course_fixture\"\ndoc = false\n\n[[test]]\nname = \"add\"\npath = \"../../../exercises/99_fixture/01_add/tests/add.rs\"\n",
        );
        ws.write("solutions/99_fixture/01_add/Cargo.toml", &solution);
        ws.write("solutions/99_fixture/01_add/src/lib.rs", FIXTURE_SOLUTION);
        ws
    }

    /// Adds the hanging exercise `course_hang` to the fixture lesson.
    pub fn add_hanging_exercise(&self) {
        let plan = self.read("course.toml");
        self.write("course.toml", &(plan + HANG_EXERCISE));
        self.write(
            "exercises/99_fixture/02_hang/Cargo.toml",
            &manifest("course_hang", ""),
        );
        self.write("exercises/99_fixture/02_hang/README.md", "# Hang\n");
        self.write("exercises/99_fixture/02_hang/src/lib.rs", HANG_STUB);
        self.write("exercises/99_fixture/02_hang/tests/hang.rs", HANG_TESTS);
    }

    /// Makes the copy a git repository with one commit (`course reset` reads stubs from git).
    pub fn git_commit(&self) {
        for args in [
            &["init", "-q"][..],
            &["add", "-A"],
            &[
                "-c",
                "user.name=t",
                "-c",
                "user.email=t@localhost",
                "commit",
                "-qm",
                "stubs",
            ],
        ] {
            let ok = std::process::Command::new("git")
                .current_dir(&self.root)
                .args(args)
                .status()
                .expect("git")
                .success();
            assert!(ok, "git {args:?} failed");
        }
    }

    /// Writes a file of the copy (only if its contents change, see [`write_if_changed`]).
    pub fn write(&self, rel: &str, text: &str) {
        write_if_changed(&self.root.join(rel), text.as_bytes());
    }

    /// Reads a file of the copy.
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// `course ARGS` in the copy's root.
    pub fn course(&self, args: &[&str]) -> Command {
        self.course_in(&self.root, args)
    }

    /// `course ARGS` in a folder (the child cargo builds in the shared test target folder).
    pub fn course_in(&self, dir: &Path, args: &[&str]) -> Command {
        let mut cmd = Command::new(course_bin());
        cmd.current_dir(dir)
            .env("CARGO_TARGET_DIR", &self.target)
            .env_remove("RUST_BACKTRACE")
            .args(args)
            .timeout(Duration::from_secs(240));
        cmd
    }
}

/// The exercises course.toml lists, as (lesson id, exercise id), read line by line.
pub fn planned_exercises(plan: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let (mut section, mut lesson) = ("", String::new());
    for line in plan.lines().map(str::trim) {
        if line.starts_with("[[") {
            section = if line == "[[lessons]]" {
                "lesson"
            } else if line == "[[lessons.exercises]]" {
                "exercise"
            } else {
                ""
            };
            continue;
        }
        let Some(value) = line
            .strip_prefix("id")
            .map(str::trim)
            .and_then(|r| r.strip_prefix('='))
        else {
            continue;
        };
        let value = value.trim().trim_matches('"').to_string();
        match section {
            "lesson" => lesson = value,
            "exercise" => out.push((lesson.clone(), value)),
            _ => {}
        }
    }
    out
}

/// Left out of the copies: build output, git, learner state.
fn skipped(name: &str) -> bool {
    name == "target" || name.starts_with("target-") || name == ".git" || name == ".course"
}

/// Copies the workspace into `to`, file by file, through [`write_if_changed`].
fn sync_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let name = entry.file_name();
        if skipped(&name.to_string_lossy()) {
            continue;
        }
        let (src, dst) = (entry.path(), to.join(&name));
        if src.is_dir() {
            sync_dir(&src, &dst);
        } else if let Ok(bytes) = std::fs::read(&src) {
            write_if_changed(&dst, &bytes);
        }
    }
}

/// Removes what the last run left in the copy and the workspace does not have (except
/// the fixture, which `Ws::new` writes again).
fn remove_extra(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(to).unwrap().flatten() {
        let name = entry.file_name();
        let (src, dst) = (from.join(&name), entry.path());
        if name == "99_fixture" {
            continue;
        }
        let gone = skipped(&name.to_string_lossy()) || !src.exists();
        match (dst.is_dir(), gone) {
            (true, true) => std::fs::remove_dir_all(&dst).unwrap(),
            (false, true) => std::fs::remove_file(&dst).unwrap(),
            (true, false) => remove_extra(&src, &dst),
            (false, false) => {}
        }
    }
}

/// Writes `bytes` unless the file already holds them. Cargo decides what to rebuild by
/// time stamps: an unchanged file keeps its old one (no rebuild on the next run), a changed
/// file gets a new one (a rebuild, even when the contents go back to an older version).
pub fn write_if_changed(path: &Path, bytes: &[u8]) {
    if std::fs::read(path).is_ok_and(|old| old == bytes) {
        return;
    }
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// stdout of a finished command, as text.
pub fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// stderr of a finished command, as text.
pub fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
