//! Who ran a span: a process, an OS thread in it, and perhaps a tokio task on that thread.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The process, OS thread and (if any) tokio task that ran a span.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Runner {
    /// The operating-system process id.
    pub pid: u32,
    /// A number for the OS thread, unique within its process.
    pub thread_id: u64,
    /// The thread's name, if it has one (`main`, `Thread-1`, a test's name...).
    pub thread_name: Option<String>,
    /// The tokio task id, when the span was recorded inside a tokio task.
    pub task: Option<u64>,
}

impl Runner {
    /// The runner of the calling code.
    pub fn current() -> Self {
        let thread = std::thread::current();
        Self {
            pid: std::process::id(),
            thread_id: thread_number(thread.id()),
            thread_name: thread.name().map(str::to_owned),
            task: tokio::task::try_id().and_then(|id| id.to_string().parse().ok()),
        }
    }

    /// The thread as a person would name it: its name, or `thread #N`.
    pub fn thread_label(&self) -> String {
        match &self.thread_name {
            Some(name) => name.clone(),
            None => format!("thread #{}", self.thread_id),
        }
    }
}

impl fmt::Display for Runner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "pid {} / {}", self.pid, self.thread_label())?;
        if let Some(task) = self.task {
            write!(f, " / task {task}")?;
        }
        Ok(())
    }
}

/// `ThreadId::as_u64` is not stable yet, so read the number out of its `Debug` form,
/// which is `ThreadId(N)`.
fn thread_number(id: std::thread::ThreadId) -> u64 {
    format!("{id:?}")
        .chars()
        .filter(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap_or(0)
}
