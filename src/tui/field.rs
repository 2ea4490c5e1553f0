//! A one-line text field the facilitator types into: insert at the cursor, delete, move,
//! paste (line breaks kept for notes). Works in graphemes (what a reader calls a
//! character), so an accent typed as a separate mark, a flag, a family emoji, CJK and
//! right-to-left text all edit as whole characters.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_segmentation::{GraphemeCursor, UnicodeSegmentation};

use crate::width;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Field {
    pub text: String,
    /// Cursor position: a byte offset into `text`, always between two graphemes.
    pub cursor: usize,
}

impl Field {
    pub fn new(text: &str) -> Field {
        Field {
            text: text.to_string(),
            cursor: text.len(),
        }
    }

    /// Where the grapheme before the cursor starts (the cursor itself at the start).
    fn prev(&self) -> usize {
        self.text[..self.cursor]
            .grapheme_indices(true)
            .next_back()
            .map_or(0, |(i, _)| i)
    }

    /// Where the grapheme after the cursor ends (the cursor itself at the end).
    fn next(&self) -> usize {
        self.text[self.cursor..]
            .graphemes(true)
            .next()
            .map_or(self.cursor, |g| self.cursor + g.len())
    }

    pub fn insert(&mut self, s: &str) {
        self.text.insert_str(self.cursor, s);
        self.cursor += s.len();
        // What was typed may join the grapheme after it (a letter before a lone combining
        // mark): keep the cursor between graphemes.
        let mut at = GraphemeCursor::new(self.cursor, self.text.len(), true);
        if !at.is_boundary(&self.text, 0).unwrap_or(true) {
            self.cursor = at
                .next_boundary(&self.text, 0)
                .ok()
                .flatten()
                .unwrap_or(self.text.len());
        }
    }

    pub fn backspace(&mut self) {
        let start = self.prev();
        self.text.replace_range(start..self.cursor, "");
        self.cursor = start;
    }

    pub fn delete(&mut self) {
        let end = self.next();
        self.text.replace_range(self.cursor..end, "");
    }

    /// Deletes the word before the cursor (Ctrl+W).
    pub fn delete_word(&mut self) {
        let blank = |g: &str| g.chars().all(char::is_whitespace);
        let before = &self.text[..self.cursor];
        let mut graphemes = before.grapheme_indices(true).rev().peekable();
        let mut start = self.cursor;
        while let Some((i, _)) = graphemes.next_if(|(_, g)| blank(g)) {
            start = i;
        }
        while let Some((i, _)) = graphemes.next_if(|(_, g)| !blank(g)) {
            start = i;
        }
        self.text.replace_range(start..self.cursor, "");
        self.cursor = start;
    }

    pub fn left(&mut self) {
        self.cursor = self.prev();
    }

    pub fn right(&mut self) {
        self.cursor = self.next();
    }

    pub fn home(&mut self) {
        self.cursor = 0;
    }

    pub fn end(&mut self) {
        self.cursor = self.text.len();
    }

