//! The block tree: pulldown-cmark's events become headings, paragraphs, quotes, lists, code,
//! tables and rules, each with its inline text and emphasis flags, ready to lay out at any
//! width.

use pulldown_cmark::{Alignment, Event, Options, Parser, Tag, TagEnd};

/// Inline emphasis flags, resolved to a style when laid out (the base style depends on where
/// the text is: a heading, a quote, a table header).
pub(super) const STRONG: u8 = 1;
pub(super) const EMPH: u8 = 2;
pub(super) const CODE: u8 = 4;
pub(super) const STRIKE: u8 = 8;
pub(super) const LINK: u8 = 16;

#[derive(Debug)]
pub(super) enum Inline {
    Text(String, u8),
    Break,
}

#[derive(Debug)]
pub(super) enum Block {
    Heading(Vec<Inline>),
    Para(Vec<Inline>),
    Quote(Vec<Block>),
    List {
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Code(String),
    Table(Table),
    Rule,
}

#[derive(Debug, Default)]
pub(super) struct Table {
    pub aligns: Vec<Alignment>,
    pub head: Vec<Vec<Inline>>,
    pub rows: Vec<Vec<Vec<Inline>>>,
    /// The row being read.
    row: Vec<Vec<Inline>>,
}

/// Lists and quotes nested deeper than this are flattened into their parent: at projection
/// widths there is no room for more indentation, and it keeps the tree (and the recursion
/// that lays it out) shallow whatever the input.
const MAX_DEPTH: usize = 12;

enum Frame {
    Root(Vec<Block>),
    Quote(Vec<Block>),
    List {
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Item(Vec<Block>),
    /// A container past `MAX_DEPTH`: its content goes to the nearest real one.
    Flat,
}

#[derive(PartialEq)]
enum AccKind {
    Para,
    Heading,
    Cell,
    Skip,
}

struct Acc {
    kind: AccKind,
    pieces: Vec<Inline>,
}

struct Builder {
    frames: Vec<Frame>,
    inline: Option<Acc>,
    code: Option<String>,
    table: Option<Table>,
    strong: u32,
    emph: u32,
    strike: u32,
    link: u32,
    skip_heading: bool,
}

/// The block tree of slide Markdown. `skip_first_heading` leaves out the first heading at the
/// top level.
pub(super) fn parse(markdown: &str, skip_first_heading: bool) -> Vec<Block> {
    let mut b = Builder {
        frames: vec![Frame::Root(Vec::new())],
        inline: None,
        code: None,
        table: None,
        strong: 0,
        emph: 0,
        strike: 0,
        link: 0,
        skip_heading: skip_first_heading,
    };
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for event in Parser::new_ext(markdown, options) {
        b.event(event);
    }
    b.flush();
    while b.frames.len() > 1 {
        b.close_frame();
    }
    match b.frames.pop() {
        Some(Frame::Root(blocks)) => blocks,
        _ => Vec::new(),
    }
}

impl Builder {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => self.text(&t, 0),
            Event::Code(t) => self.text(&t, CODE),
            Event::InlineMath(t) | Event::DisplayMath(t) => self.text(&t, CODE),
            Event::SoftBreak => self.text(" ", 0),
            Event::HardBreak => self.acc().pieces.push(Inline::Break),
            Event::Rule => {
                self.flush();
                self.add_block(Block::Rule);
            }
            Event::FootnoteReference(r) => self.text(&format!("[{r}]"), 0),
            Event::TaskListMarker(done) => self.text(if done { "[x] " } else { "[ ] " }, 0),
            Event::Html(_) | Event::InlineHtml(_) => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Emphasis => self.emph += 1,
            Tag::Strong => self.strong += 1,
            Tag::Strikethrough => self.strike += 1,
            Tag::Link { .. } => self.link += 1,
            Tag::Image { .. } => self.text("[image: ", 0),
            Tag::Superscript | Tag::Subscript => {}
            Tag::Paragraph => {
                self.flush();
                self.open(AccKind::Para);
            }
            Tag::Heading { .. } => {
                self.flush();
                let at_root = self.frames.len() == 1;
                if self.skip_heading && at_root {
                    self.skip_heading = false;
                    self.open(AccKind::Skip);
                } else {
                    self.open(AccKind::Heading);
                }
            }
            Tag::BlockQuote(_) => {
                self.flush();
                let frame = if self.depth() >= MAX_DEPTH {
                    Frame::Flat
                } else {
                    Frame::Quote(Vec::new())
                };
                self.frames.push(frame);
            }
            Tag::List(start) => {
                self.flush();
                let frame = if self.depth() >= MAX_DEPTH {
                    Frame::Flat
                } else {
                    Frame::List {
                        start,
                        items: Vec::new(),
                    }
                };
                self.frames.push(frame);
            }
            Tag::Item => {
                self.flush();
                let frame = match self.frames.last() {
                    Some(Frame::List { .. }) => Frame::Item(Vec::new()),
                    _ => Frame::Flat,
                };
                self.frames.push(frame);
            }
            Tag::CodeBlock(_) => {
                self.flush();
                self.code = Some(String::new());
            }
            Tag::Table(aligns) => {
                self.flush();
                self.table = Some(Table {
                    aligns,
                    ..Table::default()
                });
            }
            Tag::TableHead | Tag::TableRow => {
                self.flush();
                if let Some(t) = &mut self.table {
                    t.row.clear();
                }
            }
            Tag::TableCell => {
                self.flush();
                self.open(AccKind::Cell);
            }
            Tag::HtmlBlock
            | Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::MetadataBlock(_) => self.flush(),
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Emphasis => self.emph = self.emph.saturating_sub(1),
            TagEnd::Strong => self.strong = self.strong.saturating_sub(1),
            TagEnd::Strikethrough => self.strike = self.strike.saturating_sub(1),
            TagEnd::Link => self.link = self.link.saturating_sub(1),
            TagEnd::Image => self.text("]", 0),
            TagEnd::Superscript | TagEnd::Subscript => {}
            TagEnd::CodeBlock => {
                if let Some(code) = self.code.take() {
                    self.add_block(Block::Code(code));
                }
            }
            TagEnd::TableHead => {
                self.flush();
                if let Some(t) = &mut self.table {
                    t.head = std::mem::take(&mut t.row);
                }
            }
            TagEnd::TableRow => {
                self.flush();
                if let Some(t) = &mut self.table {
                    let row = std::mem::take(&mut t.row);
                    t.rows.push(row);
                }
            }
            TagEnd::Table => {
                self.flush();
                if let Some(t) = self.table.take() {
                    self.add_block(Block::Table(t));
                }
            }
            TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item => {
                self.flush();
                if self.frames.len() > 1 {
                    self.close_frame();
                }
            }
            TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::TableCell
            | TagEnd::HtmlBlock
            | TagEnd::FootnoteDefinition
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::MetadataBlock(_) => self.flush(),
        }
    }

