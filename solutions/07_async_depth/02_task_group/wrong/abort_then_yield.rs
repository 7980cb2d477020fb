//! Forgery: on the first error the learner calls `abort_all` and, instead of waiting for the
//! aborted tasks to end, yields to the scheduler a few times so that they are dropped before
//! the test looks — then drops the JoinSet and returns. Nothing waits for the tasks.

use std::future::Future;
use tokio::task::JoinSet;

/// Runs every task at once; the first error in time cancels the rest and is returned.
pub async fn task_group<T, E, F>(tasks: Vec<F>) -> Result<Vec<T>, E>
where
    F: Future<Output = Result<T, E>> + Send + 'static,
    T: Send + 'static,
    E: Send + 'static,
{
    let mut set = JoinSet::new();
    let count = tasks.len();
    for (place, task) in tasks.into_iter().enumerate() {
        set.spawn(async move { (place, task.await) });
    }
    let mut outputs: Vec<Option<T>> = (0..count).map(|_| None).collect();
    while let Some(joined) = set.join_next().await {
        match joined {
            Ok((place, Ok(output))) => outputs[place] = Some(output),
            Ok((_, Err(error))) => {
                set.abort_all();
                // "Give them a moment to stop."
                for _ in 0..4 {
                    tokio::task::yield_now().await;
                }
                return Err(error);
            }
            Err(join_error) => std::panic::resume_unwind(join_error.into_panic()),
        }
    }
    Ok(outputs.into_iter().map(|o| o.expect("an output")).collect())
}
