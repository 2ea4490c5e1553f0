//! Big type for the back of the room: titles, short slide bodies and break times at the
//! largest size that fits, plain text when none does.
//!
//! The sizes are the block-element ones only (full blocks, half blocks, quadrants), which
//! every terminal font has. Sextants, third-height and octants are left out on purpose: they
//! need a font with Unicode 13's "Symbols for Legacy Computing" (16's, for octants), which
//! many lack (DejaVu Sans Mono 2.37 has none: `fc-list ':charset=1fb00'` is empty), and a
//! projector is no place to find out. They would not help a title fit either: a sextant
//! letter is as wide as a quadrant one (four columns), only a row shorter.
//!
//! The fitting rule for a title: one line at any of these sizes beats wrapping, the largest
//! first (all four are big: even a quadrant letter is four rows tall). Only when no size fits
//! on one line does the title wrap: fewer lines first, then the larger size, at most three
//! lines, the words balanced over the lines. Past that, plain bold text.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};
use tui_big_text::{BigText, PixelSize};

use crate::width;

/// One size of big type: the cells a letter takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Size {
    pub pixel: PixelSize,
    /// Columns a letter takes.
    pub w: u16,
    /// Rows a line takes.
    pub h: u16,
}

impl Size {
    /// How big it looks: the cells a letter covers.
    pub fn area(self) -> u16 {
        self.w * self.h
    }

    /// Letters that fit in `columns`.
    pub fn per_line(self, columns: u16) -> usize {
        usize::from(columns / self.w)
    }
}

/// The sizes we try, largest first (see the module's comment for why only these).
pub(crate) const SIZES: [Size; 4] = [
    Size {
        pixel: PixelSize::Full,
        w: 8,
        h: 8,
    },
    Size {
        pixel: PixelSize::HalfHeight,
        w: 8,
        h: 4,
    },
    Size {
        pixel: PixelSize::HalfWidth,
        w: 4,
        h: 8,
    },
    Size {
        pixel: PixelSize::Quadrant,
        w: 4,
        h: 4,
    },
];

/// Most lines a big title may wrap to.
const MAX_TITLE_LINES: usize = 3;

/// How a title will be drawn in a space.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Title {
    Big {
        size: Size,
        lines: Vec<String>,
        height: u16,
    },
    Plain {
        height: u16,
    },
}

impl Title {
    pub fn height(&self) -> u16 {
        match self {
            Title::Big { height, .. } | Title::Plain { height } => *height,
        }
    }

    /// The big size, if it is big.
    pub fn size(&self) -> Option<Size> {
        match self {
            Title::Big { size, .. } => Some(*size),
            Title::Plain { .. } => None,
        }
    }
}

/// Every big way to set `text` in `width` columns, best first (the rule in the module's
/// comment). Empty when the text has a character the big font lacks.
pub(crate) fn options(text: &str, width: u16) -> Vec<Title> {
    let Some(text) = font_text(text) else {
        return Vec::new();
    };
    let mut found: Vec<Title> = SIZES
        .iter()
        .filter_map(|&size| {
            let lines = balanced(&text, size.per_line(width))?;
            (lines.len() <= MAX_TITLE_LINES).then(|| Title::Big {
                size,
                height: lines.len() as u16 * size.h,
                lines,
            })
        })
        .collect();
    // Stable: within a line count, the sizes stay largest first.
    found.sort_by_key(|t| match t {
        Title::Big { lines, .. } => lines.len(),
        Title::Plain { .. } => usize::MAX,
    });
    found
}

/// The title as plain bold text wrapped in `width` columns.
pub(crate) fn plain(text: &str, width: u16) -> Title {
    let lines = width::wrap(text, usize::from(width.max(1)));
    Title::Plain {
        height: (lines.len() as u16).max(1),
    }
}

/// The best way to set `text` in `width` columns and at most `max_rows` rows.
pub(crate) fn fit(text: &str, width: u16, max_rows: u16) -> Title {
    options(text, width)
        .into_iter()
        .find(|t| t.height() <= max_rows)
        .unwrap_or_else(|| plain(text, width))
}

/// Draws a title in `area` (as tall as `title.height()`), each line aligned as asked.
pub(crate) fn draw(
    frame: &mut Frame<'_>,
    area: Rect,
    text: &str,
    title: &Title,
    style: Style,
    align: Alignment,
) {
    paint(frame.buffer_mut(), area, text, title, style, align);
}

/// `draw`, on a buffer.
pub(crate) fn paint(buf: &mut Buffer, area: Rect, text: &str, title: &Title, style: Style, align: Alignment) {
    match title {
        Title::Big { size, lines, .. } => {
            BigText::builder()
                .pixel_size(size.pixel)
                .style(style)
                .lines(lines.iter().map(|l| Line::from(l.clone())).collect::<Vec<_>>())
                .alignment(align)
                .build()
                .render(area, buf);
        }
        Title::Plain { .. } => {
            Paragraph::new(Line::from(text.to_string()))
                .style(style)
                .alignment(align)
                .wrap(Wrap { trim: true })
                .render(area, buf);
        }
    }
}

