//! Layout: the block tree at a width, as styled lines. Lists and quotes lay their children out
//! narrower and prefix the lines; paragraphs and headings are word-wrapped by
//! `crate::width`, their styles following the text.

use std::ops::Range;

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::blocks::{Block, CODE, EMPH, Inline, LINK, STRIKE, STRONG};
use super::table::render_table;
use crate::tui::theme::{Role, Theme};
use crate::width;

#[derive(Clone, Copy)]
pub(super) struct Ctx<'a> {
    pub theme: &'a Theme,
    /// The role of plain text here.
    pub base: Role,
    /// How many lists enclose this point.
    pub list_depth: usize,
}

impl Ctx<'_> {
    pub fn style(&self, flags: u8) -> Style {
        let theme = self.theme;
        let code = flags & CODE != 0;
        let mut s = theme.style(if code { Role::Code } else { self.base });
        if code && self.base == Role::Heading {
            s = s.add_modifier(Modifier::BOLD);
        }
        if flags & STRONG != 0 {
            s = if code || matches!(self.base, Role::Heading | Role::Strong) {
                s.add_modifier(Modifier::BOLD)
            } else {
                s.patch(theme.style(Role::Strong))
            };
        }
        if flags & EMPH != 0 {
            s = s.add_modifier(Modifier::ITALIC);
        }
        if flags & STRIKE != 0 {
            s = s.add_modifier(Modifier::CROSSED_OUT);
        }
        if flags & LINK != 0 {
            s = s.add_modifier(Modifier::UNDERLINED);
        }
        s
    }
}

fn is_list(block: &Block) -> bool {
    matches!(block, Block::List { .. })
}

/// Lays out blocks one under another with a blank line between. `compact` (inside a list
/// item) drops the blank line next to a nested list, so lists stay tight.
pub(super) fn render_blocks(blocks: &[Block], width: usize, ctx: &Ctx, compact: bool) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let mut prev_list: Option<bool> = None;
    for block in blocks {
        let lines = render_block(block, width, ctx);
        if lines.is_empty() {
            continue;
        }
        if let Some(prev_list) = prev_list
            && (!compact || !(prev_list || is_list(block)))
        {
            out.push(Line::default());
        }
        out.extend(lines);
        prev_list = Some(is_list(block));
    }
    out
}

fn render_block(block: &Block, width: usize, ctx: &Ctx) -> Vec<Line<'static>> {
    match block {
        Block::Heading(pieces) => wrap(
            pieces,
            width,
            &Ctx {
                base: Role::Heading,
                ..*ctx
            },
        ),
        Block::Para(pieces) => wrap(pieces, width, ctx),
        Block::Quote(blocks) => render_quote(blocks, width, ctx),
        Block::List { start, items } => render_list(*start, items, width, ctx),
        Block::Code(text) => render_code(text, width, ctx),
        Block::Table(table) => render_table(table, width, ctx),
        Block::Rule => vec![Line::from(Span::styled(
            "─".repeat(width),
            ctx.theme.style(Role::Dim),
        ))],
    }
}

fn prefixed(prefix: Span<'static>, mut line: Line<'static>) -> Line<'static> {
    line.spans.insert(0, prefix);
    line
}

fn render_quote(blocks: &[Block], width: usize, ctx: &Ctx) -> Vec<Line<'static>> {
    let inner = Ctx {
        base: Role::Quote,
        ..*ctx
    };
    if width < 3 {
        return render_blocks(blocks, width, &inner, false);
    }
    let marker = ctx.theme.style(Role::Marker);
    let lines = render_blocks(blocks, width - 2, &inner, false);
    // Every line as wide as the widest, so that a centred slide centres the quote as one
    // block and its bar stays at the left of it.
    let widest = lines.iter().map(Line::width).max().unwrap_or(0);
    let pad = ctx.theme.style(Role::Quote);
    lines
        .into_iter()
        .map(|mut line| {
            let short = widest - line.width();
            if short > 0 {
                line.spans.push(Span::styled(" ".repeat(short), pad));
            }
            prefixed(Span::styled("▌ ", marker), line)
        })
        .collect()
}

fn bullet(depth: usize) -> &'static str {
    match depth {
        0 => "•",
        1 => "◦",
        _ => "▪",
    }
}