    /// Lists and quotes open (flattened ones do not count).
    fn depth(&self) -> usize {
        self.frames
            .iter()
            .filter(|f| matches!(f, Frame::Quote(_) | Frame::List { .. }))
            .count()
    }

    fn flags(&self) -> u8 {
        let mut f = 0;
        if self.strong > 0 {
            f |= STRONG;
        }
        if self.emph > 0 {
            f |= EMPH;
        }
        if self.strike > 0 {
            f |= STRIKE;
        }
        if self.link > 0 {
            f |= LINK;
        }
        f
    }

    fn open(&mut self, kind: AccKind) {
        self.inline = Some(Acc {
            kind,
            pieces: Vec::new(),
        });
    }

    /// The inline text being gathered; text outside any paragraph (a tight list item) gets one.
    fn acc(&mut self) -> &mut Acc {
        self.inline.get_or_insert_with(|| Acc {
            kind: AccKind::Para,
            pieces: Vec::new(),
        })
    }

    fn text(&mut self, text: &str, extra: u8) {
        if let Some(code) = &mut self.code {
            code.push_str(text);
            return;
        }
        let flags = self.flags() | extra;
        let mut clean = String::with_capacity(text.len());
        for c in text.chars() {
            match c {
                '\t' | '\n' | '\r' => clean.push(' '),
                c if c.is_control() => {}
                c => clean.push(c),
            }
        }
        if clean.is_empty() {
            return;
        }
        let pieces = &mut self.acc().pieces;
        match pieces.last_mut() {
            Some(Inline::Text(t, f)) if *f == flags => t.push_str(&clean),
            _ => pieces.push(Inline::Text(clean, flags)),
        }
    }

