//! # toolkit — the one library that demos, exercises and tests share
//!
//! Every claim of the tutorial becomes something you can run and *measure*. A task records
//! what it did — when it started, when it ended, and who ran it — into a [`Timeline`]. Demos
//! draw that timeline the way the tutorial draws its pictures; exercise tests assert on it, so
//! they check *how* your code ran, not only what it returned.
//!
//! ## Layout
//! | module | what lives there |
//! |---|---|
//! | [`scale`] | one setting, `COURSE_TIME_SCALE`, that shrinks every simulated duration |
//! | [`format`](mod@format) | how every duration is printed (`2.00 s`, `150.0 ms`) |
//! | [`clock`] | the machine-wide monotonic clock that lines up every process's spans |
//! | [`sched`] | per-thread CPU time and run-queue wait: "blocked" vs "the machine was busy" |
//! | [`io`] | simulated downloads: a blocking one (for threads) and an async one (for tokio) |
//! | [`exits`] | which threads have ended: evidence that a thread was joined, not only waited for |
//! | [`cli`] | argument checks every demo shares (`--seconds`, `--tasks`) |
//! | [`cpu`] | deterministic CPU-bound work with known answers |
//! | [`gil`] | a simulated GIL: CPU work takes turns, I/O waits still overlap |
//! | [`timeline`] | spans (evidence, and your own), runners, queries, pictures, assertions; Chrome trace-event export (`trace`, read back by `trace_check`), a failing test's trace in `target/course-traces/`, and (feature `tracing`) a layer that draws `tracing` spans as your own |
//! | [`worker`] | process workers: re-run this executable in a worker role, collect results |
//! | [`measure`] | peak memory of this process (`VmHWM`), for measured tables |
//! | `net` | (feature `net`) a loopback HTTP file server: real sockets, server-side spans and counts |
//! | [`outfile`] | output files checked up front and written atomically (`--svg`, `--json`) |
//! | [`stall`] | a heartbeat that measures how long the tokio runtime was blocked, and names the span that blocked it |
//! | [`lock`] | a named mutex that records its holds and knows who waits for whom: the watchdog names a deadlock's cycle |
//! | [`together`] | two calls released at the same instant, for tests that look for state shared between calls |
//! | [`watchdog`] | run a test body with a deadline so a deadlock fails instead of hanging |

pub mod cli;
pub mod clock;
pub mod cpu;
pub mod exits;
pub mod format;
pub mod gil;
pub mod io;
pub mod lock;
pub mod measure;
#[cfg(feature = "net")]
pub mod net;
/// Output files checked up front and written atomically (the `outfile` crate, shared with the
/// course tool).
pub use outfile;
pub mod scale;
pub mod sched;
pub mod stall;
pub mod timeline;
pub mod together;
pub mod watchdog;
pub mod worker;

pub use timeline::{Probe, Runner, Source, Span, Timeline};
