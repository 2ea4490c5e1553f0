//! The board's keys: choosing a column and a note, and what can be done to the note chosen
//! (edit, delete, move, vote, cluster, turn into an action). Every change is a session
//! command, journaled before it is shown; the selection is the screen's own.

use chrono::{DateTime, Utc};
use crossterm::event::KeyCode;

use crate::session::Command;

use super::app::{App, BoardUi};
use super::board::{Entry, column_entries, columns};
use super::capture::Capture;
use super::capture::Slot;
use super::field::Field;
use super::form::Form;
use super::keys::{Intent, Key, Keymap, bind, c, ctrl, k, shift};

/// Every printable key starts (or carries on) a note, so a sentence typed with the note line
/// closed becomes a note; every board action takes a key no sentence has: arrows, Enter,
/// Del, PgDn/PgUp, Esc, Ctrl or Shift with a key, F1. Two keys keep their everyday meaning
/// (the documented contract): `a` opens an empty note line (a sentence that starts "a ..."
/// still arrives whole: a space straight after it puts the "a " back) and `?` shows help;
/// neither moves the programme, the timer or the room's screen.
#[rustfmt::skip]
pub(crate) const KEYS: Keymap = &[&[
    bind(&[c('a'), ctrl('a')], "a Ctrl+A", "add a note in this column (the draft if one was kept)", Intent::AddNote),
    bind(&[c('?')], "? F1", "this help", Intent::Type('?')),
    bind(&[k(KeyCode::F(1))], "", "", Intent::Help),
    bind(&[c('q')], "q Ctrl+C", "quit (asks first) / at once; all is saved", Intent::Type('q')),
    bind(&[Key::Text], "letters", "any other letter, digit, sign or Space starts a note with it", Intent::Type(' ')),
    bind(&[k(KeyCode::Left)], "← → ↑ ↓", "choose a column, choose a note", Intent::ColumnLeft),
    bind(&[k(KeyCode::Right)], "", "", Intent::ColumnRight),
    bind(&[k(KeyCode::Up)], "", "", Intent::CursorUp),
    bind(&[k(KeyCode::Down)], "", "", Intent::CursorDown),
    bind(&[k(KeyCode::Enter)], "Enter Del", "edit / delete (take down) the note; Ctrl+D deletes too", Intent::EditNote),
    bind(&[k(KeyCode::Delete), ctrl('d')], "", "", Intent::DeleteNote),
    bind(&[ctrl('z')], "Ctrl+Z", "undo the last delete", Intent::Do(Command::Undo)),
    bind(&[shift(KeyCode::Left)], "Shift+← →", "move the note to the next column", Intent::MoveNote(-1)),
    bind(&[shift(KeyCode::Right)], "", "", Intent::MoveNote(1)),
    bind(&[shift(KeyCode::Up)], "Shift+↑ ↓", "one vote more / fewer; Alt+0-9: exactly that many", Intent::Vote(1)),
    bind(&[shift(KeyCode::Down)], "", "", Intent::Vote(-1)),
    bind(&[Key::AltDigit], "", "", Intent::SetVotes(0)),
    bind(&[ctrl('s')], "Ctrl+S", "sort by votes / by time", Intent::SortByVotes),
    bind(&[ctrl(' ')], "Ctrl+Space K U", "mark notes, group them under a title / ungroup", Intent::Mark),
    bind(&[ctrl('k')], "", "", Intent::MakeCluster),
    bind(&[ctrl('u')], "", "", Intent::Ungroup),
    bind(&[ctrl('f')], "Ctrl+F Esc", "search the notes / show all", Intent::Search),
    bind(&[k(KeyCode::Esc)], "", "", Intent::ClearFilter),
    bind(&[ctrl('p')], "Ctrl+P", "private writing: hide from the room / reveal", Intent::TogglePrivate),
    bind(&[ctrl('o')], "Ctrl+O", "turn the note into an action", Intent::MakeActionOfNote),
    bind(&[ctrl('v')], "Ctrl+V", "results: the board ranked by votes (the room sees them)", Intent::OpenResults),
    bind(&[ctrl('l')], "Ctrl+L R E", "actions / random groups / attendees", Intent::OpenActions),
    bind(&[ctrl('r')], "", "", Intent::OpenGroups),
    bind(&[ctrl('e')], "", "", Intent::OpenPeople),
    bind(&[ctrl('y')], "Ctrl+Y", "the prioritisation grid (an activity with a [grid])", Intent::OpenGrid),
    super::keys::ROOM,
    bind(&[ctrl('n')], "Ctrl+N", "speaker notes; Ctrl+↓ ↑ scroll them", Intent::ToggleNotes),
    bind(&[Key::Press { code: KeyCode::Down, ctrl: true }], "", "", Intent::ScrollNotes(1)),
    bind(&[Key::Press { code: KeyCode::Up, ctrl: true }], "", "", Intent::ScrollNotes(-1)),
    bind(&[k(KeyCode::PageDown)], "PgDn PgUp", "next / previous page", Intent::Do(Command::Next)),
    bind(&[k(KeyCode::PageUp)], "", "", Intent::Do(Command::Previous)),
    bind(&[ctrl('t')], "Ctrl+T", "start, pause or resume the timer", Intent::Do(Command::ToggleTimer)),
    bind(&[ctrl('g')], "Ctrl+G", "the programme", Intent::OpenProgramme),
    bind(&[ctrl('b')], "Ctrl+B", "blank the screen (any key: back)", Intent::Do(Command::Blank(true))),
    bind(&[ctrl('w')], "Ctrl+W X", "write the outcomes (Ctrl+X: elsewhere)", Intent::WriteOutcomes),
    bind(&[ctrl('x')], "", "", Intent::WriteElsewhere),
    bind(&[ctrl('q')], "", "", Intent::AskQuit),
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
                self.say("no note here yet: type to add one");
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
        let mut sectors = std::mem::take(&mut board.sectors);
        match (&board.current, board.sector.take()) {
            (Some(left), Some(sector)) => sectors.insert(left.clone(), sector),
            (Some(left), None) => sectors.remove(left),
            _ => None,
        };
        let sector = current.as_ref().and_then(|b| sectors.get(b)).cloned();
        *board = BoardUi {
            sector,
            sectors,
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

    /// A key typed with the note line closed: the line opens (with the draft, if one was
    /// kept) and the key goes in at the end of the note. So a sentence typed on the board
    /// becomes a note whatever its first letter, and a kept draft is carried on, not lost.
    pub(crate) fn start_typing(&mut self, ch: char) {
        self.open_capture();
        let Some(capture) = self.ui.board.capture.as_mut() else {
            return;
        };
        capture.focus = Slot::Note;
        let note = &mut capture.note;
        note.end();
        // A draft carried on gets a space before the new words; a note never starts with one.
        let after_words = !note.text.is_empty() && !note.text.ends_with(char::is_whitespace);
        if after_words && !ch.is_whitespace() {
            note.insert(" ");
        }
        if after_words || !ch.is_whitespace() {
            note.insert(&ch.to_string());
        }
    }
}

/// The board's own keys. Others pass on.
pub(crate) fn act(app: &mut App, intent: Intent, now: DateTime<Utc>) -> Option<Intent> {
    let columns = app.board_columns();
    let count = columns.as_ref().map_or(0, |(_, c)| c.len());
    let board = &mut app.ui.board;
    match intent {
        // `?` and `q` keep their everyday meaning; if typing follows, the overlay they open
        // closes and the key goes into the note with what follows ("quick wins").
        Intent::Type(first @ ('?' | 'q')) => {
            let asked = if first == '?' {
                Intent::Help
            } else {
                Intent::AskQuit
            };
            app.act_shared(asked, now);
            app.ui.carried = Some(first);
        }
        Intent::Type(ch) => app.start_typing(ch),
        Intent::ScrollNotes(_) if app.ui.notes => return super::notes::act(app, intent),
        Intent::ScrollNotes(_) => app.say("Ctrl+N opens the speaker notes"),
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
        Intent::AddNote => {
            app.open_capture();
            if let Some(capture) = app.ui.board.capture.as_mut() {
                capture.after_a = true;
            }
        }
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
            let text = app
                .state()
                .boards
                .note(&id)
                .map(|n| n.text.clone())
                .unwrap_or_default();
            if app.command(&Command::DeleteNote(id.clone()), now) {
                // The note's own words, not its id: the room knows notes by what they say.
                let words = crate::width::ellipsis(&text.replace('\n', " "), 24);
                app.say(format!("Deleted \"{words}\" (Ctrl+Z brings it back)"));
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
                    "Hidden: the room sees only how many notes. Ctrl+P reveals."
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
                app.say("mark notes with Ctrl+Space first, then Ctrl+K groups them");
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

    use crate::session::Command;
    use crate::session::timer::TimerStatus;
    use crate::session::{current_activity, timer_view};
    use crate::tui::keys::Intent;
    use crate::tui::testing::{Rig, at, key, on_board, typed};

    const NONE: KeyModifiers = KeyModifiers::NONE;

    fn ctrl(rig: &mut Rig, ch: char) {
        key(rig, KeyCode::Char(ch), KeyModifiers::CONTROL);
    }

    #[test]
    fn votes_delete_and_undo_by_keys() {
        let mut rig = on_board();
        typed(&mut rig, "One idea");
        key(&mut rig, KeyCode::Enter, NONE);
        key(&mut rig, KeyCode::Esc, NONE);
        key(&mut rig, KeyCode::Up, KeyModifiers::SHIFT);
        key(&mut rig, KeyCode::Up, KeyModifiers::SHIFT);
        key(&mut rig, KeyCode::Char('3'), KeyModifiers::ALT);
        key(&mut rig, KeyCode::Down, KeyModifiers::SHIFT);
        assert_eq!(rig.app.state().boards.notes[0].votes, 2);
        key(&mut rig, KeyCode::Right, KeyModifiers::SHIFT);
        assert_eq!(
            rig.app.state().boards.notes[0].category,
            "events",
            "Shift+→ moves it"
        );
        key(&mut rig, KeyCode::Delete, NONE);
        assert!(rig.app.state().boards.notes[0].deleted);
        ctrl(&mut rig, 'z');
        assert!(!rig.app.state().boards.notes[0].deleted);
        assert!(rig.app.ui.board.capture.is_none(), "no key opened the note line");
    }

    /// What the room sees, the programme and the timer, as facts to compare.
    fn room(rig: &Rig) -> (usize, usize, usize, bool, Option<TimerStatus>, usize) {
        let state = rig.app.state();
        let p = &state.position;
        let timer = current_activity(rig.app.pack(), state)
            .map(|a| timer_view(rig.app.pack(), state, a, at(3)).status);
        let live = state.boards.notes.iter().filter(|n| !n.deleted).count();
        (p.item, p.slide, p.step, state.blank, timer, live)
    }

    /// The trial's burst: a sentence typed with the note line closed, a timer running, a
    /// note selected, with and without a draft kept. Every letter goes into one new note
    /// and nothing else changes: the same page, the timer still running, the screen not
    /// blank, no vote, no delete, no move.
    #[test]
    fn a_sentence_typed_on_the_board_is_one_note_and_nothing_else() {
        const SENTENCE: &str = "great idea, then book the room for next week";
        // Sentences starting with each old board key, and with signs and digits.
        let others = [
            "add the a-z list",
            "a joint stall",
            "ask the GPs",
            "an idea, Quickly",
            "delete nothing",
            "undo? no",
            "quit smoking service",
            "?why not",
            "+1 from the NHS",
            "-- a dash",
            " space first",
            "3 libraries, 2 trusts",
            "/search words",
            "!important",
            "<less> and >more<",
            ".NET skills",
            "Big Book Club",
            "Can we? Got Permission, Write And Share",
        ];
        for text in std::iter::once(SENTENCE).chain(others) {
            for draft in [false, true] {
                let mut rig = on_board();
                rig.act(Intent::Do(Command::ToggleTimer), 3);
                typed(&mut rig, "First");
                key(&mut rig, KeyCode::Enter, NONE);
                if draft {
                    typed(&mut rig, "Kept");
                }
                key(&mut rig, KeyCode::Esc, NONE);
                let before = room(&rig);
                let notes = rig.app.state().boards.notes.clone();
                assert_eq!(before.4, Some(TimerStatus::Running));

                typed(&mut rig, text);
                key(&mut rig, KeyCode::Enter, NONE);

                let after = room(&rig);
                assert_eq!(
                    (after.0, after.1, after.2, after.3, after.4),
                    (before.0, before.1, before.2, before.3, before.4),
                    "{text:?}: page, blank and timer unchanged"
                );
                let now = &rig.app.state().boards.notes;
                assert_eq!(now.len(), notes.len() + 1, "{text:?}: one new note");
                assert_eq!(&now[..notes.len()], &notes[..], "{text:?}: the others untouched");
                let want = if draft {
                    format!("Kept {}", text.trim_start())
                } else {
                    text.trim_start().to_string()
                };
                assert_eq!(now[notes.len()].text, want, "{text:?}");
                assert_eq!(now[notes.len()].votes, 0);
            }
        }
    }

    /// The keys that change what the room sees still work with Ctrl, and the speaker notes
    /// open, scroll and close on a board.
    #[test]
    fn room_keys_take_ctrl_on_a_board() {
        let mut rig = on_board();
        ctrl(&mut rig, 't');
        let running = room(&rig).4;
        assert_eq!(running, Some(TimerStatus::Running));
        ctrl(&mut rig, 'b');
        assert!(rig.app.state().blank);
        typed(&mut rig, "x");
        assert!(!rig.app.state().blank);
        ctrl(&mut rig, 'n');
        assert!(rig.app.ui.notes, "Ctrl+N opens the speaker notes");
        ctrl(&mut rig, 'n');
        assert!(!rig.app.ui.notes, "and closes them");
        ctrl(&mut rig, 'g');
        assert_eq!(rig.app.mode(), crate::tui::keys::Mode::Programme);
    }

    #[test]
    fn speaker_notes_scroll_and_close_on_a_board() {
        let mut rig = on_board();
        ctrl(&mut rig, 'n');
        // The smallest window: the board's notes do not fit the panel.
        let size = (60, 18);
        let top = rig.screen(size, 3);
        assert!(top.contains("more lines (Ctrl+↓)"), "{top}");
        key(&mut rig, KeyCode::Down, KeyModifiers::CONTROL);
        let scrolled = rig.screen(size, 3);
        assert!(scrolled.contains("above (Ctrl+↑)"), "{scrolled}");
        key(&mut rig, KeyCode::Up, KeyModifiers::CONTROL);
        assert_eq!(rig.screen(size, 3), top);
        ctrl(&mut rig, 'n');
        assert!(!rig.screen(size, 3).contains("SPEAKER NOTES"));
        // Help on the board lists them.
        key(&mut rig, KeyCode::F(1), NONE);
        let help = rig.screen((80, 24), 3);
        assert!(help.contains("speaker notes; Ctrl+↓ ↑ scroll them"), "{help}");
        assert!(!help.contains("make the window taller"), "{help}");
    }

    /// The documented keys: `a` opens an empty note line, and what is typed after it is the
    /// note; `?` is help and `q` asks to quit, as on every screen.
    #[test]
    fn a_opens_the_note_line_and_q_and_question_mark_keep_their_meaning() {
        let mut rig = on_board();
        key(&mut rig, KeyCode::Char('a'), NONE);
        assert_eq!(rig.app.ui.board.capture.as_ref().unwrap().note.text, "");
        typed(&mut rig, "Shared leaflets");
        key(&mut rig, KeyCode::Enter, NONE);
        assert_eq!(
            rig.app.state().boards.notes.last().unwrap().text,
            "Shared leaflets"
        );
        // The line stays open for the next note until Esc.
        key(&mut rig, KeyCode::Esc, NONE);
        key(&mut rig, KeyCode::Char('?'), NONE);
        assert_eq!(rig.app.ui.overlay, crate::tui::app::Overlay::Help);
        key(&mut rig, KeyCode::Esc, NONE);
        assert_eq!(rig.app.ui.overlay, crate::tui::app::Overlay::None);
        assert!(rig.app.ui.board.capture.is_none(), "Esc only closes the help");
        key(&mut rig, KeyCode::Char('q'), NONE);
        assert_eq!(rig.app.ui.overlay, crate::tui::app::Overlay::ConfirmQuit);
        key(&mut rig, KeyCode::Char('y'), NONE);
        assert!(rig.app.quit);
    }

    /// What is said after a delete names the note by its words, not its id.
    #[test]
    fn a_delete_is_said_in_the_notes_words() {
        let mut rig = on_board();
        typed(&mut rig, "Health literacy training for front-line staff");
        key(&mut rig, KeyCode::Enter, NONE);
        key(&mut rig, KeyCode::Esc, NONE);
        key(&mut rig, KeyCode::Delete, NONE);
        let (said, _) = rig.app.ui.status.clone().expect("a status");
        assert!(said.starts_with("Deleted \"Health literacy tr"), "{said}");
        assert!(said.contains('…') && !said.contains("n1"), "{said}");
    }

    /// A sector chosen on one board does not follow the facilitator to the next; going
    /// back finds that board's own.
    #[test]
    fn each_board_keeps_its_own_sector() {
        let mut rig = on_board();
        rig.app.ui.board.sector = Some("nhs".into());
        let gather = rig.app.ui.board.current.clone();
        let pack = rig.app.pack();
        let plan = pack.programme.position("plan").unwrap();
        let last = pack.pages(plan).len() - 1;
        rig.go_to("plan", last, 0);
        assert_ne!(rig.app.ui.board.current, gather, "another board");
        assert_eq!(rig.app.ui.board.sector, None, "no sector from the board before");
        let last = rig.app.pack().pages(1).len() - 1;
        rig.go_to("gather", last, 0);
        assert_eq!(rig.app.ui.board.sector.as_deref(), Some("nhs"));
    }
}
