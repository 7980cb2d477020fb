//! Too many threads fight over the cores, so I run at most `MAX_THREADS` = 4 pieces at a
//! time: a batch of 4 threads, joined, then the next batch.
use toolkit::Timeline;

const MAX_THREADS: usize = 4;

pub fn spin_on_threads(work: &[u64], timeline: &Timeline) -> Vec<u64> {
    let mut answers = Vec::new();
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
