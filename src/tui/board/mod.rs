//! The sticky-note board: the prompt on top, one column per category, notes as cards that
//! wrap their text, each with a sector bar and label (colour is never the only sign) and its
//! votes; clusters with their notes under a title. Hidden from the room while people write.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use crate::pack::{Activity, Category, Pack};
use crate::session::State;
use crate::session::board::{Cluster, Note};
use crate::session::board_commands::{board_of, budget};
use crate::session::ranking::{self, Order, Ranked};
use crate::session::timer::{TimerStatus, clock_face};
use crate::session::timer_view;
use crate::width::{ellipsis, wrap};

use super::app::BoardUi;
use super::theme::{Role, Theme};
use super::view::Ctx;

/// Narrowest a column gets; more columns than fit scroll sideways.
const MIN_COLUMN: u16 = 22;

/// One thing in a column: a cluster's title, or a note (indented when in a cluster).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Entry<'a> {
    Cluster(&'a Cluster, u32),
    Note(&'a Note, bool),
}

impl Entry<'_> {
    /// The id votes and commands aim at.
    pub fn id(&self) -> &str {
        match self {
            Entry::Cluster(c, _) => &c.id,
            Entry::Note(n, _) => &n.id,
        }
    }
}

/// The board an activity page shows, and its columns.
pub(crate) fn columns<'a>(pack: &'a Pack, activity: &'a Activity) -> (&'a str, &'a [Category]) {
    let board = board_of(activity);
    let owner = pack.activity(board).unwrap_or(activity);
    (board, pack.categories_of(owner))
}

/// The entries of one column, in order: by time (clusters where their first note was), or
/// by votes (most first, ties in the order written; notes with no votes stay, at the end).
pub(crate) fn column_entries<'a>(
    state: &'a State,
    board: &str,
    category: &str,
    ui: &BoardUi,
) -> Vec<Entry<'a>> {
    let query = ui.filter.as_deref().map(str::to_lowercase);
    let matches = |n: &Note| match &query {
        None => true,
        Some(q) => [Some(&n.text), n.organisation.as_ref(), n.author.as_ref()]
            .iter()
            .flatten()
            .any(|t| t.to_lowercase().contains(q.as_str())),
    };
    let order = if ui.by_votes { Order::Votes } else { Order::Written };
    let mut entries = Vec::new();
    for place in ranking::column(&state.boards, board, category, matches, order) {
        match place {
            Ranked::Cluster {
                cluster,
                total,
                notes,
            } => {
                entries.push(Entry::Cluster(cluster, total));
                entries.extend(notes.into_iter().map(|n| Entry::Note(n, true)));
            }
            Ranked::Note(n) => entries.push(Entry::Note(n, false)),
        }
    }
    entries
}

/// How far the board is scrolled: the first column shown and the first entry shown in each
/// column (by id, so a note voted up above it does not shift the view). Only drawing knows
/// the window's size, so this is what the last frame showed, kept (as ratatui's `ListState`
/// keeps its offset) so that the next frame moves only when the selection leaves the view.
/// The facilitator's is published in `room.json`; the room's screen starts from it and fits
/// it to its own size.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Scroll {
    pub first_column: usize,
    pub tops: Vec<Option<String>>,
}

