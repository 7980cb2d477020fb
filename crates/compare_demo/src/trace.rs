//! `--trace FILE`: the run as a Chrome trace-event file, for [Perfetto](https://ui.perfetto.dev)
//! or `chrome://tracing`. Each row is one span, labelled with its experiment (`cpu_bound`,
//! `net ×1000`), on a lane per model (`threads`, `py_asyncio`, ...), at the time it really
//! ran: the whole run at a glance, and which rows took the time.
//!
//! Each model gets its own [`Timeline`], and the file is the toolkit's
//! [`render`](toolkit::timeline::trace::render) of them all, one trace process per model.
//! The timelines are made together, before the first row, so their origins differ by
//! microseconds and the lanes line up.

use crate::names::Model;
use std::path::Path;
use toolkit::Timeline;

/// One timeline per model of the plan, in the plan's order.
pub struct RunTrace {
    lanes: Vec<(Model, Timeline)>,
}

impl RunTrace {
    /// A lane for each model in `models` (repeats are merged), all starting now.
    pub fn new(models: impl IntoIterator<Item = Model>) -> Self {
        let mut lanes: Vec<(Model, Timeline)> = Vec::new();
        for model in models {
            if !lanes.iter().any(|(m, _)| *m == model) {
                lanes.push((model, Timeline::new()));
            }
        }
        Self { lanes }
    }

    /// Runs one row, `row`, and records it as a span called `label` on `model`'s lane.
    pub fn record<T>(&self, model: Model, label: String, row: impl FnOnce() -> T) -> T {
        match self.lanes.iter().find(|(m, _)| *m == model) {
            Some((_, timeline)) => timeline.record(label, row),
            None => row(),
        }
    }

    /// The trace-event JSON of every lane.
    pub fn to_json(&self) -> String {
        let spans: Vec<_> = self
            .lanes
            .iter()
            .map(|(m, t)| (m.as_str(), t.spans()))
            .collect();
        let runs: Vec<(&str, &[toolkit::Span])> = spans
            .iter()
            .map(|(name, s)| (*name, s.as_slice()))
            .collect();
        toolkit::timeline::trace::render(&runs)
    }

    /// Writes [`RunTrace::to_json`] to `path`, all at once.
    pub fn write(&self, path: &Path) -> std::io::Result<()> {
        toolkit::outfile::write_atomic(path, self.to_json().as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use toolkit::timeline::trace_check::check;

    // One span per row, on its model's lane, in the order the rows ran.
    #[test]
    fn each_row_is_a_span_on_its_model_s_lane() {
        let trace = RunTrace::new([Model::Sequential, Model::Threads, Model::Sequential]);
        let sleep = || std::thread::sleep(std::time::Duration::from_millis(2));
        trace.record(Model::Sequential, "io_bound".into(), sleep);
        trace.record(Model::Threads, "io_bound".into(), sleep);
        trace.record(Model::Sequential, "cpu_bound".into(), sleep);
        let events = check(&trace.to_json()).unwrap();
        let seen: Vec<_> = events
            .iter()
            .map(|e| (e.process.split(" · ").next().unwrap(), e.name.as_str()))
            .collect();
        assert_eq!(
            seen,
            [
                ("sequential", "io_bound"),
                ("sequential", "cpu_bound"),
                ("threads", "io_bound")
            ]
        );
        let start = |name: &str, lane: &str| {
            events
                .iter()
                .find(|e| e.name == name && e.process.starts_with(lane))
                .unwrap()
                .start_ns
        };
        assert!(start("io_bound", "sequential") < start("io_bound", "threads"));
        assert!(start("io_bound", "threads") < start("cpu_bound", "sequential"));
        assert!(events.iter().all(|e| e.end_ns - e.start_ns >= 2_000_000));
    }
}
