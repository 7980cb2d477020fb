//! Checks the chat server the way its clients see it, on real sockets on 127.0.0.1.
//!
//! `serve` runs as a task on a tokio runtime of two worker threads that the test builds; the
//! clients (Ada, Bob, ...) are plain blocking sockets on the test's thread, each line they
//! send carrying a word the server cannot guess. Every line must reach every other client,
//! and not its sender. A client that stops reading for a while (a tiny receive buffer, 8 MB of
//! lines sent past it) must not hold up the others, and must get the chat's later lines when
//! it reads again. A client that leaves must not break the others or the accept loop. After
//! the shutdown signal, `serve` must return, every client must have been told
//! `server: shutting down` and its connection closed, the port must refuse connections, and
//! no task the server started may still be running (the runtime's own count of live tasks).

use chat_server::{GOODBYE, serve};
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tokio::sync::watch;
use toolkit::watchdog::{DEFAULT_LIMIT, watchdog};

/// How long a client waits for a line it should get. A working server delivers in
/// milliseconds, even on a busy machine.
const PATIENCE: Duration = Duration::from_secs(3);
/// How long `serve` may take to return after the shutdown signal, when every client reads.
const SHUTDOWN_LIMIT: Duration = Duration::from_secs(3);
/// How long a slow client waits before it reads again after the shutdown signal: longer
/// than `SHUTDOWN_LIMIT`, so that no fixed pause before returning passes both (a pause
/// shorter than this returns before the slow client was told; a longer one is too slow when
/// every client reads).
const LATER: Duration = Duration::from_millis(3500);

const HANG: &str = "did a call block for good? A client's socket read or write blocks the \
                    test when the server neither answers nor closes";
const BROADCAST_HINT: &str = "send each line on a tokio::sync::broadcast channel, and give each \
                              client a task of its own that writes what the channel gives to \
                              that client's socket (tokio::select! between reading the client \
                              and receiving from the channel)";

const LEFT_HINT: &str = "a write to a client that has gone fails: that must end only that \
                         client's own task, never another client's task or serve (no `?` or \
                         unwrap on a write to another client). Give each client a task of its \
                         own that alone writes to its socket, fed by a broadcast channel";

/// A word the server cannot know in advance: letters from the clock and a counter.
fn word() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    let mut n = nanos
        ^ COUNTER
            .fetch_add(0x9e37_79b9, Ordering::Relaxed)
            .rotate_left(17);
    (0..6)
        .map(|_| {
            let letter = (b'a' + (n % 26) as u8) as char;
            n /= 26;
            letter
        })
        .collect()
}

/// A tokio runtime of two worker threads; shut down without waiting, so a task stuck in a
/// blocking call cannot hang the test after it failed.
struct Runtime(Option<tokio::runtime::Runtime>);

impl Runtime {
    fn new() -> Runtime {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a tokio runtime starts");
        Runtime(Some(rt))
    }

    fn get(&self) -> &tokio::runtime::Runtime {
        self.0.as_ref().expect("the runtime is running")
    }
}

impl Drop for Runtime {
    fn drop(&mut self) {
        if let Some(rt) = self.0.take() {
            rt.shutdown_background();
        }
    }
}

