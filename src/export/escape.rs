//! Escaping user text on the way out. Notes, names and titles come from people and pasted
//! text, so nothing they type may break a Markdown table, start a heading or list, hide as
//! HTML, or run as a spreadsheet formula. JSON needs nothing here: serde escapes it.
//!
//! Markdown escapes use backslashes (CommonMark lets any ASCII punctuation be escaped), and
//! only for the characters that can mean something, so a report pasted into an email as
//! plain text still reads naturally.

use std::borrow::Cow;

/// Text for one line of Markdown: a table cell, a heading, a bold label. Line breaks become
/// " / " (a table row cannot hold a line break, and `<br>` is exactly the HTML that is
/// escaped), and every character that can start markup or end a cell is escaped.
pub fn escape_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    push_cell(&mut out, text);
    out
}

/// Running text: a paragraph or a list item whose continuation lines are indented by
/// `indent` (two spaces under "- ", four under a nested "  - "). Markup is escaped as in
/// [`escape_cell`], and so is anything at the start of a line that would begin a block (a
/// list, an ordered list, a setext underline). Each line break is kept as a hard break
/// (`\` at the end of the line), so a note written on two lines still reads on two lines.
pub fn escape_text(text: &str, indent: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    push_text(&mut out, text, indent);
    out
}

/// [`escape_cell`], appended to `out`.
pub fn push_cell(out: &mut String, text: &str) {
    for_each_line(text, |n, line| {
        if n > 0 {
            out.push_str(" / ");
        }
        push_escaped(out, line);
    });
}

/// [`escape_text`], appended to `out`.
pub fn push_text(out: &mut String, text: &str, indent: &str) {
    for_each_line(text, |n, line| {
        if n > 0 {
            out.push_str("\\\n");
            out.push_str(indent);
        }
        escape_line_start(out, line);
    });
}

/// A spreadsheet cell that cannot run as a formula: a cell starting with `=`, `+`, `-`,
/// `@`, a tab or a carriage return gets a leading `'`, which spreadsheets read as "this is
/// text" and do not show. (OWASP's advice for CSV injection.)
pub fn csv_cell(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// Calls `each` with the number and text of every non-empty line of `text`, trimmed, with
/// tabs as spaces and control characters and bidirectional overrides gone. Input is cleaned
/// on the way in already; this is the second line of defence, for a journal edited by
/// hand, so the usual clean line is passed through without a copy.
fn for_each_line(text: &str, mut each: impl FnMut(usize, &str)) {
    let mut n = 0;
    let mut scratch = String::new();
    for line in text.split(['\n', '\r']) {
        let dirty = if line.is_ascii() {
            line.bytes().any(|b| b.is_ascii_control())
        } else {
            line.chars().any(|c| c.is_control() || is_bidi_control(c))
        };
        let line = if dirty {
            scratch.clear();
            scratch.extend(
                line.chars()
                    .map(|c| if c == '\t' { ' ' } else { c })
                    .filter(|&c| !c.is_control() && !is_bidi_control(c)),
            );
            scratch.trim()
        } else {
            line.trim()
        };
        if !line.is_empty() {
            each(n, line);
            n += 1;
        }
    }
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// One line of running text: what would begin a block at the start of a line is escaped
/// first, then the line as everywhere.
fn escape_line_start(out: &mut String, line: &str) {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if line.starts_with(['-', '+', '=']) {
        // "- x" a list, "---" a rule, "===" a heading underline.
        out.push('\\');
        push_escaped(out, line);
    } else if (1..=9).contains(&digits) && line[digits..].starts_with(['.', ')']) {
        // "2026. A year" would start an ordered list.
        out.push_str(&line[..digits]);
        out.push('\\');
        push_escaped(out, &line[digits..]);
    } else {
        push_escaped(out, line);
    }
}

/// Emphasis, code, links, HTML, headings, quotes, table cells, strikethrough, GitHub's
/// maths, and the escape character itself. (`&` is looked at on its own.)
fn special(b: u8) -> bool {
    matches!(
        b,
        b'\\' | b'`' | b'*' | b'_' | b'[' | b']' | b'<' | b'>' | b'|' | b'#' | b'~' | b'$' | b'&'
    )
}

fn push_escaped(out: &mut String, line: &str) {
    // Every special character is ASCII, so runs between them are copied whole.
    let mut from = 0;
    for (at, b) in line.bytes().enumerate() {
        if !special(b) {
            continue;
        }
        // "&amp;" or "&#60;" would turn into a character; "Q&A" is plain.
        if b == b'&' && !looks_like_entity(&line[at + 1..]) {
            continue;
        }
        out.push_str(&line[from..at]);
        out.push('\\');
        from = at;
    }
    out.push_str(&line[from..]);
}

/// What follows an `&` reads as a character reference: a name or number, then `;`.
fn looks_like_entity(rest: &str) -> bool {
    let rest = rest.strip_prefix('#').unwrap_or(rest);
    let name = rest.bytes().take_while(u8::is_ascii_alphanumeric).count();
    name > 0 && rest[name..].starts_with(';')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_one_line() {
        assert_eq!(escape_cell("a\nb\r\n\nc"), "a / b / c");
        assert_eq!(escape_cell("x | y"), "x \\| y");
    }

    #[test]
    fn text_keeps_its_lines_as_hard_breaks() {
        assert_eq!(escape_text("one\ntwo", "  "), "one\\\n  two");
        assert_eq!(
            escape_text("- a\n1. b\n2026) c", ""),
            "\\- a\\\n1\\. b\\\n2026\\) c"
        );
    }

    #[test]
    fn formulas_are_guarded() {
        assert_eq!(csv_cell("=1+1"), "'=1+1");
        assert_eq!(csv_cell("a=1"), "a=1");
    }
}
