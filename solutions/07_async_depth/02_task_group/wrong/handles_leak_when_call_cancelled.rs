//! Mistake: tokio::spawn per task with the JoinHandles in a FuturesUnordered and their AbortHandles in a Vec: on the first error it aborts and drains them properly, but if task_group itself is cancelled (a caller's timeout or select! drops it), dropping the JoinHandles detaches every task, which runs on with nobody to stop it
//! What it hoped to slip past (review round 7): every test awaits task_group to its end; none drops the group's future half-way (e.g. `tokio::time::timeout(.., task_group(..))` firing, or a select! branch losing), so "no task outlives the call" is only checked on the paths where the call returns, never when it is cancelled, where a JoinSet would abort its tasks and detached handles do not
//!
//! task_group — asyncio.TaskGroup's counterpart.

use futures::StreamExt;
use futures::stream::FuturesUnordered;
use std::future::Future;

/// Runs every task at the same time. If all succeed, returns their outputs in the order of
/// `tasks`. As soon as one fails, cancels all the others and returns that error: the first
/// error in time, not in the order of `tasks`. Either way, every task has ended (finished or
/// cancelled) before it returns. A task that panics cancels the others the same way, then its
/// panic goes on.
pub async fn task_group<T, E, F>(tasks: Vec<F>) -> Result<Vec<T>, E>
where
    F: Future<Output = Result<T, E>> + Send + 'static,
    T: Send + 'static,
    E: Send + 'static,
{
    let count = tasks.len();
    // One abort handle per task, to cancel them all on the first failure.
    let mut aborts = Vec::with_capacity(count);
    // The handles, each tagged with its task's place, handed back in the order they finish.
    let mut running = FuturesUnordered::new();
    for (place, task) in tasks.into_iter().enumerate() {
        let handle = tokio::spawn(task);
        aborts.push(handle.abort_handle());
        running.push(async move { (place, handle.await) });
    }
    let mut outputs: Vec<Option<T>> = (0..count).map(|_| None).collect();
    while let Some((place, joined)) = running.next().await {
        match joined {
            Ok(Ok(output)) => outputs[place] = Some(output),
            Ok(Err(error)) => {
                // Cancel the rest, and wait until every one of them has ended.
                for abort in &aborts {
                    abort.abort();
                }
                while running.next().await.is_some() {}
                return Err(error);
            }
            Err(join_error) => {
                for abort in &aborts {
                    abort.abort();
                }
                while running.next().await.is_some() {}
                std::panic::resume_unwind(join_error.into_panic());
            }
        }
    }
    Ok(outputs
        .into_iter()
        .map(|output| output.expect("every task finished with an output"))
        .collect())
}
