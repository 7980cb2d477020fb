//! On the first error I abort_all and then drain join_next to wait for the others, but my drain loop is `while let Some(Ok(_))`, so it stops at the first task that comes back cancelled and the set is dropped with the rest still running.
use std::future::Future;
use tokio::task::JoinSet;

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
                while let Some(Ok(_)) = set.join_next().await {}
                return Err(error);
            }
            Err(join_error) => {
                set.abort_all();
                while let Some(Ok(_)) = set.join_next().await {}
                std::panic::resume_unwind(join_error.into_panic());
            }
        }
    }
    Ok(outputs.into_iter().map(|o| o.unwrap()).collect())
}
