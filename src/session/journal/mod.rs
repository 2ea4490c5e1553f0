//! `journal.jsonl`: a header line, then one event a line. Every append is flushed and fsynced
//! before it returns, so what the screen shows is already on disk; a command's events are
//! appended in one write, all or nothing.

use std::fs::{File, OpenOptions};
use std::io::{BufReader, ErrorKind, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::event::{Event, EventKind};

/// The journal format this build writes and reads.
pub const FORMAT: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub convene_journal: u32,
    pub created_at: DateTime<Utc>,
    pub convene_version: String,
}

#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error("cannot {action} {path}: {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} is open for writing in another convene window")]
    Busy { path: PathBuf },
    #[error(
        "{path} is a symbolic link; convene writes a session only into its own folder, never through a link (put the file itself there instead)"
    )]
    Symlink { path: PathBuf },
    #[error("{path} is gone: the session folder was deleted or moved while convene was running")]
    Gone { path: PathBuf },
    #[error(
        "{path} is no longer the journal convene opened: the session folder was replaced while convene was running"
    )]
    Replaced { path: PathBuf },
    #[error("{path} is empty: it has no header line, so it is not a convene journal")]
    Empty { path: PathBuf },
    #[error("{path}:1: the first line is not a convene journal header ({detail})")]
    BadHeader { path: PathBuf, detail: String },
    #[error(
        "{path}:1: written by a newer convene (journal format {found}; this one reads {FORMAT}); update convene"
    )]
    TooNew { path: PathBuf, found: u64 },
    #[error(
        "{path}:{line}: this line is damaged ({detail}), and events follow it; convene will not guess what it said. Fix or remove that line by hand (keep a copy), then try again"
    )]
    Corrupt {
        path: PathBuf,
        line: usize,
        detail: String,
    },
}

/// What a journal holds, read back.
#[derive(Debug, Clone)]
pub struct Replay {
    pub header: Header,
    pub events: Vec<Event>,
    /// Problems that were survived, for the facilitator to see.
    pub warnings: Vec<String>,
    /// Byte length of the good part of the file: everything up to the end of the last event
    /// that was kept.
    pub good_len: u64,
}

/// What a journal's path led to when the journal was opened. The path is looked at again
/// before and after every write (and at quit): a session folder deleted, moved or replaced
/// while convene runs must show as "not saving", never as saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalId {
    path: PathBuf,
    /// The file's device and inode. Elsewhere std does not say which file a path is, so
    /// there only a journal that is gone (or is no longer a file) can be told.
    #[cfg(unix)]
    file: (u64, u64),
}

impl JournalId {
    fn of(path: &Path, meta: &std::fs::Metadata) -> JournalId {
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt;
        #[cfg(not(unix))]
        let _ = meta;
        JournalId {
            path: path.to_path_buf(),
            #[cfg(unix)]
            file: (meta.dev(), meta.ino()),
        }
    }

