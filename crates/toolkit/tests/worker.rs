//! The process workers, tested the way exercises use them: this test binary re-runs itself.

use std::time::Duration;
use toolkit::Timeline;
use toolkit::worker::{ErrorKind, WorkerCommand};

fn square(n: u64) -> Result<u64, String> {
    std::thread::sleep(Duration::from_millis(150));
    println!("squaring {n} in PID {}", std::process::id());
    Ok(n * n)
}

fn fail(_: ()) -> Result<(), String> {
    Err("deliberate failure".into())
}

fn crash(_: ()) -> Result<(), String> {
    std::process::exit(3)
}

/// A forger: prints a worker message claiming a span from another process, long ago.
fn forge(_: ()) -> Result<(), String> {
    println!(
        "@@course-worker span {{\"label\":\"Task-9\",\"start_ns\":1,\"end_ns\":2,\
         \"runner\":{{\"pid\":1,\"thread_id\":1,\"thread_name\":\"main\",\"task\":null}}}}"
    );
    Ok(())
}

/// A forger that leaves a line unfinished, hoping the toolkit's own span message lands on the
/// end of it and is lost, so that a span it prints itself is the only one.
fn swallow(_: ()) -> Result<(), String> {
    print!("@@course-worker x");
    Ok(())
}

/// An honest worker whose last line has no newline: the line is its own, the result arrives.
fn unfinished(_: ()) -> Result<u64, String> {
    print!("no newline");
    Ok(7)
}

toolkit::worker_entry!(
    "square" => square,
    "fail" => fail,
    "crash" => crash,
    "forge" => forge,
    "swallow" => swallow,
    "unfinished" => unfinished,
);

#[test]
fn workers_run_in_parallel_in_other_processes_and_send_typed_results_and_spans() {
    let timeline = Timeline::new();
    let before = timeline.now();
    let workers: Vec<_> = (0..3u64)
        .map(|i| {
            WorkerCommand::new("square")
                .task(&format!("Task-{i}"))
                .input(&(i + 2))
                .relay(false)
                .spawn(&timeline)
                .unwrap()
        })
        .collect();
    let reports: Vec<_> = workers.into_iter().map(|w| w.wait().unwrap()).collect();
    let window = before..timeline.now();
    let outputs: Vec<u64> = reports.iter().map(|r| r.output().unwrap()).collect();
    assert_eq!(outputs, [4, 9, 16]);
    assert!(reports[0].lines()[0].starts_with("squaring 2 in PID"));
    let q = timeline.query();
    q.expect_count(3, "each worker's task span is on the timeline, unasked")
        .expect_processes_at_least(3, "each task runs in its own process")
        .expect_all_overlap("the workers were started before any was waited for")
        .expect_within(&window, "a worker's span lies inside the parent's wait");
    for r in &reports {
        assert_ne!(r.pid(), std::process::id());
        assert_eq!(q.span(r.task()).unwrap().runner.pid, r.pid());
    }
    let wrong: Result<String, _> = reports[0].output();
    assert!(wrong.is_err(), "a number is not read back as text");
}

#[test]
fn workers_waited_for_one_by_one_do_not_overlap() {
    // Whatever the code under test forgets to pass along, a child's span lands on the
    // parent's clock: sequential children look sequential.
    let timeline = Timeline::new();
    for i in 0..2u64 {
        WorkerCommand::new("square")
            .task(&format!("Task-{i}"))
            .input(&i)
            .relay(false)
            .spawn(&timeline)
            .unwrap()
            .wait()
            .unwrap();
    }
    assert!(timeline.query().is_serial(), "{}", timeline.render());
}

#[test]
fn a_failing_worker_is_an_error_that_names_its_task_and_still_draws_its_span() {
    let timeline = Timeline::new();
    let err = WorkerCommand::new("fail")
        .task("Task-1")
        .relay(false)
        .spawn(&timeline)
        .unwrap()
        .wait()
        .unwrap_err();
    assert_eq!(err.task(), "Task-1");
    assert!(err.to_string().starts_with("Task-1 (PID "), "{err}");
    assert!(err.to_string().contains("failed: exit status: 1"), "{err}");
    assert!(err.stderr().contains("deliberate failure"));
    assert_eq!(timeline.query().start_order(), ["Task-1"]);
}

#[test]
fn a_crashing_worker_reports_its_exit_status() {
    let err = WorkerCommand::new("crash")
        .task("Task-2")
        .relay(false)
        .spawn(&Timeline::new())
        .unwrap()
        .wait()
        .unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Failed(_)));
    assert!(err.to_string().contains("failed: exit status: 3"), "{err}");
}

#[test]
fn a_span_forged_by_the_child_is_refused() {
    let timeline = Timeline::new();
    let err = WorkerCommand::new("forge")
        .relay(false)
        .spawn(&timeline)
        .unwrap()
        .wait()
        .unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::BadEvidence(_)), "{err}");
    assert!(timeline.is_empty(), "nothing forged reaches the timeline");
}

#[test]
fn an_unfinished_line_cannot_swallow_the_toolkits_message() {
    let timeline = Timeline::new();
    let err = WorkerCommand::new("swallow")
        .relay(false)
        .spawn(&timeline)
        .unwrap()
        .wait()
        .unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::BadEvidence(_)), "{err}");
    assert!(
        err.to_string().contains("imitates the toolkit's messages"),
        "{err}"
    );
    assert!(timeline.is_empty(), "nothing forged reaches the timeline");

    let report = WorkerCommand::new("unfinished")
        .relay(false)
        .spawn(&timeline)
        .unwrap()
        .wait()
        .unwrap();
    assert_eq!(report.output::<u64>().unwrap(), 7);
    assert_eq!(
        report.lines(),
        ["no newline"],
        "the child's own line, and nothing else"
    );
    assert_eq!(timeline.len(), 1, "its span arrived: {}", timeline.render());
}

#[test]
fn an_unknown_role_is_reported() {
    let err = WorkerCommand::new("nope")
        .relay(false)
        .spawn(&Timeline::new())
        .unwrap()
        .wait()
        .unwrap_err();
    assert!(
        err.stderr().contains("unknown worker role `nope`"),
        "{}",
        err.stderr()
    );
}
