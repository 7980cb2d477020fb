//! I spawn them all, then await the handles one by one; on an error I abort the rest.
use std::future::Future;

/// Runs the tasks as a group: the first failure cancels the rest.
pub async fn task_group<T, E, F>(tasks: Vec<F>) -> Result<Vec<T>, E>
where
    F: Future<Output = Result<T, E>> + Send + 'static,
    T: Send + 'static,
    E: Send + 'static,
{
    let mut handles: Vec<_> = tasks.into_iter().map(tokio::spawn).collect();
    let mut outputs = Vec::new();
    for (i, handle) in handles.iter_mut().enumerate() {
        match handle.await.expect("task panicked") {
            Ok(output) => outputs.push(output),
            Err(error) => {
                for other in &handles[i + 1..] {
                    other.abort();
                }
                return Err(error);
            }
        }
    }
    Ok(outputs)
}
