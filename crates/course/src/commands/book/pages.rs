//! Which pages the book has and where each comes from: the map from the course's files to
//! the book's (`exercises/01_threads/01_spawn_join/README.md` → `01_threads/01_spawn_join.md`),
//! and SUMMARY.md, written from course.toml's plan.

use crate::error::{Fail, Result};
use crate::plan::Plan;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// The pages of docs/ that are for learners and instructors, in the order the book lists
/// them after the lessons: (file, page in the book, title). A page the workspace does not
/// have (a student workspace from `course assign` has only the tool's) is left out.
const REFERENCE_PAGES: [(&str, &str, &str); 4] = [
    ("docs/demos.md", "demos.md", "The demos, line by line"),
    (
        "docs/measurements.md",
        "measurements.md",
        "The measurements",
    ),
    ("docs/course-tool.md", "course-tool.md", "The course tool"),
    ("docs/teaching.md", "teaching.md", "Notes for instructors"),
];

/// Where the book keeps pictures: `docs/img/x.svg` becomes `img/x.svg`; any other picture a
/// page links to keeps its path under `img/`.
const IMAGE_DIR: &str = "img";

/// What a page is, for the summary and for the checks exercise pages get.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The root README.
    Introduction,
    /// The tutorial the course teaches from.
    Tutorial,
    /// A lesson's README: a chapter.
    Lesson,
    /// An exercise's README: a page inside its lesson's chapter.
    Exercise,
    /// A learner or instructor document from docs/.
    Reference,
}

/// One page of the book.
#[derive(Debug, Clone)]
pub struct Page {
    /// The markdown file it is made from, relative to the workspace root.
    pub source: String,
    /// Its path inside book/src.
    pub book: String,
    /// Its title in the table of contents.
    pub title: String,
    /// What it is.
    pub kind: Kind,
}

/// Every page of the book, and which course file or folder each one stands for.
#[derive(Debug, Default)]
pub struct BookMap {
    /// The pages, in the book's order.
    pub pages: Vec<Page>,
    /// A course path (a README, or the folder holding it) → the page made from it.
    by_path: BTreeMap<String, String>,
}

impl BookMap {
    /// The book's pages for this workspace: the root README, the tutorial, every lesson and
    /// exercise of the plan, then docs/ pages. A lesson or exercise without a README is bad
    /// course content: exit 2, naming the file.
    pub fn new(root: &Path, plan: &Plan) -> Result<BookMap> {
        let mut map = BookMap::default();
        map.add(
            root,
            "README.md",
            "introduction.md",
            "Introduction",
            Kind::Introduction,
        )?;
        let tutorial = plan
            .course
            .tutorial
            .as_deref()
            .unwrap_or("docs/tutorial.md");
        if root.join(tutorial).is_file() {
            map.add(
                root,
                tutorial,
                "tutorial.md",
                "The tutorial",
                Kind::Tutorial,
            )?;
        }
        for lesson in &plan.lessons {
            let folder = last_component(&lesson.dir);
            let readme = format!("{}/README.md", lesson.dir);
            let page = format!("{folder}.md");
            map.add(root, &readme, &page, &lesson.title, Kind::Lesson)?;
            for exercise in &lesson.exercises {
                let readme = format!("{}/{}/README.md", lesson.dir, exercise.dir);
                let page = format!("{folder}/{}.md", exercise.dir);
                map.add(root, &readme, &page, &exercise.title, Kind::Exercise)?;
            }
        }
        for (source, book, title) in REFERENCE_PAGES {
            if root.join(source).is_file() {
                map.add(root, source, book, title, Kind::Reference)?;
            }
        }
        Ok(map)
    }

