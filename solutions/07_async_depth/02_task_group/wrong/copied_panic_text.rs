//! When a task panics I shut the set down and panic again myself, copying the text of the task's panic message, so the caller sees the same words without my passing the task's own panic on.
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
                set.shutdown().await;
                return Err(error);
            }
            Err(join_error) => {
                set.shutdown().await;
                let payload = join_error.into_panic();
                let text = payload
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_else(|| "a task panicked".to_owned());
                panic!("{text}");
            }
        }
    }
    Ok(outputs.into_iter().map(|o| o.unwrap()).collect())
}
