//! The live record of a workshop: commands the facilitator gives become events, events are
//! journaled to disk and then folded into the state the screens draw.

pub mod attendees;
pub mod board;
pub(crate) mod board_commands;
mod command;
pub mod draft;
pub mod due;
mod event;
mod follow;
pub mod grid;
pub(crate) mod groups;
pub mod journal;
pub(crate) mod phones;
pub(crate) mod ranking;
pub(crate) mod room;
pub mod schedule;
mod state;
pub mod store;
pub mod text;
pub mod timer;

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveTime, Utc};

pub use command::{
    Command, CommandError, NoteFields, current_activity, group_seed, running_timers, timer_view,
};
pub use event::{Event, EventKind, PlannedItem, Screen};
pub use follow::{Follower, Polled};
pub use journal::{Journal, JournalError, JournalId, Replay};
pub use room::RoomView;
pub use state::{Position, State, Visit};

use crate::pack::{Pack, PackError, PackFiles};

pub const JOURNAL: &str = "journal.jsonl";
pub const PACK_DIR: &str = "pack";

#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error("no session at {0}: expected a folder holding {JOURNAL}")]
    NotFound(PathBuf),
    #[error("there are no sessions in {0} yet; start one with `convene` or `convene run`")]
    NoSessions(PathBuf),
    #[error("{0} already holds a session; choose another folder or `convene resume` it")]
    Exists(PathBuf),
    #[error(
        "the session in {0} is already open in another window, and only one window at a time can run a session. To show it on another screen, run `convene follow {0}`"
    )]
    AlreadyOpen(PathBuf),
    #[error("cannot create the session folder {path}: {source}")]
    Create {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Journal(#[from] JournalError),
    #[error("the session's copy of its pack ({path}) is broken: {source}")]
    Pack {
        path: PathBuf,
        #[source]
        source: PackError,
    },
    #[error("{0} does not start with a session_started event")]
    NotStarted(PathBuf),
    #[error(transparent)]
    Command(#[from] CommandError),
    #[error(transparent)]
    Draft(std::io::Error),
    #[error("what the room is looking at cannot be kept on disk: {0}")]
    Room(std::io::Error),
    #[error("the room's token (room-token) cannot be read or kept: {0}")]
    RoomToken(std::io::Error),
}

/// How a new session starts.
#[derive(Debug, Clone, Default)]
pub struct StartOptions {
    /// Overrides the pack's planned start time.
    pub start: Option<NaiveTime>,
    pub facilitator: Option<String>,
    /// Overrides the pack's venue.
    pub venue: Option<String>,
    /// The seed of the first groups formed, to reproduce them.
    pub seed: Option<u64>,
}

/// An open session: its pack, its state, and the journal it writes to.
#[derive(Debug)]
pub struct Session {
    pub dir: PathBuf,
    pub pack: Pack,
    pub state: State,
    journal: Journal,
}

impl Session {
    /// Starts a new session in `dir` (created if absent, refused if it holds a session): copies
    /// the pack there and journals the start.
    pub fn create(
        dir: &Path,
        pack: Pack,
        options: &StartOptions,
        now: DateTime<Utc>,
    ) -> Result<Session, SessionError> {
        let path = dir.join(JOURNAL);
        if std::fs::symlink_metadata(&path).is_ok() {
            // Refused either way; a session running in another window says how to watch it.
            return Err(match Journal::open(&path) {
                Err(JournalError::Busy { .. }) => SessionError::AlreadyOpen(dir.to_path_buf()),
                _ => SessionError::Exists(dir.to_path_buf()),
            });
        }
        let create = |source| SessionError::Create {
            path: dir.to_path_buf(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(create)?;
        // The journal first, locked as it is made: a second `run` on the same folder stops
        // there, before it writes anything.
        let journal = Journal::create(&path, now).map_err(|e| opened(dir, e))?;
        if let Err(source) = pack.files.write_to(&dir.join(PACK_DIR)) {
            // No half-made session left to trip up the next `run` in this folder.
            let _ = std::fs::remove_file(&path);
            return Err(create(source));
        }
        let start = options.start.unwrap_or(pack.workshop.start);
        let mut session = Session {
            dir: dir.to_path_buf(),
            state: State::new(programme_ids(&pack)),
            journal,
            pack,
        };
        let started = EventKind::SessionStarted {
            title: session.pack.workshop.title.clone(),
            pack_hash: session.pack.files.hash(),
            planned_start: start.format("%H:%M").to_string(),
            facilitator: options
                .facilitator
                .clone()
                .or_else(|| session.pack.workshop.facilitator.clone()),
            venue: options
                .venue
                .clone()
                .or_else(|| session.pack.workshop.venue.clone()),
            convene_version: env!("CARGO_PKG_VERSION").to_string(),
            seed: options.seed,
        };
        session.record(vec![started], now)?;
        Ok(session)
    }

    /// Opens a session to go on with it. Warnings (a torn last line) come back with it.
    /// Refused while another window has it open. Nothing on disk changes unless it opens:
    /// the lock comes first, the repair of a torn last line last.
    pub fn resume(dir: &Path) -> Result<(Session, Vec<String>), SessionError> {
        let path = dir.join(JOURNAL);
        if std::fs::symlink_metadata(&path).is_err() {
            return Err(SessionError::NotFound(dir.to_path_buf()));
        }
        let mut journal = Journal::open(&path).map_err(|e| opened(dir, e))?;
        let pack = Session::read_pack(dir)?;
        let replay = journal.replay()?;
        let state = Session::fold(&pack, &replay, &path)?;
        journal.resume(&replay)?;
        let mut warnings = replay.warnings;
        warnings.extend(journal.unguarded().map(str::to_string));
        Ok((
            Session {
                dir: dir.to_path_buf(),
                pack,
                state,
                journal,
            },
            warnings,
        ))
    }

    /// Reads a session without opening it for writing (for export, follow, listing): it
    /// never takes the lock, so it works while the session runs.
    pub fn load(dir: &Path) -> Result<(Pack, State, Replay), SessionError> {
        let journal_path = dir.join(JOURNAL);
        if !journal_path.is_file() {
            return Err(SessionError::NotFound(dir.to_path_buf()));
        }
        let pack = Session::read_pack(dir)?;
        let replay = journal::read(&journal_path)?;
        let state = Session::fold(&pack, &replay, &journal_path)?;
        Ok((pack, state, replay))
    }

    fn read_pack(dir: &Path) -> Result<Pack, SessionError> {
        let pack_dir = dir.join(PACK_DIR);
        PackFiles::read_dir(&pack_dir)
            .and_then(Pack::from_files)
            .map_err(|source| SessionError::Pack {
                path: pack_dir.clone(),
                source,
            })
    }

    /// The state a journal's events make, once it is sure they are a session's.
    fn fold(pack: &Pack, replay: &Replay, journal_path: &Path) -> Result<State, SessionError> {
        if !matches!(
            replay.events.first().map(|e| &e.kind),
            Some(EventKind::SessionStarted { .. })
        ) {
            return Err(SessionError::NotStarted(journal_path.to_path_buf()));
        }
        let mut state = State::new(programme_ids(pack));
        for event in &replay.events {
            state.apply(event);
        }
        Ok(state)
    }

    /// Checks a command against the pack and state and says what events it makes. Nothing
    /// changes here. The one source of chance is here too: a random number drawn for the
    /// decision to use if it needs one (groups with no `--seed`), so deciding stays pure.
    pub fn apply(&self, command: &Command, now: DateTime<Utc>) -> Result<Vec<EventKind>, CommandError> {
        command::decide(&self.pack, &self.state, command, now, rand::random::<u64>())
    }

    /// Applies a command: its events reach the journal on disk before the state changes.
    pub fn execute(&mut self, command: &Command, now: DateTime<Utc>) -> Result<(), SessionError> {
        let events = self.apply(command, now)?;
        self.record(events, now)
    }

    /// All or nothing: a command's events are written in one go, and the state changes only
    /// once all of them are on disk, so the screen never shows half a command.
    fn record(&mut self, kinds: Vec<EventKind>, now: DateTime<Utc>) -> Result<(), SessionError> {
        for event in self.journal.append_all(now, kinds)? {
            self.state.apply(&event);
        }
        Ok(())
    }

    pub fn journal_path(&self) -> &Path {
        self.journal.path()
    }

    /// Which file the journal is, to check after the app closes that the session folder is
    /// still there.
    pub fn journal_id(&self) -> JournalId {
        self.journal.id().clone()
    }

    /// Ok while the session folder is still this session's (not deleted, moved or replaced).
    pub fn check_folder(&self) -> Result<(), SessionError> {
        Ok(self.journal.id().check()?)
    }

    /// Why no lock keeps a second window out, when the folder's filesystem could not lock.
    pub fn unguarded(&self) -> Option<&str> {
        self.journal.unguarded()
    }

    /// Keeps the note being typed on disk (`draft`), only while the session folder is still
    /// this session's: a folder deleted or replaced under the app is never quietly remade.
    pub fn save_draft(&self, draft: Option<&draft::Draft>) -> Result<(), SessionError> {
        self.check_folder()?;
        draft::save(&self.dir, draft).map_err(SessionError::Draft)
    }

    /// Keeps what the room is looking at (`room.json`) for `convene follow` and the next
    /// resume; only while the session folder is still this session's, as the draft.
    pub fn save_room_view(&self, view: &room::RoomView) -> Result<(), SessionError> {
        self.check_folder()?;
        room::save(&self.dir, view).map_err(SessionError::Room)
    }

    /// The room's token for phones (`room-token`): kept across a resume so phones keep
    /// working, new for every session.
    pub fn room_token(&self) -> Result<String, SessionError> {
        self.check_folder()?;
        room::token(&self.dir).map_err(SessionError::RoomToken)
    }
}

/// A journal another window holds is said as the session it is, with how to watch it.
fn opened(dir: &Path, e: JournalError) -> SessionError {
    match e {
        JournalError::Busy { .. } => SessionError::AlreadyOpen(dir.to_path_buf()),
        e => SessionError::Journal(e),
    }
}

fn programme_ids(pack: &Pack) -> Vec<String> {
    pack.programme.items.iter().map(|i| i.id.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeDelta, TimeZone};

    /// A session whose 1-2-4-All timer has run on by itself into its second phase, and the
    /// time at which a pause makes two events: that phase pinned down, then the pause.
    fn a_pause_of_two_events() -> (tempfile::TempDir, Session, DateTime<Utc>) {
        let dir = tempfile::tempdir().unwrap();
        let at = Utc.with_ymd_and_hms(2026, 11, 27, 9, 30, 0).unwrap();
        let mut session = Session::create(
            &dir.path().join("s"),
            Pack::builtin().unwrap(),
            &StartOptions::default(),
            at,
        )
        .unwrap();
        let ideas = session.pack.programme.position("ideas").unwrap();
        session.execute(&Command::GoToItem(ideas), at).unwrap();
        session.execute(&Command::ToggleTimer, at).unwrap();
        let later = at + TimeDelta::seconds(90);
        let events = session.apply(&Command::ToggleTimer, later).unwrap();
        assert!(
            matches!(
                events.as_slice(),
                [
                    EventKind::PhaseChanged { phase: 1, .. },
                    EventKind::TimerPaused { .. }
                ]
            ),
            "{events:?}"
        );
        (dir, session, later)
    }

    #[test]
    fn a_command_whose_second_event_cannot_be_written_changes_nothing() {
        let (_dir, mut session, later) = a_pause_of_two_events();
        let before = session.state.clone();
        let bytes = std::fs::read(session.journal_path()).unwrap();
        // The disk fills up after the first event's line.
        session.journal.fail_on_event_for_tests(Some(before.events + 2));
        let err = session.execute(&Command::ToggleTimer, later).unwrap_err();
        assert!(
            matches!(err, SessionError::Journal(JournalError::Io { .. })),
            "{err}"
        );
        assert_eq!(session.state, before, "neither event shown as done");
        assert_eq!(
            std::fs::read(session.journal_path()).unwrap(),
            bytes,
            "the first event's line is cut back off"
        );
        // Once there is room again, the same command goes through whole, numbered on.
        session.journal.fail_on_event_for_tests(None);
        session.execute(&Command::ToggleTimer, later).unwrap();
        let (_, replayed, replay) = Session::load(&session.dir).unwrap();
        let seqs: Vec<u64> = replay.events.iter().map(|e| e.seq).collect();
        assert_eq!(seqs, (1..=before.events + 2).collect::<Vec<_>>());
        assert_eq!(replayed, session.state);
    }

    #[test]
    fn a_command_of_two_events_is_written_and_shown_whole() {
        let (_dir, mut session, later) = a_pause_of_two_events();
        let before = session.state.clone();
        let lines = std::fs::read_to_string(session.journal_path())
            .unwrap()
            .lines()
            .count();
        session.execute(&Command::ToggleTimer, later).unwrap();
        assert_eq!(session.state.events, before.events + 2);
        let timer = session.state.timer("ideas").unwrap();
        assert_eq!((timer.phase, timer.running()), (1, false));
        let now = std::fs::read_to_string(session.journal_path()).unwrap();
        assert_eq!(now.lines().count(), lines + 2);
        let (_, replayed, _) = Session::load(&session.dir).unwrap();
        assert_eq!(replayed, session.state);
    }

    #[test]
    fn the_planned_start_is_read_once_when_the_session_starts() {
        let dir = tempfile::tempdir().unwrap();
        let at = Utc.with_ymd_and_hms(2026, 11, 27, 9, 30, 0).unwrap();
        let options = StartOptions {
            start: NaiveTime::from_hms_opt(13, 45, 0),
            ..StartOptions::default()
        };
        let session = Session::create(&dir.path().join("s"), Pack::builtin().unwrap(), &options, at).unwrap();
        assert_eq!(
            session.state.planned_start,
            NaiveTime::from_hms_opt(13, 45, 0).unwrap()
        );
        let journal = std::fs::read_to_string(session.journal_path()).unwrap();
        assert!(journal.contains(r#""planned_start":"13:45""#), "{journal}");
    }

    #[test]
    fn a_journal_that_cannot_be_written_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let at = Utc.with_ymd_and_hms(2026, 11, 27, 9, 30, 0).unwrap();
        let mut session = Session::create(
            &dir.path().join("s"),
            Pack::builtin().unwrap(),
            &StartOptions::default(),
            at,
        )
        .unwrap();
        session.execute(&Command::Next, at).unwrap();
        let before = session.state.clone();
        let bytes = std::fs::read(session.journal_path()).unwrap();
        // The folder turns read-only under us: the open journal refuses every write.
        session.journal = Journal::read_only_for_tests(session.journal_path());
        let err = session.execute(&Command::Next, at).unwrap_err();
        assert!(
            matches!(err, SessionError::Journal(JournalError::Io { .. })),
            "{err}"
        );
        assert_eq!(session.state, before, "nothing shown as done that was not saved");
        assert_eq!(
            std::fs::read(session.journal_path()).unwrap(),
            bytes,
            "the journal is untouched"
        );
    }
}
