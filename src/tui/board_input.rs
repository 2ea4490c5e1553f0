//! What the board's keys do: the capture line, forms (cluster titles, searches, actions,
//! attendees), selection, votes, and the actions, groups and attendee screens. Every change
//! is a session command, journaled before it is shown.

use chrono::{DateTime, Utc};

use crate::session::board::{ActionFields, ActionStatus};
use crate::session::due::{EXAMPLES, parse_due};
use crate::session::{Command, NoteFields, Screen, current_activity};

use super::app::{App, Capture, Form, FormKind, Overlay, Tone};
use super::board::{Entry, column_entries, columns};
use super::field::Field;
use super::keys::{Action, Mode};

impl App {
    /// The board's columns as (board id, category ids).
    fn board_columns(&self) -> Option<(String, Vec<String>)> {
        let activity = self.board_page()?;
        let (board, categories) = columns(self.pack(), activity);
        Some((
            board.to_string(),
            categories.iter().map(|c| c.id.clone()).collect(),
        ))
    }

    pub(crate) fn board_entries_len(&self) -> usize {
        let Some((board, categories)) = self.board_columns() else {
            return 0;
        };
        let column = self.ui.board.column.min(categories.len().saturating_sub(1));
        categories.get(column).map_or(0, |c| {
            column_entries(self.state(), &board, c, &self.ui.board).len()
        })
    }

    /// The id of the selected entry, and whether it is a note (not a cluster's title).
    fn selected(&self) -> Option<(String, bool)> {
        let (board, categories) = self.board_columns()?;
        let column = self.ui.board.column.min(categories.len().saturating_sub(1));
        let entries = column_entries(self.state(), &board, categories.get(column)?, &self.ui.board);
        let entry = entries.get(self.ui.board.row.min(entries.len().checked_sub(1)?))?;
        Some((entry.id().to_string(), matches!(entry, Entry::Note(..))))
    }

    fn selected_note(&mut self) -> Option<String> {
        match self.selected() {
            Some((id, true)) => Some(id),
            Some(_) => {
                self.say("choose a note, not a cluster's title");
                None
            }
            None => {
                self.say("no note here yet: a adds one");
                None
            }
        }
    }

    fn say(&mut self, message: impl Into<String>) {
        self.ui.status = Some((message.into(), Tone::Info));
    }

    /// Puts the selection on a note after it moved or appeared.
    fn select_note(&mut self, id: &str) {
        let Some((board, categories)) = self.board_columns() else {
            return;
        };
        let Some(note) = self.state().boards.note(id) else {
            return;
        };
        let Some(column) = categories.iter().position(|c| *c == note.category) else {
            return;
        };
        let entries = column_entries(self.state(), &board, &categories[column], &self.ui.board);
        if let Some(row) = entries.iter().position(|e| e.id() == id) {
            self.ui.board.column = column;
            self.ui.board.row = row;
        }
    }

