//! Checks the four channels of `actor_channels`, on paused tokio time (exact and instant):
//!
//! - the counter actor (mpsc mailbox, oneshot replies, watch configuration): right answers in
//!   order, the limit read when an `Add` arrives, a requester that gave up does not kill it,
//!   and it ends when — and only when — every sender of its mailbox is gone;
//! - the bounded producer: the test's own `next()` notes when each item is made and the test
//!   consumes one item every 10 ms, so the timeline shows whether the producer waited when
//!   the buffer was full (it may run at most `capacity` items ahead, plus the one in hand,
//!   and should fill the buffer it was given);
//! - the broadcast followers: a fast one gets everything; a slow one lags, counts what it
//!   missed, and carries on to the last message.
//!
//! Every test runs on a one-thread runtime with paused time, under a real-time watchdog
//! (a blocking call would stop the paused clock too) and `within` (a stuck await fails at
//! once, with a hint).

use actor_channels::{Command, Config, Followed, follow, spawn_counter, start_producer};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{broadcast, mpsc, oneshot, watch};
use tokio::task::JoinHandle;
use toolkit::Timeline;
use toolkit::timeline::SpanGuard;

/// Runs `body` on a one-thread runtime with paused time, like asyncio's event loop, with a
/// real-time watchdog and a virtual-time one, both with `hint` (`toolkit::watchdog::paused`).
fn paused<T: Send + 'static>(
    hint: &'static str,
    body: impl Future<Output = T> + Send + 'static,
) -> T {
    toolkit::watchdog::paused(
        Duration::from_secs(5),
        hint,
        Duration::from_secs(600),
        hint,
        || body,
    )
}

// ---------------------------------------------------------------- the actor

const ACTOR_HANG: &str = "did the actor end? `while let Some(command) = requests.recv().await` \
                          ends when every Sender is dropped; a plain `loop`, or an actor that \
                          keeps a Sender of its own mailbox, never does. A blocking call \
                          (std Mutex held, blocking_recv) inside the actor stops the runtime";

/// The test's side of the actor: its mailbox and its task.
struct Actor {
    mailbox: mpsc::Sender<Command>,
    task: JoinHandle<u64>,
}

impl Actor {
    fn start(config: watch::Receiver<Config>) -> Self {
        let (mailbox, task) = spawn_counter(config);
        Actor { mailbox, task }
    }

    /// Says why the actor stopped answering, and panics.
    async fn gone(self, asked: &str) -> ! {
        drop(self.mailbox);
        let why = match self.task.await {
            Err(e) if e.is_panic() => {
                "the actor's task panicked. A requester may give up before its reply \
                 (its oneshot Receiver dropped): `reply.send(..)` then returns Err, and that \
                 is not an error for the actor — ignore it (`let _ = reply.send(..)`), never \
                 unwrap it"
            }
            _ => {
                "the actor's task ended (or dropped the reply sender) while its mailbox \
                 still had senders: answer every command, and loop until recv() returns None"
            }
        };
        panic!("\n✗ the actor did not answer {asked}\n  hint: {why}");
    }

    async fn add(self, amount: u64) -> (Self, Result<u64, u64>) {
        let (reply, answer) = oneshot::channel();
        let asked = format!("Add {{ amount: {amount} }}");
        // A refused send hands the command back, reply sender included: drop it before
        // waiting for an answer that cannot come.
        if self
            .mailbox
            .send(Command::Add { amount, reply })
            .await
            .is_err()
        {
            self.gone(&asked).await
        }
        match answer.await {
            Ok(value) => (self, value),
            Err(_) => self.gone(&asked).await,
        }
    }

    async fn total(self) -> (Self, u64) {
        let (reply, answer) = oneshot::channel();
        if self.mailbox.send(Command::Total { reply }).await.is_err() {
            self.gone("Total").await
        }
        match answer.await {
            Ok(value) => (self, value),
            Err(_) => self.gone("Total").await,
        }
    }
}

fn expect_answer<T: PartialEq + std::fmt::Debug>(got: T, want: T, what: &str, hint: &str) {
    assert!(
        got == want,
        "\n✗ {what}: the actor answered {got:?}, expected {want:?}\n  hint: {hint}"
    );
}