    /// Ok while the path still leads to the journal that was opened.
    pub fn check(&self) -> Result<(), JournalError> {
        let path = self.path.clone();
        let meta = match std::fs::symlink_metadata(&self.path) {
            Ok(meta) => meta,
            Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => {
                return Err(JournalError::Gone { path });
            }
            Err(source) => {
                return Err(JournalError::Io {
                    action: "find",
                    path,
                    source,
                });
            }
        };
        if !meta.is_file() || JournalId::of(&self.path, &meta) != *self {
            return Err(JournalError::Replaced { path });
        }
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// An open journal, for appending. Only one process at a time holds a journal open this
/// way (see `Journal::lock`).
#[derive(Debug)]
pub struct Journal {
    file: File,
    id: JournalId,
    next_seq: u64,
    /// Bytes of whole lines in the file: where a failed write is cut back to.
    len: u64,
    /// Why nothing stops a second writer, when the folder's filesystem cannot lock files.
    unguarded: Option<String>,
    /// The file the lock is held on when it is not the journal itself (on Windows).
    _lock: Option<File>,
    /// The event whose write fails, in tests of what a failed write leaves.
    #[cfg(test)]
    fail_on: Option<u64>,
}

impl Journal {
    /// Starts a new journal (which must not exist yet, not even as a link) and writes its
    /// header, once it holds the lock.
    pub fn create(path: &Path, now: DateTime<Utc>) -> Result<Journal, JournalError> {
        let io = |action, source| JournalError::Io {
            action,
            path: path.to_path_buf(),
            source,
        };
        let mut file = OpenOptions::new()
            .create_new(true)
            .append(true)
            .open(path)
            .map_err(|e| io("create", e))?;
        let (lock, unguarded) = Journal::lock(&file, path)?;
        let id = JournalId::of(path, &file.metadata().map_err(|e| io("read", e))?);
        let header = Header {
            convene_journal: FORMAT,
            created_at: now,
            convene_version: env!("CARGO_PKG_VERSION").to_string(),
        };
        let mut line = serde_json::to_string(&header).expect("a header always serialises");
        line.push('\n');
        file.write_all(line.as_bytes()).map_err(|e| io("write", e))?;
        file.sync_all().map_err(|e| io("sync", e))?;
        // The new file's name must reach the disk too.
        Journal::sync_dir(path);
        Ok(Journal {
            file,
            id,
            next_seq: 1,
            len: line.len() as u64,
            unguarded,
            _lock: lock,
            #[cfg(test)]
            fail_on: None,
        })
    }

    /// Opens an existing journal to go on appending to it: refused if its path is a
    /// symbolic link or another convene has it open. Nothing is written here: `replay`
    /// reads it, then `resume` readies it for appending.
    pub fn open(path: &Path) -> Result<Journal, JournalError> {
        let io = |action, source| JournalError::Io {
            action,
            path: path.to_path_buf(),
            source,
        };
        let seen = std::fs::symlink_metadata(path).map_err(|e| io("open", e))?;
        if seen.file_type().is_symlink() {
            return Err(JournalError::Symlink {
                path: path.to_path_buf(),
            });
        }
        let file = OpenOptions::new()
            .read(true)
            .append(true)
            .open(path)
            .map_err(|e| io("open", e))?;
        let meta = file.metadata().map_err(|e| io("read", e))?;
        let id = JournalId::of(path, &meta);
        // A link put in its place between the look and the open is caught here.
        if id != JournalId::of(path, &seen) {
            return Err(JournalError::Symlink {
                path: path.to_path_buf(),
            });
        }
        let (lock, unguarded) = Journal::lock(&file, path)?;
        Ok(Journal {
            file,
            id,
            next_seq: 1,
            len: meta.len(),
            unguarded,
            _lock: lock,
            #[cfg(test)]
            fail_on: None,
        })
    }

    /// Reads the open journal from its start, as `read` reads a path.
    pub fn replay(&mut self) -> Result<Replay, JournalError> {
        self.file
            .seek(SeekFrom::Start(0))
            .map_err(|source| JournalError::Io {
                action: "read",
                path: self.id.path.clone(),
                source,
            })?;
        read_from(BufReader::new(&self.file), &self.id.path)
    }

    /// Readies an open journal for appending after `replay`: the last step of a resume, once
    /// everything else has worked, as it is the only one that may change the file. A torn
    /// last line is moved aside to a new `journal.jsonl.torn-XXXXXX` (never thrown away,
    /// never written into a file or link already there) so the next append starts on a
    /// clean line.
    pub fn resume(&mut self, replay: &Replay) -> Result<(), JournalError> {
        let path = self.id.path.clone();
        let io = |action, source| JournalError::Io {
            action,
            path: path.clone(),
            source,
        };
        self.id.check()?;
        let len = self.file.metadata().map_err(|e| io("read", e))?.len();
        if len > replay.good_len {
            let mut torn = Vec::new();
            self.file
                .seek(SeekFrom::Start(replay.good_len))
                .and_then(|_| self.file.read_to_end(&mut torn))
                .map_err(|e| io("read", e))?;
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            let dir = match path.parent() {
                Some(dir) if !dir.as_os_str().is_empty() => dir,
                _ => Path::new("."),
            };
            let keep = |source| JournalError::Io {
                action: "set aside the torn end of",
                path: path.clone(),
                source,
            };
            let mut aside = tempfile::Builder::new()
                .prefix(&format!("{name}.torn-"))
                .tempfile_in(dir)
                .map_err(keep)?;
            let file = aside.as_file_mut();
            file.write_all(&torn)
                .and_then(|_| file.write_all(b"\n"))
                .and_then(|_| file.sync_all())
                .map_err(keep)?;
            aside.keep().map_err(|e| keep(e.error))?;
            Journal::sync_dir(&path);
            self.file.set_len(replay.good_len).map_err(|e| io("repair", e))?;
            self.file.sync_all().map_err(|e| io("sync", e))?;
        }
        self.next_seq = replay.events.last().map_or(1, |e| e.seq + 1);
        self.len = replay.good_len;
        Ok(())
    }

    /// One writer per session: an advisory lock that the OS holds for this process and
    /// drops when it ends, however it ends (`kill -9`, a power cut), so no stale lock is
    /// ever left to clean up. On unix it is `flock` on the journal itself (Linux makes it an
    /// fcntl lock on NFS, so other machines see it too); on Windows `LockFileEx` on
    /// `journal.lock` beside it, as a lock on the journal there would stop `follow` and
    /// `export` reading it. Readers never take it. A filesystem that cannot lock at all (NFS
    /// without its lock service, some network shares) leaves the session unguarded, and
    /// says so.
    fn lock(file: &File, path: &Path) -> Result<(Option<File>, Option<String>), JournalError> {
        #[cfg(unix)]
        let side: Option<File> = None;
        #[cfg(not(unix))]
        let side = Some(Journal::lock_file(path)?);
        match side.as_ref().unwrap_or(file).try_lock() {
            Ok(()) => Ok((side, None)),
            Err(std::fs::TryLockError::WouldBlock) => Err(JournalError::Busy {
                path: path.to_path_buf(),
            }),
            Err(std::fs::TryLockError::Error(e)) => Ok((
                side,
                Some(format!(
                    "{} cannot be locked here ({e}), so nothing stops a second window writing this session too: run it in one window only",
                    path.display()
                )),
            )),
        }
    }

    /// `journal.lock`, opened (made if need be, never through a link) to hold the lock.
    #[cfg(not(unix))]
    fn lock_file(path: &Path) -> Result<File, JournalError> {
        let lock = path.with_extension("lock");
        if std::fs::symlink_metadata(&lock).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(JournalError::Symlink { path: lock });
        }
        OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&lock)
            .map_err(|source| JournalError::Io {
                action: "open",
                path: lock.clone(),
                source,
            })
    }

