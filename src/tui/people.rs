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
    if people.is_empty() {
        frame.render_widget(
            Paragraph::new("Nobody yet. a adds someone, or start with --attendees FILE (CSV: name, organisation, sector).")
                .style(theme.style(Role::Dim)),
            list,
        );
    } else {
        let rows = people.iter().map(|p| {
            let (style, label) = sector_style(theme, ctx.pack, &p.sector);
            Row::new(vec![
                Cell::from(p.name.clone()),
                Cell::from(p.organisation.clone()),
                Cell::from(Span::styled(format!("▌{label}"), style)),
            ])
        });
        let table = Table::new(
            rows,
            [Constraint::Fill(2), Constraint::Fill(2), Constraint::Length(10)],
        )
        .header(Row::new(["Name", "Organisation", "Sector"]).style(theme.style(Role::Marker)))
        .style(theme.style(Role::Text))
        .row_highlight_style(theme.style(Role::Selected));
        let mut state = TableState::default().with_selected(Some(ctx.ui.list));
        frame.render_stateful_widget(table, list, &mut state);
    }
    frame.render_widget(
        Paragraph::new(Line::styled(
            "a add · ↑↓ scroll · Esc back",
            theme.style(Role::Dim),
        )),
        hint,
    );
}
