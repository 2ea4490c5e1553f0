//! The app's state machine: a session (or a followed one) plus what only the screen knows
//! (overlays, the notes panel, the programme cursor, the status line). Keys come in as
//! actions; commands go to the session, which journals them before anything is shown.

use chrono::{DateTime, FixedOffset, Utc};
use crossterm::event::KeyEvent;

use crate::pack::Pack;
use crate::session::schedule::{Proposal, fit_the_rest};
use crate::session::timer::TimerStatus;
use crate::session::{Command, Follower, Screen, Session, State, current_activity, timer_view};

use super::field::Field;
use super::keys::{self, Action, Mode};
use super::theme::Theme;

/// Where the state comes from: our own session, or someone else's journal.
#[derive(Debug)]
pub(crate) enum Source {
    Live(Session),
    Follow(Follower),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Overlay {
    #[default]
    None,
    Help,
    Programme,
    ConfirmQuit,
    ConfirmRestart,
    Fit,
    /// A form: a cluster's title, a search, an action, an attendee.
    Form,
    /// The attendee list (the facilitator's only).
    People,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tone {
    Info,
    Error,
}

/// What only this screen knows; none of it is journaled.
#[derive(Debug, Clone, Default)]
pub(crate) struct Ui {
    pub overlay: Overlay,
    /// The overlay under help, to return to and to list keys for.
    pub under_help: Overlay,
    pub notes: bool,
    /// The selected row of the programme view.
    pub cursor: usize,
    pub status: Option<(String, Tone)>,
    /// The "fit the rest" proposal on screen.
    pub fit: Option<Proposal>,
    pub board: BoardUi,
    pub form: Option<Form>,
    /// The screen whose keys the help lists.
    pub help_for: Option<Mode>,
    /// The selected row of the actions or attendees list.
    pub list: usize,
    /// Why the journal cannot be written, while it cannot: nothing new is being saved.
    pub not_saving: Option<String>,
}

/// What only the facilitator's board knows: the selection, marks, search, the capture line.
#[derive(Debug, Clone, Default)]
pub(crate) struct BoardUi {
    pub column: usize,
    /// The selected entry in the column.
    pub row: usize,
    /// Notes marked for a cluster.
    pub marked: Vec<String>,
    /// Show only notes containing this.
    pub filter: Option<String>,
    pub by_votes: bool,
    /// The capture line, while open.
    pub capture: Option<Capture>,
    /// What was being typed when the capture line was closed.
    pub draft: Option<Capture>,
    /// The last sector chosen, for the next note.
    pub sector: Option<String>,
    /// The board this selection belongs to; another board starts afresh.
    pub current: Option<String>,
}

/// The note being typed: its column (index), sector and fields (note, from, author).
#[derive(Debug, Clone, Default)]
pub(crate) struct Capture {
    /// The note being edited, if this is an edit.
    pub editing: Option<String>,
    pub category: usize,
    pub sector: Option<String>,
    pub fields: [Field; 3],
    pub focus: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FormKind {
    Cluster {
        notes: Vec<String>,
    },
    Search,
    Action {
        editing: Option<String>,
        source_note: Option<String>,
    },
    Attendee,
    /// Where to write the outcomes instead of the session folder.
    Export,
}

/// A small form: text fields, then perhaps one choice (a sector, a status).
#[derive(Debug, Clone)]
pub(crate) struct Form {
    pub kind: FormKind,
    pub title: String,
    pub fields: Vec<(&'static str, Field)>,
    pub choice_label: &'static str,
    /// (value, words shown)
    pub choices: Vec<(String, String)>,
    pub choice: usize,
    /// Which field has the cursor; `fields.len()` is the choice.
    pub focus: usize,
}

pub(crate) struct App {
    pub source: Source,
    pub ui: Ui,
    pub theme: Theme,
    /// The room's time zone, for clock times.
    pub offset: FixedOffset,
    pub quit: bool,
    /// Ring the terminal bell when a phase's time is up.
    pub bell: bool,
    /// The phase (activity, phase, length) whose end was last signalled, so each end rings once.
    rung: Option<(String, usize, i64)>,
    /// A bell waiting to be written to the terminal.
    pub ring: bool,
    /// How much faster than real time the clock runs (a rehearsal).
    pub speed: f64,
    /// The draft last written to disk, so unchanged drafts are not written again.
    saved_draft: Option<crate::session::draft::Draft>,
}

impl App {
    pub fn new(source: Source, theme: Theme, offset: FixedOffset) -> App {
        App {
            source,
            ui: Ui::default(),
            theme,
            offset,
            quit: false,
            bell: true,
            rung: None,
            ring: false,
            speed: 1.0,
            saved_draft: None,
        }
    }

    pub fn pack(&self) -> &Pack {
        match &self.source {
            Source::Live(s) => &s.pack,
            Source::Follow(f) => &f.pack,
        }
    }

    pub fn state(&self) -> &State {
        match &self.source {
            Source::Live(s) => &s.state,
            Source::Follow(f) => &f.state,
        }
    }

    /// Turns a facilitator's app into the room's view of the same session (for tests of
    /// what the room sees).
    #[cfg(test)]
    pub fn source_as_audience(&mut self) {
        if let Source::Live(s) = &self.source {
            let follower = Follower::open(&s.dir).expect("the session reads back");
            self.source = Source::Follow(follower);
        }
    }

    pub fn audience(&self) -> bool {
        matches!(self.source, Source::Follow(_))
    }

    /// What keys mean right now.
    pub fn mode(&self) -> Mode {
        match self.ui.overlay {
            Overlay::Help => return Mode::Help,
            Overlay::ConfirmQuit => return Mode::ConfirmQuit,
            _ if self.audience() => return Mode::Follow,
            _ if self.state().blank => return Mode::Blank,
            Overlay::Form if self.ui.form.is_some() => return Mode::Form,
            Overlay::ConfirmRestart => return Mode::ConfirmRestart,
            Overlay::Fit => return Mode::Fit,
            Overlay::Programme => return Mode::Programme,
            Overlay::People => return Mode::People,
            _ => {}
        }
        match self.state().screen {
            Screen::Actions => return Mode::Actions,
            Screen::Groups => return Mode::Groups,
            Screen::Page => {}
        }
        if self.board_page().is_some() {
            if self.ui.board.capture.is_some() {
                return Mode::Capture;
            }
            return Mode::Board;
        }
        Mode::Slides
    }

    /// The activity whose board is on screen, if the page is a board.
    pub fn board_page(&self) -> Option<&crate::pack::Activity> {
        let pos = &self.state().position;
        let pages = self.pack().pages(pos.item);
        let last = pages.len().checked_sub(1)?;
        match pages.get(pos.slide.min(last))? {
            crate::pack::Page::Board(a) => Some(a),
            _ => None,
        }
    }

    /// Handles a key press. Returns whether anything visible may have changed.
    pub fn on_key(&mut self, key: &KeyEvent, now: DateTime<Utc>) -> bool {
        let had_status = self.ui.status.take().is_some();
        let Some(action) = keys::action(self.mode(), key) else {
            return had_status;
        };
        self.act(action, now);
        true
    }

    /// Carries out an action: the public way in for keys and for tests.
    pub fn act(&mut self, action: Action, now: DateTime<Utc>) {
        match action {
            Action::Do(command) => {
                self.command(&command, now);
            }
            Action::ToggleNotes => self.ui.notes = !self.ui.notes,
            Action::OpenProgramme => {
                self.ui.cursor = self.state().position.item;
                self.ui.overlay = Overlay::Programme;
            }
            Action::Close if self.ui.overlay == Overlay::None && self.state().screen != Screen::Page => {
                self.command(&Command::Show(Screen::Page), now);
            }
            Action::Close if self.mode() == Mode::Capture => {
                let capture = self.ui.board.capture.take();
                self.ui.board.draft = capture.filter(|c| c.fields.iter().any(|f| !f.text.trim().is_empty()));
            }
            Action::Close => {
                if self.ui.overlay == Overlay::Form {
                    self.ui.form = None;
                }
                self.ui.overlay = match self.ui.overlay {
                    Overlay::Help | Overlay::ConfirmQuit => std::mem::take(&mut self.ui.under_help),
                    _ => Overlay::None,
                };
                if self.ui.overlay != Overlay::Fit {
                    self.ui.fit = None;
                }
            }
            Action::AskRestart => {
                if current_activity(self.pack(), self.state()).is_some() {
                    self.ui.overlay = Overlay::ConfirmRestart;
                } else {
                    self.ui.status = Some((crate::session::CommandError::NoActivity.to_string(), Tone::Info));
                }
            }
            Action::OpenFit => {
                self.ui.fit = Some(fit_the_rest(self.pack(), self.state(), now, self.offset, false));
                self.ui.overlay = Overlay::Fit;
            }
            Action::FitToggleBreaks => {
                let include = self.ui.fit.as_ref().is_some_and(|f| !f.include_breaks);
                self.ui.fit = Some(fit_the_rest(self.pack(), self.state(), now, self.offset, include));
            }
            Action::FitApply => {
                let changes = self.ui.fit.take().map(|f| f.changes()).unwrap_or_default();
                self.ui.overlay = Overlay::None;
                self.command(&Command::Replan(changes), now);
            }
            Action::Help => {
                self.ui.help_for = Some(self.mode());
                self.ui.under_help = self.ui.overlay;
                self.ui.overlay = Overlay::Help;
            }
            Action::AskQuit => {
                self.ui.under_help = self.ui.overlay;
                self.ui.overlay = Overlay::ConfirmQuit;
            }
            Action::Quit => self.quit = true,
            Action::CursorUp | Action::CursorDown => {
                let up = action == Action::CursorUp;
                let step = |at: usize, len: usize| {
                    if up {
                        at.saturating_sub(1)
                    } else {
                        (at + 1).min(len.saturating_sub(1))
                    }
                };
                match self.mode() {
                    Mode::Programme => {
                        self.ui.cursor = step(self.ui.cursor, self.pack().programme.items.len())
                    }
                    Mode::Actions => self.ui.list = step(self.ui.list, self.state().boards.actions.len()),
                    Mode::People => self.ui.list = step(self.ui.list, self.state().boards.attendees.len()),
                    Mode::Board => {
                        let len = self.board_entries_len();
                        self.ui.board.row = step(self.ui.board.row, len);
                    }
                    _ => {}
                }
            }
            Action::Jump => {
                let item = self.ui.cursor;
                self.ui.overlay = Overlay::None;
                if item != self.state().position.item {
                    self.command(&Command::GoToItem(item), now);
                }
            }
            Action::Unblank => {
                self.command(&Command::Blank(false), now);
            }
            other => self.board_act(other, now),
        }
        self.settle_board();
        self.sync_draft();
    }

    /// On arriving at another board, the selection, marks and search start afresh; the
    /// sector and any draft carry over.
    fn settle_board(&mut self) {
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

    /// The note being typed, as it should be on disk.
    fn current_draft(&self) -> Option<crate::session::draft::Draft> {
        let (capture, open) = match (&self.ui.board.capture, &self.ui.board.draft) {
            (Some(c), _) => (c, true),
            (None, Some(d)) => (d, false),
            (None, None) => return None,
        };
        if capture.fields.iter().all(|f| f.text.is_empty()) {
            return None;
        }
        Some(crate::session::draft::Draft {
            editing: capture.editing.clone(),
            board: self.board_page().map(|a| a.id.clone()).unwrap_or_default(),
            category: String::new(),
            sector: capture.sector.clone(),
            text: capture.fields[0].text.clone(),
            organisation: capture.fields[1].text.clone(),
            author: capture.fields[2].text.clone(),
            open,
        })
    }

    /// Writes the note being typed to disk whenever it changes, before the screen shows it.
    pub(crate) fn sync_draft(&mut self) {
        let Source::Live(session) = &self.source else {
            return;
        };
        let draft = self.current_draft();
        if draft == self.saved_draft {
            return;
        }
        let result = crate::session::draft::save(&session.dir, draft.as_ref());
        // Tried once per change: a full disk is said once, not after every key.
        self.saved_draft = draft;
        if let Err(e) = result {
            self.ui.not_saving = Some(format!("the note being typed cannot be kept on disk ({e})"));
        }
    }

    /// Puts back the note that was being typed when the app last stopped.
    pub(crate) fn restore_draft(&mut self) {
        let Source::Live(session) = &self.source else {
            return;
        };
        let Some(d) = crate::session::draft::load(&session.dir) else {
            return;
        };
        let capture = Capture {
            editing: d.editing.clone(),
            category: self.ui.board.column,
            sector: d.sector.clone(),
            fields: [
                Field::new(&d.text),
                Field::new(&d.organisation),
                Field::new(&d.author),
            ],
            focus: 0,
        };
        self.ui.board.sector = d.sector.clone();
        if d.open && self.board_page().is_some() {
            self.ui.board.capture = Some(capture);
        } else {
            self.ui.board.draft = Some(capture);
        }
        self.saved_draft = Some(d);
    }

    /// Carries out a command; a refusal or a failure to save shows in the status line.
    /// Returns whether it was carried out.
    pub(crate) fn command(&mut self, command: &Command, now: DateTime<Utc>) -> bool {
        if matches!(command, Command::RestartPhase) {
            self.ui.overlay = Overlay::None;
        }
        let Source::Live(session) = &mut self.source else {
            return false;
        };
        match session.execute(command, now) {
            Ok(()) => {
                self.ui.not_saving = None;
                true
            }
            Err(e) => {
                let message = match e {
                    crate::session::SessionError::Command(_) => (e.to_string(), Tone::Info),
                    _ => {
                        self.ui.not_saving = Some(e.to_string());
                        (format!("NOT SAVED: {e}"), Tone::Error)
                    }
                };
                self.ui.status = Some(message);
                false
            }
        }
    }

    /// Lets time pass: in follow mode, picks up the facilitator's changes; when a phase's
    /// time runs out, asks for the bell. Returns whether anything visible changed.
    pub fn tick(&mut self, now: DateTime<Utc>) -> bool {
        let changed = match &mut self.source {
            Source::Follow(f) => f.poll(),
            Source::Live(_) => false,
        };
        let due = self.time_up(now);
        if due.is_some() && due != self.rung {
            self.ring = self.bell;
            self.rung = due;
            return true;
        }
        changed
    }

    /// Forgets any phase that is already over, so a resumed session does not ring for it.
    pub fn settle_bell(&mut self, now: DateTime<Utc>) {
        self.rung = self.time_up(now);
    }

    /// The running phase whose time is up, if any.
    fn time_up(&self, now: DateTime<Utc>) -> Option<(String, usize, i64)> {
        let activity = current_activity(self.pack(), self.state())?;
        let view = timer_view(self.pack(), self.state(), activity, now);
        (view.status == TimerStatus::Running && view.overrun())
            .then(|| (activity.id.clone(), view.phase, view.length_ms))
    }

    /// Milliseconds until the current activity's clock face changes, while it runs.
    pub fn timer_wake_ms(&self, now: DateTime<Utc>) -> Option<i64> {
        let activity = current_activity(self.pack(), self.state())?;
        let view = timer_view(self.pack(), self.state(), activity, now);
        (view.status == TimerStatus::Running).then(|| view.ms_to_next_second())
    }
}
