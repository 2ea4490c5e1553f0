//! Slide Markdown to styled terminal lines, wrapped by display width for a projected room.
//!
//! pulldown-cmark parses; the events become a small tree of blocks, which is then laid out at
//! a width: lists and quotes render their children narrower and prefix the lines. Every line
//! that comes out is at most `width` display columns, whatever the input.

use pulldown_cmark::{Alignment, Event, Options, Parser, Tag, TagEnd};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::theme::{Role, Theme};

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
    let blocks = parse(markdown, skip_first_heading);
    let ctx = Ctx {
        theme,
        base: Role::Text,
        list_depth: 0,
    };
    let mut lines = render_blocks(&blocks, width, &ctx, false);
    // A last guard: width rules for emoji sequences are subtle, so no line may leave here
    // wider than asked, whatever the layout above believed.
    for line in &mut lines {
        fit(line, width);
    }
    Rendered { lines }
}

// ---------------------------------------------------------------------------------------------
// The block tree

/// Inline emphasis flags, resolved to a style when laid out (the base style depends on where
/// the text is: a heading, a quote, a table header).
const STRONG: u8 = 1;
const EMPH: u8 = 2;
const CODE: u8 = 4;
const STRIKE: u8 = 8;
const LINK: u8 = 16;

#[derive(Debug)]
enum Inline {
    Text(String, u8),
    Break,
}