    pub(crate) fn board_act(&mut self, action: Action, now: DateTime<Utc>) {
        match self.mode() {
            Mode::Capture => return self.capture_act(action, now),
            Mode::Form => return self.form_act(action, now),
            _ => {}
        }
        let columns = self.board_columns();
        let count = columns.as_ref().map_or(0, |(_, c)| c.len());
        match action {
            Action::ColumnLeft => {
                self.ui.board.column = self
                    .ui
                    .board
                    .column
                    .min(count.saturating_sub(1))
                    .saturating_sub(1);
                self.ui.board.row = 0;
            }
            Action::ColumnRight => {
                self.ui.board.column = (self.ui.board.column + 1).min(count.saturating_sub(1));
                self.ui.board.row = 0;
            }
            Action::AddNote => {
                let column = self.ui.board.column.min(count.saturating_sub(1));
                let capture = match self.ui.board.draft.take() {
                    Some(draft) if draft.editing.is_none() => Capture {
                        category: column,
                        ..draft
                    },
                    _ => Capture {
                        category: column,
                        sector: self.ui.board.sector.clone(),
                        ..Capture::default()
                    },
                };
                self.ui.board.capture = Some(capture);
            }
            Action::EditNote => {
                let Some(id) = self.selected_note() else { return };
                let Some(note) = self.state().boards.note(&id).cloned() else {
                    return;
                };
                let category = columns
                    .as_ref()
                    .and_then(|(_, c)| c.iter().position(|c| *c == note.category))
                    .unwrap_or(0);
                self.ui.board.capture = Some(Capture {
                    editing: Some(id),
                    category,
                    sector: note.sector.clone(),
                    fields: [
                        Field::new(&note.text),
                        Field::new(note.organisation.as_deref().unwrap_or("")),
                        Field::new(note.author.as_deref().unwrap_or("")),
                    ],
                    focus: 0,
                });
            }
            Action::DeleteNote => {
                if let Some(id) = self.selected_note()
                    && self.command(&Command::DeleteNote(id.clone()), now)
                {
                    self.say(format!("Deleted {id}. u brings it back."));
                    self.ui.board.row = self.ui.board.row.min(self.board_entries_len().saturating_sub(1));
                }
            }
            Action::MoveNote(step) => {
                let Some(id) = self.selected_note() else { return };
                let Some((_, categories)) = &columns else { return };
                let Some(note) = self.state().boards.note(&id) else {
                    return;
                };
                let here = categories.iter().position(|c| *c == note.category).unwrap_or(0);
                let to = here as i64 + step as i64;
                let Some(category) = usize::try_from(to).ok().and_then(|i| categories.get(i)).cloned() else {
                    return self.say("no column that way");
                };
                if self.command(
                    &Command::MoveNote {
                        note: id.clone(),
                        category,
                    },
                    now,
                ) {
                    self.select_note(&id);
                }
            }
            Action::Search => {
                let mut field = Field::new(self.ui.board.filter.as_deref().unwrap_or(""));
                field.end();
                self.open_form(Form {
                    kind: FormKind::Search,
                    title: "Search the notes".to_string(),
                    fields: vec![("Find", field)],
                    choice_label: "",
                    choices: Vec::new(),
                    choice: 0,
                    focus: 0,
                });
            }
            Action::ClearFilter => {
                self.ui.board.filter = None;
                self.ui.board.marked.clear();
            }
            Action::TogglePrivate => {
                let Some((board, _)) = columns else { return };
                let hidden = !self.state().boards.is_hidden(&board);
                if self.command(&Command::HideBoard { board, hidden }, now) {
                    self.say(if hidden {
                        "Hidden from the room: they see only how many notes. p reveals."
                    } else {
                        "Revealed to the room."
                    });
                }
            }
            Action::Mark => {
                let Some(id) = self.selected_note() else { return };
                let marked = &mut self.ui.board.marked;
                if let Some(at) = marked.iter().position(|m| *m == id) {
                    marked.remove(at);
                } else {
                    marked.push(id);
                }
            }
            Action::MakeCluster => {
                let mut notes = self.ui.board.marked.clone();
                if notes.is_empty() {
                    return self.say("mark notes with Space first, then c groups them");
                }
                // The selected note leads, so the cluster lands in the column you are in.
                if let Some((id, true)) = self.selected()
                    && let Some(at) = notes.iter().position(|n| *n == id)
                {
                    let lead = notes.remove(at);
                    notes.insert(0, lead);
                }
                self.open_form(Form {
                    kind: FormKind::Cluster { notes },
                    title: "Group the marked notes".to_string(),
                    fields: vec![("Title", Field::default())],
                    choice_label: "",
                    choices: Vec::new(),
                    choice: 0,
                    focus: 0,
                });
            }
            Action::Ungroup => {
                let Some((id, is_note)) = self.selected() else {
                    return;
                };
                let cluster = if is_note {
                    self.state().boards.note(&id).and_then(|n| n.cluster.clone())
                } else {
                    Some(id)
                };
                match cluster {
                    Some(c) => {
                        self.command(&Command::Ungroup(c), now);
                    }
                    None => self.say("this note is not in a cluster"),
                }
            }
            Action::Vote(delta) => {
                if let Some((id, _)) = self.selected() {
                    self.command(&Command::Vote { target: id, delta }, now);
                }
            }
            Action::SetVotes(votes) => {
                if let Some((id, _)) = self.selected() {
                    self.command(&Command::SetVotes { target: id, votes }, now);
                }
            }
            Action::SortByVotes => self.ui.board.by_votes = !self.ui.board.by_votes,
            Action::MakeActionOfNote => {
                let Some(id) = self.selected_note() else { return };
                let Some(note) = self.state().boards.note(&id).cloned() else {
                    return;
                };
                self.open_action_form(
                    Some(note.text.replace('\n', " ")),
                    note.organisation,
                    None,
                    Some(id),
                );
            }
            Action::OpenActions => {
                self.ui.list = 0;
                self.command(&Command::Show(Screen::Actions), now);
            }
            Action::OpenGroups => {
                let Some(activity) = current_activity(self.pack(), self.state()) else {
                    return self.say("groups belong to an activity; go to one first");
                };
                if activity.grouping.is_none() {
                    return self.say("this activity has no grouping rule ([grouping] in its file)");
                }
                let id = activity.id.clone();
                if self.state().boards.groups_for(&id).is_none() && !self.draw(id, now) {
                    return;
                }
                self.command(&Command::Show(Screen::Groups), now);
            }
            Action::Redraw => {
                if let Some(activity) = current_activity(self.pack(), self.state()) {
                    let id = activity.id.clone();
                    self.draw(id, now);
                }
            }
            Action::OpenPeople => {
                self.ui.list = 0;
                self.ui.overlay = Overlay::People;
            }
            Action::AddAttendee => {
                let choices = self.sector_choices();
                self.open_form(Form {
                    kind: FormKind::Attendee,
                    title: "Add someone".to_string(),
                    fields: vec![("Name", Field::default()), ("Organisation", Field::default())],
                    choice_label: "Sector",
                    choices,
                    choice: 0,
                    focus: 0,
                });
            }
            Action::AddTask => self.open_action_form(None, None, None, None),
            Action::WriteOutcomes => self.write_outcomes(now),
            Action::WriteElsewhere => {
                let name = match &self.source {
                    super::app::Source::Live(s) => {
                        s.dir.file_name().map(|n| n.to_string_lossy().into_owned())
                    }
                    _ => None,
                };
                let suggestion = dirs::home_dir()
                    .unwrap_or_default()
                    .join("convene-outcomes")
                    .join(name.unwrap_or_default());
                self.open_form(Form {
                    kind: FormKind::Export,
                    title: "Write the outcomes to another folder".to_string(),
                    fields: vec![("Folder", Field::new(&suggestion.display().to_string()))],
                    choice_label: "",
                    choices: Vec::new(),
                    choice: 0,
                    focus: 0,
                });
            }
            Action::EditTask => {
                let Some(action) = self.state().boards.actions.get(self.ui.list).cloned() else {
                    return self.say("no actions yet: a adds one");
                };
                let f = action.fields;
                let due = f.due.map(|d| d.format("%Y-%m-%d").to_string());
                self.open_action_form(Some(f.text), f.organisation, f.owner, None);
                if let Some(form) = &mut self.ui.form {
                    form.kind = FormKind::Action {
                        editing: Some(action.id.clone()),
                        source_note: None,
                    };
                    form.fields[3].1 = Field::new(due.as_deref().unwrap_or(""));
                    form.choice = [ActionStatus::Open, ActionStatus::InProgress, ActionStatus::Done]
                        .iter()
                        .position(|s| *s == f.status)
                        .unwrap_or(0);
                }
            }
            Action::CycleStatus => {
                let Some(action) = self.state().boards.actions.get(self.ui.list).cloned() else {
                    return;
                };
                let mut fields = action.fields;
                fields.status = fields.status.next();
                self.command(
                    &Command::EditAction {
                        action: action.id,
                        fields,
                    },
                    now,
                );
            }
            _ => {}
        }
    }

