//! Rewriting a page's relative links so that they work inside the book. On GitHub a README
//! links to files of the repository; in a web book only its pages and pictures exist:
//! - a README (or its folder) that has a page → that page, `#anchor` kept;
//! - a picture → its copy in the book (the caller copies the pictures listed in `images`);
//! - any other file of the course (source, tests, course.toml) → its path as code text,
//!   since a web book cannot open a file on the reader's disk;
//! - a path to nothing → left as written and noted: the link check of the built book names it.

use super::markdown::{Fix, Link, rewrite_links};
use super::pages::{BookMap, image_page, is_image, relative};
use std::collections::BTreeSet;
use std::path::Path;

/// What rewriting one page found.
#[derive(Debug, Default)]
pub struct Found {
    /// Pictures of the course (paths from the root) the page shows; they must be copied.
    pub images: BTreeSet<String>,
    /// Links that name no file of the course: `(link, why)`.
    pub dangling: Vec<(String, String)>,
}

/// The page made from `source` (a course path), to be written at `page` in the book.
pub fn rewrite_page(
    text: &str,
    source: &str,
    page: &str,
    map: &BookMap,
    root: &Path,
    found: &mut Found,
) -> String {
    let source_dir = source.rsplit_once('/').map_or("", |(dir, _)| dir);
    rewrite_links(text, &mut |link: Link| {
        if is_external(link.dest) || link.dest.starts_with('#') || link.dest.is_empty() {
            return Fix::Keep;
        }
        let (path, anchor) = match link.dest.split_once('#') {
            Some((path, anchor)) => (path, format!("#{anchor}")),
            None => (link.dest, String::new()),
        };
        let Some(target) = resolve(source_dir, path) else {
            found.dangling.push((
                link.dest.to_string(),
                "it leaves the course's folder".into(),
            ));
            return Fix::Keep;
        };
        if let Some(book_page) = map.page_for(&target) {
            return Fix::Dest(format!("{}{anchor}", relative(page, book_page)));
        }
        if !root.join(&target).exists() {
            found
                .dangling
                .push((link.dest.to_string(), format!("{target} does not exist")));
            return Fix::Keep;
        }
        if is_image(&target) {
            let dest = relative(page, &image_page(&target));
            found.images.insert(target);
            return Fix::Dest(dest);
        }
        Fix::Text(as_code_text(link.text, &target))
    })
}

/// `https:`, `mailto:`, `//host`: a link the book leaves alone.
pub fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    let scheme = dest.split(':').next().unwrap_or("");
    dest.contains(':')
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
}

/// `dir` joined with a relative `path`, `.` and `..` resolved, without a trailing `/`;
/// `None` if it climbs out of the root.
pub fn resolve(dir: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            name => parts.push(name),
        }
    }
    Some(parts.join("/"))
}

/// The link `[text](path)` as plain text: the text, then the path as code, unless the text
/// already is the path or the README's folder (`[`docs/x.rs`](docs/x.rs)`,
/// `[authoring/](authoring/README.md)`).
fn as_code_text(text: &str, path: &str) -> String {
    let bare = text.trim_matches('`');
    let named = bare.trim_end_matches('/');
    let folder = path.strip_suffix("/README.md").unwrap_or(path);
    let is_path = named == path
        || named == folder
        || named.contains('/') && path.ends_with(&format!("/{named}"));
    if is_path {
        format!("`{bare}`")
    } else {
        format!("{text} (in `{path}`)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_against_the_page_folder_and_never_above_the_root() {
        assert_eq!(
            resolve("exercises/01", "../../docs/t.md").as_deref(),
            Some("docs/t.md")
        );
        assert_eq!(
            resolve("exercises/01", "./02/").as_deref(),
            Some("exercises/01/02")
        );
        assert_eq!(resolve("", "../x"), None);
    }

    #[test]
    fn other_sites_are_external() {
        for link in [
            "https://a.b",
            "mailto:x@y",
            "//cdn.example/x.js",
            "data:image/png;base64,x",
        ] {
            assert!(is_external(link), "{link}");
        }
        for link in ["a.md", "a.md#b:c", "../x/y.html", "#top"] {
            assert!(!is_external(link), "{link}");
        }
    }
}
