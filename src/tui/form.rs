//! A small form over the screen: a cluster's title, a search, an action (with its due date
//! in everyday words), an attendee, a folder to write the outcomes to. Each kind of form is a
//! typed struct; this module owns their keys, what Enter does with them, and how they look.
//! Only the facilitator sees them.

use chrono::{DateTime, Utc};
use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph};

use crate::pack::Pack;
use crate::session::Command;
use crate::session::board::{Action, ActionFields, ActionStatus, Note};
use crate::session::due::{EXAMPLES, parse_due};

use super::app::{App, Overlay, Source, Tone};
use super::capture::edit;
use super::field::Field;
use super::keys::{Binding, EDITING, Intent, Key, Keymap, TYPING_HELP_AND_QUIT, bind, k};
use super::theme::Role;
use super::view::Ctx;

#[rustfmt::skip]
const OWN: &[Binding] = &[
    bind(&[k(KeyCode::Enter)], "Enter", "done", Intent::Submit),
    bind(&[k(KeyCode::Esc)], "Esc", "cancel", Intent::Close),
    bind(&[k(KeyCode::Tab), k(KeyCode::Down)], "Tab ↓ ↑", "next / previous field", Intent::NextField),
    bind(&[k(KeyCode::BackTab), k(KeyCode::Up)], "", "", Intent::PreviousField),
    bind(&[k(KeyCode::Left)], "← →", "move the cursor; on a choice, change it", Intent::Left),
    bind(&[k(KeyCode::Right)], "", "", Intent::Right),
    bind(&[Key::Text], "letters", "type; Space on a choice changes it", Intent::Type(' ')),
    super::keys::ROOM,
];

pub(crate) const KEYS: Keymap = &[OWN, EDITING, TYPING_HELP_AND_QUIT];

/// An action as the form holds it, field by field.
#[derive(Debug, Clone, Default)]
pub(crate) struct ActionForm {
    /// The action being edited, if this is an edit.
    pub editing: Option<String>,
    /// The note it is made from, if any.
    pub source_note: Option<String>,
    pub text: Field,
    pub owner: Field,
    pub organisation: Field,
    /// A date in everyday words ("friday", "2w"), read when the form is saved.
    pub due: Field,
    pub status: ActionStatus,
}

/// What the form is for, with its fields.
#[derive(Debug, Clone)]
pub(crate) enum FormKind {
    Cluster {
        notes: Vec<String>,
        title: Field,
    },
    Search {
        find: Field,
    },
    Action(ActionForm),
    /// Someone who walked in late; `sector` indexes the pack's sectors.
    Attendee {
        name: Field,
        organisation: Field,
        sector: usize,
    },
    /// Where to write the outcomes instead of the session folder.
    Export {
        folder: Field,
    },
}

/// A form and which of its places has the cursor (its fields, then its choice if it has one).
#[derive(Debug, Clone)]
pub(crate) struct Form {
    pub kind: FormKind,
    pub focus: usize,
}

impl Form {
    fn new(kind: FormKind) -> Form {
        Form { kind, focus: 0 }
    }

    pub fn search(filter: Option<&str>) -> Form {
        let mut find = Field::new(filter.unwrap_or(""));
        find.end();
        Form::new(FormKind::Search { find })
    }

    pub fn cluster(notes: Vec<String>) -> Form {
        Form::new(FormKind::Cluster {
            notes,
            title: Field::default(),
        })
    }

    pub fn attendee() -> Form {
        Form::new(FormKind::Attendee {
            name: Field::default(),
            organisation: Field::default(),
            sector: 0,
        })
    }

    pub fn export(suggestion: &str) -> Form {
        Form::new(FormKind::Export {
            folder: Field::new(suggestion),
        })
    }

    fn action(form: ActionForm) -> Form {
        Form::new(FormKind::Action(form))
    }

    pub fn new_action() -> Form {
        Form::action(ActionForm::default())
    }

    pub fn action_of_note(note: &Note) -> Form {
        Form::action(ActionForm {
            source_note: Some(note.id.clone()),
            text: Field::new(&note.text.replace('\n', " ")),
            organisation: Field::new(note.organisation.as_deref().unwrap_or("")),
            ..ActionForm::default()
        })
    }

