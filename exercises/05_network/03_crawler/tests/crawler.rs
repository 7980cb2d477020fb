//! Checks `crawl` on a site of linked pages that the test's server generates
//! (`FileServer::builder().link_graph(pages, links, seed)`): links that go round in cycles,
//! pages linked from many pages, and a broken link (`/pages/missing`, a 404) on every third
//! page. The answer key is `toolkit::net::link_graph` with the same numbers.
//!
//! Believed: what the SERVER saw — requests per path (each page exactly once, nothing that no
//! page links to) and its peak of requests in flight (at most `limit`, more than one) — and
//! the whole report compared with the answer key. A crawl that never ends (no set of pages
//! seen) is stopped by the watchdog.

use crawler::{ErrorKind, FetchError, Report, crawl};
use futures::FutureExt;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::panic::AssertUnwindSafe;
use std::time::{Duration, Instant};
use toolkit::Timeline;
use toolkit::net::{FileServer, has_broken_link, link_graph};
use toolkit::timeline::Source;
use toolkit::timeline::query::Query;
use toolkit::watchdog::within;

const LIMIT: Duration = Duration::from_secs(8);
const HANG: &str = "does your crawler follow links to pages it has already seen? The links go \
                    round in cycles: keep a set of the URLs seen, and spawn a fetch only for a \
                    URL that was not in it yet. (Or is a semaphore permit never given back?)";
const MISSING: &str = "/pages/missing";
/// The least average of requests in flight over a crawl with a limit of 4, and of 2. A
/// crawl that keeps its permits busy averages about 3.4 and 1.9; one that fetches a first few
/// pages together and the rest one at a time, about 1.2 and 1.1. The bar for 2 sits nearer
/// the wrong answer, because a busy machine adds time between one fetch and the next.
const KEPT_BUSY_4: f64 = 2.0;
const KEPT_BUSY_2: f64 = 1.35;

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

fn start(timeline: &Timeline, pages: usize, links: usize, seed: u64) -> FileServer {
    FileServer::builder()
        .latency(ms(40))
        .link_graph(pages, links, seed)
        .timeline(timeline)
        .start()
        .expect("the test's file server could not start")
}

/// Runs `crawl`, catching a panic inside it so that it can be blamed.
async fn run(
    timeline: &Timeline,
    start: String,
    limit: usize,
) -> (Result<Report, String>, Range<Duration>) {
    let begin = timeline.now();
    // Caught here rather than in a spawned task: a task must be `Send + 'static`, which
    // would reject some correct solutions for reasons that have nothing to do with them.
    let outcome = AssertUnwindSafe(async { crawl(&start, limit).await })
        .catch_unwind()
        .await
        .map_err(|panic| {
            panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_else(|| "(a panic without a message)".to_owned())
        });
    (outcome, begin..timeline.now())
}

/// The server's record, once nothing is in flight any more (a moment at most).
async fn served(timeline: &Timeline, server: &FileServer) -> Query {
    let clock = Instant::now();
    while server.stats().in_flight > 0 && clock.elapsed() < Duration::from_secs(2) {
        tokio::time::sleep(ms(10)).await;
    }
    timeline.query().from_source(Source::Server)
}

#[track_caller]
fn no_panic(q: &Query, outcome: Result<Report, String>) -> Report {
    outcome.unwrap_or_else(|message| {
        panic!(
            "{}",
            q.failure(
                &format!("crawl panicked: {message}"),
                "a broken link is part of the report, not a reason to stop: keep the \
                 Err(FetchError) from fetch_page in `broken`, and do not unwrap it",
            )
        )
    })
}

/// The report the answer key gives for a crawl from page 0.
fn expected_report(server: &FileServer, graph: &[Vec<usize>]) -> Report {
    let url = |path: &str| server.url(path);
    let mut report = Report::default();
    // Every page is reachable from page 0: page i always links to page i + 1 first.
    for (page, targets) in graph.iter().enumerate() {
        let mut found: Vec<String> = targets
            .iter()
            .map(|t| url(&format!("/pages/{t}")))
            .collect();
        if has_broken_link(page) {
            found.push(url(MISSING));
        }
        report.pages.insert(url(&format!("/pages/{page}")), found);
    }
    if (0..graph.len()).any(has_broken_link) {
        report.broken.insert(
            url(MISSING),
            FetchError {
                url: url(MISSING),
                kind: ErrorKind::Status(404),
            },
        );
    }
    report
}

