//! `toolkit::net::FileServer` seen from outside, through plain `std::net` sockets: what a
//! client gets for each route, what the server counts, the spans it records, and that
//! dropping it closes everything.
#![cfg(feature = "net")]

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::{Duration, Instant};
use toolkit::Source;
use toolkit::Timeline;
use toolkit::net::{
    DEFAULT_FILE_SIZE, FileServer, ServerStats, file_body, has_broken_link, link_graph,
};

/// A reply read up to the server's close: status, headers (lowercase names), body.
#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Sends `GET path` with `Connection: close` and reads until the server closes. A bare
/// socket on purpose: the test sees exactly the bytes the server sent, cut bodies included.
fn get(addr: SocketAddr, path: &str) -> std::io::Result<Reply> {
    let mut conn = TcpStream::connect(addr)?;
    conn.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        conn,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )?;
    let mut raw = Vec::new();
    conn.read_to_end(&mut raw)?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| std::io::Error::other(format!("no header end in {raw:?}")))?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("bad status line in {head}")))?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    Ok(Reply {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    })
}

/// Waits (up to 5 s) until the server has no request in flight, and returns its stats.
fn settled(server: &FileServer) -> ServerStats {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let stats = server.stats();
        if stats.in_flight == 0 || Instant::now() > deadline {
            return stats;
        }
        thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn files_have_the_asked_size_and_deterministic_bodies() {
    let server = FileServer::start().expect("the server should start");
    let a = get(server.addr(), "/files/A?size=5000").expect("GET /files/A");
    assert_eq!(a.status, 200, "GET /files/A?size=5000: {a:?}");
    assert_eq!(a.body, file_body("A", 5000), "body of /files/A?size=5000");
    assert_eq!(a.header("content-length"), Some("5000"));
    let b = get(server.addr(), "/files/B").expect("GET /files/B");
    assert_eq!(
        b.body,
        file_body("B", DEFAULT_FILE_SIZE),
        "a file without ?size= has DEFAULT_FILE_SIZE bytes"
    );
    assert_ne!(a.body[..100], b.body[..100], "A and B must differ");
    let empty = get(server.addr(), "/files/E?size=0").expect("GET size=0");
    assert_eq!((empty.status, empty.body.len()), (200, 0));
    let bad = get(server.addr(), "/files/A?size=lots").expect("GET size=lots");
    assert_eq!(bad.status, 400, "a bad size is the client's error: {bad:?}");
    assert_eq!(
        server.url("/x"),
        format!("http://127.0.0.1:{}/x", server.addr().port())
    );
    assert_eq!(server.file_url("A"), server.url("/files/A"));
    let stats = settled(&server);
    assert_eq!((stats.requests, stats.connections), (4, 4), "{stats:?}");
}

#[test]
fn unknown_paths_are_404_and_status_routes_answer_their_code() {
    let server = FileServer::start().expect("the server should start");
    for (path, status) in [
        ("/nothing/here", 404),
        ("/files/", 404),
        ("/status/404", 404),
        ("/status/500", 500),
        ("/status/204", 204),
        ("/status/99", 400),
        ("/pages/0", 404),
        ("/", 200),
    ] {
        let reply = get(server.addr(), path).expect(path);
        assert_eq!(reply.status, status, "GET {path}: {reply:?}");
    }
    let index = get(server.addr(), "/").expect("GET /");
    let index = String::from_utf8_lossy(&index.body);
    for route in ["/files/NAME", "/status/CODE", "/hang", "/cut", "/pages/N"] {
        assert!(
            index.contains(route),
            "the index should list {route}: {index}"
        );
    }
}

#[test]
fn hang_never_answers_and_a_client_timeout_ends_it() {
    let server = FileServer::start().expect("the server should start");
    let mut conn = TcpStream::connect(server.addr()).expect("connect");
    conn.set_read_timeout(Some(Duration::from_millis(200)))
        .expect("set a read timeout");
    write!(conn, "GET /hang HTTP/1.1\r\nHost: x\r\n\r\n").expect("send");
    let mut buf = [0u8; 64];
    let err = conn
        .read(&mut buf)
        .expect_err("/hang must never answer, so the read must time out");
    assert!(
        matches!(err.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut),
        "expected a timeout, got {err:?}"
    );
    assert_eq!(
        server.stats().in_flight,
        1,
        "/hang is in flight while it waits"
    );
    drop(conn);
    // The client gave up: the server notices the closed socket and lets the request go.
    let stats = settled(&server);
    assert_eq!(
        stats.in_flight, 0,
        "a hung request whose client left: {stats:?}"
    );
}

#[test]
fn cut_promises_more_than_it_sends() {
    let server = FileServer::start().expect("the server should start");
    let reply = get(server.addr(), "/cut").expect("GET /cut");
    let promised: usize = reply
        .header("content-length")
        .and_then(|v| v.parse().ok())
        .expect("/cut must promise a Content-Length");
    assert_eq!(promised, DEFAULT_FILE_SIZE);
    assert!(
        !reply.body.is_empty() && reply.body.len() < promised,
        "/cut must close the connection before the promised {promised} bytes; got {}",
        reply.body.len()
    );
}

#[test]
fn max_in_flight_counts_concurrent_clients() {
    const CLIENTS: usize = 8;
    let server = FileServer::builder()
        .latency(Duration::from_millis(300))
        .start()
        .expect("the server should start");
    let addr = server.addr();
    let barrier = Arc::new(Barrier::new(CLIENTS));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|i| {
            let barrier = barrier.clone();
            thread::spawn(move || {
                barrier.wait();
                get(addr, &format!("/files/F{i}?size=10"))
            })
        })
        .collect();
    for (i, c) in clients.into_iter().enumerate() {
        let reply = c.join().expect("client thread").expect("GET");
        assert_eq!(reply.body, file_body(&format!("F{i}"), 10));
    }
    let stats = settled(&server);
    assert_eq!(
        stats,
        ServerStats {
            requests: CLIENTS,
            connections: CLIENTS,
            max_in_flight: CLIENTS,
            in_flight: 0
        },
        "{CLIENTS} clients released together, each waiting 300 ms, are all in flight at once"
    );

    // One client, one request after another: never more than one in flight.
    let server = FileServer::start().expect("the server should start");
    for _ in 0..3 {
        get(server.addr(), "/files/A").expect("GET");
    }
    assert_eq!(settled(&server).max_in_flight, 1);
}

