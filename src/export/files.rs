//! Putting the outcomes on disk (or standard output): which files a format means, where
//! `--out` sends them, and writing each one atomically, so a crash mid-export leaves either
//! the old file or the new one, never half of one. A session is only ever read here
//! (`Session::load`): the journal is never opened for writing, locked or touched.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, Local, Offset, TimeZone, Utc};

use super::ExportError;
use super::outcomes::Outcomes;
use crate::pack::Pack;
use crate::session::{JOURNAL, PACK_DIR, Session, State};

pub const JSON_FILE: &str = "outcomes.json";
pub const MARKDOWN_FILE: &str = "outcomes.md";
pub const CSV_FILE: &str = "notes.csv";
pub const ACTIONS_FILE: &str = "actions.csv";
pub const TERMS_FILE: &str = "terms-of-reference.md";
pub const AGENDA_FILE: &str = "first-meeting-agenda.md";

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `outcomes.json`
    Json,
    /// `outcomes.md`, the report (the draft Terms of Reference is a section of it).
    Markdown,
    /// `notes.csv` and `actions.csv`.
    Csv,
    /// `notes.csv` on its own.
    Notes,
    /// `actions.csv` on its own.
    Actions,
    /// `terms-of-reference.md` on its own.
    Terms,
    /// `first-meeting-agenda.md`.
    Agenda,
    /// Every file.
    All,
}

impl Format {
    /// The file a single format writes; `None` for one of several files (`csv`, `all`).
    pub fn file_name(self) -> Option<&'static str> {
        match self {
            Format::Json => Some(JSON_FILE),
            Format::Markdown => Some(MARKDOWN_FILE),
            Format::Notes => Some(CSV_FILE),
            Format::Actions => Some(ACTIONS_FILE),
            Format::Terms => Some(TERMS_FILE),
            Format::Agenda => Some(AGENDA_FILE),
            Format::Csv | Format::All => None,
        }
    }

    fn singles(self) -> &'static [Format] {
        match self {
            Format::Json => &[Format::Json],
            Format::Markdown => &[Format::Markdown],
            Format::Csv => &[Format::Notes, Format::Actions],
            Format::Notes => &[Format::Notes],
            Format::Actions => &[Format::Actions],
            Format::Terms => &[Format::Terms],
            Format::Agenda => &[Format::Agenda],
            Format::All => &[
                Format::Json,
                Format::Markdown,
                Format::Notes,
                Format::Actions,
                Format::Terms,
                Format::Agenda,
            ],
        }
    }

    /// Its name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Markdown => "markdown",
            Format::Csv => "csv",
            Format::Notes => "notes",
            Format::Actions => "actions",
            Format::Terms => "terms",
            Format::Agenda => "agenda",
            Format::All => "all",
        }
    }
}

impl FromStr for Format {
    type Err = ExportError;

    /// `json`, `markdown` (or `md`), `csv`, `notes`, `actions`, `terms` (or `tor`),
    /// `agenda`, `all`; any case.
    fn from_str(s: &str) -> Result<Format, ExportError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "json" => Ok(Format::Json),
            "markdown" | "md" => Ok(Format::Markdown),
            "csv" => Ok(Format::Csv),
            "notes" => Ok(Format::Notes),
            "actions" => Ok(Format::Actions),
            "terms" | "tor" => Ok(Format::Terms),
            "agenda" => Ok(Format::Agenda),
            "all" => Ok(Format::All),
            _ => Err(ExportError::UnknownFormat(s.to_string())),
        }
    }
}

/// The files of a format, rendered into memory: (file name, bytes), in a fixed order.
pub fn render(outcomes: &Outcomes, format: Format) -> Vec<(&'static str, Vec<u8>)> {
    format
        .singles()
        .iter()
        .map(|f| {
            let bytes = match f {
                Format::Json => super::json(outcomes).into_bytes(),
                Format::Markdown => super::markdown(outcomes).into_bytes(),
                Format::Notes => super::csv(outcomes),
                Format::Actions => super::actions_csv(outcomes),
                Format::Terms => super::terms_of_reference(outcomes).into_bytes(),
                Format::Agenda => super::agenda(outcomes).into_bytes(),
                Format::Csv | Format::All => unreachable!("singles holds single files only"),
            };
            (f.file_name().expect("a single format has a file"), bytes)
        })
        .collect()
}

