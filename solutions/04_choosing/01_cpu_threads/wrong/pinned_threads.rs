//! Forgery: one thread per piece, all started at once, but the calling thread first pins
//! itself to CPU 0 (taskset on its own TID), so every thread it spawns inherits that one core:
//! the pieces take turns on a single core while they look "in progress at once" and never
//! blocked (waiting for a core is not blocking). The calling thread's CPUs are put back after.
use toolkit::Timeline;

fn set_affinity(cpus: &str) {
    let tid = std::fs::read_link("/proc/thread-self")
        .ok()
        .and_then(|p| p.file_name().map(|f| f.to_string_lossy().into_owned()))
        .unwrap_or_default();
    let _ = std::process::Command::new("taskset")
        .args(["-p", "-c", cpus, &tid])
        .stdout(std::process::Stdio::null())
        .status();
}

fn current_affinity() -> String {
    std::fs::read_to_string("/proc/thread-self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("Cpus_allowed_list:"))
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|| "0-1023".into())
}

pub fn spin_on_threads(work: &[u64], timeline: &Timeline) -> Vec<u64> {
    let before = current_affinity();
    set_affinity("0");
    let answers = std::thread::scope(|s| {
        let handles: Vec<_> = work
            .iter()
            .enumerate()
            .map(|(i, &n)| {
                s.spawn(move || toolkit::cpu::spin_recorded(timeline, format!("Piece-{i}"), n))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    set_affinity(&before);
    answers
}
