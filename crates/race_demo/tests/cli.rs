//! Bad flags exit with code 2 and a message naming the flag, the value and what is allowed;
//! `--contention` prints its table with every cell measured.

use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_race_demo"))
        .args(args)
        .output()
        .expect("race_demo runs")
}

#[test]
fn bad_values_exit_2_naming_the_flag_the_value_and_the_range() {
    let cases: &[(&[&str], &[&str])] = &[
        (
            &["--threads", "1"],
            &["--threads <N>", "'1'", "from 2 to 64"],
        ),
        (
            &["--threads", "65"],
            &["--threads <N>", "'65'", "from 2 to 64"],
        ),
        (
            &["--threads", "x"],
            &["--threads <N>", "'x'", "from 2 to 64"],
        ),
        (
            &["--increments", "0"],
            &["--increments <N>", "'0'", "from 1 to"],
        ),
        (
            &["--increments", "2000000"],
            &["--increments <N>", "'2000000'", "from 1 to 1000000"],
        ),
        (
            &["--contention", "--seconds", "0"],
            &["--seconds <S>", "'0'", "from 0.01 to 10"],
        ),
        (&["--seconds", "1"], &["--contention"]),
        (
            &["--contention", "--increments", "10"],
            &["--increments", "cannot be used with"],
        ),
        (
            &["--python", "/no/such/python3"],
            &["--python <PATH>", "/no/such/python3", "no such program"],
        ),
        (
            &["--trace", "/no/such/dir/run.json"],
            &["--trace <FILE>", "/no/such/dir"],
        ),
        (
            &["--contention", "--threads", "4"],
            &["--threads", "cannot be used with"],
        ),
        (
            &["--contention", "--timeline"],
            &["--timeline", "cannot be used with"],
        ),
        (&["--count-faster"], &["--count-faster"]),
    ];
    for (args, phrases) in cases {
        let out = run(args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?} should exit 2: {err}");
        for phrase in *phrases {
            assert!(
                err.contains(phrase),
                "{args:?}: `{phrase}` missing from: {err}"
            );
        }
        assert!(out.stdout.is_empty(), "{args:?}: nothing should run");
    }
}

#[test]
fn a_python_that_is_not_python_exits_2_naming_it() {
    let out = run(&["--python", "/bin/true", "--increments", "10"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("--python <PATH>")
            && err.contains("/bin/true")
            && err.contains("not a Python 3"),
        "{err}"
    );
}

#[test]
fn contention_prints_a_measured_cell_for_every_counter_and_thread_count() {
    let out = run(&["--contention", "--seconds", "0.01"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Two tables, each a header and a row per counter: nanoseconds, then cores kept busy.
    let lines: Vec<&str> = text.lines().collect();
    let headers: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].starts_with("counter "))
        .collect();
    assert_eq!(headers.len(), 2, "two tables: {text}");
    let rows = [
        "one AtomicUsize, fetch_add",
        "one Mutex<usize>, lock and += 1",
        "an AtomicUsize per thread, adjacent",
        "an AtomicUsize per thread, padded",
    ];
    for header in headers {
        for column in ["1 thread", "2 threads", "4 threads", "8 threads"] {
            assert!(lines[header].contains(column), "{}", lines[header]);
        }
        for (row, line) in rows.iter().zip(&lines[header + 1..]) {
            assert!(
                line.starts_with(row),
                "`{row}` expected here: {line}\n{text}"
            );
            let cells: Vec<f64> = line[row.len()..]
                .split_whitespace()
                .map(|cell| {
                    cell.parse()
                        .unwrap_or_else(|_| panic!("`{cell}` in: {line}"))
                })
                .collect();
            assert_eq!(cells.len(), 4, "{line}");
            assert!(cells.iter().all(|x| *x > 0.0), "{line}");
        }
    }
    assert!(
        text.contains("checked against the threads' own tallies: none lost an increment"),
        "{text}"
    );
}
