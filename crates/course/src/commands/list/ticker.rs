//! A line on stderr that shows a long step is alive: `⠹ building 17 exercises… 12 s`.
//!
//! In a terminal it redraws itself in place every 100 ms; elsewhere (a pipe, a CI log) it
//! stays silent, so logs get the caller's own lines instead of hundreds of redraws.

use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// A running ticker; [`Ticker::stop`] (or dropping it) clears its line.
pub struct Ticker {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Ticker {
    /// Starts showing `label` with a spinner and the seconds elapsed.
    pub fn start(label: String) -> Ticker {
        let stop = Arc::new(AtomicBool::new(false));
        if !std::io::stderr().is_terminal() {
            return Ticker { stop, thread: None };
        }
        let flag = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            let frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
            let started = Instant::now();
            let mut frame = 0;
            while !flag.load(Ordering::Relaxed) {
                let secs = started.elapsed().as_secs();
                eprint!("\r{} {label} {secs} s ", frames[frame % frames.len()]);
                let _ = std::io::stderr().flush();
                frame += 1;
                std::thread::sleep(Duration::from_millis(100));
            }
            // Clear the line, so what is printed next starts clean.
            eprint!("\r{}\r", " ".repeat(label.chars().count() + 12));
        });
        Ticker {
            stop,
            thread: Some(thread),
        }
    }

    /// Stops the ticker and clears its line.
    pub fn stop(mut self) {
        self.finish();
    }

    fn finish(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Ticker {
    fn drop(&mut self) {
        self.finish();
    }
}
