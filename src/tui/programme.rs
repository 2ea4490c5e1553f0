//! The programme view (`g`): every item with its planned clock time and minutes, when it
//! really started and how long it took, its status, and the projected finish.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState};

use crate::pack::ItemKind;
use crate::session::schedule::{ItemStatus, Schedule, slip_words};

use chrono::{DateTime, Utc};
use crossterm::event::KeyCode;

use crate::session::Command;

use super::app::{App, Overlay};
use super::keys::{HELP, Intent, Keymap, QUIT_NOW, ROOM, bind, c, k};
use super::theme::Role;
use super::view::Ctx;

#[rustfmt::skip]
pub(crate) const KEYS: Keymap = &[&[
    bind(&[k(KeyCode::Down), c('j'), k(KeyCode::PageDown)], "↓ j PgDn", "next item", Intent::CursorDown),
    bind(&[k(KeyCode::Up), c('k'), k(KeyCode::PageUp)], "↑ k PgUp", "previous item", Intent::CursorUp),
    bind(&[k(KeyCode::Enter)], "Enter", "go to the selected item", Intent::Jump),
    bind(&[k(KeyCode::Esc), c('g')], "Esc g", "back to where you were", Intent::Close),
    bind(&[c('f')], "f", "fit the rest to end on time", Intent::OpenFit),
    HELP,
    ROOM,
    bind(&[c('q')], "q", "quit (asks first)", Intent::AskQuit),
    QUIT_NOW,
]];

/// The programme's own keys: the cursor and the jump. Others pass on.
pub(crate) fn act(app: &mut App, intent: Intent, now: DateTime<Utc>) -> Option<Intent> {
    let items = app.pack().programme.items.len();
    match intent {
        Intent::CursorUp => app.ui.cursor = app.ui.cursor.saturating_sub(1),
        Intent::CursorDown => app.ui.cursor = (app.ui.cursor + 1).min(items.saturating_sub(1)),
        Intent::Jump => {
            let item = app.ui.cursor;
            app.ui.overlay = Overlay::None;
            if item != app.state().position.item {
                app.command(&Command::GoToItem(item), now);
            }
        }
        other => return Some(other),
    }
    None
}

pub(crate) fn draw(frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>) {
    let theme = ctx.theme;
    let schedule = Schedule::compute(ctx.pack, ctx.state, ctx.now, ctx.offset);
    let local = |t: chrono::DateTime<chrono::Utc>| t.with_timezone(&ctx.offset).format("%H:%M").to_string();
    let [head, table_area, hint] =
        Layout::vertical([Constraint::Length(2), Constraint::Fill(1), Constraint::Length(1)]).areas(area);

    let slip = schedule.slip_seconds();
    let slip_role = match slip / 60 {
        m if m >= 10 => Role::Bad,
        m if m >= 1 => Role::Warn,
        _ => Role::Good,
    };
    let start = schedule
        .items
        .first()
        .map_or(schedule.planned_finish, |i| i.planned_start);
    let heading = Line::from(vec![
        Span::styled(" Programme ", theme.style(Role::Heading)),
        Span::styled(
            format!(" {}–{} · finish ", local(start), local(schedule.planned_finish)),
            theme.style(Role::Text),
        ),
        Span::styled(
            format!("{} ({})", local(schedule.projected_finish), slip_words(slip)),
            theme.style(slip_role),
        ),
    ]);
    frame.render_widget(Paragraph::new(heading), head);

    let header = Row::new(["", "#", "Plan", "Min", "Item", "Began", "Took", "Status"])
        .style(theme.style(Role::Marker));
    // The item column: what the others and the seven gaps between them leave.
    let title_width = (table_area.width as usize).saturating_sub(1 + 2 + 5 + 3 + 5 + 4 + 7 + 7);
    let rows = ctx
        .pack
        .programme
        .items
        .iter()
        .zip(&schedule.items)
        .enumerate()
        .map(|(n, (item, times))| {
            let kind = match item.kind {
                ItemKind::Slides => "",
                ItemKind::Activity(_) => " · activity",
                ItemKind::Break => " · break",
            };
            let took_minutes = times.actual_seconds / 60;
            let took = if times.actual_start.is_some() {
                format!("{took_minutes}")
            } else {
                String::new()
            };
            let over = times.actual_seconds > times.planned_seconds;
            let status_role = match times.status {
                ItemStatus::Now => Role::Heading,
                ItemStatus::Done => Role::Good,
                ItemStatus::Skipped => Role::Warn,
                _ => Role::Dim,
            };
            let status = match times.status {
                ItemStatus::Now => "NOW".to_string(),
                s => s.word().to_string(),
            };
            let marker = if n == ctx.ui.cursor { "▶" } else { "" };
            Row::new(vec![
                Cell::from(marker),
                Cell::from(format!("{}", n + 1)),
                Cell::from(local(times.planned_start)),
                Cell::from(format!("{}", (times.planned_seconds.max(0) as u32).div_ceil(60))),
                Cell::from(title_line(&item.title, kind, title_width, theme)),
                Cell::from(times.actual_start.map(local).unwrap_or_default()),
                Cell::from(Span::styled(
                    took,
                    if over {
                        theme.style(Role::Warn)
                    } else {
                        theme.style(Role::Text)
                    },
                )),
                Cell::from(Span::styled(status, theme.style(status_role))),
            ])
        });
    let table = Table::new(
        rows,
        [
            Constraint::Length(1),
            Constraint::Length(2),
            Constraint::Length(5),
            Constraint::Length(3),
            Constraint::Fill(1),
            Constraint::Length(5),
            Constraint::Length(4),
            Constraint::Length(7),
        ],
    )
    .header(header)
    .style(theme.style(Role::Text))
    .row_highlight_style(theme.style(Role::Selected));
    let mut state = TableState::default().with_selected(Some(ctx.ui.cursor));
    frame.render_stateful_widget(table, table_area, &mut state);

    // Items scrolled out of sight are counted; the cursor brings them into view.
    let items = ctx.pack.programme.items.len();
    let visible = (table_area.height as usize).saturating_sub(1);
    let above = state.offset();
    let below = items.saturating_sub(above + visible);
    let mut words = String::new();
    if above > 0 {
        words.push_str(&format!(" ▲ {above} above"));
    }
    if below > 0 {
        words.push_str(&format!(" ▼ {below} more"));
    }
    let full =
        format!("{words} ↑↓ choose · Enter go there · Esc back · times: planned, began, minutes taken");
    let short = format!("{words} ↑↓ choose · Enter go there · Esc back");
    let line = if crate::width::of(&full) <= hint.width as usize {
        full
    } else {
        short
    };
    frame.render_widget(
        Paragraph::new(crate::width::ellipsis(&line, hint.width as usize)).style(theme.style(Role::Dim)),
        hint,
    );
}