#[test]
fn the_actor_answers_in_order_and_reads_the_latest_config() {
    paused(ACTOR_HANG, async {
        let (config, watched) = watch::channel(Config { limit: 10 });
        let actor = Actor::start(watched);
        let (actor, a) = actor.add(4).await;
        expect_answer(
            a,
            Ok(4),
            "Add 4 to 0 (limit 10)",
            "add, and reply Ok(new total)",
        );
        // Reaching the limit exactly is allowed; only going over is refused.
        let (actor, b) = actor.add(6).await;
        expect_answer(
            b,
            Ok(10),
            "Add 6 to 4 (limit 10): the total reaches the limit exactly",
            "a total equal to the limit is allowed: refuse only when `total + amount > limit`",
        );
        let (actor, c) = actor.add(3).await;
        expect_answer(
            c,
            Err(10),
            "Add 3 to 10 (limit 10)",
            "over the limit: leave the total as it is and reply Err(total)",
        );

        // A new configuration applies to the next command.
        config.send_replace(Config { limit: 20 });
        let (actor, d) = actor.add(3).await;
        expect_answer(
            d,
            Ok(13),
            "Add 3 to 10 after the limit was raised to 20",
            "read the limit from the watch channel when an Add arrives (`config.borrow()`), \
             not once when the actor starts: configuration can change while it runs",
        );
        // Refused while the total is below the limit: the reply is the total, which is now
        // different from the limit, and the total stays as it was.
        let (actor, refused) = actor.add(8).await;
        expect_answer(
            refused,
            Err(13),
            "Add 8 to 13 (limit 20): one over the limit",
            "over the limit: reply Err(total), the total as it is (13 here), not the limit",
        );
        let (actor, kept) = actor.total().await;
        expect_answer(
            kept,
            13,
            "Total after the refused Add 8",
            "a refused Add changes nothing: do not fill the total up to the limit",
        );
        config.send_replace(Config { limit: 13 });
        let (actor, e) = actor.add(1).await;
        expect_answer(
            e,
            Err(13),
            "Add 1 to 13 after the limit was lowered to 13",
            "read the limit from the watch channel when an Add arrives (`config.borrow()`), \
             not once when the actor starts",
        );
        let (actor, total) = actor.total().await;
        expect_answer(total, 13, "Total", "reply with the total the actor owns");

        // Alive while a sender is: a minute later it is still there.
        tokio::time::sleep(Duration::from_secs(60)).await;
        assert!(
            !actor.task.is_finished(),
            "\n✗ the actor's task ended while its mailbox still had a sender\n  hint: loop \
             until `requests.recv().await` returns None (every Sender dropped)"
        );
        drop(actor.mailbox);
        let ended = tokio::time::timeout(Duration::from_secs(1), actor.task).await;
        match ended {
            Ok(Ok(total)) => expect_answer(
                total,
                13,
                "the actor's final total (what its task returns)",
                "return the total when the mailbox closes",
            ),
            Ok(Err(e)) => {
                panic!("\n✗ the actor's task failed at the end: {e}\n  hint: {ACTOR_HANG}")
            }
            Err(_) => panic!(
                "\n✗ the actor's task did not end after every sender of its mailbox was \
                 dropped\n  hint: {ACTOR_HANG}"
            ),
        }
    });
}

#[test]
fn the_actor_survives_a_requester_that_gave_up() {
    paused(ACTOR_HANG, async {
        let (_config, watched) = watch::channel(Config { limit: 100 });
        let actor = Actor::start(watched);
        // A requester that sends an Add and leaves before the answer.
        let (reply, answer) = oneshot::channel();
        let sent = actor.mailbox.send(Command::Add { amount: 5, reply }).await;
        drop(answer);
        if sent.is_err() {
            actor.gone("Add { amount: 5 }").await;
        }
        let (actor, total) = actor.total().await;
        expect_answer(
            total,
            5,
            "Total after an Add whose requester left",
            "the Add still counts: apply it, then try to reply",
        );
        // Many requesters at once: every Add is applied exactly once.
        let mut requesters = tokio::task::JoinSet::new();
        for _ in 0..50 {
            let mailbox = actor.mailbox.clone();
            requesters.spawn(async move {
                let (reply, answer) = oneshot::channel();
                mailbox.send(Command::Add { amount: 1, reply }).await.ok()?;
                answer.await.ok()
            });
        }
        let mut oks = 0;
        while let Some(done) = requesters.join_next().await {
            oks += usize::from(matches!(done, Ok(Some(Ok(_)))));
        }
        let (_actor, total) = actor.total().await;
        assert!(
            oks == 50 && total == 55,
            "\n✗ 50 requesters added 1 each to 5: {oks} got Ok, and the total is {total}, \
             expected 50 and 55\n  hint: the actor owns the total and answers one command \
             at a time, each with its own reply"
        );
    });
}

