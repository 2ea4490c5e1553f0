//! Titles in big type for the back of the room, when they fit; plain bold when they do not.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use tui_big_text::{BigText, PixelSize};

use crate::width;

/// The sizes we try, largest first, with the cells one character takes (wide, tall). Only
/// block elements every terminal font has (no sextants or octants).
const SIZES: [(PixelSize, u16, u16); 2] = [(PixelSize::HalfHeight, 8, 4), (PixelSize::Quadrant, 4, 4)];

/// How a title will be drawn in a space.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Title {
    Big {
        size: PixelSize,
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
}

/// Picks the biggest type that fits `width` in at most `max_rows` rows and three lines.
pub(crate) fn fit(text: &str, width: u16, max_rows: u16) -> Title {
    let text = big_safe(text);
    if let Some(text) = &text {
        for (size, w, h) in SIZES {
            let per_line = (width / w) as usize;
            if per_line < 3 {
                continue;
            }
            let Some(lines) = wrap_words(text, per_line) else {
                continue;
            };
            let height = lines.len() as u16 * h;
            if lines.len() <= 3 && height <= max_rows {
                return Title::Big { size, lines, height };
            }
        }
    }
    let columns = text.as_deref().map_or(0, width::of) as u16;
    Title::Plain {
        height: columns.div_ceil(width.max(1)).max(1),
    }
}

/// Draws a title, centred or left-aligned, in `area` (as tall as `title.height()`).
pub(crate) fn draw(
    frame: &mut Frame<'_>,
    area: Rect,
    text: &str,
    title: &Title,
    style: Style,
    align: Alignment,
) {
    match title {
        Title::Big { size, lines, .. } => {
            let widget = BigText::builder()
                .pixel_size(*size)
                .style(style)
                .lines(lines.iter().map(|l| Line::from(l.clone())).collect::<Vec<_>>())
                .alignment(align)
                .build();
            frame.render_widget(widget, area);
        }
        Title::Plain { .. } => {
            let p = Paragraph::new(Line::from(text.to_string()))
                .style(style)
                .alignment(align)
                .wrap(Wrap { trim: true });
            frame.render_widget(p, area);
        }
    }
}

/// The title in characters the big font has, or None if it has others (an emoji, say).
fn big_safe(text: &str) -> Option<String> {
    let text: String = text
        .chars()
        .map(|c| match c {
            '‘' | '’' => '\'',
            '“' | '”' => '"',
            '–' | '—' => '-',
            c => c,
        })
        .collect();
    text.chars()
        .all(|c| c.is_ascii_graphic() || c == ' ')
        .then_some(text)
}

/// The title's lines at `width` characters of big type; None when a word does not fit on a
/// line (big type is never broken inside a word).
fn wrap_words(text: &str, width: usize) -> Option<Vec<String>> {
    if text.split_whitespace().any(|word| width::of(word) > width) {
        return None;
    }
    let mut lines = width::wrap(text, width);
    lines.retain(|line| !line.is_empty());
    Some(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn largest_size_that_fits() {
        // 15 characters at 8 cells each need 120 columns.
        let t = fit("Why networks?", 120, 8);
        assert!(
            matches!(
                t,
                Title::Big {
                    size: PixelSize::HalfHeight,
                    height: 4,
                    ..
                }
            ),
            "{t:?}"
        );
        let t = fit("Why networks?", 76, 8);
        assert!(
            matches!(
                t,
                Title::Big {
                    size: PixelSize::HalfHeight,
                    height: 8,
                    ..
                }
            ),
            "{t:?}"
        );
        let t = fit("Why networks?", 76, 5);
        assert!(
            matches!(
                t,
                Title::Big {
                    size: PixelSize::Quadrant,
                    height: 4,
                    ..
                }
            ),
            "{t:?}"
        );
    }

    #[test]
    fn falls_back_to_plain_type() {
        assert_eq!(fit("Why networks?", 76, 3), Title::Plain { height: 1 });
        assert_eq!(fit("Ideas 💡", 120, 20), Title::Plain { height: 1 });
        assert!(matches!(fit("Supercalifragilistic", 40, 20), Title::Plain { .. }));
    }
}
