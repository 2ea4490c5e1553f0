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
use super::keys::{HELP_AND_QUIT, Intent, Keymap, STEP_ON, bind, c, k};
use super::theme::Role;
use super::view::Ctx;
use crate::width::{ellipsis, wrap};

#[rustfmt::skip]
pub(crate) const KEYS: Keymap = &[&[
    bind(&[k(KeyCode::Up), c('k')], "↑ ↓", "choose an action", Intent::CursorUp),
    bind(&[k(KeyCode::Down), c('j')], "", "", Intent::CursorDown),
    bind(&[c('a')], "a", "add an action", Intent::AddAction),
    bind(&[c('e'), k(KeyCode::Enter)], "e Enter", "edit it: owner, due date, status", Intent::EditAction),
    bind(&[c('s')], "s", "status: open → in progress → done", Intent::CycleStatus),
    bind(&[k(KeyCode::Esc), c('!')], "Esc !", "back", Intent::Close),
], STEP_ON, HELP_AND_QUIT];

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
    // The room sees the facilitator's row and its detail too (from `room.json`).
    let selected = Some(ctx.ui.list.min(actions.len().saturating_sub(1)));
    // The selected action's people and date in full, under the table: cells may end in "…".
    let detail = match selected.and_then(|n| actions.get(n).map(|a| (n, a))) {
        Some((n, a)) => {
            let f = &a.fields;
            let mut parts = vec![format!("Owner: {}", f.owner.as_deref().unwrap_or("none yet"))];
            if let Some(o) = f.organisation.as_deref().filter(|o| !o.is_empty()) {
                parts.push(format!("Organisation: {o}"));
            }
            if let Some(d) = f.due {
                parts.push(format!("Due: {}", d.format("%a %-d %b %Y")));
            }
            let words = format!("{}. {}", n + 1, parts.join(" · "));
            wrap(&words, (area.width as usize).saturating_sub(2))
        }
        None => Vec::new(),
    };
    let [head, table_area, detail_area, hint] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Fill(1),
        Constraint::Length(detail.len() as u16),
        Constraint::Length(1),
    ])
    .areas(area);
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
            Paragraph::new(" No actions yet. On a board, Ctrl+O turns a note into one; here, a adds one.")
                .style(theme.style(Role::Dim))
                .wrap(ratatui::widgets::Wrap { trim: false }),
            table_area,
        );
    } else {
        let widths = Widths::fit(ctx, table_area.width);
        let header = Row::new([
            "#",
            "Action",
            "Owner",
            if widths.organisation >= 12 {
                "Organisation"
            } else {
                "Org."
            },
            "Due",
            "Status",
        ])
        .style(theme.style(Role::Marker));
        let rows = actions.iter().enumerate().map(|(n, a)| {
            let f = &a.fields;
            let status_role = match f.status {
                ActionStatus::Done => Role::Good,
                ActionStatus::InProgress => Role::Warn,
                ActionStatus::Open => Role::Text,
            };
            // The action's words wrap (the room reads them); people and places end in "…".
            let text = wrap(&f.text, widths.action as usize);
            Row::new(vec![
                Cell::from(format!("{}", n + 1)),
                Cell::from(text.join("\n")),
                Cell::from(ellipsis(f.owner.as_deref().unwrap_or("—"), widths.owner as usize)),
                Cell::from(ellipsis(
                    f.organisation.as_deref().unwrap_or(""),
                    widths.organisation as usize,
                )),
                Cell::from(
                    f.due
                        .map_or("—".to_string(), |d| d.format(widths.due_format).to_string()),
                ),
                Cell::from(Span::styled(f.status.word(), theme.style(status_role))),
            ])
            .height(text.len().max(1) as u16)
        });
        let table = Table::new(
            rows,
            [
                Constraint::Length(widths.number),
                Constraint::Length(widths.action),
                Constraint::Length(widths.owner),
                Constraint::Length(widths.organisation),
                Constraint::Length(widths.due),
                Constraint::Length(STATUS),
            ],
        )
        .header(header)
        .style(theme.style(Role::Text))
        .row_highlight_style(theme.style(Role::Selected));
        // The room sees the facilitator's row too (from `room.json`), scrolled into view.
        let mut state = TableState::default().with_selected(selected);
        frame.render_stateful_widget(table, table_area, &mut state);
        frame.render_widget(
            Paragraph::new(
                detail
                    .into_iter()
                    .map(|l| Line::from(format!(" {l}")))
                    .collect::<Vec<_>>(),
            )
            .style(theme.style(Role::Strong)),
            detail_area,
        );
    }
    if !ctx.audience {
        frame.render_widget(
            Paragraph::new(" a add · e edit · s status · Esc back").style(theme.style(Role::Dim)),
            hint,
        );
    }
}

/// "in progress".
const STATUS: u16 = 11;

/// The table's column widths: owner and organisation as wide as their longest entry (within
/// reason), the action's words the rest: two fifths of the room at least, never fewer than
/// `MIN_ACTION` columns.
struct Widths {
    number: u16,
    action: u16,
    owner: u16,
    organisation: u16,
    due: u16,
    /// "Fri 11 Dec", or on a narrow screen "11 Dec".
    due_format: &'static str,
}

