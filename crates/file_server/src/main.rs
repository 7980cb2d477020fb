//! # file_server — lesson 5's loopback HTTP server, on the command line
//!
//! `cargo run -p file_server -- --latency 2s` serves deterministic files on 127.0.0.1 until
//! Ctrl-C, each response after a 2 s wait: a real "download" for the threading and asyncio
//! demos (`--http`), for `curl`, or for your own client. It is `toolkit::net::FileServer`,
//! the server the lesson's tests start in-process.

mod cli;

/// `println!` that shrugs off a closed stdout: a server piped into `head` (or a test that
/// stops reading) must go on serving, not panic on a broken pipe.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

use clap::Parser;
use std::process::ExitCode;
use toolkit::format::fmt_duration;
use toolkit::net::FileServer;

fn main() -> ExitCode {
    let args = cli::Args::parse();
    let mut builder = FileServer::builder()
        .latency(args.latency)
        .file_size(args.size)
        .port(args.port)
        .link_graph(args.pages, 3, 1);
    if let Some(rate) = args.bandwidth {
        builder = builder.bandwidth(rate);
    }
    // Ctrl-C and SIGTERM are caught before the server starts, so a signal that comes early
    // still stops it cleanly.
    let mut signals = match signal_hook::iterator::Signals::new([
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGTERM,
    ]) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: cannot catch Ctrl-C: {e}");
            return ExitCode::FAILURE;
        }
    };
    let server = match builder.start() {
        Ok(server) => server,
        Err(e) => {
            eprintln!("error: cannot serve on 127.0.0.1:{}: {e}", args.port);
            return ExitCode::FAILURE;
        }
    };
    let pace = match args.bandwidth {
        Some(rate) => format!(", bodies at {rate} bytes/s"),
        None => String::new(),
    };
    say!(
        "Serving on {} (latency {} per request, files of {} bytes{pace})",
        server.url("/"),
        fmt_duration(args.latency),
        args.size
    );
    say!("Routes:");
    say!(
        "  {}        {} deterministic bytes derived from NAME (?size=N for another size)",
        server.file_url("NAME"),
        args.size
    );
    say!(
        "  {}      that status code (200-599)",
        server.url("/status/CODE")
    );
    say!(
        "  {}              never answers (try a client timeout)",
        server.url("/hang")
    );
    say!(
        "  {}               promises a body, sends half, closes the connection",
        server.url("/cut")
    );
    if args.pages > 0 {
        say!(
            "  {}           link graph: pages 0 to {} (some links are broken)",
            server.url("/pages/N"),
            args.pages - 1
        );
    }
    say!("Press Ctrl-C to stop.");

    // Wait for Ctrl-C; requests are served on the server's own thread meanwhile.
    let _ = signals.forever().next();
    let stats = server.stats();
    drop(server);
    say!(
        "Stopped: {} request(s) on {} connection(s), at most {} at once.",
        stats.requests,
        stats.connections,
        stats.max_in_flight
    );
    ExitCode::SUCCESS
}
