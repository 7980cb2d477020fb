//! Spans from the `tracing` crate on the timeline (feature `tracing`).
//!
//! Rust code is usually instrumented with [`tracing`](https://docs.rs/tracing):
//! `#[tracing::instrument]` on a function, `info_span!("load").entered()` around a block. Add
//! the [`TimelineLayer`] of a timeline to your subscriber and each such span is drawn on the
//! timeline — in the ASCII picture, the SVG and the trace — on the thread or tokio task that
//! ran it. It is **your own** span ([`Source::Yours`]): drawn, never trusted, so
//! [`Timeline::query`], what tests ask, leaves it out.
//!
//! ```
//! use toolkit::Timeline;
//! use tracing_subscriber::layer::SubscriberExt;
//!
//! #[tracing::instrument]
//! fn load(name: &str) -> usize {
//!     name.len()
//! }
//!
//! let timeline = Timeline::new();
//! let subscriber = tracing_subscriber::registry().with(timeline.tracing_layer());
//! tracing::subscriber::with_default(subscriber, || {
//!     let _all = tracing::info_span!("all files").entered();
//!     load("A");
//! });
//! let labels: Vec<String> = timeline.spans().into_iter().map(|s| s.label).collect();
//! assert_eq!(labels, ["all files", "load{name=\"A\"}"]);
//! assert!(timeline.query().is_empty(), "tests never count spans of your own");
//! ```
//!
//! Only spans are drawn, from when they are first entered to when they are last left; a span
//! never entered ran nothing and is left out, and events (`info!`) are not spans.
//! `with_default` and `set_default` cover the current thread only; for threads you spawn and
//! for tokio's worker threads, install the subscriber once with
//! `tracing::subscriber::set_global_default`.

use super::{Runner, Source, Span, Timeline};
use std::fmt::{self, Write as _};
use std::time::Duration;
use tracing::Subscriber;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing_subscriber::layer::{Context, Layer};
use tracing_subscriber::registry::LookupSpan;

/// A `tracing_subscriber` layer that records every closed `tracing` span on a timeline, as a
/// span of your own. Made by [`Timeline::tracing_layer`].
#[derive(Debug, Clone)]
pub struct TimelineLayer {
    timeline: Timeline,
}

impl Timeline {
    /// A layer for a `tracing_subscriber` registry that draws `tracing` spans on this timeline
    /// (see [`super::tracing_layer`]).
    pub fn tracing_layer(&self) -> TimelineLayer {
        TimelineLayer {
            timeline: self.clone(),
        }
    }
}

/// A span that has not closed yet, kept in the registry beside it.
struct Open {
    label: Label,
    /// When it was first entered, and by whom; `None` until then.
    first_entered: Option<(Duration, Runner)>,
    last_exit: Option<Duration>,
}

impl<S> Layer<S> for TimelineLayer
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(id) else { return };
        let mut label = Label::new(attrs.metadata().name());
        attrs.record(&mut label);
        span.extensions_mut().insert(Open {
            label,
            first_entered: None,
            last_exit: None,
        });
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(id) else { return };
        if let Some(open) = span.extensions_mut().get_mut::<Open>() {
            values.record(&mut open.label);
        }
    }

    /// The work starts when the span is first entered, on the runner that entered it: an
    /// `#[instrument]`ed future is made by one task and run by the task it is spawned as.
    fn on_enter(&self, id: &Id, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(id) else { return };
        if let Some(open) = span.extensions_mut().get_mut::<Open>()
            && open.first_entered.is_none()
        {
            open.first_entered = Some((self.timeline.now(), Runner::current()));
        }
    }

    /// The work ends when the span is last left (a future may be dropped some time later).
    fn on_exit(&self, id: &Id, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(id) else { return };
        if let Some(open) = span.extensions_mut().get_mut::<Open>() {
            open.last_exit = Some(self.timeline.now());
        }
    }

    fn on_close(&self, id: Id, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(&id) else { return };
        // A span that was never entered ran nothing (a future dropped before it was polled):
        // there is nothing to draw.
        let Some(open) = span.extensions_mut().remove::<Open>() else {
            return;
        };
        let Some((start, runner)) = open.first_entered else {
            return;
        };
        let end = open.last_exit.unwrap_or_else(|| self.timeline.now());
        self.timeline.push(Span::new(
            open.label.text,
            start,
            end.max(start),
            runner,
            Source::Yours,
        ));
    }
}

/// A span's label: its name, then its fields as `tracing` prints them, `load{name="A"}`.
struct Label {
    text: String,
    fields: usize,
}

impl Label {
    fn new(name: &str) -> Self {
        Label {
            text: name.to_owned(),
            fields: 0,
        }
    }
}

impl Visit for Label {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        // Fields arrive one by one: open the braces before the first, and keep them closed.
        if self.fields == 0 {
            self.text.push('{');
        } else {
            self.text.pop();
            self.text.push_str(", ");
        }
        self.fields += 1;
        let _ = write!(self.text, "{}={value:?}}}", field.name());
    }
}
