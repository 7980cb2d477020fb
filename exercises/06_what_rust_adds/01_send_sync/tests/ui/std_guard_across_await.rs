//! The classic mistake 3: a `std::sync::MutexGuard` held across an `.await` in a task given to
//! `tokio::spawn` (does not compile: E0277, the task's future is not Send).
use std::sync::{Arc, Mutex};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let lines = Arc::new(Mutex::new(Vec::new()));
    let shared = Arc::clone(&lines);
    let task = tokio::spawn(async move {
        let mut guard = shared.lock().unwrap();
        guard.push("hello".to_string());
        tokio::task::yield_now().await; // the guard is still alive here
    });
    task.await.unwrap();
    println!("{:?}", lines.lock().unwrap());
}