/// One line of big text, its letters styled span by span, from `x` (in columns).
pub(crate) fn draw_line(buf: &mut Buffer, x: u16, y: u16, size: Size, line: Line<'static>, style: Style) {
    let area = buf
        .area
        .intersection(Rect::new(x, y, buf.area.right().saturating_sub(x), size.h));
    if area.is_empty() {
        return;
    }
    BigText::builder()
        .pixel_size(size.pixel)
        .style(style)
        .lines(vec![line])
        .left_aligned()
        .build()
        .render(area, buf);
}

/// A list bullet in big type, in the letter slot at (`x`, `y`): a square dot at the height of
/// a small letter's middle; `nested` draws a dash instead.
pub(crate) fn draw_bullet(buf: &mut Buffer, x: u16, y: u16, size: Size, nested: bool, style: Style) {
    // The font's pixels: 8 by 8, a small letter from row 2 to row 6.
    let (rows, cols) = if nested { (3..5, 1..6) } else { (2..6, 1..5) };
    let on = |px: u16, py: u16| rows.contains(&py) && cols.contains(&px);
    let (sx, sy) = (8 / size.w, 8 / size.h);
    for cy in 0..size.h {
        for cx in 0..size.w {
            let (px, py) = (cx * sx, cy * sy);
            let bits = [
                on(px, py),
                sx > 1 && on(px + 1, py),
                sy > 1 && on(px, py + 1),
                sx > 1 && sy > 1 && on(px + 1, py + 1),
            ];
            let symbol = block_symbol(size, bits);
            if symbol == ' ' {
                continue;
            }
            if let Some(cell) = buf.cell_mut((x + cx, y + cy)) {
                cell.set_char(symbol).set_style(style);
            }
        }
    }
}

/// The block element for a cell's pixels (top-left, top-right, bottom-left, bottom-right).
fn block_symbol(size: Size, [tl, tr, bl, br]: [bool; 4]) -> char {
    const QUADRANTS: [char; 16] = [
        ' ', '▘', '▝', '▀', '▖', '▌', '▞', '▛', '▗', '▚', '▐', '▜', '▄', '▙', '▟', '█',
    ];
    match size.pixel {
        PixelSize::Full => [' ', '█'][usize::from(tl)],
        PixelSize::HalfHeight => [' ', '▀', '▄', '█'][usize::from(tl) + 2 * usize::from(bl)],
        PixelSize::HalfWidth => [' ', '▌', '▐', '█'][usize::from(tl) + 2 * usize::from(tr)],
        _ => QUADRANTS[usize::from(tl) + 2 * usize::from(tr) + 4 * usize::from(bl) + 8 * usize::from(br)],
    }
}

/// A quote's bar in the letter slot at (`x`, `y`), `rows` tall.
pub(crate) fn draw_bar(buf: &mut Buffer, x: u16, y: u16, rows: u16, style: Style) {
    for row in y..y.saturating_add(rows) {
        if let Some(cell) = buf.cell_mut((x, row)) {
            cell.set_char('▌').set_style(style);
        }
    }
}

/// The text in characters the big font has, typographic quotes and dashes made plain; None
/// if it has others (an emoji, say).
pub(crate) fn font_text(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '‘' | '’' => out.push('\''),
            '“' | '”' => out.push('"'),
            '–' | '—' => out.push('-'),
            '…' => out.push_str("..."),
            // The font has Latin-1 too (accents, £, ·).
            c if c.is_ascii_graphic() || c == ' ' || ('\u{a1}'..='\u{ff}').contains(&c) => out.push(c),
            _ => return None,
        }
    }
    Some(out)
}

