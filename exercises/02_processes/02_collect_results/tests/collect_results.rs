//! Checks exercise 2.2: `square_all` collects every child's answer in input order, reports a
//! failing child as an error naming its task (without losing the others), and runs the
//! workers at the same time.

use collect_results::{ROLE, square_all};
use std::time::Duration;
use toolkit::Timeline;
use toolkit::watchdog::watchdog;
use toolkit::worker::WorkerError;

// The child processes re-enter this test binary here and run `square`.
toolkit::worker_entry!("square" => collect_results::square);

type Outcomes = Vec<Result<String, WorkerError>>;

/// Runs `square_all` under a watchdog and returns its outcomes and the timeline.
fn run(inputs: &'static [&'static str]) -> (Outcomes, Timeline) {
    assert_eq!(
        ROLE, "square",
        "the role must match the test file's worker_entry!"
    );
    watchdog(
        Duration::from_secs(10),
        "is a worker never waited for, or waiting for something that never comes?",
        move || {
            let timeline = Timeline::new();
            let outcomes = square_all(inputs, &timeline).expect("a worker could not start");
            (outcomes, timeline)
        },
    )
}

/// The successful answers, with `None` where a child failed.
fn answers(outcomes: &Outcomes) -> Vec<Option<&str>> {
    outcomes
        .iter()
        .map(|r| r.as_ref().ok().map(String::as_str))
        .collect()
}

/// Asserts that `outcome` is the failure of `task`, with the child's message in it.
fn assert_failed(outcome: &Result<String, WorkerError>, task: &str) {
    match outcome {
        Ok(answer) => panic!("{task} was given bad input and must fail, but returned {answer:?}"),
        Err(err) => {
            assert_eq!(
                err.task(),
                task,
                "the error must name the failed task: {err}"
            );
            let WorkerError::Failed { stderr, .. } = err else {
                panic!("{task} exited with status 1, so expected WorkerError::Failed, got: {err}")
            };
            assert!(
                stderr.contains("not a number"),
                "the child's own message belongs in the error, got stderr {stderr:?}"
            );
        }
    }
}

#[test]
fn answers_come_back_in_input_order() {
    let (outcomes, timeline) = run(&["2", "3", "4"]);
    assert_eq!(answers(&outcomes), [Some("4"), Some("9"), Some("16")]);
    timeline
        .query()
        .expect_count(3, "add each report's spans to the timeline")
        .expect_processes_at_least(3, "one process per input");
}

#[test]
fn a_failing_child_is_reported_and_the_others_still_collected() {
    let (outcomes, timeline) = run(&["2", "3", "oops", "4"]);
    assert_eq!(
        outcomes.len(),
        4,
        "one outcome per input: a failed child must not be skipped"
    );
    assert_eq!(answers(&outcomes), [Some("4"), Some("9"), None, Some("16")]);
    assert_failed(&outcomes[2], "Task-2");
    // The three good children still ran side by side, and each was waited for.
    timeline
        .query()
        .expect_count(3, "add each successful report's spans to the timeline")
        .expect_all_overlap("start every worker before waiting for any");
}

#[test]
fn a_failing_first_child_does_not_stop_the_rest() {
    let (outcomes, _) = run(&["oops", "5", "6"]);
    assert_eq!(
        outcomes.len(),
        3,
        "keep waiting for the others after a failure: one outcome per input"
    );
    assert_failed(&outcomes[0], "Task-0");
    assert_eq!(answers(&outcomes), [None, Some("25"), Some("36")]);
}

#[test]
fn the_workers_run_at_the_same_time() {
    let (_, timeline) = run(&["1", "2", "3"]);
    timeline
        .query()
        .expect_count(3, "add each report's spans to the timeline")
        .expect_all_overlap(
            "start every worker first, then wait for them in a second loop: \
             waiting right after starting runs them one by one",
        )
        .expect_speedup_at_least(1.8, "the workers should run side by side");
}
