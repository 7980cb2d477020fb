//! # threading_demo — the tutorial's section 1, line by line
//!
//! ```python
//! import threading
//! import time
//!
//! def download_file(name):
//!     print(f"Downloading {name}...")
//!     time.sleep(2)
//!     print(f"Finished {name}")
//!
//! threads = []
//! for file in ["A", "B", "C"]:
//!     t = threading.Thread(target=download_file, args=(file,))
//!     threads.append(t)
//!     t.start()
//!
//! for t in threads:
//!     t.join()
//!
//! print("All downloads complete!")
//! ```
//!
//! Run it with `cargo run -p threading_demo` (add `-- --timeline` to see the picture, or
//! `-- --trace run.json` to open the run in <https://ui.perfetto.dev>).
//! With `--features http -- --http`, the downloads are real: HTTP requests to a loopback
//! server that waits `--seconds` before each response (`src/http.rs`; the feature is off by
//! default so that this demo, the first thing a newcomer builds, builds quickly).

mod cli;
#[cfg(feature = "http")]
mod http;

use clap::Parser;
use std::process::ExitCode;
use std::thread;
use std::time::Instant;
use toolkit::Timeline;
use toolkit::cli::write_trace;
use toolkit::format::fmt_duration;
use toolkit::io::Downloader;
use toolkit::scale;

/// `download_file(name)`: the `Downloader` sleeps like `time.sleep(2)` and records a span.
///
/// Why the lines never come out mangled: `println!` locks stdout for the whole call, so the
/// text and its newline are written together. Python's `print` writes the text and the
/// newline separately, so two threads can produce `Finished AFinished B` and then two
/// newlines.
fn download_file(downloader: &Downloader, name: &str) {
    println!("Downloading {name}...");
    downloader.download_blocking(name);
    println!("Finished {name}");
}

/// `--http` and `--server`: the downloads over real HTTP, when the demo was built with them.
#[cfg(feature = "http")]
fn http_main(args: &cli::Args) -> ExitCode {
    http::main(args)
}

/// `--http` and `--server` in a build without the `http` feature: say how to get it (exit 2,
/// as for any flag this build cannot honour).
#[cfg(not(feature = "http"))]
fn http_main(_: &cli::Args) -> ExitCode {
    eprintln!(
        "error: --http and --server need the demo's HTTP client and the loopback server, which \
         the default build leaves out to keep your first build quick.\n\
         Run: cargo run -p threading_demo --features http -- --http"
    );
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let args = cli::Args::parse();
    if args.http || args.server.is_some() {
        return http_main(&args);
    }
    let timeline = Timeline::new();
    let wait = scale::scaled_secs(args.seconds);
    let downloader = Downloader::new(&timeline, wait);
    let files = ["A", "B", "C"];
    let started = Instant::now();

    let mut threads = Vec::new();
    for (i, file) in files.into_iter().enumerate() {
        let downloader = downloader.clone();
        // `Thread(target=..., args=...)` and `t.start()` in one step: a Rust thread starts
        // running as soon as it is spawned. We name it the way Python does, `Thread-1`...
        let t = thread::Builder::new()
            .name(format!("Thread-{}", i + 1))
            .spawn(move || download_file(&downloader, file))
            .expect("the operating system could not start a thread");
        threads.push(t);
    }

    for t in threads {
        t.join().expect("a download thread panicked");
    }

    println!("All downloads complete!");
    println!(
        "Total time: {} ({} downloads of {} each)",
        fmt_duration(started.elapsed()),
        files.len(),
        fmt_duration(wait)
    );
    if args.timeline {
        print!("\n{}", timeline.render());
    }
    if let Some(path) = &args.trace
        && let Err(code) = write_trace(&timeline, path)
    {
        return code;
    }
    ExitCode::SUCCESS
}
