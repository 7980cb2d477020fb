//! The Chrome trace-event export: every event of a trace is checked against the format
//! (`toolkit::timeline::trace_check`), on timelines with threads, tokio tasks, worker
//! processes and nesting.

use std::time::Duration;
use toolkit::Timeline;
use toolkit::io::Downloader;
use toolkit::timeline::trace_check;
use toolkit::worker::WorkerCommand;

fn nap(ms: u64) -> Result<(), String> {
    std::thread::sleep(Duration::from_millis(ms));
    Ok(())
}

toolkit::worker_entry!("nap" => nap);

const MS: u64 = 1_000_000;

#[test]
fn threads_become_tracks_named_as_in_the_picture() {
    let timeline = Timeline::new();
    let downloader = Downloader::new(&timeline, Duration::from_millis(20));
    let threads: Vec<_> = ["A", "B", "C"]
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            let downloader = downloader.clone();
            std::thread::Builder::new()
                .name(format!("Thread-{}", i + 1))
                .spawn(move || downloader.download_blocking(name))
                .unwrap()
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let events = trace_check::check(&timeline.to_trace_json()).unwrap();
    assert_eq!(events.len(), 3);
    let mut threads: Vec<_> = events
        .iter()
        .map(|e| (e.thread.as_str(), &e.name[..]))
        .collect();
    threads.sort();
    assert_eq!(
        threads,
        [("Thread-1", "A"), ("Thread-2", "B"), ("Thread-3", "C")]
    );
    for e in &events {
        assert_eq!(
            e.pid,
            u64::from(std::process::id()),
            "a single run keeps real PIDs"
        );
        assert_eq!(e.process, format!("PID {}", std::process::id()));
        assert!(e.evidence());
        assert_eq!(e.args["source"], "download");
        assert!(e.end_ns - e.start_ns >= 20 * MS, "{e:?}");
    }
}

#[test]
fn spans_nested_on_one_thread_stay_nested_on_one_track() {
    let timeline = Timeline::new();
    let downloader = Downloader::new(&timeline, Duration::from_millis(5));
    timeline.record("both files", || {
        downloader.download_blocking("A");
        downloader.download_blocking("B");
    });
    let events = trace_check::check(&timeline.to_trace_json()).unwrap();
    assert_eq!(events.len(), 3);
    let outer = events.iter().find(|e| e.name == "both files").unwrap();
    assert!(!outer.evidence(), "a span of your own is marked as such");
    assert_eq!(outer.args["source"], "yours");
    for inner in events.iter().filter(|e| e.name != "both files") {
        assert_eq!(
            inner.tid, outer.tid,
            "{inner:?} moved off its parent's track"
        );
        assert!(outer.start_ns <= inner.start_ns && inner.end_ns <= outer.end_ns);
        assert!(inner.evidence());
    }
    // Exact times survive: what the timeline says is what the viewer reads.
    for (span, event) in timeline.spans().iter().zip(&events) {
        assert_eq!(span.label, event.name);
        assert_eq!(span.start.as_nanos() as u64, event.start_ns);
        assert_eq!(span.end.as_nanos() as u64, event.end_ns);
    }
}

#[tokio::test(start_paused = true)]
async fn overlapping_spans_of_one_task_get_tracks_of_their_own() {
    let timeline = Timeline::tokio();
    let sleep = |ms| tokio::time::sleep(Duration::from_millis(ms));
    // x runs from 0 to 10 ms, y from 5 to 15 ms, z inside x: on one task, x and y overlap
    // without nesting, which one track cannot show.
    tokio::join!(
        timeline.record_async("x", async {
            sleep(2).await;
            timeline.record_async("z", sleep(3)).await;
            sleep(5).await;
        }),
        async {
            sleep(5).await;
            timeline.record_async("y", sleep(10)).await;
        }
    );
    let events = trace_check::check(&timeline.to_trace_json()).unwrap();
    let find = |name: &str| events.iter().find(|e| e.name == name).unwrap();
    let (x, y, z) = (find("x"), find("y"), find("z"));
    assert_eq!((x.start_ns, x.end_ns), (0, 10 * MS));
    assert_eq!((y.start_ns, y.end_ns), (5 * MS, 15 * MS));
    assert_eq!(z.tid, x.tid, "z nests in x");
    assert_ne!(y.tid, x.tid, "y overlaps x without nesting");
    assert_eq!(
        y.thread,
        format!("{} ²", x.thread),
        "the extra track is named as in the picture"
    );
}

