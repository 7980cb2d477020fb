//! WRONG forgery: no pool of threads at all: the calling thread multiplexes `threads` hand-written HTTP/1.1 requests on non-blocking sockets, polled in a loop
//! GAP: the thread checks only bound the threads from above (peak <= threads, total <= threads, no child process); zero new threads passes, and the server still sees exactly `threads` in flight
//!
//! The server cannot tell who sends the requests: it sees `threads` connections, each with
//! one request in flight, a new one as soon as one ends, every URL once. The OS sees no new
//! thread and no child process. The answer (bodies in order, errors by kind, the timeout
//! honoured) is right; what was asked for (a pool of `threads` threads, ureq's blocking
//! calls) is nowhere.

use std::fmt;
use std::io::{ErrorKind as IoKind, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};

/// What went wrong with one URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// The server answered with this error status (4xx or 5xx).
    Status(u16),
    /// No response within the timeout.
    TimedOut,
    /// Nothing listens there: the connection was refused.
    Refused,
    /// Anything else (a response cut short, a malformed URL, ...), described.
    Other(String),
}

/// One URL's failure, naming the URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchError {
    /// The URL that failed, exactly as it was given.
    pub url: String,
    /// What went wrong.
    pub kind: ErrorKind,
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::Status(code) => write!(f, "{}: HTTP status {code}", self.url),
            ErrorKind::TimedOut => write!(f, "{}: timed out", self.url),
            ErrorKind::Refused => write!(f, "{}: connection refused", self.url),
            ErrorKind::Other(why) => write!(f, "{}: {why}", self.url),
        }
    }
}

impl std::error::Error for FetchError {}

/// One request on its way: its URL's index, its socket, what came back so far.
struct Flight {
    index: usize,
    stream: TcpStream,
    received: Vec<u8>,
    deadline: Instant,
}

impl Flight {
    /// Reads what has arrived; the outcome once the server closed the connection, or once
    /// the deadline has passed.
    fn poll(&mut self) -> Option<Result<Vec<u8>, ErrorKind>> {
        let mut chunk = [0u8; 16 * 1024];
        loop {
            match self.stream.read(&mut chunk) {
                Ok(0) => return Some(parse(&self.received)),
                Ok(n) => self.received.extend_from_slice(&chunk[..n]),
                Err(e) if e.kind() == IoKind::WouldBlock => break,
                Err(e) if e.kind() == IoKind::Interrupted => {}
                Err(e) => return Some(Err(ErrorKind::Other(e.to_string()))),
            }
        }
        if Instant::now() >= self.deadline {
            return Some(Err(ErrorKind::TimedOut));
        }
        None
    }
}

/// `http://HOST:PORT/PATH` as (`HOST:PORT`, `/PATH`).
fn split_url(url: &str) -> Option<(&str, &str)> {
    let rest = url.strip_prefix("http://")?;
    match rest.find('/') {
        Some(i) => Some((&rest[..i], &rest[i..])),
        None => Some((rest, "/")),
    }
}

fn io_kind(e: &std::io::Error) -> ErrorKind {
    match e.kind() {
        IoKind::ConnectionRefused => ErrorKind::Refused,
        IoKind::TimedOut | IoKind::WouldBlock => ErrorKind::TimedOut,
        _ => ErrorKind::Other(e.to_string()),
    }
}