pub(crate) fn draw(frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>, activity: &Activity) {
    let theme = ctx.theme;
    let (board, categories) = columns(ctx.pack, activity);
    let hidden = ctx.state.boards.is_hidden(board);
    let ui = &ctx.ui.board;
    let capture = if ctx.audience { None } else { ui.capture.as_ref() };

    let prompt = ctx.pack.question(activity);
    let timer = timer_words(ctx, activity);
    let banner = match (hidden, ctx.audience) {
        (true, true) => Some((
            "Writing in private: the notes appear when they are revealed",
            Role::Marker,
        )),
        (true, false) => Some((
            "HIDDEN FROM THE ROOM: they see only counts · Ctrl+P reveals",
            Role::Warn,
        )),
        _ => None,
    };
    let status = board_status(ctx, vote_status(ctx, activity, board));
    let [head, banner_area, body, capture_area] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(u16::from(banner.is_some() || status.is_some())),
        Constraint::Fill(1),
        Constraint::Length(if capture.is_some() { 5 } else { 0 }),
    ])
    .areas(area);

    // The timer stands apart from the prompt: a gap and a rule between them, never only a
    // change of colour ("…Who offers what │ Share · 7:48 left").
    let timer = if timer.is_empty() {
        timer
    } else {
        format!("│ {timer}")
    };
    let gap = if timer.is_empty() { 0 } else { 2 };
    let [prompt_area, _, timer_area] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(gap),
        Constraint::Length(timer.width() as u16),
    ])
    .areas(head);
    frame.render_widget(
        Paragraph::new(prompt_lines(&prompt, prompt_area)).style(theme.style(Role::Heading)),
        prompt_area,
    );
    frame.render_widget(Paragraph::new(timer).style(theme.style(Role::Marker)), timer_area);
    // The banner first; the status after it in what room is left, cut with "…".
    let width = banner_area.width as usize;
    let mut spans = Vec::new();
    if let Some((words, role)) = banner {
        let words = ellipsis(words, width);
        spans.push(Span::styled(words, theme.style(role)));
    }
    let used: usize = spans.iter().map(|s| s.content.width()).sum();
    if let Some(status) = status {
        let status = if used == 0 {
            status
        } else {
            format!(" · {status}")
        };
        if width.saturating_sub(used) >= 8 {
            spans.push(Span::styled(
                ellipsis(&status, width - used),
                theme.style(Role::Marker),
            ));
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), banner_area);

    // A window of columns that holds the selected one, starting where the last frame (or,
    // on the room's screen, the facilitator's) started when it can.
    let mut scroll = ui.scroll.borrow().clone();
    scroll.tops.resize(categories.len(), None);
    let visible = ((body.width / MIN_COLUMN).max(1) as usize).min(categories.len().max(1));
    let selected = ui.column.min(categories.len().saturating_sub(1));
    let first = fit_first(scroll.first_column, selected, visible, categories.len());
    scroll.first_column = first;
    let empty_board = !ctx.audience
        && ui.filter.is_none()
        && !ctx
            .state
            .boards
            .notes
            .iter()
            .any(|n| !n.deleted && n.board == board);
    let areas = Layout::horizontal(vec![Constraint::Fill(1); visible]).split(body);
    for (slot, area) in areas.iter().enumerate() {
        let index = first + slot;
        let Some(category) = categories.get(index) else {
            continue;
        };
        let entries = column_entries(ctx.state, board, &category.id, ui);
        let more_left = slot == 0 && first > 0;
        let more_right = slot == visible - 1 && index + 1 < categories.len();
        let focused = index == selected;
        let chosen = (focused && !entries.is_empty()).then(|| ui.row.min(entries.len() - 1));
        // The cards' room: inside the right-hand rule, under the column's name.
        let width = area.width.saturating_sub(1) as usize;
        let height = area.height.saturating_sub(1) as usize;
        let top = scroll.tops[index]
            .as_deref()
            .and_then(|id| entries.iter().position(|e| e.id() == id))
            .unwrap_or(0);
        let window = fit_window(&entries, width, height, top, chosen);
        scroll.tops[index] = (window.top > 0).then(|| entries[window.top].id().to_string());
        let column = ColumnView {
            category,
            entries: &entries,
            selected: chosen,
            focused,
            hidden: hidden && ctx.audience,
            more_left: more_left.then_some(first),
            more_right: more_right.then_some(categories.len() - index - 1),
            marked: if ctx.audience { &[] } else { &ui.marked },
            window,
            hint: empty_board && focused,
        };
        draw_column(frame, *area, ctx, &column);
    }
    *ui.scroll.borrow_mut() = scroll;
    if let Some(capture) = capture {
        super::capture::draw(frame, capture_area, ctx, categories, capture);
    }
}

/// The votes cast on a board and what is left of its budget, when there is one:
/// "14 cast · 7 left of 21", "14 cast · 2 over the 12" (attendees gone since), or "14 cast".
pub(crate) fn votes_left(ctx: &Ctx<'_>, board: &str) -> (u32, String) {
    let cast = ctx.state.boards.votes_on(board);
    let left = match budget(ctx.pack, ctx.state, board) {
        Some((budget, _)) if cast > budget => format!(" · {} over the {budget}", cast - budget),
        Some((budget, _)) => format!(" · {} left of {budget}", budget - cast),
        None => String::new(),
    };
    (cast, left)
}

/// "1 vote", "14 votes".
pub(crate) fn votes(n: u32) -> String {
    if n == 1 {
        "1 vote".to_string()
    } else {
        format!("{n} votes")
    }
}

