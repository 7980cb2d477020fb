//! `course watch`: re-check the current exercise on every save.
//!
//! File events come from notify, debounced (an editor's save is several events; we check
//! once). Keys: `n` next exercise, `h` hint, `l` list, `q` quit. In a terminal the keys
//! work without Enter (crossterm's raw mode); without a terminal (a pipe, an IDE console)
//! the same letters are read as lines. A hanging exercise is stopped by the timeout, and
//! the watch goes on.

use super::check::{self, Via};
use super::{Ctx, hint, list};
use crate::error::{Context, Result};
use crate::state::{Progress, source_hash};
use crossterm::event::{self, Event as TermEvent, KeyCode, KeyEventKind, KeyModifiers};
use crossterm::terminal;
use notify_debouncer_mini::{DebounceEventResult, new_debouncer, notify::RecursiveMode};
use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;

/// What the watch loop reacts to.
enum Event {
    /// A file changed.
    Changed(Vec<PathBuf>),
    /// A key (or a line's first letter) was pressed.
    Key(char),
}

/// Raw mode while waiting for keys; normal mode while printing. Restored on drop.
struct Keys {
    raw: bool,
}

impl Keys {
    fn wait(&self) {
        if self.raw {
            let _ = terminal::enable_raw_mode();
        }
    }
    fn work(&self) {
        if self.raw {
            let _ = terminal::disable_raw_mode();
        }
    }
}

impl Drop for Keys {
    fn drop(&mut self) {
        self.work();
    }
}

/// Watches until `q` (or Ctrl-C); exit code 0.
pub fn run(ctx: &Ctx, name: Option<&str>, timeout: Duration) -> Result<i32> {
    let mut progress = Progress::load(&ctx.root);
    let Some(mut current) = check::pick(ctx, &progress, name)? else {
        println!("🎉 Every exercise passes. Nothing to watch.");
        return Ok(0);
    };
    let (tx, rx) = mpsc::channel();

    let files = tx.clone();
    let mut debouncer = new_debouncer(
        Duration::from_millis(300),
        move |res: DebounceEventResult| {
            if let Ok(events) = res {
                let paths: Vec<PathBuf> = events
                    .into_iter()
                    .map(|e| e.path)
                    .filter(|p| !p.components().any(|c| c.as_os_str() == "target"))
                    .collect();
                if !paths.is_empty() {
                    let _ = files.send(Event::Changed(paths));
                }
            }
        },
    )
    .context(|| "starting the file watcher".into())?;
    for lesson in &ctx.plan.lessons {
        let dir = ctx.root.join(&lesson.dir);
        if dir.is_dir() {
            debouncer
                .watcher()
                .watch(&dir, RecursiveMode::Recursive)
                .context(|| format!("watching {}", dir.display()))?;
        }
    }

    let keys = Keys {
        raw: std::io::stdin().is_terminal() && terminal::enable_raw_mode().is_ok(),
    };
    keys.work();
    if keys.raw {
        std::thread::spawn(move || read_keys(tx));
    } else {
        std::thread::spawn(move || read_lines(tx));
    }
    let help = if keys.raw {
        "[n] next  [h] hint  [l] list  [q] quit"
    } else {
        "type n, h, l or q and Enter"
    };

    check::check_one(ctx, &mut progress, &current, timeout, Via::Watch)?;
    // The sources as last checked.
    let mut checked = source_hash(&ctx.dir(&current))?;
    println!(
        "\nWatching {}: save a file to re-check. {help}",
        current.id()
    );
    keys.wait();
    while let Ok(event) = rx.recv() {
        keys.work();
        match event {
            Event::Changed(paths) => {
                // Only a real change of the current exercise counts: building and testing
                // reads the files, and some platforms report reads as events too.
                let dir = ctx.dir(&current);
                let hash = source_hash(&dir)?;
                if paths.iter().any(|p| p.starts_with(&dir)) && hash != checked {
                    check::check_one(ctx, &mut progress, &current, timeout, Via::Watch)?;
                    checked = hash;
                } else {
                    keys.wait();
                    continue;
                }
            }
            Event::Key('q') => break,
            Event::Key('h') => {
                hint::show(ctx, &current, Via::Watch)?;
            }
            Event::Key('l') => {
                list::run(ctx, true, timeout)?;
            }
            Event::Key('n') => match check::next_after(ctx, &progress, &current)? {
                Some(next) => {
                    current = next;
                    check::check_one(ctx, &mut progress, &current, timeout, Via::Watch)?;
                    checked = source_hash(&ctx.dir(&current))?;
                }
                None => println!("No unfinished exercise after {}.", current.id()),
            },
            Event::Key(_) => {}
        }
        println!("\nWatching {}. {help}", current.id());
        keys.wait();
    }
    keys.work();
    println!("Bye. Your progress is saved in .course/progress.json.");
    Ok(0)
}

/// Single key presses from the terminal. Ctrl-C quits too (raw mode turns off SIGINT).
fn read_keys(tx: mpsc::Sender<Event>) {
    while let Ok(event) = event::read() {
        if let TermEvent::Key(key) = event
            && key.kind == KeyEventKind::Press
        {
            let c = match key.code {
                KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => 'q',
                KeyCode::Char(c) => c.to_ascii_lowercase(),
                KeyCode::Esc => 'q',
                _ => continue,
            };
            if tx.send(Event::Key(c)).is_err() {
                return;
            }
        }
    }
}

/// Plain line mode: the first letter of each line. At the end of input, the watch goes on.
fn read_lines(tx: mpsc::Sender<Event>) {
    for line in std::io::stdin().lock().lines() {
        let Ok(line) = line else { return };
        if let Some(c) = line.trim().chars().next()
            && tx.send(Event::Key(c.to_ascii_lowercase())).is_err()
        {
            return;
        }
    }
}
