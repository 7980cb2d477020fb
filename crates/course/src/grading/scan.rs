//! A static scan of a student's sources, before anything is compiled.
//!
//! Two outcomes. **Refusals** score the exercise 0: anything that makes the compiler read
//! a file outside the exercise's `src/` (`#[path]`, `include!`, `include_str!`,
//! `include_bytes!` with a path leaving `src/`, or with anything but a plain string literal
//! we can check, or renamed through `use … as`; `#[debugger_visualizer]`). **Flags** are for
//! the instructor's review and cost nothing: code that exits the process, spawns programs,
//! touches the file system, the environment or the network, sets a panic hook, or writes
//! to the terminal directly.
//!
//! It is a token scan (comments and string contents skipped), not a compiler: code that
//! builds these names in a macro from pieces, or reaches them through a dependency, is not
//! seen. The refusals are built to fail closed (a form we cannot check is refused); the
//! flags are hints, not proof.

use std::path::{Component, Path, PathBuf};

/// A token of Rust source, as much as the scan needs.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Punct(char),
    Str(String),
    Other,
}

/// What the scan found in one exercise's sources.
#[derive(Debug, Default, Clone)]
pub struct Findings {
    /// Reasons the exercise scores 0 (file:line: what).
    pub refusals: Vec<String>,
    /// Notes for the instructor (file:line: what), at most one per kind and file.
    pub flags: Vec<String>,
}

/// Scans `files` (paths relative to `src/`, and their text).
pub fn scan(files: &[(PathBuf, String)]) -> Findings {
    let mut found = Findings::default();
    for (rel, text) in files {
        if rel.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let toks = lex(text);
        let shown = format!("src/{}", rel.display());
        refusals(rel, &shown, &toks, &mut found.refusals);
        flags(&shown, &toks, &mut found.flags);
    }
    found
}

fn refusals(rel: &Path, shown: &str, toks: &[(Tok, usize)], out: &mut Vec<String>) {
    let dir = rel.parent().unwrap_or(Path::new(""));
    let mut attr_depth: Option<usize> = None; // bracket depth inside `#[…]`
    for (i, (tok, line)) in toks.iter().enumerate() {
        let at = |k: usize| toks.get(i + k).map(|t| &t.0);
        match tok {
            Tok::Punct('#')
                if matches!(at(1), Some(Tok::Punct('[')))
                    || matches!(
                        (at(1), at(2)),
                        (Some(Tok::Punct('!')), Some(Tok::Punct('[')))
                    ) =>
            {
                attr_depth = Some(0)
            }
            Tok::Punct('[') if attr_depth.is_some() => attr_depth = attr_depth.map(|d| d + 1),
            Tok::Punct(']') if attr_depth.is_some() => {
                attr_depth = attr_depth.and_then(|d| d.checked_sub(1)).filter(|d| *d > 0)
            }
            Tok::Ident(name)
                if name == "include_str" || name == "include_bytes" || name == "include" =>
            {
                let bang = matches!(at(1), Some(Tok::Punct('!')));
                if name == "include"
                    && !bang
                    && !matches!(
                        i.checked_sub(1).and_then(|k| toks.get(k)),
                        Some((Tok::Punct(':'), _))
                    )
                {
                    continue; // a plain identifier called `include`
                }
                let literal = match (bang, at(2), at(3), at(4)) {
                    (
                        true,
                        Some(Tok::Punct('(' | '[' | '{')),
                        Some(Tok::Str(s)),
                        Some(Tok::Punct(')' | ']' | '}')),
                    ) => Some(s),
                    _ => None,
                };
                match literal {
                    None => out.push(format!(
                        "{shown}:{line}: `{name}` used in a form the grader cannot check; only `{name}!(\"file\")` with a literal path inside src/ is allowed"
                    )),
                    Some(path) if !inside(dir, path) => out.push(format!(
                        "{shown}:{line}: `{name}!(\"{}\")` reads a file outside src/ at compile time",
                        clean(path)
                    )),
                    Some(_) => {}
                }
            }
            Tok::Ident(name)
                if attr_depth.is_some()
                    && name == "path"
                    && matches!(at(1), Some(Tok::Punct('='))) =>
            {
                match at(2) {
                    Some(Tok::Str(path)) if inside(dir, path) && !path.contains("..") => {}
                    Some(Tok::Str(path)) => out.push(format!(
                        "{shown}:{line}: `#[path = \"{}\"]` points outside src/",
                        clean(path)
                    )),
                    _ => out.push(format!(
                        "{shown}:{line}: `#[path = …]` with a value that is not a plain string"
                    )),
                }
            }
            Tok::Ident(name) if name == "debugger_visualizer" => out.push(format!(
                "{shown}:{line}: `#[debugger_visualizer]` reads a file at compile time"
            )),
            _ => {}
        }
    }
}

