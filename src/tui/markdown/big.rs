//! Short slide bodies in big type: a few bullets, a quote, a statement. Anything else (a
//! table, code, a long list, deep nesting, a character the big font lacks) stays in ordinary
//! text, and `lines` says so with None.

use ratatui::text::Line;

use super::blocks::{self, Block, Inline};
use super::layout::{Ctx, wrap};
use crate::tui::big;
use crate::tui::theme::{Role, Theme};

/// Most items (paragraphs and list items) a body may have and still be set big.
pub(crate) const MAX_ITEMS: usize = 6;

/// What sits in the letter slot before a line's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Marker {
    None,
    /// A list bullet (a dash when nested).
    Bullet {
        nested: bool,
    },
    /// A numbered list's "3.", right-aligned in its slots.
    Number(String),
    /// A quote's bar.
    Bar,
}

/// One line of a body in big type. Positions are in letters from the body's left edge.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct BigLine {
    pub indent: u16,
    pub marker: Marker,
    pub marker_at: u16,
    pub line: Line<'static>,
    /// A blank row above it: a new item or paragraph.
    pub gap_before: bool,
}

impl BigLine {
    /// Letters from the body's left edge to the end of the text.
    pub fn letters(&self) -> u16 {
        self.indent + self.line.width() as u16
    }
}

/// The body's lines in big type at `per_line` letters a line, or None if it is not short
/// and simple enough to set big.
pub(crate) fn lines(
    markdown: &str,
    per_line: usize,
    theme: &Theme,
    skip_first_heading: bool,
) -> Option<Vec<BigLine>> {
    let blocks = blocks::parse(markdown, skip_first_heading);
    let mut walk = Walk {
        per_line,
        theme,
        out: Vec::new(),
        items: 0,
    };
    walk.blocks(&blocks, 0, 0)?;
    Some(walk.out)
}

/// Rows the lines take at `size`.
pub(crate) fn height(lines: &[BigLine], size: big::Size) -> u16 {
    lines.iter().map(|l| size.h + u16::from(l.gap_before)).sum()
}

struct Walk<'a> {
    per_line: usize,
    theme: &'a Theme,
    out: Vec<BigLine>,
    items: usize,
}