fn render_list(start: Option<u64>, items: &[Vec<Block>], width: usize, ctx: &Ctx) -> Vec<Line<'static>> {
    let markers: Vec<String> = match start {
        Some(first) => (0..items.len())
            .map(|i| format!("{}.", first.saturating_add(i as u64)))
            .collect(),
        None => vec![bullet(ctx.list_depth).to_string(); items.len()],
    };
    // Numbers are right-aligned so that the text of "9." and "10." lines up.
    let marker_w = markers.iter().map(|m| m.width()).max().unwrap_or(0);
    let indent = marker_w + 1;
    let inner = Ctx {
        list_depth: ctx.list_depth + 1,
        ..*ctx
    };
    let mut out = Vec::new();
    if width <= indent {
        // No room for markers: the text alone.
        for item in items {
            out.extend(render_blocks(item, width, &inner, true));
        }
        return out;
    }
    let marker_style = ctx.theme.style(Role::Marker);
    let pad_style = ctx.theme.style(Role::Text);
    for (item, marker) in items.iter().zip(&markers) {
        let mut lines = render_blocks(item, width - indent, &inner, true);
        if lines.is_empty() {
            lines.push(Line::default());
        }
        for (i, line) in lines.into_iter().enumerate() {
            if i == 0 {
                let label = format!("{marker:>marker_w$} ");
                out.push(prefixed(Span::styled(label, marker_style), line));
            } else if line.spans.is_empty() {
                out.push(line);
            } else {
                out.push(prefixed(Span::styled(" ".repeat(indent), pad_style), line));
            }
        }
    }
    out
}

fn render_code(text: &str, width: usize, ctx: &Ctx) -> Vec<Line<'static>> {
    let indent = if width >= 3 { 2 } else { 0 };
    let avail = width - indent;
    let rows: Vec<String> = text
        .lines()
        .map(|l| {
            let mut clean = String::with_capacity(l.len());
            for c in l.chars() {
                match c {
                    '\t' => clean.push_str("    "),
                    c if c.is_control() => {}
                    c => clean.push(c),
                }
            }
            width::ellipsis(&clean, avail)
        })
        .collect();
    // Pad to the widest line so the code's background reads as one box.
    let box_w = rows.iter().map(|r| r.width()).max().unwrap_or(0);
    let code = ctx.theme.style(Role::Code);
    let pad = ctx.theme.style(Role::Text);
    rows.into_iter()
        .map(|mut row| {
            let w = row.width();
            row.extend(std::iter::repeat_n(' ', box_w.saturating_sub(w)));
            let mut spans = Vec::with_capacity(2);
            if indent > 0 {
                spans.push(Span::styled(" ".repeat(indent), pad));
            }
            spans.push(Span::styled(row, code));
            Line::from(spans)
        })
        .collect()
}

/// Word-wraps inline text at `width` display columns. A hard break ends a line, even an
/// empty one.
pub(super) fn wrap(pieces: &[Inline], width: usize, ctx: &Ctx) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let mut para = Styled::default();
    for piece in pieces {
        match piece {
            Inline::Break => {
                let lines = std::mem::take(&mut para).wrap(width);
                if lines.is_empty() {
                    out.push(Line::default());
                }
                out.extend(lines);
            }
            Inline::Text(text, flags) => para.push(text, ctx.style(*flags)),
        }
    }
    out.extend(para.wrap(width));
    out
}

/// Text between hard breaks, its spaces collapsed, with the style each stretch has.
#[derive(Default)]
struct Styled {
    text: String,
    /// Where each style starts in `text`, in order.
    styles: Vec<(usize, Style)>,
    /// A space is due before the next word, in this style.
    space: Option<Style>,
}

impl Styled {
    fn push(&mut self, text: &str, style: Style) {
        for c in text.chars() {
            if width::is_space(c) {
                if !self.text.is_empty() {
                    self.space.get_or_insert(style);
                }
                continue;
            }
            if let Some(space) = self.space.take() {
                self.push_char(' ', space);
            }
            self.push_char(c, style);
        }
    }

    fn push_char(&mut self, c: char, style: Style) {
        if self.styles.last().map(|&(_, s)| s) != Some(style) {
            self.styles.push((self.text.len(), style));
        }
        self.text.push(c);
    }

