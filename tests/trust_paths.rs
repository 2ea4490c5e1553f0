//! What convene reads and writes on disk, and what it prints, when the pack, the journal or
//! the place to write is not what it seems: a link out of a pack, a device or a pipe as
//! `--out`, escape sequences in a title, a damaged last line, an error said twice.

use std::io::Read;
use std::os::unix::fs::{FileTypeExt, PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use convene::pack::{PackError, PackFiles};
use predicates::prelude::*;

fn convene(home: &Path) -> Command {
    let mut cmd = Command::cargo_bin("convene").unwrap();
    cmd.env("CONVENE_HOME", home).env_remove("NO_COLOR");
    cmd
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

/// A copy of the tests' small pack in `dir`.
fn small_pack(dir: &Path) -> PathBuf {
    let pack = dir.join("pack");
    copy_dir(
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/small-pack")),
        &pack,
    );
    pack
}

/// A copy of the export fixture's session (a finished workshop) at `dir`.
fn session(dir: &Path) -> PathBuf {
    copy_dir(
        Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/export/2026-06-18-092700-better-health-information-together"
        )),
        dir,
    );
    dir.to_path_buf()
}

/// Replaces `from` with `to` in a session's journal, as a hand edit would.
fn edit_journal(session: &Path, from: &str, to: &str) {
    let path = session.join("journal.jsonl");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "the fixture holds {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

// --- 5: a pack's links ---------------------------------------------------------------

#[test]
fn a_link_out_of_the_pack_is_refused_by_validate_and_run_naming_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    let pack = small_pack(tmp.path());
    let secret = tmp.path().join("secret.txt");
    std::fs::write(&secret, "TOP SECRET").unwrap();
    symlink(&secret, pack.join("shadow.md")).unwrap();
    let link = pack.join("shadow.md").display().to_string();

    for command in ["validate", "run"] {
        let out = convene(tmp.path()).arg(command).arg(&pack).output().unwrap();
        let err = stderr_of(&out);
        assert_eq!(out.status.code(), Some(1), "{command}: {err}");
        assert!(
            err.contains(&format!("{link} is a link to")) && err.contains("outside the pack folder"),
            "{command}: {err}"
        );
        assert!(!String::from_utf8_lossy(&out.stdout).contains("TOP SECRET"));
    }
    // The library refuses it too, so no session can copy it.
    let Err(PackError::Outside { file, .. }) = PackFiles::read_dir(&pack) else {
        panic!("a link out of the pack was read");
    };
    assert!(file.ends_with("shadow.md"), "{file}");
}

#[test]
fn a_link_to_another_file_of_the_pack_is_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let pack = small_pack(tmp.path());
    std::fs::rename(pack.join("slides.md"), pack.join("slides-v2.text")).unwrap();
    symlink("slides-v2.text", pack.join("slides.md")).unwrap();
    convene(tmp.path())
        .arg("validate")
        .arg(&pack)
        .assert()
        .code(0)
        .stdout(predicate::str::contains(": ok."));
    // And the session's copy holds the slides as a file of its own.
    let copy = tmp.path().join("copy");
    PackFiles::read_dir(&pack).unwrap().write_to(&copy).unwrap();
    let meta = std::fs::symlink_metadata(copy.join("slides.md")).unwrap();
    assert!(meta.file_type().is_file());
}

#[test]
fn the_copy_of_a_pack_is_fresh_files_never_written_through_a_link() {
    let tmp = tempfile::tempdir().unwrap();
    let files = PackFiles::read_dir(&small_pack(tmp.path())).unwrap();
    let victim = tmp.path().join("victim.txt");
    std::fs::write(&victim, "untouched").unwrap();
    let copy = tmp.path().join("copy");
    std::fs::create_dir(&copy).unwrap();
    symlink(&victim, copy.join("workshop.toml")).unwrap();

    files.write_to(&copy).unwrap();

    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "untouched");
    for name in files.files.keys() {
        let meta = std::fs::symlink_metadata(copy.join(name)).unwrap();
        assert!(meta.file_type().is_file(), "{name} is a regular file");
        // Ordinary permissions: nobody else may write, nothing runs.
        assert_eq!(meta.permissions().mode() & 0o7133, 0, "{name}");
    }
    assert_eq!(
        std::fs::read(copy.join("workshop.toml")).unwrap(),
        files.files["workshop.toml"]
    );
}

#[test]
fn a_file_name_cannot_take_the_copy_out_of_its_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let mut files = PackFiles::builtin();
    files.files.insert("../escaped.md".to_string(), b"# out".to_vec());
    assert!(files.write_to(&tmp.path().join("copy")).is_err());
    assert!(!tmp.path().join("escaped.md").exists());
}

