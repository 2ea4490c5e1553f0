//! Following a session from another process: read its journal as it grows, never write it.
//! Survives the facilitator's app restarting (a resume may trim a torn tail: then the whole
//! journal is read again). Also reads `room.json`, what the facilitator is looking at, so the
//! room's screen shows the same notes.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use crate::pack::Pack;

use super::event::Event;
use super::journal::{Ids, Replay};
use super::room::{self, ROOM, RoomView};
use super::state::State;
use super::{JOURNAL, Session, SessionError};

#[derive(Debug)]
pub struct Follower {
    pub dir: PathBuf,
    pub pack: Pack,
    pub state: State,
    /// Bytes of the journal already folded in (always the end of a whole line).
    offset: u64,
    /// What the facilitator is looking at, as `room.json` last said (none: no file yet).
    pub room: Option<RoomView>,
    /// `room.json` as last read, to tell a change.
    room_bytes: Option<Vec<u8>>,
    /// The ids given so far, so a line that `resume` and `export` would refuse is not shown.
    ids: Box<Ids>,
}

/// What a poll found changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Polled {
    /// The journal grew: the state changed.
    pub journal: bool,
    /// `room.json` changed: the facilitator looks at something else.
    pub room: bool,
}

impl Polled {
    pub fn any(self) -> bool {
        self.journal || self.room
    }
}

impl Follower {
    pub fn open(dir: &Path) -> Result<Follower, SessionError> {
        let (pack, state, replay) = Session::load(dir)?;
        let mut follower = Follower {
            dir: dir.to_path_buf(),
            pack,
            state,
            offset: replay.good_len,
            room: None,
            room_bytes: None,
            ids: Box::new(given(&replay)),
        };
        follower.poll_room();
        Ok(follower)
    }

    /// Folds in whatever the journal gained since last time, and reads `room.json` again if
    /// it changed. Returns true when either changed (something on the room's screen may).
    pub fn poll(&mut self) -> bool {
        self.poll_changes().any()
    }

    /// As `poll`, saying which changed.
    pub fn poll_changes(&mut self) -> Polled {
        Polled {
            journal: self.poll_journal(),
            room: self.poll_room(),
        }
    }

    /// Whether `room.json` changed since last read. Compared by content, not by time: it is
    /// small, and two writes within a clock tick of the same length would look alike. It is
    /// replaced by a rename, so a read sees the old file or the new one, never half of one.
    fn poll_room(&mut self) -> bool {
        let bytes = std::fs::read(self.dir.join(ROOM)).ok();
        if bytes == self.room_bytes {
            return false;
        }
        self.room = room::load(&self.dir);
        self.room_bytes = bytes;
        true
    }

    /// Folds in whatever the journal gained since last time. Returns true when the state
    /// changed. A read that fails (the file is being replaced) is tried again next time.
    fn poll_journal(&mut self) -> bool {
        let path = self.dir.join(JOURNAL);
        let Ok(len) = std::fs::metadata(&path).map(|m| m.len()) else {
            return false;
        };
        if len == self.offset {
            return false;
        }
        if len < self.offset {
            return self.reload();
        }
        let Ok(fresh) = read_from(&path, self.offset) else {
            return false;
        };
        // Only whole lines: a line still being written is read next time.
        let Some(end) = fresh.iter().rposition(|&b| b == b'\n') else {
            return false;
        };
        let mut changed = false;
        // Line by line, moving the offset past each line folded in, so a line is never
        // folded twice whatever happens after it.
        for line in fresh[..=end].split_inclusive(|&b| b == b'\n') {
            if !line.iter().all(u8::is_ascii_whitespace) {
                match serde_json::from_slice::<Event>(line) {
                    // A line the reader would refuse (an id given twice, a blank text) is
                    // passed over, as a last line is on resume: never shown to the room.
                    Ok(event) if self.ids.check(&event.kind, 0).is_err() => {}
                    Ok(event) => {
                        self.state.apply(&event);
                        changed = true;
                    }
                    // A damaged line: the writer repairs it on resume; read it all then.
                    Err(_) => return changed | self.reload(),
                }
            }
            self.offset += line.len() as u64;
        }
        changed
    }

    fn reload(&mut self) -> bool {
        match Session::load(&self.dir) {
            Ok((pack, state, replay)) => {
                let changed = state != self.state;
                self.pack = pack;
                self.state = state;
                self.offset = replay.good_len;
                *self.ids = given(&replay);
                changed
            }
            Err(_) => false,
        }
    }
}

