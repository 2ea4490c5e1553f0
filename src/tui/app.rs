//! The app's state machine: a session (or a followed one) plus what only the screen knows
//! (overlays, the notes panel, the programme cursor, the status line). Keys come in as
//! intents and go first to the screen in front, which owns its keys (`board_keys`,
//! `capture`, `form`, ...); what it does not use falls through to the keys every screen
//! shares, here. Commands go to the session, which journals them before anything is shown.

use chrono::{DateTime, FixedOffset, Utc};
use crossterm::event::KeyEvent;

use crate::pack::Pack;
use crate::session::grid::current_grid;
use crate::session::schedule::Proposal;
use crate::session::{Command, Follower, RoomView, Screen, Session, State, current_activity, running_timers};

use super::capture::Capture;
use super::field::Field;
use super::form::Form;
use super::keys::{self, Intent, Mode};
use super::theme::Theme;
use super::{actions, board_keys, capture, fit, form, grid, groups, notes, people, programme, results};

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
    pub notes_scroll: super::notes::Scroll,
    /// The selected row of the programme view.
    pub cursor: usize,
    pub status: Option<(String, Tone)>,
    /// The "fit the rest" proposal on screen.
    pub fit: Option<Proposal>,
    pub fit_scroll: super::fit::Scroll,
    pub board: BoardUi,
    pub form: Option<Form>,
    /// The screen whose keys the help lists.
    pub help_for: Option<Mode>,
    /// The selected row of the actions or attendees list, the selected group, the selected
    /// place of the results.
    pub list: usize,
    /// The first place the results screen showed, as the last frame drew it (or, on the
    /// room's screen, as the facilitator's did), as `BoardUi::scroll` keeps the board's.
    pub results_top: std::cell::Cell<usize>,
    /// The note chosen on the grid, by id.
    pub grid_note: Option<String>,
    /// The room open to phones: its address, its code and whether it is shown.
    pub room: Option<super::room::RoomUi>,
    /// Why the journal cannot be written, while it cannot: nothing new is being saved.
    pub not_saving: Option<String>,
    /// The board key (`q`, `?`) that opened the overlay in front: if the next key is typing,
    /// it was the start of a sentence, and both go into a note.
    pub carried: Option<char>,
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
    /// The last sector chosen on this board, for the next note.
    pub sector: Option<String>,
    /// Each board's own last sector: a board starts from its own, never another's.
    pub sectors: std::collections::BTreeMap<String, String>,
    /// The board this selection belongs to; another board starts afresh.
    pub current: Option<String>,
    /// How far the board is scrolled, as the last frame drew it (see `board::Scroll`).
    pub scroll: std::cell::RefCell<super::board::Scroll>,
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
    /// The phases (activity, phase, length) whose time is up and was signalled, so each end
    /// rings once, whichever item the facilitator is on.
    rung: Vec<(String, usize, i64)>,
    /// A bell waiting to be written to the terminal.
    pub ring: bool,
    /// How much faster than real time the clock runs (a rehearsal).
    pub speed: f64,
    /// Frames drawn so far (the event loop counts them; tests read them).
    pub frames: u64,
    /// The draft last written to disk, so unchanged drafts are not written again.
    saved_draft: Option<crate::session::draft::Draft>,
    /// What the room was last told it is looking at, so an unchanged view is not written again.
    pub(crate) saved_room: Option<RoomView>,
    /// The room open to phones (its server), while it is.
    pub(crate) room: Option<super::room::OpenRoom>,
    /// Where the room opens (`--room-addr`); none: this computer's private address.
    pub room_at: Option<crate::room_server::RoomAddr>,
    /// The event loop's channel, for phones' requests to wake it (none in tests of keys).
    pub(crate) doorbell: Option<std::sync::mpsc::Sender<super::Wake>>,
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
            rung: Vec::new(),
            ring: false,
            speed: 1.0,
            frames: 0,
            saved_draft: None,
            saved_room: None,
            room: None,
            room_at: None,
            doorbell: None,
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
            self.follow_room();
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
            Screen::Results => return Mode::Results,
            // A grid the pack no longer has (a journal edited by hand) shows the page.
            Screen::Grid if current_grid(self.pack(), self.state()).is_some() => return Mode::Grid,
            Screen::Grid | Screen::Page => {}
        }
        if self.board_page().is_some() {
            if self.ui.board.capture.is_some() {
                return Mode::Capture;
            }
            return Mode::Board;
        }
        if self.ui.notes {
            return Mode::Notes;
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
        let Some(intent) = keys::intent(self.mode(), key) else {
            return had_status;
        };
        self.act(intent, now);
        true
    }

    /// Carries out an intent: the public way in for keys and for tests. The screen in front
    /// has it first; what it passes on is one of the keys every screen shares.
    pub fn act(&mut self, intent: Intent, now: DateTime<Utc>) {
        let passed = match self.mode() {
            Mode::Programme => programme::act(self, intent, now),
            Mode::Notes => notes::act(self, intent),
            Mode::Fit => fit::act(self, intent, now),
            Mode::Board => board_keys::act(self, intent, now),
            Mode::Capture => capture::act(self, intent, now),
            Mode::Form => form::act(self, intent, now),
            Mode::Actions => actions::act(self, intent, now),
            Mode::Groups => groups::act(self, intent, now),
            Mode::Results => results::act(self, intent, now),
            Mode::People => people::act(self, intent, now),
            Mode::Grid => grid::act(self, intent, now),
            _ => Some(intent),
        };
        if let Some(intent) = passed {
            self.act_shared(intent, now);
        }
        self.settle_board();
        self.sync_draft();
    }

    /// The keys many screens share: stepping, overlays, quitting, writing the outcomes.
    pub(crate) fn act_shared(&mut self, intent: Intent, now: DateTime<Utc>) {
        match intent {
            Intent::Do(command) => {
                self.command(&command, now);
            }
            Intent::ToggleNotes => self.ui.notes = !self.ui.notes,
            Intent::OpenProgramme => {
                self.ui.cursor = self.state().position.item;
                self.ui.overlay = Overlay::Programme;
            }
            Intent::Close if self.ui.overlay == Overlay::None && self.state().screen != Screen::Page => {
                self.command(&Command::Show(Screen::Page), now);
            }
            Intent::Type(ch) if matches!(self.ui.overlay, Overlay::Help | Overlay::ConfirmQuit) => {
                let carried = self.ui.carried.take();
                self.act_shared(Intent::Close, now);
                if let Some(first) = carried {
                    self.start_typing(first);
                    if let Some(capture) = self.ui.board.capture.as_mut() {
                        capture.note.insert(&ch.to_string());
                    }
                }
            }
            Intent::Close => {
                self.ui.carried = None;
                self.ui.overlay = match self.ui.overlay {
                    Overlay::Help | Overlay::ConfirmQuit => std::mem::take(&mut self.ui.under_help),
                    _ => Overlay::None,
                };
                if self.ui.overlay != Overlay::Fit {
                    self.ui.fit = None;
                }
            }
            Intent::AskRestart => {
                if current_activity(self.pack(), self.state()).is_some() {
                    self.ui.overlay = Overlay::ConfirmRestart;
                } else {
                    self.say(crate::session::CommandError::NoActivity.to_string());
                }
            }
            Intent::OpenFit => fit::open(self, now),
            Intent::Help => {
                self.ui.help_for = Some(self.mode());
                self.ui.under_help = self.ui.overlay;
                self.ui.overlay = Overlay::Help;
            }
            Intent::AskQuit => {
                self.ui.under_help = self.ui.overlay;
                self.ui.overlay = Overlay::ConfirmQuit;
            }
            Intent::Quit => self.quit = true,
            Intent::Unblank => {
                self.command(&Command::Blank(false), now);
            }
            Intent::WriteOutcomes => self.write_outcomes(now),
            Intent::WriteElsewhere => {
                let name = match &self.source {
                    Source::Live(s) => s.dir.file_name().map(|n| n.to_string_lossy().into_owned()),
                    Source::Follow(_) => None,
                };
                let suggestion = dirs::home_dir()
                    .unwrap_or_default()
                    .join("convene-outcomes")
                    .join(name.unwrap_or_default());
                self.open_form(Form::export(&suggestion.display().to_string()));
            }
            Intent::OpenActions => {
                self.ui.list = 0;
                self.command(&Command::Show(Screen::Actions), now);
            }
            Intent::OpenGroups => self.open_groups(now),
            Intent::OpenResults => {
                self.ui.list = 0;
                self.ui.results_top.set(0);
                self.command(&Command::Show(Screen::Results), now);
            }
            Intent::OpenGrid => grid::open(self, now),
            Intent::OpenPeople => {
                self.ui.list = 0;
                self.ui.overlay = Overlay::People;
            }
            Intent::Room => self.toggle_room(),
            // A screen's own key that reached no screen: nothing to do.
            _ => {}
        }
    }

    /// The groups screen, with groups made for the current activity if it has none yet.
    fn open_groups(&mut self, now: DateTime<Utc>) {
        let Some(activity) = current_activity(self.pack(), self.state()) else {
            return self.say("groups belong to an activity; go to one first");
        };
        if activity.grouping.is_none() {
            return self.say("this activity has no grouping rule ([grouping] in its file)");
        }
        let id = activity.id.clone();
        if self.state().boards.groups_for(&id).is_none() && !self.shuffle_groups(id, now) {
            return;
        }
        self.command(&Command::Show(Screen::Groups), now);
    }

    /// A word in the status line.
    pub(crate) fn say(&mut self, message: impl Into<String>) {
        self.ui.status = Some((message.into(), Tone::Info));
    }

    /// Writes every format into the session folder and says where.
    pub(crate) fn write_outcomes(&mut self, now: DateTime<Utc>) {
        let Source::Live(session) = &self.source else {
            return;
        };
        // A session folder that has gone is not made again with only the outcomes in it.
        if let Err(e) = session.check_folder() {
            self.ui.not_saving = Some(e.to_string());
            self.ui.status = Some((
                format!("NOT WRITTEN: {e}; W (on a board Ctrl+X) writes them to another folder"),
                Tone::Error,
            ));
            return;
        }
        match crate::export::write_outcomes(&session.pack, &session.state, &session.dir, now, self.offset) {
            Ok(paths) => {
                let names: Vec<String> = paths
                    .iter()
                    .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                    .collect();
                // Where first: the list of files is what is cut on a narrow screen.
                let message = format!(
                    "Wrote {} files in {}: {}",
                    names.len(),
                    super::footer::short_path(&session.dir),
                    names.join(", ")
                );
                self.say(message);
            }
            Err(e) => self.ui.status = Some((format!("NOT WRITTEN: {e}"), Tone::Error)),
        }
    }

    /// Text typed or pasted: into the capture line or form, or (on a board) a new note.
    pub(crate) fn on_paste(&mut self, text: &str, _now: DateTime<Utc>) -> bool {
        if self.mode() == Mode::Board {
            self.open_capture();
        }
        let changed = match self.mode() {
            Mode::Capture => self.ui.board.capture.as_mut().map(|c| c.paste(text)).is_some(),
            Mode::Form => self.ui.form.as_mut().map(|f| f.paste(text)).is_some(),
            _ => false,
        };
        self.sync_draft();
        changed
    }

    /// The note being typed, as it should be on disk.
    fn current_draft(&self) -> Option<crate::session::draft::Draft> {
        let (capture, open) = match (&self.ui.board.capture, &self.ui.board.draft) {
            (Some(c), _) => (c, true),
            (None, Some(d)) => (d, false),
            (None, None) => return None,
        };
        if [&capture.note, &capture.from, &capture.author]
            .iter()
            .all(|f| f.text.is_empty())
        {
            return None;
        }
        Some(crate::session::draft::Draft {
            editing: capture.editing.clone(),
            board: self.board_page().map(|a| a.id.clone()).unwrap_or_default(),
            category: self
                .board_columns()
                .and_then(|(_, c)| c.get(capture.category).cloned())
                .unwrap_or_default(),
            sector: capture.sector.clone(),
            text: capture.note.text.clone(),
            organisation: capture.from.text.clone(),
            author: capture.author.text.clone(),
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
        let result = session.save_draft(draft.as_ref());
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
            // The column it was typed in, when that board is on screen.
            category: self
                .board_columns()
                .and_then(|(_, c)| c.iter().position(|c| *c == d.category))
                .unwrap_or(self.ui.board.column),
            sector: d.sector.clone(),
            note: Field::new(&d.text),
            from: Field::new(&d.organisation),
            author: Field::new(&d.author),
            ..Capture::default()
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
        if self.audience() {
            return false;
        }
        match self.execute(command, now) {
            Ok(()) => true,
            Err(e) => {
                let message = match e {
                    crate::session::SessionError::Command(_) => (e.to_string(), Tone::Info),
                    _ => (format!("NOT SAVED: {e}"), Tone::Error),
                };
                self.ui.status = Some(message);
                false
            }
        }
    }

    /// Carries out a command (a key's or a phone's): while the journal cannot be written,
    /// every screen says so until it can.
    pub(crate) fn execute(
        &mut self,
        command: &Command,
        now: DateTime<Utc>,
    ) -> Result<(), crate::session::SessionError> {
        let Source::Live(session) = &mut self.source else {
            return Err(crate::session::CommandError::NoActivity.into());
        };
        let outcome = session.execute(command, now);
        match &outcome {
            Ok(()) => self.ui.not_saving = None,
            Err(crate::session::SessionError::Command(_)) => {}
            Err(e) => self.ui.not_saving = Some(e.to_string()),
        }
        outcome
    }

    /// Lets time pass: in follow mode, picks up the facilitator's changes (the journal and
    /// what the room is looking at); when a phase's time runs out, asks for the bell.
    /// Returns whether anything visible changed.
    pub fn tick(&mut self, now: DateTime<Utc>) -> bool {
        let changed = match &mut self.source {
            Source::Follow(f) => f.poll(),
            Source::Live(_) => false,
        };
        if changed {
            // Again after the journal grew too: the note the view names may have just arrived.
            self.follow_room();
        }
        let changed = self.count_phones() || changed;
        // Every running timer, not only the current item's: a phase ends wherever the
        // facilitator is, and its bell rings then.
        let due = self.time_up(now);
        let new = due.iter().any(|d| !self.rung.contains(d));
        self.rung = due;
        if new {
            self.ring = self.bell;
            return true;
        }
        changed
    }

    /// Forgets any phase that is already over, so a resumed session does not ring for it.
    pub fn settle_bell(&mut self, now: DateTime<Utc>) {
        self.rung = self.time_up(now);
    }

    /// The running phases whose time is up, on any item.
    fn time_up(&self, now: DateTime<Utc>) -> Vec<(String, usize, i64)> {
        running_timers(self.pack(), self.state(), now)
            .into_iter()
            .filter(|(_, view)| view.overrun())
            .map(|(activity, view)| (activity.id.clone(), view.phase, view.length_ms))
            .collect()
    }

    /// Milliseconds until a running timer's clock face changes (the current activity's, or
    /// one running on another item, which the footer shows).
    pub fn timer_wake_ms(&self, now: DateTime<Utc>) -> Option<i64> {
        running_timers(self.pack(), self.state(), now)
            .iter()
            .map(|(_, view)| view.ms_to_next_second())
            .min()
    }
}