    pub fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
    }

    /// The field as one line at most `width` wide, scrolled so the cursor shows, with the
    /// cursor drawn as a reversed cell when `focused`. Line breaks show as `⏎`.
    pub fn line(&self, width: usize, style: Style, cursor_style: Style, focused: bool) -> Line<'static> {
        let cursor = self.cursor.min(self.text.len());
        let show = |g: &str| -> String {
            if g.contains('\n') {
                "⏎".to_string()
            } else {
                g.to_string()
            }
        };
        let w = |g: &str| width::of(&show(g));
        // Scroll so the cursor (and one cell for it) fits: walk back from the cursor, so a
        // 100 KB paste costs a screen's width, not its length squared.
        let mut before = Vec::new();
        let mut used = 0;
        for g in self.text[..cursor].graphemes(true).rev() {
            if used + w(g) >= width {
                break;
            }
            used += w(g);
            before.push(show(g));
        }
        before.reverse();
        let mut spans = vec![Span::styled(before.concat(), style)];
        let mut after = self.text[cursor..].graphemes(true);
        if focused {
            let under = after.next().map_or_else(|| " ".to_string(), show);
            used += width::of(&under).max(1);
            spans.push(Span::styled(under, cursor_style));
        }
        let mut rest = String::new();
        for g in after {
            if used + w(g) > width {
                break;
            }
            used += w(g);
            rest.push_str(&show(g));
        }
        spans.push(Span::styled(rest, style));
        Line::from(spans)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_whole_characters() {
        let mut f = Field::default();
        f.insert("Café 🎉");
        f.backspace();
        assert_eq!(f.text, "Café ");
        f.left();
        f.left();
        f.insert("!");
        assert_eq!(f.text, "Caf!é ");
        f.home();
        f.delete();
        assert_eq!(f.text, "af!é ");
        f.end();
        f.insert("图书馆");
        assert_eq!(f.cursor, f.text.len());
        f.delete_word();
        assert_eq!(f.text, "af!é ");
    }

    /// "é" as e + combining accent, a flag (two regional indicators), a family (three people
    /// joined by zero-width joiners): each one grapheme, each several `char`s.
    const E: &str = "e\u{301}";
    const FLAG: &str = "🇫🇷";
    const FAMILY: &str = "👨\u{200d}👩\u{200d}👧";

    #[test]
    fn moves_over_whole_graphemes() {
        let mut f = Field::new(&format!("a{E}{FLAG}{FAMILY}b"));
        f.left();
        f.left();
        f.insert("|");
        assert_eq!(f.text, format!("a{E}{FLAG}|{FAMILY}b"));
        f.backspace();
        f.left();
        f.left();
        f.insert("|");
        assert_eq!(f.text, format!("a|{E}{FLAG}{FAMILY}b"));
        f.backspace();
        f.right();
        f.insert("|");
        assert_eq!(f.text, format!("a{E}|{FLAG}{FAMILY}b"));
    }

    #[test]
    fn deletes_whole_graphemes() {
        let mut f = Field::new(&format!("{E}{FLAG}{FAMILY}"));
        f.backspace();
        assert_eq!(f.text, format!("{E}{FLAG}"));
        f.backspace();
        assert_eq!(f.text, E);
        f.home();
        f.delete();
        assert_eq!(f.text, "");
        let mut f = Field::new(&format!("x{FLAG}{FAMILY}{E}"));
        f.home();
        f.right();
        f.delete();
        f.delete();
        assert_eq!(f.text, format!("x{E}"));
        assert_eq!(f.cursor, 1);
    }

    #[test]
    fn deletes_a_word_of_graphemes() {
        let mut f = Field::new(&format!("keep caf{E}{FLAG}{FAMILY}  "));
        f.delete_word();
        assert_eq!(f.text, "keep ");
        let mut f = Field::new(&format!("{FAMILY} {E}"));
        f.delete_word();
        assert_eq!(f.text, format!("{FAMILY} "));
        // From just before a family: the word before it goes, the family stays whole.
        let mut f = Field::new(&format!("ab {FAMILY}x"));
        f.left();
        f.left();
        f.delete_word();
        assert_eq!(f.text, format!("{FAMILY}x"));
    }

    #[test]
    fn a_combining_mark_typed_after_a_letter_joins_it() {
        let mut f = Field::new("cafe");
        f.insert("\u{301}");
        f.left();
        f.insert("|");
        assert_eq!(f.text, format!("caf|{E}"));
        // A letter typed before a lone mark joins it; the cursor stays after the grapheme.
        let mut f = Field::new("\u{301}");
        f.home();
        f.insert("e");
        assert_eq!(f.cursor, f.text.len());
    }

    #[test]
    fn the_cursor_is_drawn_on_a_whole_grapheme() {
        let mut f = Field::new(&format!("a{FLAG}b"));
        f.left();
        f.left();
        let line = f.line(20, Style::default(), Style::default(), true);
        assert_eq!(line.spans[1].content, FLAG);
        let f = Field::new("one\ntwo");
        let line = f.line(20, Style::default(), Style::default(), false);
        let shown: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(shown, "one⏎two");
    }

    #[test]
    fn long_text_scrolls_to_keep_the_cursor_in_view() {
        let f = Field::new("one two three four five");
        let line = f.line(10, Style::default(), Style::default(), true);
        let shown: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        assert!(shown.ends_with("five "), "{shown:?}");
        assert!(unicode_width::UnicodeWidthStr::width(shown.as_str()) <= 10);
    }
}
