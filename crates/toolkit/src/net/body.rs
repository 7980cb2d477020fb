//! Response bodies: paced to a bandwidth, or cut short on purpose.

use super::evidence::InFlight;
use hyper::body::{Body, Bytes, Frame, SizeHint};
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Duration;

/// Paces a body to a bandwidth: chunk `k` leaves no earlier than `bytes sent so far / rate`
/// after the first one, so the rate holds over the whole body without drifting.
pub(super) struct Pace {
    bytes_per_sec: u64,
    chunk: usize,
    started: Option<tokio::time::Instant>,
    sent: u64,
    sleep: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl Pace {
    pub(super) fn new(bytes_per_sec: u64) -> Self {
        // About 50 chunks a second: smooth enough to measure, few enough wake-ups.
        let chunk = (bytes_per_sec / 50).clamp(1, 64 * 1024) as usize;
        Pace {
            bytes_per_sec,
            chunk,
            started: None,
            sent: 0,
            sleep: None,
        }
    }
}

/// A response body: the bytes, sent whole or paced; for `/cut`, an error after them (hyper
/// then closes the connection short of its `Content-Length`). It carries the request's
/// [`InFlight`] guard, so the request leaves flight when hyper drops the body.
pub(super) struct Reply {
    pub(super) data: Bytes,
    pub(super) cut: bool,
    pub(super) flush: Option<Pin<Box<tokio::time::Sleep>>>,
    pub(super) pace: Option<Pace>,
    pub(super) _guard: InFlight,
}

impl Body for Reply {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        let this = self.get_mut();
        if this.data.is_empty() {
            if !this.cut {
                return Poll::Ready(None);
            }
            // hyper flushes what it has only when the body says "not yet": wait a moment so
            // the first half reaches the client, then fail, which makes hyper close the
            // connection short of its Content-Length.
            let flush = this
                .flush
                .get_or_insert_with(|| Box::pin(tokio::time::sleep(Duration::from_millis(20))));
            ready!(flush.as_mut().poll(cx));
            this.cut = false;
            return Poll::Ready(Some(Err(io::Error::other(
                "/cut: the rest of the body is never sent",
            ))));
        }
        let Some(pace) = &mut this.pace else {
            let all = std::mem::take(&mut this.data);
            return Poll::Ready(Some(Ok(Frame::data(all))));
        };
        if let Some(sleep) = &mut pace.sleep {
            ready!(sleep.as_mut().poll(cx));
            pace.sleep = None;
        }
        let now = tokio::time::Instant::now();
        let started = *pace.started.get_or_insert(now);
        let due = started + Duration::from_secs_f64(pace.sent as f64 / pace.bytes_per_sec as f64);
        if due > now {
            let mut sleep = Box::pin(tokio::time::sleep_until(due));
            if sleep.as_mut().poll(cx).is_pending() {
                pace.sleep = Some(sleep);
                return Poll::Pending;
            }
        }
        let n = pace.chunk.min(this.data.len());
        pace.sent += n as u64;
        Poll::Ready(Some(Ok(Frame::data(this.data.split_to(n)))))
    }

    fn is_end_stream(&self) -> bool {
        self.data.is_empty() && !self.cut
    }

    fn size_hint(&self) -> SizeHint {
        if self.cut {
            SizeHint::default()
        } else {
            SizeHint::with_exact(self.data.len() as u64)
        }
    }
}
