//! Escaping user text on the way out. Notes, names and titles come from people and pasted
//! text, so nothing they type may break a Markdown table, start a heading or list, hide as
//! HTML, or run as a spreadsheet formula. JSON needs nothing here: serde escapes it.
//!
//! Markdown escapes use backslashes (CommonMark lets any ASCII punctuation be escaped), and
//! only where Markdown would misread the character in its place: `#` only where it would
//! start a heading, `|` only inside a table, `_` and `*` only where they could open or close
//! emphasis (so `snake_case`, `@Wirral_Libs` and "5 * 3" stay as typed), `[` and `]` only
//! where they could make a link. A report pasted into an email or Teams as plain text then
//! reads as people wrote it: `#HIW2026`, `+44 151 555 0100`, `e-mail`.

use std::borrow::Cow;

use crate::session::text::strip;

/// Where a piece of text goes, which decides what in it means something.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// A table cell: a `|` would end it.
    Cell,
    /// One line outside a table: a heading, a bold label, a sentence.
    Line,
    /// Running text: a paragraph or a list item, every line of it at a line's start.
    Text,
}

/// Text for one table cell. Line breaks become " / " (a table row cannot hold a line break,
/// and `<br>` would be HTML), every `|` is escaped, and whatever else could be markup.
pub fn escape_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    push_cell(&mut out, text);
    out
}

/// Text inside one line outside a table, never at its start: a heading's title, a bold
/// label, a quoted title. Line breaks become " / "; a heading's closing `#`s at its end are
/// escaped, but not a `|`. (Text that starts a line is running text: [`escape_text`].)
pub fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    push_inline(&mut out, text);
    out
}

/// Running text: a paragraph or a list item whose continuation lines are indented by
/// `indent` (two spaces under "- ", four under a nested "  - "). Markup is escaped as in
/// [`escape_inline`], and at the start of every line what would begin a block (a heading,
/// a list, a quote, a rule, a fence, a table's delimiter row). Each line break is kept as a
/// hard break (`\` at the end of the line), so a note written on two lines reads on two.
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
        push_escaped(out, line, Place::Cell, false);
    });
}

/// [`escape_inline`], appended to `out`.
pub fn push_inline(out: &mut String, text: &str) {
    for_each_line(text, |n, line| {
        if n > 0 {
            out.push_str(" / ");
        }
        push_escaped(out, line, Place::Line, false);
    });
}