/// Two counters at the same time: each owns its own total.
#[test]
fn two_actors_each_own_their_total() {
    paused(ACTOR_HANG, async {
        let (_config, watched) = watch::channel(Config { limit: 100 });
        let first = Actor::start(watched.clone());
        let second = Actor::start(watched);
        let (first, a) = first.add(5).await;
        expect_answer(
            a,
            Ok(5),
            "Add 5 to the first counter",
            "add, and reply Ok(new total)",
        );
        let hint = "each counter owns its total: a local variable of its task (`let mut total \
                    = 0;` before the loop), never a static shared by every counter";
        let (second, b) = second.total().await;
        expect_answer(
            b,
            0,
            "Total of a second counter, spawned beside the first, after an Add of 5 to the \
             FIRST one",
            hint,
        );
        let (second, c) = second.add(2).await;
        expect_answer(c, Ok(2), "Add 2 to the second counter (its total 0)", hint);
        let (_first, d) = first.total().await;
        expect_answer(
            d,
            5,
            "Total of the first counter after an Add of 2 to the SECOND one",
            hint,
        );
        drop(second);
    });
}

/// The configuration's watch Sender dropped: the limit is final, not gone. The actor goes on
/// answering with the last limit, and still ends when its mailbox closes. Once the Sender is
/// gone, `config.changed()` is ready at once, with Err, every time it is polled: an actor
/// that selects on it spins (a one-thread runtime then never runs anyone else) or stops.
#[test]
fn the_actor_carries_on_when_the_configuration_is_final() {
    const CHANGED: &str = "the configuration's watch Sender was dropped (the limit is now \
                           final), and the actor never answered again: `config.changed()` \
                           returns Err at once, every time, once the Sender is gone, so a \
                           select! branch on it wins for ever and the actor spins without \
                           reading its mailbox (on one thread, nothing else runs)";
    const FINAL_HINT: &str = "a dropped watch Sender only means the configuration will not \
                              change again: keep serving with the last value. Read the limit \
                              with `config.borrow()` when an Add arrives, and do not wait on \
                              `config.changed()` in the actor's loop (or stop selecting on it \
                              once it has returned Err)";
    toolkit::watchdog::paused(
        Duration::from_secs(5),
        &format!("{CHANGED}\n  hint: {FINAL_HINT}"),
        Duration::from_secs(600),
        &format!("{CHANGED}\n  hint: {FINAL_HINT}"),
        || async {
            let (config, watched) = watch::channel(Config { limit: 10 });
            let actor = Actor::start(watched);
            let (actor, a) = actor.add(4).await;
            expect_answer(
                a,
                Ok(4),
                "Add 4 to 0 (limit 10)",
                "add, and reply Ok(new total)",
            );
            config.send_replace(Config { limit: 6 });
            drop(config);
            // The actor has time to see the Sender go before the next request.
            tokio::time::sleep(Duration::from_millis(10)).await;
            let mut answers = Vec::new();
            for amount in [3, 2] {
                let (reply, answer) = oneshot::channel();
                let sent = actor.mailbox.send(Command::Add { amount, reply }).await;
                match (sent, answer.await) {
                    (Ok(()), Ok(value)) => answers.push(value),
                    _ => {
                        let how =
                            match tokio::time::timeout(Duration::from_secs(1), actor.task).await {
                                Ok(Err(e)) if e.is_panic() => "its task panicked",
                                Ok(_) => "its task ended",
                                Err(_) => "its task is still there but dropped the request",
                            };
                        panic!(
                            "\n✗ the configuration's watch Sender was dropped (the limit is \
                             now final, 6), and the actor did not answer Add {{ amount: \
                             {amount} }}: {how} while its mailbox still had a sender\n  \
                             hint: {FINAL_HINT}"
                        );
                    }
                }
            }
            assert!(
                answers == [Err(4), Ok(6)],
                "\n✗ after the limit was set to 6 and the configuration's watch Sender dropped, \
                 Add 3 then Add 2 to 4 were answered {answers:?}, expected [Err(4), Ok(6)]: the \
                 last limit still applies\n  hint: {FINAL_HINT}"
            );
            drop(actor.mailbox);
            let ended = tokio::time::timeout(Duration::from_secs(1), actor.task).await;
            assert!(
                matches!(ended, Ok(Ok(6))),
                "\n✗ with the configuration's watch Sender gone, the actor did not end with its \
                 total (6) once its mailbox closed: {ended:?}\n  hint: {FINAL_HINT}"
            );
        },
    );
}

