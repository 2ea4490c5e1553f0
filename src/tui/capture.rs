//! The capture line: typing a note on the board without leaving it. Its keys, what they do,
//! and how it is drawn under the board. The note goes to the session as a command.

use chrono::{DateTime, Utc};
use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::pack::Category;
use crate::session::text::NOTE_LIMIT;
use crate::session::{Command, NoteFields};

use super::app::App;
use super::board::sector_label;
use super::field::Field;
use super::keys::{EDITING, Intent, Key, Keymap, TYPING_HELP_AND_QUIT, bind, k};
use super::theme::Role;
use super::view::Ctx;

#[rustfmt::skip]
const OWN: &[crate::tui::keys::Binding] = &[
    bind(&[k(KeyCode::Enter)], "Enter", "save the note; the line stays open for the next", Intent::Submit),
    bind(&[k(KeyCode::Esc)], "Esc", "close (what is typed stays as a draft)", Intent::Close),
    bind(&[k(KeyCode::Tab)], "Tab S-Tab", "next / previous column", Intent::NextCategory),
    bind(&[k(KeyCode::BackTab)], "", "", Intent::PreviousCategory),
    bind(&[k(KeyCode::Up)], "↑ ↓ Alt+1-9", "sector (Alt+0: none); kept for the next note", Intent::PreviousSector),
    bind(&[k(KeyCode::Down)], "", "", Intent::NextSector),
    bind(&[Key::AltDigit], "", "", Intent::PickSector(0)),
    bind(&[k(KeyCode::F(2))], "F2", "next field: note, from (organisation), author", Intent::NextField),
    bind(&[Key::Text], "letters", "type (digits too: Alt+digit picks a sector)", Intent::Type(' ')),
    bind(&[k(KeyCode::Left)], "← →", "move the cursor", Intent::Left),
    bind(&[k(KeyCode::Right)], "", "", Intent::Right),
    bind(&[k(KeyCode::PageDown)], "PgDn PgUp", "next / previous page (what is typed stays as a draft)", Intent::Do(Command::Next)),
    bind(&[k(KeyCode::PageUp)], "", "", Intent::Do(Command::Previous)),
];

pub(crate) const KEYS: Keymap = &[OWN, EDITING, TYPING_HELP_AND_QUIT];

/// Which of the capture line's fields has the cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Slot {
    #[default]
    Note,
    /// The organisation the note comes from.
    From,
    Author,
}

/// The note being typed: its column (index), sector and fields.
#[derive(Debug, Clone, Default)]
pub(crate) struct Capture {
    /// The note being edited, if this is an edit.
    pub editing: Option<String>,
    pub category: usize,
    pub sector: Option<String>,
    pub note: Field,
    pub from: Field,
    pub author: Field,
    pub focus: Slot,
    /// Opened empty by `a`, with nothing typed yet: a space or a small letter first means
    /// the `a` began a sentence ("a joint stall ...", "ask ..."), and it goes into the note.
    pub after_a: bool,
}

impl Capture {
    fn field_mut(&mut self) -> &mut Field {
        match self.focus {
            Slot::Note => &mut self.note,
            Slot::From => &mut self.from,
            Slot::Author => &mut self.author,
        }
    }

    pub fn is_empty(&self) -> bool {
        [&self.note, &self.from, &self.author]
            .iter()
            .all(|f| f.text.trim().is_empty())
    }

    /// Ready for the next note: same column and sector, empty fields.
    fn clear_fields(&mut self) {
        self.note = Field::default();
        self.from = Field::default();
        self.author = Field::default();
        self.focus = Slot::Note;
    }

    /// Pasted text goes in at the cursor, cleaned on the way in (a pasted escape sequence
    /// must never reach the screen); only the note keeps line breaks.
    pub fn paste(&mut self, text: &str) {
        let cleaned = if self.focus == Slot::Note {
            crate::session::text::clean_note(text)
        } else {
            crate::session::text::clean_line(text)
        };
        self.field_mut().insert(&cleaned);
    }
}

/// Applies a typing key to a field; the key back if it is not about typing.
pub(crate) fn edit(field: &mut Field, intent: Intent) -> Option<Intent> {
    match intent {
        Intent::Type(ch) => field.insert(&ch.to_string()),
        Intent::Backspace => field.backspace(),
        Intent::DeleteChar => field.delete(),
        Intent::DeleteWord => field.delete_word(),
        Intent::ClearField => field.clear(),
        Intent::Left => field.left(),
        Intent::Right => field.right(),
        Intent::Home => field.home(),
        Intent::End => field.end(),
        other => return Some(other),
    }
    None
}

