//! Text by display width, the way the terminal draws it: wrapping, cutting and padding, for
//! every screen (and the plain-text tables of the command line).
//!
//! Widths are those of `unicode-width` over whole strings, which is how ratatui measures a
//! span, so a line that fits here fits on screen. Text is only ever cut between grapheme
//! clusters, so an accent stays on its letter and a flag or a family emoji stays whole.
//! `textwrap` fits the words to the lines; `unicode-truncate` cuts by grapheme.
//!
//! (Not to be confused with `session::text`, which cleans what people type.)

use std::ops::Range;

use textwrap::core::Fragment;
use textwrap::wrap_algorithms::wrap_first_fit;
use unicode_segmentation::UnicodeSegmentation;
use unicode_truncate::UnicodeTruncateStr;
use unicode_width::UnicodeWidthStr;

/// The columns `text` takes on screen.
pub(crate) fn of(text: &str) -> usize {
    text.width()
}

/// Whether a line may break at `c`: any whitespace but the no-break spaces, which hold their
/// words together.
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{2007}' | '\u{202f}')
}

/// Greedy word wrap at `width` columns. Each `\n` starts a new line (so there is at least one
/// line, maybe empty, per paragraph); runs of spaces become one space and go at a break; a
/// word wider than the line is broken between graphemes. No line is wider than `width`: a
/// grapheme wider than the whole line (a CJK character at width 1) cannot show and is left
/// out.
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    for para in text.split('\n') {
        let words: Vec<&str> = para.split(is_space).filter(|w| !w.is_empty()).collect();
        let para = words.join(" ");
        let lines = wrap_ranges(&para, width);
        if lines.is_empty() {
            out.push(String::new());
        }
        out.extend(
            lines
                .into_iter()
                .map(|ranges| ranges.into_iter().map(|r| &para[r]).collect::<String>()),
        );
    }
    out
}

/// The lines one paragraph wraps to at `width` columns, each as the byte ranges of `text` it
/// shows, in order (the spaces between its words included, those at the breaks left out).
/// Every character breaks like a space as [`is_space`] says, `\n` too; none when there are
/// no words. For callers that carry styles alongside the text.
pub(crate) fn wrap_ranges(text: &str, width: usize) -> Vec<Vec<Range<usize>>> {
    let mut pieces: Vec<Piece> = Vec::new();
    let mut word_start = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (is_space(c), word_start) {
            (true, Some(start)) => {
                word_start = None;
                let gap_end = text[i..].find(|c| !is_space(c)).map_or(text.len(), |n| i + n);
                push_word(&mut pieces, text, start..i, i..gap_end, width);
            }
            (false, None) => word_start = Some(i),
            _ => {}
        }
    }
    let mut lines = Vec::new();
    for line in wrap_first_fit(&pieces, &[width as f64]) {
        let mut ranges: Vec<Range<usize>> = Vec::new();
        for (n, piece) in line.iter().enumerate() {
            // The space after a word shows unless the word ends the line.
            let gap = if n + 1 < line.len() {
                piece.gap.clone()
            } else {
                piece.end..piece.end
            };
            for range in [piece.start..piece.end, gap] {
                match ranges.last_mut() {
                    _ if range.is_empty() => {}
                    Some(last) if last.end == range.start => last.end = range.end,
                    _ => ranges.push(range),
                }
            }
        }
        if !ranges.is_empty() {
            lines.push(ranges);
        }
    }
    lines
}

/// A word, or a part of one too wide for a line, as `textwrap` places it.
#[derive(Debug)]
struct Piece {
    start: usize,
    end: usize,
    width: usize,
    /// The space after it (empty inside a broken word), and that space's width.
    gap: Range<usize>,
    gap_width: usize,
}

impl Fragment for Piece {
    fn width(&self) -> f64 {
        self.width as f64
    }

    fn whitespace_width(&self) -> f64 {
        self.gap_width as f64
    }

