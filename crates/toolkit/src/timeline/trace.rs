//! A timeline as a Chrome trace-event JSON file, for [Perfetto](https://ui.perfetto.dev) and
//! `chrome://tracing`: zoom into ten thousand spans, click one to see who recorded it.
//!
//! ```
//! use toolkit::Timeline;
//! let timeline = Timeline::new();
//! timeline.record("A", || ());
//! let json = timeline.to_trace_json();
//! assert!(json.contains(r#""ph":"X""#) && json.contains(r#""name":"A""#));
//! ```
//!
//! What the viewer shows, and why:
//! - each span is a *complete event* (`"ph":"X"`): `ts` (start) and `dur`, in microseconds;
//!   its `args` say who recorded it (`source`) and whether tests believe it (`evidence`);
//! - each process of the timeline is a trace process, named `PID 4208` as in the ASCII picture;
//! - each runner — an OS thread, or a tokio task on one — is a trace thread named as the
//!   picture names its lane (`Thread-1`, `task 3 on main`);
//! - spans that nest on one runner (a span of your own around a download) stay on one track,
//!   nested; spans that overlap without nesting (three futures joined on one task) cannot share
//!   a track in this format, so they get extra ones, `main ²`, `main ³`, as in the picture.

use super::{Source, Span, Timeline};
use serde::Serialize;
use std::collections::HashMap;
use std::io;
use std::path::Path;
use std::time::Duration;

impl Timeline {
    /// Every span of this timeline, your own included, as Chrome trace-event JSON.
    pub fn to_trace_json(&self) -> String {
        render(&[("", &self.spans())])
    }

    /// Writes [`Timeline::to_trace_json`] to `path`, all at once ([`crate::outfile::write_atomic`]).
    pub fn write_trace(&self, path: &Path) -> io::Result<()> {
        crate::outfile::write_atomic(path, self.to_trace_json().as_bytes())
    }
}

/// Several runs in one trace (a demo that runs the same tasks under four models, say): each
/// `(name, spans)` becomes its own trace processes, named `name · PID 4208`, in the given
/// order. An empty name adds no prefix. Each run keeps its own times, so runs that each start
/// at zero are drawn one above the other, easy to compare.
pub fn render(runs: &[(&str, &[Span])]) -> String {
    // Events are written one by one: 100,000 spans make a 37 MB file, which as one tree of
    // JSON values would take most of a gigabyte.
    let mut out = Events::default();
    let mut pids = Pids::default();
    let mut next_tid = 1u64;
    for (name, spans) in runs {
        for process in processes(spans) {
            let pid = pids.assign(process.pid);
            let title = match name.is_empty() {
                true => format!("PID {}", process.pid),
                false => format!("{name} · PID {}", process.pid),
            };
            out.push(&Metadata::name(pid, 0, "process_name", &title));
            out.push(&Metadata::sort(pid, 0, "process_sort_index", pids.order()));
            for (order, track) in process.tracks.iter().enumerate() {
                let tid = next_tid;
                next_tid += 1;
                out.push(&Metadata::name(pid, tid, "thread_name", &track.name));
                out.push(&Metadata::sort(pid, tid, "thread_sort_index", order));
                for s in &track.spans {
                    out.push(&Complete::new(pid, tid, s));
                }
            }
        }
    }
    out.finish()
}

/// The `traceEvents` array, written as it grows.
struct Events {
    json: Vec<u8>,
    empty: bool,
}

impl Default for Events {
    fn default() -> Self {
        Events {
            json: br#"{"displayTimeUnit":"ms","traceEvents":["#.to_vec(),
            empty: true,
        }
    }
}

impl Events {
    fn push(&mut self, event: &impl Serialize) {
        if !self.empty {
            self.json.push(b',');
        }
        self.empty = false;
        // Plain structs of strings and numbers, written to memory: this cannot fail.
        serde_json::to_writer(&mut self.json, event).expect("an event serializes");
    }

    fn finish(mut self) -> String {
        self.json.extend_from_slice(b"]}");
        // serde_json writes UTF-8 only, so this takes the bytes as they are, without a copy.
        String::from_utf8(self.json)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }
}

/// A span as a complete event (`"ph":"X"`). Times are whole nanoseconds written as
/// microseconds, so a viewer reads back exactly the recorded times and nested spans stay nested.
#[derive(Serialize)]
struct Complete<'a> {
    ph: &'static str,
    name: &'a str,
    cat: Source,
    ts: f64,
    dur: f64,
    pid: u64,
    tid: u64,
    args: Args,
}

/// What the viewer shows when a span is clicked: who recorded it, and whether tests believe it.
#[derive(Serialize)]
struct Args {
    source: Source,
    evidence: bool,
    runner: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    on_cpu_us: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    waiting_for_a_core_us: Option<f64>,
}