/// The ids a replayed journal gave (the reader has checked them all).
fn given(replay: &Replay) -> Ids {
    let mut ids = Ids::default();
    for event in &replay.events {
        let _ = ids.check(&event.kind, 0);
    }
    ids
}

fn read_from(path: &Path, offset: u64) -> std::io::Result<Vec<u8>> {
    let mut file = File::open(path)?;
    file.seek(SeekFrom::Start(offset))?;
    let mut buf = Vec::new();
    file.read_to_end(&mut buf)?;
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{Command, StartOptions};
    use chrono::Utc;
    use std::io::Write;

    #[test]
    fn follows_appends_partial_lines_and_restarts() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("s");
        let mut live = Session::create(
            &dir,
            Pack::builtin().unwrap(),
            &StartOptions::default(),
            Utc::now(),
        )
        .unwrap();
        let mut follower = Follower::open(&dir).unwrap();
        assert!(!follower.poll());

        live.execute(&Command::Next, Utc::now()).unwrap();
        assert!(follower.poll_changes().journal);
        assert_eq!(follower.state, live.state);

        // Half a line: not read until it is finished.
        let path = dir.join(JOURNAL);
        let mut f = std::fs::OpenOptions::new().append(true).open(&path).unwrap();
        f.write_all(b"{\"seq\":3,").unwrap();
        assert!(!follower.poll());
        drop(f);
        drop(live);

        // The facilitator's app restarts: resume trims the torn tail, then goes on.
        let (mut live, warnings) = Session::resume(&dir).unwrap();
        assert_eq!(warnings.len(), 1);
        live.execute(&Command::Next, Utc::now()).unwrap();
        live.execute(&Command::Blank(true), Utc::now()).unwrap();
        assert!(follower.poll_changes().journal);
        assert_eq!(follower.state, live.state);
        assert!(follower.state.blank);
    }

    #[test]
    fn notices_what_the_room_is_looking_at() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("s");
        let live = Session::create(
            &dir,
            Pack::builtin().unwrap(),
            &StartOptions::default(),
            Utc::now(),
        )
        .unwrap();
        let mut follower = Follower::open(&dir).unwrap();
        assert_eq!(follower.room, None);
        let mut view = RoomView {
            board: Some("ideas".into()),
            column: 5,
            selected: Some("n12".into()),
            ..RoomView::default()
        };
        live.save_room_view(&view).unwrap();
        let polled = follower.poll_changes();
        assert!(polled.room && !polled.journal, "{polled:?}");
        assert_eq!(follower.room.as_ref(), Some(&view));
        assert!(!follower.poll(), "read once");
        // A change of the same length, at once: still seen.
        view.selected = Some("n13".into());
        live.save_room_view(&view).unwrap();
        assert!(follower.poll_changes().room);
        assert_eq!(follower.room.as_ref(), Some(&view));
        // A follower started later reads it at once.
        assert_eq!(Follower::open(&dir).unwrap().room, Some(view));
        // A damaged file: no view (the tops of the columns), and no panic.
        std::fs::write(dir.join(ROOM), "{\"column\":").unwrap();
        assert!(follower.poll_changes().room);
        assert_eq!(follower.room, None);
    }

    #[test]
    fn a_line_the_reader_would_refuse_is_never_shown() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("s");
        let mut live = Session::create(
            &dir,
            Pack::builtin().unwrap(),
            &StartOptions::default(),
            Utc::now(),
        )
        .unwrap();
        live.execute(&Command::Next, Utc::now()).unwrap();
        let mut follower = Follower::open(&dir).unwrap();
        let before = follower.state.clone();
        // A hand-written note with a blank text, then the same note id twice.
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(dir.join(JOURNAL))
            .unwrap();
        let note = |seq: u32, id: &str, text: &str| {
            format!(
                "{{\"seq\":{seq},\"at\":\"2026-12-03T10:00:00Z\",\"type\":\"note_added\",\"note\":\"{id}\",\"board\":\"ideas\",\"category\":\"services\",\"text\":\"{text}\"}}\n"
            )
        };
        f.write_all(note(3, "n1", " ").as_bytes()).unwrap();
        f.write_all(note(4, "n2", "Shared reading group").as_bytes())
            .unwrap();
        f.write_all(note(5, "n2", "Again").as_bytes()).unwrap();
        drop(f);
        assert!(follower.poll(), "the good note is shown");
        let notes: Vec<&str> = follower
            .state
            .boards
            .notes
            .iter()
            .map(|n| n.text.as_str())
            .collect();
        assert_eq!(notes, ["Shared reading group"], "{notes:?}");
        assert_ne!(follower.state, before);
    }
}
