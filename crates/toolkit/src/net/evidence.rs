//! What the server saw: each request counted in flight and recorded as a span.

use super::*;
use crate::timeline::{Runner, Source, Span, Timeline};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

/// One request, from its arrival to the end of its response: counts it in flight, and
/// records its span when dropped. It travels inside the response body, which hyper drops
/// once the last byte is handed to the socket, or when the client hangs up.
pub(super) struct InFlight {
    shared: Arc<Shared>,
    label: String,
    connection: usize,
    start: Duration,
}

impl InFlight {
    pub(super) fn begin(shared: Arc<Shared>, label: String, connection: usize) -> Self {
        shared.requests.fetch_add(1, Ordering::SeqCst);
        let now = shared.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        shared.max_in_flight.fetch_max(now, Ordering::SeqCst);
        let start = shared
            .config
            .timeline
            .as_ref()
            .map_or(Duration::ZERO, Timeline::now);
        InFlight {
            shared,
            label,
            connection,
            start,
        }
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        // Record the span before leaving flight, so a client that sees `in_flight == 0`
        // also sees every span.
        if let Some(timeline) = &self.shared.config.timeline {
            let runner = Runner {
                pid: std::process::id(),
                thread_id: CONNECTION_BASE + self.connection as u64,
                thread_name: Some(format!("conn {}", self.connection)),
                task: None,
            };
            timeline.push(Span::new(
                std::mem::take(&mut self.label),
                self.start,
                timeline.now(),
                runner,
                Source::Server,
            ));
        }
        self.shared.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}
