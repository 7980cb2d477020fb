//! # asyncio_demo — the tutorial's section 3, line by line
//!
//! ```python
//! import asyncio
//!
//! async def download_file(name):
//!     print(f"Downloading {name}...")
//!     await asyncio.sleep(2)  # Non-blocking sleep
//!     print(f"Finished {name}")
//!
//! async def main():
//!     tasks = [download_file(f"File-{i}") for i in range(3)]
//!     await asyncio.gather(*tasks)
//!
//! asyncio.run(main())
//! ```
//!
//! Run it with `cargo run -p asyncio_demo` (add `-- --timeline` to see the picture, or
//! `-- --trace run.json` to open the run in <https://ui.perfetto.dev>).
//! With `-- --http`, the downloads are real: HTTP requests to a loopback server that waits
//! `--seconds` before each response (see [`http`]). With `-- --taskgroup`, one task fails and
//! the demo shows what `gather` and `TaskGroup` do with the others (see [`taskgroup`]).

mod cli;
mod http;
mod taskgroup;

use clap::Parser;
use futures::future::join_all;
use std::process::ExitCode;
use std::time::Instant;
use toolkit::Timeline;
use toolkit::cli::write_trace;
use toolkit::format::fmt_duration;
use toolkit::io::Downloader;
use toolkit::scale;

/// `async def download_file(name)`. `download` awaits `tokio::time::sleep`, the counterpart of
/// `await asyncio.sleep(2)`: the task pauses and hands the thread back to the event loop.
async fn download_file(downloader: Downloader, name: String) {
    println!("Downloading {name}...");
    downloader.download(&name).await;
    println!("Finished {name}");
}

/// `asyncio.run(main())`: `flavor = "current_thread"` makes the runtime run every task on
/// this one thread, as asyncio's event loop does.
#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args = cli::Args::parse();
    if args.http || args.server.is_some() {
        if args.tasks > cli::MAX_HTTP_TASKS {
            use clap::CommandFactory;
            cli::Args::command()
                .error(
                    clap::error::ErrorKind::ValueValidation,
                    format!(
                        "invalid value '{}' for '--tasks <N>' with --http: must be from 1 to {}: \
                         each download is a real socket",
                        args.tasks,
                        cli::MAX_HTTP_TASKS
                    ),
                )
                .exit();
        }
        return http::main(&args).await;
    }
    if args.taskgroup {
        if args.tasks < 2 {
            use clap::CommandFactory;
            cli::Args::command()
                .error(
                    clap::error::ErrorKind::ValueValidation,
                    format!(
                        "invalid value '{}' for '--tasks <N>' with --taskgroup: must be at \
                         least 2, one task that fails and others to see what becomes of them",
                        args.tasks
                    ),
                )
                .exit();
        }
        taskgroup::main(args.tasks, scale::scaled_secs(args.seconds), args.timeline).await;
        return ExitCode::SUCCESS;
    }
    let timeline = Timeline::tokio();
    let wait = scale::scaled_secs(args.seconds);
    let downloader = Downloader::new(&timeline, wait);
    let started = Instant::now();

    // `asyncio.gather` wraps each coroutine in a Task; `tokio::spawn` does the same, and
    // `join_all` waits for them all. The tasks start when `main` first awaits.
    let tasks: Vec<_> = (0..args.tasks)
        .map(|i| tokio::spawn(download_file(downloader.clone(), format!("File-{i}"))))
        .collect();
    for done in join_all(tasks).await {
        done.expect("a download task panicked");
    }

    println!(
        "Total time: {} ({} downloads of {} each)",
        fmt_duration(started.elapsed()),
        args.tasks,
        fmt_duration(wait)
    );
    if args.timeline {
        print!("\n{}", timeline.render());
        println!(
            "{} tasks ran on {} OS thread(s) in {} process(es).",
            timeline.query().tasks(),
            timeline.query().threads(),
            timeline.query().processes()
        );
    }
    if let Some(path) = &args.trace
        && let Err(code) = write_trace(&timeline, path)
    {
        return code;
    }
    ExitCode::SUCCESS
}
