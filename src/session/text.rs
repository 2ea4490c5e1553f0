//! User text is untrusted: notes, names and titles come from people and from pasted text.
//! On the way in, escape sequences, control characters and bidirectional overrides go (a
//! pasted escape must not repaint the screen, an override must not disguise a name); every
//! other character stays, emoji and right-to-left scripts included. On the way out (the
//! command line's messages, the exports) [`strip`] does the same to text that may not have
//! come in this way: a pack, a journal edited by hand, a folder's name.

use std::borrow::Cow;

/// The longest note, in characters: a sticky note, not an essay.
pub const NOTE_LIMIT: usize = 280;

/// One line of text: line breaks and tabs become single spaces, the ends are trimmed.
pub fn clean_line(text: &str) -> String {
    clean(text, false)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A note: line breaks are kept (a pasted card may have several lines), runs of blank lines
/// shrink to one, each line is trimmed.
pub fn clean_note(text: &str) -> String {
    let cleaned = clean(text, true);
    let mut lines: Vec<String> = Vec::new();
    for line in cleaned.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() && lines.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        lines.push(line);
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines.join("\n")
}

/// Text on its way out: escape sequences, control characters (a tab becomes a space; line
/// breaks stay, as `\n`) and bidirectional overrides go; nothing else changes. Clean text, the
/// usual case, is passed through without a copy.
pub fn strip(text: &str) -> Cow<'_, str> {
    let dirty = if text.is_ascii() {
        text.bytes().any(|b| b.is_ascii_control() && b != b'\n')
    } else {
        text.chars()
            .any(|c| (c.is_control() && c != '\n') || is_bidi_control(c))
    };
    if dirty {
        Cow::Owned(clean(text, true))
    } else {
        Cow::Borrowed(text)
    }
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn clean(text: &str, keep_newlines: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // An escape sequence's tail is printable, so drop the whole sequence rather
            // than leave `[2J` behind: CSI runs to a final byte in @..~, OSC to BEL or ST.
            '\u{1b}' => match chars.peek() {
                Some('[') => {
                    chars.next();
                    for c in chars.by_ref() {
                        if ('@'..='~').contains(&c) {
                            break;
                        }
                    }
                }
                Some(']') => {
                    chars.next();
                    while let Some(c) = chars.next() {
                        if c == '\u{7}' || (c == '\u{1b}' && chars.next_if_eq(&'\\').is_some()) {
                            break;
                        }
                    }
                }
                _ => {}
            },
            c if is_bidi_control(c) => {}
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' if keep_newlines => out.push('\n'),
            // Other whitespace is left for the callers that fold it (`split_whitespace`).
            c if c.is_whitespace() && c.is_control() => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_and_overrides_go_everything_else_stays() {
        assert_eq!(clean_line("a\u{1b}[2Jb\u{7}c"), "abc");
        assert_eq!(clean_line("x\u{1b}]0;title\u{7}y"), "xy");
        assert_eq!(clean_line("evil\u{202e}txt.exe"), "eviltxt.exe");
        assert_eq!(
            clean_line("Café 🎉 图书馆 مكتبة ספרייה"),
            "Café 🎉 图书馆 مكتبة ספרייה"
        );
        assert_eq!(clean_line("  two\tparts\nhere "), "two parts here");
    }

    #[test]
    fn strip_removes_what_a_terminal_would_run_and_keeps_lines() {
        assert_eq!(strip("Title\u{1b}]0;pwned\u{7} here"), "Title here");
        assert_eq!(strip("a\u{1b}]52;c;aGk=\u{1b}\\b"), "ab");
        assert_eq!(strip("one\r\ntwo\tthree\u{202e}"), "one\ntwo three");
        assert!(matches!(strip("Café 🎉\nplain"), Cow::Borrowed(_)));
    }

    #[test]
    fn notes_keep_their_lines() {
        assert_eq!(
            clean_note("first\r\n\r\n\r\nsecond  line\n\n"),
            "first\n\nsecond line"
        );
        assert_eq!(clean_note("\n\n  hello \n"), "hello");
    }
}
