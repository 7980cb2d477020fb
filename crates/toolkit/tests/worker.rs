//! The process workers, tested the way exercises use them: this test binary re-runs itself.

use std::time::Duration;
use toolkit::Timeline;
use toolkit::worker::{WorkerCommand, WorkerError};

fn square(input: &str) -> Result<String, String> {
    let n: u64 = input
        .parse()
        .map_err(|e| format!("bad input {input:?}: {e}"))?;
    // A sub-step recorded into the worker's own timeline travels home with the task's span.
    toolkit::worker::timeline().record("sleep", || std::thread::sleep(Duration::from_millis(150)));
    println!("squaring {n} in PID {}", std::process::id());
    Ok((n * n).to_string())
}

fn fail(_: &str) -> Result<String, String> {
    Err("deliberate failure".into())
}

fn crash(_: &str) -> Result<String, String> {
    std::process::exit(3)
}

toolkit::worker_entry!("square" => square, "fail" => fail, "crash" => crash);

#[test]
fn workers_run_in_parallel_in_other_processes_and_send_results_and_spans() {
    let timeline = Timeline::new();
    let workers: Vec<_> = (0..3)
        .map(|i| {
            WorkerCommand::new("square")
                .task(&format!("Task-{i}"))
                .input(&(i + 2).to_string())
                .timeline(&timeline)
                .relay(false)
                .spawn()
                .unwrap()
        })
        .collect();
    let reports: Vec<_> = workers.into_iter().map(|w| w.wait().unwrap()).collect();
    let outputs: Vec<_> = reports.iter().map(|r| r.output.as_str()).collect();
    assert_eq!(outputs, ["4", "9", "16"]);
    assert!(reports[0].lines[0].starts_with("squaring 2 in PID"));
    for r in &reports {
        assert_ne!(r.pid, std::process::id());
        timeline.extend(r.spans.clone());
    }
    let q = timeline.query();
    assert_eq!(
        q.labelled("sleep").len(),
        3,
        "each worker's sub-step came home"
    );
    let q = q.labelled("Task-");
    q.expect_count(3, "each worker sends one span for its task")
        .expect_processes_at_least(3, "each task runs in its own process")
        .expect_all_overlap("the workers were started before any was waited for");
    assert!(!q.pids().contains(&std::process::id()));
}

#[test]
fn a_failing_worker_is_an_error_that_names_its_task() {
    let err = WorkerCommand::new("fail")
        .task("Task-1")
        .relay(false)
        .spawn()
        .unwrap()
        .wait()
        .unwrap_err();
    assert_eq!(err.task(), "Task-1");
    assert!(
        err.to_string().starts_with("Task-1 failed: exit status: 1"),
        "{err}"
    );
    let WorkerError::Failed { stderr, spans, .. } = err else {
        panic!("expected Failed")
    };
    assert!(stderr.contains("deliberate failure"));
    assert_eq!(
        spans.len(),
        1,
        "a worker that returns an error still sends its span"
    );
    assert_eq!(spans[0].label, "Task-1");
}

#[test]
fn a_crashing_worker_reports_its_exit_status() {
    let err = WorkerCommand::new("crash")
        .task("Task-2")
        .relay(false)
        .spawn()
        .unwrap()
        .wait()
        .unwrap_err();
    assert!(
        err.to_string().contains("Task-2 failed: exit status: 3"),
        "{err}"
    );
}

#[test]
fn an_unknown_role_is_reported() {
    let err = WorkerCommand::new("nope")
        .relay(false)
        .spawn()
        .unwrap()
        .wait()
        .unwrap_err();
    let WorkerError::Failed { stderr, .. } = err else {
        panic!("expected Failed")
    };
    assert!(stderr.contains("unknown worker role `nope`"), "{stderr}");
}
