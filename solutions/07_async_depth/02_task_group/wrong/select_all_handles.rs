//! I spawn each task, keep the handles, and loop on futures::future::select_all to take whichever ends next; on a failure I abort the rest and await them. select_all panics when it is given no handles, so an empty group panics.
use futures::future::select_all;
use std::future::Future;

pub async fn task_group<T, E, F>(tasks: Vec<F>) -> Result<Vec<T>, E>
where
    F: Future<Output = Result<T, E>> + Send + 'static,
    T: Send + 'static,
    E: Send + 'static,
{
    let count = tasks.len();
    let mut handles: Vec<_> = tasks
        .into_iter()
        .enumerate()
        .map(|(place, task)| tokio::spawn(async move { (place, task.await) }))
        .collect();
    let mut outputs: Vec<Option<T>> = (0..count).map(|_| None).collect();
    loop {
        let (joined, _, rest) = select_all(handles).await;
        handles = rest;
        match joined {
            Ok((place, Ok(output))) => outputs[place] = Some(output),
            Ok((_, Err(error))) => {
                for h in &handles {
                    h.abort();
                }
                for h in handles {
                    let _ = h.await;
                }
                return Err(error);
            }
            Err(join_error) => {
                for h in &handles {
                    h.abort();
                }
                for h in handles {
                    let _ = h.await;
                }
                std::panic::resume_unwind(join_error.into_panic());
            }
        }
        if handles.is_empty() {
            break;
        }
    }
    Ok(outputs.into_iter().map(|o| o.unwrap()).collect())
}