#[test]
fn requests_are_server_spans_on_the_given_timeline() {
    let timeline = Timeline::new();
    let latency = Duration::from_millis(100);
    let server = FileServer::builder()
        .latency(latency)
        .latency_for("/files/C", latency * 3)
        .timeline(&timeline)
        .start()
        .expect("the server should start");
    let addr = server.addr();
    let before = timeline.now();
    let clients: Vec<_> = ["A", "B", "C"]
        .map(|name| thread::spawn(move || get(addr, &format!("/files/{name}?size=100"))))
        .into_iter()
        .collect();
    for c in clients {
        assert_eq!(c.join().expect("client").expect("GET").status, 200);
    }
    settled(&server);
    let after = timeline.now();
    let spans = timeline
        .query()
        .from_source(Source::Server)
        .spans()
        .to_vec();
    let mut labels: Vec<_> = spans.iter().map(|s| s.label.as_str()).collect();
    labels.sort();
    assert_eq!(labels, ["/files/A", "/files/B", "/files/C"], "{spans:#?}");
    for s in &spans {
        assert!(
            before <= s.start && s.end <= after,
            "span outside the requests' window: {s:?}"
        );
        let wanted = if s.label == "/files/C" {
            latency * 3
        } else {
            latency
        };
        assert!(
            s.duration() >= wanted,
            "{} took {:?}, less than its latency",
            s.label,
            s.duration()
        );
        let name = s.runner.thread_name.as_deref().unwrap_or("");
        assert!(
            name.starts_with("conn "),
            "runner names the connection: {s:?}"
        );
        assert_eq!(s.runner.pid, std::process::id());
    }
    let conns: std::collections::HashSet<_> = spans.iter().map(|s| &s.runner).collect();
    assert_eq!(
        conns.len(),
        3,
        "three connections, three runners: {spans:#?}"
    );
    assert_eq!(
        timeline.query().threads(),
        3,
        "connections count as 3 runners"
    );
}