/// The capture line's keys. Esc and anything not about the note pass on.
pub(crate) fn act(app: &mut App, intent: Intent, now: DateTime<Utc>) -> Option<Intent> {
    let sectors: Vec<String> = app.pack().sectors.iter().map(|s| s.id.clone()).collect();
    let count = app.board_columns().map_or(1, |(_, c)| c.len().max(1));
    let capture = app.ui.board.capture.as_mut()?;
    let after_a = std::mem::take(&mut capture.after_a);
    // After `a`, a space or a small letter means the `a` began the sentence ("a joint
    // stall", "ask the GPs"); a capital starts the note itself.
    if let Intent::Type(ch) = intent
        && after_a
        && capture.focus == Slot::Note
        && (ch == ' ' || ch.is_lowercase())
    {
        let note = &mut capture.note;
        note.end();
        // Carrying on a kept draft: the sentence starts after a space.
        if !note.text.is_empty() && !note.text.ends_with(char::is_whitespace) {
            note.insert(" ");
        }
        note.insert(&format!("a{ch}"));
        return None;
    }
    let intent = edit(capture.field_mut(), intent)?;
    match intent {
        Intent::NextField => {
            capture.focus = match capture.focus {
                Slot::Note => Slot::From,
                Slot::From => Slot::Author,
                Slot::Author => Slot::Note,
            }
        }
        Intent::NextCategory => capture.category = (capture.category + 1) % count,
        Intent::PreviousCategory => capture.category = (capture.category + count - 1) % count,
        Intent::NextSector | Intent::PreviousSector => {
            // No sector, then each sector in turn.
            let slots = sectors.len() + 1;
            let at = capture
                .sector
                .as_ref()
                .and_then(|s| sectors.iter().position(|x| x == s))
                .map_or(0, |i| i + 1);
            let next = if intent == Intent::NextSector {
                (at + 1) % slots
            } else {
                (at + slots - 1) % slots
            };
            capture.sector = next.checked_sub(1).map(|i| sectors[i].clone());
        }
        Intent::PickSector(n) => {
            capture.sector = (n as usize).checked_sub(1).and_then(|i| sectors.get(i)).cloned();
        }
        Intent::Submit => save(app, now),
        Intent::Close => close(app),
        // A clicker steps on from the open line too: what is typed waits as a draft.
        Intent::Do(Command::Next | Command::Previous) => {
            close(app);
            return Some(intent);
        }
        other => return Some(other),
    }
    None
}

/// Closes the line; what was typed stays as a draft, for the next key typed on the board.
fn close(app: &mut App) {
    let capture = app.ui.board.capture.take();
    app.ui.board.draft = capture.filter(|c| !c.is_empty());
}

/// Saves the note (or the edit) and, for a new note, leaves the line open for the next.
fn save(app: &mut App, now: DateTime<Utc>) {
    let Some((board, categories)) = app.board_columns() else {
        return;
    };
    let Some(capture) = app.ui.board.capture.clone() else {
        return;
    };
    let optional = |f: &Field| Some(f.text.trim().to_string()).filter(|t| !t.is_empty());
    let fields = NoteFields {
        board,
        category: categories.get(capture.category).cloned().unwrap_or_default(),
        text: capture.note.text.clone(),
        sector: capture.sector.clone(),
        organisation: optional(&capture.from),
        author: optional(&capture.author),
    };
    let before = app.state().boards.notes.len();
    let command = match &capture.editing {
        Some(note) => Command::EditNote {
            note: note.clone(),
            fields,
        },
        None => Command::AddNote(fields),
    };
    if !app.command(&command, now) {
        return;
    }
    app.ui.board.sector = capture.sector.clone();
    app.ui.board.column = capture.category;
    match capture.editing {
        Some(note) => {
            app.ui.board.capture = None;
            app.select_note(&note);
        }
        None => {
            if let Some(c) = &mut app.ui.board.capture {
                c.clear_fields();
            }
            if let Some(note) = app.state().boards.notes.get(before).map(|n| n.id.clone()) {
                app.select_note(&note);
            }
        }
    }
}

