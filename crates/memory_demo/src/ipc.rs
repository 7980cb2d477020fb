//! IPC is slower: the same messages through a channel between threads, then through a pipe
//! from a child process.

use std::io::Write;
use std::sync::mpsc;
use std::time::{Duration, Instant};
use toolkit::Timeline;
use toolkit::format::fmt_duration;
use toolkit::worker::WorkerCommand;

/// Message number `i`: 64 bytes of text, the same in both experiments.
fn message(i: usize) -> String {
    format!("{:<64}", format!("message {i}"))
}

/// In a child: writes `n` messages, one per line, to stdout, which is a pipe to the parent.
pub fn send_messages(n: usize) -> Result<usize, String> {
    let mut out = std::io::stdout().lock();
    for i in 0..n {
        writeln!(out, "{}", message(i)).map_err(|e| e.to_string())?;
    }
    Ok(n)
}

/// A thread sends `n` messages over a channel; returns the time until all were received.
fn over_a_channel(n: usize) -> Result<Duration, String> {
    let start = Instant::now();
    let (tx, rx) = mpsc::channel();
    let sender = std::thread::spawn(move || {
        for i in 0..n {
            // Sending moves the String: only a pointer changes hands, nothing is copied.
            let _ = tx.send(message(i));
        }
    });
    let received = rx.iter().count();
    sender.join().map_err(|_| "the sending thread panicked")?;
    check(received, n)?;
    Ok(start.elapsed())
}

/// A child process writes `n` messages into a pipe; returns the time until all were read.
fn over_a_pipe(n: usize) -> Result<Duration, String> {
    let start = Instant::now();
    let child = WorkerCommand::new("send_messages")
        .input(&n)
        .relay(false)
        .spawn(&Timeline::new())
        .map_err(|e| format!("could not start a child process: {e}"))?;
    let report = child.wait().map_err(|e| e.to_string())?;
    check(report.lines().len(), n)?;
    Ok(start.elapsed())
}

fn check(received: usize, sent: usize) -> Result<(), String> {
    if received == sent {
        Ok(())
    } else {
        Err(format!("sent {sent} messages but received {received}"))
    }
}

/// The fastest of three runs of `n` messages, minus the fastest of three runs of none (the
/// cost of starting the thread or the process): what the messages themselves cost.
fn cost_of(n: usize, send: fn(usize) -> Result<Duration, String>) -> Result<Duration, String> {
    let best = |n| -> Result<Duration, String> {
        (0..3)
            .map(|_| send(n))
            .try_fold(Duration::MAX, |b, t| Ok(b.min(t?)))
    };
    Ok(best(n)?.saturating_sub(best(0)?))
}

/// Runs the experiment and prints both costs and their ratio.
pub fn run(n: usize) -> Result<(), String> {
    println!("IPC: {n} messages of 64 bytes");
    let channel = cost_of(n, over_a_channel)?;
    let pipe = cost_of(n, over_a_pipe)?;
    let per = |d: Duration| fmt_duration(d / n as u32);
    println!(
        "  threads:   over a channel  {:>10}  ({} per message)",
        fmt_duration(channel),
        per(channel)
    );
    println!(
        "  processes: over a pipe     {:>10}  ({} per message)",
        fmt_duration(pipe),
        per(pipe)
    );
    let ratio = pipe.as_secs_f64() / channel.as_secs_f64().max(1e-9);
    println!("  -> the pipe took {ratio:.1}x as long as the channel");
    Ok(())
}