/// Does `path` (as written in a source file of `dir`, relative to `src/`) stay inside `src/`?
fn inside(dir: &Path, path: &str) -> bool {
    if path.contains('\\') || path.contains('\0') || Path::new(path).is_absolute() {
        return false;
    }
    let mut depth = dir.components().count() as isize;
    for part in Path::new(path).components() {
        match part {
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::ParentDir => depth -= 1,
            Component::RootDir | Component::Prefix(_) => return false,
        }
        if depth < 0 {
            return false;
        }
    }
    true
}

/// The kinds of flag, and the identifiers that raise them.
const FLAGS: &[(&str, &[&str])] = &[
    ("exits the process", &["exit", "abort"]),
    ("spawns programs", &["Command"]),
    (
        "touches the file system",
        &["fs", "File", "OpenOptions", "read_dir", "current_exe"],
    ),
    (
        "reads or changes the environment",
        &["env", "var", "vars", "set_var", "remove_var", "option_env"],
    ),
    (
        "uses the network",
        &[
            "net",
            "TcpStream",
            "TcpListener",
            "UdpSocket",
            "ToSocketAddrs",
        ],
    ),
    ("sets a panic hook", &["set_hook", "take_hook"]),
    (
        "writes to the terminal directly",
        &["stdout", "stderr", "stdin"],
    ),
];

fn flags(shown: &str, toks: &[(Tok, usize)], out: &mut Vec<String>) {
    for (what, names) in FLAGS {
        let hit = toks.iter().find(|(t, _)| match t {
            Tok::Ident(n) => names.contains(&n.as_str()),
            _ => false,
        });
        if let Some((Tok::Ident(n), line)) = hit {
            out.push(format!("{shown}:{line}: {what} (`{n}`)"));
        }
    }
    if let Some((_, line)) = toks
        .iter()
        .find(|(t, _)| matches!(t, Tok::Str(s) if s.contains("/proc") || s.contains("/dev/fd")))
    {
        out.push(format!("{shown}:{line}: names /proc or /dev/fd"));
    }
}

/// A path as shown in a message: control characters replaced.
fn clean(text: &str) -> String {
    crate::grading::report::printable(text)
}

/// Splits Rust source into tokens with their line numbers; comments dropped, literals kept.
fn lex(text: &str) -> Vec<(Tok, usize)> {
    let c: Vec<char> = text.chars().collect();
    let (mut i, mut line, mut out) = (0usize, 1usize, Vec::new());
    let count = |s: &[char]| s.iter().filter(|&&ch| ch == '\n').count();
    while i < c.len() {
        let ch = c[i];
        let next = c.get(i + 1).copied();
        if ch == '\n' {
            line += 1;
            i += 1;
        } else if ch.is_whitespace() {
            i += 1;
        } else if ch == '/' && next == Some('/') {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if ch == '/' && next == Some('*') {
            let (start, mut depth) = (i, 0usize);
            while i < c.len() {
                if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            line += count(&c[start..i.min(c.len())]);
        } else if let Some((len, value)) = string_at(&c, i) {
            out.push((Tok::Str(value), line));
            line += count(&c[i..(i + len).min(c.len())]);
            i += len;
        } else if ch == '\'' {
            // A char literal ('a', '\n', '\u{1F600}') or a lifetime ('a).
            if next == Some('\\') {
                i += 2;
                while i < c.len() && c[i] != '\'' && c[i] != '\n' {
                    i += 1;
                }
                i += 1;
            } else if c.get(i + 2) == Some(&'\'') {
                i += 3;
            } else {
                i += 1;
            }
            out.push((Tok::Other, line));
        } else if ch.is_alphabetic() || ch == '_' {
            let start = i;
            while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_') {
                i += 1;
            }
            let mut word: String = c[start..i].iter().collect();
            if word == "r" && c.get(i) == Some(&'#') {
                // A raw identifier, r#name: the name is what counts.
                let s = i + 1;
                i = s;
                while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_') {
                    i += 1;
                }
                word = c[s..i].iter().collect();
            }
            out.push((Tok::Ident(word), line));
        } else if ch.is_ascii_digit() {
            while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_' || c[i] == '.') {
                i += 1;
            }
            out.push((Tok::Other, line));
        } else {
            out.push((Tok::Punct(ch), line));
            i += 1;
        }
    }
    out
}

