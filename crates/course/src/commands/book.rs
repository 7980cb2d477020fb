//! `course book`: the course as a book (mdBook). The book has no text of its own: its pages
//! are made from the course's READMEs and docs/ each time (one source of text), written to
//! `book/src/` (build output, ignored by git), with SUMMARY.md from course.toml's plan.
//! Then, if mdBook is installed, `mdbook build book` writes the HTML to `book/book/`, and
//! `--check` follows every link in it.

mod api_last;
mod html;
mod linkcheck;
mod links;
mod markdown;
mod mdbook;
mod pages;

use super::Ctx;
use crate::error::{Context, Fail, Result};
use crate::fsutil::{copy_file, write_atomic};
use crate::plan::Plan;
use clap::Args;
use links::{Found, rewrite_page};
use pages::{BookMap, Kind, image_page, is_image};
use std::path::Path;

/// The flags of `course book`.
#[derive(Debug, Args)]
pub struct BookArgs {
    /// Also build the HTML: without mdBook, exit 2 with how to install it (by default the
    /// sources are written and the HTML is built only if mdBook is there).
    #[arg(long)]
    html: bool,
    /// Build the HTML, then check every link in it: exit 1 naming each broken one (and each
    /// exercise page without std / docs.rs links).
    #[arg(long, conflicts_with = "check_only")]
    check: bool,
    /// Only check the links of the book already built in book/book; write and build nothing.
    #[arg(long)]
    check_only: bool,
}

/// Writes the book's sources, builds and checks it as the flags ask; returns the exit code.
pub fn run(ctx: &Ctx, args: &BookArgs) -> Result<i32> {
    let book = ctx.root.join("book");
    if !book.join("book.toml").is_file() {
        return Err(Fail::usage(format!(
            "{} has no book/book.toml, so it has no book to build; run `course book` in the course's own workspace",
            ctx.root.display()
        )));
    }
    if args.check_only {
        return check_links(&book.join("book"));
    }
    let written = generate(&ctx.root, &ctx.plan)?;
    let Some(mdbook) = mdbook::find(&ctx.root) else {
        if args.html || args.check {
            return Err(Fail::usage(mdbook::install_hint()));
        }
        println!(
            "{}\nThe book's sources are in book/src.",
            mdbook::install_hint()
        );
        return Ok(0);
    };
    mdbook::build(&mdbook, &ctx.root)?;
    println!(
        "built the book: open {} in a browser",
        book.join("book/index.html").display()
    );
    if !args.check {
        return Ok(0);
    }
    if !written.without_api.is_empty() {
        return Err(Fail::failure(format!(
            "exercise READMEs without an `## API` section linking to doc.rust-lang.org or docs.rs: {}",
            written.without_api.join(", ")
        )));
    }
    check_links(&book.join("book"))
}

/// What [`generate`] wrote and noticed.
struct Written {
    /// Exercise READMEs with no API section of std / docs.rs links.
    without_api: Vec<String>,
}

/// Writes `book/src/` afresh: every page, the pictures, SUMMARY.md.
fn generate(root: &Path, plan: &Plan) -> Result<Written> {
    let map = BookMap::new(root, plan)?;
    let src = root.join("book/src");
    if src.exists() {
        std::fs::remove_dir_all(&src).context(|| format!("removing {}", src.display()))?;
    }
    let mut images = docs_images(root)?;
    let mut without_api = Vec::new();
    for page in &map.pages {
        let path = root.join(&page.source);
        let text =
            std::fs::read_to_string(&path).context(|| format!("reading {}", path.display()))?;
        let mut found = Found::default();
        let mut out = rewrite_page(&text, &page.source, &page.book, &map, root, &mut found);
        if page.kind == Kind::Exercise {
            match api_last::api_section_last(&out) {
                Some(reordered) => out = reordered,
                None => without_api.push(page.source.clone()),
            }
        }
        for (link, why) in &found.dangling {
            eprintln!(
                "warning: {}: the link `{link}` goes nowhere ({why})",
                page.source
            );
        }
        images.extend(found.images);
        write_atomic(&src.join(&page.book), out.as_bytes())?;
    }
    for image in &images {
        copy_file(&root.join(image), &src.join(image_page(image)))?;
    }
    write_atomic(&src.join("SUMMARY.md"), map.summary().as_bytes())?;
    for source in &without_api {
        eprintln!(
            "warning: {source} has no `## API` section linking to doc.rust-lang.org or docs.rs"
        );
    }
    let count = |kind| map.pages.iter().filter(|p| p.kind == kind).count();
    println!(
        "wrote book/src: {} lessons, {} exercises, {} other pages, {} pictures, SUMMARY.md from course.toml",
        count(Kind::Lesson),
        count(Kind::Exercise),
        map.pages.len() - count(Kind::Lesson) - count(Kind::Exercise),
        images.len()
    );
    Ok(Written { without_api })
}

/// The measured pictures in docs/img: the book shows them all, linked or not.
fn docs_images(root: &Path) -> Result<std::collections::BTreeSet<String>> {
    let dir = root.join("docs/img");
    let mut found = std::collections::BTreeSet::new();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(found);
    };
    for entry in entries {
        let entry = entry.context(|| format!("listing {}", dir.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_image(&name) {
            found.insert(format!("docs/img/{name}"));
        }
    }
    Ok(found)
}

/// Checks the links of the built book in `site`; exit 1 naming every broken one.
fn check_links(site: &Path) -> Result<i32> {
    if !site.join("index.html").is_file() {
        return Err(Fail::usage(format!(
            "{} holds no built book (no index.html); build it first with `cargo course book --html`",
            site.display()
        )));
    }
    let report = linkcheck::check_site(site)?;
    let occurrences: usize = report.external.values().sum();
    println!(
        "links to other sites: {occurrences} ({} addresses), listed, not fetched (CI has no network):",
        report.external.len()
    );
    for (url, count) in &report.external {
        println!(
            "  {url}{}",
            if *count > 1 {
                format!("  (×{count})")
            } else {
                String::new()
            }
        );
    }
    for broken in &report.broken {
        eprintln!(
            "broken link on {}: {} — {}",
            broken.page, broken.link, broken.why
        );
    }
    if !report.broken.is_empty() {
        return Err(Fail::failure(format!(
            "{} broken link(s) in {} (listed above)",
            report.broken.len(),
            site.display()
        )));
    }
    println!(
        "checked {} pages: all {} relative links resolve",
        report.pages, report.internal
    );
    Ok(0)
}
