//! # race_demo — one counter, many threads, in Python and in Rust
//!
//! The Python half (`python/race.py`, run by this demo in the `python3` on PATH):
//!
//! ```python
//! counter = 0
//!
//! def add_in_place(n):
//!     global counter
//!     for _ in range(n):
//!         counter += 1                  # read, add, write back
//!
//! def increment(value):
//!     return value + 1
//!
//! def add_through_a_call(n):
//!     global counter
//!     for _ in range(n):
//!         counter = increment(counter)  # the same, with a call between the read and the write
//!
//! threads = [threading.Thread(target=add_in_place, args=(n,)) for _ in range(4)]
//! for t in threads: t.start()
//! for t in threads: t.join()
//! print(counter)                        # 4 * n? Measured, for each of the two.
//! ```
//!
//! The Rust half: the same `counter += 1` does not compile ([`racy`]: the compiler's message,
//! checked by the compile-fail tests in `tests/ui/`); an `AtomicUsize` and a `Mutex<usize>`
//! do, and lose nothing ([`counters`]). `--contention` measures what each costs
//! ([`contention`]).
//!
//! Run it with `cargo run -p race_demo` (`-- --python python3.14t` to pick a Python,
//! `-- --timeline` to see the Rust threads, `-- --trace run.json` for <https://ui.perfetto.dev>).

mod cli;
mod contention;
mod counters;
mod python;
mod racy;

use clap::Parser;
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;
use toolkit::Timeline;
use toolkit::cli::write_trace;

/// Width of the first column, so the counts line up under each other.
const COLUMN: usize = 48;

/// Notes are wrapped to this width.
const WIDTH: usize = 100;

fn main() -> ExitCode {
    let args = cli::Args::parse();
    if args.contention {
        return match contention::print_table(Duration::from_secs_f64(args.seconds)) {
            Ok(()) => ExitCode::SUCCESS,
            Err(lost) => {
                eprintln!("error: an increment was lost, which is a bug: {lost}");
                ExitCode::FAILURE
            }
        };
    }
    let (threads, increments) = (args.threads, args.increments);
    let expected = threads * increments;
    println!("One counter, {threads} threads, {increments} increments each: {expected} expected.");
    println!();

    if let Err(code) = python_half(args.python.as_deref(), threads, increments) {
        return code;
    }

    println!("Rust");
    for racy in [racy::SHARED_MUT, racy::SHARED_CELL] {
        println!(
            "  {:<COLUMN$}does not compile: {}",
            racy.increment,
            racy.error_line()
        );
    }
    let timeline = Timeline::new();
    let atomic = counters::count_atomic(threads, increments, &timeline);
    let mutex = counters::count_mutex(threads, increments, &timeline);
    println!(
        "  {:<COLUMN$}{}",
        "counter.fetch_add(1, Relaxed) (an AtomicUsize)",
        got(atomic as u64, expected)
    );
    println!(
        "  {:<COLUMN$}{}",
        "*counter.lock().unwrap() += 1 (a Mutex<usize>)",
        got(mutex as u64, expected)
    );
    print_note(
        "The racy versions never run: the compiler refuses them (its words below). The atomic \
         and the Mutex versions lose nothing: each increment is one step no other thread can split.",
    );
    for racy in [racy::SHARED_MUT, racy::SHARED_CELL] {
        println!("\nWhat the compiler says about {}:\n", racy.file);
        print!("{}", racy.compiler_says);
    }

    if args.timeline {
        print!("\n{}", timeline.render());
    }
    if let Some(path) = &args.trace
        && let Err(code) = write_trace(&timeline, path)
    {
        return code;
    }
    if atomic != expected || mutex != expected {
        eprintln!("error: the atomic or the Mutex counter lost an increment, which is a bug");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// `got 400000, lost 0 (0.0%)`.
fn got(count: u64, expected: usize) -> String {
    let lost = expected as i64 - count as i64;
    format!(
        "got {count}, lost {lost} ({:.1}%)",
        100.0 * lost as f64 / expected as f64
    )
}

/// Runs and prints the Python half. A `--python` that is not a Python 3 that runs the script is
/// a bad flag (exit 2); no `python3` on PATH, or one that fails, is said and skipped.
fn python_half(chosen: Option<&Path>, threads: usize, increments: usize) -> Result<(), ExitCode> {
    let program = match chosen {
        Some(program) => program.to_path_buf(),
        None => match python::find_program(Path::new("python3")) {
            Some(program) => program,
            None => {
                println!(
                    "Python: no python3 on PATH, so the Python half is skipped (give one with --python PATH).\n"
                );
                return Ok(());
            }
        },
    };
    let counts = match python::run(&program, threads, increments) {
        Ok(counts) => counts,
        Err(problem) if chosen.is_some() => {
            eprintln!(
                "error: invalid value '{}' for '--python <PATH>': {problem}; give a Python 3, e.g. --python python3",
                program.display()
            );
            return Err(ExitCode::from(2));
        }
        Err(problem) => {
            println!(
                "Python: {} {problem}, so the Python half is skipped (give another with --python PATH).\n",
                program.display()
            );
            return Ok(());
        }
    };
    let expected = threads * increments;
    println!("Python: {}", counts.build.describe());
    println!(
        "  {:<COLUMN$}{}",
        "counter += 1",
        got(counts.in_place, expected)
    );
    println!(
        "  {:<COLUMN$}{}",
        "counter = increment(counter)",
        got(counts.through_a_call, expected)
    );
    for note in python_notes(&counts, expected as u64) {
        print_note(&note);
    }
    println!();
    Ok(())
}

/// Prints `note` indented by two spaces, wrapped at [`WIDTH`].
fn print_note(note: &str) {
    let mut line = String::new();
    for word in note.split_whitespace() {
        if !line.is_empty() && 2 + line.len() + 1 + word.len() > WIDTH {
            println!("  {line}");
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    println!("  {line}");
}

/// What the measured Python counts mean, for this build.
fn python_notes(counts: &python::Counts, expected: u64) -> Vec<String> {
    let mut notes = Vec::new();
    let why_in_place = match counts.build.gil {
        python::Gil::Off => "there is no GIL, so the threads really run at the same time",
        _ => "a thread switch fell between its read and its write",
    };
    notes.push(match (counts.in_place < expected, counts.build.gil) {
        (true, _) => format!(
            "`counter += 1` lost updates: it reads, adds and writes back in separate steps, and {why_in_place}."
        ),
        (false, python::Gil::Off) => "`counter += 1` lost nothing this time, by luck: without a GIL \
             nothing stops two threads from reading the same value."
            .to_owned(),
        (false, _) if counts.build.implementation != "CPython" => {
            "`counter += 1` lost nothing on this run. Nothing promises that: it is still a \
             separate read and write."
                .to_owned()
        }
        (false, _) => "`counter += 1` lost nothing on this build: with the GIL, CPython switches \
             threads only at certain points (since 3.10: a loop's back edge, a call), and none \
             fell between its read and its write. Nothing promises that: on the free-threaded \
             build (3.14t, PEP 779) threads run at the same time and nothing keeps one out of \
             another's read and write; try --python python3.14t."
            .to_owned(),
    });
    notes.push(match counts.build.gil {
        python::Gil::Off => "`counter = increment(counter)` reads, calls, writes: the call makes \
             the time between its read and its write longer, so more threads write over each other."
            .to_owned(),
        _ => "`counter = increment(counter)` reads, calls, writes: a thread switched out at the call \
             keeps the old value and, when it resumes, writes old + 1 over what the others added."
            .to_owned(),
    });
    notes
}