/// [`escape_text`], appended to `out`.
pub fn push_text(out: &mut String, text: &str, indent: &str) {
    for_each_line(text, |n, line| {
        if n > 0 {
            out.push_str("\\\n");
            out.push_str(indent);
        }
        push_escaped(out, line, Place::Text, true);
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

/// Calls `each` with the number and text of every non-empty line of `text`, trimmed, after
/// [`strip`]: escape sequences (whole, so no `]0;title` is left behind), control characters
/// and bidirectional overrides gone, tabs as spaces. Input is cleaned on the way in already;
/// this is the second line of defence, for a journal edited by hand, and a clean text is
/// not copied.
fn for_each_line(text: &str, mut each: impl FnMut(usize, &str)) {
    let text = strip(text);
    let mut n = 0;
    for line in text.split(['\n', '\r']) {
        let line = line.trim();
        if !line.is_empty() {
            each(n, line);
            n += 1;
        }
    }
}

fn is_space(c: Option<char>) -> bool {
    c.is_none_or(char::is_whitespace)
}

/// Where a line would begin a block, the byte to escape: `# heading`, `- item`, `+ item`,
/// `* item`, `1. item`, `2) item`, `> quote`, a rule (`***`, `- - -`, `___`), a setext
/// underline (`===`, `--`), a fence (`~~~`; backticks are always escaped) or a task box.
fn block_start(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let first = *bytes.first()?;
    let after = |at: usize| line[at..].chars().next();
    match first {
        b'#' => {
            let hashes = bytes.iter().take_while(|&&b| b == b'#').count();
            (hashes <= 6 && is_space(after(hashes))).then_some(0)
        }
        b'>' => Some(0),
        b'-' | b'+' | b'*' if is_space(after(1)) => Some(0),
        b'-' | b'*' | b'_' => {
            // A rule: three or more of one of them, spaces between allowed; or an underline.
            let marks = bytes.iter().filter(|&&b| b == first).count();
            let only = bytes.iter().all(|&b| b == first || b == b' ' || b == b'\t');
            let underline = first == b'-' && bytes.iter().all(|&b| b == b'-');
            (only && marks >= 3 || underline).then_some(0)
        }
        b'=' => bytes.iter().all(|&b| b == b'=').then_some(0),
        b'~' => line.starts_with("~~~").then_some(0),
        b'[' => matches!(bytes.get(1..3), Some([b' ' | b'x' | b'X', b']'])).then_some(0),
        b'0'..=b'9' => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            let marker = matches!(bytes.get(digits), Some(b'.' | b')'));
            (digits <= 9 && marker && is_space(after(digits + 1))).then_some(digits)
        }
        _ => None,
    }
}

/// A line that could be a table's delimiter row (`|---|:--:|`): only pipes, dashes, colons
/// and spaces, with a pipe and a dash. In running text its pipes are escaped, so no table can
/// start inside a note.
fn delimiter_row(line: &str) -> bool {
    line.bytes()
        .all(|b| matches!(b, b'|' | b'-' | b':' | b' ' | b'\t'))
        && line.contains('|')
        && line.contains('-')
}

/// A heading's closing sequence, which Markdown would drop: `#`s at the end after a space.
fn closing_hashes(line: &str) -> Option<usize> {
    let start = line.trim_end_matches('#').len();
    (start < line.len() && (start == 0 || line[..start].ends_with([' ', '\t']))).then_some(start)
}

/// Whether a run of `*`, `_` or `~` could open or close emphasis (or strikethrough), from
/// the characters either side. A line's ends count as punctuation, the cautious reading:
/// the report may put its own `**` or `*(` right there, and a `*` touching them would join
/// their run.
fn emphasis(mark: u8, run: usize, before: Option<char>, after: Option<char>) -> bool {
    let space = |c: Option<char>| c.is_some_and(char::is_whitespace);
    let punct = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric() && !c.is_whitespace());
    let left = !space(after) && (!punct(after) || space(before) || punct(before));
    let right = !space(before) && (!punct(before) || space(after) || punct(after));
    if mark == b'*' || (mark == b'~' && run > 1) {
        left || right
    } else {
        // `_` and a single `~` never open or close inside a word.
        (left && (space(before) || punct(before))) || (right && (space(after) || punct(after)))
    }
}

fn push_escaped(out: &mut String, line: &str, place: Place, line_start: bool) {
    let bytes = line.as_bytes();
    let block = if line_start { block_start(line) } else { None };
    let closing = if place == Place::Line {
        closing_hashes(line)
    } else {
        None
    };
    let pipes = match place {
        Place::Cell => true,
        Place::Line => false,
        Place::Text => delimiter_row(line),
    };
    let before = |at: usize| line[..at].chars().next_back();
    let after = |at: usize| line[at..].chars().next();
    // Every special character is ASCII, so runs between them are copied whole.
    let mut from = 0;
    let mut at = 0;
    while at < bytes.len() {
        let b = bytes[at];
        let mut run = 1;
        let escape = Some(at) == block
            || Some(at) == closing
            || match b {
                // Before punctuation it would escape it; at the end, whatever comes next.
                b'\\' => bytes.get(at + 1).is_none_or(u8::is_ascii_punctuation),
                b'`' => true,
                // A tag, a comment or an autolink; "5 < 6" is plain.
                b'<' => !is_space(after(at + 1)),
                // "&amp;" or "&#60;" would turn into a character; "Q&A" is plain.
                b'&' => looks_like_entity(&line[at + 1..]),
                b'|' => pipes,
                // "](", "][" and "]:" make links and link definitions.
                b']' => matches!(bytes.get(at + 1), Some(b'(' | b'[' | b':')),
                // Maths closes at a `$` after a non-space, and `$$` opens a display either way.
                b'$' => !is_space(before(at)) || at == 0 || bytes.get(at + 1) == Some(&b'$'),
                b'*' | b'_' | b'~' => {
                    run = bytes[at..].iter().take_while(|&&c| c == b).count();
                    emphasis(b, run, before(at), after(at + run))
                }
                _ => false,
            };
        if escape {
            out.push_str(&line[from..at]);
            for _ in 0..run {
                out.push('\\');
                out.push(b as char);
            }
            from = at + run;
        }
        at += run;
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
        assert_eq!(escape_inline("x | y"), "x | y");
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
    fn block_starts_only_at_the_start_of_a_line() {
        assert_eq!(escape_text("# x", ""), "\\# x");
        assert_eq!(escape_text("#HIW2026", ""), "#HIW2026");
        assert_eq!(escape_text("a # x", ""), "a # x");
        assert_eq!(escape_text("***", ""), "\\*\\*\\*");
        assert_eq!(escape_text("- - -", ""), "\\- - -");
        assert_eq!(escape_text("a\n--", ""), "a\\\n\\--");
        assert_eq!(escape_text("> x", ""), "\\> x");
        assert_eq!(escape_text("a > b", ""), "a > b");
        assert_eq!(escape_text("[ ] task", ""), "\\[ ] task");
        assert_eq!(escape_text("a\n|---|", ""), "a\\\n\\|---\\|");
        assert_eq!(escape_inline("Room ##"), "Room \\##");
        assert_eq!(escape_inline("Room#"), "Room#");
    }

    #[test]
    fn emphasis_only_where_it_could_open_or_close() {
        assert_eq!(
            escape_text("snake_case @Wirral_Libs", ""),
            "snake_case @Wirral_Libs"
        );
        assert_eq!(escape_text("5 * 3", ""), "5 * 3");
        assert_eq!(escape_text("*leaflets*", ""), "\\*leaflets\\*");
        assert_eq!(escape_text("_each other_", ""), "\\_each other\\_");
        assert_eq!(escape_text("a**b", ""), "a\\*\\*b");
        // At either end a `*` could join the report's own `**`.
        assert_eq!(escape_inline("*"), "\\*");
        assert_eq!(escape_inline("5 *"), "5 \\*");
        assert_eq!(escape_text("~~x~~ and 3~4", ""), "\\~\\~x\\~\\~ and 3~4");
    }

    #[test]
    fn links_maths_and_html_only_where_they_could_form() {
        assert_eq!(escape_text("[a](b)", ""), "[a\\](b)");
        assert_eq!(escape_text("[draft] terms", ""), "[draft] terms");
        assert_eq!(escape_text("5 < 6 <b>", ""), "5 < 6 \\<b>");
        assert_eq!(escape_text("costs $5 or US$6", ""), "costs $5 or US\\$6");
        assert_eq!(escape_text("C:\\Users a\\", ""), "C:\\Users a\\\\");
    }

    #[test]
    fn an_escape_sequence_goes_whole() {
        assert_eq!(escape_text("a\u{1b}]0;title\u{7}b \u{1b}[2Jc", ""), "ab c");
        assert_eq!(escape_cell("x\u{202e}y\tz"), "xy z");
    }

    #[test]
    fn formulas_are_guarded() {
        assert_eq!(csv_cell("=1+1"), "'=1+1");
        assert_eq!(csv_cell("a=1"), "a=1");
    }
}