// ---------------------------------------------------------------- backpressure

const CAPACITY: usize = 3;
const ITEMS: u32 = 12;
const CONSUME: Duration = Duration::from_millis(10);
const PRODUCER_HANG: &str = "did every item arrive? The producer must send all of them and \
                             then drop its Sender, so that recv() returns None. A blocking \
                             send (std::sync::mpsc::sync_channel, blocking_send) inside a \
                             task blocks the runtime's only thread";

#[test]
fn a_bounded_channel_holds_a_fast_producer_back() {
    backpressure(CAPACITY);
}

/// The same with another capacity: the channel's size is the caller's, not a number that
/// happens to match the other test.
#[test]
fn the_capacity_is_the_one_given() {
    backpressure(5);
}

/// A producer with `capacity`, its items taken one per 10 ms: it must run ahead exactly as far
/// as the buffer lets it, and lose nothing.
fn backpressure(capacity: usize) {
    paused(PRODUCER_HANG, async move {
        let timeline = Timeline::tokio();
        // What happened, in order (one thread: the order is exact): +1 when the test's own
        // next() made an item, -1 when the consumer took one. And each item's span, open
        // until the consumer takes it: the picture shows how many waited at once.
        let events: Arc<Mutex<Vec<i32>>> = Arc::default();
        let open: Arc<Mutex<Vec<Option<SpanGuard>>>> = Arc::default();
        let (clock, made, spans) = (timeline.clone(), events.clone(), open.clone());
        let mut count = 0;
        let next = move || {
            (count < ITEMS).then(|| {
                made.lock().unwrap().push(1);
                spans
                    .lock()
                    .unwrap()
                    .push(Some(clock.start(format!("item {count}"))));
                count += 1;
                count - 1
            })
        };
        let mut items = start_producer(next, capacity);
        let mut got = Vec::new();
        let mut taken_at = Vec::new();
        while let Some(item) = items.recv().await {
            taken_at.push(timeline.now());
            events.lock().unwrap().push(-1);
            if let Some(span) = open.lock().unwrap().get_mut(item as usize) {
                span.take();
            }
            got.push(item);
            tokio::time::sleep(CONSUME).await;
        }
        open.lock().unwrap().clear();
        let q = timeline.query_all();
        let want: Vec<u32> = (0..ITEMS).collect();
        q.expect(
            got == want,
            &format!(
                "the consumer received {got:?}, expected 0 to {} in order",
                ITEMS - 1
            ),
            "send every item with `tx.send(item).await`, which waits while the buffer is \
             full; try_send drops an item when it is, and the producer must never drop one",
        );
        // How far ahead of the consumer the producer ever was: items made minus items taken.
        let ahead = events
            .lock()
            .unwrap()
            .iter()
            .scan(0, |waiting, step| {
                *waiting += step;
                Some(*waiting)
            })
            .max()
            .unwrap_or(0) as usize;
        q.expect(
            ahead <= capacity + 1,
            &format!(
                "the producer ran {ahead} items ahead of the consumer, but the buffer holds \
                 {capacity} (plus the one in the producer's hand)"
            ),
            "make the channel with `mpsc::channel(capacity)` — not unbounded_channel, not a \
             bigger number — and send with `.await`, so the producer waits when it is full",
        );
        q.expect(
            ahead >= capacity,
            &format!(
                "the producer never ran more than {ahead} item(s) ahead: it did not fill the \
                 buffer of {capacity} it was given (a channel of another size than the \
                 `capacity` argument, or a producer that waits for the consumer)"
            ),
            "make the channel with exactly `mpsc::channel(capacity)`, and let the producer \
             run ahead: do not wait for the consumer yourself",
        );
        let took = taken_at.last().copied().unwrap_or_default();
        q.expect(
            took <= CONSUME * (ITEMS - 1),
            &format!(
                "the consumer took its last item at {took:?}, later than {:?}: it waited for \
                 the producer",
                CONSUME * (ITEMS - 1)
            ),
            "the producer should only wait when the buffer is full: send as soon as next() \
             gives an item",
        );
    });
}

