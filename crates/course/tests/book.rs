//! `course book`: the book's sources made from the course's own text (SUMMARY.md in plan
//! order, links rewritten for the book, pictures copied, the API section last on exercise
//! pages), and the link check of a built book (a broken link, an anchor that does not exist).
//! No test needs mdBook: each runs the tool with a PATH on which there is none.

mod support;

use std::path::{Path, PathBuf};
use std::process::Output;
use support::{course_bin, main_root, stderr, stdout, target_root};

/// A fresh scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = target_root().join("course-tests").join("book").join(name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).unwrap();
    }
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// `course --root ROOT book ARGS`, with no mdBook anywhere on PATH.
fn book(root: &Path, args: &[&str]) -> Output {
    let empty_path = target_root()
        .join("course-tests")
        .join("book")
        .join("no-tools");
    std::fs::create_dir_all(&empty_path).unwrap();
    std::process::Command::new(course_bin())
        .arg("--root")
        .arg(root)
        .arg("book")
        .args(args)
        .env("PATH", &empty_path)
        .output()
        .unwrap()
}

/// The course's own text, copied into a scratch folder: what the book is made from.
fn copy_of_the_course(name: &str) -> PathBuf {
    let root = scratch(name);
    let main = main_root();
    for file in ["course.toml", "Cargo.toml", "README.md", "book/book.toml"] {
        write(&root, file, &read(&main, file));
    }
    // What the READMEs link to must exist, or the link is kept and named as going nowhere.
    for dir in ["docs", "authoring", "crates/toolkit/src"] {
        copy_tree(&main.join(dir), &root.join(dir), &|_| true);
    }
    copy_tree(&main.join("exercises"), &root.join("exercises"), &|p| {
        p.file_name().is_some_and(|n| n == "README.md")
    });
    root
}

fn copy_tree(from: &Path, to: &Path, keep: &dyn Fn(&Path) -> bool) {
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let path = entry.path();
        let dest = to.join(entry.file_name());
        if path.is_dir() {
            if entry.file_name() != "target" {
                copy_tree(&path, &dest, keep);
            }
        } else if keep(&path) {
            std::fs::create_dir_all(to).unwrap();
            std::fs::copy(&path, &dest).unwrap();
        }
    }
}

/// `[title](page)` entries of SUMMARY.md after `# Lessons`, with their indentation.
fn summary_lessons(summary: &str) -> Vec<(bool, String, String)> {
    let lessons = summary.split("# Lessons").nth(1).expect("a Lessons part");
    lessons
        .lines()
        .take_while(|l| !l.starts_with("---"))
        .filter_map(|line| {
            let nested = line.starts_with("  ");
            let rest = line.trim_start().strip_prefix("- [")?;
            let (title, rest) = rest.split_once("](")?;
            let page = rest.strip_suffix(')')?;
            Some((nested, title.to_string(), page.to_string()))
        })
        .collect()
}

