//! Waiting for aborted tasks with join_next is fiddly, so I count them instead: every task
//! carries a guard that bumps a static counter while it is alive. On the first error I
//! abort_all and then yield until the counter is back to zero: no task is alive when I return.

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::task::JoinSet;

/// How many tasks are alive (not finished, not yet dropped).
static LIVE: AtomicUsize = AtomicUsize::new(0);

struct Live;

impl Live {
    fn new() -> Self {
        LIVE.fetch_add(1, Ordering::SeqCst);
        Live
    }
}

impl Drop for Live {
    fn drop(&mut self) {
        LIVE.fetch_sub(1, Ordering::SeqCst);
    }
}

async fn until_none_alive() {
    while LIVE.load(Ordering::SeqCst) > 0 {
        tokio::task::yield_now().await;
    }
}

/// Runs the tasks as a group: the first failure cancels the rest.
pub async fn task_group<T, E, F>(tasks: Vec<F>) -> Result<Vec<T>, E>
where
    F: Future<Output = Result<T, E>> + Send + 'static,
    T: Send + 'static,
    E: Send + 'static,
{
    let count = tasks.len();
    let mut set = JoinSet::new();
    for (place, task) in tasks.into_iter().enumerate() {
        let live = Live::new();
        set.spawn(async move {
            let _live = live;
            (place, task.await)
        });
    }
    let mut outputs: Vec<Option<T>> = (0..count).map(|_| None).collect();
    while let Some(joined) = set.join_next().await {
        match joined {
            Ok((place, Ok(output))) => outputs[place] = Some(output),
            Ok((_, Err(error))) => {
                set.abort_all();
                until_none_alive().await;
                return Err(error);
            }
            Err(join_error) => {
                set.abort_all();
                until_none_alive().await;
                std::panic::resume_unwind(join_error.into_panic());
            }
        }
    }
    Ok(outputs
        .into_iter()
        .map(|output| output.expect("every task finished"))
        .collect())
}
