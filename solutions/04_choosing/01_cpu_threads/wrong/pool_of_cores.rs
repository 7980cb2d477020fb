//! One thread per core is all the machine can run: I start available_parallelism() threads and
//! deal the pieces out to them round-robin.
use toolkit::Timeline;

pub fn spin_on_threads(work: &[u64], timeline: &Timeline) -> Vec<u64> {
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
    let threads = cores.min(work.len());
    let mut answers = vec![0; work.len()];
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                s.spawn(move || {
                    (t..work.len())
                        .step_by(threads)
                        .map(|i| {
                            (
                                i,
                                toolkit::cpu::spin_recorded(
                                    timeline,
                                    format!("Piece-{i}"),
                                    work[i],
                                ),
                            )
                        })
                        .collect::<Vec<(usize, u64)>>()
                })
            })
            .collect();
        for h in handles {
            for (i, a) in h.join().unwrap() {
                answers[i] = a;
            }
        }
    });
    answers
}