    /// Ends the inline text being gathered, if any, and files it where it belongs.
    fn flush(&mut self) {
        let Some(acc) = self.inline.take() else {
            return;
        };
        match acc.kind {
            AccKind::Skip => {}
            AccKind::Cell => {
                if let Some(t) = &mut self.table {
                    t.row.push(acc.pieces);
                }
            }
            AccKind::Para | AccKind::Heading => {
                let has_text = acc.pieces.iter().any(|p| match p {
                    Inline::Text(t, _) => !t.trim().is_empty(),
                    Inline::Break => false,
                });
                if has_text {
                    self.add_block(if acc.kind == AccKind::Heading {
                        Block::Heading(acc.pieces)
                    } else {
                        Block::Para(acc.pieces)
                    });
                }
            }
        }
    }

    fn add_block(&mut self, block: Block) {
        for frame in self.frames.iter_mut().rev() {
            match frame {
                Frame::Root(b) | Frame::Quote(b) | Frame::Item(b) => {
                    b.push(block);
                    return;
                }
                Frame::List { items, .. } => {
                    items.push(vec![block]);
                    return;
                }
                Frame::Flat => {}
            }
        }
    }

    fn close_frame(&mut self) {
        match self.frames.pop() {
            Some(Frame::Quote(blocks)) => self.add_block(Block::Quote(blocks)),
            Some(Frame::List { start, items }) => self.add_block(Block::List { start, items }),
            Some(Frame::Item(blocks)) => match self.frames.last_mut() {
                Some(Frame::List { items, .. }) => items.push(blocks),
                _ => {
                    for b in blocks {
                        self.add_block(b);
                    }
                }
            },
            Some(Frame::Root(blocks)) => self.frames.push(Frame::Root(blocks)),
            Some(Frame::Flat) | None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::render;
    use super::super::test_support::*;
    use super::*;

    #[test]
    fn nesting_past_the_limit_is_flattened() {
        fn depth(blocks: &[Block]) -> usize {
            blocks
                .iter()
                .map(|b| match b {
                    Block::Quote(inner) => 1 + depth(inner),
                    Block::List { items, .. } => 1 + items.iter().map(|i| depth(i)).max().unwrap_or(0),
                    _ => 0,
                })
                .max()
                .unwrap_or(0)
        }
        assert_eq!(depth(&parse(&">".repeat(5), false)), 5);
        assert_eq!(depth(&parse(&">".repeat(5000), false)), MAX_DEPTH);
    }

    #[test]
    fn skips_the_first_heading_only_when_asked() {
        let text = "# Title\n\nBody text\n\n## Sub";
        assert_eq!(md(text, 40), ["Title", "", "Body text", "", "Sub"]);
        let skipped: Vec<String> = render(text, 40, &theme(), true)
            .lines
            .iter()
            .map(text_of)
            .collect();
        assert_eq!(skipped, ["Body text", "", "Sub"]);
    }

    #[test]
    fn html_images_and_rules() {
        assert_eq!(
            md(
                "<!-- a comment -->\n\nbefore <b>x</b> ![a cat](cat.png)\n\n***\n\n<div>\nhidden\n</div>",
                10
            ),
            ["before x", "[image: a", "cat]", "", "──────────"]
        );
    }

    #[test]
    fn deep_nesting_and_huge_input_do_not_panic() {
        let mut nested = String::new();
        for i in 0..200 {
            nested.push_str(&"  ".repeat(i));
            nested.push_str("- item\n");
        }
        assert_fits(&nested, 40, false);
        assert_fits(&">".repeat(5000), 40, false);
        assert_fits(&format!("> - > 1. > {}", "x".repeat(10_000)), 30, false);
        let wide_table = format!("{}\n{}\n", "|a".repeat(300), "|-".repeat(300));
        assert_fits(&wide_table, 40, false);
    }
}