/// Each page of the answer key requested exactly once, and nothing else, inside the call.
#[track_caller]
fn expect_each_once(q: &Query, expected: &Report, server: &FileServer, window: &Range<Duration>) {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for span in q.spans() {
        *seen.entry(span.label.as_str()).or_default() += 1;
    }
    let origin = server.url("");
    let want: BTreeSet<&str> = expected
        .pages
        .keys()
        .chain(expected.broken.keys())
        .map(|u| u.strip_prefix(origin.as_str()).unwrap_or(u))
        .collect();
    q.expect(
        !seen.is_empty(),
        "the server saw no request at all",
        "fetch every page over HTTP (fetch_page): a report made up without requests, from \
         the answer key or a guess, is not a crawl",
    );
    let twice: Vec<String> = seen
        .iter()
        .filter(|(_, n)| **n > 1)
        .map(|(path, n)| format!("{path} {n} times"))
        .collect();
    // Every site test starts at /pages/0: when that is the only page fetched twice, the
    // start was not in the set of seen URLs.
    let start_fetches = seen.get("/pages/0").copied().unwrap_or(0);
    q.expect(
        !(start_fetches > 1 && twice.len() == 1),
        &format!(
            "the server saw the start page /pages/0 {start_fetches} times, and every other \
             page once"
        ),
        "the start URL is seen from the beginning: put it in the set before you fetch it, so \
         a page that links back to the start does not fetch it again",
    );
    q.expect(
        twice.is_empty(),
        &format!(
            "the server saw some pages more than once: {}{}",
            twice.iter().take(6).cloned().collect::<Vec<_>>().join(", "),
            if twice.len() > 6 { ", ..." } else { "" }
        ),
        "fetch each URL exactly once: mark a URL as seen when you FIND the link (before \
         spawning its fetch), not when its fetch ends, so two pages linking to it do not \
         both spawn one",
    );
    let extra: Vec<&str> = seen
        .keys()
        .filter(|p| !want.contains(*p))
        .copied()
        .collect();
    q.expect(
        extra.is_empty(),
        &format!(
            "the server saw requests for {}, which no page links to",
            extra.join(", ")
        ),
        "fetch only the links you found on the pages (links(html, url)), not URLs you guess",
    );
    let never: Vec<&str> = want
        .iter()
        .filter(|p| !seen.contains_key(*p))
        .copied()
        .collect();
    q.expect(
        never.is_empty(),
        &format!(
            "{} linked page(s) were never requested, e.g. {}",
            never.len(),
            never.iter().take(5).copied().collect::<Vec<_>>().join(", ")
        ),
        "follow every link of every page that loaded, however deep, until no new URL is \
         left; and check the broken ones too",
    )
    .expect_within(
        window,
        "every request must happen inside the call: wait for every fetch before you return",
    );
}

#[track_caller]
fn expect_bounded(q: &Query, server: &FileServer, limit: usize) {
    let peak = server.stats().max_in_flight;
    q.expect(
        peak <= limit,
        &format!("{peak} requests were in flight at once, but the limit is {limit}"),
        "every fetch must hold a permit of one tokio::sync::Semaphore of `limit` permits \
         while its request is in flight (`let _permit = sem.acquire().await...` inside the \
         task)",
    )
    .expect(
        peak > 1,
        "only 1 request was in flight at a time: the crawl fetched one page after another",
        "spawn a task (JoinSet::spawn) for each new link and go on collecting finished \
         fetches (join_next) meanwhile, rather than awaiting each fetch before the next; \
         and give the Semaphore the `limit` you were given (not `limit - 1`)",
    )
    .expect(
        peak >= limit,
        &format!(
            "at most {peak} requests were in flight at once, but the limit is {limit} and \
             the site had more pages waiting than that"
        ),
        "use the `limit` you were given for the Semaphore's permits (not `limit - 1`), and \
         fetch every page found as soon as a permit is free, not just a first few at once",
    );
}