const MIN_ACTION: u16 = 16;
/// The narrowest an owner or organisation column gets: a name cut there still says whose.
const MIN_PERSON: u16 = 8;

impl Widths {
    fn fit(ctx: &Ctx<'_>, width: u16) -> Widths {
        let actions = &ctx.state.boards.actions;
        let number = (actions.len().to_string().len() as u16 + 1).max(2);
        let longest = |f: &dyn Fn(&crate::session::board::ActionFields) -> Option<&str>, header: usize| {
            actions
                .iter()
                .filter_map(|a| f(&a.fields))
                .map(crate::width::of)
                .chain([header])
                .max()
                .unwrap_or(header)
                .min(30) as u16
        };
        let mut owner = longest(&|f| f.owner.as_deref(), 5);
        let mut organisation = longest(&|f| f.organisation.as_deref(), 12);
        // Six columns, five gaps between them.
        let (due, due_format) = if width < 70 {
            (6, "%-d %b")
        } else {
            (10, "%a %-d %b")
        };
        let rest = width.saturating_sub(number + due + STATUS + 5);
        // Too wide: the wider of the two gives a column at a time until the action fits.
        let least = (rest * 2 / 5).max(MIN_ACTION);
        while rest < least + owner + organisation && (owner > MIN_PERSON || organisation > MIN_PERSON) {
            if organisation >= owner && organisation > MIN_PERSON {
                organisation -= 1;
            } else {
                owner -= 1;
            }
        }
        Widths {
            number,
            action: rest.saturating_sub(owner + organisation).max(1),
            owner,
            organisation,
            due,
            due_format,
        }
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

    #[test]
    fn the_room_sees_the_facilitators_row() {
        let mut rig = Rig::new();
        for n in 1..=30 {
            rig.act(
                Intent::Do(Command::AddAction {
                    fields: ActionFields {
                        text: format!("Action number {n}"),
                        owner: None,
                        organisation: None,
                        due: None,
                        status: ActionStatus::Open,
                    },
                    source_note: None,
                }),
                1,
            );
        }
        rig.act(Intent::OpenActions, 2);
        for _ in 0..25 {
            rig.act(Intent::CursorDown, 2);
        }
        rig.screen((120, 40), 2);
        rig.app.sync_room();
        rig.app.source_as_audience();
        let room = rig.screen((80, 24), 2);
        assert!(room.contains("Action number 26"), "{room}");
        assert!(!room.contains("Action number 1 "), "{room}");
    }

    /// Long owners and organisations end in "…" in columns sized by what is in them (the
    /// header whole), and the selected action's are there in full under the table.
    #[test]
    fn long_names_are_cut_with_a_sign_and_shown_in_full_when_chosen() {
        let mut rig = Rig::new();
        for (text, owner, organisation) in [
            ("Book a room", "Grace Li", "Age UK Wirral and Cheshire West"),
            (
                "Ask the patient panel which leaflets they trust",
                "Dr Oluwaseun Adebayo-Williams",
                "Wirral University Teaching Hospital NHS Foundation Trust",
            ),
        ] {
            rig.act(
                Intent::Do(Command::AddAction {
                    fields: ActionFields {
                        text: text.into(),
                        owner: Some(owner.into()),
                        organisation: Some(organisation.into()),
                        due: Some("2026-12-04".parse().unwrap()),
                        status: ActionStatus::Open,
                    },
                    source_note: None,
                }),
                1,
            );
        }
        rig.act(Intent::OpenActions, 2).act(Intent::CursorDown, 2);
        for size in [(80, 24), (60, 18)] {
            let screen = rig.screen(size, 2);
            assert!(screen.contains('…'), "{size:?}:\n{screen}");
            // The detail may wrap anywhere: read it as one run of words.
            let flat = screen
                .lines()
                .map(|l| l.trim_matches('"').trim())
                .collect::<Vec<_>>()
                .join(" ");
            for words in [
                "2. Owner: Dr Oluwaseun Adebayo-Williams",
                "Wirral University Teaching Hospital NHS Foundation Trust",
                "Due: Fri 4 Dec 2026",
            ] {
                assert!(flat.contains(words), "{words} at {size:?}:\n{screen}");
            }
            insta::assert_snapshot!(format!("actions_long_names_{}x{}", size.0, size.1), screen);
        }
        let screen = rig.screen((80, 24), 2);
        assert!(
            screen.contains("Organisation ") && screen.contains("Grace Li"),
            "{screen}"
        );
    }

    /// PageDown is the clicker's "next" on every screen: from here it steps on, and the
    /// screen gives way to the next page.
    #[test]
    fn a_clicker_steps_on_from_here() {
        use crossterm::event::{KeyCode, KeyModifiers};
        let mut rig = Rig::new();
        rig.go_to("gather", 0, 0).act(Intent::OpenActions, 1);
        assert_eq!(rig.app.state().screen, crate::session::Screen::Actions);
        let before = rig.app.state().position.clone();
        crate::tui::testing::key(&mut rig, KeyCode::PageDown, KeyModifiers::NONE);
        assert_eq!(rig.app.state().screen, crate::session::Screen::Page);
        assert_ne!(rig.app.state().position, before);
        crate::tui::testing::key(&mut rig, KeyCode::PageUp, KeyModifiers::NONE);
        assert_eq!(rig.app.state().position, before);
    }
}