    fn add(
        &mut self,
        root: &Path,
        source: &str,
        book: &str,
        title: &str,
        kind: Kind,
    ) -> Result<()> {
        if !root.join(source).is_file() {
            return Err(Fail::usage(format!(
                "{source} is missing: the book has a page for every lesson and exercise of \
                 course.toml, made from its README.md; write it, or take the entry out of course.toml"
            )));
        }
        self.by_path.insert(source.to_string(), book.to_string());
        // A link to the folder of a README means the README (GitHub shows it there).
        if let Some(folder) = source.strip_suffix("README.md") {
            self.by_path
                .insert(folder.trim_end_matches('/').to_string(), book.to_string());
        }
        self.pages.push(Page {
            source: source.to_string(),
            book: book.to_string(),
            title: title.to_string(),
            kind,
        });
        Ok(())
    }

    /// The book page made from a course path (a README or its folder), if there is one.
    pub fn page_for(&self, course_path: &str) -> Option<&str> {
        self.by_path.get(course_path).map(String::as_str)
    }

    /// SUMMARY.md: the introduction and the tutorial first, then one numbered chapter per
    /// lesson with its exercises inside, in course.toml's order and with its titles, then
    /// the reference pages (unnumbered).
    pub fn summary(&self) -> String {
        let mut out = String::from("# Summary\n\n");
        let entry = |p: &Page| format!("[{}]({})", escape_title(&p.title), p.book);
        for page in self.of(&[Kind::Introduction, Kind::Tutorial]) {
            let _ = writeln!(out, "{}", entry(page));
        }
        out.push_str("\n# Lessons\n\n");
        for page in self.of(&[Kind::Lesson, Kind::Exercise]) {
            let indent = if page.kind == Kind::Exercise {
                "  "
            } else {
                ""
            };
            let _ = writeln!(out, "{indent}- {}", entry(page));
        }
        let reference = self.of(&[Kind::Reference]);
        if !reference.is_empty() {
            out.push_str("\n---\n\n");
            for page in reference {
                let _ = writeln!(out, "{}", entry(page));
            }
        }
        out
    }

    fn of(&self, kinds: &[Kind]) -> Vec<&Page> {
        self.pages
            .iter()
            .filter(|p| kinds.contains(&p.kind))
            .collect()
    }
}

/// Where a picture of the course goes in the book.
pub fn image_page(course_path: &str) -> String {
    match course_path.strip_prefix("docs/img/") {
        Some(name) => format!("{IMAGE_DIR}/{name}"),
        None => format!("{IMAGE_DIR}/{course_path}"),
    }
}

/// Is this file a picture a browser shows?
pub fn is_image(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// A relative link from one book page to another book file: from `01_threads/a.md` to
/// `tutorial.md` is `../tutorial.md`.
pub fn relative(from_page: &str, to: &str) -> String {
    let from_dirs: Vec<&str> = from_page.split('/').collect();
    let from_dirs = &from_dirs[..from_dirs.len() - 1];
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dirs
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts = vec![".."; from_dirs.len() - common];
    parts.extend(&to_parts[common..]);
    parts.join("/")
}

fn last_component(dir: &str) -> &str {
    dir.trim_end_matches('/').rsplit('/').next().unwrap_or(dir)
}

/// Brackets in a title would end the link text of SUMMARY.md early.
fn escape_title(title: &str) -> String {
    title.replace('[', "\\[").replace(']', "\\]")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_between_book_files() {
        assert_eq!(relative("01_threads/a.md", "tutorial.md"), "../tutorial.md");
        assert_eq!(relative("01_threads/a.md", "01_threads/b.md"), "b.md");
        assert_eq!(relative("intro.md", "01_threads/b.md"), "01_threads/b.md");
        assert_eq!(relative("x/y/a.md", "img/t.svg"), "../../img/t.svg");
    }

    #[test]
    fn pictures_keep_their_name_under_img() {
        assert_eq!(image_page("docs/img/timeline.svg"), "img/timeline.svg");
        assert_eq!(image_page("crates/x/pic.png"), "img/crates/x/pic.png");
        assert!(is_image("A.SVG") && !is_image("a.rs"));
    }
}
