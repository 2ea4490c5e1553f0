//! The board's keys: choosing a column and a note, and what can be done to the note chosen
//! (edit, delete, move, vote, cluster, turn into an action). Every change is a session
//! command, journaled before it is shown; the selection is the screen's own.

use chrono::{DateTime, Utc};
use crossterm::event::KeyCode;

use crate::session::Command;

use super::app::{App, BoardUi};
use super::board::{Entry, column_entries, columns};
use super::capture::Capture;
use super::field::Field;
use super::form::Form;
use super::keys::{HELP, Intent, Key, Keymap, bind, c, ctrl, k};

#[rustfmt::skip]
pub(crate) const KEYS: Keymap = &[&[
    bind(&[c('a')], "a", "add a note in this column", Intent::AddNote),
    bind(&[k(KeyCode::Left), c('h')], "← → h l", "choose a column", Intent::ColumnLeft),
    bind(&[k(KeyCode::Right), c('l')], "", "", Intent::ColumnRight),
    bind(&[k(KeyCode::Up), c('k')], "↑ ↓ j k", "choose a note", Intent::CursorUp),
    bind(&[k(KeyCode::Down), c('j')], "", "", Intent::CursorDown),
    bind(&[c('e'), k(KeyCode::Enter)], "e d u", "edit / delete / undo the last delete", Intent::EditNote),
    bind(&[c('d'), k(KeyCode::Delete)], "", "", Intent::DeleteNote),
    bind(&[c('u')], "", "", Intent::Do(Command::Undo)),
    bind(&[c('<'), c(',')], "< >", "move the note to the next column", Intent::MoveNote(-1)),
    bind(&[c('>')], "", "", Intent::MoveNote(1)),
    bind(&[c('+'), c('=')], "+ - 0-9", "votes: one more, one fewer, or the count", Intent::Vote(1)),
    bind(&[c('-'), c('_')], "", "", Intent::Vote(-1)),
    bind(&[Key::Digit], "", "", Intent::SetVotes(0)),
    bind(&[c('s')], "s", "sort by votes / by time", Intent::SortByVotes),
    bind(&[c(' ')], "Space", "mark the note for a cluster", Intent::Mark),
    bind(&[c('c')], "c", "group the marked notes under a title", Intent::MakeCluster),
    bind(&[c('C')], "C", "ungroup the cluster", Intent::Ungroup),
    bind(&[c('/')], "/", "search the notes (Esc shows all)", Intent::Search),
    bind(&[k(KeyCode::Esc)], "", "", Intent::ClearFilter),
    bind(&[c('p')], "p", "private writing: hide from the room / reveal", Intent::TogglePrivate),
    bind(&[c('A')], "A", "turn the note into an action", Intent::MakeActionOfNote),
    bind(&[c('!')], "! G P", "actions / random groups / attendees", Intent::OpenActions),
    bind(&[c('G')], "", "", Intent::OpenGroups),
    bind(&[c('P')], "", "", Intent::OpenPeople),
    bind(&[k(KeyCode::PageDown)], "PgDn PgUp", "next / previous page", Intent::Do(Command::Next)),
    bind(&[k(KeyCode::PageUp)], "", "", Intent::Do(Command::Previous)),
    bind(&[c('t')], "t", "start, pause or resume the timer", Intent::Do(Command::ToggleTimer)),
    bind(&[c('g')], "g", "the programme", Intent::OpenProgramme),
    bind(&[c('b'), c('.')], "b .", "blank the screen (any key: back)", Intent::Do(Command::Blank(true))),
    bind(&[c('w')], "w W", "write the outcomes (W: elsewhere)", Intent::WriteOutcomes),
    bind(&[c('W')], "", "", Intent::WriteElsewhere),
    HELP,
    bind(&[c('q')], "q Ctrl+C", "quit (asks first) / at once; all is saved", Intent::AskQuit),
    bind(&[ctrl('c')], "", "", Intent::Quit),
]];

