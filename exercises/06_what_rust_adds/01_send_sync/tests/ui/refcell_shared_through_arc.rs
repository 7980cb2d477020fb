//! The classic mistake 2: a `RefCell` shared through an `Arc` (does not compile: E0277, not Sync).
use std::cell::RefCell;
use std::sync::Arc;
use std::thread;

fn main() {
    let count = Arc::new(RefCell::new(0));
    let clone = Arc::clone(&count);
    let handle = thread::spawn(move || *clone.borrow_mut() += 1);
    handle.join().unwrap();
    println!("{}", count.borrow());
}
