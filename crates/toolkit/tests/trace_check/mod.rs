//! Checks a trace against the Chrome trace-event format, the way a viewer reads it, and hands
//! back its spans for the test to question. Shared by the `trace*` tests.

use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// One complete event, times in whole nanoseconds, with the names its lanes were given.
#[derive(Debug, Clone)]
pub struct Event {
    pub name: String,
    pub start_ns: u64,
    pub end_ns: u64,
    pub pid: u64,
    pub tid: u64,
    pub process: String,
    pub thread: String,
    pub args: Value,
}

impl Event {
    /// Whether the event says tests believe it.
    pub fn evidence(&self) -> bool {
        self.args["evidence"]
            .as_bool()
            .expect("args.evidence is a bool")
    }
}

/// Parses `json` and checks every event; panics naming the first thing that is wrong.
/// Returns the complete events, in file order.
pub fn check(json: &str) -> Vec<Event> {
    let root: Value = serde_json::from_str(json).expect("the trace is JSON");
    let events = root["traceEvents"]
        .as_array()
        .expect("a trace is an object with a traceEvents array");
    let mut process_names = HashMap::new();
    let mut thread_names = HashMap::new();
    let mut complete = Vec::new();
    for e in events {
        let ph = e["ph"].as_str().unwrap_or_else(|| panic!("no ph: {e}"));
        let pid = e["pid"]
            .as_u64()
            .unwrap_or_else(|| panic!("pid not an integer: {e}"));
        let tid = e["tid"]
            .as_u64()
            .unwrap_or_else(|| panic!("tid not an integer: {e}"));
        let name = e["name"]
            .as_str()
            .unwrap_or_else(|| panic!("name not a string: {e}"));
        match ph {
            "X" => {
                let ts = e["ts"]
                    .as_f64()
                    .unwrap_or_else(|| panic!("ts not a number: {e}"));
                let dur = e["dur"]
                    .as_f64()
                    .unwrap_or_else(|| panic!("dur not a number: {e}"));
                assert!(ts >= 0.0 && dur >= 0.0, "negative time: {e}");
                assert!(e["args"].is_object(), "args not an object: {e}");
                assert!(e["args"]["source"].is_string(), "no source: {e}");
                // Viewers read microseconds and keep nanoseconds: so do we.
                let start_ns = (ts * 1000.0).round() as u64;
                let end_ns = ((ts + dur) * 1000.0).round() as u64;
                complete.push((
                    name.to_owned(),
                    start_ns,
                    end_ns,
                    pid,
                    tid,
                    e["args"].clone(),
                ));
            }
            "M" => {
                let args = &e["args"];
                match name {
                    "process_name" => {
                        let n = args["name"].as_str().expect("process_name has a name");
                        assert!(process_names.insert(pid, n.to_owned()).is_none(), "{e}");
                    }
                    "thread_name" => {
                        let n = args["name"].as_str().expect("thread_name has a name");
                        let key = (pid, tid);
                        assert!(thread_names.insert(key, n.to_owned()).is_none(), "{e}");
                    }
                    "process_sort_index" | "thread_sort_index" => {
                        assert!(args["sort_index"].is_u64(), "{e}");
                    }
                    other => panic!("unknown metadata event {other}: {e}"),
                }
            }
            other => panic!("unexpected phase {other}: {e}"),
        }
    }
    let out: Vec<Event> = complete
        .into_iter()
        .map(|(name, start_ns, end_ns, pid, tid, args)| Event {
            process: process_names
                .get(&pid)
                .unwrap_or_else(|| panic!("pid {pid} of {name} has no process_name"))
                .clone(),
            thread: thread_names
                .get(&(pid, tid))
                .unwrap_or_else(|| panic!("tid {tid} of {name} has no thread_name"))
                .clone(),
            name,
            start_ns,
            end_ns,
            pid,
            tid,
            args,
        })
        .collect();
    check_nesting(&out);
    let tids: HashSet<(u64, u64)> = out.iter().map(|e| (e.pid, e.tid)).collect();
    let names: HashSet<(u64, &String)> = tids.iter().map(|k| (k.0, &thread_names[k])).collect();
    assert_eq!(
        names.len(),
        tids.len(),
        "two tracks of one process share a name"
    );
    out
}

/// On one track, two events either do not overlap or one lies inside the other: what a
/// viewer needs to draw complete events as a stack.
fn check_nesting(events: &[Event]) {
    for a in events {
        for b in events {
            if std::ptr::eq(a, b) || (a.pid, a.tid) != (b.pid, b.tid) {
                continue;
            }
            let disjoint = a.end_ns <= b.start_ns || b.end_ns <= a.start_ns;
            let a_in_b = b.start_ns <= a.start_ns && a.end_ns <= b.end_ns;
            let b_in_a = a.start_ns <= b.start_ns && b.end_ns <= a.end_ns;
            assert!(
                disjoint || a_in_b || b_in_a,
                "{} and {} overlap on track {} without nesting",
                a.name,
                b.name,
                a.thread
            );
        }
    }
}
