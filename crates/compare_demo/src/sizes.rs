//! How big each experiment is: the full run, `--quick`, and the tests' `--tiny`.
//!
//! Waits go through [`toolkit::scale::scaled_secs`], so `COURSE_TIME_SCALE` shrinks them too.

use serde::{Deserialize, Serialize};

/// The sizes of one run of every experiment. Sent to each row's worker process as JSON.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Sizes {
    /// io_bound: how many waits, and how long each is (s).
    pub io_tasks: usize,
    /// io_bound: the length of one wait (s).
    pub io_wait_s: f64,
    /// cpu_bound: count the primes below this.
    pub cpu_limit: u64,
    /// cpu_bound: into how many pieces the range is split (at least the number of cores).
    pub cpu_pieces: usize,
    /// spawn_cost: how many units are spawned and joined, one after another, per model.
    pub spawn_threads: usize,
    /// spawn_cost: processes (each one re-runs this program).
    pub spawn_processes: usize,
    /// spawn_cost: async tasks.
    pub spawn_tasks: usize,
    /// scale_async: how many concurrent sleeps.
    pub scale_tasks: usize,
    /// scale_threads: how many concurrent threads.
    pub scale_threads: usize,
    /// scale_async and scale_threads: how long each sleeps (s).
    pub scale_wait_s: f64,
    /// net: the request counts; each model runs once per count.
    pub net_counts: Vec<usize>,
    /// net: the server's latency before it answers each request (s).
    pub net_latency_s: f64,
    /// net: the threads of the `thread_pool` model.
    pub net_pool: usize,
    /// net, set per row by the parent: how many concurrent requests this row makes.
    pub net_n: usize,
    /// net, set per row by the parent: the URL every request GETs (the parent's server).
    pub net_url: String,
    /// The Python rows' prime limit (pure Python is much slower than Rust).
    pub py_cpu_limit: u64,
    /// cpu_bound under the simulated GIL: how many numbers are checked per turn holding it.
    pub gil_slice: u64,
    /// cpu_bound and spawn_cost: how many times each row runs; the fastest run counts.
    pub repeats: usize,
    /// How many cores this machine has.
    pub cores: usize,
}

impl Sizes {
    /// The sizes for this run. The full run is the tutorial's: 3 waits of 2 s, 100,000
    /// sleeps, 10,000 threads; and 100, 1,000 and 10,000 concurrent HTTP requests.
    pub fn new(quick: bool, tiny: bool, cores: usize) -> Self {
        let wait = |s: f64| toolkit::scale::scaled_secs(s).as_secs_f64();
        let full = Self {
            io_tasks: 3,
            io_wait_s: wait(2.0),
            cpu_limit: 10_000_000,
            cpu_pieces: 4 * cores,
            spawn_threads: 2_000,
            spawn_processes: 50,
            spawn_tasks: 200_000,
            scale_tasks: 100_000,
            scale_threads: 10_000,
            scale_wait_s: wait(1.0),
            net_counts: vec![100, 1_000, 10_000],
            net_latency_s: wait(0.1),
            net_pool: 64,
            net_n: 0,
            net_url: String::new(),
            py_cpu_limit: 1_000_000,
            gil_slice: 2_000,
            repeats: 3,
            cores,
        };
        match (quick, tiny) {
            (_, true) => Self {
                io_wait_s: wait(0.1),
                cpu_limit: 100_000,
                spawn_threads: 50,
                spawn_processes: 3,
                spawn_tasks: 1_000,
                scale_tasks: 2_000,
                scale_threads: 100,
                scale_wait_s: wait(0.1),
                net_counts: vec![20],
                net_pool: 8,
                py_cpu_limit: 20_000,
                repeats: 1,
                ..full
            },
            (true, false) => Self {
                io_wait_s: wait(0.25),
                cpu_limit: 3_000_000,
                spawn_threads: 500,
                spawn_processes: 10,
                spawn_tasks: 50_000,
                scale_wait_s: wait(0.25),
                net_counts: vec![100, 1_000],
                py_cpu_limit: 300_000,
                repeats: 2,
                ..full
            },
            (false, false) => full,
        }
    }
}
