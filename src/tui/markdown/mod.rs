//! Slide Markdown to styled terminal lines, wrapped by display width for a projected room.
//!
//! pulldown-cmark parses; the events become a small tree of blocks (`blocks`), which is then
//! laid out at a width (`layout`, with `table` for tables): lists and quotes render their
//! children narrower and prefix the lines. Every line that comes out is at most `width`
//! display columns, whatever the input.

pub(crate) mod big;
mod blocks;
mod layout;
mod table;

use ratatui::text::Line;
use unicode_width::UnicodeWidthStr;

use super::theme::{Role, Theme};
use crate::width;

/// Slide Markdown laid out as terminal lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Rendered {
    pub lines: Vec<Line<'static>>,
}

/// Renders slide Markdown into lines at most `width` display columns wide.
/// `skip_first_heading`: the slide view draws the slide's first heading itself (in big type),
/// so leave it out.
pub(crate) fn render(markdown: &str, width: u16, theme: &Theme, skip_first_heading: bool) -> Rendered {
    let width = usize::from(width);
    if width == 0 {
        return Rendered::default();
    }
    let mut lines = lay_out(markdown, width, theme, skip_first_heading);
    // A last guard: no line may leave here wider than asked, whatever the layout above
    // believed. (The tests hold the layout itself to the width, so this never cuts there.)
    for line in &mut lines {
        fit(line, width);
    }
    Rendered { lines }
}

/// The lines as laid out, before the last guard.
fn lay_out(markdown: &str, width: usize, theme: &Theme, skip_first_heading: bool) -> Vec<Line<'static>> {
    let blocks = blocks::parse(markdown, skip_first_heading);
    let ctx = layout::Ctx {
        theme,
        base: Role::Text,
        list_depth: 0,
    };
    layout::render_blocks(&blocks, width, &ctx, false)
}

/// Cuts a line to `width` columns.
fn fit(line: &mut Line<'static>, width: usize) {
    let widths: Vec<usize> = line.spans.iter().map(|s| s.content.width()).collect();
    if widths.iter().sum::<usize>() <= width {
        return;
    }
    let mut used = 0;
    let mut keep = 0;
    for (span, w) in line.spans.iter_mut().zip(widths) {
        if used + w <= width {
            used += w;
            keep += 1;
            continue;
        }
        let cut = width::truncate(&span.content, width - used).to_string();
        if !cut.is_empty() {
            span.content = cut.into();
            keep += 1;
        }
        break;
    }
    line.spans.truncate(keep);
}

/// What the tests in this folder share.
#[cfg(test)]
mod test_support {
    use super::*;
    use crate::tui::theme::ThemeName;

    pub(super) fn theme() -> Theme {
        Theme::new(ThemeName::Dark, true)
    }