/// The board's vote count, when the activity votes (`[voting]`) or anyone has voted:
/// "Votes: 14 cast · 7 left of 21", or with no budget "14 votes cast".
fn vote_status(ctx: &Ctx<'_>, activity: &Activity, board: &str) -> Option<String> {
    let voting = activity.voting.is_some() || ctx.pack.activity(board).is_some_and(|a| a.voting.is_some());
    let (cast, left) = votes_left(ctx, board);
    if !voting && cast == 0 {
        return None;
    }
    Some(if left.is_empty() {
        format!("{} cast", votes(cast))
    } else {
        format!("Votes: {cast} cast{left}")
    })
}

/// The prompt in at most the area's lines, the last ending in "…" if it goes on.
fn prompt_lines(prompt: &str, area: Rect) -> Vec<Line<'static>> {
    let width = area.width.max(1) as usize;
    let mut lines = wrap(prompt, width);
    let rows = (area.height as usize).max(1);
    if lines.len() > rows {
        lines.truncate(rows);
        let last = lines.pop().unwrap_or_default();
        lines.push(ellipsis(&format!("{last} …"), width));
    }
    lines.into_iter().map(Line::from).collect()
}

/// The first column shown: the one asked for, moved as little as will show the selected
/// column, and no further right than leaves the window full.
pub(crate) fn fit_first(first: usize, selected: usize, visible: usize, count: usize) -> usize {
    let first = first.min(count.saturating_sub(visible));
    if selected < first {
        selected
    } else if selected >= first + visible {
        selected + 1 - visible
    } else {
        first
    }
}

/// Which entries of a column are drawn: from `top`, whole cards up to `whole`, then part of
/// the next one when rows are left (its label and votes first, so they always show).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Window {
    pub top: usize,
    pub whole: usize,
    pub cut: bool,
}

/// An entry's rows, and the blank row after it (none after the last shown).
fn card_rows(entry: &Entry<'_>, width: usize) -> (usize, usize) {
    match entry {
        Entry::Cluster(..) => (1, 0),
        entry => (entry_height(entry, width) - 1, 1),
    }
}

/// The window that starts at `top`: a "▲" row above when it does not start at the first
/// entry, a "▼" row below when anything is left below. Measures only what it shows, so a
/// long column costs nothing below the screen.
fn window_from(entries: &[Entry<'_>], width: usize, height: usize, top: usize) -> Window {
    let above = usize::from(top > 0);
    let fill = |rows: usize| {
        let (mut used, mut i) = (0, top);
        while let Some(entry) = entries.get(i) {
            let (card, gap) = card_rows(entry, width);
            if used + card > rows {
                break;
            }
            used += card + gap;
            i += 1;
        }
        (i, used)
    };
    let (all, _) = fill(height.saturating_sub(above));
    if all >= entries.len() {
        return Window {
            top,
            whole: entries.len(),
            cut: false,
        };
    }
    let rows = height.saturating_sub(above + 1);
    let (whole, used) = fill(rows);
    Window {
        top,
        whole,
        cut: whole < entries.len() && used < rows,
    }
}

/// The window to draw: from the top asked for, moved as little as shows the selected entry
/// whole (or its head, when it is taller than the column), and moved up while the column's
/// end is in view and there is room above (a taller screen shows more, not blank rows).
pub(crate) fn fit_window(
    entries: &[Entry<'_>],
    width: usize,
    height: usize,
    top: usize,
    selected: Option<usize>,
) -> Window {
    let top = top.min(entries.len().saturating_sub(1));
    let shows = |t: usize, s: usize| s >= t && s < window_from(entries, width, height, t).whole;
    let mut top = match selected {
        Some(s) if s < top => s,
        Some(s) if !shows(top, s) => {
            let mut t = s;
            while t > top && shows(t - 1, s) {
                t -= 1;
            }
            t
        }
        _ => top,
    };
    while top > 0 && window_from(entries, width, height, top - 1).whole == entries.len() {
        top -= 1;
    }
    window_from(entries, width, height, top)
}

/// The search filter or marked notes, when there are any, the votes cast and the sort. The
/// room sees the search and the sort too (without the keys), so a note filtered out is
/// never simply missing.
fn board_status(ctx: &Ctx<'_>, votes: Option<String>) -> Option<String> {
    let ui = &ctx.ui.board;
    let mut parts = Vec::new();
    if let Some(q) = &ui.filter {
        parts.push(if ctx.audience {
            format!("Showing notes with \"{q}\"")
        } else {
            format!("Showing notes with \"{q}\" · Esc shows all")
        });
    }
    if !ui.marked.is_empty() && !ctx.audience {
        parts.push(format!("{} marked · Ctrl+K groups them", ui.marked.len()));
    }
    parts.extend(votes);
    if ui.by_votes {
        parts.push("By votes".to_string());
    }
    (!parts.is_empty()).then(|| parts.join(" · "))
}

fn timer_words(ctx: &Ctx<'_>, activity: &Activity) -> String {
    let view = timer_view(ctx.pack, ctx.state, activity, ctx.now);
    let Some(phase) = activity.phases.get(view.phase) else {
        return String::new();
    };
    let face = clock_face(view.shown_seconds());
    match view.status {
        TimerStatus::NotStarted => String::new(),
        TimerStatus::Paused => format!("{} · paused {face}", phase.name),
        TimerStatus::Running if view.overrun() => format!("{} · time up +{face}", phase.name),
        TimerStatus::Running => format!("{} · {face} left", phase.name),
    }
}

struct ColumnView<'a> {
    category: &'a Category,
    entries: &'a [Entry<'a>],
    selected: Option<usize>,
    focused: bool,
    hidden: bool,
    more_left: Option<usize>,
    more_right: Option<usize>,
    marked: &'a [String],
    window: Window,
    /// Say how to start: the board has no notes yet (the facilitator's screen only).
    hint: bool,
}