#[test]
fn bandwidth_paces_the_body_and_pages_follow_the_graph() {
    let timeline = Timeline::new();
    let server = FileServer::builder()
        .bandwidth(20_000)
        .link_graph(10, 3, 99)
        .timeline(&timeline)
        .start()
        .expect("the server should start");
    let reply = get(server.addr(), "/files/A?size=6000").expect("GET");
    assert_eq!(reply.body, file_body("A", 6000));
    settled(&server);
    let span = timeline.query().from_source(Source::Server).spans()[0].clone();
    // 6000 bytes at 20,000 B/s: the last chunk leaves no earlier than ~0.29 s after the
    // first. A lower bound holds whatever the load.
    assert!(
        span.duration() >= Duration::from_millis(250),
        "6000 bytes at 20 kB/s took only {:?}",
        span.duration()
    );

    let graph = link_graph(10, 3, 99);
    for page in [0, 2, 9] {
        let reply = get(server.addr(), &format!("/pages/{page}")).expect("GET page");
        assert_eq!(reply.status, 200);
        assert!(
            reply
                .header("content-type")
                .unwrap_or("")
                .starts_with("text/html")
        );
        let html = String::from_utf8_lossy(&reply.body);
        let links: Vec<usize> = html
            .split("href=\"/pages/")
            .skip(1)
            .filter_map(|rest| rest.split('"').next()?.parse().ok())
            .collect();
        assert_eq!(links, graph[page], "links of page {page}: {html}");
        assert_eq!(html.contains("/pages/missing"), has_broken_link(page));
    }
    assert_eq!(get(server.addr(), "/pages/10").expect("GET").status, 404);
    assert_eq!(
        get(server.addr(), "/pages/missing").expect("GET").status,
        404
    );
    let sized = FileServer::builder().file_size(300).start().expect("start");
    assert_eq!(
        get(sized.addr(), "/files/A").expect("GET").body,
        file_body("A", 300)
    );
    let cut = get(sized.addr(), "/cut").expect("GET /cut");
    assert_eq!(cut.header("content-length"), Some("300"), "{cut:?}");
    let zero = FileServer::builder().bandwidth(0).start();
    assert_eq!(zero.err().map(|e| e.kind()), Some(ErrorKind::InvalidInput));
}

#[test]
fn dropping_the_server_closes_its_port_and_its_connections() {
    let server = FileServer::builder()
        .latency(Duration::from_millis(50))
        .start()
        .expect("the server should start");
    let addr = server.addr();
    assert!(addr.ip().is_loopback(), "{addr}");
    get(addr, "/files/A").expect("GET before drop");
    // A client parked on /hang must not keep the server (or this test) alive.
    let mut hung = TcpStream::connect(addr).expect("connect");
    write!(hung, "GET /hang HTTP/1.1\r\nHost: x\r\n\r\n").expect("send");
    let deadline = Instant::now() + Duration::from_secs(5);
    while server.stats().in_flight == 0 && Instant::now() < deadline {
        thread::sleep(Duration::from_millis(5));
    }
    drop(server);
    hung.set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    let mut rest = Vec::new();
    let got = hung.read_to_end(&mut rest);
    assert!(
        matches!(got, Ok(0)) || matches!(&got, Err(e) if e.kind() == ErrorKind::ConnectionReset),
        "the hung connection must be closed by the drop, got {got:?}"
    );
    let refused = TcpStream::connect(addr);
    assert!(
        refused.is_err(),
        "nothing may listen on {addr} after the drop"
    );
    TcpListener::bind(addr).expect("the port must be free again after the drop");
}