    pub fn edit_action(action: &Action) -> Form {
        let f = &action.fields;
        let due = f.due.map(|d| d.format("%Y-%m-%d").to_string());
        Form::action(ActionForm {
            editing: Some(action.id.clone()),
            text: Field::new(&f.text),
            owner: Field::new(f.owner.as_deref().unwrap_or("")),
            organisation: Field::new(f.organisation.as_deref().unwrap_or("")),
            due: Field::new(due.as_deref().unwrap_or("")),
            status: f.status,
            ..ActionForm::default()
        })
    }

    pub fn title(&self) -> &'static str {
        match self.kind {
            FormKind::Cluster { .. } => "Group the marked notes",
            FormKind::Search { .. } => "Search the notes",
            FormKind::Action(_) => "Action",
            FormKind::Attendee { .. } => "Add someone",
            FormKind::Export { .. } => "Write the outcomes to another folder",
        }
    }

    /// The text fields, labelled, in order.
    pub fn fields(&self) -> Vec<(&'static str, &Field)> {
        match &self.kind {
            FormKind::Cluster { title, .. } => vec![("Title", title)],
            FormKind::Search { find } => vec![("Find", find)],
            FormKind::Action(a) => vec![
                ("Action", &a.text),
                ("Owner", &a.owner),
                ("Organisation", &a.organisation),
                ("Due", &a.due),
            ],
            FormKind::Attendee {
                name, organisation, ..
            } => {
                vec![("Name", name), ("Organisation", organisation)]
            }
            FormKind::Export { folder } => vec![("Folder", folder)],
        }
    }

    fn field_mut(&mut self) -> Option<&mut Field> {
        let at = self.focus;
        let mut fields: Vec<&mut Field> = match &mut self.kind {
            FormKind::Cluster { title, .. } => vec![title],
            FormKind::Search { find } => vec![find],
            FormKind::Action(a) => vec![&mut a.text, &mut a.owner, &mut a.organisation, &mut a.due],
            FormKind::Attendee {
                name, organisation, ..
            } => vec![name, organisation],
            FormKind::Export { folder } => vec![folder],
        };
        (at < fields.len()).then(|| fields.swap_remove(at))
    }

    /// The form's one choice, if it has one: its label and what is chosen, in words.
    pub fn choice(&self, pack: &Pack) -> Option<(&'static str, String)> {
        match &self.kind {
            FormKind::Action(a) => Some(("Status", a.status.word().to_string())),
            FormKind::Attendee { sector, .. } => {
                let words = pack
                    .sectors
                    .get(*sector)
                    .map_or(String::new(), |s| format!("{} ({})", s.name, s.label));
                Some(("Sector", words))
            }
            _ => None,
        }
    }

    fn step_choice(&mut self, forward: bool, sectors: usize) {
        let step = |at: usize, len: usize| match (forward, len) {
            (_, 0) => 0,
            (true, _) => (at + 1) % len,
            (false, _) => (at + len - 1) % len,
        };
        match &mut self.kind {
            FormKind::Action(a) => {
                let all = ActionStatus::ALL;
                let at = all.iter().position(|s| *s == a.status).unwrap_or(0);
                a.status = all[step(at, all.len())];
            }
            FormKind::Attendee { sector, .. } => *sector = step(*sector, sectors),
            _ => {}
        }
    }

    fn places(&self) -> usize {
        self.fields().len()
            + usize::from(matches!(
                self.kind,
                FormKind::Action(_) | FormKind::Attendee { .. }
            ))
    }

    /// Pasted text goes into the field with the cursor, as one line.
    pub fn paste(&mut self, text: &str) {
        if let Some(field) = self.field_mut() {
            field.insert(&crate::session::text::clean_line(text));
        }
    }

    /// What to type and which keys do what, in parts the box wraps between.
    fn hint(&self) -> Vec<String> {
        let parts: &[&str] = match self.kind {
            FormKind::Action(_) => {
                return vec![format!("Due: {EXAMPLES}"), "Enter saves · Esc cancels".into()];
            }
            FormKind::Search { .. } => &["Enter shows only matching notes", "Esc cancels"],
            FormKind::Export { .. } => &[
                "Enter writes JSON, Markdown, CSV and the Terms of Reference there",
                "Esc cancels",
            ],
            FormKind::Cluster { .. } => &["Enter groups them", "Esc cancels"],
            // The keys stay together on a line when they fit.
            FormKind::Attendee { .. } => {
                &["Tab next field · ←→ change a choice", "Enter saves · Esc cancels"]
            }
        };
        parts.iter().map(|p| p.to_string()).collect()
    }
}

