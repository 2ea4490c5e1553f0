//! The actions screen (`!`): every action with its owner, organisation, due date and status,
//! shown to the room too, so people see their names against things.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState};

use chrono::{DateTime, Utc};
use crossterm::event::KeyCode;

use crate::session::Command;
use crate::session::board::ActionStatus;

use super::app::App;
use super::form::Form;
use super::keys::{HELP_AND_QUIT, Intent, Keymap, bind, c, k};
use super::theme::Role;
use super::view::Ctx;
use crate::width::wrap;

#[rustfmt::skip]
pub(crate) const KEYS: Keymap = &[&[
    bind(&[k(KeyCode::Up), c('k')], "↑ ↓", "choose an action", Intent::CursorUp),
    bind(&[k(KeyCode::Down), c('j')], "", "", Intent::CursorDown),
    bind(&[c('a')], "a", "add an action", Intent::AddAction),
    bind(&[c('e'), k(KeyCode::Enter)], "e Enter", "edit it: owner, due date, status", Intent::EditAction),
    bind(&[c('s')], "s", "status: open → in progress → done", Intent::CycleStatus),
    bind(&[k(KeyCode::Esc), c('!')], "Esc !", "back", Intent::Close),
], HELP_AND_QUIT];

/// The actions screen's keys. Others pass on.
pub(crate) fn act(app: &mut App, intent: Intent, now: DateTime<Utc>) -> Option<Intent> {
    let count = app.state().boards.actions.len();
    match intent {
        Intent::CursorUp => app.ui.list = app.ui.list.saturating_sub(1),
        Intent::CursorDown => app.ui.list = (app.ui.list + 1).min(count.saturating_sub(1)),
        Intent::AddAction => app.open_form(Form::new_action()),
        Intent::EditAction => {
            let Some(action) = app.state().boards.actions.get(app.ui.list) else {
                app.say("no actions yet: a adds one");
                return None;
            };
            let form = Form::edit_action(action);
            app.open_form(form);
        }
        Intent::CycleStatus => {
            let action = app.state().boards.actions.get(app.ui.list)?;
            let mut fields = action.fields.clone();
            fields.status = fields.status.next();
            let command = Command::EditAction {
                action: action.id.clone(),
                fields,
            };
            app.command(&command, now);
        }
        other => return Some(other),
    }
    None
}

pub(crate) fn draw(frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>) {
    let theme = ctx.theme;
    let actions = &ctx.state.boards.actions;
    let [head, table_area, hint] =
        Layout::vertical([Constraint::Length(2), Constraint::Fill(1), Constraint::Length(1)]).areas(area);
    let done = actions
        .iter()
        .filter(|a| a.fields.status == ActionStatus::Done)
        .count();
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(" Actions ", theme.style(Role::Heading)),
            Span::styled(
                format!(" {} in all, {done} done", actions.len()),
                theme.style(Role::Text),
            ),
        ])),
        head,
    );
    if actions.is_empty() {
        frame.render_widget(
            Paragraph::new(" No actions yet. On a board, A turns a note into one; here, a adds one.")
                .style(theme.style(Role::Dim))
                .wrap(ratatui::widgets::Wrap { trim: false }),
            table_area,
        );
    } else {
        let header = Row::new(["#", "Action", "Owner", "Organisation", "Due", "Status"])
            .style(theme.style(Role::Marker));
        // Wrap the words rather than cut them: the room reads these from the back.
        let rest = table_area.width.saturating_sub(3 + 10 + 11 + 5);
        let (action_w, person_w) = (rest - 2 * (rest / 5), rest / 5);
        let cell = |text: &str, width: u16| {
            let lines = wrap(text, width as usize);
            (lines.len() as u16, Cell::from(lines.join("\n")))
        };
        let rows = actions.iter().enumerate().map(|(n, a)| {
            let f = &a.fields;
            let status_role = match f.status {
                ActionStatus::Done => Role::Good,
                ActionStatus::InProgress => Role::Warn,
                ActionStatus::Open => Role::Text,
            };
            let (h1, text) = cell(&f.text, action_w);
            let (h2, owner) = cell(f.owner.as_deref().unwrap_or("—"), person_w);
            let (h3, organisation) = cell(f.organisation.as_deref().unwrap_or(""), person_w);
            Row::new(vec![
                Cell::from(format!("{}", n + 1)),
                text,
                owner,
                organisation,
                Cell::from(
                    f.due
                        .map_or("—".to_string(), |d| d.format("%a %-d %b").to_string()),
                ),
                Cell::from(Span::styled(f.status.word(), theme.style(status_role))),
            ])
            .height(h1.max(h2).max(h3).max(1))
        });
        let table = Table::new(
            rows,
            [
                Constraint::Length(3),
                Constraint::Length(action_w),
                Constraint::Length(person_w),
                Constraint::Length(person_w),
                Constraint::Length(10),
                Constraint::Length(11),
            ],
        )
        .header(header)
        .style(theme.style(Role::Text))
        .row_highlight_style(if ctx.audience {
            theme.style(Role::Text)
        } else {
            theme.style(Role::Selected)
        });
        let mut state = TableState::default().with_selected((!ctx.audience).then_some(ctx.ui.list));
        frame.render_stateful_widget(table, table_area, &mut state);
    }
    if !ctx.audience {
        frame.render_widget(
            Paragraph::new(" a add · e edit · s status · Esc back").style(theme.style(Role::Dim)),
            hint,
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::session::board::{ActionFields, ActionStatus};
    use crate::session::{Command, Screen};
    use crate::tui::keys::Intent;
    use crate::tui::testing::{Rig, SIZES};

    #[test]
    fn actions_screen() {
        let mut rig = Rig::new();
        let add = |text: &str, owner: Option<&str>, due: Option<&str>, status| Command::AddAction {
            fields: ActionFields {
                text: text.to_string(),
                owner: owner.map(str::to_string),
                organisation: owner.map(|_| "Wirral Libraries".to_string()),
                due: due.map(|d| d.parse().unwrap()),
                status,
            },
            source_note: None,
        };
        rig.act(
            Intent::Do(add(
                "Book a room for the first network meeting",
                Some("Priya Shah"),
                Some("2026-12-11"),
                ActionStatus::Open,
            )),
            1,
        )
        .act(
            Intent::Do(add(
                "Share the Community Directory link",
                None,
                None,
                ActionStatus::InProgress,
            )),
            1,
        )
        .act(
            Intent::Do(add(
                "Draft the terms of reference",
                Some("Sam Jones"),
                Some("2027-01-08"),
                ActionStatus::Done,
            )),
            1,
        )
        .act(Intent::Do(Command::Show(Screen::Actions)), 2);
        for size in SIZES {
            let screen = rig.screen(size, 2);
            assert!(screen.contains("3 in all, 1 done"));
            insta::assert_snapshot!(format!("actions_{}x{}", size.0, size.1), screen);
        }
    }
}
