//! A counter that can change behind a shared reference, like a Python variable: a `Cell`.
//! Rust refuses to share it between threads: `Cell` is not `Sync`.

use std::cell::Cell;

fn main() {
    let counter = Cell::new(0_usize);
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                for _ in 0..100_000 {
                    counter.set(counter.get() + 1);
                }
            });
        }
    });
    println!("{}", counter.get());
}