    /// Makes a new or renamed file's name reach the disk (where folders can be synced).
    fn sync_dir(path: &Path) {
        if let Some(dir) = path.parent()
            && let Ok(d) = File::open(dir)
        {
            let _ = d.sync_all();
        }
    }

    /// Appends one event; when this returns Ok, the event is on disk.
    pub fn append(&mut self, at: DateTime<Utc>, kind: EventKind) -> Result<Event, JournalError> {
        let mut events = self.append_all(at, vec![kind])?;
        Ok(events.remove(0))
    }

    /// Appends the events of one command, all or nothing: when this returns Ok every one of
    /// them is on disk, in the file at the journal's path; on an error none is, and the file
    /// is as it was.
    pub fn append_all(
        &mut self,
        at: DateTime<Utc>,
        kinds: Vec<EventKind>,
    ) -> Result<Vec<Event>, JournalError> {
        if kinds.is_empty() {
            return Ok(Vec::new());
        }
        // Writing into a journal no longer at its path would look saved and be lost.
        self.id.check()?;
        // A clock set outside the years a journal may hold would write lines its own reader
        // refuses: such a time is held at the nearest one it may.
        let range = super::schedule::journal_range();
        let at = at.clamp(range.start, range.end - chrono::TimeDelta::milliseconds(1));
        let events: Vec<Event> = kinds
            .into_iter()
            .zip(self.next_seq..)
            .map(|(kind, seq)| Event { seq, at, kind })
            .collect();
        let mut lines = Vec::new();
        for event in &events {
            serde_json::to_writer(&mut lines, event).expect("events always serialise");
            lines.push(b'\n');
        }
        // One write of every line, so a crash tears at most this command's lines.
        let written = self
            .write_lines(&lines)
            .and_then(|_| self.file.flush())
            .map_err(|source| JournalError::Io {
                action: "write to",
                path: self.id.path.clone(),
                source,
            })
            .and_then(|_| {
                self.file.sync_data().map_err(|source| JournalError::Io {
                    action: "sync",
                    path: self.id.path.clone(),
                    source,
                })
            })
            // The folder may have gone while the lines were written.
            .and_then(|_| self.id.check());
        if let Err(e) = written {
            // A full disk can take part of the lines: cut them off, so the journal stays
            // whole and the next write (once there is room) does not follow a broken line.
            let _ = self.file.set_len(self.len);
            return Err(e);
        }
        self.len += lines.len() as u64;
        self.next_seq += events.len() as u64;
        Ok(events)
    }

    fn write_lines(&mut self, lines: &[u8]) -> std::io::Result<()> {
        #[cfg(test)]
        if let Some(n) = self.fail_on.and_then(|seq| seq.checked_sub(self.next_seq)) {
            // The lines before event `fail_on` reach the file, then the disk is full.
            let cut: usize = lines
                .split_inclusive(|b| *b == b'\n')
                .take(n as usize)
                .map(<[u8]>::len)
                .sum();
            if cut < lines.len() {
                self.file.write_all(&lines[..cut])?;
                return Err(std::io::Error::other("no space left on the test's disk"));
            }
        }
        self.file.write_all(lines)
    }

    pub fn path(&self) -> &Path {
        &self.id.path
    }

    /// Which file the journal is, to check later that it is still at its path.
    pub fn id(&self) -> &JournalId {
        &self.id
    }

    /// Why no lock keeps a second window out, when the filesystem could not lock.
    pub fn unguarded(&self) -> Option<&str> {
        self.unguarded.as_deref()
    }

    /// From now on, a write that holds the event numbered `seq` fails partway, just before
    /// that event's line, as a disk that fills up does; `None` makes room again.
    #[cfg(test)]
    pub(crate) fn fail_on_event_for_tests(&mut self, seq: Option<u64>) {
        self.fail_on = seq;
    }

    /// The journal as a read-only filesystem leaves it: open, but every write refused.
    #[cfg(test)]
    pub(crate) fn read_only_for_tests(path: &Path) -> Journal {
        let file = File::open(path).expect("the journal exists");
        let meta = file.metadata().expect("the journal exists");
        Journal {
            id: JournalId::of(path, &meta),
            file,
            next_seq: 1,
            len: meta.len(),
            unguarded: None,
            _lock: None,
            fail_on: None,
        }
    }
}

mod ids;
mod read;

pub(crate) use ids::Ids;
pub use read::{read, read_from};
