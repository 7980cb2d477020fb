//! What each path answers, after its latency.

use super::body::{Pace, Reply};
use super::evidence::InFlight;
use super::*;
use hyper::body::{Bytes, Incoming};
use hyper::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use std::sync::Arc;

pub(super) async fn respond(
    request: Request<Incoming>,
    connection: usize,
    shared: Arc<Shared>,
) -> Response<Reply> {
    let path = request.uri().path().to_owned();
    let guard = InFlight::begin(shared.clone(), path.clone(), connection);
    let config = &shared.config;
    let latency = config
        .latency_for
        .get(&path)
        .copied()
        .unwrap_or(config.latency);
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    if path == "/hang" && request.method() == Method::GET {
        // Never answered: this request stays in flight until the client hangs up (hyper
        // then drops this future) or the server stops, which is what timeouts are for.
        std::future::pending::<()>().await;
    }
    let route = route(&request, config);
    let mut response = Response::new(Reply {
        data: Bytes::from(route.body),
        cut: route.cut,
        flush: None,
        pace: config.bandwidth.map(Pace::new),
        _guard: guard,
    });
    *response.status_mut() = route.status;
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(route.content_type));
    if let Some(promised) = route.promised {
        headers.insert(CONTENT_LENGTH, HeaderValue::from(promised));
    }
    response
}

/// What a route answers, before latency and pacing.
struct Route {
    status: StatusCode,
    content_type: &'static str,
    body: Vec<u8>,
    /// A `Content-Length` larger than the body (`/cut`), and so a body that ends in an error.
    promised: Option<usize>,
    cut: bool,
}

impl Route {
    fn text(status: StatusCode, text: impl Into<String>) -> Self {
        Route {
            status,
            content_type: "text/plain; charset=utf-8",
            body: text.into().into_bytes(),
            promised: None,
            cut: false,
        }
    }
}

const INDEX: &str = "toolkit::net::FileServer (lesson 5), HTTP/1.1 on 127.0.0.1\n\
GET /files/NAME[?size=N]  N deterministic bytes derived from NAME (N: the server default)\n\
GET /status/CODE          that status code (200-599)\n\
GET /hang                 never answers: for client timeouts\n\
GET /cut                  promises a body, sends half, closes the connection\n\
GET /pages/N              HTML page N of the link graph (when the server has one)\n\
GET /                     this index\n";

fn route(request: &Request<Incoming>, config: &Config) -> Route {
    if request.method() != Method::GET {
        return Route::text(
            StatusCode::METHOD_NOT_ALLOWED,
            format!("{} is not served here: only GET\n", request.method()),
        );
    }
    let path = request.uri().path();
    let query = request.uri().query().unwrap_or("");
    if path == "/" {
        return Route::text(StatusCode::OK, INDEX);
    }
    if path == "/cut" {
        let mut body = file_body("cut", config.file_size);
        body.truncate(config.file_size / 2);
        return Route {
            status: StatusCode::OK,
            content_type: "application/octet-stream",
            body,
            promised: Some(config.file_size),
            cut: true,
        };
    }
    if let Some(name) = path.strip_prefix("/files/") {
        if name.is_empty() || name.contains('/') {
            return Route::text(StatusCode::NOT_FOUND, format!("no file at {path}\n"));
        }
        return match file_size(query, config.file_size) {
            Ok(size) => Route {
                status: StatusCode::OK,
                content_type: "application/octet-stream",
                body: file_body(name, size),
                promised: None,
                cut: false,
            },
            Err(why) => Route::text(StatusCode::BAD_REQUEST, why),
        };
    }
    if let Some(code) = path.strip_prefix("/status/") {
        return match code.parse::<u16>().ok().filter(|c| (200..=599).contains(c)) {
            Some(code) => {
                let status = StatusCode::from_u16(code).unwrap_or(StatusCode::OK);
                Route::text(status, format!("status {code}\n"))
            }
            None => Route::text(
                StatusCode::BAD_REQUEST,
                format!("/status/{code}: the code must be a number from 200 to 599\n"),
            ),
        };
    }
    if let Some(page) = path.strip_prefix("/pages/") {
        let Some(graph) = &config.graph else {
            return Route::text(
                StatusCode::NOT_FOUND,
                "this server has no pages: start it with ServerBuilder::link_graph\n",
            );
        };
        return match page.parse::<usize>().ok().filter(|&n| n < graph.len()) {
            Some(n) => Route {
                status: StatusCode::OK,
                content_type: "text/html; charset=utf-8",
                body: content::page_html(graph, n).into_bytes(),
                promised: None,
                cut: false,
            },
            None => Route::text(StatusCode::NOT_FOUND, format!("no page at {path}\n")),
        };
    }
    Route::text(StatusCode::NOT_FOUND, format!("nothing at {path}\n"))
}

/// `?size=N` from a query string: `default` when absent, an error message for a bad or too
/// large value.
fn file_size(query: &str, default: usize) -> Result<usize, String> {
    let Some(value) = query.split('&').find_map(|pair| pair.strip_prefix("size=")) else {
        return Ok(default);
    };
    match value.parse::<usize>() {
        Ok(n) if n <= MAX_FILE_SIZE => Ok(n),
        _ => Err(format!(
            "size={value}: must be a whole number of bytes from 0 to {MAX_FILE_SIZE}\n"
        )),
    }
}
