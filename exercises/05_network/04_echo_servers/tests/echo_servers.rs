//! Checks both echo servers the way their clients see them, on real sockets on 127.0.0.1.
//!
//! The evidence is what a server cannot fake: 100 clients connect first, and only when every
//! one of them is connected does each send its line (with a word the server cannot guess);
//! every client then waits for its own answer while all 100 connections stay open. A server
//! that handles one connection before accepting the next, or a fixed crew of k threads, answers
//! at most k of them. The threads of this test process are counted from `/proc/self/task`
//! while the 100 connections are open: about 100 more for the thread-per-connection server, a
//! handful at most for the async one, which runs on a tokio runtime of ONE worker thread built
//! by the test (a task that blocks that thread with std I/O stalls every other connection).
//! A client that sends half a line, and one that sends nothing, must not hold up the others.
//! Once `stop` returns, the port must refuse connections.
//!
//! The tests of this file run one at a time (they count the process's threads).

use echo_servers::{start_async, start_threaded};
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use toolkit::watchdog::{DEFAULT_LIMIT, watchdog};

/// Clients connected at once: far more than any machine's cores, well under the listen backlog.
const CLIENTS: usize = 100;
/// How long the clients wait for their answers, all together. A server that answers them at
/// all does so in milliseconds, even on a busy machine.
const PATIENCE: Duration = Duration::from_secs(3);
/// How long `stop` may take before the watchdog says it hangs.
const STOP_LIMIT: Duration = Duration::from_secs(5);

const HANG: &str = "did a call block for good? start_threaded/start_async must return at once \
                    (run the accept loop on its own thread or task), and stop must not wait \
                    for open connections";
const STOP_HANG: &str = "stop() did not return. A thread blocked in accept() waits for the \
                         next client: after setting your stop flag, wake it (connect to the \
                         server once yourself) and then join it; in the async server, \
                         tokio::select! between accept() and the stop signal. And stop must \
                         not wait for connections that are still open";

#[derive(Clone, Copy)]
enum Server {
    Threaded,
    Async,
}

impl Server {
    fn name(self) -> &'static str {
        match self {
            Server::Threaded => "thread-per-connection server",
            Server::Async => "async server",
        }
    }

    /// What to do when clients wait while others are served.
    fn one_at_a_time_hint(self) -> &'static str {
        match self {
            Server::Threaded => {
                "does your accept loop handle one connection before accepting the next? \
                 Spawn a thread for every accepted connection (std::thread::spawn in the \
                 accept loop) and do not join it there; no fixed pool of threads either: \
                 each open connection keeps its thread busy"
            }
            Server::Async => {
                "does your accept loop handle one connection before accepting the next? \
                 tokio::spawn a task for every accepted connection instead of awaiting its \
                 handler in the loop, and inside tasks use tokio's I/O (tokio::net, \
                 AsyncBufReadExt::lines, AsyncWriteExt::write_all), never std's blocking \
                 reads: a task that blocks holds up its whole thread"
            }
        }
    }
}

/// The tests count the process's threads, so they must not run beside each other.
fn one_at_a_time() -> MutexGuard<'static, ()> {
    static SERIAL: Mutex<()> = Mutex::new(());
    SERIAL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The ids of this process's threads now (Linux); None elsewhere, where the thread checks
/// are skipped.
fn thread_ids_now() -> Option<BTreeSet<String>> {
    std::fs::read_dir("/proc/self/task")
        .ok()
        .map(|_| thread_ids())
}

/// How many of this process's threads now were not in `before`: threads started since, by
/// id. Not a difference of counts: threads an earlier test left behind may be ending
/// meanwhile, and would hide as many new ones.
fn started_since(before: &BTreeSet<String>) -> Option<usize> {
    thread_ids_now().map(|now| now.difference(before).count())
}

/// The ids of the process's threads now (Linux: /proc/self/task).
fn thread_ids() -> BTreeSet<String> {
    std::fs::read_dir("/proc/self/task")
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// The system calls that wait for bytes from a socket (read, readv, recvfrom, recvmsg), by
/// number on this architecture; `None` where the numbers are not known here.
fn receive_calls() -> Option<&'static [u64]> {
    if cfg!(target_arch = "x86_64") {
        Some(&[0, 19, 45, 47])
    } else if cfg!(target_arch = "aarch64") {
        Some(&[63, 65, 207, 212])
    } else {
        None
    }
}