/// Parts of a hint on as few lines of `width` as fit, " · " between them on a line; a part
/// too long for a line wraps by words. Nothing is cut.
fn hint_lines(parts: &[String], width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for part in parts {
        let joined = if line.is_empty() {
            part.clone()
        } else {
            format!("{line} · {part}")
        };
        if crate::width::of(&joined) <= width {
            line = joined;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        let mut wrapped = crate::width::wrap(part, width);
        line = wrapped.pop().unwrap_or_default();
        lines.extend(wrapped);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

impl App {
    pub(crate) fn open_form(&mut self, form: Form) {
        self.ui.form = Some(form);
        self.ui.overlay = Overlay::Form;
    }
}

/// The form's keys: typing, moving between places, changing a choice, Enter.
pub(crate) fn act(app: &mut App, intent: Intent, now: DateTime<Utc>) -> Option<Intent> {
    let sectors = app.pack().sectors.len();
    let form = app.ui.form.as_mut()?;
    let places = form.places();
    let on_choice = form.focus >= form.fields().len();
    match intent {
        Intent::NextField => form.focus = (form.focus + 1) % places,
        Intent::PreviousField => form.focus = (form.focus + places - 1) % places,
        Intent::Left if on_choice => form.step_choice(false, sectors),
        Intent::Right | Intent::Type(' ') if on_choice => form.step_choice(true, sectors),
        Intent::Submit => submit(app, now),
        Intent::Close => {
            app.ui.form = None;
            app.ui.overlay = Overlay::None;
        }
        _ if on_choice => return pass_on(intent),
        other => return pass_on(edit(form.field_mut()?, other)?),
    }
    None
}

/// Keys a form does not use: only help, the room's key and quitting reach the app.
fn pass_on(intent: Intent) -> Option<Intent> {
    matches!(intent, Intent::Quit | Intent::Help | Intent::Room).then_some(intent)
}

/// Enter: carries the form out; it closes when that worked.
fn submit(app: &mut App, now: DateTime<Utc>) {
    let Some(form) = app.ui.form.clone() else { return };
    let text = |f: &Field| f.text.trim().to_string();
    let optional = |f: &Field| Some(text(f)).filter(|t| !t.is_empty());
    let done = match form.kind {
        FormKind::Export { folder } => write_elsewhere(app, &text(&folder), now),
        FormKind::Search { find } => {
            app.ui.board.filter = optional(&find);
            app.ui.board.row = 0;
            true
        }
        FormKind::Cluster { notes, title } => {
            let ok = app.command(
                &Command::Cluster {
                    notes: notes.clone(),
                    title: text(&title),
                },
                now,
            );
            if ok {
                app.ui.board.marked.clear();
                if let Some(first) = notes.first() {
                    app.select_note(first);
                }
            }
            ok
        }
        FormKind::Attendee {
            name,
            organisation,
            sector,
        } => {
            let sector = app
                .pack()
                .sectors
                .get(sector)
                .map(|s| s.id.clone())
                .unwrap_or_default();
            app.command(
                &Command::AddAttendee {
                    name: text(&name),
                    organisation: text(&organisation),
                    sector,
                },
                now,
            )
        }
        FormKind::Action(a) => {
            let today = now.with_timezone(&app.offset).date_naive();
            let due = match optional(&a.due) {
                None => None,
                Some(words) => match parse_due(&words, today) {
                    Ok(date) => Some(date),
                    Err(e) => {
                        app.ui.status = Some((format!("Due: {e}"), Tone::Info));
                        return;
                    }
                },
            };
            // The session fills in an attendee's full name and organisation.
            let fields = ActionFields {
                text: text(&a.text),
                owner: optional(&a.owner),
                organisation: optional(&a.organisation),
                due,
                status: a.status,
            };
            let command = match &a.editing {
                Some(action) => Command::EditAction {
                    action: action.clone(),
                    fields,
                },
                None => Command::AddAction {
                    fields,
                    source_note: a.source_note.clone(),
                },
            };
            let ok = app.command(&command, now);
            if ok && a.editing.is_none() {
                app.say("Action added · ! lists them all");
            }
            ok
        }
    };
    if done {
        app.ui.form = None;
        app.ui.overlay = Overlay::None;
    }
}

/// Writes every format to another folder (`~/` is the home folder) and says where.
fn write_elsewhere(app: &mut App, folder: &str, now: DateTime<Utc>) -> bool {
    let folder = match folder.strip_prefix("~/") {
        Some(rest) => dirs::home_dir().unwrap_or_default().join(rest),
        None => std::path::PathBuf::from(folder),
    };
    let Source::Live(session) = &app.source else {
        return false;
    };
    match crate::export::write_outcomes_to(
        &session.pack,
        &session.state,
        &session.dir,
        &folder,
        now,
        app.offset,
    ) {
        Ok(paths) => {
            app.say(format!("Wrote {} files in {}", paths.len(), folder.display()));
            true
        }
        Err(e) => {
            app.ui.status = Some((format!("NOT WRITTEN: {e}"), Tone::Error));
            false
        }
    }
}

pub(crate) fn draw(frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>, form: &Form) {
    let theme = ctx.theme;
    let fields = form.fields();
    let choice = form.choice(ctx.pack);
    let label_width = fields
        .iter()
        .map(|(l, _)| l.len())
        .chain(choice.as_ref().map(|(l, _)| l.len()))
        .max()
        .unwrap_or(0)
        + 2;
    let width = area.width.saturating_sub(4).min(76);
    let field_width = (width as usize).saturating_sub(label_width + 3);
    let label_style = |focused: bool| {
        if focused {
            theme.style(Role::Marker)
        } else {
            theme.style(Role::Dim)
        }
    };
    let mut lines: Vec<Line<'_>> = Vec::new();
    for (i, (label, field)) in fields.iter().enumerate() {
        let focused = form.focus == i;
        let mut spans = vec![Span::styled(
            format!("{label:<label_width$}"),
            label_style(focused),
        )];
        spans.extend(
            field
                .line(
                    field_width,
                    theme.style(Role::Text),
                    theme.style(Role::Selected),
                    focused,
                )
                .spans,
        );
        lines.push(Line::from(spans));
    }
    if let Some((label, chosen)) = choice {
        let focused = form.focus == fields.len();
        lines.push(Line::from(vec![
            Span::styled(format!("{label:<label_width$}"), label_style(focused)),
            Span::styled(
                format!(
                    "◂ {} ▸",
                    crate::width::ellipsis(&chosen, field_width.saturating_sub(4))
                ),
                if focused {
                    theme.style(Role::Selected)
                } else {
                    theme.style(Role::Text)
                },
            ),
        ]));
    }
    lines.push(Line::default());
    for hint in hint_lines(&form.hint(), (width as usize).saturating_sub(2)) {
        lines.push(Line::styled(hint, theme.style(Role::Dim)));
    }
    let height = (lines.len() as u16 + 2).min(area.height);
    let popup = super::help::centred(area, width, height);
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .title(format!(" {} ", form.title()))
        .style(theme.base())
        .border_style(theme.style(Role::Marker));
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}

#[cfg(test)]
mod tests {
    use crate::tui::keys::Intent;
    use crate::tui::testing::Rig;

    /// Every form's hint is whole at 80 and 60 columns: the parts wrap onto another line of
    /// the box rather than run off its edge ("Esc cance" once).
    #[test]
    fn hints_wrap_inside_the_box() {
        let mut rig = Rig::new();
        rig.act(Intent::OpenActions, 1).act(Intent::AddAction, 1);
        for size in [(80, 24), (60, 18)] {
            let screen = rig.screen(size, 1);
            for part in ["end of month", "Enter saves", "Esc cancels"] {
                assert!(screen.contains(part), "{part} at {size:?}:\n{screen}");
            }
            insta::assert_snapshot!(format!("action_form_{}x{}", size.0, size.1), screen);
        }
        rig.act(Intent::Close, 1)
            .act(Intent::Close, 1)
            .act(Intent::OpenPeople, 1);
        rig.act(Intent::AddAttendee, 1);
        for size in [(80, 24), (60, 18)] {
            let screen = rig.screen(size, 1);
            assert!(screen.contains("Esc cancels"), "{size:?}:\n{screen}");
            insta::assert_snapshot!(format!("attendee_form_{}x{}", size.0, size.1), screen);
        }
    }

    #[test]
    fn hint_parts_pack_and_wrap() {
        let parts: Vec<String> = ["Tab next field", "Enter saves", "Esc cancels"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            super::hint_lines(&parts, 30),
            ["Tab next field · Enter saves", "Esc cancels"]
        );
        assert_eq!(super::hint_lines(&parts[..1], 8), ["Tab next", "field"]);
    }
}