/// A chat server running `serve` on the test's runtime, and the switch that stops it.
struct Chat {
    rt: Runtime,
    addr: SocketAddr,
    stop: watch::Sender<bool>,
    served: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

impl Chat {
    fn start() -> Chat {
        let rt = Runtime::new();
        let listener = rt
            .get()
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .expect("the test binds 127.0.0.1:0");
        let addr = listener
            .local_addr()
            .expect("a bound listener has an address");
        let (stop, stopped) = watch::channel(false);
        let served = rt.get().spawn(serve(listener, stopped));
        Chat {
            rt,
            addr,
            stop,
            served: Some(served),
        }
    }
}

struct Client {
    name: &'static str,
    reader: BufReader<TcpStream>,
    writer: TcpStream,
}

impl Client {
    fn from_stream(name: &'static str, stream: TcpStream) -> Client {
        let writer = stream.try_clone().expect("a socket can be cloned");
        let mut client = Client {
            name,
            reader: BufReader::new(stream),
            writer,
        };
        client.say(name);
        let got = client.hear();
        let welcome = format!("welcome {name}\n");
        assert!(
            got.as_deref() == Some(welcome.as_str()),
            "✗ {name} connected and sent its name, then got {} instead of {welcome:?}. After \
             a client's first line (its name), subscribe it to the channel and answer \
             `welcome NAME`. No answer at all? Then the server is busy elsewhere: does your \
             accept loop wait on one client before accepting the next (tokio::spawn a task \
             per client), or does a task block its thread with std I/O instead of tokio's?",
            shown(&got)
        );
        client
    }

    /// Connects with a tiny receive buffer (4 KB) and joins the chat under `name`: once
    /// it stops reading, its socket fills up after a few lines.
    fn slow_reader(chat: &Chat, name: &'static str) -> Client {
        let stream = chat
            .rt
            .get()
            .block_on(async {
                let socket = tokio::net::TcpSocket::new_v4()?;
                socket.set_recv_buffer_size(4096)?;
                let stream = socket.connect(chat.addr).await?.into_std()?;
                stream.set_nonblocking(false)?;
                std::io::Result::Ok(stream)
            })
            .unwrap_or_else(|e| {
                panic!(
                    "✗ {name} could not connect to the chat at {}: {e}; is serve accepting?",
                    chat.addr
                )
            });
        Client::from_stream(name, stream)
    }

    /// Connects and joins the chat under `name`.
    #[track_caller]
    fn join(addr: SocketAddr, name: &'static str) -> Client {
        let stream = TcpStream::connect(addr).unwrap_or_else(|e| {
            panic!("✗ {name} could not connect to the chat at {addr}: {e}; is serve accepting?")
        });
        Client::from_stream(name, stream)
    }

    fn say(&mut self, text: &str) {
        // A failed write shows up as a missing line on the other side, which says more.
        let _ = writeln!(self.writer, "{text}");
    }

    /// The next line, or None if nothing came within `PATIENCE` or the connection closed.
    fn hear(&mut self) -> Option<String> {
        self.hear_within(PATIENCE)
    }

