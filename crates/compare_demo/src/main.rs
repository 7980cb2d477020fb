//! # compare_demo — the tutorial's "Summary Table" and "When to Use Which", measured
//!
//! The tutorial states its summary as facts: threads have low overhead, processes run in
//! true parallel, asyncio has very low overhead... This demo measures each claim on *your*
//! machine, and shows where Rust differs (its threads run CPU work in parallel: no GIL).
//!
//! | experiment | what runs |
//! |---|---|
//! | `io_bound` | N waits of the same length (the tutorial's downloads) |
//! | `cpu_bound` | the primes below a limit, counted in pieces (at least one per core) |
//! | `spawn_cost` | spawning and joining one thread, process or async task |
//! | `scale_async` | 100,000 concurrent 1 s async sleeps |
//! | `scale_threads` | 10,000 concurrent threads sleeping 1 s each |
//! | `net` | 100, 1,000 and 10,000 concurrent HTTP requests to a loopback server (C10k) |
//!
//! Each experiment runs under `sequential`, `threads`, `processes`, `async` (one thread),
//! `async_multi` (tokio's multi-thread runtime, `spawn_blocking` for CPU work) and
//! `gil_threads` (threads behind a simulated GIL), where the model applies; `cpu_bound`
//! also under `rayon` (the same pieces with `par_iter` on rayon's global pool), `net` also
//! under `thread_pool` (64 threads).
//!
//! ```text
//! cargo run --release -p compare_demo                  # the full run, about a minute
//! cargo run --release -p compare_demo -- --quick --json results.json --with-python
//! cargo run --release -p compare_demo -- --experiment net --with-python   # C10k only
//! cargo run --release -p compare_demo -- --quick --python python3.14t     # another Python
//! cargo run --release -p compare_demo -- --quick --trace run.json         # for ui.perfetto.dev
//! ```
//!
//! Layout: [`cli`] flags, [`names`] the experiments and models, [`sizes`] how big each
//! experiment is, [`plan`] which models run, [`experiments`] the measurements (each row in a
//! fresh worker process), [`python`] the Python side (and [`python::probe`], which Python it
//! is), [`report`] ideal times, speedups and answer checks, [`verdict`] each row's one-line
//! verdict, [`table`] the printed table, [`advice`] the "When to Use Which" table with the
//! figures filled in, [`trace`] the run's timeline for `--trace`.

mod advice;
mod cli;
mod experiments;
mod names;
mod plan;
mod python;
mod report;
mod sizes;
mod table;
mod trace;
mod verdict;

use clap::Parser;
use experiments::{Measured, ROW_ROLE, Spec, cpu_bound, io_bound, spawn_cost};
use indicatif::{ProgressBar, ProgressStyle};
use names::{Experiment, Model};
use report::Row;
use sizes::Sizes;
use std::io::IsTerminal;
use std::process::ExitCode;
use toolkit::Timeline;
use toolkit::worker::{WorkerCommand, role};

