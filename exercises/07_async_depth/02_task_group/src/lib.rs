//! # task_group — asyncio.TaskGroup's counterpart
//!
//! Python 3.11's `asyncio.TaskGroup` runs tasks together, and when one fails it cancels the
//! others and waits for them before leaving the `async with`:
//!
//! ```python
//! async with asyncio.TaskGroup() as group:
//!     tasks = [group.create_task(job) for job in jobs]
//! # here every task has ended
//! outputs = [task.result() for task in tasks]
//! ```
//!
//! In tokio, a task spawned with `tokio::spawn` is on its own: dropping its `JoinHandle`
//! does **not** stop it. A `tokio::task::JoinSet` owns its tasks: `abort_all` cancels them,
//! `shutdown` cancels them and waits until they have ended.
//!
//! Your task: write [`task_group`]. See README.md.

use std::future::Future;

/// Runs every task at the same time. If all succeed, returns their outputs in the order of
/// `tasks`. As soon as one fails, cancels all the others and returns that error: the first
/// error in time, not in the order of `tasks`. Either way, every task has ended (finished or
/// cancelled) before it returns. A task that panics cancels the others the same way, then its
/// panic goes on.
// TODO: remove this `allow` once you use the parameter.
#[allow(unused_variables)]
pub async fn task_group<T, E, F>(tasks: Vec<F>) -> Result<Vec<T>, E>
where
    F: Future<Output = Result<T, E>> + Send + 'static,
    T: Send + 'static,
    E: Send + 'static,
{
    // TODO: spawn every task into a `tokio::task::JoinSet`, then loop on `join_next`.
    todo!("run the tasks as a group: the first failure cancels the rest")
}
