//! A small scan of HTML tags and their attributes: enough to check a generated book's links,
//! not a full parser. Comments and the insides of `<script>` and `<style>` are skipped, since
//! JavaScript strings such as `'<a href="' + path` are not links of the page.

/// One start tag: its name (lower case) and attributes (names lower case, values with the
/// character references `&amp;`, `&quot;`, `&#39;`, … decoded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// `a`, `img`, `link`, …
    pub name: String,
    /// `(name, value)` in the order written; a bare attribute has an empty value.
    pub attrs: Vec<(String, String)>,
}

impl Tag {
    /// The value of an attribute, if the tag has it.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Every start tag of the document, in order.
pub fn tags(html: &str) -> Vec<Tag> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |end| &after[end + 3..]);
            continue;
        }
        let Some((tag, after)) = start_tag(&rest[1..]) else {
            rest = &rest[1..];
            continue;
        };
        rest = after;
        if tag.name == "script" || tag.name == "style" {
            let close = format!("</{}", tag.name);
            rest = find_ascii_ci(rest, &close).map_or("", |end| &rest[end..]);
        }
        out.push(tag);
    }
    out
}

/// Parses `name attr="v" ...>` (after the `<`); returns the tag and the text after `>`.
fn start_tag(s: &str) -> Option<(Tag, &str)> {
    let name_len = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .unwrap_or(s.len());
    if name_len == 0 || !s.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let name = s[..name_len].to_ascii_lowercase();
    let mut rest = &s[name_len..];
    let mut attrs = Vec::new();
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if let Some(after) = rest.strip_prefix('>') {
            return Some((Tag { name, attrs }, after));
        }
        let attr_len = rest.find(|c: char| c.is_whitespace() || "=>/".contains(c))?;
        if attr_len == 0 {
            return None;
        }
        let attr = rest[..attr_len].to_ascii_lowercase();
        rest = rest[attr_len..].trim_start();
        let value = if let Some(after_eq) = rest.strip_prefix('=') {
            let (value, after) = attribute_value(after_eq.trim_start())?;
            rest = after;
            decode_entities(value)
        } else {
            String::new()
        };
        attrs.push((attr, value));
    }
}

/// `"v"`, `'v'` or `v`: the raw value and the rest.
fn attribute_value(s: &str) -> Option<(&str, &str)> {
    match s.chars().next()? {
        quote @ ('"' | '\'') => {
            let end = s[1..].find(quote)? + 1;
            Some((&s[1..end], &s[end + 1..]))
        }
        _ => {
            let end = s
                .find(|c: char| c.is_whitespace() || c == '>')
                .unwrap_or(s.len());
            Some((&s[..end], &s[end..]))
        }
    }
}

/// The character references a generator writes in attribute values.
pub fn decode_entities(value: &str) -> String {
    if !value.contains('&') {
        return value.to_string();
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest.find(';').and_then(|semi| {
            let name = &rest[1..semi];
            let ch = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => numeric_reference(name),
            };
            ch.map(|c| (c, semi + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `#39` or `#x27`.
fn numeric_reference(name: &str) -> Option<char> {
    let digits = name.strip_prefix('#')?;
    let code = match digits.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => digits.parse().ok()?,
    };
    char::from_u32(code)
}

/// The byte index of `needle` (ASCII) in `haystack`, ignoring ASCII case.
fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_in_every_quoting_style_with_references_decoded() {
        let found = tags("<A HREF='a.html#x' data-x=1 hidden src=\"b?x=1&amp;y=&#50;\">t</a><br/>");
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].name, "a");
        assert_eq!(found[0].attr("href"), Some("a.html#x"));
        assert_eq!(found[0].attr("data-x"), Some("1"));
        assert_eq!(found[0].attr("hidden"), Some(""));
        assert_eq!(found[0].attr("src"), Some("b?x=1&y=2"));
        assert_eq!(found[1].name, "br");
    }

    #[test]
    fn comments_scripts_and_styles_hold_no_tags() {
        let html = "<!-- <a href=x> --><script>'<a href=\"y\">'</script><STYLE>a{}</style><p id=z>";
        let names: Vec<String> = tags(html).into_iter().map(|t| t.name).collect();
        assert_eq!(names, ["script", "style", "p"]);
    }
}