/// The capture line under the board: column, sector, the three fields and the count.
pub(crate) fn draw(
    frame: &mut Frame<'_>,
    area: Rect,
    ctx: &Ctx<'_>,
    categories: &[Category],
    capture: &Capture,
) {
    let theme = ctx.theme;
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(theme.style(Role::Marker))
        .title(if capture.editing.is_some() {
            " Edit note "
        } else {
            " New note "
        });
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let category = categories.get(capture.category).map_or("?", |c| c.name.as_str());
    let (index, label) = sector_label(ctx.pack, capture.sector.as_deref());
    let sector_name = capture
        .sector
        .as_deref()
        .and_then(|s| ctx.pack.sector(s))
        .map_or("no sector".to_string(), |s| s.name.clone());
    let sector_style = index.map_or(theme.style(Role::Dim), |i| theme.sector(i));
    let header = Line::from(vec![
        Span::styled("Column: ", theme.style(Role::Dim)),
        Span::styled(category.to_string(), theme.style(Role::Strong)),
        Span::styled(" (Tab)  Sector: ", theme.style(Role::Dim)),
        Span::styled(format!("▌{label} {sector_name}"), sector_style),
        Span::styled(" (↑↓, Alt+1-9)", theme.style(Role::Dim)),
    ]);
    let width = inner.width as usize;
    let field_line = |slot: Slot, label: &str, f: &Field, w: usize| {
        let focused = capture.focus == slot;
        let mut spans = vec![Span::styled(
            format!("{label}: "),
            if focused {
                theme.style(Role::Marker)
            } else {
                theme.style(Role::Dim)
            },
        )];
        spans.extend(
            f.line(w, theme.style(Role::Text), theme.style(Role::Selected), focused)
                .spans,
        );
        spans
    };
    let count = capture.note.text.chars().count();
    let counter_style = if count > NOTE_LIMIT {
        theme.style(Role::Bad)
    } else {
        theme.style(Role::Dim)
    };
    let half = width.saturating_sub(16) / 2;
    let mut people = field_line(Slot::From, "From", &capture.from, half);
    people.push(Span::raw("  "));
    people.extend(field_line(Slot::Author, "Author", &capture.author, half));
    let lines = vec![
        header,
        Line::from(field_line(
            Slot::Note,
            "Note",
            &capture.note,
            width.saturating_sub(6),
        )),
        Line::from(people),
        Line::from(vec![
            Span::styled(
                "Enter saves (stays open) · Esc closes, keeps the draft · F2 next field  ",
                theme.style(Role::Dim),
            ),
            Span::styled(format!("{count}/{NOTE_LIMIT}"), counter_style),
        ]),
    ];
    frame.render_widget(Paragraph::new(lines), inner);
}

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyCode, KeyModifiers};

    use crate::tui::testing::{at, key, on_board, typed};

    #[test]
    fn capture_by_keys_remembers_column_and_sector_and_keeps_drafts() {
        let mut rig = on_board();
        let none = KeyModifiers::NONE;
        // Typing on the board opens the capture line in the first column: books.
        typed(&mut rig, "Books for ward trolleys 2027");
        key(&mut rig, KeyCode::Char('2'), KeyModifiers::ALT); // sector 2: public library
        key(&mut rig, KeyCode::Enter, none);
        // Still open, same column and sector: the next note goes straight in.
        typed(&mut rig, "Local history for reminiscence");
        key(&mut rig, KeyCode::Tab, none); // next column: events
        key(&mut rig, KeyCode::F(2), none);
        typed(&mut rig, "Birkenhead Library");
        key(&mut rig, KeyCode::Enter, none);
        // Esc keeps what was typed as a draft; Ctrl+A brings it back, and so does typing on.
        typed(&mut rig, "Half a thought");
        key(&mut rig, KeyCode::Esc, none);
        assert!(rig.app.ui.board.capture.is_none());
        key(&mut rig, KeyCode::Char('a'), KeyModifiers::CONTROL);
        assert_eq!(
            rig.app.ui.board.capture.as_ref().unwrap().note.text,
            "Half a thought"
        );
        key(&mut rig, KeyCode::Esc, none);
        typed(&mut rig, "and more");
        assert_eq!(
            rig.app.ui.board.capture.as_ref().unwrap().note.text,
            "Half a thought and more"
        );
        key(&mut rig, KeyCode::Esc, none);

        let notes = &rig.app.state().boards.notes;
        assert_eq!(notes.len(), 2);
        assert_eq!(
            (notes[0].category.as_str(), notes[0].text.as_str()),
            ("books", "Books for ward trolleys 2027")
        );
        assert_eq!(notes[0].sector.as_deref(), Some("public-library"));
        assert_eq!(notes[1].category, "events");
        assert_eq!(
            notes[1].sector.as_deref(),
            Some("public-library"),
            "the sector is remembered"
        );
        assert_eq!(notes[1].organisation.as_deref(), Some("Birkenhead Library"));
    }

    #[test]
    fn a_paste_on_the_board_opens_a_note_with_it() {
        let mut rig = on_board();
        rig.app.on_paste("First line\r\nsecond line", at(3));
        key(&mut rig, KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(rig.app.state().boards.notes[0].text, "First line\nsecond line");
    }

    #[test]
    fn a_draft_comes_back_in_the_column_it_was_typed_in() {
        let mut rig = on_board();
        key(&mut rig, KeyCode::Char('a'), KeyModifiers::CONTROL);
        key(&mut rig, KeyCode::Tab, KeyModifiers::NONE);
        typed(&mut rig, "Half a thought");
        // As after kill -9: the screen's own state is gone, the draft on disk is not.
        rig.app.ui.board = Default::default();
        rig.app.restore_draft();
        let capture = rig
            .app
            .ui
            .board
            .capture
            .as_ref()
            .expect("the draft comes back open");
        assert_eq!(
            (capture.category, capture.note.text.as_str()),
            (1, "Half a thought")
        );
    }

    /// A clicker's next and back work with the line open: the note waits as a draft.
    #[test]
    fn a_clicker_steps_on_from_the_open_line() {
        let mut rig = on_board();
        let page = rig.app.state().position.clone();
        typed(&mut rig, "b");
        key(&mut rig, KeyCode::PageUp, KeyModifiers::NONE);
        assert_ne!(rig.app.state().position, page, "back a page");
        assert!(rig.app.ui.board.capture.is_none());
        key(&mut rig, KeyCode::PageDown, KeyModifiers::NONE);
        assert_eq!(rig.app.state().position, page);
        assert_eq!(rig.app.ui.board.draft.as_ref().unwrap().note.text, "b");
        assert!(rig.app.state().boards.notes.is_empty());
    }
}
