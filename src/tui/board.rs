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
use crate::session::board_commands::board_of;
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

pub(crate) fn draw(frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>, activity: &Activity) {
    let theme = ctx.theme;
    let (board, categories) = columns(ctx.pack, activity);
    let hidden = ctx.state.boards.is_hidden(board);
    let ui = &ctx.ui.board;
    let capture = if ctx.audience { None } else { ui.capture.as_ref() };

    let prompt = ctx
        .pack
        .activity(board)
        .and_then(|a| a.prompt.clone())
        .or_else(|| activity.prompt.clone())
        .unwrap_or_else(|| activity.title.clone());
    let timer = timer_words(ctx, activity);
    let banner = match (hidden, ctx.audience) {
        (true, true) => Some((
            "Writing in private: the notes appear when they are revealed",
            Role::Marker,
        )),
        (true, false) => Some((
            "HIDDEN FROM THE ROOM: they see only counts · p reveals",
            Role::Warn,
        )),
        _ => None,
    };
    let status = board_status(ctx);
    let [head, banner_area, body, capture_area] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(u16::from(banner.is_some() || status.is_some())),
        Constraint::Fill(1),
        Constraint::Length(if capture.is_some() { 5 } else { 0 }),
    ])
    .areas(area);

    let [prompt_area, timer_area] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Length(timer.width() as u16 + 1)]).areas(head);
    frame.render_widget(
        Paragraph::new(prompt)
            .style(theme.style(Role::Heading))
            .wrap(Wrap { trim: true }),
        prompt_area,
    );
    frame.render_widget(Paragraph::new(timer).style(theme.style(Role::Marker)), timer_area);
    if let Some((words, role)) = banner {
        frame.render_widget(Paragraph::new(words).style(theme.style(role)), banner_area);
    } else if let Some(status) = status {
        frame.render_widget(
            Paragraph::new(status).style(theme.style(Role::Marker)),
            banner_area,
        );
    }

    // A window of columns around the selected one.
    let visible = ((body.width / MIN_COLUMN).max(1) as usize).min(categories.len().max(1));
    let selected = ui.column.min(categories.len().saturating_sub(1));
    let first = selected
        .saturating_sub(visible - 1)
        .min(categories.len().saturating_sub(visible));
    let areas = Layout::horizontal(vec![Constraint::Fill(1); visible]).split(body);
    for (slot, area) in areas.iter().enumerate() {
        let index = first + slot;
        let Some(category) = categories.get(index) else {
            continue;
        };
        let entries = column_entries(ctx.state, board, &category.id, ui);
        let more_left = slot == 0 && first > 0;
        let more_right = slot == visible - 1 && index + 1 < categories.len();
        let column = ColumnView {
            category,
            entries: &entries,
            selected: (!ctx.audience && index == selected).then_some(ui.row),
            focused: !ctx.audience && index == selected,
            hidden: hidden && ctx.audience,
            more_left: more_left.then_some(first),
            more_right: more_right.then_some(categories.len() - index - 1),
            marked: &ui.marked,
        };
        draw_column(frame, *area, ctx, &column);
    }
    if let Some(capture) = capture {
        super::capture::draw(frame, capture_area, ctx, categories, capture);
    }
}