/// A string literal starting at `i` ("…", b"…", c"…", r#"…"#, br"…", cr"…"): its length in
/// chars and its contents (escapes kept as written).
fn string_at(c: &[char], i: usize) -> Option<(usize, String)> {
    let mut j = i;
    if matches!(c.get(j), Some('b' | 'c')) {
        j += 1;
    }
    let raw = c.get(j) == Some(&'r');
    if raw {
        j += 1;
    }
    // An identifier that merely starts with b, c or r is not a string.
    if j > i && i > 0 && (c[i - 1].is_alphanumeric() || c[i - 1] == '_') {
        return None;
    }
    if raw {
        let hashes = c[j..].iter().take_while(|&&ch| ch == '#').count();
        j += hashes;
        if c.get(j) != Some(&'"') {
            return None;
        }
        let body = j + 1;
        let mut k = body;
        while k < c.len() {
            if c[k] == '"'
                && c[k + 1..]
                    .iter()
                    .take(hashes)
                    .filter(|&&ch| ch == '#')
                    .count()
                    == hashes
            {
                let value: String = c[body..k].iter().collect();
                return Some((k + 1 + hashes - i, value));
            }
            k += 1;
        }
        return Some((c.len() - i, c[body..].iter().collect()));
    }
    if c.get(j) != Some(&'"') {
        return None;
    }
    let body = j + 1;
    let mut k = body;
    while k < c.len() && c[k] != '"' {
        k += if c[k] == '\\' { 2 } else { 1 };
    }
    let end = k.min(c.len());
    Some((end + 1 - i, c[body..end].iter().collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(src: &str) -> Vec<String> {
        scan(&[(PathBuf::from("lib.rs"), src.to_string())]).refusals
    }

    #[test]
    fn paths_leaving_src_are_refused() {
        assert_eq!(refused("#[path = \"../../x/lib.rs\"] mod m;").len(), 1);
        assert_eq!(refused("#[path=\"/abs/lib.rs\"]\nmod m;").len(), 1);
        assert_eq!(
            refused("#[cfg_attr(all(), path = \"/a.rs\")] mod m;").len(),
            1
        );
        assert_eq!(
            refused("const S: &str = include_str!(\"/etc/passwd\");").len(),
            1
        );
        assert_eq!(
            refused("const S: &str = include_str!(concat!(\"/etc\", \"/passwd\"));").len(),
            1
        );
        assert_eq!(refused("use std::include_bytes as b;").len(), 1);
        assert_eq!(
            refused("include!(r#\"../../../solutions/x.rs\"#);").len(),
            1
        );
    }

    #[test]
    fn ordinary_code_and_comments_pass() {
        assert!(
            refused("// include_str!(\"/etc/passwd\")\nconst S: &str = \"#[path = \\\"/x\\\"]\";")
                .is_empty()
        );
        assert!(
            refused(
                "const S: &str = include_str!(\"data.txt\"); fn f<'a>(x: &'a str) -> char { 'x' }"
            )
            .is_empty()
        );
        assert!(refused("#[path = \"inner.rs\"] mod inner;").is_empty());
    }

    #[test]
    fn flags_name_the_kind_and_the_line() {
        let f = scan(&[(
            PathBuf::from("lib.rs"),
            "fn f() {\n    std::process::exit(0)\n}".into(),
        )]);
        assert_eq!(
            f.flags,
            vec!["src/lib.rs:2: exits the process (`exit`)".to_string()]
        );
    }
}
