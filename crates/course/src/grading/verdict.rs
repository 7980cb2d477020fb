//! How one test's verdict is decided, so that nothing the student's code prints counts.
//!
//! Each pristine test runs alone in its own process:
//! `<test binary> --exact NAME SENTINEL --test-threads=1`. `SENTINEL` is a test the grader
//! appends to each pristine test file in the scratch workspace; libtest runs the selected
//! tests one after the other in name order, and the sentinel's name sorts last, so it runs
//! only once NAME has returned or failed, in the same process. It prints an *evidence* line:
//! a keyed hash of a fresh nonce (given in the environment for this run) and NAME, keyed
//! with a 128-bit secret generated for this grading and compiled into the test binary.
//!
//! A test passes only when all of these hold:
//! 1. the process exited with status 0 (libtest exits 101 when a test failed);
//! 2. its standard output holds the evidence line for this nonce and this test, which only
//!    the sentinel can compute, and only after NAME is over: an early `exit(0)`, a panic
//!    hook that exits, or a forged `test … ok` / `test result: ok` never produce it;
//! 3. libtest did not write `FAILED` before the evidence: with one test thread libtest
//!    writes NAME's result before it starts the sentinel, and student code can add text to
//!    standard output but never take libtest's text back.
//!
//! The expected tests come from `--list` of the same binary (student code never runs
//! during `--list`: Rust has no code before `main` without `unsafe`, and the pristine
//! manifest forbids `unsafe`), each checked against the pristine test file.

use crate::proc::{Captured, Ending};

/// The name of the grader's sentinel test (sorts after every ordinary test name).
pub const SENTINEL: &str = "zzzz_course_grade_sentinel";

/// The environment variables the sentinel reads.
pub const NONCE_VAR: &str = "COURSE_GRADE_NONCE";
/// The test the run is for.
pub const TEST_VAR: &str = "COURSE_GRADE_TEST";

/// The sentinel's source, with the grading's secret `key` compiled in.
pub fn sentinel_source(key: [u64; 2]) -> String {
    format!(
        r#"

// ---- appended by `course grade` in its scratch copy: the grader's sentinel test ----
#[test]
fn {SENTINEL}() {{
    use std::io::Write as _;
    let nonce = std::env::var("{NONCE_VAR}").unwrap_or_default();
    let test = std::env::var("{TEST_VAR}").unwrap_or_default();
    let evidence = {{
        let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ {k0:#x};
        let key = ({k1:#x}u64).to_le_bytes();
        for b in key.iter().chain(nonce.as_bytes()).chain(&[0u8]).chain(test.as_bytes()) {{
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
            h ^= h >> 29;
        }}
        h
    }};
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "\ncourse-grade-evidence {{evidence:016x}}");
    let _ = out.flush();
}}
"#,
        k0 = key[0],
        k1 = key[1]
    )
}

/// The evidence line the sentinel prints for `nonce` and `test` (the same hash as above).
pub fn evidence(key: [u64; 2], nonce: &str, test: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ key[0];
    let k1 = key[1].to_le_bytes();
    for b in k1
        .iter()
        .chain(nonce.as_bytes())
        .chain(&[0u8])
        .chain(test.as_bytes())
    {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
        h ^= h >> 29;
    }
    format!("course-grade-evidence {h:016x}")
}

/// Fresh random bytes from the kernel.
pub fn random_u64s<const N: usize>() -> [u64; N] {
    use std::io::Read as _;
    let mut bytes = vec![0u8; 8 * N];
    let ok = std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut bytes));
    if ok.is_err() {
        // No /dev/urandom: time and pid are a poor secret, but still unknown ahead of time.
        let t = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        for (i, b) in bytes.iter_mut().enumerate() {
            *b = (t >> ((i % 16) * 8)) as u8 ^ (std::process::id() as u8).wrapping_mul(i as u8);
        }
    }
    let mut out = [0u64; N];
    for (i, chunk) in bytes.chunks(8).enumerate() {
        out[i] = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
    }
    out
}

/// One test's verdict.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// It passed, with evidence.
    Passed,
    /// It failed; the reason, and libtest's report of the failure (with the timeline).
    Failed(String),
}

