//! The results screen (Ctrl+V on a board): the board's notes and clusters ranked across its
//! columns by votes, with a bar for each, the top five marked. Shown to the room too, and
//! scrolled with the facilitator's selection.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use chrono::{DateTime, Utc};
use crossterm::event::KeyCode;

use crate::pack::{Activity, Category};
use crate::session::board::{Cluster, Note};
use crate::session::board_commands::board_of;
use crate::session::ranking::{self, Place, Ranked, TOP, Viewer};
use crate::session::{Command, current_activity};
use crate::width::{ellipsis, wrap};

use super::app::App;
use super::board::{sector_label, votes, votes_left};
use super::keys::{HELP_AND_QUIT, Intent, Keymap, bind, c, ctrl, k};
use super::theme::Role;
use super::view::Ctx;

#[rustfmt::skip]
pub(crate) const KEYS: Keymap = &[&[
    bind(&[k(KeyCode::Up), c('k')], "↑ ↓", "choose an idea (the room sees it)", Intent::CursorUp),
    bind(&[k(KeyCode::Down), c('j')], "", "", Intent::CursorDown),
    bind(&[k(KeyCode::Esc), ctrl('v')], "Esc Ctrl+V", "back to the board", Intent::Close),
    bind(&[k(KeyCode::PageDown)], "PgDn PgUp", "next / previous page", Intent::Do(Command::Next)),
    bind(&[k(KeyCode::PageUp)], "", "", Intent::Do(Command::Previous)),
    bind(&[ctrl('t'), c('t')], "Ctrl+T t", "start, pause or resume the timer", Intent::Do(Command::ToggleTimer)),
    bind(&[c('q'), ctrl('q')], "q", "quit (asks first; all is saved)", Intent::AskQuit),
], HELP_AND_QUIT];

/// The results screen's keys. Others pass on.
pub(crate) fn act(app: &mut App, intent: Intent, _now: DateTime<Utc>) -> Option<Intent> {
    match intent {
        Intent::CursorUp => app.ui.list = app.ui.list.saturating_sub(1),
        Intent::CursorDown => {
            let count = current_activity(app.pack(), app.state()).map_or(0, |a| {
                voted(&ranking::results(app.pack(), app.state(), board_of(a), Viewer::Facilitator).places)
            });
            app.ui.list = (app.ui.list + 1).min(count.saturating_sub(1));
        }
        other => return Some(other),
    }
    None
}

