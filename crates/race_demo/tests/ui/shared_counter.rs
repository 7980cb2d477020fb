//! The Python program, word for word: four threads, one `counter`, `counter += 1`.
//! Rust refuses it: every thread would hold a `&mut counter` at the same time.

fn main() {
    let mut counter = 0_usize;
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                for _ in 0..100_000 {
                    counter += 1;
                }
            });
        }
    });
    println!("{counter}");
}