    /// Writes every format into the session folder and says where.
    pub(crate) fn write_outcomes(&mut self, now: DateTime<Utc>) {
        let super::app::Source::Live(session) = &self.source else {
            return;
        };
        match crate::export::write_outcomes(&session.pack, &session.state, &session.dir, now, self.offset) {
            Ok(paths) => {
                let names: Vec<String> = paths
                    .iter()
                    .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                    .collect();
                let message = format!("Wrote {} in {}", names.join(", "), session.dir.display());
                self.say(message);
            }
            Err(e) => self.ui.status = Some((format!("NOT WRITTEN: {e}"), Tone::Error)),
        }
    }

    /// Forms groups for an activity; the session picks and journals the seed.
    fn draw(&mut self, activity: String, now: DateTime<Utc>) -> bool {
        self.command(&Command::FormGroups { activity, seed: None }, now)
    }

    fn sector_choices(&self) -> Vec<(String, String)> {
        self.pack()
            .sectors
            .iter()
            .map(|s| (s.id.clone(), format!("{} ({})", s.name, s.label)))
            .collect()
    }

    fn open_form(&mut self, form: Form) {
        self.ui.form = Some(form);
        self.ui.overlay = Overlay::Form;
    }

    fn open_action_form(
        &mut self,
        text: Option<String>,
        organisation: Option<String>,
        owner: Option<String>,
        source_note: Option<String>,
    ) {
        self.open_form(Form {
            kind: FormKind::Action {
                editing: None,
                source_note,
            },
            title: "Action".to_string(),
            fields: vec![
                ("Action", Field::new(text.as_deref().unwrap_or(""))),
                ("Owner", Field::new(owner.as_deref().unwrap_or(""))),
                ("Organisation", Field::new(organisation.as_deref().unwrap_or(""))),
                ("Due", Field::default()),
            ],
            choice_label: "Status",
            choices: [ActionStatus::Open, ActionStatus::InProgress, ActionStatus::Done]
                .iter()
                .map(|s| (s.word().to_string(), s.word().to_string()))
                .collect(),
            choice: 0,
            focus: 0,
        });
    }

