//! A JoinSet and join_next; on the first error I abort_all, then give the aborted tasks a
//! moment (50 ms, like `await asyncio.sleep(...)` after cancel()) to stop before returning.
use std::future::Future;
use std::time::Duration;
use tokio::task::JoinSet;

/// Runs the tasks as a group: the first failure cancels the rest.
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
                // Give the cancelled tasks time to stop.
                tokio::time::sleep(Duration::from_millis(50)).await;
                return Err(error);
            }
            Err(join_error) => {
                set.abort_all();
                tokio::time::sleep(Duration::from_millis(50)).await;
                std::panic::resume_unwind(join_error.into_panic());
            }
        }
    }
    Ok(outputs.into_iter().map(Option::unwrap).collect())
}