/// How many requests were in flight on average while the crawl fetched (the server's busy
/// time over the span from its first request to its last answer): a crawl that fetched only
/// a first few pages together and the rest one at a time reaches `limit` once, at the start,
/// and averages little more than one.
#[track_caller]
fn expect_kept_busy(q: &Query, limit: usize, at_least: f64) {
    let spans = q.spans();
    let (Some(first), Some(last)) = (
        spans.iter().map(|s| s.start).min(),
        spans.iter().map(|s| s.end).max(),
    ) else {
        return;
    };
    let busy: Duration = spans.iter().map(|s| s.end.saturating_sub(s.start)).sum();
    let average = busy.as_secs_f64() / last.saturating_sub(first).as_secs_f64().max(1e-9);
    q.expect(
        average >= at_least,
        &format!(
            "on average only {average:.1} requests were in flight during the crawl, with a \
             limit of {limit} and pages waiting: the limit was reached, but not kept"
        ),
        "spawn a fetch (JoinSet::spawn) for every new link as soon as it is found, on every \
         page, not only the start page's links: fetching some pages together and the rest \
         one after another (awaited in the collecting loop) leaves the permits idle",
    );
}

/// Compares the report whole, naming the first difference.
#[track_caller]
fn expect_report(q: &Query, got: &Report, expected: &Report) {
    let missing: Vec<&String> = expected
        .pages
        .keys()
        .filter(|u| !got.pages.contains_key(*u))
        .collect();
    q.expect(
        missing.is_empty(),
        &format!(
            "the report leaves out {} page(s) that loaded, e.g. {:?}",
            missing.len(),
            missing.first()
        ),
        "put every page that loaded in `pages`, with the links found on it",
    );
    let wrong_links = expected
        .pages
        .iter()
        .find(|(u, links)| got.pages.get(*u) != Some(links));
    if let Some((url, links)) = wrong_links {
        let message = q.failure(
            &format!(
                "the report gives {url} the links {:?}, expected {links:?}",
                got.pages.get(url)
            ),
            "give each page the links found on it, as links(html, url) returns them: in \
             the order of the page, repeats kept (not sorted, not deduplicated)",
        );
        panic!("{message}");
    }
    q.expect(
        expected.broken.keys().all(|u| got.broken.contains_key(u)),
        &format!(
            "the broken link {MISSING} was not reported (broken: {:?})",
            got.broken.keys().collect::<Vec<_>>()
        ),
        "a link whose fetch fails goes into `broken`, with its FetchError",
    );
    q.expect(
        got == expected,
        &format!(
            "the report differs from the site: pages {:?}…, broken {:?}",
            got.pages.keys().take(3).collect::<Vec<_>>(),
            got.broken
        ),
        "one entry per page that loaded (its links in page order) and one per broken link \
         (its FetchError, naming the URL): nothing else",
    );
}

#[tokio::test]
async fn each_page_once_several_at_once_broken_link_reported() {
    within(LIMIT, HANG, async {
        let (pages, links, seed) = (30, 3, 7);
        let timeline = Timeline::new();
        let server = start(&timeline, pages, links, seed);
        let expected = expected_report(&server, &link_graph(pages, links, seed));
        let (outcome, window) = run(&timeline, server.url("/pages/0"), 4).await;
        let q = served(&timeline, &server).await;
        let report = no_panic(&q, outcome);
        expect_each_once(&q, &expected, &server, &window);
        expect_bounded(&q, &server, 4);
        expect_kept_busy(&q, 4, KEPT_BUSY_4);
        expect_report(&q, &report, &expected);
    })
    .await;
}

#[tokio::test]
async fn another_site_and_another_limit() {
    within(LIMIT, HANG, async {
        let (pages, links, seed) = (24, 4, 2024);
        let timeline = Timeline::new();
        let server = start(&timeline, pages, links, seed);
        let expected = expected_report(&server, &link_graph(pages, links, seed));
        let (outcome, window) = run(&timeline, server.url("/pages/0"), 2).await;
        let q = served(&timeline, &server).await;
        let report = no_panic(&q, outcome);
        expect_each_once(&q, &expected, &server, &window);
        expect_bounded(&q, &server, 2);
        expect_kept_busy(&q, 2, KEPT_BUSY_2);
        expect_report(&q, &report, &expected);
    })
    .await;
}