    fn penalty_width(&self) -> f64 {
        0.0
    }
}

/// Adds the word at `range` of `text` and the space after it at `gap`, the word broken into
/// parts at most `width` wide if it is wider.
fn push_word(pieces: &mut Vec<Piece>, text: &str, range: Range<usize>, gap: Range<usize>, width: usize) {
    let word = &text[range.clone()];
    let word_width = of(word);
    let gap_width = of(&text[gap.clone()]);
    if word_width <= width {
        pieces.push(Piece {
            start: range.start,
            end: range.end,
            width: word_width,
            gap,
            gap_width,
        });
        return;
    }
    let mut at = range.start;
    while at < range.end {
        let (part, part_width) = text[at..range.end].unicode_truncate(width);
        if part.is_empty() {
            // The next grapheme is wider than a whole line: it cannot show.
            at += text[at..range.end].graphemes(true).next().map_or(1, str::len);
            continue;
        }
        pieces.push(Piece {
            start: at,
            end: at + part.len(),
            width: part_width,
            gap: at + part.len()..at + part.len(),
            gap_width: 0,
        });
        at += part.len();
    }
    // The space goes after the word's last part, even if what followed it could not show.
    if let Some(last) = pieces.last_mut().filter(|p| p.start >= range.start) {
        last.gap = gap;
        last.gap_width = gap_width;
    }
}

/// `text` cut to at most `width` columns, between graphemes.
pub(crate) fn truncate(text: &str, width: usize) -> &str {
    text.unicode_truncate(width).0
}

/// `text` cut to at most `width` columns, ending in `…` when something was cut.
pub(crate) fn ellipsis(text: &str, width: usize) -> String {
    if of(text) <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = truncate(text, width - 1).to_string();
    out.push('…');
    out
}