/// Connects, sends the GET (`Connection: close`, so the end of the response is the end of
/// the stream) and leaves the socket non-blocking.
fn start(index: usize, url: &str, timeout: Duration) -> Result<Flight, ErrorKind> {
    let deadline = Instant::now() + timeout;
    let (host, path) =
        split_url(url).ok_or_else(|| ErrorKind::Other(format!("not an http URL: {url}")))?;
    let addr = host
        .to_socket_addrs()
        .map_err(|e| ErrorKind::Other(e.to_string()))?
        .next()
        .ok_or_else(|| ErrorKind::Other(format!("no address for {host}")))?;
    let mut stream = TcpStream::connect_timeout(&addr, timeout).map_err(|e| io_kind(&e))?;
    let _ = stream.set_nodelay(true);
    let request = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    stream
        .write_all(request.as_bytes())
        .map_err(|e| io_kind(&e))?;
    stream.set_nonblocking(true).map_err(|e| io_kind(&e))?;
    Ok(Flight {
        index,
        stream,
        received: Vec::new(),
        deadline,
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn cut_short() -> ErrorKind {
    ErrorKind::Other("the response body was cut short".to_owned())
}

/// A chunked body, decoded.
fn dechunk(mut data: &[u8]) -> Result<Vec<u8>, ErrorKind> {
    let mut out = Vec::new();
    loop {
        let line_end = find(data, b"\r\n").ok_or_else(cut_short)?;
        let text = String::from_utf8_lossy(&data[..line_end]).into_owned();
        let size_text = text.split(';').next().unwrap_or("").trim().to_owned();
        let size = usize::from_str_radix(&size_text, 16).map_err(|_| cut_short())?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Ok(out);
        }
        if data.len() < size + 2 {
            return Err(cut_short());
        }
        out.extend_from_slice(&data[..size]);
        data = &data[size + 2..];
    }
}

/// A whole response (the connection closed after it): the body, or what went wrong.
fn parse(raw: &[u8]) -> Result<Vec<u8>, ErrorKind> {
    let end = find(raw, b"\r\n\r\n")
        .ok_or_else(|| ErrorKind::Other("the connection closed before the headers".to_owned()))?;
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|code| code.parse::<u16>().ok())
        .ok_or_else(|| ErrorKind::Other("no status line".to_owned()))?;
    let mut length = None;
    let mut chunked = false;
    for line in lines {
        if let Some((name, value)) = line.split_once(':') {
            let name = name.trim().to_ascii_lowercase();
            let value = value.trim().to_ascii_lowercase();
            if name == "content-length" {
                length = value.parse::<usize>().ok();
            } else if name == "transfer-encoding" && value.contains("chunked") {
                chunked = true;
            }
        }
    }
    if (400..600).contains(&status) {
        return Err(ErrorKind::Status(status));
    }
    let body = &raw[end + 4..];
    let body = if chunked { dechunk(body)? } else { body.to_vec() };
    if let Some(promised) = length
        && body.len() < promised
    {
        return Err(cut_short());
    }
    Ok(body)
}

/// Downloads every URL in `urls` with a blocking HTTP client (`ureq`) on a pool of exactly
/// `threads` threads: each thread takes the next URL not yet taken until none are left, so
/// a slow URL holds up only the thread that fetches it. Each request gives up after
/// `timeout`.
///
/// Returns one result per URL, **in the order of `urls`**: the body, or a [`FetchError`]
/// naming the URL (an error status, a timeout, a refused connection). Never panics on a bad
/// URL.
pub fn download_all_blocking(
    urls: &[String],
    threads: usize,
    timeout: Duration,
) -> Vec<Result<Vec<u8>, FetchError>> {
    let width = threads.max(1);
    let fail = |i: usize, kind: ErrorKind| FetchError {
        url: urls[i].clone(),
        kind,
    };
    let mut slots: Vec<Option<Result<Vec<u8>, FetchError>>> = urls.iter().map(|_| None).collect();
    let mut flights: Vec<Flight> = Vec::new();
    let mut next = 0;
    loop {
        // Keep `threads` requests in flight, as a pool of `threads` threads would.
        while flights.len() < width && next < urls.len() {
            let i = next;
            next += 1;
            match start(i, &urls[i], timeout) {
                Ok(flight) => flights.push(flight),
                Err(kind) => slots[i] = Some(Err(fail(i, kind))),
            }
        }
        if flights.is_empty() {
            break;
        }
        let mut k = 0;
        while k < flights.len() {
            if let Some(outcome) = flights[k].poll() {
                let done = flights.swap_remove(k);
                slots[done.index] = Some(outcome.map_err(|kind| fail(done.index, kind)));
            } else {
                k += 1;
            }
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    slots
        .into_iter()
        .enumerate()
        .map(|(i, slot)| {
            slot.unwrap_or_else(|| Err(fail(i, ErrorKind::Other("not fetched".to_owned()))))
        })
        .collect()
}
