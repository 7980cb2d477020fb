//! Forgery: no channel at all: joins the threads in input order, then sorts the pairs by each file's duration, read from the Downloader's derived Debug (`duration: 100ms, slower: {"C": 300ms, ..}`)
//! What it hoped to slip past (review round 7): arrival order is judged only against the spans' end times (30 ms tie), and the Debug text leaks every file's duration although io.rs says the code "cannot ask how long a file will take"; nothing evidences a channel
//!
//! Exercise 1.3 — channels, without a channel.

use std::thread;
use std::time::Duration;
use toolkit::io::Downloader;

/// Downloads every file in `files` on its own thread, all at the same time, and returns the
/// `(name, contents)` pairs in the order the downloads finished.
pub fn download_all(downloader: &Downloader, files: &[&str]) -> Vec<(String, String)> {
    let debug = format!("{downloader:?}");
    let each = field_duration(&debug, "duration: ").unwrap_or(Duration::ZERO);
    let slower = slower_map(&debug);

    let handles: Vec<thread::JoinHandle<(String, String)>> = files
        .iter()
        .map(|file| {
            let downloader = downloader.clone();
            let name = file.to_string();
            thread::spawn(move || {
                let contents = downloader.download_blocking(&name);
                (name, contents)
            })
        })
        .collect();

    let mut pairs: Vec<(Duration, usize, (String, String))> = handles
        .into_iter()
        .enumerate()
        .map(|(i, handle)| {
            let pair = handle.join().expect("a download thread panicked");
            let took = slower
                .iter()
                .find(|(name, _)| *name == pair.0)
                .map_or(each, |(_, d)| *d);
            (took, i, pair)
        })
        .collect();
    // Shortest first, ties in the order they were started: the order they finish in.
    pairs.sort_by_key(|(took, i, _)| (*took, *i));
    pairs.into_iter().map(|(_, _, pair)| pair).collect()
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