    /// Text typed or pasted: into the capture line or form, or (on a board) a new note.
    pub(crate) fn on_paste(&mut self, text: &str, now: DateTime<Utc>) -> bool {
        let changed = self.paste(text, now);
        self.sync_draft();
        changed
    }

    fn paste(&mut self, text: &str, now: DateTime<Utc>) -> bool {
        match self.mode() {
            Mode::Board => {
                self.board_act(Action::AddNote, now);
                self.paste(text, now)
            }
            Mode::Capture => {
                if let Some(c) = &mut self.ui.board.capture {
                    let single = c.focus != 0;
                    c.fields[c.focus].insert(&paste_text(text, single));
                }
                true
            }
            Mode::Form => {
                if let Some(form) = &mut self.ui.form
                    && let Some((_, field)) = form.fields.get_mut(form.focus)
                {
                    field.insert(&paste_text(text, true));
                }
                true
            }
            _ => false,
        }
    }

    fn capture_act(&mut self, action: Action, now: DateTime<Utc>) {
        let sectors: Vec<String> = self.pack().sectors.iter().map(|s| s.id.clone()).collect();
        let count = self.board_columns().map_or(1, |(_, c)| c.len().max(1));
        let Some(capture) = &mut self.ui.board.capture else {
            return;
        };
        if edit(&mut capture.fields[capture.focus], &action) {
            return;
        }
        match action {
            Action::NextField => capture.focus = (capture.focus + 1) % 3,
            Action::PreviousField => capture.focus = (capture.focus + 2) % 3,
            Action::NextCategory => capture.category = (capture.category + 1) % count,
            Action::PreviousCategory => capture.category = (capture.category + count - 1) % count,
            Action::NextSector | Action::PreviousSector => {
                // None, then each sector in turn.
                let at = capture
                    .sector
                    .as_ref()
                    .and_then(|s| sectors.iter().position(|x| x == s));
                let slots = sectors.len() + 1;
                let now_slot = at.map_or(0, |i| i + 1);
                let next = if action == Action::NextSector {
                    (now_slot + 1) % slots
                } else {
                    (now_slot + slots - 1) % slots
                };
                capture.sector = next.checked_sub(1).map(|i| sectors[i].clone());
            }
            Action::PickSector(n) => {
                capture.sector = (n as usize).checked_sub(1).and_then(|i| sectors.get(i)).cloned();
            }
            Action::Submit => self.save_capture(now),
            _ => {}
        }
    }