#[tokio::test(start_paused = true)]
async fn tokio_tasks_are_named_after_their_task_and_thread() {
    let timeline = Timeline::tokio();
    let downloader = Downloader::new(&timeline, Duration::from_secs(2));
    let tasks: Vec<_> = ["A", "B", "C"]
        .into_iter()
        .map(|name| {
            let downloader = downloader.clone();
            tokio::spawn(async move { downloader.download(name).await })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    let events = trace_check::check(&timeline.to_trace_json()).unwrap();
    assert_eq!(events.len(), 3);
    let thread = std::thread::current().name().unwrap().to_owned();
    for (span, event) in timeline.spans().iter().zip(&events) {
        let task = span.runner.task.expect("recorded in a task");
        assert_eq!(event.thread, format!("task {task} on {thread}"));
        assert_eq!(event.end_ns - event.start_ns, 2_000 * MS);
    }
    let tids: std::collections::HashSet<_> = events.iter().map(|e| e.tid).collect();
    assert_eq!(tids.len(), 3, "one track per task");
}

#[test]
fn worker_processes_become_processes_of_the_trace() {
    let timeline = Timeline::new();
    let workers: Vec<_> = (0..2)
        .map(|i| {
            WorkerCommand::new("nap")
                .task(&format!("Task-{i}"))
                .input(&30u64)
                .relay(false)
                .spawn(&timeline)
                .unwrap()
        })
        .collect();
    let pids: Vec<u32> = workers.iter().map(|w| w.pid()).collect();
    for w in workers {
        w.wait().unwrap();
    }
    let events = trace_check::check(&timeline.to_trace_json()).unwrap();
    assert_eq!(events.len(), 2, "{events:?}");
    for (i, pid) in pids.iter().enumerate() {
        // The children race to start: find each one's event by its task.
        let event = events
            .iter()
            .find(|e| e.name == format!("Task-{i}"))
            .unwrap();
        assert_eq!(event.pid, u64::from(*pid));
        assert_eq!(event.process, format!("PID {pid}"));
        assert_eq!(event.args["source"], "worker");
        assert!(event.evidence());
    }
}

#[test]
fn several_runs_of_one_process_get_a_process_each() {
    let runs: Vec<Timeline> = (0..2).map(|_| Timeline::new()).collect();
    for (run, label) in runs.iter().zip(["first", "second"]) {
        Downloader::new(run, Duration::from_millis(1)).download_blocking(label);
    }
    let spans: Vec<_> = runs.iter().map(Timeline::spans).collect();
    let json =
        toolkit::timeline::trace::render(&[("sequential", &spans[0]), ("threads", &spans[1])]);
    let events = trace_check::check(&json).unwrap();
    assert_eq!(events.len(), 2);
    assert_ne!(
        events[0].pid, events[1].pid,
        "the second run is not drawn over the first"
    );
    let pid = std::process::id();
    assert_eq!(events[0].process, format!("sequential · PID {pid}"));
    assert_eq!(events[1].process, format!("threads · PID {pid}"));
}

#[test]
fn an_empty_timeline_is_an_empty_trace_and_write_trace_writes_the_file() {
    let timeline = Timeline::new();
    assert!(
        trace_check::check(&timeline.to_trace_json())
            .unwrap()
            .is_empty()
    );
    timeline.record("mine", || ());
    let dir = std::env::temp_dir().join(format!("toolkit-trace-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("run.json");
    timeline.write_trace(&path).unwrap();
    let events = trace_check::check(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(events[0].name, "mine");
    assert!(
        timeline
            .write_trace(&dir.join("no/such/dir/run.json"))
            .is_err()
    );
    std::fs::remove_dir_all(dir).unwrap();
}
