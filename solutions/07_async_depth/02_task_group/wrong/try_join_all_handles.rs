//! tokio::spawn each task and try_join_all the handles: it stops at the first error.
use std::future::Future;

/// Runs the tasks as a group: the first failure cancels the rest.
pub async fn task_group<T, E, F>(tasks: Vec<F>) -> Result<Vec<T>, E>
where
    F: Future<Output = Result<T, E>> + Send + 'static,
    T: Send + 'static,
    E: Send + 'static,
{
    let handles = tasks
        .into_iter()
        .map(|task| async move { tokio::spawn(task).await.expect("task panicked") });
    futures::future::try_join_all(handles).await
}