    fn save_capture(&mut self, now: DateTime<Utc>) {
        let Some((board, categories)) = self.board_columns() else {
            return;
        };
        let Some(capture) = self.ui.board.capture.clone() else {
            return;
        };
        let optional = |f: &Field| Some(f.text.trim().to_string()).filter(|t| !t.is_empty());
        let fields = NoteFields {
            board,
            category: categories.get(capture.category).cloned().unwrap_or_default(),
            text: capture.fields[0].text.clone(),
            sector: capture.sector.clone(),
            organisation: optional(&capture.fields[1]),
            author: optional(&capture.fields[2]),
        };
        let before = self.state().boards.notes.len();
        let command = match &capture.editing {
            Some(note) => Command::EditNote {
                note: note.clone(),
                fields,
            },
            None => Command::AddNote(fields),
        };
        if !self.command(&command, now) {
            return;
        }
        self.ui.board.sector = capture.sector.clone();
        self.ui.board.column = capture.category;
        match capture.editing {
            Some(note) => {
                self.ui.board.capture = None;
                self.select_note(&note);
            }
            None => {
                // Ready for the next note: same column and sector, empty fields.
                if let Some(c) = &mut self.ui.board.capture {
                    c.fields = Default::default();
                    c.focus = 0;
                }
                if let Some(note) = self.state().boards.notes.get(before).map(|n| n.id.clone()) {
                    self.select_note(&note);
                }
            }
        }
    }

    fn form_act(&mut self, action: Action, now: DateTime<Utc>) {
        let Some(form) = &mut self.ui.form else { return };
        let on_choice = form.focus >= form.fields.len();
        let slots = form.fields.len() + usize::from(!form.choices.is_empty());
        match action {
            Action::NextField => form.focus = (form.focus + 1) % slots,
            Action::PreviousField => form.focus = (form.focus + slots - 1) % slots,
            Action::Left if on_choice => {
                form.choice = (form.choice + form.choices.len() - 1) % form.choices.len().max(1)
            }
            Action::Right if on_choice => form.choice = (form.choice + 1) % form.choices.len().max(1),
            Action::Type(' ') if on_choice => form.choice = (form.choice + 1) % form.choices.len().max(1),
            Action::Submit => self.submit_form(now),
            _ if on_choice => {}
            other => {
                edit(&mut form.fields[form.focus].1, &other);
            }
        }
    }

