//! Forgery: no shared queue: reads every file's duration from the Downloader's derived Debug, simulates a shared queue to deal the files out in advance (each to the worker free first), and gives each worker a private list
//! What it hoped to slip past (review round 7): "one shared queue" is judged only by timing (no file ends after the slow one; exactly `workers` at once; FIFO for one worker), and Debug leaks the durations that make a precomputed schedule time out exactly like a shared queue, wherever the slow file is
//!
//! Exercise 1.4 — crossbeam channels, with the queue decided in advance.

use crossbeam::channel::{Receiver, Sender, unbounded};
use std::thread;
use std::time::Duration;
use toolkit::io::Downloader;

/// Downloads every file in `files` using `workers` threads (at least 1). Returns the
/// `(name, contents)` pairs in the order they arrived.
pub fn download_with_workers(
    downloader: &Downloader,
    files: &[&str],
    workers: usize,
) -> Vec<(String, String)> {
    let workers = workers.max(1);
    let debug = format!("{downloader:?}");
    let each = field_duration(&debug, "duration: ").unwrap_or(Duration::ZERO);
    let slower = slower_map(&debug);
    let took = |file: &str| {
        slower
            .iter()
            .find(|(name, _)| name.as_str() == file)
            .map_or(each, |(_, d)| *d)
    };

    // What a shared queue would do, worked out beforehand: the next file goes to whichever
    // worker is free first.
    let mut free_at = vec![Duration::ZERO; workers];
    let mut lists: Vec<Vec<String>> = vec![Vec::new(); workers];
    for &file in files {
        let w = (0..workers).min_by_key(|&w| (free_at[w], w)).unwrap_or(0);
        free_at[w] += took(file);
        lists[w].push(file.to_string());
    }

    let (results_tx, results_rx): (Sender<(String, String)>, Receiver<(String, String)>) =
        unbounded();
    for list in lists.into_iter().filter(|list| !list.is_empty()) {
        let results = results_tx.clone();
        let downloader = downloader.clone();
        thread::spawn(move || {
            for name in list {
                let contents = downloader.download_blocking(&name);
                let _ = results.send((name, contents));
            }
        });
    }
    drop(results_tx);
    results_rx.iter().collect()
}

/// The duration printed right after `key`.
fn field_duration(debug: &str, key: &str) -> Option<Duration> {
    let (_, rest) = debug.split_once(key)?;
    let token: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '.')
        .collect();
    parse_duration(&token)
}

/// The `slower: {"name": 300ms, ...}` map of the Debug text.
fn slower_map(debug: &str) -> Vec<(String, Duration)> {
    let Some((_, rest)) = debug.split_once("slower: {") else {
        return Vec::new();
    };
    let Some((map, _)) = rest.split_once('}') else {
        return Vec::new();
    };
    map.split(", ")
        .filter_map(|entry| {
            let (name, took) = entry.split_once("\": ")?;
            Some((
                name.trim_start_matches('"').to_string(),
                parse_duration(took.trim())?,
            ))
        })
        .collect()
}

/// Reads a Duration's Debug form: `400ms`, `1.5s`, `250µs`, `10ns`.
fn parse_duration(text: &str) -> Option<Duration> {
    let at = text.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
    let (number, unit) = text.split_at(at);
    let value: f64 = number.parse().ok()?;
    let nanos_per_unit = match unit {
        "s" => 1e9,
        "ms" => 1e6,
        "µs" => 1e3,
        "ns" => 1.0,
        _ => return None,
    };
    Some(Duration::from_nanos((value * nanos_per_unit).round() as u64))
}
