//! The tokio runtimes of the async models, and spawning many tasks on one.

use super::Outcome;
use crate::names::Model;
use std::time::Instant;

/// A tokio runtime for the async models: `async` is asyncio's one thread, one event loop;
/// `async_multi` is tokio's work-stealing pool, one worker thread per core.
pub fn runtime(model: Model, cores: usize) -> Result<tokio::runtime::Runtime, String> {
    let mut builder = match model {
        Model::Async => tokio::runtime::Builder::new_current_thread(),
        _ => {
            let mut b = tokio::runtime::Builder::new_multi_thread();
            b.worker_threads(cores.max(1));
            b
        }
    };
    builder
        .enable_all()
        .build()
        .map_err(|e| format!("could not start the tokio runtime: {e}"))
}

/// The async counterpart of [`super::timed`]: on a fresh runtime for `model`, spawns `n`
/// tasks (`unit(i)` is task `i`), awaits them all and times the whole — `asyncio.gather` on
/// tasks.
pub fn spawn_all<F>(
    model: Model,
    cores: usize,
    n: usize,
    unit: impl Fn(usize) -> F,
) -> Result<Outcome, String>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    let rt = runtime(model, cores)?;
    rt.block_on(async {
        let start = Instant::now();
        // Spawn every task first, then await them: awaiting inside this loop would run
        // the units one by one.
        let tasks: Vec<_> = (0..n).map(|i| tokio::spawn(unit(i))).collect();
        for t in tasks {
            t.await.map_err(|e| e.to_string())?;
        }
        Ok(Outcome {
            wall: start.elapsed(),
            units: n,
            children_peak_mb: 0.0,
            answer: None,
        })
    })
}
