//! Trusting the session folder: one writer per session, a folder deleted or replaced under
//! the app never shows as saved, a resume that fails changes nothing, and nothing is ever
//! written through a link found in a session folder. The same in a real terminal is in
//! `trust_session_terminal.rs`.

use std::io::Write;
use std::path::{Path, PathBuf};

use assert_cmd::Command as Cli;
use chrono::{DateTime, TimeZone, Utc};
use convene::pack::Pack;
use convene::session::draft::{self, Draft};
use convene::session::{Command, JournalError, Session, SessionError, StartOptions, journal};
use predicates::prelude::*;

fn at(minute: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 9, 30, 0).unwrap() + chrono::TimeDelta::minutes(minute)
}

fn started(dir: &Path) -> Session {
    Session::create(dir, Pack::builtin().unwrap(), &StartOptions::default(), at(0)).unwrap()
}

/// The names in a folder, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A session left by a crash mid-write: its journal ends in half a line.
fn torn(dir: &Path) -> PathBuf {
    let mut session = started(dir);
    session.execute(&Command::Next, at(1)).unwrap();
    drop(session);
    let path = dir.join("journal.jsonl");
    let mut f = std::fs::OpenOptions::new().append(true).open(&path).unwrap();
    f.write_all(br#"{"seq":3,"at":"2026-11-27T09:33:00Z","type":"navig"#)
        .unwrap();
    path
}

#[test]
fn a_second_window_on_an_open_session_is_refused_and_told_to_follow() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("s");
    let mut first = started(&dir);
    first.execute(&Command::Next, at(1)).unwrap();
    let bytes = std::fs::read(first.journal_path()).unwrap();

    let err = Session::resume(&dir).unwrap_err();
    assert!(matches!(err, SessionError::AlreadyOpen(_)), "{err:?}");
    let said = err.to_string();
    assert!(
        said.contains("already open in another window")
            && said.contains(&format!("convene follow {}", dir.display())),
        "{said}"
    );
    // Nor can a new session be started over it.
    let err = Session::create(&dir, Pack::builtin().unwrap(), &StartOptions::default(), at(2)).unwrap_err();
    assert!(matches!(err, SessionError::AlreadyOpen(_)), "{err:?}");
    assert_eq!(
        std::fs::read(first.journal_path()).unwrap(),
        bytes,
        "nothing written"
    );

    // Readers (follow, export, the session list) never take the lock.
    let (_, state, _) = Session::load(&dir).unwrap();
    assert_eq!(state, first.state);

    // Once the first closes (or dies: the OS drops the lock), the session opens again.
    first.execute(&Command::Next, at(3)).unwrap();
    drop(first);
    let (mut again, _) = Session::resume(&dir).unwrap();
    again.execute(&Command::Next, at(4)).unwrap();
    let seqs: Vec<u64> = journal::read(again.journal_path())
        .unwrap()
        .events
        .iter()
        .map(|e| e.seq)
        .collect();
    assert_eq!(seqs, [1, 2, 3, 4], "one writer: no number written twice");
}

#[test]
fn a_session_folder_deleted_mid_run_is_not_saving_and_is_not_made_again() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("s");
    let mut session = started(&dir);
    session.execute(&Command::Next, at(1)).unwrap();
    let id = session.journal_id();
    id.check().unwrap();
    let before = session.state.clone();

    std::fs::remove_dir_all(&dir).unwrap();
    let err = session.execute(&Command::Next, at(2)).unwrap_err();
    assert!(
        matches!(err, SessionError::Journal(JournalError::Gone { .. })),
        "{err:?}"
    );
    assert!(err.to_string().contains("deleted or moved"), "{err}");
    assert_eq!(session.state, before, "nothing shown as done that was not saved");
    assert!(id.check().is_err(), "the quit message is told too");

    // The note being typed is not kept in a folder made again in its place.
    let note = Draft {
        board: "ideas".into(),
        category: "skills".into(),
        text: "Half a thought".into(),
        open: true,
        ..Draft::default()
    };
    assert!(session.save_draft(Some(&note)).is_err());
    assert!(!dir.exists(), "the deleted folder was made again");
}

#[test]
fn a_session_folder_moved_or_replaced_mid_run_is_not_saving() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("s");
    let mut session = started(&dir);
    session.execute(&Command::Next, at(1)).unwrap();

    // Moved away: the journal is still whole where it went, but not where the app writes.
    let moved = tmp.path().join("moved");
    std::fs::rename(&dir, &moved).unwrap();
    let err = session.execute(&Command::Next, at(2)).unwrap_err();
    assert!(
        matches!(err, SessionError::Journal(JournalError::Gone { .. })),
        "{err:?}"
    );
    let kept = std::fs::read(moved.join("journal.jsonl")).unwrap();

    // Replaced: a copy of the folder put back at its path is another file.
    copy_dir(&moved, &dir);
    let err = session.execute(&Command::Next, at(3)).unwrap_err();
    assert!(
        matches!(err, SessionError::Journal(JournalError::Replaced { .. })),
        "{err:?}"
    );
    assert!(err.to_string().contains("replaced"), "{err}");
    assert_eq!(std::fs::read(moved.join("journal.jsonl")).unwrap(), kept);
    assert_eq!(std::fs::read(dir.join("journal.jsonl")).unwrap(), kept);
    let note = Draft {
        text: "Half a thought".into(),
        ..Draft::default()
    };
    assert!(session.save_draft(Some(&note)).is_err());
    assert!(!dir.join(draft::DRAFT).exists(), "no draft in the other folder");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn a_resume_without_a_terminal_changes_nothing_on_disk() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("s");
    let path = torn(&dir);
    let bytes = std::fs::read(&path).unwrap();
    let files = names(&dir);
    Cli::cargo_bin("convene")
        .unwrap()
        .env("CONVENE_HOME", home.path())
        .arg("resume")
        .arg(&dir)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("needs a terminal"));
    assert_eq!(
        std::fs::read(&path).unwrap(),
        bytes,
        "the journal is byte for byte as it was"
    );
    assert_eq!(names(&dir), files, "no file set aside or made");
}