/// An item's title and kind in `width` columns, ending in "…" when cut.
fn title_line(title: &str, kind: &str, width: usize, theme: &super::theme::Theme) -> Line<'static> {
    let whole = format!("{title}{kind}");
    if crate::width::of(&whole) <= width {
        return Line::from(vec![
            Span::raw(title.to_string()),
            Span::styled(kind.to_string(), theme.style(Role::Dim)),
        ]);
    }
    let cut = crate::width::ellipsis(&whole, width);
    let split = title.len().min(cut.len());
    let split = if cut.is_char_boundary(split) && cut[..split] == title[..split] {
        split
    } else {
        cut.len()
    };
    Line::from(vec![
        Span::raw(cut[..split].to_string()),
        Span::styled(cut[split..].to_string(), theme.style(Role::Dim)),
    ])
}

#[cfg(test)]
mod tests {
    use crate::session::Command;
    use crate::tui::keys::Intent;
    use crate::tui::testing::{Rig, SIZES};

    #[test]
    fn programme_view_with_history() {
        let mut rig = Rig::new();
        // Welcome ran long, Gather ideas was cut short, then back to the programme.
        rig.act(Intent::Do(Command::GoToItem(1)), 9)
            .act(Intent::Do(Command::GoToItem(2)), 20)
            .act(Intent::OpenProgramme, 21)
            .act(Intent::CursorDown, 21);
        for size in SIZES {
            let screen = rig.screen(size, 23);
            assert!(screen.contains("NOW"));
            assert!(screen.contains("done"));
            insta::assert_snapshot!(format!("programme_{}x{}", size.0, size.1), screen);
        }
    }

    /// At 60×18 a long item's title ends in "…" and the hint fits; on a long programme the
    /// rows out of sight are counted ("▼ n more") and the cursor reaches them.
    #[test]
    fn programme_cut_with_signs() {
        let mut rig = Rig::new();
        rig.act(Intent::OpenProgramme, 1);
        let screen = rig.screen((60, 18), 1);
        assert!(screen.contains("Plan the first step · act…"), "{screen}");
        assert!(screen.contains("Esc back "), "{screen}");
        // The built-in workshop's 13 items, under the "not saving" banner's two lines.
        let mut rig = Rig::builtin();
        rig.app.ui.not_saving = Some("the disk is full".into());
        rig.act(Intent::OpenProgramme, 1);
        let screen = rig.screen((60, 18), 1);
        assert!(screen.contains("▼ 2 more") && !screen.contains('▲'), "{screen}");
        for _ in 0..12 {
            rig.act(Intent::CursorDown, 1);
        }
        let screen = rig.screen((60, 18), 1);
        assert!(screen.contains("▲ 2 above") && !screen.contains('▼'), "{screen}");
        assert!(screen.contains("▶ 13"), "{screen}");
    }
}
