//! Following a session from another process: read its journal as it grows, never write it.
//! Survives the facilitator's app restarting (a resume may trim a torn tail: then the whole
//! journal is read again).

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use crate::pack::Pack;

use super::event::Event;
use super::state::State;
use super::{JOURNAL, Session, SessionError};

#[derive(Debug)]
pub struct Follower {
    pub dir: PathBuf,
    pub pack: Pack,
    pub state: State,
    /// Bytes of the journal already folded in (always the end of a whole line).
    offset: u64,
}

impl Follower {
    pub fn open(dir: &Path) -> Result<Follower, SessionError> {
        let (pack, state, replay) = Session::load(dir)?;
        Ok(Follower {
            dir: dir.to_path_buf(),
            pack,
            state,
            offset: replay.good_len,
        })
    }

    /// Folds in whatever the journal gained since last time. Returns true when the state
    /// changed. A read that fails (the file is being replaced) is tried again next time.
    pub fn poll(&mut self) -> bool {
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
                changed
            }
            Err(_) => false,
        }
    }
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
        assert!(follower.poll());
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
        assert!(follower.poll());
        assert_eq!(follower.state, live.state);
        assert!(follower.state.blank);
    }
}
