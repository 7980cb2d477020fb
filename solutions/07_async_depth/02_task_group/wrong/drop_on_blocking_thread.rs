//! Dropping a JoinSet aborts every task in it, so on the first error I hand the set to a
//! blocking thread to drop (and wait there for nothing) and return the error at once.
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
        match joined {
            Ok((place, Ok(output))) => outputs[place] = Some(output),
            Ok((_, Err(error))) => {
                // Dropping the set cancels the rest; do it off the async thread.
                tokio::task::spawn_blocking(move || drop(set));
                return Err(error);
            }
            Err(join_error) => {
                tokio::task::spawn_blocking(move || drop(set));
                std::panic::resume_unwind(join_error.into_panic());
            }
        }
    }
    Ok(outputs.into_iter().map(Option::unwrap).collect())
}