/// The search filter or marked notes, when there are any.
fn board_status(ctx: &Ctx<'_>) -> Option<String> {
    if ctx.audience {
        return None;
    }
    let ui = &ctx.ui.board;
    let mut parts = Vec::new();
    if let Some(q) = &ui.filter {
        parts.push(format!("Showing notes with \"{q}\" · Esc shows all"));
    }
    if !ui.marked.is_empty() {
        parts.push(format!("{} marked · c groups them", ui.marked.len()));
    }
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
        frame.render_widget(
            Paragraph::new("no notes yet").style(theme.style(Role::Dim)),
            cards,
        );
        return;
    }

    let width = cards.width as usize;
    let height = cards.height as usize;
    // Scroll so the selected entry shows: measure entries up to and including it.
    let selected = col.selected.map(|s| s.min(col.entries.len() - 1));
    let mut offset = 0;
    if let Some(sel) = selected {
        let mut top = 0;
        for entry in &col.entries[..sel] {
            top += entry_height(entry, width);
        }
        let bottom = top + entry_height(&col.entries[sel], width);
        if bottom > height {
            offset = bottom - height;
        }
    }
    let mut lines: Vec<Line<'static>> = Vec::with_capacity(height);
    let mut y = 0;
    let mut below = 0;
    for (i, entry) in col.entries.iter().enumerate() {
        if lines.len() >= height {
            // Counted, not measured: a long column costs nothing below the screen.
            below = col.entries.len() - i;
            break;
        }
        let h = entry_height(entry, width);
        if y + h <= offset {
            y += h;
            continue;
        }
        let card = entry_lines(entry, width, ctx, Some(i) == selected, col.marked);
        for (n, line) in card.into_iter().enumerate() {
            if y + n >= offset && lines.len() < height {
                lines.push(line);
            }
        }
        y += h;
    }
    if offset > 0 && !lines.is_empty() {
        lines[0] = Line::styled("▲ more above", theme.style(Role::Dim));
    }
    if below > 0 && lines.len() == height {
        lines[height - 1] = Line::styled(format!("▼ {below} more below"), theme.style(Role::Dim));
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
mod snapshots {
    use crate::session::{Command, NoteFields};
    use crate::tui::keys::Intent;
    use crate::tui::testing::{Rig, SIZES};

    /// The "Gather ideas" board, with `n` notes spread over its three columns and the
    /// sectors.
    fn gather_board(n: usize) -> Rig {
        let mut rig = Rig::new();
        let pack = rig.app.pack();
        let pages = pack.pages(pack.programme.position("gather").unwrap()).len();
        rig.go_to("gather", pages - 1, 0);
        let texts = [
            "Train public library staff to handle health enquiries",
            "Withdrawn books for ward trolleys",
            "A joint stall for Health Information Week",
            "Reading Well books promoted by clinicians",
            "Reminiscence boxes with the memory clinic",
            "Referral pathway for complex health questions",
            "Six Book Challenge with adult learners",
            "Recovery College tutors use the health library",
        ];
        let categories = ["books", "events", "skills"];
        let sectors = ["nhs", "public-library", "voluntary", "public"];
        for i in 0..n {
            let fields = NoteFields {
                board: "gather".to_string(),
                category: categories[i % 3].to_string(),
                text: format!(
                    "{}{}",
                    texts[i % texts.len()],
                    if n > 8 { format!(" #{i}") } else { String::new() }
                ),
                sector: (i % 6 != 5).then(|| sectors[i % 4].to_string()),
                organisation: (i % 3 == 0).then(|| "Wirral Libraries".to_string()),
                author: None,
            };
            rig.act(Intent::Do(Command::AddNote(fields)), 2);
        }
        rig
    }

    fn check(rig: &Rig, name: &str) {
        for size in SIZES {
            insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), rig.screen(size, 3));
        }
    }

    #[test]
    fn few_notes() {
        let mut rig = gather_board(6);
        rig.act(Intent::Vote(1), 3).act(Intent::Vote(1), 3);
        let screen = rig.screen((80, 24), 3);
        assert!(screen.contains("Books and reading (2)"), "{screen}");
        assert!(
            screen.contains("●2") && screen.contains("○0"),
            "votes shown, zero too"
        );
        assert!(screen.contains("▌NHS"), "sector labelled, not only coloured");
        check(&rig, "board_few");
    }

    #[test]
    fn many_notes_scroll() {
        let mut rig = gather_board(1500);
        for _ in 0..30 {
            rig.act(Intent::CursorDown, 3);
        }
        let screen = rig.screen((80, 24), 3);
        assert!(screen.contains("(500)"), "each column counts its notes");
        assert!(
            screen.contains("more below") && screen.contains("more above"),
            "{screen}"
        );
        check(&rig, "board_many");
    }

    #[test]
    fn hidden_from_the_room() {
        let mut rig = gather_board(6);
        rig.act(Intent::TogglePrivate, 3);
        let screen = rig.screen((80, 24), 3);
        assert!(screen.contains("HIDDEN FROM THE ROOM"));
        check(&rig, "board_hidden_facilitator");
        // The room's view of the same state: counts only.
        rig.app.source_as_audience();
        let room = rig.screen((80, 24), 3);
        assert!(
            room.contains("2 notes") && !room.contains("ward trolleys"),
            "{room}"
        );
        check(&rig, "board_hidden_room");
    }

    #[test]
    fn capture_open() {
        let mut rig = gather_board(3);
        rig.act(Intent::ColumnRight, 3).act(Intent::AddNote, 3);
        for ch in "Café 🎉 图书馆 and مكتبة".chars() {
            rig.act(Intent::Type(ch), 3);
        }
        rig.act(Intent::PickSector(2), 3);
        let screen = rig.screen((80, 24), 3);
        assert!(
            screen.contains("New note") && screen.contains("Column: Events"),
            "{screen}"
        );
        check(&rig, "board_capture");
    }

    #[test]
    fn clusters() {
        let mut rig = gather_board(8);
        // Mark two notes in the first column and group them.
        rig.act(Intent::Mark, 3)
            .act(Intent::CursorDown, 3)
            .act(Intent::Mark, 3)
            .act(Intent::MakeCluster, 3);
        for ch in "Shared collections".chars() {
            rig.act(Intent::Type(ch), 3);
        }
        rig.act(Intent::Submit, 3);
        rig.act(Intent::Vote(1), 3);
        let screen = rig.screen((80, 24), 3);
        assert!(screen.contains("▣ Shared collections"), "{screen}");
        check(&rig, "board_clusters");
    }
}