/// The inodes of the TCP sockets whose local port is `port` and whose other end is one of
/// the test's clients (its local port in `clients`) (/proc/net/tcp and tcp6): the server's
/// connections to those clients, as the OS lists them (a connection the server opened to
/// itself is not one). `None` when the system does not tell.
fn connection_inodes(port: u16, clients: &BTreeSet<u16>) -> Option<BTreeSet<String>> {
    let mut inodes = BTreeSet::new();
    let mut any = false;
    for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
        let Ok(text) = std::fs::read_to_string(table) else {
            continue;
        };
        any = true;
        for line in text.lines().skip(1) {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let port_of = |field: usize| {
                fields
                    .get(field)
                    .and_then(|a| a.rsplit(':').next())
                    .and_then(|p| u16::from_str_radix(p, 16).ok())
            };
            if port_of(1) == Some(port)
                && port_of(2).is_some_and(|p| clients.contains(&p))
                && let Some(inode) = fields.get(9)
            {
                inodes.insert((*inode).to_owned());
            }
        }
    }
    any.then_some(inodes)
}

/// Whether a thread is blocked in a receive right now (/proc/self/task/ID/syscall names the
/// system call a blocked thread is in, then its arguments, the first being the file
/// descriptor), from one of `sockets` when they are known: a thread waiting on a socket of
/// its own (a UDP socket, a pipe) beside an event loop does not count.
fn receiving(tid: &str, calls: &[u64], sockets: Option<&BTreeSet<String>>) -> bool {
    let Ok(syscall) = std::fs::read_to_string(format!("/proc/self/task/{tid}/syscall")) else {
        return false;
    };
    let mut fields = syscall.split_whitespace();
    let in_receive = fields
        .next()
        .and_then(|n| n.parse::<u64>().ok())
        .is_some_and(|n| calls.contains(&n));
    if !in_receive {
        return false;
    }
    let Some(sockets) = sockets else {
        return true;
    };
    fields
        .next()
        .and_then(|fd| u64::from_str_radix(fd.trim_start_matches("0x"), 16).ok())
        .and_then(|fd| std::fs::read_link(format!("/proc/self/fd/{fd}")).ok())
        .and_then(|link| {
            let link = link.to_string_lossy().into_owned();
            Some(link.strip_prefix("socket:[")?.strip_suffix(']')?.to_owned())
        })
        .is_some_and(|inode| sockets.contains(&inode))
}

