//! What the server serves: file bodies and the link graph, as pure functions, so a test can
//! compute the answer key without asking the server.

/// A small, fast, well-mixed step (splitmix64): the same input always gives the same bytes
/// and graphs on every machine, with no dependency on a random-number crate.
fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// FNV-1a of the name: the seed of its body, so `A` and `B` differ from their first byte.
fn name_seed(name: &str) -> u64 {
    name.bytes().fold(0xCBF2_9CE4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01B3)
    })
}

/// The body of `/files/NAME` (size from `?size=N`, default [`super::DEFAULT_FILE_SIZE`]):
/// `size` deterministic bytes derived from `name`. They are lowercase letters, so a learner
/// who prints a piece of a download sees text, and different names give different bodies.
///
/// ```
/// use toolkit::net::file_body;
/// assert_eq!(file_body("A", 16).len(), 16);
/// assert_eq!(file_body("A", 16), file_body("A", 16));
/// assert_ne!(file_body("A", 16), file_body("B", 16));
/// ```
pub fn file_body(name: &str, size: usize) -> Vec<u8> {
    let mut state = name_seed(name);
    let mut out = Vec::with_capacity(size);
    while out.len() < size {
        let word = splitmix(&mut state);
        // Eight letters per draw; `% 26` of each byte is biased a little, which no test minds.
        out.extend(
            word.to_le_bytes()
                .iter()
                .map(|b| b'a' + b % 26)
                .take(size - out.len()),
        );
    }
    out
}

/// The link graph the server serves under `/pages/0` .. `/pages/{pages-1}`: entry `i` lists
/// the pages that page `i` links to, in the order the page shows them. Tests use it as the
/// answer key.
///
/// Every page links to the next one (the last to page 0), so every page is reachable from
/// `/pages/0` and the graph has a cycle; the other links are drawn from `seed`, and often
/// point back to pages already seen. No page links to itself or twice to one page, so a
/// page has `min(links_per_page, pages - 1)` links.
///
/// ```
/// use toolkit::net::link_graph;
/// let graph = link_graph(5, 2, 7);
/// assert_eq!(graph.len(), 5);
/// assert!(graph.iter().enumerate().all(|(i, links)| links[0] == (i + 1) % 5));
/// assert_eq!(graph, link_graph(5, 2, 7));
/// ```
pub fn link_graph(pages: usize, links_per_page: usize, seed: u64) -> Vec<Vec<usize>> {
    let per_page = links_per_page.min(pages.saturating_sub(1));
    let mut state = seed;
    (0..pages)
        .map(|page| {
            let mut links = Vec::with_capacity(per_page);
            if per_page > 0 {
                links.push((page + 1) % pages);
            }
            while links.len() < per_page {
                // `per_page < pages` leaves at least one page to draw, so this ends.
                let target = (splitmix(&mut state) % pages as u64) as usize;
                if target != page && !links.contains(&target) {
                    links.push(target);
                }
            }
            links
        })
        .collect()
}

/// True when page `page` also carries the broken link `<a href="/pages/missing">` (a 404):
/// every third page, starting at page 2, whatever the seed.
///
/// ```
/// use toolkit::net::has_broken_link;
/// assert!(!has_broken_link(0) && has_broken_link(2) && has_broken_link(5));
/// ```
pub fn has_broken_link(page: usize) -> bool {
    page % 3 == 2
}

/// The HTML of page `page` in `graph`: its links in order, then the broken link if it has one.
pub(crate) fn page_html(graph: &[Vec<usize>], page: usize) -> String {
    let mut html = format!(
        "<!doctype html>\n<html><head><title>Page {page}</title></head><body>\n<h1>Page {page}</h1>\n<ul>\n"
    );
    for target in &graph[page] {
        html.push_str(&format!(
            "<li><a href=\"/pages/{target}\">page {target}</a></li>\n"
        ));
    }
    if has_broken_link(page) {
        html.push_str("<li><a href=\"/pages/missing\">a page that is gone</a></li>\n");
    }
    html.push_str("</ul>\n</body></html>\n");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_deterministic_and_sized() {
        assert!(file_body("A", 0).is_empty());
        assert_eq!(file_body("C", 1000).len(), 1000);
        assert!(file_body("C", 1000).iter().all(u8::is_ascii_lowercase));
        assert_eq!(file_body("A", 100)[..10], file_body("A", 10)[..]);
    }

    #[test]
    fn graphs_have_distinct_links_and_no_self_links() {
        for (pages, per) in [(0, 3), (1, 3), (2, 3), (10, 3), (50, 5)] {
            let g = link_graph(pages, per, 42);
            assert_eq!(g.len(), pages);
            for (i, links) in g.iter().enumerate() {
                assert_eq!(links.len(), per.min(pages.saturating_sub(1)));
                assert!(!links.contains(&i), "page {i} links to itself: {links:?}");
                let mut sorted = links.clone();
                sorted.sort();
                sorted.dedup();
                assert_eq!(sorted.len(), links.len(), "duplicate link on page {i}");
            }
        }
        assert_ne!(link_graph(20, 3, 1), link_graph(20, 3, 2));
    }

    #[test]
    fn pages_show_their_links_in_order() {
        let g = link_graph(6, 2, 3);
        let html = page_html(&g, 2);
        let first = html.find(&format!("/pages/{}\"", g[2][0])).unwrap();
        let second = html.find(&format!("/pages/{}\"", g[2][1])).unwrap();
        assert!(first < second);
        assert!(html.contains("/pages/missing"));
        assert!(!page_html(&g, 0).contains("/pages/missing"));
    }
}