/// A consumer that leaves: it takes three items, then drops its receiver. The source would
/// give a thousand more; the producer must notice that nobody listens (its send fails) and
/// stop calling next(), not run through the whole source (or for ever, for an endless one).
#[test]
fn a_producer_stops_when_its_consumer_leaves() {
    paused(PRODUCER_HANG, async move {
        let calls = Arc::new(Mutex::new(0u32));
        let counted = Arc::clone(&calls);
        // Held by next(): once the producer's task has ended, next() is dropped, and this too.
        let held = Arc::new(());
        let in_next = Arc::clone(&held);
        let next = move || {
            let _in_next = &in_next;
            let mut calls = counted.lock().unwrap();
            *calls += 1;
            (*calls <= 1000).then_some(*calls - 1)
        };
        let mut items = start_producer(next, 2);
        for _ in 0..3 {
            items.recv().await;
            tokio::time::sleep(CONSUME).await;
        }
        drop(items);
        // Virtual time: a producer that stops has long stopped by then.
        tokio::time::sleep(Duration::from_secs(10)).await;
        let made = *calls.lock().unwrap();
        // 3 taken + 2 in the buffer + 1 in the producer's hand (+1 of slack).
        assert!(
            made <= 7,
            "\n✗ the consumer took 3 items and dropped its receiver (capacity 2), yet the \
             producer called next() {made} times: it went on producing for nobody, ignoring \
             that its send failed\n  hint: `tx.send(item).await` returns Err once the \
             receiver is gone: stop then (`if tx.send(item).await.is_err() {{ break }}`); \
             with an endless source, a producer that ignores it runs for ever"
        );
        let alive = Arc::strong_count(&held) > 1;
        assert!(
            !alive,
            "\n✗ 10 s after the consumer dropped its receiver, the producer's task still held \
             next(): it stopped producing but never ended (parked on a future that never \
             completes?), a task leaked for the rest of the program\n  hint: when the send \
             fails, leave the loop and let the task end (`break`), which drops next() and the \
             Sender"
        );
    });
}

// ---------------------------------------------------------------- broadcast

const SENT: u32 = 20;
const FOLLOW_HANG: &str = "did a follower end? Loop until recv() returns \
                           Err(RecvError::Closed): every Sender was dropped";

/// The values of the broadcast test's messages: increasing, with uneven gaps.
fn values() -> Vec<u32> {
    (0..SENT).map(|i| 100 + 7 * i + i * i % 5).collect()
}

async fn joined(handle: JoinHandle<Followed>, who: &str) -> Followed {
    match handle.await {
        Ok(seen) => seen,
        Err(e) => panic!(
            "\n✗ the {who} follower failed: {e}\n  hint: do not unwrap recv(): \
             Err(RecvError::Lagged(n)) is not the end, it says n messages were lost for this \
             receiver; count them in `missed` and carry on. Only Err(RecvError::Closed) ends \
             the loop"
        ),
    }
}