/// Decides the verdict of one run of `test` from how its process ended and what it printed.
pub fn decide(test: &str, expected: &str, out: &Captured, limit_secs: u64) -> Verdict {
    let stdout = &out.stdout;
    let found = stdout.find(expected);
    let before = found.map(|at| &stdout[..at]).unwrap_or(stdout);
    let failed_line = before.contains("FAILED");
    let report = failure_report(test, stdout);
    let cut = if out.truncated {
        " (its output was cut at 1 MiB)"
    } else {
        ""
    };
    let with = |why: String| {
        let why = format!("{why}{cut}");
        if report.is_empty() {
            Verdict::Failed(why)
        } else {
            Verdict::Failed(format!("{why}\n{report}"))
        }
    };
    // libtest's first words, written before any test (or student code) runs: both tests
    // were selected. Anything else means NAME was not run.
    let both = stdout.trim_start().starts_with("running 2 tests");
    match (out.ending, found.is_some()) {
        (Ending::Exited(0), true) if !failed_line && both => Verdict::Passed,
        (Ending::TimedOut, _) => with(format!(
            "still running after {limit_secs} s and stopped, with everything it started (a deadlock or a hang?)"
        )),
        (Ending::Interrupted, _) => Verdict::Failed("interrupted (Ctrl-C)".into()),
        (Ending::Signalled(sig), _) => with(format!(
            "the test process died from signal {sig} (a crash, or something killed it)"
        )),
        (Ending::Exited(0), false) => {
            let forged = stdout.contains("test result: ok") || stdout.contains(" ... ok");
            Verdict::Failed(if forged {
                "the test process exited with status 0 before the test finished, after printing a forged `ok`: its output is not a result".into()
            } else {
                "the test process exited with status 0 before the test finished (std::process::exit in the code?)".into()
            })
        }
        (Ending::Exited(_), true) if failed_line || !report.is_empty() => {
            with("the test failed".into())
        }
        (Ending::Exited(code), true) => with(format!(
            "the test returned, but the process then exited with status {code}"
        )),
        (Ending::Exited(code), false) => with(format!(
            "the test process exited with status {code} before the test finished"
        )),
    }
}

/// libtest's report of `test`'s failure: its output (the timeline it drew) and the panic.
fn failure_report(test: &str, stdout: &str) -> String {
    let head = format!("---- {test} stdout ----");
    let Some(start) = stdout.find(&head) else {
        return String::new();
    };
    let body = &stdout[start + head.len()..];
    let end = ["\n---- ", "\nfailures:\n"]
        .iter()
        .filter_map(|m| body.find(m))
        .min()
        .unwrap_or(body.len());
    body[..end].trim().to_string()
}

/// The tests of `--list --format terse` output (`name: test` lines), the sentinel left out.
pub fn listed(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .filter_map(|l| l.strip_suffix(": test"))
        .filter(|n| *n != SENTINEL)
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn captured(ending: Ending, stdout: &str) -> Captured {
        Captured {
            ending,
            stdout: stdout.into(),
            stderr: String::new(),
            truncated: false,
        }
    }

    #[test]
    fn a_pass_needs_status_zero_and_the_evidence() {
        let key = [1, 2];
        let ev = evidence(key, "n", "t");
        let ok = format!("\nrunning 2 tests\ntest t ... ok\ntest {SENTINEL} ... \n{ev}\nok\n");
        assert_eq!(
            decide("t", &ev, &captured(Ending::Exited(0), &ok), 1),
            Verdict::Passed
        );
        let forged = "test t ... ok\n\ntest result: ok. 1 passed\n";
        assert!(
            matches!(decide("t", &ev, &captured(Ending::Exited(0), forged), 1), Verdict::Failed(m) if m.contains("forged"))
        );
        let failed = format!("test t ... FAILED\n{ev}\n");
        assert!(matches!(
            decide("t", &ev, &captured(Ending::Exited(0), &failed), 1),
            Verdict::Failed(_)
        ));
        let other = evidence(key, "other nonce", "t");
        let replay = format!("test t ... ok\n{other}\n");
        assert!(matches!(
            decide("t", &ev, &captured(Ending::Exited(0), &replay), 1),
            Verdict::Failed(_)
        ));
    }

    #[test]
    fn the_failure_report_is_the_tests_own_section() {
        let out = "failures:\n\n---- t stdout ----\ntimeline\npanicked at x\n\n---- u stdout ----\nother\n\nfailures:\n    t\n";
        assert_eq!(failure_report("t", out), "timeline\npanicked at x");
    }
}