#[derive(Debug)]
enum Block {
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
struct Table {
    aligns: Vec<Alignment>,
    head: Vec<Vec<Inline>>,
    rows: Vec<Vec<Vec<Inline>>>,
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

fn parse(markdown: &str, skip_first_heading: bool) -> Vec<Block> {
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

// ---------------------------------------------------------------------------------------------
// Layout

#[derive(Clone, Copy)]
struct Ctx<'a> {
    theme: &'a Theme,
    /// The role of plain text here.
    base: Role,
    /// How many lists enclose this point.
    list_depth: usize,
}

impl Ctx<'_> {
    fn style(&self, flags: u8) -> Style {
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
fn render_blocks(blocks: &[Block], width: usize, ctx: &Ctx, compact: bool) -> Vec<Line<'static>> {
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
    render_blocks(blocks, width - 2, &inner, false)
        .into_iter()
        .map(|line| {
            let bar = if line.spans.is_empty() { "▌" } else { "▌ " };
            prefixed(Span::styled(bar, marker), line)
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
            truncate(&clean, avail, true)
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

// ---------------------------------------------------------------------------------------------
// Tables

fn render_table(table: &Table, width: usize, ctx: &Ctx) -> Vec<Line<'static>> {
    let ncols = table
        .rows
        .iter()
        .map(Vec::len)
        .chain([table.aligns.len(), table.head.len()])
        .max()
        .unwrap_or(0);
    if ncols == 0 {
        return Vec::new();
    }
    let head_ctx = Ctx {
        base: Role::Strong,
        ..*ctx
    };
    let mut natural = vec![1usize; ncols];
    let all_rows = std::iter::once((&table.head, &head_ctx)).chain(table.rows.iter().map(|r| (r, ctx)));
    for (row, c) in all_rows {
        for (j, cell) in row.iter().enumerate().take(ncols) {
            let w = wrap(cell, usize::MAX / 4, c)
                .iter()
                .map(Line::width)
                .max()
                .unwrap_or(0);
            natural[j] = natural[j].max(w);
        }
    }

    // Separators " │ " if every column can still have a column of its own, else "│", else
    // only the columns that fit.
    let (sep_w, shown) = if ncols + 3 * (ncols - 1) <= width {
        (3, ncols)
    } else if 2 * ncols - 1 <= width {
        (1, ncols)
    } else {
        (1, width.div_ceil(2).max(1))
    };
    let avail = width - sep_w * (shown - 1);
    let widths = fit_columns(&natural[..shown], avail);
    let (sep, cross) = if sep_w == 3 {
        (" │ ", "─┼─")
    } else {
        ("│", "┼")
    };
    let aligns: Vec<Alignment> = (0..shown)
        .map(|j| table.aligns.get(j).copied().unwrap_or(Alignment::None))
        .collect();
    let marker = ctx.theme.style(Role::Marker);

    let mut out = table_row(&table.head, &widths, &aligns, &head_ctx, sep);
    let rule: Vec<String> = widths.iter().map(|&w| "─".repeat(w)).collect();
    out.push(Line::from(Span::styled(rule.join(cross), marker)));
    for row in &table.rows {
        out.extend(table_row(row, &widths, &aligns, ctx, sep));
    }
    out
}

/// Column widths that fit in `avail` (at least one column each): the widest columns shrink
/// first, down to a common cap.
fn fit_columns(natural: &[usize], avail: usize) -> Vec<usize> {
    let natural: Vec<usize> = natural.iter().map(|&n| n.max(1)).collect();
    let total = |cap: usize| natural.iter().map(|&n| n.min(cap)).sum::<usize>();
    if total(usize::MAX) <= avail {
        return natural;
    }
    let (mut lo, mut hi) = (1, natural.iter().copied().max().unwrap_or(1));
    while lo < hi {
        let mid = lo + (hi - lo).div_ceil(2);
        if total(mid) <= avail {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let mut widths: Vec<usize> = natural.iter().map(|&n| n.min(lo)).collect();
    let mut left = avail.saturating_sub(widths.iter().sum());
    for (w, &n) in widths.iter_mut().zip(&natural) {
        if left == 0 {
            break;
        }
        if n > *w {
            *w += 1;
            left -= 1;
        }
    }
    widths
}

fn table_row(
    cells: &[Vec<Inline>],
    widths: &[usize],
    aligns: &[Alignment],
    ctx: &Ctx,
    sep: &'static str,
) -> Vec<Line<'static>> {
    let wrapped: Vec<Vec<Line<'static>>> = widths
        .iter()
        .enumerate()
        .map(|(j, &w)| cells.get(j).map(|c| wrap(c, w, ctx)).unwrap_or_default())
        .collect();
    let height = wrapped.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let marker = ctx.theme.style(Role::Marker);
    let pad = ctx.theme.style(ctx.base);
    let last = widths.len() - 1;
    (0..height)
        .map(|i| {
            let mut spans = Vec::new();
            for (j, &w) in widths.iter().enumerate() {
                if j > 0 {
                    spans.push(Span::styled(sep, marker));
                }
                let cell = wrapped[j].get(i);
                let free = w.saturating_sub(cell.map_or(0, Line::width));
                let (left, right) = match aligns[j] {
                    Alignment::Right => (free, 0),
                    Alignment::Center => (free / 2, free - free / 2),
                    Alignment::Left | Alignment::None => (0, free),
                };
                if left > 0 {
                    spans.push(Span::styled(" ".repeat(left), pad));
                }
                match cell {
                    Some(cell) => spans.extend(cell.spans.iter().cloned()),
                    // Nothing after the last separator: no trailing space either.
                    None if j == last && left == 0 => {
                        if let Some(s) = spans.last_mut() {
                            s.content = sep.trim_end().into();
                        }
                    }
                    None => {}
                }
                if right > 0 && j < last {
                    spans.push(Span::styled(" ".repeat(right), pad));
                }
            }
            Line::from(spans)
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Wrapping

/// Characters a line may break at; no-break spaces hold their words together.
fn is_space(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{2007}' | '\u{202f}')
}

/// Word-wraps inline text at `width` display columns.
fn wrap(pieces: &[Inline], width: usize, ctx: &Ctx) -> Vec<Line<'static>> {
    let mut w = Wrapper {
        width,
        lines: Vec::new(),
        cur: Vec::new(),
        cur_w: 0,
        word: Vec::new(),
        space: None,
    };
    for piece in pieces {
        match piece {
            Inline::Break => {
                w.end_word();
                w.newline();
            }
            Inline::Text(text, flags) => {
                let style = ctx.style(*flags);
                for c in text.chars() {
                    if is_space(c) {
                        w.end_word();
                        w.space.get_or_insert(style);
                    } else {
                        push_char(&mut w.word, c, style);
                    }
                }
            }
        }
    }
    w.end_word();
    if !w.cur.is_empty() {
        w.newline();
    }
    w.lines
        .into_iter()
        .map(|frags| {
            Line::from(
                frags
                    .into_iter()
                    .map(|(t, s)| Span::styled(t, s))
                    .collect::<Vec<_>>(),
            )
        })
        .collect()
}

type Frags = Vec<(String, Style)>;

fn push_char(frags: &mut Frags, c: char, style: Style) {
    match frags.last_mut() {
        Some((t, s)) if *s == style => t.push(c),
        _ => frags.push((c.to_string(), style)),
    }
}

fn push_str(frags: &mut Frags, text: &str, style: Style) {
    match frags.last_mut() {
        Some((t, s)) if *s == style => t.push_str(text),
        _ => frags.push((text.to_string(), style)),
    }
}

struct Wrapper {
    width: usize,
    lines: Vec<Frags>,
    /// The line being filled, and its width.
    cur: Frags,
    cur_w: usize,
    /// The word being gathered (it may change style part way).
    word: Frags,
    /// A space is due before the next word, in this style.
    space: Option<Style>,
}

impl Wrapper {
    fn newline(&mut self) {
        self.lines.push(std::mem::take(&mut self.cur));
        self.cur_w = 0;
        self.space = None;
    }

    fn end_word(&mut self) {
        if self.word.is_empty() {
            return;
        }
        let word = std::mem::take(&mut self.word);
        let word_w: usize = word.iter().map(|(t, _)| t.width()).sum();
        if !self.cur.is_empty() {
            if self.cur_w + 1 + word_w <= self.width {
                push_str(&mut self.cur, " ", self.space.unwrap_or_default());
                for (t, s) in &word {
                    push_str(&mut self.cur, t, *s);
                }
                self.cur_w += 1 + word_w;
                self.space = None;
                return;
            }
            self.newline();
        }
        if word_w <= self.width {
            for (t, s) in &word {
                push_str(&mut self.cur, t, *s);
            }
            self.cur_w = word_w;
        } else {
            // Too long for any line: break it between characters. Zero-width characters
            // (combining marks) stay with the character before them.
            let mut chunk_w = 0;
            for (t, s) in &word {
                for c in t.chars() {
                    let cw = c.width().unwrap_or(0);
                    if cw > self.width {
                        continue; // a wide character in a one-column space: it cannot show
                    }
                    if chunk_w + cw > self.width {
                        self.newline();
                        chunk_w = 0;
                    }
                    push_char(&mut self.cur, c, *s);
                    chunk_w += cw;
                }
            }
            self.cur_w = chunk_w;
        }
        self.space = None;
    }
}

/// `text` cut to at most `max` columns, with `…` at the end if `ellipsis` and it was cut.
fn truncate(text: &str, max: usize, ellipsis: bool) -> String {
    if text.width() <= max {
        return text.to_string();
    }
    let room = if ellipsis { max.saturating_sub(1) } else { max };
    let mut out = String::new();
    let mut w = 0;
    for c in text.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw > room {
            break;
        }
        out.push(c);
        w += cw;
    }
    while out.width() > room {
        out.pop();
    }
    if ellipsis && max > 0 {
        out.push('…');
    }
    out
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
        let cut = truncate(&span.content, width - used, false);
        if !cut.is_empty() {
            span.content = cut.into();
            keep += 1;
        }
        break;
    }
    line.spans.truncate(keep);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::theme::ThemeName;
    use proptest::prelude::*;

    fn theme() -> Theme {
        Theme::new(ThemeName::Dark, true)
    }

    fn text_of(line: &Line) -> String {
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    fn md(markdown: &str, width: u16) -> Vec<String> {
        render(markdown, width, &theme(), false)
            .lines
            .iter()
            .map(text_of)
            .collect()
    }

    fn line_width(line: &Line) -> usize {
        line.spans.iter().map(|s| s.content.width()).sum()
    }

    fn assert_fits(markdown: &str, width: u16, skip: bool) {
        let r = render(markdown, width, &theme(), skip);
        for line in &r.lines {
            assert!(
                line_width(line) <= usize::from(width),
                "line {:?} wider than {width} for {markdown:?}",
                text_of(line)
            );
        }
        if width == 0 {
            assert!(r.lines.is_empty());
        }
    }

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

    const TABLE: &str = "\
| Time  | What we do |
|-------|:----------:|
| 09:30 | Welcome and introductions |
| 10:40 | *Break* |
";

    #[test]
    fn table_at_full_width() {
        assert_eq!(
            md(TABLE, 60),
            [
                "Time  │        What we do",
                "──────┼──────────────────────────",
                "09:30 │ Welcome and introductions",
                "10:40 │           Break",
            ]
        );
    }

    #[test]
    fn table_squeezed_wraps_cells() {
        assert_eq!(
            md(TABLE, 20),
            [
                "Time  │  What we do",
                "──────┼─────────────",
                "09:30 │ Welcome and",
                "      │ introduction",
                "      │      s",
                "10:40 │    Break",
            ]
        );
        // Narrower than the separators allow: still no panic, still fits.
        for w in 1..12 {
            assert_fits(TABLE, w, false);
        }
    }

    #[test]
    fn table_right_alignment_and_ragged_rows() {
        let text = "| a | b | c |\n|---|--:|---|\n| 1 | 22 |\n| x | y | z | extra |\n";
        assert_eq!(
            md(text, 40),
            ["a │  b │ c", "──┼────┼──", "1 │ 22 │", "x │  y │ z"]
        );
    }

    #[test]
    fn block_quote_is_barred_and_wrapped() {
        let r = render("> A quote that is long enough to wrap", 20, &theme(), false);
        let lines: Vec<String> = r.lines.iter().map(text_of).collect();
        assert_eq!(lines, ["▌ A quote that is", "▌ long enough to", "▌ wrap"]);
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
    fn tiny_widths_do_not_panic() {
        let text = "# Head\n\n- a **b** 日本\n  1. c\n> q\n\n```\ncode\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n---\n";
        assert!(render(text, 0, &theme(), false).lines.is_empty());
        assert!(render("", 40, &theme(), false).lines.is_empty());
        for w in 1..8 {
            assert_fits(text, w, false);
            assert_fits(text, w, true);
        }
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
            }
            for line in &r.lines {
                prop_assert!(line_width(line) <= usize::from(width), "{:?} for {:?}", text_of(line), text);
            }
        }

        #[test]
        fn random_text_never_panics_or_overflows(
            text in "[-*_`#>|\\\\\\[\\]()!0-9. a-z\n\t界😀é~:<]{0,300}",
            width in 0u16..120,
        ) {
            let r = render(&text, width, &theme(), false);
            for line in &r.lines {
                prop_assert!(line_width(line) <= usize::from(width), "{:?} for {:?}", text_of(line), text);
            }
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
                        for line in &r.lines {
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