    fn wrap(self, width: usize) -> Vec<Line<'static>> {
        width::wrap_ranges(&self.text, width)
            .into_iter()
            .map(|ranges| {
                let mut spans: Vec<Span<'static>> = Vec::new();
                for range in ranges {
                    self.spans(range, &mut spans);
                }
                Line::from(spans)
            })
            .collect()
    }

    /// The text in `range` as spans of one style each, joined to the last span if it has
    /// the same style.
    fn spans(&self, range: Range<usize>, out: &mut Vec<Span<'static>>) {
        let mut run = self.styles.partition_point(|&(start, _)| start <= range.start) - 1;
        let mut at = range.start;
        while at < range.end {
            let (_, style) = self.styles[run];
            let end = self
                .styles
                .get(run + 1)
                .map_or(range.end, |&(start, _)| start.min(range.end));
            let text = &self.text[at..end];
            match out.last_mut() {
                Some(span) if span.style == style => span.content.to_mut().push_str(text),
                _ => out.push(Span::styled(text.to_string(), style)),
            }
            at = end;
            run += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::render;
    use super::super::test_support::*;
    use super::*;
    use crate::tui::theme::ThemeName;

    #[test]
    fn wraps_a_paragraph_at_word_boundaries() {
        assert_eq!(
            md("The quick brown fox\njumps over the lazy dog.", 16),
            ["The quick brown", "fox jumps over", "the lazy dog."]
        );
    }

    #[test]
    fn hard_breaks_and_blank_lines_between_blocks() {
        assert_eq!(md("one\\\ntwo\n\nthree\n\n\n", 20), ["one", "two", "", "three"]);
    }

    #[test]
    fn breaks_a_long_word_hard() {
        assert_eq!(
            md("see abcdefghijklmnop now", 6),
            ["see", "abcdef", "ghijkl", "mnop", "now"]
        );
    }

    #[test]
    fn wide_characters_wrap_by_display_width() {
        assert_eq!(
            md("日本語のテキスト 😀😀 ok", 10),
            ["日本語のテ", "キスト", "😀😀 ok"]
        );
        // An odd width never splits a wide character.
        assert_eq!(md("日本語のテ", 9), ["日本語の", "テ"]);
        // A combining accent stays with its letter.
        assert_eq!(md("abe\u{301}cd", 3), ["abe\u{301}", "cd"]);
    }

    #[test]
    fn nested_bullets_hang_their_wrapped_lines() {
        let text = "- one\n- two is a longer item that wraps\n  - nested item here that wraps too\n    - deep\n- three";
        assert_eq!(
            md(text, 20),
            [
                "• one",
                "• two is a longer",
                "  item that wraps",
                "  ◦ nested item here",
                "    that wraps too",
                "    ▪ deep",
                "• three",
            ]
        );
    }

    #[test]
    fn loose_lists_are_compact_too() {
        assert_eq!(md("- a\n\n- b\n\n- c", 20), ["• a", "• b", "• c"]);
    }

    #[test]
    fn numbered_list_keeps_its_start() {
        assert_eq!(
            md("3. three\n4. four\n5. five is long enough to wrap", 16),
            [
                "3. three",
                "4. four",
                "5. five is long",
                "   enough to",
                "   wrap"
            ]
        );
    }

    #[test]
    fn numbers_are_right_aligned() {
        assert_eq!(md("9. nine\n10. ten", 20), [" 9. nine", "10. ten"]);
    }

    #[test]
    fn paragraph_then_list() {
        assert_eq!(
            md("It is hard to know:\n\n- **offers**\n- **handles**", 40),
            ["It is hard to know:", "", "• offers", "• handles"]
        );
    }

    #[test]
    fn block_quote_is_barred_and_wrapped() {
        let r = render("> A quote that is long enough to wrap", 20, &theme(), false);
        let lines: Vec<String> = r.lines.iter().map(text_of).collect();
        assert_eq!(
            lines,
            ["▌ A quote that is", "▌ long enough to ", "▌ wrap           "]
        );
        let t = theme();
        assert_eq!(r.lines[0].spans[0].style, t.style(Role::Marker));
        assert_eq!(r.lines[0].spans[1].style, t.style(Role::Quote));
    }

    #[test]
    fn code_block_is_indented_and_truncated() {
        let r = render(
            "```rust\nfn main() {}\nlet long_line = 1234567890;\n```",
            20,
            &theme(),
            false,
        );
        let lines: Vec<String> = r.lines.iter().map(text_of).collect();
        assert_eq!(lines, ["  fn main() {}      ", "  let long_line = 1…"]);
        assert_eq!(r.lines[0].spans[1].style, theme().style(Role::Code));
    }

    #[test]
    fn heading_is_bold_in_the_heading_role() {
        let r = render("## Welcome", 40, &theme(), false);
        assert_eq!(r.lines.len(), 1);
        let style = r.lines[0].spans[0].style;
        assert_eq!(style, theme().style(Role::Heading));
        assert!(style.add_modifier.contains(Modifier::BOLD));
    }

    #[test]
    fn inline_styles() {
        let t = theme();
        let r = render(
            "- plain **bold** `code` *it* [link](https://x.org) ~~gone~~ ***both***",
            80,
            &t,
            false,
        );
        assert_eq!(r.lines.len(), 1);
        let span = |text: &str| {
            r.lines[0]
                .spans
                .iter()
                .find(|s| s.content == text)
                .unwrap_or_else(|| panic!("no span {text:?} in {:?}", r.lines[0]))
                .style
        };
        assert_eq!(text_of(&r.lines[0]), "• plain bold code it link gone both");
        assert_eq!(span("• "), t.style(Role::Marker));
        assert!(span("bold").add_modifier.contains(Modifier::BOLD));
        assert_eq!(span("bold"), t.style(Role::Strong));
        assert_eq!(span("code"), t.style(Role::Code));
        assert!(span("it").add_modifier.contains(Modifier::ITALIC));
        assert!(span("link").add_modifier.contains(Modifier::UNDERLINED));
        assert!(span("gone").add_modifier.contains(Modifier::CROSSED_OUT));
        assert!(
            span("both")
                .add_modifier
                .contains(Modifier::BOLD | Modifier::ITALIC)
        );
        // Without colour, meaning still shows as modifiers.
        let plain = Theme::new(ThemeName::Dark, false);
        let r = render("**bold**", 80, &plain, false);
        assert!(r.lines[0].spans[0].style.add_modifier.contains(Modifier::BOLD));
    }
}