fn main() -> ExitCode {
    // Every row, and every process a row starts, is this program in a worker role.
    toolkit::worker::serve_if_worker(&[
        role(ROW_ROLE, experiments::row_worker),
        role(io_bound::ROLE, io_bound::wait_worker),
        role(cpu_bound::ROLE, cpu_bound::primes_worker),
        role(spawn_cost::ROLE, spawn_cost::nothing_worker),
    ]);
    let args = cli::Args::parse();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let sizes = Sizes::new(args.quick, args.tiny, cores);

    // Other programs share the cores: say how busy the machine was, so figures can be judged.
    let mut notes = Vec::new();
    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        let one_minute = load.split_whitespace().next().unwrap_or("?");
        notes.push(format!(
            "load average when the run began: {one_minute} on {cores} cores"
        ));
    }
    // Asked for Python rows? Probe the interpreter first: a missing one, a program that is
    // not Python, or one too old is refused before anything runs.
    let python = match python::Python::from_flags(args.python.as_deref(), args.with_python) {
        Ok(python) => python,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    if let Some(py) = &python {
        notes.extend(py.notes());
    }

    // The plan: every experiment, Rust models first, then their Python counterparts; `net`
    // once per request count (the third field; 0 elsewhere).
    let mut plan: Vec<(Experiment, Model, usize)> = Vec::new();
    let chosen = Experiment::ALL
        .into_iter()
        .filter(|e| args.experiment.is_empty() || args.experiment.contains(e));
    for experiment in chosen {
        let counts = match experiment {
            Experiment::Net => sizes.net_counts.clone(),
            _ => vec![0],
        };
        for n in counts {
            for model in plan::rust_models(experiment) {
                plan.push((experiment, *model, n));
            }
            if let Some(py) = &python {
                for model in plan::python_models(experiment) {
                    if py.runs(*model) {
                        plan.push((experiment, *model, n));
                    }
                }
            }
        }
    }
    if plan.iter().any(|(e, _, _)| *e == Experiment::Net) {
        // The server runs in this process and holds one socket per request.
        experiments::net::raise_open_files();
        notes.push(
            "net: the server (toolkit::net::FileServer, 100 ms latency) ran in the parent \
             compare_demo process, a fresh one per row; each client row ran in its own worker \
             process, so its peak RSS is the client's alone. Client and server share this \
             machine's cores: where a row is far from its ideal, `cargo run --release -p \
             file_server --bin loadgen` measures how many connections a second this machine's \
             loopback TCP allows at all (its floor), with no HTTP library and no waiting"
                .into(),
        );
    }

    println!(
        "Measuring {} rows on {cores} cores{}...",
        plan.len(),
        if args.quick { " (--quick)" } else { "" }
    );
    let bar = progress(plan.len());
    // Every row is recorded, on its model's lane, for --trace.
    let run_trace = trace::RunTrace::new(plan.iter().map(|(_, model, _)| *model));
    let mut rows = Vec::new();
    for (experiment, model, n) in plan {
        bar.set_message(format!("{experiment} / {model}"));
        let row = match experiment {
            Experiment::Net => run_trace.record(model, format!("net ×{n}"), || {
                net_row(model, n, &sizes, python.as_ref())
            }),
            _ => run_trace.record(model, experiment.to_string(), || {
                let measured = measure(model, &sizes, experiment, python.as_ref());
                Row::new(experiment, model, measured)
            }),
        };
        rows.push(row);
        bar.inc(1);
    }
    bar.finish_and_clear();
    report::finish(&mut rows, &sizes);
    if let Some(note) = python.as_ref().and_then(|py| py.gil_note(&rows)) {
        notes.push(note);
    }

    println!("\n## Summary table, measured\n");
    print!("{}", table::table(&rows));
    // The advice quotes io_bound, cpu_bound, spawn_cost and the scale rows: only a full
    // plan has its figures.
    if args.experiment.is_empty() {
        println!("\n## When to use which, with this machine's figures\n");
        print!("{}", advice::table(&rows, &sizes));
    }
    for note in &notes {
        println!("\nNote: {note}");
    }

    if let Some(path) = &args.json {
        let json = serde_json::json!({
            "cores": cores,
            "quick": args.quick,
            "notes": notes,
            // Which interpreter ran the Python rows, and whether its GIL was on (null
            // without Python rows).
            "python": python.as_ref().map(|py| serde_json::json!({
                "interpreter": py.interpreter,
                "gil": py.interpreter.gil_text(),
            })),
            "results": rows,
        });
        let text = serde_json::to_string_pretty(&json).unwrap_or_default();
        if let Err(e) = toolkit::outfile::write_atomic(path, text.as_bytes()) {
            eprintln!("error: could not write --json {}: {e}", path.display());
            return ExitCode::from(2);
        }
        println!("\nWrote the results to {}", path.display());
    }
    if let Some(path) = &args.trace {
        if let Err(e) = run_trace.write(path) {
            eprintln!("error: could not write --trace {}: {e}", path.display());
            return ExitCode::from(2);
        }
        println!(
            "\nWrote the run's timeline to {} (open it in https://ui.perfetto.dev)",
            path.display()
        );
    }
    ExitCode::SUCCESS
}

/// Runs one row: in Python when the model is Python's, else in a worker process.
fn measure(
    model: Model,
    sizes: &Sizes,
    experiment: Experiment,
    python: Option<&python::Python>,
) -> Measured {
    match python {
        Some(py) if model.is_python() => py.run(experiment, model, sizes),
        _ => run_row(experiment, model, sizes),
    }
}

/// One `net` row: starts a fresh loopback server here (100 ms latency), has the row's
/// worker (or Python) make `n` concurrent requests to it, and records the most requests the
/// server had in flight at once.
fn net_row(model: Model, n: usize, sizes: &Sizes, python: Option<&python::Python>) -> Row {
    let latency = std::time::Duration::from_secs_f64(sizes.net_latency_s);
    let server = match toolkit::net::FileServer::builder().latency(latency).start() {
        Ok(server) => server,
        Err(e) => {
            let failed = Measured::failed(format!("could not start the loopback server: {e}"));
            return Row::new(Experiment::Net, model, failed);
        }
    };
    let sizes = Sizes {
        net_n: n,
        net_url: server.file_url("c10k"),
        ..sizes.clone()
    };
    let measured = match python {
        Some(py) if model.is_python() => py.run(Experiment::Net, model, &sizes),
        _ => run_row(Experiment::Net, model, &sizes),
    };
    let mut row = Row::new(Experiment::Net, model, measured);
    row.server_max_in_flight = Some(server.stats().max_in_flight);
    row
}

/// Runs one row in a fresh worker process, so its peak memory is its own.
fn run_row(experiment: Experiment, model: Model, sizes: &Sizes) -> Measured {
    let spec = Spec {
        experiment,
        model,
        sizes: sizes.clone(),
    };
    // The worker's own task span is recorded here and left out: --trace draws the row from
    // this process's side (trace.rs), on its model's lane.
    let timeline = Timeline::new();
    let worker = WorkerCommand::new(ROW_ROLE)
        .task(&format!("{experiment}/{model}"))
        .input(&spec)
        .relay(false)
        .spawn(&timeline);
    match worker {
        Err(e) => Measured::failed(format!("could not start the row's process: {e}")),
        Ok(w) => w
            .wait()
            .and_then(|report| report.output::<Measured>())
            .unwrap_or_else(|e| Measured::failed(e.to_string())),
    }
}

/// A progress bar on a terminal; nothing at all when stderr is piped or redirected.
fn progress(len: usize) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len as u64);
    if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} {elapsed:>4} {msg}") {
        bar.set_style(style);
    }
    bar
}
