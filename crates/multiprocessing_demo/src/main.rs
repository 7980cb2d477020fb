//! # multiprocessing_demo — the tutorial's section 2, line by line
//!
//! ```python
//! from multiprocessing import Process
//! import os, time
//!
//! def compute(task):
//!     print(f"Processing {task} in PID {os.getpid()}")
//!     time.sleep(2)
//!     print(f"Finished {task}")
//!
//! if __name__ == "__main__":
//!     processes = []
//!     for i in range(3):
//!         p = Process(target=compute, args=(f"Task-{i}",))
//!         processes.append(p)
//!         p.start()
//!
//!     for p in processes:
//!         p.join()
//!
//!     print("All computations done!")
//! ```
//!
//! Python forks its interpreter and runs `compute` in the child. Rust cannot fork a
//! function, so each child is **this same program, started again** in a worker role
//! (see `toolkit::worker`). The child's printed lines come back through a pipe and the parent
//! prints them, so you see them just as Python shows them.
//!
//! Run it with `cargo run -p multiprocessing_demo` (add `-- --timeline`, `-- --fail-task 1`, or
//! `-- --trace run.json` to open the run in <https://ui.perfetto.dev>).

mod cli;

use serde::{Deserialize, Serialize};
use std::process::ExitCode;
use std::time::{Duration, Instant};
use toolkit::Timeline;
use toolkit::cli::write_trace;
use toolkit::format::fmt_duration;
use toolkit::scale;
use toolkit::worker::{self, WorkerCommand, role};

/// What a child is asked to do: Python's `args=(task,)`, plus how long "computing" takes.
/// It travels to the child as a typed value (JSON underneath), not a string to pick apart.
#[derive(Serialize, Deserialize)]
struct Job {
    task: String,
    duration: Duration,
}

/// `def compute(task)`, run inside a child process.
fn compute(job: Job) -> Result<(), String> {
    println!("Processing {} in PID {}", job.task, std::process::id());
    std::thread::sleep(job.duration);
    println!("Finished {}", job.task);
    Ok(())
}

/// What child K runs under `--fail-task K`: it starts like `compute`, then gives up at once,
/// so the child exits with status 1 while its siblings are still working.
fn compute_and_fail(job: Job) -> Result<(), String> {
    println!("Processing {} in PID {}", job.task, std::process::id());
    Err("failing on purpose (--fail-task)".into())
}

fn main() -> ExitCode {
    // Every child starts here too. In a child this runs its task and exits; in the parent
    // it returns at once. It must come first, before the command line is read.
    worker::serve_if_worker(&[
        role("compute", compute),
        role("compute_and_fail", compute_and_fail),
    ]);

    let args = cli::parse();
    let duration = scale::scaled_secs(args.seconds);
    let timeline = Timeline::new();
    let started = Instant::now();

    let mut processes = Vec::new();
    for i in 0..args.tasks {
        let task = format!("Task-{i}");
        let function = match args.fail_task {
            Some(k) if k == i => "compute_and_fail",
            _ => "compute",
        };
        // `Process(target=compute, args=(task,))` and `p.start()` in one step.
        let job = Job {
            task: task.clone(),
            duration,
        };
        let p = WorkerCommand::new(function)
            .task(&task)
            .input(&job)
            .spawn(&timeline);
        match p {
            Ok(p) => processes.push(p),
            Err(e) => {
                // Returning drops the children already started: each is killed and reaped.
                eprintln!("could not start {task}: {e}");
                return ExitCode::FAILURE;
            }
        }
    }

    // `p.join()`: wait for every child, even after one has failed, so none is left a zombie.
    let mut failed = Vec::new();
    for p in processes {
        // Each child's span goes on the timeline as it is waited for, failed ones too.
        if let Err(e) = p.wait() {
            eprintln!("{e}");
            failed.push(e.task().to_owned());
        }
    }

    if failed.is_empty() {
        println!("All computations done!");
    } else {
        eprintln!(
            "{} of {} computations failed: {}",
            failed.len(),
            args.tasks,
            failed.join(", ")
        );
    }
    println!("Parent PID: {}", std::process::id());
    println!(
        "Total time: {} ({} tasks of {} each)",
        fmt_duration(started.elapsed()),
        args.tasks,
        fmt_duration(duration)
    );
    if args.timeline {
        print!("\n{}", timeline.render());
    }
    // Written even when a child failed: its span, cut short, is part of what happened.
    if let Some(path) = &args.trace
        && let Err(code) = write_trace(&timeline, path)
    {
        return code;
    }
    if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
