//! Await each task in turn with ?: the first error stops the rest.
use std::future::Future;

/// Runs the tasks as a group: the first failure cancels the rest.
pub async fn task_group<T, E, F>(tasks: Vec<F>) -> Result<Vec<T>, E>
where
    F: Future<Output = Result<T, E>> + Send + 'static,
    T: Send + 'static,
    E: Send + 'static,
{
    let mut outputs = Vec::new();
    for task in tasks {
        outputs.push(task.await?);
    }
    Ok(outputs)
}