// --- 7: --out a device or a pipe -----------------------------------------------------

#[test]
fn export_to_dev_null_leaves_it_a_device() {
    let null = Path::new("/dev/null");
    let before = std::fs::metadata(null).unwrap();
    assert!(before.file_type().is_char_device());
    let tmp = tempfile::tempdir().unwrap();
    let s = session(&tmp.path().join("s"));
    convene(tmp.path())
        .arg("export")
        .arg(&s)
        .args(["--format", "json", "--out", "/dev/null"])
        .assert()
        .success();
    let after = std::fs::metadata(null).unwrap();
    assert!(after.file_type().is_char_device(), "/dev/null is still a device");
    assert_eq!(after.ino(), before.ino());
    // No temporary file was left beside it either.
    let litter: Vec<_> = std::fs::read_dir("/dev")
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".null."))
        .collect();
    assert!(litter.is_empty(), "{litter:?}");
}

use std::os::unix::fs::MetadataExt;

#[test]
fn export_to_a_pipe_writes_into_the_pipe() {
    let tmp = tempfile::tempdir().unwrap();
    let s = session(&tmp.path().join("s"));
    let fifo = tmp.path().join("pipe");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success(), "mkfifo made a pipe");

    let (sent, received) = std::sync::mpsc::channel();
    let reading = fifo.clone();
    std::thread::spawn(move || {
        let mut text = String::new();
        std::fs::File::open(&reading)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        let _ = sent.send(text);
    });

    convene(tmp.path())
        .arg("export")
        .arg(&s)
        .args(["--format", "json", "--out"])
        .arg(&fifo)
        .timeout(Duration::from_secs(60))
        .assert()
        .success();

    let meta = std::fs::symlink_metadata(&fifo).unwrap();
    assert!(meta.file_type().is_fifo(), "the pipe is still a pipe");
    let text = received
        .recv_timeout(Duration::from_secs(30))
        .expect("the reader got the export");
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["schema"], "convene.outcomes/1");
}

// --- 8: text from files and people is cleaned on the way out ------------------------

const TITLE: &str = "Better health information, together";
const OSC_TITLE: &str =
    "Better health\\u001b]0;pwned\\u0007 information\\u001b]52;c;aGVsbG8=\\u0007, together";

fn has_escapes(text: &str) -> bool {
    text.contains('\u{1b}') || text.contains('\u{7}') || text.contains("pwned") || text.contains("52;")
}

#[test]
fn sessions_prints_a_title_without_its_escape_sequences() {
    let home = tempfile::tempdir().unwrap();
    let s = session(&home.path().join("sessions/2026-06-18-092700-x"));
    edit_journal(
        &s,
        &format!("\"title\":\"{TITLE}\""),
        &format!("\"title\":\"{OSC_TITLE}\""),
    );
    let out = convene(home.path()).arg("sessions").output().unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("Better health information, together"), "{stdout}");
    assert!(!has_escapes(&stdout), "{stdout:?}");
}

#[test]
fn validate_prints_pack_text_without_escape_sequences() {
    let tmp = tempfile::tempdir().unwrap();
    let pack = small_pack(tmp.path());
    let path = pack.join("workshop.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text.replacen(
        "title = \"Reading together\"",
        "title = \"Reading\\u001b]0;pwned\\u0007 together\"",
        1,
    );
    std::fs::write(&path, &text).unwrap();
    let out = convene(tmp.path()).arg("validate").arg(&pack).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("\"Reading together\""), "{stdout}");
    assert!(!has_escapes(&stdout), "{stdout:?}");

    // A problem quoting the pack's text.
    std::fs::write(&path, format!("{text}\"\\u001b]52;c;aGk=\\u0007\" = 1\n")).unwrap();
    let out = convene(tmp.path()).arg("validate").arg(&pack).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("unknown key"), "{stdout}");
    assert!(!has_escapes(&stdout), "{stdout:?}");
}

#[test]
fn an_error_quoting_a_journal_is_printed_without_escape_sequences() {
    let tmp = tempfile::tempdir().unwrap();
    let s = session(&tmp.path().join("s"));
    // A damaged line in the middle: the error quotes what it found there.
    edit_journal(
        &s,
        "\"type\":\"note_added\"",
        "\"type\":\"\\u001b]0;pwned\\u0007\"",
    );
    let out = convene(tmp.path())
        .arg("export")
        .arg(&s)
        .args(["--format", "json", "--out", "-"])
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("this line is damaged"), "{err}");
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
}

