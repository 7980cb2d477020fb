//! Shutting down takes time, so I hand the JoinSet to a background task that shuts it down,
//! and return the error at once.
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
    let count = tasks.len();
    for (place, task) in tasks.into_iter().enumerate() {
        set.spawn(async move { (place, task.await) });
    }
    let mut outputs: Vec<Option<T>> = (0..count).map(|_| None).collect();
    while let Some(joined) = set.join_next().await {
        let (place, result) = joined.expect("task panicked");
        match result {
            Ok(output) => outputs[place] = Some(output),
            Err(error) => {
                tokio::spawn(async move { set.shutdown().await });
                return Err(error);
            }
        }
    }
    Ok(outputs.into_iter().map(Option::unwrap).collect())
}
