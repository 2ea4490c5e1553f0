//! A one-line text field the facilitator types into: insert at the cursor, delete, move,
//! paste (line breaks kept for notes). Works in characters, so accents, emoji, CJK and
//! right-to-left text edit as whole characters.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthChar;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Field {
    pub text: String,
    /// Cursor position in characters.
    pub cursor: usize,
}

impl Field {
    pub fn new(text: &str) -> Field {
        Field {
            text: text.to_string(),
            cursor: text.chars().count(),
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        self.text
            .char_indices()
            .nth(char_index)
            .map_or(self.text.len(), |(i, _)| i)
    }

    pub fn insert(&mut self, s: &str) {
        let at = self.byte(self.cursor);
        self.text.insert_str(at, s);
        self.cursor += s.chars().count();
    }

    pub fn backspace(&mut self) {
        if self.cursor == 0 {
            return;
        }
        let start = self.byte(self.cursor - 1);
        let end = self.byte(self.cursor);
        self.text.replace_range(start..end, "");
        self.cursor -= 1;
    }

    pub fn delete(&mut self) {
        let start = self.byte(self.cursor);
        let end = self.byte(self.cursor + 1);
        self.text.replace_range(start..end, "");
    }

    /// Deletes the word before the cursor (Ctrl+W).
    pub fn delete_word(&mut self) {
        while self.cursor > 0 && self.char_before().is_some_and(char::is_whitespace) {
            self.backspace();
        }
        while self.cursor > 0 && self.char_before().is_some_and(|c| !c.is_whitespace()) {
            self.backspace();
        }
    }

    fn char_before(&self) -> Option<char> {
        self.text.chars().nth(self.cursor.checked_sub(1)?)
    }

    pub fn left(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    pub fn right(&mut self) {
        self.cursor = (self.cursor + 1).min(self.text.chars().count());
    }

    pub fn home(&mut self) {
        self.cursor = 0;
    }

    pub fn end(&mut self) {
        self.cursor = self.text.chars().count();
    }

    pub fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
    }

    /// The field as one line at most `width` wide, scrolled so the cursor shows, with the
    /// cursor drawn as a reversed cell when `focused`. Line breaks show as `⏎`.
    pub fn line(&self, width: usize, style: Style, cursor_style: Style, focused: bool) -> Line<'static> {
        let chars: Vec<char> = self
            .text
            .chars()
            .map(|c| if c == '\n' { '⏎' } else { c })
            .collect();
        let w = |c: &char| c.width().unwrap_or(0);
        // Scroll so the cursor (and one cell for it) fits: walk back from the cursor, so a
        // 100 KB paste costs a screen's width, not its length squared.
        let cursor = self.cursor.min(chars.len());
        let mut start = cursor;
        let mut used_before = 0;
        while start > 0 && used_before + w(&chars[start - 1]) < width {
            start -= 1;
            used_before += w(&chars[start]);
        }
        let mut spans = Vec::new();
        let mut used = 0;
        let mut before = String::new();
        for c in &chars[start..self.cursor.min(chars.len())] {
            used += w(c);
            before.push(*c);
        }
        spans.push(Span::styled(before, style));
        if focused {
            let under = chars.get(self.cursor).copied().unwrap_or(' ');
            used += w(&under).max(1);
            spans.push(Span::styled(under.to_string(), cursor_style));
        }
        let mut after = String::new();
        for c in chars.iter().skip(self.cursor + usize::from(focused)) {
            if used + w(c) > width {
                break;
            }
            used += w(c);
            after.push(*c);
        }
        spans.push(Span::styled(after, style));
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
        assert_eq!(f.cursor, 8);
        f.delete_word();
        assert_eq!(f.text, "af!é ");
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
