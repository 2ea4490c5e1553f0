//! The app's state machine: a session (or a followed one) plus what only the screen knows
//! (overlays, the notes panel, the programme cursor, the status line). Keys come in as
//! actions; commands go to the session, which journals them before anything is shown.

use chrono::{DateTime, FixedOffset, Utc};
use crossterm::event::KeyEvent;

use crate::pack::Pack;
use crate::session::schedule::{Proposal, fit_the_rest};
use crate::session::timer::TimerStatus;
use crate::session::{Command, Follower, Session, State, current_activity, timer_view};

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

    pub fn audience(&self) -> bool {
        matches!(self.source, Source::Follow(_))
    }

    /// What keys mean right now.
    pub fn mode(&self) -> Mode {
        match self.ui.overlay {
            Overlay::Help => Mode::Help,
            Overlay::ConfirmQuit => Mode::ConfirmQuit,
            _ if self.audience() => Mode::Follow,
            _ if self.state().blank => Mode::Blank,
            Overlay::ConfirmRestart => Mode::ConfirmRestart,
            Overlay::Fit => Mode::Fit,
            Overlay::Programme => Mode::Programme,
            Overlay::None => Mode::Slides,
        }
    }

    /// The mode whose keys help lists: the screen under the help.
    pub fn help_mode_for(audience: bool, under_help: Overlay) -> Mode {
        if audience {
            return Mode::Follow;
        }
        match under_help {
            Overlay::Programme => Mode::Programme,
            Overlay::Fit => Mode::Fit,
            _ => Mode::Slides,
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
            Action::Do(command) => self.command(&command, now),
            Action::ToggleNotes => self.ui.notes = !self.ui.notes,
            Action::OpenProgramme => {
                self.ui.cursor = self.state().position.item;
                self.ui.overlay = Overlay::Programme;
            }
            Action::Close => {
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
                self.ui.under_help = self.ui.overlay;
                self.ui.overlay = Overlay::Help;
            }
            Action::AskQuit => {
                self.ui.under_help = self.ui.overlay;
                self.ui.overlay = Overlay::ConfirmQuit;
            }
            Action::Quit => self.quit = true,
            Action::CursorUp => self.ui.cursor = self.ui.cursor.saturating_sub(1),
            Action::CursorDown => {
                let last = self.pack().programme.items.len().saturating_sub(1);
                self.ui.cursor = (self.ui.cursor + 1).min(last);
            }
            Action::Jump => {
                let item = self.ui.cursor;
                self.ui.overlay = Overlay::None;
                if item != self.state().position.item {
                    self.command(&Command::GoToItem(item), now);
                }
            }
            Action::Unblank => self.command(&Command::Blank(false), now),
        }
    }

    fn command(&mut self, command: &Command, now: DateTime<Utc>) {
        if matches!(command, Command::RestartPhase) {
            self.ui.overlay = Overlay::None;
        }
        let Source::Live(session) = &mut self.source else {
            return;
        };
        if let Err(e) = session.execute(command, now) {
            let tone = match e {
                crate::session::SessionError::Command(_) => Tone::Info,
                _ => Tone::Error,
            };
            let message = match tone {
                Tone::Info => e.to_string(),
                Tone::Error => format!("NOT SAVED: {e}"),
            };
            self.ui.status = Some((message, tone));
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