fn draw_column(frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>, col: &ColumnView<'_>) {
    let theme = ctx.theme;
    let block = Block::default()
        .borders(Borders::RIGHT)
        .border_style(theme.style(Role::Dim));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let notes = col
        .entries
        .iter()
        .filter(|e| matches!(e, Entry::Note(..)))
        .count();
    // The count and the arrows to hidden columns always show; the name gives way.
    let left = col.more_left.map_or(String::new(), |n| format!("◂{n} "));
    let right = col.more_right.map_or(String::new(), |n| format!(" {n}▸"));
    let count = format!(" ({notes})");
    let room = (head_width(area) as usize).saturating_sub(left.width() + count.width() + right.width());
    let title = format!("{left}{}{count}{right}", ellipsis(&col.category.name, room));
    let title_style = if col.focused {
        theme.style(Role::Selected)
    } else {
        theme.style(Role::Marker)
    };
    let [head, cards] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(inner);
    frame.render_widget(
        Paragraph::new(ellipsis(&title, head.width as usize)).style(title_style),
        head,
    );

    if col.hidden {
        let words = match notes {
            0 => "no notes yet".to_string(),
            1 => "1 note".to_string(),
            n => format!("{n} notes"),
        };
        frame.render_widget(
            Paragraph::new(vec![
                Line::default(),
                Line::styled(words, theme.style(Role::Strong)),
            ])
            .alignment(ratatui::layout::Alignment::Center),
            cards,
        );
        return;
    }
    if col.entries.is_empty() {
        // The keys are the facilitator's: the room, which has none, sees only that the
        // column is empty.
        let mut lines = vec![Line::styled("no notes yet", theme.style(Role::Dim))];
        if col.hint {
            lines.push(Line::styled("type to add a note", theme.style(Role::Marker)));
        }
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), cards);
        return;
    }

    let width = cards.width as usize;
    let height = cards.height as usize;
    let Window { top, whole, cut } = col.window;
    let below = col.entries.len() - whole;
    let rows = height.saturating_sub(usize::from(below > 0));
    let mut lines: Vec<Line<'static>> = Vec::with_capacity(height);
    if top > 0 {
        lines.push(Line::styled(
            format!("▲ {top} more above"),
            theme.style(Role::Dim),
        ));
    }
    let last = if cut { whole + 1 } else { whole };
    for (i, entry) in col.entries.iter().enumerate().take(last).skip(top) {
        lines.extend(entry_lines(
            entry,
            width,
            ctx,
            Some(i) == col.selected,
            col.marked,
        ));
    }
    lines.truncate(rows);
    if below > 0 {
        lines.resize(rows, Line::default());
        lines.push(Line::styled(
            format!("▼ {below} more below"),
            theme.style(Role::Dim),
        ));
    }
    frame.render_widget(Paragraph::new(lines), cards);
}

