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
use serde_json::{Value, json};
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
    let mut events = Vec::new();
    let mut pids = Pids::default();
    let mut next_tid = 1u64;
    for (name, spans) in runs {
        for process in processes(spans) {
            let pid = pids.assign(process.pid);
            let title = match name.is_empty() {
                true => format!("PID {}", process.pid),
                false => format!("{name} · PID {}", process.pid),
            };
            events.push(metadata(pid, 0, "process_name", &title));
            events.push(sort_index(pid, 0, "process_sort_index", pids.order()));
            for (order, track) in process.tracks.iter().enumerate() {
                let tid = next_tid;
                next_tid += 1;
                events.push(metadata(pid, tid, "thread_name", &track.name));
                events.push(sort_index(pid, tid, "thread_sort_index", order));
                events.extend(track.spans.iter().map(|s| complete(pid, tid, s)));
            }
        }
    }
    json!({ "traceEvents": events, "displayTimeUnit": "ms" }).to_string()
}

/// A span as a complete event. Times are whole nanoseconds written as microseconds, so a
/// viewer reads back exactly the recorded times and nested spans stay nested.
fn complete(pid: u64, tid: u64, s: &Span) -> Value {
    let mut args = json!({
        "source": s.source(),
        "evidence": s.source().is_evidence(),
        "runner": s.runner.to_string(),
    });
    if s.source() == Source::Yours {
        args["note"] = json!("recorded by the code under test: drawn, never trusted by tests");
    }
    if let Some(sched) = s.sched() {
        args["on_cpu_us"] = json!(micros(sched.cpu));
        args["waiting_for_a_core_us"] = json!(micros(sched.queued));
    }
    json!({
        "ph": "X",
        "name": s.label,
        "cat": s.source(),
        "ts": micros(s.start),
        "dur": micros(s.duration()),
        "pid": pid,
        "tid": tid,
        "args": args,
    })
}

fn metadata(pid: u64, tid: u64, kind: &str, name: &str) -> Value {
    json!({ "ph": "M", "name": kind, "pid": pid, "tid": tid, "args": { "name": name } })
}

fn sort_index(pid: u64, tid: u64, kind: &str, index: usize) -> Value {
    json!({ "ph": "M", "name": kind, "pid": pid, "tid": tid, "args": { "sort_index": index } })
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
            // Above any real PID (Linux's limit is 2^22), so never a real process's.
            pid = (1u64 << 32) + self.used.len() as u64;
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
}

/// One track of the viewer: spans that are disjoint or nested, of one runner.
struct Track<'a> {
    name: String,
    /// Which runner: (thread number, tokio task).
    runner: (u64, Option<u64>),
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
    for s in sorted {
        let r = &s.runner;
        let process = match out.iter().position(|p| p.pid == r.pid) {
            Some(i) => &mut out[i],
            None => {
                out.push(Process {
                    pid: r.pid,
                    tracks: Vec::new(),
                });
                out.last_mut().expect("just pushed")
            }
        };
        let runner = (r.thread_id, r.task);
        let mine = process.tracks.iter().filter(|t| t.runner == runner).count();
        let free = process
            .tracks
            .iter_mut()
            .filter(|t| t.runner == runner)
            .position(|t| t.fits(s));
        let track = match free {
            Some(i) => process
                .tracks
                .iter_mut()
                .filter(|t| t.runner == runner)
                .nth(i)
                .expect("found above"),
            None => {
                let base = match r.task {
                    Some(task) => format!("task {task} on {}", r.thread_label()),
                    None => r.thread_label(),
                };
                let name = match mine {
                    0 => base,
                    n => format!("{base} {}", superscript(n + 1)),
                };
                process.tracks.push(Track {
                    name,
                    runner,
                    spans: Vec::new(),
                    open: Vec::new(),
                });
                process.tracks.last_mut().expect("just pushed")
            }
        };
        track.open.push(s.end);
        track.spans.push(s);
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
