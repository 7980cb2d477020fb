//! A JoinSet, join_next, shutdown on the first error; outputs pushed as they come.
use std::future::Future;
use tokio::task::JoinSet;

/// Runs the tasks as a group: the first failure cancels the rest.
pub async fn task_group<T, E, F>(tasks: Vec<F>) -> Result<Vec<T>, E>
where
    F: Future<Output = Result<T, E>> + Send + 'static,
    T: Send + 'static,
    E: Send + 'static,
{
    let mut set = JoinSet::new();
    for task in tasks {
        set.spawn(task);
    }
    let mut outputs = Vec::new();
    while let Some(joined) = set.join_next().await {
        match joined.expect("task panicked") {
            Ok(output) => outputs.push(output),
            Err(error) => {
                set.shutdown().await;
                return Err(error);
            }
        }
    }
    Ok(outputs)
}