impl Walk<'_> {
    fn ctx(&self, base: Role) -> Ctx<'_> {
        Ctx {
            theme: self.theme,
            base,
            list_depth: 0,
        }
    }

    fn blocks(&mut self, blocks: &[Block], indent: usize, depth: usize) -> Option<()> {
        for block in blocks {
            match block {
                Block::Para(pieces) => self.para(pieces, indent, Marker::None, 0, Role::Text)?,
                Block::Heading(pieces) => self.para(pieces, indent, Marker::None, 0, Role::Heading)?,
                Block::Quote(inner) if depth == 0 => {
                    for block in inner {
                        let Block::Para(pieces) = block else {
                            return None;
                        };
                        self.para(pieces, indent + 1, Marker::Bar, indent, Role::Quote)?;
                    }
                }
                Block::List { start, items } if depth < 2 => {
                    let markers: Vec<Marker> = match start {
                        Some(first) => (0..items.len())
                            .map(|i| Marker::Number(format!("{}.", first.saturating_add(i as u64))))
                            .collect(),
                        None => vec![Marker::Bullet { nested: depth > 0 }; items.len()],
                    };
                    let marker_w = markers
                        .iter()
                        .map(|m| match m {
                            Marker::Number(n) => n.len(),
                            _ => 1,
                        })
                        .max()
                        .unwrap_or(1);
                    let text_at = indent + marker_w + 1;
                    for (item, marker) in items.iter().zip(markers) {
                        let Some((Block::Para(pieces), rest)) = item.split_first() else {
                            return None;
                        };
                        let at = match &marker {
                            Marker::Number(n) => indent + marker_w - n.len(),
                            _ => indent,
                        };
                        self.para(pieces, text_at, marker, at, Role::Text)?;
                        self.blocks(rest, text_at, depth + 1)?;
                    }
                }
                _ => return None,
            }
        }
        Some(())
    }

    /// A paragraph at `indent` letters, its lines wrapped as evenly as their count allows;
    /// the marker goes on its first line (on every line for a quote's bar).
    fn para(
        &mut self,
        pieces: &[Inline],
        indent: usize,
        marker: Marker,
        marker_at: usize,
        base: Role,
    ) -> Option<()> {
        self.items += 1;
        if self.items > MAX_ITEMS {
            return None;
        }
        let avail = self.per_line.checked_sub(indent).filter(|&a| a > 0)?;
        let mut plain = String::new();
        let mut fonted = Vec::with_capacity(pieces.len());
        let mut breaks = false;
        for piece in pieces {
            match piece {
                Inline::Text(text, flags) => {
                    let text = big::font_text(text)?;
                    plain.push_str(&text);
                    fonted.push(Inline::Text(text, *flags));
                }
                Inline::Break => {
                    breaks = true;
                    plain.push(' ');
                    fonted.push(Inline::Break);
                }
            }
        }
        // Big type is never broken inside a word.
        let even = big::balanced(&plain, avail)?;
        let width = if breaks {
            avail
        } else {
            even.iter().map(|l| crate::width::of(l)).max().unwrap_or(avail)
        };
        let ctx = self.ctx(base);
        let lines = wrap(&fonted, width, &ctx);
        let bar = marker == Marker::Bar;
        for (i, line) in lines.into_iter().enumerate() {
            let first = i == 0;
            self.out.push(BigLine {
                indent: indent as u16,
                marker: if first || bar {
                    marker.clone()
                } else {
                    Marker::None
                },
                marker_at: marker_at as u16,
                line,
                gap_before: first && !self.out.is_empty(),
            });
        }
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    fn shown(markdown: &str, per_line: usize) -> Option<Vec<String>> {
        lines(markdown, per_line, &theme(), true).map(|lines| {
            lines
                .iter()
                .map(|l| {
                    let marker = match &l.marker {
                        Marker::None => String::new(),
                        Marker::Bullet { nested: false } => "•".into(),
                        Marker::Bullet { nested: true } => "-".into(),
                        Marker::Number(n) => n.clone(),
                        Marker::Bar => "▌".into(),
                    };
                    let pad = usize::from(l.indent) - usize::from(l.marker_at) - marker.chars().count();
                    format!(
                        "{}{}{marker}{}{}",
                        if l.gap_before { "\n" } else { "" },
                        " ".repeat(usize::from(l.marker_at)),
                        " ".repeat(pad),
                        text_of(&l.line)
                    )
                })
                .collect()
        })
    }

    #[test]
    fn short_bullets_hang_and_keep_their_styles() {
        assert_eq!(
            shown(
                "## Title\n\n- Meet each other\n- Share what **our** services offer",
                20
            )
            .unwrap(),
            ["• Meet each other", "\n• Share what our", "  services offer"]
        );
        let l = lines("- a **b**", 20, &theme(), false).unwrap();
        let strong = l[0].line.spans.iter().find(|s| s.content == "b").unwrap();
        assert_eq!(strong.style, theme().style(Role::Strong));
    }

    #[test]
    fn numbers_quotes_and_nesting() {
        assert_eq!(shown("9. nine\n10. ten", 20).unwrap(), [" 9. nine", "\n10. ten"]);
        assert_eq!(
            shown("> No single service can answer every question.", 20).unwrap(),
            ["▌No single service", "▌can answer every", "▌question."]
        );
        assert_eq!(
            shown("- for staff\n  - and the public", 30).unwrap(),
            ["• for staff", "\n  - and the public"]
        );
    }

    #[test]
    fn what_stays_small() {
        // A table, code, a long list, a word longer than a line, an emoji.
        assert_eq!(shown("| a | b |\n|---|---|\n| 1 | 2 |", 40), None);
        assert_eq!(shown("```\ncode\n```", 40), None);
        assert_eq!(shown(&"- item\n".repeat(MAX_ITEMS + 1), 40), None);
        assert!(shown(&"- item\n".repeat(MAX_ITEMS), 40).is_some());
        assert_eq!(shown("Supercalifragilistic", 10), None);
        assert_eq!(shown("Ideas 💡", 40), None);
        assert_eq!(shown("- a\n  - b\n    - c", 40), None);
    }
}