    pub(super) fn text_of(line: &Line) -> String {
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    pub(super) fn md(markdown: &str, width: u16) -> Vec<String> {
        render(markdown, width, &theme(), false)
            .lines
            .iter()
            .map(text_of)
            .collect()
    }

    pub(super) fn line_width(line: &Line) -> usize {
        line.spans.iter().map(|s| s.content.width()).sum()
    }

    /// Every line fits `width`, as laid out (before `render`'s last guard) and as rendered.
    pub(super) fn assert_fits(markdown: &str, width: u16, skip: bool) {
        let r = render(markdown, width, &theme(), skip);
        if width == 0 {
            assert!(r.lines.is_empty());
            return;
        }
        for line in r
            .lines
            .iter()
            .chain(&lay_out(markdown, usize::from(width), &theme(), skip))
        {
            assert!(
                line_width(line) <= usize::from(width),
                "line {:?} wider than {width} for {markdown:?}",
                text_of(line)
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::*;
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_last_guard_cuts_between_graphemes() {
        let mut line = Line::from(vec!["ab".into(), "c👨\u{200d}👩\u{200d}👧d".into()]);
        fit(&mut line, 4);
        assert_eq!(text_of(&line), "abc");
        let mut line = Line::from("abc");
        fit(&mut line, 2);
        assert_eq!(text_of(&line), "ab");
    }

    #[test]
    fn tiny_widths_do_not_panic() {
        let text = "# Head\n\n- a **b** 日本\n  1. c\n> q\n\n```\ncode\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n---\n";
        assert!(render(text, 0, &theme(), false).lines.is_empty());
        assert!(render("", 40, &theme(), false).lines.is_empty());
        for w in 1..8 {
            assert_fits(text, w, false);
            assert_fits(text, w, true);
        }
    }

    fn snippet() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "# ",
            "## ",
            "- ",
            "  - ",
            "    * ",
            "1. ",
            "3) ",
            "> ",
            ">> ",
            "```\n",
            "    ",
            "| a | b |\n|---|:-:|\n",
            "| x | y | z |\n",
            "|",
            "**",
            "*",
            "_",
            "`",
            "~~",
            "[x](y)",
            "![alt](i.png)",
            "<!-- c -->",
            "<b>",
            "\n",
            "\n\n",
            "\\\n",
            "word ",
            "more words ",
            "longlonglonglonglonglongword",
            "日本語",
            "😀",
            "👨\u{200d}👩\u{200d}👧",
            "❤\u{fe0f}",
            "e\u{301}",
            "  ",
            "***\n",
            "\t",
            "\u{a0}",
            "\u{1b}[31m",
            "1.",
            "---\n",
        ])
    }

    /// Plain words, no Markdown in them: all of their characters must show.
    fn word() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "word",
            "ok",
            "longlonglonglonglonglongword",
            "日本語のテキスト",
            "😀",
            "👨\u{200d}👩\u{200d}👧",
            "❤\u{fe0f}",
            "e\u{301}",
            "🇫🇷",
            "10\u{a0}km",
        ])
    }

    /// The characters a reader sees: no spaces, no list or quote markers.
    fn seen(text: &str) -> String {
        text.chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '•' | '◦' | '▪' | '▌'))
            .collect()
    }

    proptest! {
        #[test]
        fn random_markdown_never_panics_or_overflows(
            parts in prop::collection::vec(snippet(), 0..60),
            width in 0u16..120,
            skip in any::<bool>(),
        ) {
            let text: String = parts.concat();
            let r = render(&text, width, &theme(), skip);
            if width == 0 {
                prop_assert!(r.lines.is_empty());
            } else {
                // The layout itself, not only `render`'s last guard, keeps to the width.
                for line in &lay_out(&text, usize::from(width), &theme(), skip) {
                    prop_assert!(line_width(line) <= usize::from(width), "{:?} for {:?}", text_of(line), text);
                }
            }
            for line in &r.lines {
                prop_assert!(line_width(line) <= usize::from(width), "{:?} for {:?}", text_of(line), text);
            }
        }

        #[test]
        fn random_text_never_panics_or_overflows(
            text in "[-*_`#>|\\\\\\[\\]()!0-9. a-z\n\t界😀é~:<]{0,300}",
            width in 1u16..120,
        ) {
            for line in &lay_out(&text, usize::from(width), &theme(), false) {
                prop_assert!(line_width(line) <= usize::from(width), "{:?} for {:?}", text_of(line), text);
            }
        }

        /// Wrapping loses nothing: every character of the words shows, in order, in a
        /// paragraph, a list item or a quote, whatever the width (down to the narrowest
        /// where a wide character still fits inside the quote's bar).
        #[test]
        fn every_character_of_the_words_shows(
            words in prop::collection::vec((word(), prop::sample::select(vec![" ", "  ", "\n"])), 1..40),
            container in prop::sample::select(vec!["", "- ", "> ", "1. "]),
            width in 5u16..100,
        ) {
            let words: String = words.iter().map(|(w, s)| format!("{w}{s}")).collect();
            let text = format!("{container}{words}");
            let shown: String = lay_out(&text, usize::from(width), &theme(), false)
                .iter()
                .map(|line| seen(&text_of(line)))
                .collect();
            let shown = shown.strip_prefix("1.").unwrap_or(&shown);
            prop_assert_eq!(shown, seen(&words), "for {:?} at {}", text, width);
        }
    }

    #[test]
    fn every_builtin_slide_fits() {
        let pack = crate::pack::Pack::builtin().expect("the built-in pack loads");
        assert!(!pack.slides.is_empty());
        for slide in &pack.slides {
            for step in 0..slide.steps() {
                for width in [40, 60, 76, 100] {
                    for skip in [false, true] {
                        let r = render(slide.visible(step), width, &theme(), skip);
                        assert!(!r.lines.is_empty() || skip, "slide at line {}", slide.line);
                        let laid_out = lay_out(slide.visible(step), usize::from(width), &theme(), skip);
                        for line in r.lines.iter().chain(&laid_out) {
                            assert!(
                                line_width(line) <= usize::from(width),
                                "slide at line {} step {step} width {width}: {:?}",
                                slide.line,
                                text_of(line)
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn a_sample_slide_looks_right() {
        let text = "\
## Eight principles

It is hard to know what each service **offers**, *handles* and `signposts` to.

1. Understand each other and the local context
2. A clear purpose, with agreed aims and outcomes
   - for staff
   - for patients and the public

> No single service can answer every health question.

| Area                         | One example                           |
|------------------------------|---------------------------------------|
| Resources and materials      | Reminiscence boxes                    |
| Mental health and well-being | Reading Well Books on Prescription    |

```
cargo run -- present
```
";
        let out = md(text, 40).join("\n");
        insta::assert_snapshot!(out);
    }
}