#[test]
fn a_resume_that_fails_leaves_a_torn_journal_as_it_was() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("s");
    let path = torn(&dir);
    // The session's copy of its pack is broken: the resume fails after reading the journal.
    std::fs::write(dir.join("pack").join("workshop.toml"), "title = \"T\"\n").unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let files = names(&dir);
    let err = Session::resume(&dir).unwrap_err();
    assert!(matches!(err, SessionError::Pack { .. }), "{err:?}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        bytes,
        "the torn line is still there"
    );
    assert_eq!(names(&dir), files, "nothing set aside");
}

/// A file outside the session folder that a planted link points at.
#[cfg(unix)]
fn victim(tmp: &Path) -> PathBuf {
    let victim = tmp.join("elsewhere.txt");
    std::fs::write(&victim, "not convene's\n").unwrap();
    victim
}

#[cfg(unix)]
#[test]
fn the_draft_is_never_written_through_a_link() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("s");
    std::fs::create_dir(&dir).unwrap();
    let victim = victim(tmp.path());
    symlink(&victim, dir.join("draft.json.tmp")).unwrap();
    let note = Draft {
        board: "ideas".into(),
        category: "skills".into(),
        text: "Half a thought".into(),
        open: true,
        ..Draft::default()
    };
    draft::save(&dir, Some(&note)).unwrap();
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "not convene's\n");
    assert_eq!(draft::load(&dir), Some(note.clone()));

    // A link at draft.json itself is replaced, not written through.
    std::fs::remove_file(dir.join("draft.json")).unwrap();
    symlink(&victim, dir.join("draft.json")).unwrap();
    draft::save(&dir, Some(&note)).unwrap();
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "not convene's\n");
    assert!(
        !dir.join("draft.json")
            .symlink_metadata()
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(draft::load(&dir), Some(note));
}

#[cfg(unix)]
#[test]
fn a_torn_tail_is_set_aside_in_a_new_file_never_through_a_link() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("s");
    let path = torn(&dir);
    let victim = victim(tmp.path());
    std::os::unix::fs::symlink(&victim, dir.join("journal.jsonl.torn")).unwrap();

    let (mut resumed, warnings) = Session::resume(&dir).unwrap();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    resumed.execute(&Command::Next, at(2)).unwrap();
    drop(resumed);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "not convene's\n");
    let aside: Vec<String> = names(&dir)
        .into_iter()
        .filter(|n| n.starts_with("journal.jsonl.torn-"))
        .collect();
    assert_eq!(aside.len(), 1, "{:?}", names(&dir));
    let kept = std::fs::read_to_string(dir.join(&aside[0])).unwrap();
    assert!(kept.contains(r#""type":"navig"#), "{kept}");
    let replay = journal::read(&path).unwrap();
    assert!(replay.warnings.is_empty(), "{:?}", replay.warnings);
    assert_eq!(replay.events.iter().map(|e| e.seq).collect::<Vec<_>>(), [1, 2, 3]);
}

#[cfg(unix)]
#[test]
fn a_journal_that_is_a_link_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    // A real session elsewhere, and a folder whose journal is a link to it.
    let real = tmp.path().join("real");
    drop(started(&real));
    let bytes = std::fs::read(real.join("journal.jsonl")).unwrap();
    let dir = tmp.path().join("s");
    std::fs::create_dir(&dir).unwrap();
    std::fs::create_dir(dir.join("pack")).unwrap();
    copy_dir(&real.join("pack"), &dir.join("pack"));
    std::os::unix::fs::symlink(real.join("journal.jsonl"), dir.join("journal.jsonl")).unwrap();

    let err = Session::resume(&dir).unwrap_err();
    assert!(
        matches!(err, SessionError::Journal(JournalError::Symlink { .. })),
        "{err:?}"
    );
    assert!(err.to_string().contains("symbolic link"), "{err}");
    let err = Session::create(&dir, Pack::builtin().unwrap(), &StartOptions::default(), at(1)).unwrap_err();
    assert!(matches!(err, SessionError::Exists(_)), "{err:?}");
    assert_eq!(std::fs::read(real.join("journal.jsonl")).unwrap(), bytes);
}
