//! Too many threads at once thrash the machine, so I run the pieces in batches of at most
//! MAX_THREADS = 8 threads: spawn a batch, join it, then the next.
use toolkit::Timeline;

const MAX_THREADS: usize = 8;

pub fn spin_on_threads(work: &[u64], timeline: &Timeline) -> Vec<u64> {
    let mut answers = Vec::with_capacity(work.len());
    for (b, batch) in work.chunks(MAX_THREADS).enumerate() {
        std::thread::scope(|s| {
            let handles: Vec<_> = batch
                .iter()
                .enumerate()
                .map(|(j, &n)| {
                    let i = b * MAX_THREADS + j;
                    s.spawn(move || toolkit::cpu::spin_recorded(timeline, format!("Piece-{i}"), n))
                })
                .collect();
            for h in handles {
                answers.push(h.join().unwrap());
            }
        });
    }
    answers
}
