//! The attendee list (`P`), for the facilitator: who is here, by organisation and sector,
//! and a way to add someone who walked in late.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Cell, Clear, Paragraph, Row, Table, TableState};

use chrono::{DateTime, Utc};
use crossterm::event::KeyCode;

use super::app::App;
use super::board::sector_style;
use super::form::Form;
use super::keys::{HELP_AND_QUIT, Intent, Keymap, bind, c, k};
use super::theme::Role;
use super::view::Ctx;

#[rustfmt::skip]
pub(crate) const KEYS: Keymap = &[&[
    bind(&[c('a')], "a", "add someone", Intent::AddAttendee),
    bind(&[k(KeyCode::Up), c('k')], "↑ ↓", "scroll", Intent::CursorUp),
    bind(&[k(KeyCode::Down), c('j')], "", "", Intent::CursorDown),
    bind(&[k(KeyCode::Esc), c('P')], "Esc P", "back", Intent::Close),
], HELP_AND_QUIT];

/// The attendee list's keys. Others pass on.
pub(crate) fn act(app: &mut App, intent: Intent, _now: DateTime<Utc>) -> Option<Intent> {
    let count = app.state().boards.attendees.len();
    match intent {
        Intent::AddAttendee => app.open_form(Form::attendee()),
        Intent::CursorUp => app.ui.list = app.ui.list.saturating_sub(1),
        Intent::CursorDown => app.ui.list = (app.ui.list + 1).min(count.saturating_sub(1)),
        other => return Some(other),
    }
    None
}

pub(crate) fn draw(frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>) {
    let theme = ctx.theme;
    let people = &ctx.state.boards.attendees;
    frame.render_widget(Clear, area);
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .title(format!(" Attendees: {} ", people.len()))
        .style(theme.base())
        .border_style(theme.style(Role::Marker));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [list, hint] = Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(inner);
    let mut marks = String::new();
    if people.is_empty() {
        frame.render_widget(
            Paragraph::new("Nobody yet. a adds someone, or start with --attendees FILE (CSV: name, organisation, sector).")
                .style(theme.style(Role::Dim))
                .wrap(ratatui::widgets::Wrap { trim: true }),
            list,
        );
    } else {
        // Name and organisation share what the sector leaves (two gaps), each ending in "…"
        // when cut.
        let half = (list.width.saturating_sub(10 + 2) / 2) as usize;
        let rows = people.iter().map(|p| {
            let (style, label) = sector_style(theme, ctx.pack, &p.sector);
            Row::new(vec![
                Cell::from(crate::width::ellipsis(&p.name, half)),
                Cell::from(crate::width::ellipsis(&p.organisation, half)),
                Cell::from(Span::styled(format!("▌{label}"), style)),
            ])
        });
        let table = Table::new(
            rows,
            [
                Constraint::Length(half as u16),
                Constraint::Length(half as u16),
                Constraint::Length(10),
            ],
        )
        .header(Row::new(["Name", "Organisation", "Sector"]).style(theme.style(Role::Marker)))
        .style(theme.style(Role::Text))
        .row_highlight_style(theme.style(Role::Selected));
        let mut state = TableState::default().with_selected(Some(ctx.ui.list));
        frame.render_stateful_widget(table, list, &mut state);
        // Who is scrolled out of sight is counted.
        let above = state.offset();
        let below = people
            .len()
            .saturating_sub(above + (list.height as usize).saturating_sub(1));
        if above > 0 {
            marks.push_str(&format!("▲ {above} above "));
        }
        if below > 0 {
            marks.push_str(&format!("▼ {below} more "));
        }
    }
    frame.render_widget(
        Paragraph::new(Line::styled(
            crate::width::ellipsis(
                &format!("{marks}a add · ↑↓ scroll · Esc back"),
                hint.width as usize,
            ),
            theme.style(Role::Dim),
        )),
        hint,
    );
}

#[cfg(test)]
mod tests {
    use crate::session::Command;
    use crate::tui::keys::Intent;
    use crate::tui::testing::Rig;

    /// Twenty people at 60×18 and 80×24: long organisations end in "…", and those scrolled
    /// out of sight are counted above and below; the cursor reaches the last.
    #[test]
    fn attendees_scroll_with_markers() {
        let mut rig = Rig::new();
        for n in 1..=20 {
            rig.act(
                Intent::Do(Command::AddAttendee {
                    name: format!("Person {n}"),
                    organisation: "Wirral University Teaching Hospital NHS Foundation Trust".into(),
                    sector: "nhs".into(),
                }),
                1,
            );
        }
        rig.act(Intent::OpenPeople, 1);
        for size in [(80, 24), (60, 18)] {
            let screen = rig.screen(size, 1);
            assert!(
                screen.contains("more a add") && screen.contains("Wirral University"),
                "{size:?}:\n{screen}"
            );
            assert!(
                screen.contains('…') && !screen.contains('▲'),
                "{size:?}:\n{screen}"
            );
            insta::assert_snapshot!(format!("people_{}x{}", size.0, size.1), screen);
        }
        for _ in 0..19 {
            rig.act(Intent::CursorDown, 1);
        }
        for size in [(80, 24), (60, 18)] {
            let screen = rig.screen(size, 1);
            assert!(
                screen.contains("Person 20") && screen.contains("above a add"),
                "{size:?}:\n{screen}"
            );
            assert!(!screen.contains('▼'), "{size:?}:\n{screen}");
        }
    }
}
