//! The link check of a built book: every relative `href` and `src` of every HTML page must
//! name a file of the output (a folder means its `index.html`), and a `#fragment` an `id`
//! (or `<a name>`) in that page. Links to other sites are counted and listed, never fetched:
//! CI has no network.

use super::html::{Tag, tags};
use super::links::{is_external, resolve};
use crate::error::{Context, Result};
use crate::fsutil::{rel, walk_files};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

/// A link that goes nowhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    /// The page it is on, relative to the book's output folder.
    pub page: String,
    /// The link, as written in the page (entities decoded).
    pub link: String,
    /// What is wrong with it.
    pub why: String,
}

/// What the check found.
#[derive(Debug, Default)]
pub struct Report {
    /// HTML pages read.
    pub pages: usize,
    /// Relative links followed (each occurrence).
    pub internal: usize,
    /// Links to other sites: each address and how many times it occurs.
    pub external: BTreeMap<String, usize>,
    /// The links that go nowhere.
    pub broken: Vec<Broken>,
}

/// Checks every HTML page under `site` (the book's output folder).
pub fn check_site(site: &Path) -> Result<Report> {
    let mut files = Vec::new();
    walk_files(site, &mut files)?;
    let mut pages: Vec<String> = files
        .iter()
        .map(|f| rel(f, site))
        .filter(|p| p.ends_with(".html"))
        .collect();
    pages.sort();
    let mut parsed: HashMap<String, Vec<Tag>> = HashMap::new();
    for page in &pages {
        let html = std::fs::read_to_string(site.join(page))
            .context(|| format!("reading {}", site.join(page).display()))?;
        parsed.insert(page.clone(), tags(&html));
    }
    let ids: HashMap<&str, BTreeSet<&str>> = parsed
        .iter()
        .map(|(p, t)| (p.as_str(), ids_of(t)))
        .collect();
    let mut report = Report {
        pages: pages.len(),
        ..Report::default()
    };
    for page in &pages {
        let page_tags = &parsed[page];
        let base = base_dir(page, page_tags);
        for link in page_tags.iter().flat_map(links_of) {
            if is_external(link) {
                if !link.starts_with("data:") {
                    *report.external.entry(link.to_string()).or_default() += 1;
                }
                continue;
            }
            report.internal += 1;
            if let Err(why) = follow(site, page, &base, link, &ids) {
                report.broken.push(Broken {
                    page: page.clone(),
                    link: link.to_string(),
                    why,
                });
            }
        }
    }
    Ok(report)
}

/// The links a tag makes: `href` (except on `<base>`) and `src`.
fn links_of(tag: &Tag) -> impl Iterator<Item = &str> {
    let href = (tag.name != "base").then(|| tag.attr("href")).flatten();
    href.into_iter().chain(tag.attr("src"))
}

/// Every `id`, and every `name` of an `<a>`, in a page.
fn ids_of(tags: &[Tag]) -> BTreeSet<&str> {
    let names = tags
        .iter()
        .filter(|t| t.name == "a")
        .filter_map(|t| t.attr("name"));
    tags.iter()
        .filter_map(|t| t.attr("id"))
        .chain(names)
        .collect()
}

/// The folder (relative to the site) that relative links of `page` start from: the page's
/// own, or the one its `<base href>` names (mdBook's 404 page has `<base href="/">`).
fn base_dir(page: &str, tags: &[Tag]) -> String {
    let own = page.rsplit_once('/').map_or("", |(dir, _)| dir).to_string();
    match tags
        .iter()
        .find(|t| t.name == "base")
        .and_then(|t| t.attr("href"))
    {
        Some(href) if href.starts_with('/') => href.trim_matches('/').to_string(),
        Some(href) if !is_external(href) => resolve(&own, href).unwrap_or(own),
        _ => own,
    }
}

/// Follows one relative link; `Err` says why it goes nowhere.
fn follow(
    site: &Path,
    page: &str,
    base: &str,
    link: &str,
    ids: &HashMap<&str, BTreeSet<&str>>,
) -> std::result::Result<(), String> {
    let (path, fragment) = link.split_once('#').unwrap_or((link, ""));
    let path = path.split_once('?').map_or(path, |(p, _)| p);
    let target = if path.is_empty() {
        page.to_string()
    } else {
        let from = if path.starts_with('/') { "" } else { base };
        let decoded = percent_decode(path);
        let mut target =
            resolve(from, &decoded).ok_or_else(|| "it leaves the book's folder".to_string())?;
        if target.is_empty() || site.join(&target).is_dir() {
            target = format!("{}/index.html", target)
                .trim_start_matches('/')
                .to_string();
        }
        if !site.join(&target).is_file() {
            return Err(format!("no file {target} in the book"));
        }
        target
    };
    if fragment.is_empty() || !target.ends_with(".html") {
        return Ok(());
    }
    let fragment = percent_decode(fragment);
    match ids.get(target.as_str()) {
        Some(found) if found.contains(fragment.as_str()) => Ok(()),
        _ => Err(format!("{target} has no element with id \"{fragment}\"")),
    }
}

/// `%20` → ` `; malformed escapes are kept as written.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = (bytes[i] == b'%')
            .then(|| s.get(i + 1..i + 3))
            .flatten()
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match hex {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
