//! # memory_demo — two rows of the tutorial's Summary Table, measured
//!
//! | Feature | Multithreading | Multiprocessing |
//! |---|---|---|
//! | Memory | Shared | Separate |
//!
//! and, under "⚠️ Downside" of multiprocessing: *"Inter-process communication (IPC) is slower"*.
//!
//! 1. **Memory.** Three threads, then three processes, each add 1 to the same global
//!    `COUNTER`. Threads share one memory, so the parent sees 3. Each process has its own copy
//!    of the program's memory, so each child sees 1 and the parent still sees 0.
//! 2. **IPC.** N small messages go from a thread to the main thread over a channel (a pointer
//!    handed over inside one memory), then from a child process to its parent over a pipe
//!    (bytes copied through the kernel, then parsed). Both are timed; the cost of starting the
//!    thread or process is measured separately and taken off.
//!
//! Run it with `cargo run --release -p memory_demo`.

mod cli;
mod ipc;
mod shared;

use clap::Parser;

fn main() -> std::process::ExitCode {
    // Children start here too: they do their part and exit (see toolkit::worker).
    toolkit::worker::serve_if_worker(&[
        toolkit::worker::role("add_one", shared::add_one),
        toolkit::worker::role("send_messages", ipc::send_messages),
    ]);
    let args = cli::Args::parse();
    match shared::run().and_then(|()| ipc::run(args.messages)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