/// The text's lines at `per_line` letters, as even as the line count allows (no word left
/// alone on a last line when it need not be); None when a word is longer than a line (big
/// type is never broken inside a word).
pub(crate) fn balanced(text: &str, per_line: usize) -> Option<Vec<String>> {
    let longest = text.split_whitespace().map(width::of).max()?;
    if longest > per_line {
        return None;
    }
    let lines = |w: usize| {
        let mut l = width::wrap(text, w);
        l.retain(|line| !line.is_empty());
        l
    };
    let count = lines(per_line).len();
    // The narrowest width that still needs no more lines (line count only grows as the
    // width shrinks).
    let (mut lo, mut hi) = (longest, per_line);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if lines(mid).len() <= count {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    Some(lines(lo))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (size, lines) of the best big setting in `width` and `rows`, or None for plain.
    fn pick(text: &str, width: u16, rows: u16) -> Option<(PixelSize, Vec<String>)> {
        match fit(text, width, rows) {
            Title::Big { size, lines, .. } => Some((size.pixel, lines)),
            Title::Plain { .. } => None,
        }
    }

    fn lines(l: &[&str]) -> Vec<String> {
        l.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn one_line_beats_wrapping() {
        // 13 letters: 104 columns at full size, 52 at half width or quadrant.
        assert_eq!(
            pick("Today we will", 76, 20),
            Some((PixelSize::HalfWidth, lines(&["Today we will"])))
        );
        assert_eq!(
            pick("Today we will", 116, 20),
            Some((PixelSize::Full, lines(&["Today we will"])))
        );
        // Not eight rows to spare: a quadrant line, not two lines of anything.
        assert_eq!(
            pick("Today we will", 76, 7),
            Some((PixelSize::Quadrant, lines(&["Today we will"])))
        );
        assert_eq!(
            pick("Today we will", 116, 7),
            Some((PixelSize::HalfHeight, lines(&["Today we will"])))
        );
    }

    #[test]
    fn wraps_evenly_when_nothing_fits_on_one_line() {
        // 23 letters need 92 columns even in the narrowest big type.
        assert_eq!(
            pick("What a network gives us", 76, 20),
            Some((PixelSize::HalfWidth, lines(&["What a network", "gives us"])))
        );
        assert_eq!(
            pick("What a network gives us", 76, 8),
            Some((PixelSize::Quadrant, lines(&["What a network", "gives us"])))
        );
        // "Today we aim to" never leaves "to" alone on a line.
        assert_eq!(
            pick("Today we aim to", 56, 20),
            Some((PixelSize::HalfWidth, lines(&["Today we", "aim to"])))
        );
    }

    #[test]
    fn falls_back_to_plain_type() {
        assert_eq!(pick("Why networks?", 76, 3), None);
        assert_eq!(pick("Ideas 💡", 120, 20), None);
        assert_eq!(pick("Supercalifragilistic", 40, 20), None);
        assert_eq!(fit("Why networks?", 76, 3), Title::Plain { height: 1 });
    }

    #[test]
    fn typographic_marks_are_made_plain() {
        assert_eq!(font_text("When I’m back…").as_deref(), Some("When I'm back..."));
        assert_eq!(font_text("Café £5").as_deref(), Some("Café £5"));
        assert_eq!(font_text("→"), None);
    }

    /// The built-in workshop's titles at 80 and 120 columns (76 and 116 inside the margins),
    /// with room for at most twelve rows of title (half of 24).
    #[test]
    fn builtin_titles() {
        use PixelSize::*;
        let pack = crate::pack::Pack::builtin().unwrap();
        let mut seen = Vec::new();
        for slide in &pack.slides {
            let Some(title) = &slide.title else { continue };
            for width in [76, 116] {
                let got = pick(title, width, 12).map(|(s, l)| (s, l.len()));
                seen.push((title.as_str(), width, got));
            }
        }
        let expect = |title: &str, width: u16| {
            seen.iter()
                .find(|(t, w, _)| *t == title && *w == width)
                .unwrap_or_else(|| panic!("no slide titled {title:?}"))
                .2
        };
        // One line, as big as fits.
        assert_eq!(expect("Welcome", 76), Some((Full, 1)));
        assert_eq!(expect("Housekeeping", 76), Some((HalfWidth, 1)));
        assert_eq!(expect("Housekeeping", 116), Some((Full, 1)));
        assert_eq!(expect("Today we aim to", 76), Some((HalfWidth, 1)));
        assert_eq!(expect("Today we aim to", 116), Some((HalfWidth, 1)));
        assert_eq!(expect("Four areas at a glance", 116), Some((HalfWidth, 1)));
        assert_eq!(expect("What a network gives us", 116), Some((HalfWidth, 1)));
        // Too long for one line at 76 columns: two even lines in quadrants.
        assert_eq!(expect("What a network gives us", 76), Some((Quadrant, 2)));
        assert_eq!(expect("Four areas at a glance", 76), Some((Quadrant, 2)));
        // Every built-in title is big at 80 columns, and on one line at 120 but the longest.
        for (title, width, got) in &seen {
            let Some((_, n)) = got else {
                panic!("{title:?} is plain at {width}");
            };
            if *width == 116 && font_text(title).is_some_and(|t| width::of(&t) <= 29) {
                assert_eq!(*n, 1, "{title:?} at {width}");
            }
        }
    }

    #[test]
    fn bullets_are_drawn_in_the_letter_slot() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 4, 4));
        draw_bullet(&mut buf, 0, 0, SIZES[3], false, Style::default());
        let rows: Vec<String> = (0..4)
            .map(|y| (0..4).map(|x| buf[(x, y)].symbol().to_string()).collect())
            .collect();
        assert_eq!(rows, ["    ", "▐█▌ ", "▐█▌ ", "    "]);
    }
}
