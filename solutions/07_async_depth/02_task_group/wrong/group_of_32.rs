//! A JoinSet, but I do not flood the runtime: at most 32 tasks run at once, and each time one
//! finishes the next one is spawned. The first error shuts the set down, as it should.

use std::future::Future;
use tokio::task::JoinSet;

/// At most this many tasks run at the same time.
const AT_ONCE: usize = 32;

/// Runs the tasks as a group: the first failure cancels the rest.
pub async fn task_group<T, E, F>(tasks: Vec<F>) -> Result<Vec<T>, E>
where
    F: Future<Output = Result<T, E>> + Send + 'static,
    T: Send + 'static,
    E: Send + 'static,
{
    let count = tasks.len();
    let mut waiting = tasks.into_iter().enumerate();
    let mut set = JoinSet::new();
    for (place, task) in waiting.by_ref().take(AT_ONCE) {
        set.spawn(async move { (place, task.await) });
    }
    let mut outputs: Vec<Option<T>> = (0..count).map(|_| None).collect();
    while let Some(joined) = set.join_next().await {
        match joined {
            Ok((place, Ok(output))) => {
                outputs[place] = Some(output);
                if let Some((place, task)) = waiting.next() {
                    set.spawn(async move { (place, task.await) });
                }
            }
            Ok((_, Err(error))) => {
                set.shutdown().await;
                return Err(error);
            }
            Err(join_error) => {
                set.shutdown().await;
                std::panic::resume_unwind(join_error.into_panic());
            }
        }
    }
    Ok(outputs
        .into_iter()
        .map(|output| output.expect("every task finished"))
        .collect())
}