#[test]
fn summary_lists_every_lesson_and_exercise_in_plan_order() {
    let root = copy_of_the_course("summary");
    let out = book(&root, &[]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    // Without mdBook, the sources are written and the learner is told how to get it.
    assert!(stdout(&out).contains("cargo install mdbook"), "{out:?}");

    let plan: toml::Value = toml::from_str(&read(&root, "course.toml")).unwrap();
    let mut expected = Vec::new();
    for lesson in plan["lessons"].as_array().unwrap() {
        let folder = lesson["dir"].as_str().unwrap().rsplit('/').next().unwrap();
        let title = lesson["title"].as_str().unwrap().to_string();
        expected.push((false, title, format!("{folder}.md")));
        for exercise in lesson["exercises"].as_array().unwrap() {
            let title = exercise["title"].as_str().unwrap().to_string();
            let dir = exercise["dir"].as_str().unwrap();
            expected.push((true, title, format!("{folder}/{dir}.md")));
        }
    }
    assert!(
        expected.len() > 20,
        "the real course has 5 lessons and 22 exercises"
    );
    let summary = read(&root, "book/src/SUMMARY.md");
    assert_eq!(summary_lessons(&summary), expected, "{summary}");
    for (_, _, page) in &expected {
        assert!(root.join("book/src").join(page).is_file(), "{page} missing");
    }
    assert!(
        summary.starts_with(
            "# Summary\n\n[Introduction](introduction.md)\n[The tutorial](tutorial.md)\n"
        ),
        "{summary}"
    );
}

#[test]
fn every_relative_link_of_the_generated_course_names_a_file_of_the_book() {
    let root = copy_of_the_course("links");
    let out = book(&root, &[]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
    let src = root.join("book/src");
    let mut pages = Vec::new();
    collect_markdown(&src, &mut pages);
    assert!(pages.len() > 28, "{pages:?}");
    let mut followed = 0;
    for page in &pages {
        let text = std::fs::read_to_string(page).unwrap();
        for dest in naive_links(&text) {
            let path = dest.split('#').next().unwrap();
            if path.is_empty() || path.contains("://") || path.starts_with("mailto:") {
                continue;
            }
            followed += 1;
            let target = page.parent().unwrap().join(path);
            assert!(
                target.is_file(),
                "{}: the link {dest} names no file of the book",
                page.display()
            );
        }
    }
    assert!(
        followed > 25,
        "only {followed} relative links: was anything rewritten?"
    );
    // The measured timeline is copied, and every lesson chapter shows it.
    assert!(src.join("img/timeline.svg").is_file());
    for lesson in ["01_threads", "02_processes", "03_async", "04_choosing"] {
        let text = read(&src, &format!("{lesson}.md"));
        assert!(text.contains("](img/timeline.svg)"), "{lesson}:\n{text}");
    }
}

#[test]
fn every_exercise_page_ends_with_its_api_links() {
    let root = copy_of_the_course("api");
    let out = book(&root, &[]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let mut pages = Vec::new();
    collect_markdown(&root.join("book/src"), &mut pages);
    let exercises: Vec<&PathBuf> = pages
        .iter()
        .filter(|p| p.parent().unwrap() != root.join("book/src"))
        .collect();
    // One page per exercise folder with a README (the plan and the folders agree: dev check).
    let readmes = std::fs::read_dir(root.join("exercises"))
        .unwrap()
        .flatten()
        .filter(|lesson| lesson.path().is_dir())
        .flat_map(|lesson| std::fs::read_dir(lesson.path()).unwrap().flatten())
        .filter(|exercise| exercise.path().join("README.md").is_file())
        .count();
    assert!(readmes >= 22, "only {readmes} exercise READMEs found");
    assert_eq!(exercises.len(), readmes, "one page per exercise");
    for page in exercises {
        let text = std::fs::read_to_string(page).unwrap();
        let last = text.rsplit("\n## ").next().unwrap();
        assert!(
            last.starts_with("API"),
            "{}: ends with ## {last}",
            page.display()
        );
        assert!(
            last.contains("https://doc.rust-lang.org/") || last.contains("https://docs.rs/"),
            "{}: no std / docs.rs link in\n{last}",
            page.display()
        );
    }
}

/// A small course: one lesson, two exercises, and each kind of link.
fn fixture_course(name: &str) -> PathBuf {
    let root = scratch(name);
    write(&root, "Cargo.toml", "[workspace]\n");
    write(&root, "book/book.toml", "[book]\ntitle = \"t\"\n");
    write(
        &root,
        "course.toml",
        r#"[course]
title = "Fixture"
tutorial = "docs/tutorial.md"
[[lessons]]
id = "one"
number = 1
title = "Lesson [one]"
dir = "exercises/01_one"
[[lessons.exercises]]
id = "first"
dir = "01_first"
title = "The first"
[[lessons.exercises]]
id = "second"
dir = "02_second"
title = "The second"
"#,
    );
    write(&root, "docs/tutorial.md", "# Tutorial\n\n## Part 1\n");
    write(
        &root,
        "docs/img/pic.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
    );
    write(&root, "crates/x/src/lib.rs", "//! x\n");
    write(
        &root,
        "README.md",
        "# Fixture\n\nRead [the tutorial](docs/tutorial.md#part-1), then\n[lesson one](exercises/01_one).\n\
         ![a picture](docs/img/pic.svg)\nThe [library](crates/x/src/lib.rs) and [`crates/x/src/lib.rs`](crates/x/src/lib.rs).\n\
         A [lost link](nope.md) and [a site](https://example.com/a).\n\n\
         ```md\n[kept](docs/tutorial.md)\n```\n\nCode: `[kept too](docs/tutorial.md)`.\n\n[ref]: docs/tutorial.md\n",
    );
    write(
        &root,
        "exercises/01_one/README.md",
        "# Lesson one\n\n| # | folder |\n|---|---|\n| 1 | [`01_first`](01_first) |\n| 2 | [`02_second`](02_second/) |\n\nBack to [the course](../../README.md#fixture).\n",
    );
    write(
        &root,
        "exercises/01_one/01_first/README.md",
        "# First\n\nSee [the lesson](../README.md) and [its test](tests/first.rs).\n\n## API\n- [`std::thread::spawn`](https://doc.rust-lang.org/std/thread/fn.spawn.html)\n\n## Key idea\nSpawn.\n",
    );
    write(&root, "exercises/01_one/01_first/tests/first.rs", "\n");
    write(
        &root,
        "exercises/01_one/02_second/README.md",
        "# Second\n\n## Key idea\nNo API section here.\n",
    );
    root
}

#[test]
fn links_are_rewritten_for_the_book() {
    let root = fixture_course("rewrite");
    let out = book(&root, &[]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let intro = read(&root, "book/src/introduction.md");
    for expected in [
        "[the tutorial](tutorial.md#part-1)",
        "[lesson one](01_one.md)",
        "![a picture](img/pic.svg)",
        "The library (in `crates/x/src/lib.rs`) and `crates/x/src/lib.rs`.",
        "[lost link](nope.md)",
        "[a site](https://example.com/a)",
        "```md\n[kept](docs/tutorial.md)\n```",
        "`[kept too](docs/tutorial.md)`",
        "[ref]: tutorial.md\n",
    ] {
        assert!(intro.contains(expected), "{expected:?} not in:\n{intro}");
    }
    assert_eq!(
        read(&root, "book/src/img/pic.svg"),
        read(&root, "docs/img/pic.svg")
    );
    let lesson = read(&root, "book/src/01_one.md");
    assert!(
        lesson.contains("[`01_first`](01_one/01_first.md)"),
        "{lesson}"
    );
    assert!(
        lesson.contains("[`02_second`](01_one/02_second.md)"),
        "{lesson}"
    );
    assert!(
        lesson.contains("[the course](introduction.md#fixture)"),
        "{lesson}"
    );
    let first = read(&root, "book/src/01_one/01_first.md");
    assert!(first.contains("[the lesson](../01_one.md)"), "{first}");
    assert!(
        first.contains("its test (in `exercises/01_one/01_first/tests/first.rs`)"),
        "{first}"
    );
    // The API section moves to the end of the page.
    assert!(first.trim_end().ends_with("fn.spawn.html)"), "{first}");
    assert!(first.find("## Key idea").unwrap() < first.find("## API").unwrap());

    // Titles come from course.toml, brackets escaped.
    let summary = read(&root, "book/src/SUMMARY.md");
    assert!(summary.contains("- [Lesson \\[one\\]](01_one.md)\n  - [The first](01_one/01_first.md)\n  - [The second](01_one/02_second.md)\n"), "{summary}");

    // What the generator could not place is named.
    let err = stderr(&out);
    assert!(
        err.contains("README.md: the link `nope.md` goes nowhere"),
        "{err}"
    );
    assert!(
        err.contains("exercises/01_one/02_second/README.md has no `## API` section"),
        "{err}"
    );
}

#[test]
fn html_and_check_need_mdbook_and_say_how_to_install_the_pinned_version() {
    let root = fixture_course("no-mdbook");
    for flag in ["--html", "--check"] {
        let out = book(&root, &[flag]);
        assert_eq!(out.status.code(), Some(2), "{flag}: {out:?}");
        let err = stderr(&out);
        assert!(err.contains("mdBook was not found"), "{err}");
        assert!(err.contains("bash .ci/book"), "{err}");
    }
    // .ci/book installs the version the tool names.
    let script = read(&main_root(), ".ci/book");
    let pinned = script
        .lines()
        .find_map(|l| l.strip_prefix("MDBOOK_VERSION="))
        .expect("MDBOOK_VERSION= in .ci/book");
    let err = stderr(&book(&root, &["--html"]));
    assert!(
        err.contains(&format!(
            "cargo install mdbook --locked --version {pinned} "
        )),
        "the tool and .ci/book pin different versions:\n{err}"
    );
}

#[test]
fn a_workspace_without_a_book_gets_exit_2() {
    let root = fixture_course("no-book");
    std::fs::remove_file(root.join("book/book.toml")).unwrap();
    let out = book(&root, &[]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(stderr(&out).contains("no book/book.toml"), "{out:?}");
    let unbuilt = fixture_course("not-built");
    let out = book(&unbuilt, &["--check-only"]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(stderr(&out).contains("build it first"), "{out:?}");
}

const INDEX: &str = r##"<!DOCTYPE html>
<html><head><link rel="stylesheet" href="css/site.css?v=1"></head>
<body id="top">
<a href="a.html">a</a> <a href='a.html#here'>here</a> <a href="#top">top</a>
<a href="sub/">sub</a> <img src="img/p%20q.svg" alt="">
<a href="https://example.com/x">x</a> <a href="https://example.com/x">x again</a>
<a href="mailto:someone@example.com">mail</a>
<!-- <a href="ghost-in-a-comment.html"> -->
<script>var s = '<a href="ghost-in-a-script.html">';</script>
BROKEN
</body></html>
"##;

#[test]
fn the_link_check_finds_a_broken_link_and_a_missing_anchor() {
    let root = fixture_course("linkcheck");
    let site = "book/book";
    write(
        &root,
        &format!("{site}/a.html"),
        "<h2 id=\"here\">Here</h2><a name=\"old\"></a>",
    );
    write(&root, &format!("{site}/css/site.css"), "");
    write(&root, &format!("{site}/img/p q.svg"), "<svg/>");
    write(
        &root,
        &format!("{site}/sub/index.html"),
        "<a href=\"../index.html#top\">up</a> <a href=\"../a.html#old\">old</a>",
    );
    let broken = "<a href=\"missing.html\">m</a> <a href=\"a.html#nowhere\">n</a> <a href=\"sub/index.html#gone\">g</a>";
    write(
        &root,
        &format!("{site}/index.html"),
        &INDEX.replace("BROKEN", broken),
    );

    let out = book(&root, &["--check-only"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = stderr(&out);
    assert!(
        err.contains("broken link on index.html: missing.html — no file missing.html in the book"),
        "{err}"
    );
    assert!(
        err.contains(
            "broken link on index.html: a.html#nowhere — a.html has no element with id \"nowhere\""
        ),
        "{err}"
    );
    assert!(
        err.contains("broken link on index.html: sub/index.html#gone"),
        "{err}"
    );
    assert!(err.contains("3 broken link(s)"), "{err}");
    assert!(
        !err.contains("ghost"),
        "links in comments and scripts are not links:\n{err}"
    );
    let text = stdout(&out);
    assert!(text.contains("https://example.com/x  (×2)"), "{text}");
    assert!(text.contains("mailto:someone@example.com"), "{text}");

    // Without the broken links, every relative link resolves.
    write(
        &root,
        &format!("{site}/index.html"),
        &INDEX.replace("BROKEN", ""),
    );
    let out = book(&root, &["--check-only"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(
        stdout(&out).contains("checked 3 pages: all 8 relative links resolve"),
        "{out:?}"
    );
}

fn collect_markdown(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_markdown(&path, out);
        } else if path.extension().is_some_and(|e| e == "md")
            && path.file_name().is_some_and(|n| n != "SUMMARY.md")
        {
            out.push(path);
        }
    }
}

/// The destinations of `](dest)` outside fenced code (good enough for the course's text).
fn naive_links(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        let mut rest = line;
        while let Some(at) = rest.find("](") {
            rest = &rest[at + 2..];
            let end = rest.find(')').unwrap_or(rest.len());
            out.push(rest[..end].to_string());
        }
    }
    out
}