    fn submit_form(&mut self, now: DateTime<Utc>) {
        let Some(form) = self.ui.form.clone() else { return };
        let text = |i: usize| {
            form.fields
                .get(i)
                .map_or(String::new(), |f| f.1.text.trim().to_string())
        };
        let optional = |i: usize| Some(text(i)).filter(|t| !t.is_empty());
        let done = match &form.kind {
            FormKind::Export => {
                let folder = expand_home(&text(0));
                let super::app::Source::Live(session) = &self.source else {
                    return;
                };
                match crate::export::write_outcomes_to(
                    &session.pack,
                    &session.state,
                    &session.dir,
                    &folder,
                    now,
                    self.offset,
                ) {
                    Ok(paths) => {
                        self.say(format!("Wrote {} files in {}", paths.len(), folder.display()));
                        true
                    }
                    Err(e) => {
                        self.ui.status = Some((format!("NOT WRITTEN: {e}"), Tone::Error));
                        false
                    }
                }
            }
            FormKind::Search => {
                self.ui.board.filter = optional(0);
                self.ui.board.row = 0;
                true
            }
            FormKind::Cluster { notes } => {
                let ok = self.command(
                    &Command::Cluster {
                        notes: notes.clone(),
                        title: text(0),
                    },
                    now,
                );
                if ok {
                    self.ui.board.marked.clear();
                    if let Some(first) = notes.first() {
                        self.select_note(first);
                    }
                }
                ok
            }
            FormKind::Attendee => {
                let sector = form
                    .choices
                    .get(form.choice)
                    .map(|c| c.0.clone())
                    .unwrap_or_default();
                self.command(
                    &Command::AddAttendee {
                        name: text(0),
                        organisation: text(1),
                        sector,
                    },
                    now,
                )
            }
            FormKind::Action { editing, source_note } => {
                let today = now.with_timezone(&self.offset).date_naive();
                let due = match optional(3) {
                    None => None,
                    Some(words) => match parse_due(&words, today) {
                        Ok(date) => Some(date),
                        Err(e) => {
                            self.ui.status = Some((format!("Due: {e}"), Tone::Info));
                            return;
                        }
                    },
                };
                let mut owner = optional(1);
                let mut organisation = optional(2);
                // An owner who is an attendee brings their organisation along.
                if let Some(name) = &owner {
                    let wanted = name.to_lowercase();
                    let found: Vec<_> = self
                        .state()
                        .boards
                        .attendees
                        .iter()
                        .filter(|a| a.name.to_lowercase().starts_with(&wanted))
                        .collect();
                    if let [one] = found.as_slice() {
                        owner = Some(one.name.clone());
                        if organisation.is_none() && !one.organisation.is_empty() {
                            organisation = Some(one.organisation.clone());
                        }
                    }
                }
                let status = [ActionStatus::Open, ActionStatus::InProgress, ActionStatus::Done]
                    .get(form.choice)
                    .copied()
                    .unwrap_or_default();
                let fields = ActionFields {
                    text: text(0),
                    owner,
                    organisation,
                    due,
                    status,
                };
                let command = match editing {
                    Some(action) => Command::EditAction {
                        action: action.clone(),
                        fields,
                    },
                    None => Command::AddAction {
                        fields,
                        source_note: source_note.clone(),
                    },
                };
                let ok = self.command(&command, now);
                if ok && editing.is_none() {
                    self.say(format!(
                        "Action added. ! lists them all (try due dates like {EXAMPLES})."
                    ));
                }
                ok
            }
        };
        if done {
            self.ui.form = None;
            self.ui.overlay = Overlay::None;
        }
    }
}

/// Applies a typing key to a field; false if the key is not about typing.
fn edit(field: &mut Field, action: &Action) -> bool {
    match action {
        Action::Type(ch) => field.insert(&ch.to_string()),
        Action::Backspace => field.backspace(),
        Action::DeleteChar => field.delete(),
        Action::DeleteWord => field.delete_word(),
        Action::ClearField => field.clear(),
        Action::Left => field.left(),
        Action::Right => field.right(),
        Action::Home => field.home(),
        Action::End => field.end(),
        _ => return false,
    }
    true
}

/// `~/x` is the home folder's `x`.
fn expand_home(path: &str) -> std::path::PathBuf {
    match path.strip_prefix("~/") {
        Some(rest) => dirs::home_dir().unwrap_or_default().join(rest),
        None => std::path::PathBuf::from(path),
    }
}

