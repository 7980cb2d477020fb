//! Spans made with `tracing` (`info_span!`, `#[instrument]`) land on the timeline as the
//! learner's own, on the thread or task that ran them, and in the trace; tests never count them.

use std::time::Duration;
use toolkit::io::Downloader;
use toolkit::timeline::trace_check;
use toolkit::{Source, Timeline};
use tracing::Instrument;
use tracing::dispatcher::{self, Dispatch};
use tracing_subscriber::layer::SubscriberExt;

fn dispatch_for(timeline: &Timeline) -> Dispatch {
    Dispatch::new(tracing_subscriber::registry().with(timeline.tracing_layer()))
}

/// What a learner might write: an instrumented function around a toolkit download.
#[tracing::instrument(skip(downloader))]
fn fetch_blocking(downloader: &Downloader, name: &str) {
    downloader.download_blocking(name);
}

#[tracing::instrument(skip(downloader))]
async fn fetch(downloader: Downloader, name: &'static str) -> Option<u64> {
    downloader.download(name).await;
    tokio::task::try_id().and_then(|id| id.to_string().parse().ok())
}

#[test]
fn spans_on_threads_are_yours_on_the_thread_that_ran_them() {
    let timeline = Timeline::new();
    let downloader = Downloader::new(&timeline, Duration::from_millis(10));
    let dispatch = dispatch_for(&timeline);
    let threads: Vec<_> = ["A", "B"]
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            let (downloader, dispatch) = (downloader.clone(), dispatch.clone());
            std::thread::Builder::new()
                .name(format!("Thread-{}", i + 1))
                .spawn(move || {
                    // A subscriber set with `with_default` covers one thread: pass it on.
                    dispatcher::with_default(&dispatch, || {
                        let _span = tracing::info_span!("worker", file = name).entered();
                        fetch_blocking(&downloader, name);
                        // Made and dropped without running anything: not drawn.
                        drop(tracing::info_span!("never entered"));
                        tracing::info!("an event is not a span");
                    })
                })
                .unwrap()
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let spans = timeline.spans();
    let mine: Vec<_> = spans
        .iter()
        .filter(|s| s.source() == Source::Yours)
        .collect();
    assert_eq!(mine.len(), 4, "{spans:#?}");
    for (thread, name) in [("Thread-1", "A"), ("Thread-2", "B")] {
        let on = |label: &str| {
            let s = mine.iter().find(|s| s.label == label).unwrap();
            assert_eq!(s.runner.thread_name.as_deref(), Some(thread), "{s:?}");
            (*s).clone()
        };
        let outer = on(&format!("worker{{file=\"{name}\"}}"));
        let inner = on(&format!("fetch_blocking{{name=\"{name}\"}}"));
        let download = spans.iter().find(|s| s.label == name).unwrap();
        assert!(outer.start <= inner.start && inner.end <= outer.end);
        assert!(inner.start <= download.start && download.end <= inner.end);
    }
    // Tests ask only the evidence: the two downloads.
    let q = timeline.query();
    let mut evidence = q.start_order();
    evidence.sort_unstable(); // the threads race: either may start first
    assert_eq!(evidence, ["A", "B"]);
    // In the trace: marked as yours, nested around the download on the thread's track.
    let events = trace_check::check(&timeline.to_trace_json()).unwrap();
    assert_eq!(events.len(), 6);
    let a = events.iter().find(|e| e.name == "A").unwrap();
    let fetch_a = events
        .iter()
        .find(|e| e.name.starts_with("fetch_blocking{name=\"A"))
        .unwrap();
    assert_eq!((fetch_a.tid, fetch_a.evidence()), (a.tid, false));
    assert_eq!(fetch_a.thread, "Thread-1");
    assert_eq!(fetch_a.process, format!("PID {}", std::process::id()));
}

#[tokio::test(start_paused = true)]
async fn spans_in_tokio_tasks_are_yours_on_the_task_that_ran_them() {
    let timeline = Timeline::tokio();
    let downloader = Downloader::new(&timeline, Duration::from_secs(2));
    // The test's runtime runs every task on this thread: a thread-wide default is enough.
    let _default = dispatcher::set_default(&dispatch_for(&timeline));
    let tasks: Vec<_> = ["A", "B", "C"]
        .into_iter()
        .map(|name| tokio::spawn(fetch(downloader.clone(), name)))
        .collect();
    let mut ids = Vec::new();
    for t in tasks {
        ids.push(t.await.unwrap().expect("ran in a task"));
    }
    let gathered = async { tokio::time::sleep(Duration::from_secs(1)).await };
    gathered.instrument(tracing::info_span!("pause")).await;

    let q = timeline.query_all().from_source(Source::Yours);
    assert_eq!(q.len(), 4, "{:#?}", timeline.spans());
    for (name, id) in ["A", "B", "C"].into_iter().zip(ids) {
        let s = q.span(&format!("fetch{{name=\"{name}\"}}")).unwrap();
        // Made by the test's task, entered by the spawned one: the spawned one ran it.
        assert_eq!(s.runner.task, Some(id), "{s:?}");
        assert_eq!(s.duration(), Duration::from_secs(2));
    }
    let pause = q.span("pause").unwrap();
    assert_eq!(pause.duration(), Duration::from_secs(1));
    assert_eq!(pause.start, Duration::from_secs(2));
    assert_eq!(timeline.query().len(), 3, "only the downloads are evidence");
    let events = trace_check::check(&timeline.to_trace_json()).unwrap();
    assert_eq!(events.iter().filter(|e| !e.evidence()).count(), 4);
}

#[test]
fn a_global_subscriber_covers_tokio_worker_threads() {
    let timeline = Timeline::new();
    // The only test here that sets the global default; the others set their own, which
    // takes precedence on their threads.
    tracing::subscriber::set_global_default(
        tracing_subscriber::registry().with(timeline.tracing_layer()),
    )
    .unwrap();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_time()
        .build()
        .unwrap();
    let downloader = Downloader::new(&timeline, Duration::from_millis(20));
    runtime.block_on(async {
        let tasks: Vec<_> = ["A", "B"]
            .into_iter()
            .map(|name| tokio::spawn(fetch(downloader.clone(), name)))
            .collect();
        for t in tasks {
            t.await.unwrap();
        }
    });
    let mine = timeline.query_all().from_source(Source::Yours);
    assert_eq!(mine.len(), 2, "{:#?}", timeline.spans());
    for s in mine.spans() {
        assert!(s.runner.task.is_some(), "{s:?}");
        let thread = s.runner.thread_name.as_deref().unwrap_or_default();
        // On one of the runtime's worker threads (`tokio-rt-worker`), not the test's own.
        assert!(thread.starts_with("tokio"), "{s:?}");
    }
    assert_eq!(timeline.query().len(), 2);
}