/// The command line's `convene export`: reads the session at `session_dir` (already
/// resolved) without writing it, and writes `format` (see [`Format`]'s names) where `out`
/// says:
///
/// - no `out`: into the session folder;
/// - `-`: to standard output, for one file only (several at once would be one stream
///   nobody could split again, so that is refused with a message saying what to do);
/// - for several files (`csv`, `all`), a folder (created if missing);
/// - for one format, a folder that exists (or a path ending in `/`) gets the usual file
///   name; anything else is the file to write (its folder is created if missing).
///
/// Returns the paths written (none for standard output), and the warnings reading the
/// journal gave (a damaged last line, passed over), for the facilitator to see. Times are
/// stamped now, in the time zone this computer had when the session started.
pub fn run_cli(
    session_dir: &Path,
    format: &str,
    out: Option<&Path>,
) -> Result<(Vec<PathBuf>, Vec<String>), ExportError> {
    let format: Format = format.parse()?;
    let (pack, state, replay) = Session::load(session_dir)?;
    let now = Utc::now();
    let offset = local_offset(state.started_at.unwrap_or(now));
    let stdout = io::stdout();
    let mut stdout = stdout.lock();
    let written = export(&pack, &state, session_dir, format, out, now, offset, &mut stdout)?;
    Ok((written, replay.warnings))
}

/// [`run_cli`] with everything passed in: the session is read (never written), and the
/// outcomes stamped `now` in the room's `offset`; standard output is `stdout`.
pub fn export_session(
    session_dir: &Path,
    format: Format,
    out: Option<&Path>,
    now: DateTime<Utc>,
    offset: FixedOffset,
    stdout: &mut dyn Write,
) -> Result<Vec<PathBuf>, ExportError> {
    let (pack, state, _) = Session::load(session_dir)?;
    export(&pack, &state, session_dir, format, out, now, offset, stdout)
}

/// For the running app (`w`): every format into the session folder, from the pack and state
/// it already holds. Returns the paths written.
pub fn write_outcomes(
    pack: &Pack,
    state: &State,
    session_dir: &Path,
    now: DateTime<Utc>,
    offset: FixedOffset,
) -> Result<Vec<PathBuf>, ExportError> {
    export(
        pack,
        state,
        session_dir,
        Format::All,
        None,
        now,
        offset,
        &mut io::sink(),
    )
}

/// Like [`write_outcomes`], into another `folder` (created if missing): the session's id
/// still comes from `session_dir`, and the session's own files are still never written over.
pub fn write_outcomes_to(
    pack: &Pack,
    state: &State,
    session_dir: &Path,
    folder: &Path,
    now: DateTime<Utc>,
    offset: FixedOffset,
) -> Result<Vec<PathBuf>, ExportError> {
    export(
        pack,
        state,
        session_dir,
        Format::All,
        Some(folder),
        now,
        offset,
        &mut io::sink(),
    )
}

/// The UTC offset this computer's time zone had at `at`: the session's start, so a report
/// written after the clocks change still shows the times the room saw.
pub fn local_offset(at: DateTime<Utc>) -> FixedOffset {
    Local.from_utc_datetime(&at.naive_utc()).offset().fix()
}

/// The session's id: its folder's name.
pub fn session_id(session_dir: &Path) -> String {
    let named = |p: &Path| p.file_name().map(|n| n.to_string_lossy().into_owned());
    named(session_dir)
        .or_else(|| session_dir.canonicalize().ok().as_deref().and_then(named))
        .unwrap_or_else(|| session_dir.display().to_string())
}

enum Target {
    Stdout,
    Folder(PathBuf),
    File(PathBuf),
}