fn head_width(area: Rect) -> u16 {
    area.width.saturating_sub(1)
}

/// Rows an entry takes: its label line, its text, its "from" line, a gap.
fn entry_height(entry: &Entry<'_>, width: usize) -> usize {
    match entry {
        Entry::Cluster(..) => 1,
        Entry::Note(note, indent) => {
            let text_width = width.saturating_sub(2 + 2 * usize::from(*indent)).max(1);
            let from = usize::from(note.organisation.is_some() || note.author.is_some());
            1 + wrap(&note.text, text_width).len() + from + 1
        }
    }
}

fn entry_lines(
    entry: &Entry<'_>,
    width: usize,
    ctx: &Ctx<'_>,
    selected: bool,
    marked: &[String],
) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let pointer = if selected { "▶" } else { " " };
    match entry {
        Entry::Cluster(cluster, total) => {
            let votes = format!(" Σ{total}");
            let title = ellipsis(
                &format!("{pointer}▣ {}", cluster.title),
                width.saturating_sub(votes.width()),
            );
            let pad = width.saturating_sub(title.width() + votes.width());
            let style = if selected {
                theme.style(Role::Selected)
            } else {
                theme.style(Role::Heading)
            };
            vec![Line::from(vec![
                Span::styled(title, style),
                Span::styled(" ".repeat(pad), style),
                Span::styled(votes, style),
            ])]
        }
        Entry::Note(note, indent) => {
            let lead = if *indent { "  " } else { "" };
            let (index, label) = sector_label(ctx.pack, note.sector.as_deref());
            let bar_style = match index {
                Some(i) => theme.sector(i),
                None => theme.style(Role::Dim),
            };
            let mark = if marked.contains(&note.id) { "✓" } else { "" };
            let votes = if note.votes > 0 {
                format!("●{}", note.votes)
            } else {
                "○0".to_string()
            };
            let head = ellipsis(
                &format!("{pointer}{lead}▌{label}{mark}"),
                width.saturating_sub(votes.width() + 1),
            );
            let pad = width.saturating_sub(head.width() + votes.width());
            let head_style = if selected {
                theme.style(Role::Selected)
            } else {
                bar_style
            };
            let vote_style = if note.votes > 0 {
                theme.style(Role::Strong)
            } else {
                theme.style(Role::Dim)
            };
            let mut lines = vec![Line::from(vec![
                Span::styled(head, head_style),
                Span::styled(" ".repeat(pad), if selected { head_style } else { theme.base() }),
                Span::styled(votes, if selected { head_style } else { vote_style }),
            ])];
            let text_width = width.saturating_sub(2 + lead.len()).max(1);
            for row in wrap(&note.text, text_width) {
                lines.push(Line::from(vec![
                    Span::raw(format!(" {lead}")),
                    Span::styled("▌", bar_style),
                    Span::styled(row, theme.style(Role::Text)),
                ]));
            }
            let from: Vec<&str> = [note.author.as_deref(), note.organisation.as_deref()]
                .into_iter()
                .flatten()
                .collect();
            if !from.is_empty() {
                let text = ellipsis(&format!("— {}", from.join(", ")), text_width);
                lines.push(Line::from(vec![
                    Span::raw(format!(" {lead}")),
                    Span::styled("▌", bar_style),
                    Span::styled(text, theme.style(Role::Dim).add_modifier(Modifier::ITALIC)),
                ]));
            }
            lines.push(Line::default());
            lines
        }
    }
}

/// A sector's palette index and its label; "—" when the note has no sector.
pub(crate) fn sector_label(pack: &Pack, sector: Option<&str>) -> (Option<usize>, String) {
    match sector.and_then(|id| pack.sectors.iter().position(|s| s.id == id)) {
        Some(i) => (Some(i), pack.sectors[i].label.clone()),
        None => (None, "—".to_string()),
    }
}

/// The capture panel: the column, the sector, and the fields being typed.
/// The style of a note's sector bar, for other screens.
pub(crate) fn sector_style(theme: &Theme, pack: &Pack, sector: &str) -> (Style, String) {
    match sector_label(pack, Some(sector)) {
        (Some(i), label) => (theme.sector(i), label),
        (None, label) => (theme.style(Role::Dim), label),
    }
}

#[cfg(test)]
mod snapshots;