/// Pasted text for a field, cleaned on the way in (a pasted escape sequence must never
/// reach the screen); single-line fields get one line.
fn paste_text(text: &str, single_line: bool) -> String {
    if single_line {
        crate::session::text::clean_line(text)
    } else {
        crate::session::text::clean_note(text)
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use crate::tui::testing::{Rig, at};

    fn on_board() -> Rig {
        let mut rig = Rig::new();
        let pack = rig.app.pack();
        let pages = pack.pages(pack.programme.position("ideas").unwrap()).len();
        rig.go_to("ideas", pages - 1, 0);
        rig
    }

    fn key(rig: &mut Rig, code: KeyCode, modifiers: KeyModifiers) {
        rig.app.on_key(&KeyEvent::new(code, modifiers), at(3));
    }

    fn typed(rig: &mut Rig, text: &str) {
        for ch in text.chars() {
            key(rig, KeyCode::Char(ch), KeyModifiers::NONE);
        }
    }

    #[test]
    fn capture_by_keys_remembers_column_and_sector_and_keeps_drafts() {
        let mut rig = on_board();
        let none = KeyModifiers::NONE;
        typed(&mut rig, "a"); // opens the capture line in the first column
        typed(&mut rig, "Books for ward trolleys 2027");
        key(&mut rig, KeyCode::Char('2'), KeyModifiers::ALT); // sector 2: public library
        key(&mut rig, KeyCode::Enter, none);
        // Still open, same column and sector: the next note goes straight in.
        typed(&mut rig, "Local history for reminiscence");
        key(&mut rig, KeyCode::Tab, none); // next column: skills
        key(&mut rig, KeyCode::F(2), none);
        typed(&mut rig, "Birkenhead Library");
        key(&mut rig, KeyCode::Enter, none);
        // Esc keeps what was typed as a draft; a brings it back.
        typed(&mut rig, "Half a thought");
        key(&mut rig, KeyCode::Esc, none);
        assert!(rig.app.ui.board.capture.is_none());
        typed(&mut rig, "a");
        assert_eq!(
            rig.app.ui.board.capture.as_ref().unwrap().fields[0].text,
            "Half a thought"
        );
        key(&mut rig, KeyCode::Esc, none);

        let notes = &rig.app.state().boards.notes;
        assert_eq!(notes.len(), 2);
        assert_eq!(
            (notes[0].category.as_str(), notes[0].text.as_str()),
            ("resources", "Books for ward trolleys 2027")
        );
        assert_eq!(notes[0].sector.as_deref(), Some("public-library"));
        assert_eq!(notes[1].category, "skills");
        assert_eq!(
            notes[1].sector.as_deref(),
            Some("public-library"),
            "the sector is remembered"
        );
        assert_eq!(notes[1].organisation.as_deref(), Some("Birkenhead Library"));
    }

    #[test]
    fn votes_delete_and_undo_by_keys() {
        let mut rig = on_board();
        typed(&mut rig, "a");
        typed(&mut rig, "One idea");
        key(&mut rig, KeyCode::Enter, KeyModifiers::NONE);
        key(&mut rig, KeyCode::Esc, KeyModifiers::NONE);
        typed(&mut rig, "++3-");
        assert_eq!(rig.app.state().boards.notes[0].votes, 2);
        typed(&mut rig, "d");
        assert!(rig.app.state().boards.notes[0].deleted);
        typed(&mut rig, "u");
        assert!(!rig.app.state().boards.notes[0].deleted);
    }

    #[test]
    fn a_paste_on_the_board_opens_a_note_with_it() {
        let mut rig = on_board();
        rig.app.on_paste("First line\r\nsecond line", at(3));
        key(&mut rig, KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(rig.app.state().boards.notes[0].text, "First line\nsecond line");
    }
}
