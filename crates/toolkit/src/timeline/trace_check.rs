//! Reads a Chrome trace-event file back and checks it the way a viewer reads it: every event
//! has the fields of its kind with the right types, times are not negative, every track and
//! process used is named, and complete events on one track nest. Tests of anything that
//! writes a trace ([`super::trace`]) use it.
//!
//! ```
//! use toolkit::Timeline;
//! let timeline = Timeline::new();
//! timeline.record("A", || ());
//! let events = toolkit::timeline::trace_check::check(&timeline.to_trace_json()).unwrap();
//! assert_eq!(events[0].name, "A");
//! ```

use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// One complete event of a trace, times in whole nanoseconds, with its lanes' names.
#[derive(Debug, Clone, PartialEq)]
pub struct TraceEvent {
    /// The span's label.
    pub name: String,
    /// Its start, in nanoseconds (the file says microseconds).
    pub start_ns: u64,
    /// Its end, in nanoseconds.
    pub end_ns: u64,
    /// The trace's process id.
    pub pid: u64,
    /// The trace's thread (track) id.
    pub tid: u64,
    /// The name the trace gives the process (`PID 4208`).
    pub process: String,
    /// The name the trace gives the track (`Thread-1`, `task 3 on main`).
    pub thread: String,
    /// The event's `args`: `source`, `evidence`, `runner`…
    pub args: Value,
}

impl TraceEvent {
    /// Whether the event says tests believe it (`args.evidence`).
    pub fn evidence(&self) -> bool {
        self.args["evidence"].as_bool() == Some(true)
    }
}

/// Parses `json` and checks every event; the error names the first thing that is wrong.
/// Returns the complete events, in file order.
pub fn check(json: &str) -> Result<Vec<TraceEvent>, String> {
    let root: Value = serde_json::from_str(json).map_err(|e| format!("not JSON: {e}"))?;
    let events = root["traceEvents"]
        .as_array()
        .ok_or("a trace is an object with a traceEvents array")?;
    let mut process_names = HashMap::new();
    let mut thread_names = HashMap::new();
    let mut complete = Vec::new();
    for e in events {
        let bad = |what: &str| format!("{what}: {e}");
        let ph = e["ph"].as_str().ok_or_else(|| bad("no ph"))?;
        let pid = e["pid"]
            .as_u64()
            .ok_or_else(|| bad("pid is not an integer"))?;
        let tid = e["tid"]
            .as_u64()
            .ok_or_else(|| bad("tid is not an integer"))?;
        let name = e["name"]
            .as_str()
            .ok_or_else(|| bad("name is not a string"))?;
        // Viewers keep process and thread ids in 32 bits.
        if pid > u64::from(u32::MAX) || tid > u64::from(u32::MAX) {
            return Err(bad("pid or tid does not fit in 32 bits"));
        }
        match ph {
            "X" => {
                let ts = e["ts"].as_f64().ok_or_else(|| bad("ts is not a number"))?;
                let dur = e["dur"]
                    .as_f64()
                    .ok_or_else(|| bad("dur is not a number"))?;
                if ts < 0.0 || dur < 0.0 {
                    return Err(bad("a negative time"));
                }
                if !e["args"]["source"].is_string() {
                    return Err(bad("args has no source"));
                }
                // Viewers read microseconds and keep nanoseconds: so do we.
                let start_ns = (ts * 1000.0).round() as u64;
                let end_ns = ((ts + dur) * 1000.0).round() as u64;
                complete.push(TraceEvent {
                    name: name.to_owned(),
                    start_ns,
                    end_ns,
                    pid,
                    tid,
                    process: String::new(),
                    thread: String::new(),
                    args: e["args"].clone(),
                });
            }
            "M" => {
                let args = &e["args"];
                let named = args["name"].as_str().map(str::to_owned);
                let fresh = match name {
                    "process_name" => process_names
                        .insert(pid, named.ok_or_else(|| bad("no args.name"))?)
                        .is_none(),
                    "thread_name" => thread_names
                        .insert((pid, tid), named.ok_or_else(|| bad("no args.name"))?)
                        .is_none(),
                    "process_sort_index" | "thread_sort_index" => args["sort_index"].is_u64(),
                    _ => return Err(bad("unknown metadata")),
                };
                if !fresh {
                    return Err(bad("named twice, or a sort_index that is not a number"));
                }
            }
            _ => return Err(bad("unexpected phase")),
        }
    }
    for e in &mut complete {
        e.process = process_names
            .get(&e.pid)
            .ok_or_else(|| format!("pid {} of {} has no process_name", e.pid, e.name))?
            .clone();
        e.thread = thread_names
            .get(&(e.pid, e.tid))
            .ok_or_else(|| format!("tid {} of {} has no thread_name", e.tid, e.name))?
            .clone();
    }
    check_nesting(&complete)?;
    let tracks: HashSet<(u64, u64)> = complete.iter().map(|e| (e.pid, e.tid)).collect();
    let names: HashSet<(u64, &String)> = tracks.iter().map(|k| (k.0, &thread_names[k])).collect();
    if names.len() != tracks.len() {
        return Err("two tracks of one process share a name".into());
    }
    Ok(complete)
}

