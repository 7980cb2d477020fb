//! The classic mistake 1: an `Rc` moved into another thread (does not compile: E0277, not Send).
use std::cell::RefCell;
use std::rc::Rc;
use std::thread;

fn main() {
    let count = Rc::new(RefCell::new(0));
    let clone = Rc::clone(&count);
    let handle = thread::spawn(move || *clone.borrow_mut() += 1);
    handle.join().unwrap();
    println!("{}", count.borrow());
}