/// How many places have votes: they come first, and are the ones listed.
fn voted(places: &[Place<'_, Note, Cluster>]) -> usize {
    places.iter().take_while(|p| p.entry.votes() > 0).count()
}

pub(crate) fn draw(frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>) {
    let theme = ctx.theme;
    let Some(activity) = current_activity(ctx.pack, ctx.state) else {
        frame.render_widget(
            Paragraph::new(" Results belong to a board: go to an activity's board first.")
                .style(theme.style(Role::Dim)),
            area,
        );
        return;
    };
    let board = board_of(activity);
    let viewer = if ctx.audience {
        Viewer::Room
    } else {
        Viewer::Facilitator
    };
    let results = ranking::results(ctx.pack, ctx.state, board, viewer);
    let (cast, left) = votes_left(ctx, board);
    let width = area.width as usize;

    // The question, in at most two lines, then the count.
    let mut head: Vec<Line<'_>> = question_lines(&ctx.pack.question(activity), width.saturating_sub(1))
        .into_iter()
        .map(|l| Line::styled(format!(" {l}"), theme.style(Role::Heading)))
        .collect();
    head.push(Line::styled(
        ellipsis(&format!(" Results: {} cast{left}", votes(cast)), width),
        theme.style(Role::Strong),
    ));
    let banner = match (results.hidden, ctx.audience) {
        (true, true) => Some((
            " Writing in private: the results appear when the board is revealed",
            Role::Marker,
        )),
        (true, false) => Some((
            " HIDDEN FROM THE ROOM: they see only the count · Ctrl+P on the board reveals",
            Role::Warn,
        )),
        _ => None,
    };
    if let Some((words, role)) = banner {
        head.push(Line::styled(ellipsis(words, width), theme.style(role)));
    }
    let hint = u16::from(!ctx.audience);
    let [head_area, _, list_area, hint_area] = Layout::vertical([
        Constraint::Length(head.len() as u16),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(hint),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(head), head_area);
    if !ctx.audience {
        frame.render_widget(
            Paragraph::new(ellipsis(" ↑ ↓ choose · Esc back to the board", width))
                .style(theme.style(Role::Dim)),
            hint_area,
        );
    }

    let shown = voted(&results.places);
    if shown == 0 {
        let words = if results.hidden && ctx.audience {
            String::new()
        } else if results.places.is_empty() {
            " No notes on this board yet.".to_string()
        } else if ctx.audience {
            " No votes yet.".to_string()
        } else {
            " No votes yet: on the board, Shift+↑ gives the selected note a vote.".to_string()
        };
        frame.render_widget(
            Paragraph::new(words)
                .style(theme.style(Role::Dim))
                .wrap(ratatui::widgets::Wrap { trim: false }),
            list_area,
        );
        return;
    }

    let categories = ctx
        .pack
        .activity(board)
        .map_or(&[][..], |owner| ctx.pack.categories_of(owner));
    let selected = ctx.ui.list.min(shown - 1);
    let layout = Widths::fit(&results.places[..shown], list_area.width);
    let unvoted = results.places.len() - shown;
    let blocks: Vec<Vec<Line<'static>>> = results.places[..shown]
        .iter()
        .enumerate()
        .map(|(i, place)| {
            let mut lines = Vec::new();
            if i == 0 {
                lines.push(Line::styled(format!(" ★ Top {TOP}"), theme.style(Role::Heading)));
            } else if !place.top() && results.places[i - 1].top() {
                let rule = format!(" ── below the top {TOP} ");
                let pad = (list_area.width as usize).saturating_sub(rule.width() + 1);
                lines.push(Line::styled(
                    format!("{rule}{}", "─".repeat(pad)),
                    theme.style(Role::Dim),
                ));
            }
            lines.extend(place_lines(
                ctx,
                place,
                categories,
                activity,
                &layout,
                i == selected,
            ));
            if i + 1 == shown && unvoted > 0 {
                let what = if unvoted == 1 {
                    "1 more with no votes".to_string()
                } else {
                    format!("{unvoted} more with no votes")
                };
                lines.push(Line::styled(format!(" + {what}"), theme.style(Role::Dim)));
            }
            lines
        })
        .collect();
    let heights: Vec<usize> = blocks.iter().map(Vec::len).collect();
    let window = fit(
        &heights,
        list_area.height as usize,
        ctx.ui.results_top.get(),
        selected,
    );
    ctx.ui.results_top.set(window.top);

    let mut lines: Vec<Line<'static>> = Vec::new();
    if window.top > 0 {
        lines.push(Line::styled(
            format!(" ▲ {} more above", window.top),
            theme.style(Role::Dim),
        ));
    }
    for block in &blocks[window.top..window.end] {
        lines.extend(block.iter().cloned());
    }
    let below = shown - window.end;
    let rows = list_area.height as usize;
    if below > 0 {
        lines.truncate(rows.saturating_sub(1));
        lines.resize(rows.saturating_sub(1), Line::default());
        lines.push(Line::styled(
            format!(" ▼ {below} more below"),
            theme.style(Role::Dim),
        ));
    }
    frame.render_widget(Paragraph::new(lines), list_area);
}

/// The question in at most two lines of `width`, the second ending in "…" if it goes on.
fn question_lines(question: &str, width: usize) -> Vec<String> {
    let mut lines = wrap(question, width.max(1));
    if lines.len() > 2 {
        lines.truncate(2);
        let last = lines.pop().unwrap_or_default();
        lines.push(ellipsis(&format!("{last} …"), width));
    }
    lines
}

/// The widths of a row's parts: " ▶★ 12 ████████   6  text".
struct Widths {
    rank: usize,
    bar: usize,
    votes: usize,
    /// The most votes, which fills the bar.
    most: u32,
    /// Where the text starts, and how wide it is.
    indent: usize,
    text: usize,
}

impl Widths {
    fn fit(places: &[Place<'_, Note, Cluster>], width: u16) -> Widths {
        let width = width as usize;
        let most = places.first().map_or(0, |p| p.entry.votes());
        let rank = places.last().map_or(1, |p| p.rank.to_string().len());
        let votes = most.to_string().len();
        let bar = (width / 6).clamp(6, 24);
        // " ▶★ " rank " " bar " " votes "  " text
        let indent = 4 + rank + 1 + bar + 1 + votes + 2;
        Widths {
            rank,
            bar,
            votes,
            most,
            indent,
            text: width.saturating_sub(indent + 1).max(8),
        }
    }

    /// The bar: as long as the place's votes are against the most, at least one cell.
    fn bar(&self, votes: u32) -> String {
        let most = self.most.max(1) as usize;
        let cells = ((votes as usize * self.bar + most / 2) / most).clamp(1, self.bar);
        format!("{}{}", "█".repeat(cells), " ".repeat(self.bar - cells))
    }
}

/// A place's rows: its rank, bar, votes and the first line of its words; the rest of its
/// words (two lines in all, or every line when it is the one chosen, "…" where cut); then
/// where it is: its column and sector (a cluster's: its notes' sectors).
fn place_lines(
    ctx: &Ctx<'_>,
    place: &Place<'_, Note, Cluster>,
    categories: &[Category],
    activity: &Activity,
    w: &Widths,
    selected: bool,
) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let column = categories
        .get(place.column)
        .map_or(activity.title.as_str(), |c| c.name.as_str());
    let (words, sectors, count) = match &place.entry {
        Ranked::Note(n) => (n.text.clone(), vec![n.sector.as_deref()], None),
        Ranked::Cluster { cluster, notes, .. } => {
            let mut sectors: Vec<Option<&str>> = Vec::new();
            for n in notes {
                if !sectors.contains(&n.sector.as_deref()) {
                    sectors.push(n.sector.as_deref());
                }
            }
            (format!("▣ {}", cluster.title), sectors, Some(notes.len()))
        }
    };
    let most_lines = if selected { 6 } else { 2 };
    let mut text = wrap(&words, w.text);
    if text.len() > most_lines {
        text.truncate(most_lines);
        let last = text.pop().unwrap_or_default();
        text.push(ellipsis(&format!("{last} …"), w.text));
    }
    let pointer = if selected { "▶" } else { " " };
    let star = if place.top() { "★" } else { " " };
    let votes = place.entry.votes();
    let head_style = if selected {
        theme.style(Role::Selected)
    } else {
        theme.style(Role::Strong)
    };
    let first = text.first().cloned().unwrap_or_default();
    let mut lines = vec![Line::from(vec![
        Span::styled(format!(" {pointer}"), head_style),
        Span::styled(star.to_string(), theme.style(Role::Marker)),
        Span::styled(format!(" {:>width$} ", place.rank, width = w.rank), head_style),
        Span::styled(w.bar(votes), theme.style(Role::Heading)),
        Span::styled(format!(" {votes:>width$}  ", width = w.votes), head_style),
        Span::styled(first, head_style),
    ])];
    let pad = " ".repeat(w.indent);
    for row in text.into_iter().skip(1) {
        lines.push(Line::from(vec![
            Span::raw(pad.clone()),
            Span::styled(row, theme.style(Role::Text)),
        ]));
    }
    // Where: the column, then each sector's bar and label (colour is not the only sign).
    let mut spans = vec![Span::raw(pad.clone())];
    let mut room = w.text;
    let mut push = |text: String, style| {
        if room > 0 {
            let cut = ellipsis(&text, room);
            room = room.saturating_sub(cut.width());
            spans.push(Span::styled(cut, style));
        }
    };
    let dim = theme.style(Role::Dim);
    let mut place_words = column.to_string();
    match count {
        Some(1) => place_words.push_str(" · 1 note"),
        Some(n) => place_words.push_str(&format!(" · {n} notes")),
        None => {}
    }
    push(place_words, dim);
    for sector in sectors.into_iter().flatten() {
        let (index, label) = sector_label(ctx.pack, Some(sector));
        push(" · ".to_string(), dim);
        push(format!("▌{label}"), index.map_or(dim, |i| theme.sector(i)));
    }
    lines.push(Line::from(spans));
    lines
}

/// Which places are drawn: from `top` up to (not including) `end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Window {
    top: usize,
    end: usize,
}

/// The window of places (each `heights[i]` rows) in `rows`: from the top asked for (the last
/// frame's, or on the room's screen the facilitator's), moved as little as shows the selected
/// place whole, and moved up while the last place is in view and there is room above (a
/// taller screen shows more, not blank rows). A row for "▲ n more above" when it does not
/// start at the first, and one for "▼ n more below" when it stops before the last.
fn fit(heights: &[usize], rows: usize, top: usize, selected: usize) -> Window {
    let count = heights.len();
    // The places shown from `top`, whole.
    let from = |top: usize| {
        let above = usize::from(top > 0);
        let all: usize = heights[top..].iter().sum();
        if all + above <= rows {
            return count;
        }
        let room = rows.saturating_sub(above + 1);
        let (mut used, mut end) = (0, top);
        while end < count && used + heights[end] <= room {
            used += heights[end];
            end += 1;
        }
        end
    };
    let mut top = top.min(count.saturating_sub(1));
    if selected < top {
        top = selected;
    }
    while top < selected && from(top) <= selected {
        top += 1;
    }
    while top > 0 && from(top - 1) == count {
        top -= 1;
    }
    // A place taller than the screen still shows from its start.
    let end = from(top).max((top + 1).min(count));
    Window { top, end }
}

#[cfg(test)]
#[path = "results_tests.rs"]
mod tests;