/// On one track, two events either do not overlap or one lies inside the other: what a
/// viewer needs to draw complete events as a stack.
fn check_nesting(events: &[TraceEvent]) -> Result<(), String> {
    let mut by_track: HashMap<(u64, u64), Vec<&TraceEvent>> = HashMap::new();
    for e in events {
        by_track.entry((e.pid, e.tid)).or_default().push(e);
    }
    for track in by_track.values_mut() {
        // By start, the longer first: then each event must fit inside every still-open one.
        track.sort_by(|a, b| a.start_ns.cmp(&b.start_ns).then(b.end_ns.cmp(&a.end_ns)));
        let mut open: Vec<&TraceEvent> = Vec::new();
        for e in track.iter() {
            open.retain(|o| o.end_ns > e.start_ns);
            if let Some(o) = open.iter().find(|o| e.end_ns > o.end_ns) {
                return Err(format!(
                    "{} and {} overlap on track {} without nesting",
                    o.name, e.name, e.thread
                ));
            }
            open.push(e);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn x(name: &str, ts: f64, dur: f64) -> String {
        format!(
            r#"{{"ph":"X","name":"{name}","ts":{ts},"dur":{dur},"pid":1,"tid":1,"args":{{"source":"yours"}}}}"#
        )
    }

    fn trace(events: &[String]) -> String {
        let names = [
            r#"{"ph":"M","name":"process_name","pid":1,"tid":0,"args":{"name":"PID 1"}}"#,
            r#"{"ph":"M","name":"thread_name","pid":1,"tid":1,"args":{"name":"main"}}"#,
        ];
        let all: Vec<&str> = names
            .into_iter()
            .chain(events.iter().map(String::as_str))
            .collect();
        format!(r#"{{"traceEvents":[{}]}}"#, all.join(","))
    }

    #[test]
    fn nested_and_disjoint_events_pass_overlapping_ones_do_not() {
        let ok = trace(&[
            x("outer", 0.0, 10.0),
            x("inner", 2.0, 3.0),
            x("next", 10.0, 1.0),
        ]);
        let events = check(&ok).unwrap();
        assert_eq!(events[1].start_ns, 2000);
        assert_eq!(events[1].thread, "main");
        let crossed = trace(&[x("a", 0.0, 10.0), x("b", 5.0, 10.0)]);
        assert!(check(&crossed).unwrap_err().contains("without nesting"));
    }

    #[test]
    fn wrong_types_and_unnamed_tracks_are_named() {
        assert!(check("[]").unwrap_err().contains("traceEvents"));
        let negative = trace(&[x("a", 0.0, -1.0)]);
        assert!(check(&negative).unwrap_err().contains("negative"));
        let text_ts = trace(&[x("a", 0.0, 1.0).replace(r#""ts":0"#, r#""ts":"0""#)]);
        assert!(check(&text_ts).unwrap_err().contains("ts is not a number"));
        let unnamed = trace(&[x("a", 0.0, 1.0).replace(r#""tid":1"#, r#""tid":2"#)]);
        assert!(check(&unnamed).unwrap_err().contains("no thread_name"));
        let huge = trace(&[x("a", 0.0, 1.0).replace(r#""pid":1"#, r#""pid":4294967296"#)]);
        assert!(check(&huge).unwrap_err().contains("32 bits"));
    }
}
