//! Finding the links of a markdown file, so that they can be changed one by one: inline
//! links and pictures (`[text](dest)`, `![alt](dest)`) and reference definitions
//! (`[label]: dest`). Code is left alone: fenced blocks and `code spans` often show links
//! as text, and those must stay exactly as written.

/// A link found in the text (a picture's `alt` counts as its text).
#[derive(Debug, Clone, Copy)]
pub struct Link<'a> {
    /// The link text (or the label of a reference definition), as written.
    pub text: &'a str,
    /// Where it points, as written (without `<>` or a title).
    pub dest: &'a str,
}

/// What to do with a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fix {
    /// Leave it as it is.
    Keep,
    /// Point it elsewhere.
    Dest(String),
    /// Replace the whole link by this text (a reference definition cannot be, and is kept).
    Text(String),
}

/// The text with every link outside code passed through `fix`.
pub fn rewrite_links(text: &str, fix: &mut dyn FnMut(Link) -> Fix) -> String {
    let mut out = String::with_capacity(text.len());
    let mut fence: Option<String> = None;
    let mut block = String::new();
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(open) = &fence {
            out.push_str(line);
            if trimmed.trim_end().starts_with(open.as_str()) {
                fence = None;
            }
        } else if let Some(marker) = fence_marker(trimmed) {
            out.push_str(&rewrite_block(&block, fix));
            block.clear();
            out.push_str(line);
            fence = Some(marker);
        } else if let Some(rewritten) = reference_definition(line, fix) {
            out.push_str(&rewrite_block(&block, fix));
            block.clear();
            out.push_str(&rewritten);
        } else {
            block.push_str(line);
        }
    }
    out.push_str(&rewrite_block(&block, fix));
    out
}

/// "```rust" opens a fence that "```" closes (also "~~~").
fn fence_marker(trimmed: &str) -> Option<String> {
    let ch = trimmed.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let run = trimmed.chars().take_while(|c| *c == ch).count();
    (run >= 3).then(|| ch.to_string().repeat(run))
}

/// `[label]: dest "title"` on a line of its own: the line with `dest` fixed, or `None` when
/// the line is not a definition.
fn reference_definition(line: &str, fix: &mut dyn FnMut(Link) -> Fix) -> Option<String> {
    let indent = line.len() - line.trim_start().len();
    let rest = line.trim_start().strip_prefix('[')?;
    let (label, after) = rest.split_once("]:")?;
    if indent > 3 || label.is_empty() || label.contains(']') {
        return None;
    }
    let dest_start = after.len() - after.trim_start().len();
    let dest = after[dest_start..].split_whitespace().next()?;
    let link = Link { text: label, dest };
    Some(match fix(link) {
        Fix::Dest(new) => {
            let head = &line[..line.len() - after.len() + dest_start];
            let tail = &after[dest_start + dest.len()..];
            format!("{head}{new}{tail}")
        }
        Fix::Keep | Fix::Text(_) => line.to_string(),
    })
}

/// Rewrites the inline links of a run of lines that holds no fenced code.
fn rewrite_block(block: &str, fix: &mut dyn FnMut(Link) -> Fix) -> String {
    let bytes = block.as_bytes();
    let mut out = String::with_capacity(block.len());
    let (mut copied, mut i) = (0, 0);
    let mut opens: Vec<usize> = Vec::new();
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'`' => i = skip_code_span(bytes, i),
            b'[' => {
                opens.push(i);
                i += 1;
            }
            b']' => {
                let Some(open) = opens.pop() else {
                    i += 1;
                    continue;
                };
                let Some((dest, close)) = destination(block, i + 1) else {
                    i += 1;
                    continue;
                };
                let image = open > 0 && bytes[open - 1] == b'!';
                let link = Link {
                    text: &block[open + 1..i],
                    dest: &block[dest.0..dest.1],
                };
                match fix(link) {
                    Fix::Keep => {}
                    Fix::Dest(new) => {
                        out.push_str(&block[copied..dest.0]);
                        out.push_str(&new);
                        copied = dest.1;
                    }
                    Fix::Text(text) => {
                        out.push_str(&block[copied..open - usize::from(image)]);
                        out.push_str(&text);
                        copied = close + 1;
                    }
                }
                opens.clear();
                i = close + 1;
            }
            _ => i += 1,
        }
    }
    out.push_str(&block[copied.min(block.len())..]);
    out
}

/// The index just after the code span that starts at `start` (a run of n backticks ends at
/// the next run of exactly n); a lone run is plain text.
fn skip_code_span(bytes: &[u8], start: usize) -> usize {
    let run = bytes[start..].iter().take_while(|b| **b == b'`').count();
    let mut i = start + run;
    while i < bytes.len() {
        if bytes[i] == b'`' {
            let other = bytes[i..].iter().take_while(|b| **b == b'`').count();
            if other == run {
                return i + other;
            }
            i += other;
        } else {
            i += 1;
        }
    }
    start + run
}

/// After `]` at `at - 1`: `(dest)`, `(<dest>)` or `(dest "title")`. Returns the byte range of
/// the destination and the index of the closing `)`.
fn destination(block: &str, at: usize) -> Option<((usize, usize), usize)> {
    let bytes = block.as_bytes();
    if bytes.get(at) != Some(&b'(') {
        return None;
    }
    let mut start = at + 1;
    while bytes.get(start) == Some(&b' ') {
        start += 1;
    }
    let end = if bytes.get(start) == Some(&b'<') {
        start += 1;
        start + block[start..].find('>')?
    } else {
        let mut depth = 0usize;
        let mut i = start;
        while let Some(&b) = bytes.get(i) {
            match b {
                b'(' => depth += 1,
                b')' if depth == 0 => break,
                b')' => depth -= 1,
                b' ' | b'\n' => break,
                _ => {}
            }
            i += 1;
        }
        i
    };
    let close = end + block[end..].find(')')?;
    // Between the destination and `)` only a title may stand, never another line's text.
    if block[end..close].contains('\n') && !block[end..close].trim_start().starts_with('"') {
        return None;
    }
    Some(((start, end), close))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every link's destination upper-cased, to see which ones the scanner found.
    fn shout(text: &str) -> String {
        rewrite_links(text, &mut |link: Link| Fix::Dest(link.dest.to_uppercase()))
    }

    #[test]
    fn links_are_found_across_lines_with_code_in_their_text_and_titles() {
        assert_eq!(
            shout("see [the\ntutorial](a.md) and [`x::y`](b.md#c \"title\") or ![p](<d e.svg>)\n"),
            "see [the\ntutorial](A.MD) and [`x::y`](B.MD#C \"title\") or ![p](<D E.SVG>)\n"
        );
        assert_eq!(shout("a [x] b [y](f(1).md)\n"), "a [x] b [y](F(1).MD)\n");
    }

    #[test]
    fn code_and_plain_brackets_are_left_alone() {
        let text = "`[a](b.md)` and ``[c](d.md)``\n```md\n[e](f.md)\n```\n~~~\n[g](h.md)\n~~~\n[i] (j.md)\n";
        assert_eq!(shout(text), text);
    }

    #[test]
    fn a_link_becomes_text_and_a_definition_gets_a_new_destination() {
        let text = "x ![a](b.svg) y\n[label]: c.md \"t\"\n";
        let out = rewrite_links(text, &mut |link: Link| match link.dest {
            "b.svg" => Fix::Text(format!("<{}>", link.text)),
            _ => Fix::Dest("d.md".into()),
        });
        assert_eq!(out, "x <a> y\n[label]: d.md \"t\"\n");
    }
}