#[test]
fn notes_csv_cleans_a_hand_edited_note() {
    let tmp = tempfile::tempdir().unwrap();
    let s = session(&tmp.path().join("s"));
    edit_journal(
        &s,
        "Health information drop-ins every Tuesday",
        "Health information\\u001b]0;pwned\\u0007 drop-ins\\u001b[2J every \\u202eTuesday",
    );
    let out = convene(tmp.path())
        .arg("export")
        .arg(&s)
        .args(["--format", "notes", "--out", "-"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(",Health information drop-ins every Tuesday,"),
        "{text}"
    );
    assert!(
        !has_escapes(&text) && !text.contains("[2J") && !text.contains('\u{202e}'),
        "{text:?}"
    );
}

// --- 11: a damaged last line is said ---------------------------------------------------

#[test]
fn export_says_it_passed_over_a_damaged_last_line() {
    let tmp = tempfile::tempdir().unwrap();
    let s = session(&tmp.path().join("s"));
    let mut journal = std::fs::OpenOptions::new()
        .append(true)
        .open(s.join("journal.jsonl"))
        .unwrap();
    std::io::Write::write_all(
        &mut journal,
        br#"{"seq":999,"at":"2026-06-18T12:00:00Z","type":"navig"#,
    )
    .unwrap();
    drop(journal);
    let out = convene(tmp.path())
        .arg("export")
        .arg(&s)
        .args(["--format", "json", "--out", "-"])
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("convene: warning: ") && err.contains("the last line is damaged"),
        "{err}"
    );
    serde_json::from_slice::<serde_json::Value>(&out.stdout).expect("the export is still whole");
}

// --- 14: messages say each thing once, and the right thing ---------------------------

#[test]
fn an_export_that_cannot_be_written_says_why_once() {
    let tmp = tempfile::tempdir().unwrap();
    let s = session(&tmp.path().join("s"));
    // A folder that cannot be made, even by root: a file is in the way.
    std::fs::write(tmp.path().join("plain"), "a file").unwrap();
    let out = convene(tmp.path())
        .arg("export")
        .arg(&s)
        .args(["--format", "json", "--out"])
        .arg(tmp.path().join("plain/outcomes.json"))
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("cannot write") && err.contains("plain"), "{err}");
    assert_eq!(err.matches("(os error").count(), 1, "{err}");
}

#[test]
fn a_session_whose_pack_has_one_problem_says_the_problem_once() {
    let tmp = tempfile::tempdir().unwrap();
    let s = session(&tmp.path().join("s"));
    let workshop = s.join("pack/workshop.toml");
    let text = std::fs::read_to_string(&workshop).unwrap();
    std::fs::write(&workshop, format!("colour = \"red\"\n{text}")).unwrap();
    let out = convene(tmp.path())
        .arg("export")
        .arg(&s)
        .args(["--format", "json", "--out", "-"])
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("workshop.toml:1:1: unknown key \"colour\""), "{err}");
    assert_eq!(err.matches("1 problem in").count(), 1, "{err}");
}

#[test]
fn a_pack_whose_workshop_toml_cannot_be_read_says_so_and_where() {
    let tmp = tempfile::tempdir().unwrap();
    let pack = small_pack(tmp.path());
    let workshop = pack.join("workshop.toml");
    std::fs::remove_file(&workshop).unwrap();
    // A link to itself: no one can read it, root included.
    symlink("workshop.toml", &workshop).unwrap();
    let out = convene(tmp.path()).arg("validate").arg(&pack).output().unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!("cannot read {}", workshop.display())),
        "{err}"
    );
    assert!(!err.contains("has no workshop.toml"), "{err}");
    assert_eq!(err.matches("(os error").count(), 1, "{err}");
}

#[test]
fn an_unreadable_pack_folder_is_reported_as_unreadable() {
    let tmp = tempfile::tempdir().unwrap();
    let pack = small_pack(tmp.path());
    std::fs::set_permissions(&pack, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read_dir(&pack).is_ok() {
        // Root reads a folder whatever its permissions (CI runs as root); the test above
        // covers a pack that cannot be read by anyone.
        std::fs::set_permissions(&pack, std::fs::Permissions::from_mode(0o755)).unwrap();
        eprintln!("skipped: this user reads folders without permission (root)");
        return;
    }
    let out = convene(tmp.path()).arg("validate").arg(&pack).output().unwrap();
    std::fs::set_permissions(&pack, std::fs::Permissions::from_mode(0o755)).unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains(&format!("cannot read {}", pack.display())), "{err}");
    assert!(!err.contains("has no workshop.toml"), "{err}");
    assert_eq!(err.matches("Permission denied").count(), 1, "{err}");
}