#[test]
fn a_slow_follower_lags_counts_what_it_missed_and_carries_on() {
    paused(FOLLOW_HANG, async {
        let (news, _) = broadcast::channel(4);
        let fast = tokio::spawn(follow(news.subscribe(), Duration::ZERO));
        let slow = tokio::spawn(follow(news.subscribe(), Duration::from_millis(10)));
        let start = tokio::time::Instant::now();
        // The channel's own count of what is still queued for its slowest receiver: a
        // follower that really takes its time leaves the queue full. The follower cannot
        // make this number up, as long as the only receivers are the test's two: an idle
        // receiver of the follower's own would keep the queue full for it.
        let mut most_queued = 0;
        // The most receivers the channel ever had: the test made two.
        let mut most_receivers = 0;
        // And how often it was full: a follower that keeps taking its time keeps it full to
        // the end; one that paused once and then read at full speed empties it at once.
        let mut full = 0;
        // Not numbered 0, 1, 2…: uneven gaps between the values, so that `missed` cannot
        // be worked out from the values received, only from what recv() reports.
        let all = values();
        for &message in &all {
            let _ = news.send(message);
            tokio::time::sleep(Duration::from_millis(1)).await;
            most_queued = most_queued.max(news.len());
            most_receivers = most_receivers.max(news.receiver_count());
            full += usize::from(news.len() == 4);
        }
        drop(news);
        let fast = joined(fast, "fast").await;
        let slow = joined(slow, "slow").await;
        let took = start.elapsed();

        let last = all[all.len() - 1];
        assert!(
            fast.received != all || fast.missed == 0,
            "\n✗ the fast follower (no pause) received every message but reports {} missed: \
             it never fell behind, so the channel never said Lagged. The messages are not \
             numbered 0, 1, 2… (here their values jump unevenly): a gap between two values is \
             not a count of messages\n  hint: `missed` is the sum of the n that \
             Err(RecvError::Lagged(n)) gives: the channel counts what this receiver lost",
            fast.missed
        );
        assert!(
            fast.received == all && fast.missed == 0,
            "\n✗ the fast follower (no pause) received {:?} and missed {}, expected every \
             message, {:?}, and none missed\n  hint: push each message you receive, in order",
            fast.received,
            fast.missed,
            all
        );
        let (received, missed) = (slow.received.len() as u64, slow.missed);
        assert!(
            received + missed <= u64::from(SENT),
            "\n✗ the slow follower received {} message(s) and reports {missed} missed: {} in \
             all, but only {SENT} were sent. The messages are not numbered 0, 1, 2… (here \
             their values jump unevenly): a gap between two values is not a count of \
             messages\n  hint: `missed` is the sum of the n that Err(RecvError::Lagged(n)) \
             gives: the channel counts what this receiver lost",
            received,
            received + missed
        );
        assert!(
            slow.received.last() == Some(&last) && received + missed == u64::from(SENT),
            "\n✗ the slow follower received {:?} and missed {missed}: {} in all, but {SENT} \
             were sent, and the last was {last}\n  hint: Err(RecvError::Lagged(n)) is not the \
             end: add n to `missed` and carry on (the next recv() gives the oldest message \
             still kept, and every one after it: do not skip ahead or resubscribe); only \
             Err(RecvError::Closed) ends the loop",
            slow.received,
            received + missed,
        );
        assert!(
            slow.received.windows(2).all(|w| w[0] < w[1]),
            "\n✗ the slow follower received {:?}, out of order or twice\n  hint: push each \
             message once, as recv() gives it",
            slow.received
        );
        assert!(
            most_receivers <= 2,
            "\n✗ while the messages were sent, the channel had {most_receivers} receivers, but \
             the test made only two (the fast and the slow follower): follow() made receivers \
             of its own (rx.resubscribe(), another subscribe()). An extra receiver that nobody \
             reads keeps the channel full, so the channel looks as if the follower lagged, \
             while the follower itself read every message as it came\n  hint: follow the \
             receiver you were given, and only it: take `per_message` \
             (tokio::time::sleep) over each message as you receive it; the channel decides \
             what you miss"
        );
        assert!(
            most_queued == 4,
            "\n✗ at most {most_queued} message(s) ever waited in the channel of 4 for the slow \
             follower: it read them as fast as they came, so it never really fell behind, \
             whatever it reports\n  hint: take `per_message` (tokio::time::sleep) over each \
             message as you receive it, between one recv() and the next; the channel decides \
             what you miss. Not std::thread::sleep: it blocks the runtime's thread, the \
             sender's too, so nothing piles up while it sleeps (and tokio's clock does not move)"
        );
        assert!(
            full * 3 >= all.len() * 2,
            "\n✗ the channel of 4 was full after only {full} of the {} sends: the slow follower \
             fell behind once and then read as fast as the messages came, so it did not lag \
             for the rest of the run, whatever it reports\n  hint: take `per_message` \
             (tokio::time::sleep) over each message as you receive it, every time, between \
             one recv() and the next; the channel decides what you miss",
            all.len()
        );
        let pauses = Duration::from_millis(10) * slow.received.len() as u32;
        assert!(
            missed > 0 && took >= pauses,
            "\n✗ the slow follower missed {missed} message(s) and the whole run took {took:?} \
             (its pauses alone: {pauses:?}), but a follower that takes 10 ms over each of \
             {SENT} messages sent 1 ms apart through a channel of 4 must lag\n  hint: take \
             `per_message` (tokio::time::sleep) over each message you receive",
        );
    });
}
