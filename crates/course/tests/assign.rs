//! `course assign` hands out the course as committed in git, never the working tree, and
//! never writes into the course itself.

mod support;

use std::path::Path;
use support::{FIXTURE_SOLUTION, FIXTURE_STUB, Ws, stderr};

fn git(dir: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("git");
    assert!(out.status.success(), "git {args:?}: {out:?}");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn assign_hands_out_the_committed_stub_even_when_the_checkout_is_solved() {
    let ws = Ws::new("assign-rev", true);
    let notes = ws.root.join("exercises/99_fixture/01_add/src/notes.rs");
    let _ = std::fs::remove_file(&notes); // left by the last run: it must not be committed
    ws.git_commit();
    // The instructor solves the exercise in their checkout (and does not commit it).
    ws.write("exercises/99_fixture/01_add/src/lib.rs", FIXTURE_SOLUTION);
    ws.write(
        "exercises/99_fixture/01_add/src/notes.rs",
        "// not committed\n",
    );
    let class = ws.root.parent().unwrap().join("class");
    let _ = std::fs::remove_dir_all(&class);
    let out = ws
        .course(&[
            "assign",
            "--lessons",
            "99",
            "--out",
            &class.to_string_lossy(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let lib = std::fs::read_to_string(class.join("exercises/99_fixture/01_add/src/lib.rs"));
    assert_eq!(
        lib.unwrap(),
        FIXTURE_STUB,
        "the class folder holds the stub"
    );
    let note = stderr(&out);
    assert!(
        note.contains("differs") && note.contains("exercises/99_fixture/01_add/src/lib.rs"),
        "says the working tree differs, and what was used: {note}"
    );
    assert!(
        note.contains("src/notes.rs"),
        "new files are named too: {note}"
    );
    assert!(
        !class
            .join("exercises/99_fixture/01_add/src/notes.rs")
            .exists()
    );
    assert!(!class.join("solutions").exists());

    // The record: which lessons and exercises, from which commit. It is committed, so a
    // student's clone has it.
    let record: toml::Table = std::fs::read_to_string(class.join(".course/assignment.toml"))
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(record["format"].as_integer(), Some(1));
    assert_eq!(
        record["source_rev"].as_str().unwrap(),
        git(&ws.root, &["rev-parse", "HEAD"])
    );
    assert_eq!(record["lessons"].as_array().unwrap().len(), 1);
    let exercises = record["exercises"].as_array().unwrap();
    assert_eq!(exercises.len(), 1);
    assert_eq!(exercises[0]["id"].as_str(), Some("course_fixture"));
    assert_eq!(
        exercises[0]["tests_tree"].as_str().unwrap(),
        git(
            &ws.root,
            &["rev-parse", "HEAD:exercises/99_fixture/01_add/tests"]
        )
    );
    assert_eq!(
        git(&class, &["ls-files", ".course/assignment.toml"]),
        ".course/assignment.toml"
    );
    // `reset` in the class folder restores the stub, not a solution.
    assert_eq!(
        git(
            &class,
            &["show", "HEAD:exercises/99_fixture/01_add/src/lib.rs"]
        ),
        FIXTURE_STUB.trim_end()
    );

    // An older revision can be handed out too; an unknown one is bad input.
    let bad = ws
        .course(&[
            "assign",
            "--lessons",
            "99",
            "--out",
            "../elsewhere",
            "--rev",
            "no-such-rev",
        ])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2), "{bad:?}");
    assert!(stderr(&bad).contains("no-such-rev"), "{bad:?}");
    assert!(!ws.root.join("../elsewhere").exists());
}

/// Every file of the course (contents by path), to prove nothing was written.
fn snapshot(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path
                .file_name()
                .is_some_and(|n| n == ".git" || n == "target")
            {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                files.push((rel, std::fs::read(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn assign_refuses_the_course_itself_and_files_with_exit_2() {
    let ws = Ws::new("assign-guard", true);
    ws.git_commit();
    let before = snapshot(&ws.root);
    let cases: [(&Path, &str, &str); 4] = [
        (&ws.root, ".", "is the course itself"),
        (&ws.root.join("exercises"), "..", "is the course itself"),
        (&ws.root, "exercises/new-class", "inside the course"),
        (&ws.root, "Cargo.toml", "is a file"),
    ];
    for (cwd, out_arg, says) in cases {
        let out = ws
            .course_in(
                cwd,
                &["assign", "--lessons", "99", "--out", out_arg, "--force"],
            )
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "--out {out_arg}: {out:?}");
        assert!(stderr(&out).contains(says), "--out {out_arg}: {out:?}");
    }
    assert!(before == snapshot(&ws.root), "nothing was written");
}