/// A slow page holds up only what is found on it: with a permit free, the pages found
/// elsewhere are fetched while it is in flight. A crawl by levels (every page of one level
/// joined before the next level starts) waits for the slow page before going deeper.
#[tokio::test]
async fn a_slow_page_does_not_hold_the_others_back() {
    within(LIMIT, HANG, async {
        let (pages, links, seed) = (30, 3, 7);
        let slow = "/pages/1";
        let timeline = Timeline::new();
        let server = FileServer::builder()
            .latency(ms(40))
            .latency_for(slow, ms(1500))
            .link_graph(pages, links, seed)
            .timeline(&timeline)
            .start()
            .expect("the test's file server could not start");
        let graph = link_graph(pages, links, seed);
        // The pages found without going through page 1, and how far from page 0.
        let mut depth = BTreeMap::from([(0usize, 0usize)]);
        let mut queue = std::collections::VecDeque::from([0usize]);
        while let Some(page) = queue.pop_front() {
            for &next in &graph[page] {
                if next != 1 && !depth.contains_key(&next) {
                    depth.insert(next, depth[&page] + 1);
                    queue.push_back(next);
                }
            }
        }
        let (outcome, _) = run(&timeline, server.url("/pages/0"), 4).await;
        let q = served(&timeline, &server).await;
        no_panic(&q, outcome);
        let Some(slow_span) = q.span(slow).cloned() else {
            panic!(
                "{}",
                q.failure(
                    &format!("the server saw no request for {slow}, which page 0 links to"),
                    "follow every link of every page that loaded",
                )
            );
        };
        let late: Vec<String> = depth
            .iter()
            .filter(|(_, d)| **d >= 2)
            .map(|(page, _)| format!("/pages/{page}"))
            .filter(|path| {
                q.span(path)
                    .is_some_and(|s| s.start >= slow_span.end.saturating_sub(ms(100)))
            })
            .collect();
        q.expect(
            late.is_empty(),
            &format!(
                "{} page(s) found without {slow} ({}…) were fetched only after the slow \
                 {slow} ended, though permits were free while it was in flight",
                late.len(),
                late.iter().take(4).cloned().collect::<Vec<_>>().join(", ")
            ),
            "spawn a fetch for each new link as soon as its page has loaded (JoinSet and \
             join_next: handle whichever fetch ends first), not one level of pages at a time \
             with join_all: a level waits for its slowest page before the next one starts",
        );
    })
    .await;
}

/// Two crawls of the same site at the same time: each sees every page, and the server sees
/// each page twice, once per crawl. A set of seen URLs that outlives the call (a `static`)
/// is shared by both, and each crawl skips the pages the other found.
#[tokio::test]
async fn two_crawls_of_one_site_at_once_each_see_every_page() {
    within(LIMIT, HANG, async {
        let (pages, links, seed) = (20, 3, 11);
        let timeline = Timeline::new();
        let server = start(&timeline, pages, links, seed);
        let expected = expected_report(&server, &link_graph(pages, links, seed));
        let ((one, _), (two, _)) = tokio::join!(
            run(&timeline, server.url("/pages/0"), 3),
            run(&timeline, server.url("/pages/0"), 3)
        );
        let q = served(&timeline, &server).await;
        for (which, outcome) in [("first", one), ("second", two)] {
            let report = no_panic(&q, outcome);
            let missing: Vec<&String> = expected
                .pages
                .keys()
                .filter(|u| !report.pages.contains_key(*u))
                .collect();
            if missing.is_empty() {
                // Every page is there: what differs is not a shared set of seen URLs.
                expect_report(&q, &report, &expected);
            }
            q.expect(
                report == expected,
                &format!(
                    "two crawls of the same site ran at the same time, and the {which} one's \
                     report left out {} of its {} pages (e.g. {:?}), broken: {:?}",
                    missing.len(),
                    expected.pages.len(),
                    missing.first(),
                    report.broken.keys().collect::<Vec<_>>()
                ),
                "each call crawls on its own: make the set of seen URLs (and everything else \
                 the crawl keeps) inside crawl, not in a `static` or a thread_local that every \
                 call shares and that remembers the pages of another crawl",
            );
        }
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for span in q.spans() {
            *seen.entry(span.label.clone()).or_default() += 1;
        }
        let not_twice: Vec<String> = seen
            .iter()
            .filter(|(_, n)| **n != 2)
            .map(|(path, n)| format!("{path} {n}×"))
            .collect();
        q.expect(
            not_twice.is_empty() && seen.len() == expected.pages.len() + expected.broken.len(),
            &format!(
                "two crawls of the same site at once: the server saw {} page(s) other than \
                 twice ({}) and {} distinct paths for {} links",
                not_twice.len(),
                not_twice
                    .iter()
                    .take(5)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", "),
                seen.len(),
                expected.pages.len() + expected.broken.len()
            ),
            "each crawl fetches each page once, on its own: the set of seen URLs belongs to one \
             call of crawl, not to the program",
        );
        // Each crawl keeps up to 3 requests in flight, at the same time as the other.
        let peak = server.stats().max_in_flight;
        q.expect(
            peak > 3,
            &format!(
                "two crawls with a limit of 3 each ran at the same time, but the server saw at \
                 most {peak} requests in flight at once: the two crawls shared 3 permits"
            ),
            "each call of crawl has its own Semaphore, made inside crawl with the `limit` it \
             was given: not one kept in a `static` (one per limit, or the first call's) that \
             every crawl with that limit shares",
        );
    })
    .await;
}

