//! `--python PATH`: which interpreter ran the Python rows, with its version and GIL status in
//! the notes and the JSON; refusals (exit 2, before anything runs) for a missing program, a
//! program that is not Python and a Python that is too old.
//!
//! This machine may have only one Python, so the other interpreters are **fakes**: shell
//! scripts that answer the probe (`-c <probe>`) exactly as that Python would, and hand the
//! rows themselves to the real `python3`, editing the `gil_enabled` each row reports. A fake
//! python3.14t therefore checks everything compare_demo does with the answers of a 3.14t,
//! not the speed of one.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// What `python3.14t -c probe.py` prints on Linux.
const PY314T: &str = r#"{"implementation": "CPython", "version": "3.14.0", "version_info": [3, 14, 0], "free_threaded_build": true, "gil_enabled": false, "interpreter_pool": true, "start_method": "forkserver", "executable": "/usr/bin/python3.14t"}"#;

/// What `python3.6 -c probe.py` prints.
const PY36: &str = r#"{"implementation": "CPython", "version": "3.6.15", "version_info": [3, 6, 15], "free_threaded_build": false, "gil_enabled": null, "interpreter_pool": false, "start_method": "fork", "executable": "/usr/bin/python3.6"}"#;

/// A scratch folder of this test's own, removed at the end. (Not the `tempfile` crate: this
/// package's only test dependency would be that one, for ten lines.)
struct Scratch(PathBuf);

