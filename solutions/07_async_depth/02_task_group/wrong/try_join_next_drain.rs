//! A JoinSet and join_next; on the first error I abort_all, then collect whatever the set
//! has to hand back with `try_join_next` until it gives None, so nothing is left in it.
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
                set.abort_all();
                // Empty the set of the cancelled tasks.
                while set.try_join_next().is_some() {}
                return Err(error);
            }
            Err(join_error) => {
                set.abort_all();
                while set.try_join_next().is_some() {}
                std::panic::resume_unwind(join_error.into_panic());
            }
        }
    }
    Ok(outputs.into_iter().map(Option::unwrap).collect())
}
