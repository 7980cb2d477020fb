//! # timeline_demo — the tutorial's "Scenario", measured
//!
//! > Let's say we have 3 tasks (A, B, C) — each takes 2 seconds to complete.
//! > We'll see how total time changes under each technique.
//!
//! The tutorial draws its timelines by hand. This demo runs A, B and C for real under four
//! models — one after another, on threads, in processes, as async tasks — records when each
//! task started and ended and who ran it, and draws what happened: one row per runner, a time
//! axis, and the total. `--svg FILE` draws the same runs as a Gantt chart for a browser, and
//! `--trace FILE` writes them for a trace viewer (<https://ui.perfetto.dev>).
//!
//! ```text
//! cargo run -p timeline_demo                          # 2 s per task, about 12 s in all
//! cargo run -p timeline_demo -- --seconds 0.5 --svg timeline.svg
//! cargo run -p timeline_demo -- --seconds 0.5 --trace timeline.json
//! ```
//!
//! Layout: [`cli`] (flags), [`models`] (the four ways to run the tasks), this file (drawing).

mod cli;
mod models;

use clap::Parser;
use std::process::ExitCode;
use std::time::Duration;
use toolkit::Span;
use toolkit::format::fmt_duration;
use toolkit::scale;
use toolkit::timeline::ascii::{self, LaneBy};
use toolkit::timeline::{svg, trace};

/// One model's run: the tutorial's heading for it, and what was measured.
struct Run {
    model: &'static str,
    heading: &'static str,
    spans: Vec<Span>,
}

fn main() -> ExitCode {
    // A process worker runs its task and exits here; the parent goes on.
    toolkit::worker::serve_if_worker(&[toolkit::worker::role(
        models::TASK_ROLE,
        models::task_worker,
    )]);
    let args = cli::Args::parse();
    let wait = scale::scaled_secs(args.seconds);

    println!(
        "Scenario: 3 tasks (A, B, C), each takes {}.\n",
        fmt_duration(wait)
    );
    // Run the models in the tutorial's order; each measures itself.
    let sequential = models::sequential(wait);
    let threads = models::threads(wait);
    let processes = match models::processes(wait) {
        Ok(spans) => spans,
        Err(e) => {
            eprintln!("error: the processes model failed: {e}");
            return ExitCode::FAILURE;
        }
    };
    let asyncio = models::asyncio(wait);
    let runs = [
        Run {
            model: "sequential",
            heading: "0. Sequential (the baseline: one task after another)",
            spans: sequential,
        },
        Run {
            model: "threads",
            heading: "1. Multithreading (I/O-bound concurrency)",
            spans: threads,
        },
        Run {
            model: "processes",
            heading: "2. Multiprocessing (True Parallelism on Multiple Cores)",
            spans: processes,
        },
        Run {
            model: "async",
            heading: "3. Asyncio (Single-threaded Cooperative Concurrency)",
            spans: asyncio,
        },
    ];

    for run in &runs {
        println!("## {}\n", run.heading);
        print!(
            "{}",
            ascii::render(&run.spans, LaneBy::Auto, ascii::DEFAULT_WIDTH)
        );
        println!();
    }
    print_summary(&runs, wait);

    if let Some(path) = &args.svg {
        let groups: Vec<_> = runs
            .iter()
            .map(|r| svg::Group::new(r.model, &r.spans))
            .collect();
        let title = format!(
            "Tasks A, B and C of {} each, under four models (measured)",
            fmt_duration(wait)
        );
        let picture = svg::render(&title, &groups);
        if let Err(e) = toolkit::outfile::write_atomic(path, picture.as_bytes()) {
            eprintln!("error: could not write --svg {}: {e}", path.display());
            return ExitCode::from(2);
        }
        println!("\nWrote the Gantt chart to {}", path.display());
    }
    if let Some(path) = &args.trace {
        // Each model's run started at its own zero: in the viewer they lie one above another.
        let runs: Vec<(&str, &[Span])> = runs.iter().map(|r| (r.model, &r.spans[..])).collect();
        if let Err(e) = toolkit::outfile::write_atomic(path, trace::render(&runs).as_bytes()) {
            eprintln!("error: could not write --trace {}: {e}", path.display());
            return ExitCode::from(2);
        }
        println!(
            "\nWrote the trace to {} (open it in https://ui.perfetto.dev)",
            path.display()
        );
    }
    ExitCode::SUCCESS
}

/// The tutorial's "Summary Visualization", with the measured totals.
fn print_summary(runs: &[Run], wait: Duration) {
    let total = |spans: &[Span]| toolkit::timeline::query::Query::new(spans.to_vec()).total();
    let baseline = total(&runs[0].spans);
    println!("## Summary (measured)\n");
    println!("| model      | total     | vs sequential | ideal    |");
    println!("| ---------- | --------- | ------------- | -------- |");
    for run in runs {
        let t = total(&run.spans);
        let ideal = if run.model == "sequential" {
            wait * 3
        } else {
            wait
        };
        println!(
            "| {:<10} | {:<9} | {:>12.2}x | {:<8} |",
            run.model,
            fmt_duration(t),
            baseline.as_secs_f64() / t.as_secs_f64().max(1e-9),
            fmt_duration(ideal)
        );
    }
}