impl Scratch {
    fn new(test: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("compare_demo-{}-{test}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Writes an executable shell script `name` into `dir`.
fn script(dir: &Path, name: &str, body: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// A fake interpreter: answers the probe with `probe`, and runs each row with the real
/// python3, reporting `row_gil` (`true`, `false`) as the GIL status the row saw.
fn fake_python(dir: &Path, name: &str, probe: &str, row_gil: &str) -> PathBuf {
    script(
        dir,
        name,
        &format!(
            "if [ \"$1\" = -c ]; then echo 'compare_demo-probe {probe}'; exit 0; fi\n\
             python3 \"$@\" | sed 's/\"gil_enabled\": null/\"gil_enabled\": {row_gil}/'"
        ),
    )
}

fn has_python3() -> bool {
    Command::new("python3").arg("--version").output().is_ok()
}

/// compare_demo at the tests' size, cpu_bound only (the experiment where the GIL matters).
fn compare(python: &Path, json: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_compare_demo"))
        .env_remove("COURSE_TIME_SCALE")
        .args(["--quick", "--tiny", "--experiment", "cpu_bound", "--python"])
        .arg(python)
        .arg("--json")
        .arg(json)
        .output()
        .expect("compare_demo runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The refusal: exit 2, a message on stderr naming the program and what is needed, nothing
/// measured and no JSON written.
fn assert_refused(test: &str, python: &Path, wants: &[&str]) {
    let dir = Scratch::new(test);
    let json = dir.path().join("out.json");
    let out = compare(python, &json);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(2), "{stdout}\n{stderr}");
    let named = format!("--python {}", python.display());
    assert!(stderr.contains(&named), "names the program: {stderr}");
    assert!(
        stderr.contains("Python 3.7 or newer"),
        "says what is needed: {stderr}"
    );
    for want in wants {
        assert!(stderr.contains(want), "{want:?} in {stderr}");
    }
    assert!(!stdout.contains("Measuring"), "nothing ran: {stdout}");
    assert!(!json.exists(), "no JSON written");
}

#[test]
fn a_missing_interpreter_is_refused() {
    assert_refused(
        "missing_out",
        Path::new("/no/such/python3.14t"),
        &["could not be started"],
    );
}

#[test]
fn a_program_that_is_not_python_is_refused() {
    let dir = Scratch::new("not_python");
    let not_python = script(dir.path(), "python", "echo 'usage: tool [-v]' >&2; exit 64");
    assert_refused(
        "not_python_out",
        &not_python,
        &["not a Python interpreter", "exit status: 64", "usage: tool"],
    );
}

#[test]
fn a_python_older_than_37_is_refused() {
    let dir = Scratch::new("py36");
    let py36 = fake_python(dir.path(), "python3.6", PY36, "null");
    assert_refused("py36_out", &py36, &["CPython 3.6.15 is too old"]);
}

// A free-threaded 3.14 (its probe's answers): the notes and the JSON say GIL off, the
// cpu_bound py_threads row is labelled free-threaded, and py_interpreters is planned.
#[test]
fn a_free_threaded_314_labels_its_thread_row_and_adds_interpreters() {
    if !has_python3() {
        eprintln!("skipped: the fake interpreter runs its rows with python3, not found here");
        return;
    }
    let dir = Scratch::new("ft314");
    let py314t = fake_python(dir.path(), "python3.14t", PY314T, "false");
    let json_path = dir.path().join("out.json");
    let out = compare(&py314t, &json_path);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("CPython 3.14.0 (/usr/bin/python3.14t), GIL off (free-threaded build)"),
        "{stdout}"
    );
    assert!(stdout.contains("start method: forkserver"), "{stdout}");
    assert!(
        stdout.contains("| py_threads (free-threaded) |"),
        "{stdout}"
    );

    let json: Value = serde_json::from_str(&std::fs::read_to_string(&json_path).unwrap()).unwrap();
    assert_eq!(json["python"]["interpreter"]["version"], "3.14.0");
    assert_eq!(json["python"]["gil"], "GIL off (free-threaded build)");
    let rows = json["results"].as_array().unwrap();
    let row = |model: &str| rows.iter().find(|r| r["model"] == model);
    let threads = row("py_threads").expect("a py_threads row");
    assert_eq!(threads["label"], "py_threads (free-threaded)");
    assert_eq!(threads["gil_enabled"], false);
    // The fake is 3.11 underneath, so the interpreter pool itself fails there: the row is
    // planned and reported, never dropped.
    assert!(row("py_interpreters").is_some(), "{rows:?}");
    assert_eq!(row("py_sequential").unwrap()["label"], "py_sequential");
}

// A free-threaded build whose rows saw the GIL back on (an extension module without
// free-threading support, or PYTHON_GIL=1): said in a note, and the rows are not labelled
// free-threaded.
#[test]
fn a_gil_turned_back_on_during_the_rows_is_noted() {
    if !has_python3() {
        eprintln!("skipped: the fake interpreter runs its rows with python3, not found here");
        return;
    }
    let dir = Scratch::new("gil_back_on");
    let py314t = fake_python(dir.path(), "python3.14t", PY314T, "true");
    let json_path = dir.path().join("out.json");
    let out = compare(&py314t, &json_path);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("the GIL was back on in cpu_bound/py_sequential"),
        "{stdout}"
    );
    assert!(!stdout.contains("(free-threaded) |"), "{stdout}");
}

// The real python3 of this machine (3.11 when this was written): its version and "GIL on"
// in the notes, and py_interpreters said to be missing rather than silently skipped.
#[test]
fn the_machine_s_python3_runs_with_its_version_and_gil_in_the_notes() {
    if !has_python3() {
        eprintln!("skipped: no python3 on this machine");
        return;
    }
    let dir = Scratch::new("real");
    let json_path = dir.path().join("out.json");
    let out = compare(Path::new("python3"), &json_path);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    let json: Value = serde_json::from_str(&std::fs::read_to_string(&json_path).unwrap()).unwrap();
    let py = &json["python"]["interpreter"];
    let version = py["version"].as_str().unwrap();
    assert!(
        stdout.contains(&format!(
            "Note: Python rows ran with python3: CPython {version}"
        )),
        "{stdout}"
    );
    let notes = json["notes"].to_string();
    if py["interpreter_pool"] == false {
        assert!(notes.contains("py_interpreters not run"), "{notes}");
    }
    if py["gil_enabled"].is_null() {
        assert_eq!(
            json["python"]["gil"],
            "GIL on (no free-threaded build before 3.13)"
        );
    }
    let rows = json["results"].as_array().unwrap();
    let threads = rows.iter().find(|r| r["model"] == "py_threads").unwrap();
    assert!(threads.get("error").is_none(), "{threads}");
    assert_eq!(threads["answer"], 2_262, "primes below 20,000");
}
