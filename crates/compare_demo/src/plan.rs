//! Which models each experiment runs under, in the order they run.

/// The Rust models of each experiment. A model appears where it applies: a GIL changes
/// nothing about spawning, and 10,000 processes or a sequential run of 100,000 one-second
/// sleeps would only show what we already know.
pub fn rust_models(experiment: &str) -> &'static [&'static str] {
    match experiment {
        "io_bound" | "cpu_bound" => &[
            "sequential",
            "threads",
            "processes",
            "async",
            "async_multi",
            "gil_threads",
        ],
        "spawn_cost" => &["sequential", "threads", "processes", "async", "async_multi"],
        "scale_async" => &["async", "async_multi"],
        "scale_threads" => &["threads"],
        _ => &[],
    }
}

/// The Python counterparts of each experiment (with `--with-python`).
pub fn python_models(experiment: &str) -> &'static [&'static str] {
    match experiment {
        "io_bound" => &["py_sequential", "py_threads", "py_processes", "py_asyncio"],
        "cpu_bound" => &["py_sequential", "py_threads", "py_processes"],
        "spawn_cost" => &["py_threads", "py_processes", "py_asyncio"],
        "scale_async" => &["py_asyncio"],
        "scale_threads" => &["py_threads"],
        _ => &[],
    }
}