/// One site crawled twice, one crawl after the other: the second crawl fetches every page
/// again (a report, or a set of seen URLs, kept from one call to the next is stale as soon
/// as the site changes).
#[tokio::test]
async fn the_same_site_crawled_twice_in_a_row() {
    within(LIMIT, HANG, async {
        let (pages, links, seed) = (10, 2, 5);
        let timeline = Timeline::new();
        let server = start(&timeline, pages, links, seed);
        let expected = expected_report(&server, &link_graph(pages, links, seed));
        let links = expected.pages.len() + expected.broken.len();
        for round in ["first", "second"] {
            let before = server.stats().requests;
            let (outcome, _) = run(&timeline, server.url("/pages/0"), 2).await;
            let q = served(&timeline, &server).await;
            let report = no_panic(&q, outcome);
            let sent = server.stats().requests - before;
            q.expect(
                sent == links,
                &format!(
                    "the same site crawled twice, one crawl after the other: the {round} crawl \
                     sent {sent} request(s) for the {links} links of the site"
                ),
                "each call of crawl fetches the site again, each page once: keep no report, \
                 no page and no set of seen URLs from one call to the next (in a `static`, a \
                 thread_local, a cache): the site may have changed since",
            );
            expect_report(&q, &report, &expected);
        }
    })
    .await;
}

#[tokio::test]
async fn a_two_page_cycle_ends() {
    within(LIMIT, HANG, async {
        // Page 0 links to page 1, page 1 back to page 0, and nothing else.
        let timeline = Timeline::new();
        let server = start(&timeline, 2, 1, 1);
        let expected = expected_report(&server, &link_graph(2, 1, 1));
        let (outcome, window) = run(&timeline, server.url("/pages/0"), 3).await;
        let q = served(&timeline, &server).await;
        let report = no_panic(&q, outcome);
        expect_each_once(&q, &expected, &server, &window);
        expect_report(&q, &report, &expected);
    })
    .await;
}

#[tokio::test]
async fn a_broken_start_is_a_broken_link() {
    within(LIMIT, HANG, async {
        let timeline = Timeline::new();
        let server = start(&timeline, 3, 1, 1);
        let url = server.url(MISSING);
        let (outcome, _) = run(&timeline, url.clone(), 3).await;
        let q = served(&timeline, &server).await;
        let report = no_panic(&q, outcome);
        let expected = Report {
            pages: BTreeMap::new(),
            broken: BTreeMap::from([(
                url.clone(),
                FetchError {
                    url,
                    kind: ErrorKind::Status(404),
                },
            )]),
        };
        q.expect(
            report == expected && server.stats().requests == 1,
            &format!(
                "a crawl from a missing page returned {report:?} after {} request(s)",
                server.stats().requests
            ),
            "the start page is fetched like any link: if it fails, the report has no pages \
             and one broken link, the start",
        );
        // Another kind of broken link: a server error, reported as what it is.
        let url = server.url("/status/500");
        let (outcome, _) = run(&timeline, url.clone(), 3).await;
        let q = served(&timeline, &server).await;
        let report = no_panic(&q, outcome);
        let got = report.broken.get(&url).map(|e| &e.kind);
        q.expect(
            report.pages.is_empty() && got == Some(&ErrorKind::Status(500)),
            &format!(
                "a crawl from {url} (a 500) reported {:?} for it, expected Status(500) \
                 (the whole report: {report:?})",
                got
            ),
            "record each broken link with the error its fetch returned (fetch_page's \
             FetchError), not a kind of your own: a broken link is not always a 404",
        );
    })
    .await;
}
