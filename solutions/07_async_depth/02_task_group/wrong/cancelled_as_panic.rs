//! The learner aborts the rest on the first error and keeps draining `join_next` (so nothing
//! outlives the call), but still treats every `JoinError` as a panic: the aborted tasks come
//! back cancelled, and `into_panic` on a cancellation panics itself.

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
    let mut first_error = None;
    while let Some(joined) = set.join_next().await {
        match joined {
            Ok((place, Ok(output))) => outputs[place] = Some(output),
            Ok((_, Err(error))) => {
                if first_error.is_none() {
                    first_error = Some(error);
                    // Ask the others to stop; the loop waits for them to end.
                    set.abort_all();
                }
            }
            // A task that panicked: pass its panic on.
            Err(join_error) => std::panic::resume_unwind(join_error.into_panic()),
        }
    }
    match first_error {
        Some(error) => Err(error),
        None => Ok(outputs.into_iter().map(|o| o.expect("an output")).collect()),
    }
}