    fn hear_within(&mut self, wait: Duration) -> Option<String> {
        self.reader
            .get_ref()
            .set_read_timeout(Some(wait))
            .expect("a read timeout can be set");
        let mut line = String::new();
        match self.reader.read_line(&mut line) {
            Ok(n) if n > 0 => Some(line),
            _ => None,
        }
    }
}

fn shown(line: &Option<String>) -> String {
    match line {
        Some(line) if line.len() > 60 => format!("{:?}…", &line[..60]),
        Some(line) => format!("{line:?}"),
        None => "nothing".to_owned(),
    }
}

/// `from` says `text`; every client in `others` must hear exactly `FROM: text`.
#[track_caller]
fn say_to_all(
    from: &mut Client,
    others: &mut [&mut Client],
    text: &str,
    context: &str,
    hint: &str,
) {
    from.say(text);
    let want = format!("{}: {text}\n", from.name);
    for other in others.iter_mut() {
        let got = other.hear();
        if got.as_deref() == Some(want.as_str()) {
            continue;
        }
        let own = format!("{}: ", other.name);
        if got.as_deref().is_some_and(|g| g.starts_with(&own)) {
            panic!(
                "✗ {} received its own line back ({}): a line goes to every OTHER client. \
                 Tag each message with its sender (a connection number), and skip it in the \
                 sender's own task",
                other.name,
                shown(&got)
            );
        }
        panic!(
            "✗ {context}{} said {:?}, and {} got {} instead of {:?}. {hint}",
            from.name,
            text,
            other.name,
            shown(&got),
            want
        );
    }
}

/// Nothing more is waiting for this client (such as its own line, sent back).
#[track_caller]
fn expect_nothing_more(client: &mut Client) {
    let extra = client.hear_within(Duration::from_millis(300));
    let own = format!("{}: ", client.name);
    assert!(
        !extra.as_deref().is_some_and(|g| g.starts_with(&own)),
        "✗ {} received its own line back ({}): a line goes to every OTHER client. Tag each \
         message with its sender (a connection number), and skip it in the sender's own task",
        client.name,
        shown(&extra)
    );
    assert!(
        extra.is_none(),
        "✗ {} got a line nobody sent it: {}. Each line a client sends reaches every other \
         client exactly once, as `NAME: text`",
        client.name,
        shown(&extra)
    );
}

#[test]
fn every_line_reaches_every_other_client_and_not_its_sender() {
    watchdog(DEFAULT_LIMIT, HANG, || {
        let chat = Chat::start();
        let mut ada = Client::join(chat.addr, "Ada");
        let mut bob = Client::join(chat.addr, "Bob");
        let mut cy = Client::join(chat.addr, "Cy");
        let mut dee = Client::join(chat.addr, "Dee");
        for round in 0..2 {
            let text = format!("hello {round} {}", word());
            say_to_all(
                &mut ada,
                &mut [&mut bob, &mut cy, &mut dee],
                &text,
                "",
                BROADCAST_HINT,
            );
            let text = format!("hi {round} {}", word());
            say_to_all(
                &mut bob,
                &mut [&mut ada, &mut cy, &mut dee],
                &text,
                "",
                BROADCAST_HINT,
            );
            let text = format!("hey {round} {}", word());
            say_to_all(
                &mut cy,
                &mut [&mut ada, &mut bob, &mut dee],
                &text,
                "",
                BROADCAST_HINT,
            );
            let text = format!("yo {round} {}", word());
            say_to_all(
                &mut dee,
                &mut [&mut ada, &mut bob, &mut cy],
                &text,
                "",
                BROADCAST_HINT,
            );
        }
        // A burst: 40 lines in one write. Every client that keeps reading hears all of
        // them, in order: only a client that stops reading may lose lines (Lagged).
        let burst: Vec<String> = (0..40).map(|i| format!("burst {i} {}", word())).collect();
        let _ = ada
            .writer
            .write_all(format!("{}\n", burst.join("\n")).as_bytes());
        for other in [&mut bob, &mut cy, &mut dee] {
            for (i, text) in burst.iter().enumerate() {
                let want = format!("Ada: {text}\n");
                let got = other.hear();
                assert!(
                    got.as_deref() == Some(want.as_str()),
                    "✗ Ada sent {} lines in one write, and {}, reading all along, got {} \
                     instead of line {} ({want:?}): lines were lost on the way to a client \
                     that keeps up. Give the broadcast channel room for a burst (a capacity \
                     such as 64, not 1): only a client that stops reading may fall behind \
                     and lose lines (RecvError::Lagged)",
                    burst.len(),
                    other.name,
                    shown(&got),
                    i + 1
                );
            }
        }
        for client in [&mut ada, &mut bob, &mut cy, &mut dee] {
            expect_nothing_more(client);
        }
        let _ = chat.stop.send(true);
    });
}

/// Two clients may share a name: a line is skipped for its sender's connection, not for
/// everyone with the sender's name.
#[test]
fn two_clients_with_the_same_name_hear_each_other() {
    watchdog(DEFAULT_LIMIT, HANG, || {
        let chat = Chat::start();
        let mut ada = Client::join(chat.addr, "Ada");
        let mut other_ada = Client::join(chat.addr, "Ada");
        let mut bob = Client::join(chat.addr, "Bob");
        let text = format!("hello {}", word());
        ada.say(&text);
        let want = format!("Ada: {text}\n");
        let got_bob = bob.hear();
        let got = other_ada.hear();
        assert!(
            got.as_deref() == Some(want.as_str()),
            "✗ two clients joined as Ada; one said {text:?}, and Bob got {}, but the other Ada \
             got {} instead of {want:?}. A line is skipped only by the connection that sent \
             it: tag each message with its sender's connection number and compare that, not \
             the name (two clients can have the same name)",
            shown(&got_bob),
            shown(&got)
        );
        // The other Ada says the very same words: the first one must hear them, although
        // it said them itself a moment ago (a line is not skipped by its text either).
        other_ada.say(&text);
        let got = ada.hear();
        let _ = bob.hear();
        assert!(
            got.as_deref() == Some(want.as_str()),
            "✗ two clients joined as Ada; the second said the same words as the first \
             ({text:?}), and the first Ada got {} instead of {want:?}. A line is skipped only \
             by the connection that sent it: tag each message with its sender's connection \
             number and compare that, not the name nor the text (two clients can say the \
             same thing)",
            shown(&got)
        );
        expect_nothing_more_than_own(&mut ada);
        expect_nothing_more_than_own(&mut other_ada);
        let _ = chat.stop.send(true);
    });
}

/// A client's line may come in pieces, and other clients' lines may reach its task in
/// between: the piece already read must not be lost when the task goes to write them.
#[test]
fn a_line_sent_in_pieces_arrives_whole() {
    watchdog(DEFAULT_LIMIT, HANG, || {
        let chat = Chat::start();
        let mut ada = Client::join(chat.addr, "Ada");
        let mut bob = Client::join(chat.addr, "Bob");
        // Ada sends the start of a line, and a moment later (her task has read it by then)
        // Bob says something, which her task writes to her.
        write!(ada.writer, "hel").expect("the server accepts bytes");
        ada.writer.flush().expect("the server accepts bytes");
        std::thread::sleep(Duration::from_millis(200));
        let text = format!("meanwhile {}", word());
        say_to_all(&mut bob, &mut [&mut ada], &text, "", BROADCAST_HINT);
        // Then Ada ends her line: Bob must hear all of it.
        let rest = format!("lo {}", word());
        ada.say(&rest);
        let want = format!("Ada: hel{rest}\n");
        let got = bob.hear();
        assert!(
            got.as_deref() == Some(want.as_str()),
            "✗ Ada sent \"hel\", then (after Bob's line had reached her) \"{rest}\\n\": Bob \
             got {} instead of {want:?}. The start of her line was lost while her task wrote \
             Bob's line to her: a read_line (or read_until into a buffer made anew) inside \
             tokio::select! is not cancel safe, and when another branch wins, the bytes it \
             had read are dropped with it. Read with `lines()` and `next_line()`, which keeps \
             a line's start across select! rounds (it is cancel safe)",
            shown(&got)
        );
        let _ = chat.stop.send(true);
    });
}

/// The sender of a line must not hear it back, whatever its name.
#[track_caller]
fn expect_nothing_more_than_own(client: &mut Client) {
    let extra = client.hear_within(Duration::from_millis(300));
    assert!(
        extra.is_none(),
        "✗ {} received its own line back ({}): a line goes to every OTHER connection. Tag \
         each message with its sender (a connection number), and skip it in the sender's own \
         task",
        client.name,
        shown(&extra)
    );
}

/// A line of `from` that came, but not as it was sent (its start lost): a long line reaches
/// the server in pieces, and a read that is cancelled between them drops what it had read.
#[track_caller]
fn expect_not_mangled(got: &Option<String>, want: &str, from: &str, listener: &str) {
    let mangled = got
        .as_deref()
        .is_some_and(|g| g != want && g.starts_with(&format!("{from}: ")));
    assert!(
        !mangled,
        "✗ {listener} heard a line of {from}'s as {} instead of {}: part of it was lost. A long \
         line reaches the server in pieces; a read_line (or read_until into a buffer made \
         anew) inside tokio::select! is not cancel safe: when another branch wins meanwhile \
         (her own previous line coming back on the channel), the bytes it had read are \
         dropped with it. Read with `lines()` and `next_line()`, which keeps a line's start \
         across select! rounds (it is cancel safe)",
        shown(got),
        shown(&Some(want.to_owned()))
    );
}

/// Lou connects with a tiny receive buffer and stops reading; Ada sends 8 MB of lines, each
/// of which Bob must hear before the next is sent.
#[test]
fn a_client_that_stops_reading_holds_up_no_one_and_catches_up_later() {
    const LINES: usize = 500;
    const LONG: usize = 16 * 1024;
    watchdog(DEFAULT_LIMIT, HANG, || {
        let chat = Chat::start();
        let mut ada = Client::join(chat.addr, "Ada");
        let mut bob = Client::join(chat.addr, "Bob");
        let mut lou = Client::slow_reader(&chat, "Lou");
        let filler = "z".repeat(LONG);
        let want = |text: &str| format!("Ada: {text}\n");
        for i in 0..LINES {
            let text = format!("{i} {filler}");
            ada.say(&text);
            let got = bob.hear();
            expect_not_mangled(&got, &want(&text), "Ada", "Bob");
            assert!(
                got.as_deref() == Some(want(&text).as_str()),
                "✗ Bob stopped hearing Ada after {i} of her {LINES} long lines, while Lou \
                 (connected, but not reading) fell behind; Bob got {}. A write to one client \
                 is holding up the others: is a lock held while writing to every client (a \
                 Mutex<Vec<..>> of writers)? {BROADCAST_HINT}: then a client that stops \
                 reading only blocks its own task",
                shown(&got)
            );
        }
        let last = format!("last call {}", word());
        let context = "after Lou fell behind, ";
        say_to_all(&mut ada, &mut [&mut bob], &last, context, BROADCAST_HINT);
        // Lou reads again: past whatever was kept for it, it must reach Ada's last line.
        let deadline = Instant::now() + PATIENCE;
        let mut heard = 0;
        let caught_up = loop {
            let wait = deadline.saturating_duration_since(Instant::now());
            match lou.hear_within(wait.max(Duration::from_millis(5))) {
                Some(line) if line == want(&last) => break true,
                Some(_) if Instant::now() < deadline => heard += 1,
                _ => break false,
            }
        };
        assert!(
            !caught_up || heard < LINES,
            "✗ Lou stopped reading while Ada sent {LINES} lines of {} KB, and when it read \
             again it still got all {heard} of them: the server kept every line for a client \
             that does not read ({} MB here, and without end for a client that never reads \
             again). Use a bounded tokio::sync::broadcast channel (a capacity such as 64): a \
             client that falls behind loses the oldest lines (Err(RecvError::Lagged(n))), \
             skips them and carries on",
            LONG / 1024,
            LINES * LONG / (1024 * 1024)
        );
        assert!(
            caught_up,
            "✗ Lou stopped reading for a while and fell behind; when it read again it got \
             {heard} line(s), then nothing more: never Ada's later line {last:?}. A receiver \
             that falls behind gets Err(RecvError::Lagged(n)) from recv(): skip the n lost \
             lines and keep receiving (`while let Ok(..) = rx.recv()` or an unwrap ends the \
             client's task instead); only Closed ends the loop"
        );
        let _ = chat.stop.send(true);
    });
}

/// Lou stops reading until its socket is full, so its task is stuck writing to it when the
/// shutdown comes; Lou reads again only `LATER` (3.5 s) later. serve must wait for that task.
#[test]
fn serve_waits_for_a_slow_client_to_be_told() {
    const LINES: usize = 500;
    const LONG: usize = 16 * 1024;
    watchdog(DEFAULT_LIMIT, HANG, || {
        let mut chat = Chat::start();
        let mut ada = Client::join(chat.addr, "Ada");
        let mut bob = Client::join(chat.addr, "Bob");
        let mut lou = Client::slow_reader(&chat, "Lou");
        let filler = "z".repeat(LONG);
        for i in 0..LINES {
            let text = format!("{i} {filler}");
            ada.say(&text);
            let want = format!("Ada: {text}\n");
            let got = bob.hear();
            expect_not_mangled(&got, &want, "Ada", "Bob");
            assert!(
                got.as_deref() == Some(want.as_str()),
                "✗ Bob stopped hearing Ada after {i} of her {LINES} long lines while Lou was \
                 not reading; Bob got {}. {BROADCAST_HINT}",
                shown(&got)
            );
        }
        chat.stop
            .send(true)
            .expect("serve still holds the shutdown receiver");
        let stopped_at = Instant::now();
        // Lou reads again only LATER: until then its task cannot finish its write.
        let reader = std::thread::spawn(move || {
            std::thread::sleep(LATER);
            let mut last = None;
            while let Some(line) = lou.hear() {
                last = Some(line);
            }
            last
        });
        let served = chat.served.take().expect("serve was started");
        let outcome = chat
            .rt
            .get()
            .block_on(async { tokio::time::timeout(SHUTDOWN_LIMIT + LATER, served).await });
        let after = stopped_at.elapsed();
        assert!(
            matches!(outcome, Ok(Ok(Ok(())))),
            "✗ serve did not return Ok(()) within {:.1} s of the shutdown signal, with Lou \
             reading again after {:.1} s",
            (SHUTDOWN_LIMIT + LATER).as_secs_f64(),
            LATER.as_secs_f64()
        );
        assert!(
            after >= LATER,
            "✗ serve returned {} ms after the shutdown signal, but Lou (not reading, its \
             socket full) only read again after {} ms: its task was still writing to it and \
             had not told it goodbye. serve must wait for every client's task to end \
             (`while set.join_next().await.is_some()`), however long that takes, not for a \
             pause of its own",
            after.as_millis(),
            LATER.as_millis()
        );
        let last = reader.join().expect("Lou's reader does not panic");
        assert!(
            last.as_deref() == Some(&format!("{GOODBYE}\n")),
            "✗ Lou, slow to read, got {} as its last line, expected {GOODBYE:?}: on shutdown \
             each client's task writes the goodbye to its client, however slow, then returns",
            shown(&last)
        );
    });
}

#[test]
fn a_client_that_leaves_breaks_nothing() {
    watchdog(DEFAULT_LIMIT, HANG, || {
        let chat = Chat::start();
        let mut ada = Client::join(chat.addr, "Ada");
        let mut bob = Client::join(chat.addr, "Bob");
        // Eve joins and leaves at once, with nothing unread and nobody talking: the task
        // that served it must end on the end of its input, not wait for a failed write.
        let metrics = chat.rt.get().metrics();
        let tasks_before = metrics.num_alive_tasks();
        drop(Client::join(chat.addr, "Eve"));
        // A generous wait (a busy machine may be slow to run the task once more); a task
        // that does not end on Ok(None) never ends, however long the wait.
        let deadline = Instant::now() + PATIENCE;
        while metrics.num_alive_tasks() > tasks_before && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
        let alive = metrics.num_alive_tasks();
        assert!(
            alive <= tasks_before,
            "✗ Eve joined, then closed its connection; {} s later {alive} tasks were \
             alive on the runtime, {tasks_before} before Eve joined: the task that served Eve \
             did not end. A read that gives Ok(None) (the end of the stream) means the client \
             has left: end its task (break), do not go on reading",
            PATIENCE.as_secs()
        );
        let cy = Client::join(chat.addr, "Cy");
        let text = format!("see you {}", word());
        ada.say(&text);
        let _ = bob.hear();
        // Cy leaves without reading Ada's line: its socket is reset, writes to it fail.
        drop(cy);
        for i in 0..5 {
            let text = format!("still here {i} {}", word());
            say_to_all(
                &mut ada,
                &mut [&mut bob],
                &text,
                "after Cy left, ",
                LEFT_HINT,
            );
        }
        let stream = TcpStream::connect(chat.addr);
        let Ok(stream) = stream else {
            panic!(
                "✗ after a client left, the server no longer accepts new clients: did an error \
                 from one client end the accept loop (a `?` or unwrap on a write to a client \
                 that has gone)? A departed client ends its own task, nothing else"
            );
        };
        let mut dee = Client::from_stream("Dee", stream);
        let text = format!("hi all {}", word());
        say_to_all(
            &mut dee,
            &mut [&mut ada, &mut bob],
            &text,
            "after Cy left, ",
            LEFT_HINT,
        );
        let _ = chat.stop.send(true);
    });
}

#[test]
fn shutdown_tells_every_client_closes_everything_and_returns() {
    watchdog(DEFAULT_LIMIT, HANG, || {
        let mut chat = Chat::start();
        let addr = chat.addr;
        let mut ada = Client::join(addr, "Ada");
        let mut bob = Client::join(addr, "Bob");
        let mut cy = Client::join(addr, "Cy");
        let text = format!("good night {}", word());
        say_to_all(
            &mut ada,
            &mut [&mut bob, &mut cy],
            &text,
            "",
            BROADCAST_HINT,
        );

        chat.stop
            .send(true)
            .expect("serve still holds the shutdown receiver");
        let served = chat.served.take().expect("serve was started");
        let outcome = chat
            .rt
            .get()
            .block_on(async { tokio::time::timeout(SHUTDOWN_LIMIT, served).await });
        let returned = match outcome {
            Err(_) => panic!(
                "✗ serve did not return within {} s of the shutdown signal, with every client \
                 reading. Watch the shutdown channel in the accept loop AND in every client's \
                 task (tokio::select! on `shutdown.wait_for(|&stop| stop)` or `changed()`): a \
                 task waiting only for its client's next line never ends, and serve waits \
                 for it forever. And wait for the tasks themselves (a JoinSet), not for a \
                 pause of your own before returning",
                SHUTDOWN_LIMIT.as_secs()
            ),
            Ok(Err(e)) => panic!("✗ serve panicked after the shutdown signal: {e}"),
            Ok(Ok(returned)) => returned,
        };
        assert!(
            returned.is_ok(),
            "✗ serve returned {returned:?} after the shutdown signal: shutting down is not an \
             error, return Ok(())"
        );

        // Tasks that just finished may take a moment to leave the runtime's count.
        let metrics = chat.rt.get().metrics();
        let deadline = Instant::now() + Duration::from_secs(1);
        while metrics.num_alive_tasks() > 0 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
        let alive = metrics.num_alive_tasks();
        assert!(
            alive == 0,
            "✗ serve returned, but {alive} task(s) it started were still running: no task may \
             outlive serve. Keep every client's task in a tokio::task::JoinSet and, after \
             the accept loop ends, wait for them all (`while set.join_next().await.is_some()`); \
             each task ends when it sees the shutdown signal"
        );

        let still_open = TcpStream::connect_timeout(&addr, Duration::from_secs(1)).is_ok();
        assert!(
            !still_open,
            "✗ serve returned, but {addr} still accepted a connection: stop accepting on \
             shutdown — the listener must be dropped by the time serve returns"
        );

        for client in [&mut ada, &mut bob, &mut cy] {
            let mut last = None;
            let closed = loop {
                match client.reader.get_ref().set_read_timeout(Some(PATIENCE)) {
                    Ok(()) => {}
                    Err(_) => break false,
                }
                let mut line = String::new();
                match client.reader.read_line(&mut line) {
                    Ok(0) => break true,
                    Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => break true,
                    Ok(_) => last = Some(line),
                    Err(_) => break false,
                }
            };
            let told = last.as_deref() == Some(&format!("{GOODBYE}\n"));
            assert!(
                closed,
                "✗ serve returned, but {}'s connection was still open (its last line: {}). \
                 Every connection must be closed by the time serve returns: a task or thread \
                 still holds it. Run every client as a tokio task in a JoinSet that serve \
                 waits for; each task returns after the goodbye, dropping its socket",
                client.name,
                shown(&last)
            );
            assert!(
                told,
                "✗ {}'s connection was closed without being told: its last line was {}, \
                 expected {GOODBYE:?}. On shutdown, each client's task writes `{GOODBYE}` to \
                 its client, then returns (which closes the connection)",
                client.name,
                shown(&last)
            );
        }
    });
}

/// Two chats served at once on one runtime: a line said on one reaches no one on the other,
/// and the first one shuts down (serve returns) while the second goes on.
#[test]
fn two_chats_at_once_are_separate_and_stop_on_their_own() {
    watchdog(DEFAULT_LIMIT, HANG, || {
        let rt = Runtime::new();
        let start = || {
            let listener = rt
                .get()
                .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
                .expect("the test binds 127.0.0.1:0");
            let addr = listener
                .local_addr()
                .expect("a bound listener has an address");
            let (stop, stopped) = watch::channel(false);
            (addr, stop, rt.get().spawn(serve(listener, stopped)))
        };
        let (addr_one, stop_one, served_one) = start();
        let (addr_two, stop_two, served_two) = start();
        // One client on the second chat first: connection numbers that start anew in each
        // serve are the same on both chats.
        let mut bob = Client::join(addr_two, "Bob");
        let mut ada = Client::join(addr_one, "Ada");
        let mut cy = Client::join(addr_one, "Cy");
        let mut dee = Client::join(addr_two, "Dee");
        let shared = "each call of serve is a chat of its own: make the broadcast channel (and \
                      the connection numbers) inside serve, not in a `static` or a lazy global \
                      that every server shares";
        let text = format!("only here {}", word());
        say_to_all(
            &mut ada,
            &mut [&mut cy],
            &text,
            "with two chats running, ",
            shared,
        );
        let text = format!("only there {}", word());
        say_to_all(
            &mut bob,
            &mut [&mut dee],
            &text,
            "with two chats running, ",
            shared,
        );
        for client in [&mut ada, &mut cy, &mut bob, &mut dee] {
            let extra = client.hear_within(Duration::from_millis(300));
            assert!(
                extra.is_none(),
                "✗ two chats ran at once, on two ports; {} got {} after the lines of its own \
                 chat were through: a line of the other chat reached it. {shared}",
                client.name,
                shown(&extra)
            );
        }
        stop_one
            .send(true)
            .expect("serve still holds the shutdown receiver");
        let outcome = rt
            .get()
            .block_on(async { tokio::time::timeout(SHUTDOWN_LIMIT, served_one).await });
        assert!(
            matches!(outcome, Ok(Ok(Ok(())))),
            "✗ two chats ran on the same runtime; the first got the shutdown signal, and its \
             serve did not return Ok(()) within {} s while the second chat (its clients \
             connected) went on. serve waits for the tasks IT started (a JoinSet of its \
             clients' tasks), not for the runtime to have no task left (num_alive_tasks): the \
             other tasks on the runtime are not its own",
            SHUTDOWN_LIMIT.as_secs()
        );
        let text = format!("still there {}", word());
        say_to_all(
            &mut dee,
            &mut [&mut bob],
            &text,
            "after the other chat was shut down, ",
            "shutting one server down ends only its own clients' tasks: the signal is the \
             `shutdown` receiver given to that serve, not a `static` every server watches",
        );
        let _ = stop_two.send(true);
        let _ = rt
            .get()
            .block_on(async { tokio::time::timeout(SHUTDOWN_LIMIT, served_two).await });
    });
}