#[allow(clippy::too_many_arguments)] // private: the public entry points each fix some of these
fn export(
    pack: &Pack,
    state: &State,
    session_dir: &Path,
    format: Format,
    out: Option<&Path>,
    now: DateTime<Utc>,
    offset: FixedOffset,
    stdout: &mut dyn Write,
) -> Result<Vec<PathBuf>, ExportError> {
    let target = match out {
        None => Target::Folder(session_dir.to_path_buf()),
        Some(p) if p.as_os_str() == "-" => {
            if format.file_name().is_none() {
                return Err(ExportError::SeveralToStdout(format.name()));
            }
            Target::Stdout
        }
        Some(p) if format.file_name().is_none() => {
            if p.exists() && !p.is_dir() {
                return Err(ExportError::NotAFolder(p.to_path_buf(), format.name()));
            }
            Target::Folder(p.to_path_buf())
        }
        Some(p) => {
            let slash = p
                .as_os_str()
                .to_string_lossy()
                .ends_with(['/', std::path::MAIN_SEPARATOR]);
            if p.is_dir() || slash {
                Target::Folder(p.to_path_buf())
            } else {
                Target::File(p.to_path_buf())
            }
        }
    };
    let outcomes = Outcomes::build(pack, state, &session_id(session_dir), now, offset);
    let files = render(&outcomes, format);
    let mut written = Vec::new();
    match target {
        Target::Stdout => {
            for (_, bytes) in &files {
                match stdout.write_all(bytes).and_then(|_| stdout.flush()) {
                    // `convene export --out - | head` is not a failure.
                    Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
                    r => r.map_err(ExportError::Stdout)?,
                }
            }
        }
        Target::Folder(dir) => {
            std::fs::create_dir_all(&dir).map_err(|source| ExportError::Write {
                path: dir.clone(),
                source,
            })?;
            for (name, bytes) in &files {
                let path = dir.join(name);
                guard(session_dir, &path)?;
                write_atomic(&path, bytes)?;
                written.push(path);
            }
        }
        Target::File(path) => {
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent).map_err(|source| ExportError::Write {
                    path: parent.to_path_buf(),
                    source,
                })?;
            }
            guard(session_dir, &path)?;
            write_atomic(&path, &files[0].1)?;
            written.push(path);
        }
    }
    Ok(written)
}

/// Refuses to write over the session itself: its journal (and a torn line moved aside), or
/// any file in its copy of the pack, where a stray `.md` would become part of the pack.
fn guard(session_dir: &Path, path: &Path) -> Result<(), ExportError> {
    let (Some(parent), Some(name)) = (path.parent(), path.file_name()) else {
        return Ok(());
    };
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    let (Ok(parent), Ok(session)) = (parent.canonicalize(), session_dir.canonicalize()) else {
        return Ok(());
    };
    let journal = parent == session && name.to_string_lossy().starts_with(JOURNAL);
    if journal || parent.starts_with(session.join(PACK_DIR)) {
        return Err(ExportError::Protected(path.to_path_buf()));
    }
    Ok(())
}

/// Writes `bytes` to `path`. A regular file (or a path with nothing there yet) is written
/// atomically: into a new temporary file in the same folder, flushed and synced to disk,
/// then renamed over `path` (and the folder synced, so the rename is on disk too). Readers
/// see the old file or the new one, never a mix; on any error the temporary file is removed
/// and `path` is as it was. Anything else (`/dev/null`, a pipe, a terminal) is opened and
/// written as it is: renaming over it would put a file where the device was.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    write_atomic_with(path, |file| file.write_all(bytes))
}

/// [`write_atomic`] with the writing done by `fill`, which may fail part-way (tests use
/// that to show a failed write leaves nothing behind).
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut File) -> io::Result<()>,
) -> Result<(), ExportError> {
    let failed = |source| ExportError::Write {
        path: path.to_path_buf(),
        source,
    };
    // What the path leads to (through links: `--out /dev/stdout` is a pipe or a terminal).
    if let Ok(meta) = std::fs::metadata(path)
        && !meta.is_file()
        && !meta.is_dir()
    {
        let mut file = OpenOptions::new().write(true).open(path).map_err(failed)?;
        return fill(&mut file).and_then(|_| file.flush()).map_err(failed);
    }
    let name = path
        .file_name()
        .ok_or_else(|| failed(io::Error::new(io::ErrorKind::InvalidInput, "not a file name")))?
        .to_string_lossy()
        .into_owned();
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    // A name nobody can guess and create first (as a link to somewhere else), and
    // create_new, which never opens what is already there, links included: two exports at
    // once (the app's `w` and a `convene export`) never share a temporary file either.
    let (tmp, mut file) = loop {
        let tmp = dir.join(format!(".{name}.{:016x}.tmp", rand::random::<u64>()));
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(file) => break (tmp, file),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(failed(e)),
        }
    };
    let written = fill(&mut file)
        .and_then(|_| file.flush())
        .and_then(|_| file.sync_all());
    // Closed before the rename or the removal, which Windows needs.
    drop(file);
    let result = written.and_then(|_| std::fs::rename(&tmp, path));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(failed(e));
    }
    // Best effort: not every platform can open a folder to sync it.
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}