/// `text` as a column of a plain-text table: cut as [`ellipsis`] does, then padded with spaces
/// to exactly `width` columns. (`format!("{:<40}")` pads by characters, not columns.) Public
/// for the command line's listings.
pub fn column(text: &str, width: usize) -> String {
    let mut out = ellipsis(text, width);
    let pad = width.saturating_sub(of(&out));
    out.extend(std::iter::repeat_n(' ', pad));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn widths_of_cjk_emoji_and_combining_marks() {
        assert_eq!(of("abc"), 3);
        assert_eq!(of("图书馆"), 6);
        assert_eq!(of("😀"), 2);
        assert_eq!(of("e\u{301}"), 1);
        assert_eq!(of("❤\u{fe0f}"), 2);
        assert_eq!(of("👨\u{200d}👩\u{200d}👧"), 2);
        assert_eq!(of("🇫🇷"), 2);
        assert_eq!(of(""), 0);
    }

    #[test]
    fn wraps_at_words_by_display_width() {
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap("  one   two  ", 20), ["one two"]);
        assert_eq!(wrap("图书馆 图书馆", 7), ["图书馆", "图书馆"]);
        assert_eq!(wrap("😀😀 ok", 7), ["😀😀 ok"]);
        assert_eq!(wrap("😀😀 ok", 6), ["😀😀", "ok"]);
        assert_eq!(wrap("a\nb", 10), ["a", "b"]);
        assert_eq!(wrap("", 10), [""]);
        assert_eq!(wrap("a\n\nb", 10), ["a", "", "b"]);
        // A no-break space holds its words together.
        assert_eq!(wrap("10\u{a0}km away", 6), ["10\u{a0}km", "away"]);
    }

    #[test]
    fn breaks_long_words_between_graphemes() {
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(
            wrap("see abcdefghijklmnop now", 6),
            ["see", "abcdef", "ghijkl", "mnop", "now"]
        );
        assert_eq!(wrap("图书馆图书馆", 5), ["图书", "馆图", "书馆"]);
        // A combining accent stays on its letter, a flag and a family stay whole.
        assert_eq!(wrap("abe\u{301}cd", 3), ["abe\u{301}", "cd"]);
        assert_eq!(wrap("🇫🇷🇫🇷🇫🇷", 5), ["🇫🇷🇫🇷", "🇫🇷"]);
        let family = "👨\u{200d}👩\u{200d}👧";
        assert_eq!(wrap(&family.repeat(3), 4), [family.repeat(2), family.to_string()]);
        // "❤️" is two columns, though its first character alone is one.
        assert_eq!(wrap("a❤\u{fe0f}b", 2), ["a", "❤\u{fe0f}", "b"]);
    }

    #[test]
    fn a_zero_or_tiny_width_shows_what_fits() {
        assert_eq!(wrap("abc def", 0), [""]);
        assert_eq!(wrap("图a", 1), ["a"]);
        assert_eq!(wrap("ab", 1), ["a", "b"]);
        assert!(wrap_ranges("abc", 0).is_empty());
        assert_eq!(truncate("abc", 0), "");
        assert_eq!(ellipsis("abc", 0), "");
        assert_eq!(column("abc", 0), "");
    }

    #[test]
    fn ranges_keep_the_spaces_inside_a_line() {
        let text = "one  two three";
        let lines: Vec<Vec<&str>> = wrap_ranges(text, 8)
            .into_iter()
            .map(|ranges| ranges.into_iter().map(|r| &text[r]).collect())
            .collect();
        assert_eq!(lines, [vec!["one  two"], vec!["three"]]);
        // A grapheme that cannot show splits the line's ranges around it.
        assert_eq!(wrap_ranges("a图\u{200b}", 1), [vec![0..1, 4..7]]);
        assert_eq!(wrap("a图 b", 1), ["a", "b"]);
    }

    #[test]
    fn truncates_by_display_width() {
        assert_eq!(truncate("图书馆", 5), "图书");
        assert_eq!(truncate("abe\u{301}cd", 3), "abe\u{301}");
        assert_eq!(truncate("a👨\u{200d}👩\u{200d}👧", 2), "a");
        assert_eq!(truncate("a👨\u{200d}👩\u{200d}👧", 3), "a👨\u{200d}👩\u{200d}👧");
        assert_eq!(ellipsis("short", 5), "short");
        assert_eq!(ellipsis("longer", 5), "long…");
        assert_eq!(ellipsis("图书馆图书馆", 6), "图书…");
        assert_eq!(ellipsis("图书馆图书馆", 5), "图书…");
        assert_eq!(column("图书", 6), "图书  ");
        assert_eq!(column("图书馆图书馆", 7), "图书馆…");
        assert_eq!(column("图书馆图书馆", 8), "图书馆… ");
    }

    fn word() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "a",
            "word",
            "longlonglonglongword",
            "图书馆",
            "😀",
            "e\u{301}",
            "❤\u{fe0f}",
            "👨\u{200d}👩\u{200d}👧",
            "🇫🇷",
            "10\u{a0}km",
            "\u{200b}",
        ])
    }

    proptest! {
        /// Nothing wider than the line, and every grapheme that can show does, in order.
        #[test]
        fn wrapped_lines_fit_and_keep_every_grapheme(
            parts in prop::collection::vec((word(), prop::sample::select(vec![" ", "  ", "", "\n"])), 0..40),
            width in 0usize..30,
        ) {
            let text: String = parts.iter().map(|(w, s)| format!("{w}{s}")).collect();
            let lines = wrap(&text, width);
            prop_assert!(lines.len() >= text.split('\n').count());
            for line in &lines {
                prop_assert!(of(line) <= width, "{:?} wider than {} for {:?}", line, width, text);
            }
            let shown: Vec<&str> = lines.iter().flat_map(|l| l.graphemes(true)).filter(|g| !g.trim().is_empty()).collect();
            let wanted: Vec<&str> = text.graphemes(true).filter(|g| !g.trim().is_empty() && of(g) <= width).collect();
            prop_assert_eq!(shown, wanted);
        }
    }
}
