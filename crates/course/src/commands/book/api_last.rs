//! Every exercise page ends with the std / docs.rs links of its README: the README's `## API`
//! (or `## APIs`) section is moved to the end of the page, wherever the README has it.

/// Hosts of the API documentation an exercise page must link to.
const DOC_HOSTS: [&str; 2] = ["https://doc.rust-lang.org/", "https://docs.rs/"];

/// The exercise page with its API section last, or `None` when the README has no API section
/// with a link to doc.rust-lang.org or docs.rs (the caller names the exercise).
pub fn api_section_last(text: &str) -> Option<String> {
    let sections = split_sections(text);
    let api = sections.iter().position(|s| is_api_heading(s))?;
    if !DOC_HOSTS.iter().any(|host| sections[api].contains(host)) {
        return None;
    }
    let mut ordered: Vec<&str> = sections.clone();
    let section = ordered.remove(api);
    ordered.push(section);
    let mut out = String::with_capacity(text.len() + 2);
    for part in ordered {
        let part = part.trim_end_matches('\n');
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(part);
    }
    out.push('\n');
    Some(out)
}

fn is_api_heading(section: &str) -> bool {
    section
        .strip_prefix("## ")
        .is_some_and(|heading| heading.starts_with("API"))
}

/// The text cut before each `## ` heading outside fenced code (the first part is what comes
/// before the first such heading).
fn split_sections(text: &str) -> Vec<&str> {
    let mut starts = vec![0];
    let mut in_fence = false;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
        } else if !in_fence && line.starts_with("## ") && at > 0 {
            starts.push(at);
        }
        at += line.len();
    }
    starts.push(text.len());
    starts.windows(2).map(|w| &text[w[0]..w[1]]).collect()
}