impl App {
    /// The board's columns as (board id, category ids).
    pub(crate) fn board_columns(&self) -> Option<(String, Vec<String>)> {
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

    /// The id of the selected note or cluster, for the room to mark.
    pub(crate) fn board_selected_id(&self) -> Option<String> {
        self.selected().map(|(id, _)| id)
    }

    /// Puts the selection on an entry of the focused column, by id; where it is not (yet)
    /// there, the selection stays.
    pub(crate) fn select_entry(&mut self, id: &str) {
        if let Some(row) = self.entry_row(self.ui.board.column, id) {
            self.ui.board.row = row;
        }
    }

    /// Where an entry is in a column, by id.
    fn entry_row(&self, column: usize, id: &str) -> Option<usize> {
        let (board, categories) = self.board_columns()?;
        let entries = column_entries(self.state(), &board, categories.get(column)?, &self.ui.board);
        entries.iter().position(|e| e.id() == id)
    }

    /// On arriving in a column, the selection starts at the first note shown there, so the
    /// view stays where it was.
    fn enter_column(&mut self, column: usize) {
        self.ui.board.column = column;
        let top = self.ui.board.scroll.borrow().tops.get(column).cloned().flatten();
        self.ui.board.row = top.and_then(|id| self.entry_row(column, &id)).unwrap_or(0);
    }

    /// Puts the selection on a note after it moved or appeared.
    pub(crate) fn select_note(&mut self, id: &str) {
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

    /// On arriving at another board, the selection, marks and search start afresh; the
    /// sector and any draft carry over.
    pub(crate) fn settle_board(&mut self) {
        let current = self
            .board_page()
            .map(|a| crate::session::board_commands::board_of(a).to_string());
        if current.is_none() || current == self.ui.board.current {
            return;
        }
        let board = &mut self.ui.board;
        *board = BoardUi {
            sector: board.sector.take(),
            draft: board.draft.take(),
            capture: board.capture.take(),
            current,
            ..BoardUi::default()
        };
    }

    /// Opens the capture line in the selected column, with the draft if one was kept.
    pub(crate) fn open_capture(&mut self) {
        let count = self.board_columns().map_or(0, |(_, c)| c.len());
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
}

/// The board's own keys. Others pass on.
pub(crate) fn act(app: &mut App, intent: Intent, now: DateTime<Utc>) -> Option<Intent> {
    let columns = app.board_columns();
    let count = columns.as_ref().map_or(0, |(_, c)| c.len());
    let board = &mut app.ui.board;
    match intent {
        Intent::ColumnLeft => {
            let column = board.column.min(count.saturating_sub(1)).saturating_sub(1);
            app.enter_column(column);
        }
        Intent::ColumnRight => {
            let column = (board.column + 1).min(count.saturating_sub(1));
            app.enter_column(column);
        }
        Intent::CursorUp => board.row = board.row.saturating_sub(1),
        Intent::ClearFilter => {
            board.filter = None;
            board.marked.clear();
        }
        Intent::SortByVotes => board.by_votes = !board.by_votes,
        Intent::CursorDown => {
            let len = app.board_entries_len();
            app.ui.board.row = (app.ui.board.row + 1).min(len.saturating_sub(1));
        }
        Intent::AddNote => app.open_capture(),
        Intent::EditNote => {
            let id = app.selected_note()?;
            let note = app.state().boards.note(&id).cloned()?;
            let category = columns
                .as_ref()
                .and_then(|(_, c)| c.iter().position(|c| *c == note.category))
                .unwrap_or(0);
            app.ui.board.capture = Some(Capture {
                editing: Some(id),
                category,
                sector: note.sector.clone(),
                note: Field::new(&note.text),
                from: Field::new(note.organisation.as_deref().unwrap_or("")),
                author: Field::new(note.author.as_deref().unwrap_or("")),
                ..Capture::default()
            });
        }
        Intent::DeleteNote => {
            let id = app.selected_note()?;
            if app.command(&Command::DeleteNote(id.clone()), now) {
                app.say(format!("Deleted {id}. u brings it back."));
                app.ui.board.row = app.ui.board.row.min(app.board_entries_len().saturating_sub(1));
            }
        }
        Intent::MoveNote(step) => {
            let id = app.selected_note()?;
            let (_, categories) = columns?;
            let note = app.state().boards.note(&id)?;
            let here = categories.iter().position(|c| *c == note.category).unwrap_or(0);
            let to = here as i64 + step as i64;
            let Some(category) = usize::try_from(to).ok().and_then(|i| categories.get(i)).cloned() else {
                app.say("no column that way");
                return None;
            };
            let command = Command::MoveNote {
                note: id.clone(),
                category,
            };
            if app.command(&command, now) {
                app.select_note(&id);
            }
        }
        Intent::Search => {
            let form = Form::search(app.ui.board.filter.as_deref());
            app.open_form(form);
        }
        Intent::TogglePrivate => {
            let (board, _) = columns?;
            let hidden = !app.state().boards.is_hidden(&board);
            if app.command(&Command::HideBoard { board, hidden }, now) {
                app.say(if hidden {
                    "Hidden: the room sees only how many notes. p reveals."
                } else {
                    "Revealed to the room."
                });
            }
        }
        Intent::Mark => {
            let id = app.selected_note()?;
            let marked = &mut app.ui.board.marked;
            match marked.iter().position(|m| *m == id) {
                Some(at) => {
                    marked.remove(at);
                }
                None => marked.push(id),
            }
        }
        Intent::MakeCluster => {
            let mut notes = app.ui.board.marked.clone();
            if notes.is_empty() {
                app.say("mark notes with Space first, then c groups them");
                return None;
            }
            // The selected note leads, so the cluster lands in the column you are in.
            if let Some((id, true)) = app.selected()
                && let Some(at) = notes.iter().position(|n| *n == id)
            {
                let lead = notes.remove(at);
                notes.insert(0, lead);
            }
            app.open_form(Form::cluster(notes));
        }
        Intent::Ungroup => {
            let (id, is_note) = app.selected()?;
            let cluster = if is_note {
                app.state().boards.note(&id).and_then(|n| n.cluster.clone())
            } else {
                Some(id)
            };
            match cluster {
                Some(c) => {
                    app.command(&Command::Ungroup(c), now);
                }
                None => app.say("this note is not in a cluster"),
            }
        }
        Intent::Vote(delta) => {
            let (target, _) = app.selected()?;
            app.command(&Command::Vote { target, delta }, now);
        }
        Intent::SetVotes(votes) => {
            let (target, _) = app.selected()?;
            app.command(&Command::SetVotes { target, votes }, now);
        }
        Intent::MakeActionOfNote => {
            let id = app.selected_note()?;
            let note = app.state().boards.note(&id).cloned()?;
            app.open_form(Form::action_of_note(&note));
        }
        other => return Some(other),
    }
    None
}

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyCode, KeyModifiers};

    use crate::tui::testing::{key, on_board, typed};

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
}