/// Of the threads not in `before`, the most seen at once blocked in a receive from one of
/// the server's connections on `port` to the test's `clients` (a connection's own thread
/// waiting for its client's next line), over half a second: `None` when the system does not
/// tell.
fn receivers_since(before: &BTreeSet<String>, port: u16, clients: &[Client]) -> Option<usize> {
    let calls = receive_calls()?;
    std::fs::read_to_string("/proc/thread-self/syscall").ok()?;
    let ports: BTreeSet<u16> = clients
        .iter()
        .filter_map(|c| c.writer.local_addr().ok())
        .map(|a| a.port())
        .collect();
    let sockets = connection_inodes(port, &ports);
    let mut most = 0;
    for _ in 0..10 {
        let now = thread_ids()
            .iter()
            .filter(|tid| !before.contains(*tid) && receiving(tid, calls, sockets.as_ref()))
            .count();
        most = most.max(now);
        if most >= CLIENTS / 2 {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Some(most)
}

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

struct Client {
    id: usize,
    reader: BufReader<TcpStream>,
    writer: TcpStream,
}

#[track_caller]
fn connect(addr: SocketAddr, id: usize) -> Client {
    let stream = TcpStream::connect(addr).unwrap_or_else(|e| {
        panic!(
            "client {id} could not connect to your server at {addr}: {e}. Bind the listener \
             before start returns, and keep it open until stop"
        )
    });
    let writer = stream.try_clone().expect("a socket can be cloned");
    Client {
        id,
        reader: BufReader::new(stream),
        writer,
    }
}

/// What one client got back.
enum Answer {
    Right,
    Wrong { sent: String, got: String },
    Closed,
    Silent,
}

/// Every client sends one line (all of them first), then each waits for its answer; the
/// wait is shared: after `PATIENCE`, the rest are only checked for answers already there.
fn exchange(clients: &mut [Client], round: usize) -> Vec<Answer> {
    let mut sent = Vec::new();
    let mut closed = vec![false; clients.len()];
    for (i, client) in clients.iter_mut().enumerate() {
        let line = format!("client {} round {round} says {}", client.id, word());
        closed[i] = writeln!(client.writer, "{line}").is_err();
        sent.push(line);
    }
    let deadline = Instant::now() + PATIENCE;
    clients
        .iter_mut()
        .zip(sent)
        .zip(closed)
        .map(|((client, sent), closed)| {
            if closed {
                return Answer::Closed;
            }
            let wait = deadline
                .saturating_duration_since(Instant::now())
                .max(Duration::from_millis(5));
            client
                .reader
                .get_ref()
                .set_read_timeout(Some(wait))
                .expect("a read timeout can be set");
            let mut got = String::new();
            match client.reader.read_line(&mut got) {
                Ok(0) => Answer::Closed,
                Ok(_) if got == format!("{}\n", sent.to_uppercase()) => Answer::Right,
                Ok(_) => Answer::Wrong { sent, got },
                Err(e) if matches!(e.kind(), std::io::ErrorKind::ConnectionReset) => Answer::Closed,
                // Bytes came, but no newline: an answer that never ends as a line.
                Err(_) if !got.is_empty() => Answer::Wrong { sent, got },
                Err(_) => Answer::Silent,
            }
        })
        .collect()
}

/// Every client answered right, or a message that names what went wrong.
#[track_caller]
fn expect_all_answered(server: Server, answers: &[Answer], round: usize, situation: &str) {
    let total = answers.len();
    let right = answers
        .iter()
        .filter(|a| matches!(a, Answer::Right))
        .count();
    if let Some((i, sent, got)) = answers.iter().enumerate().find_map(|(i, a)| match a {
        Answer::Wrong { sent, got } => Some((i, sent, got)),
        _ => None,
    }) {
        // The answer to the client's line before, again: a read buffer that keeps its old
        // contents (read_line appends to the String it is given).
        let stale = round > 1
            && got
                .to_lowercase()
                .contains(&format!("round {} ", round - 1));
        let why = if stale {
            " That is the answer to its previous line again: a String reused for every \
             read_line must be cleared before each read (read_line appends to it), or use \
             lines()"
        } else if !got.ends_with('\n') && got.eq_ignore_ascii_case(sent) {
            " The answer never ended: no newline came after it, and the client waits for \
             one. lines() strips the newline from each line it reads: put it back when you \
             answer (writeln!, or format!(\"{}\\n\", ..))"
        } else {
            ""
        };
        panic!(
            "✗ {}: client {i} sent {sent:?} and got back {got:?}, expected {:?}. Answer \
             each line only after reading it, with that same line upper-cased and a \
             newline.{why}",
            server.name(),
            format!("{}\n", sent.to_uppercase())
        );
    }
    let closed = answers
        .iter()
        .filter(|a| matches!(a, Answer::Closed))
        .count();
    if closed > 0 && round > 1 {
        panic!(
            "✗ {}: {closed} of {total} clients found their connection closed when they sent \
             line {round}: the server stopped after an earlier line. Keep answering lines \
             until the client closes the connection (loop over every line, not just the \
             first)",
            server.name()
        );
    }
    if right < total {
        let silent = total - right - closed;
        // Not even the first connection was answered: the server does read (nothing is
        // closed) but its answers never leave it.
        let none = if right == 0 && silent == total {
            " No client got any answer at all, not even the first one served: is each \
             answer written into a buffer that is never flushed (a BufWriter: call \
             flush() after each line, or write to the socket itself)?"
        } else {
            ""
        };
        panic!(
            "✗ {}: {situation}, only {right} of {total} clients got an answer within {} s \
             ({silent} waited in vain, {closed} found the connection closed without an \
             answer). A server that serves one connection at a time cannot answer clients \
             that all stay connected: {}.{none}",
            server.name(),
            PATIENCE.as_secs(),
            server.one_at_a_time_hint()
        );
    }
}

/// A tokio runtime with ONE worker thread, for the async server; shut down without waiting,
/// so a task stuck in a blocking call cannot hang the test after it failed.
struct Runtime(Option<tokio::runtime::Runtime>);

impl Runtime {
    fn one_worker() -> Runtime {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("a tokio runtime starts");
        Runtime(Some(rt))
    }

    fn block_on<F: std::future::Future>(&self, f: F) -> F::Output {
        self.0.as_ref().expect("the runtime is running").block_on(f)
    }
}

impl Drop for Runtime {
    fn drop(&mut self) {
        if let Some(rt) = self.0.take() {
            rt.shutdown_background();
        }
    }
}

/// `CLIENTS` clients connect, then all send; both rounds must be answered, each client on its
/// own connection, and the extra threads while they are connected are returned.
/// Also returns how many threads started since `before` wait on a socket meanwhile.
fn many_clients_at_once(
    server: Server,
    addr: SocketAddr,
    before: Option<&BTreeSet<String>>,
) -> (Option<usize>, Option<usize>) {
    let mut clients: Vec<Client> = (0..CLIENTS).map(|id| connect(addr, id)).collect();
    let situation = format!("with {CLIENTS} clients connected at once, each waiting");
    expect_all_answered(server, &exchange(&mut clients, 1), 1, &situation);
    let extra = before.and_then(started_since);
    let receivers = before.and_then(|before| receivers_since(before, addr.port(), &clients));
    expect_all_answered(server, &exchange(&mut clients, 2), 2, &situation);
    (extra, receivers)
}

/// A client with half a line, and one with nothing: 20 others are answered meanwhile, and
/// the half line is answered once it is complete.
fn slow_clients_do_not_stall_others(server: Server, addr: SocketAddr) {
    let mut half = connect(addr, 0);
    write!(half.writer, "hel").expect("the server accepts bytes");
    half.writer.flush().expect("the server accepts bytes");
    let _silent = connect(addr, 1);
    let mut others: Vec<Client> = (2..22).map(|id| connect(addr, id)).collect();
    let situation = "while one client had sent half a line and another nothing at all";
    expect_all_answered(server, &exchange(&mut others, 1), 1, situation);
    // The 20 others were answered: a server that answers what it has read, not lines, has
    // sent "HEL" back by now. A half line must get no answer at all.
    half.reader
        .get_ref()
        .set_read_timeout(Some(Duration::from_millis(200)))
        .expect("a read timeout can be set");
    let early = match half.reader.fill_buf() {
        Ok(bytes) => String::from_utf8_lossy(bytes).into_owned(),
        Err(_) => String::new(),
    };
    assert!(
        early.is_empty(),
        "✗ {}: a client sent \"hel\" (half a line, no newline yet) and got back {early:?} \
         before the line was complete. The server answers lines, not reads: a read returns \
         whatever bytes have arrived, part of a line or several lines, so echoing each read \
         answers half lines. Read lines (BufRead::lines / AsyncBufReadExt::lines) and answer \
         each whole line",
        server.name()
    );
    // The end of the line and a whole second line, in one write: one read brings both.
    write!(half.writer, "lo\nworld\n").expect("the server accepts bytes");
    half.reader
        .get_ref()
        .set_read_timeout(Some(PATIENCE))
        .expect("a read timeout can be set");
    let mut got = String::new();
    let _ = half.reader.read_line(&mut got);
    assert!(
        got == "HELLO\n",
        "✗ {}: a client sent \"hel\", waited, then \"lo\\nworld\\n\", and got back {got:?}, \
         expected \"HELLO\\n\". A line ends at its newline, however many reads it takes: \
         read lines (BufRead::lines / AsyncBufReadExt::lines), not single reads",
        server.name()
    );
    let mut second = String::new();
    let _ = half.reader.read_line(&mut second);
    assert!(
        second == "WORLD\n",
        "✗ {}: a client sent \"lo\\nworld\\n\" in one write (the end of one line and a \
         whole second line), got \"HELLO\\n\", then {second:?} for the second line, \
         expected \"WORLD\\n\". One read can bring several lines: answer every line in what \
         you read, and keep the bytes after a newline for the next line instead of clearing \
         the buffer (BufRead::lines / AsyncBufReadExt::lines do both)",
        server.name()
    );
}

/// After stop returns, nothing accepts connections on the address any more.
#[track_caller]
fn expect_port_closed(server: Server, addr: SocketAddr) {
    let still_open = TcpStream::connect_timeout(&addr, Duration::from_secs(1)).is_ok();
    assert!(
        !still_open,
        "✗ {}: after stop() returned, {addr} still accepted a connection. stop must close \
         the listening socket before it returns: end the accept loop and wait for it (join \
         its thread, await its task), which drops the listener",
        server.name()
    );
}

#[test]
fn threaded_server_answers_100_clients_at_once_on_a_thread_each() {
    let _serial = one_at_a_time();
    watchdog(DEFAULT_LIMIT, HANG, || {
        let before = thread_ids_now();
        let server = start_threaded().expect("start_threaded failed to bind 127.0.0.1:0");
        // Before any client: the accept loop's thread, and no more (a moment to settle, so
        // that threads a server starts in the background are counted too).
        std::thread::sleep(Duration::from_millis(200));
        let at_start = before.as_ref().and_then(started_since);
        // One client, answered, then gone: its thread and the accept loop's, and no more.
        let mut first = vec![connect(server.addr(), CLIENTS)];
        expect_all_answered(
            Server::Threaded,
            &exchange(&mut first, 1),
            1,
            "with one client",
        );
        let with_one = before.as_ref().and_then(started_since);
        drop(first);
        let (extra, receivers) =
            many_clients_at_once(Server::Threaded, server.addr(), before.as_ref());
        if let Some(extra) = extra {
            assert!(
                extra >= CLIENTS / 2,
                "✗ thread-per-connection server: {CLIENTS} clients were answered while \
                 connected at once, but the process ran only {extra} more threads than \
                 before the server started. This server should run one thread per \
                 connection (std::thread::spawn for each accepted stream), not an event \
                 loop or a small pool"
            );
        }
        if let Some(receivers) = receivers {
            assert!(
                receivers >= CLIENTS / 2,
                "✗ thread-per-connection server: {CLIENTS} clients were answered and stayed \
                 connected, but at most {receivers} of the threads started since the server \
                 began were waiting to receive from one of the server's connections to its \
                 clients (the OS tells which system call each thread is in and on which \
                 socket, /proc/self/task/ID/syscall). Each connection's own thread \
                 must read its lines from its stream (a blocking BufReader) and answer them, \
                 not sit beside an event loop or a pool that does the work (a thread \
                 waiting on a socket of its own is not serving a client)"
            );
        }
        if let Some(at_start) = at_start {
            assert!(
                at_start <= 4,
                "✗ thread-per-connection server: before any client had connected, the \
                 process already ran {at_start} more threads than before the server started. \
                 A connection's thread starts when its connection is accepted (one \
                 std::thread::spawn per accepted stream), not in advance: a pool of threads \
                 started with the server serves only as many clients as it has threads, \
                 however many that is"
            );
        }
        if let Some(with_one) = with_one {
            assert!(
                with_one <= 5,
                "✗ thread-per-connection server: with one client connected, the process ran \
                 {with_one} more threads than before the server started. A connection's \
                 thread starts when its connection is accepted (one std::thread::spawn per \
                 accepted stream), one per client: not a pool of threads started at the first \
                 client (or with the server), which serves only as many clients as it has \
                 threads, however many that is"
            );
        }
        server.stop();
    });
}

#[test]
fn threaded_server_is_not_held_up_by_slow_clients() {
    let _serial = one_at_a_time();
    watchdog(DEFAULT_LIMIT, HANG, || {
        let server = start_threaded().expect("start_threaded failed to bind 127.0.0.1:0");
        slow_clients_do_not_stall_others(Server::Threaded, server.addr());
        server.stop();
    });
}

#[test]
fn threaded_server_stop_closes_the_port() {
    let _serial = one_at_a_time();
    watchdog(DEFAULT_LIMIT, HANG, || {
        let server = start_threaded().expect("start_threaded failed to bind 127.0.0.1:0");
        let addr = server.addr();
        // A client still connected when stop is called: stop must not wait for it.
        let mut client = vec![connect(addr, 0)];
        let situation = "with a single client";
        expect_all_answered(Server::Threaded, &exchange(&mut client, 1), 1, situation);
        watchdog(STOP_LIMIT, STOP_HANG, move || server.stop());
        expect_port_closed(Server::Threaded, addr);
    });
}

#[test]
fn async_server_answers_100_clients_at_once_on_one_thread() {
    let _serial = one_at_a_time();
    watchdog(DEFAULT_LIMIT, HANG, || {
        let rt = Runtime::one_worker();
        let before = thread_ids_now();
        let server = rt
            .block_on(start_async())
            .expect("start_async failed to bind 127.0.0.1:0");
        let (extra, _) = many_clients_at_once(Server::Async, server.addr(), before.as_ref());
        if let Some(extra) = extra {
            assert!(
                extra <= 4,
                "✗ async server: while {CLIENTS} clients were connected, the process ran \
                 {extra} more threads than the runtime's own. A thread (or spawn_blocking) \
                 per connection is the threaded server again: give each connection a task \
                 (tokio::spawn) and use tokio's I/O, which waits without a thread of its own"
            );
        }
        rt.block_on(server.stop());
    });
}

#[test]
fn async_server_is_not_held_up_by_slow_clients() {
    let _serial = one_at_a_time();
    watchdog(DEFAULT_LIMIT, HANG, || {
        let rt = Runtime::one_worker();
        let server = rt
            .block_on(start_async())
            .expect("start_async failed to bind 127.0.0.1:0");
        slow_clients_do_not_stall_others(Server::Async, server.addr());
        rt.block_on(server.stop());
    });
}

#[test]
fn async_server_stop_closes_the_port() {
    let _serial = one_at_a_time();
    watchdog(DEFAULT_LIMIT, HANG, || {
        let rt = Runtime::one_worker();
        let server = rt
            .block_on(start_async())
            .expect("start_async failed to bind 127.0.0.1:0");
        let addr = server.addr();
        let mut client = vec![connect(addr, 0)];
        let situation = "with a single client";
        expect_all_answered(Server::Async, &exchange(&mut client, 1), 1, situation);
        let rt = watchdog(STOP_LIMIT, STOP_HANG, move || {
            rt.block_on(server.stop());
            rt
        });
        expect_port_closed(Server::Async, addr);
        drop(rt);
    });
}

/// What the clients of a server that should still be running got, after another server was
/// stopped: all answered, or a message that blames state shared between servers.
#[track_caller]
fn expect_still_running(server: Server, clients: &mut [Client]) {
    let answers = exchange(clients, 2);
    let right = answers
        .iter()
        .filter(|a| matches!(a, Answer::Right))
        .count();
    assert!(
        right == answers.len(),
        "✗ {}: two servers ran at once; after the first was stopped, the second (not stopped) \
         answered only {right} of its {} clients (one connected before, one after). Stopping \
         one server must not touch another: is the stop flag (or the listener, or the port) \
         a `static` that every server shares? Keep each server's state in its own value (an \
         Arc<AtomicBool> or a oneshot in the server it belongs to), and bind each to port 0",
        server.name(),
        answers.len()
    );
}

/// Two servers of each kind at once: each on a port of its own, and stopping one leaves the
/// other serving, old clients and new.
#[test]
fn two_servers_at_once_run_and_stop_on_their_own() {
    let _serial = one_at_a_time();
    watchdog(DEFAULT_LIMIT, HANG, || {
        fn second(e: std::io::Error) -> ! {
            panic!(
                "✗ a second server could not start while the first ran: {e}. Each server \
                 binds a port of its own: bind 127.0.0.1:0 and let the system pick a free one, \
                 not a fixed port"
            )
        }
        let situation = "with two servers running at once";
        let one = start_threaded().expect("start_threaded failed to bind 127.0.0.1:0");
        let two = start_threaded().unwrap_or_else(|e| second(e));
        let (addr_one, addr_two) = (one.addr(), two.addr());
        let mut on_one = vec![connect(addr_one, 0)];
        let mut on_two = vec![connect(addr_two, 1)];
        expect_all_answered(Server::Threaded, &exchange(&mut on_one, 1), 1, situation);
        expect_all_answered(Server::Threaded, &exchange(&mut on_two, 1), 1, situation);
        watchdog(STOP_LIMIT, STOP_HANG, move || one.stop());
        expect_port_closed(Server::Threaded, addr_one);
        on_two.push(connect(addr_two, 2));
        expect_still_running(Server::Threaded, &mut on_two);
        watchdog(STOP_LIMIT, STOP_HANG, move || two.stop());

        let rt = Runtime::one_worker();
        let one = rt
            .block_on(start_async())
            .expect("start_async failed to bind 127.0.0.1:0");
        let two = rt.block_on(start_async()).unwrap_or_else(|e| second(e));
        let (addr_one, addr_two) = (one.addr(), two.addr());
        let mut on_one = vec![connect(addr_one, 0)];
        let mut on_two = vec![connect(addr_two, 1)];
        expect_all_answered(Server::Async, &exchange(&mut on_one, 1), 1, situation);
        expect_all_answered(Server::Async, &exchange(&mut on_two, 1), 1, situation);
        let rt = watchdog(STOP_LIMIT, STOP_HANG, move || {
            rt.block_on(one.stop());
            rt
        });
        expect_port_closed(Server::Async, addr_one);
        on_two.push(connect(addr_two, 2));
        expect_still_running(Server::Async, &mut on_two);
        let rt = watchdog(STOP_LIMIT, STOP_HANG, move || {
            rt.block_on(two.stop());
            rt
        });
        drop(rt);
    });
}