impl<'a> Complete<'a> {
    fn new(pid: u64, tid: u64, s: &'a Span) -> Self {
        let yours = s.source() == Source::Yours;
        Complete {
            ph: "X",
            name: &s.label,
            cat: s.source(),
            ts: micros(s.start),
            dur: micros(s.duration()),
            pid,
            tid,
            args: Args {
                source: s.source(),
                evidence: s.source().is_evidence(),
                runner: s.runner.to_string(),
                note: yours
                    .then_some("recorded by the code under test: drawn, never trusted by tests"),
                on_cpu_us: s.sched().map(|t| micros(t.cpu)),
                waiting_for_a_core_us: s.sched().map(|t| micros(t.queued)),
            },
        }
    }
}

/// A metadata event (`"ph":"M"`): a process's or a track's name, or its place in the list.
#[derive(Serialize)]
struct Metadata<'a> {
    ph: &'static str,
    name: &'static str,
    pid: u64,
    tid: u64,
    args: MetadataArgs<'a>,
}

#[derive(Serialize)]
struct MetadataArgs<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sort_index: Option<usize>,
}

impl<'a> Metadata<'a> {
    fn name(pid: u64, tid: u64, kind: &'static str, name: &'a str) -> Self {
        let args = MetadataArgs {
            name: Some(name),
            sort_index: None,
        };
        Metadata {
            ph: "M",
            name: kind,
            pid,
            tid,
            args,
        }
    }

    fn sort(pid: u64, tid: u64, kind: &'static str, index: usize) -> Self {
        let args = MetadataArgs {
            name: None,
            sort_index: Some(index),
        };
        Metadata {
            ph: "M",
            name: kind,
            pid,
            tid,
            args,
        }
    }
}

fn micros(d: Duration) -> f64 {
    d.as_nanos() as f64 / 1000.0
}

/// Trace process ids: a process keeps its real PID, unless an earlier run already used it
/// (each run of a demo happens in the same parent process); then it gets a fresh number.
#[derive(Default)]
struct Pids {
    used: Vec<u64>,
}

impl Pids {
    fn assign(&mut self, real: u32) -> u64 {
        let mut pid = u64::from(real);
        if self.used.contains(&pid) {
            // Above any real PID (Linux's limit is 2^22), so never a real process's, and
            // within 32 bits, where viewers keep a pid.
            pid = (1u64 << 30) + self.used.len() as u64;
        }
        self.used.push(pid);
        pid
    }

    /// The position of the process assigned last, for sorting in the viewer.
    fn order(&self) -> usize {
        self.used.len() - 1
    }
}

/// One process of the timeline and its tracks, in order of first start.
struct Process<'a> {
    pid: u32,
    tracks: Vec<Track<'a>>,
    /// Each runner's tracks, as indices into `tracks`: (thread number, tokio task).
    by_runner: HashMap<(u64, Option<u64>), Vec<usize>>,
}

/// One track of the viewer: spans that are disjoint or nested, of one runner.
struct Track<'a> {
    name: String,
    spans: Vec<&'a Span>,
    /// Ends of the spans that are still open at the last start placed, innermost last.
    open: Vec<Duration>,
}

impl Track<'_> {
    /// True when `s` can go on this track: it starts after every open span has ended, or it
    /// ends within the innermost one still open. Spans arrive by start, so an open span that
    /// ended before `s` started is closed for every span that comes after too.
    fn fits(&mut self, s: &Span) -> bool {
        while self.open.last().is_some_and(|end| *end <= s.start) {
            self.open.pop();
        }
        self.open.last().is_none_or(|end| s.end <= *end)
    }
}

/// Groups spans by process, then by runner, and gives each runner as many tracks as it needs.
fn processes(spans: &[Span]) -> Vec<Process<'_>> {
    let mut sorted: Vec<&Span> = spans.iter().collect();
    // By start; at equal starts the longer first, so that a parent comes before its child.
    sorted.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut out: Vec<Process> = Vec::new();
    let mut by_pid: HashMap<u32, usize> = HashMap::new();
    for s in sorted {
        let r = &s.runner;
        let index = *by_pid.entry(r.pid).or_insert_with(|| {
            out.push(Process {
                pid: r.pid,
                tracks: Vec::new(),
                by_runner: HashMap::new(),
            });
            out.len() - 1
        });
        let process = &mut out[index];
        let mine = process.by_runner.entry((r.thread_id, r.task)).or_default();
        let tracks = &mut process.tracks;
        let track = match mine.iter().copied().find(|i| tracks[*i].fits(s)) {
            Some(i) => i,
            None => {
                let base = match r.task {
                    Some(task) => format!("task {task} on {}", r.thread_label()),
                    None => r.thread_label(),
                };
                let name = match mine.len() {
                    0 => base,
                    n => format!("{base} {}", superscript(n + 1)),
                };
                tracks.push(Track {
                    name,
                    spans: Vec::new(),
                    open: Vec::new(),
                });
                mine.push(tracks.len() - 1);
                tracks.len() - 1
            }
        };
        tracks[track].open.push(s.end);
        tracks[track].spans.push(s);
    }
    out
}

/// `2` → `²`: the picture's mark for a runner's extra rows (its own copy in `layout`).
fn superscript(n: usize) -> String {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    n.to_string()
        .chars()
        .map(|c| DIGITS[c.to_digit(10).unwrap_or(0) as usize])
        .collect()
}
