//! Exporting a session while it is still being written: the facilitator's app appends notes
//! while exports run beside it, in this process (the library) and in another (the
//! `convene export` binary). Every export is whole and valid, never goes backwards, and the
//! journal ends byte for byte as the writer wrote it: an export only ever reads.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use chrono::{DateTime, FixedOffset, TimeDelta, TimeZone, Utc};
use convene::export::{self, Format};
use convene::pack::Pack;
use convene::session::{Command, NoteFields, Session, StartOptions};
use serde_json::Value;

/// Exports each reader must see while the writer is still writing.
const EXPORTS_WHILE_WRITING: usize = 8;

fn at(second: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 20, 10, 0, 0).unwrap() + TimeDelta::seconds(second)
}

fn utc() -> FixedOffset {
    FixedOffset::east_opt(0).unwrap()
}

fn schema_errors(json: &Value) -> Vec<String> {
    static VALIDATOR: OnceLock<jsonschema::Validator> = OnceLock::new();
    VALIDATOR
        .get_or_init(|| {
            let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/outcomes.schema.json");
            let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
            jsonschema::options()
                .should_validate_formats(true)
                .build(&schema)
                .unwrap()
        })
        .iter_errors(json)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// A valid export's note count.
fn checked_notes(json: &[u8]) -> usize {
    let value: Value = serde_json::from_slice(json).expect("every export is whole JSON");
    let errors = schema_errors(&value);
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    value["notes"].as_array().unwrap().len()
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Exports a session folder until told the writer is done, counting its exports; returns
/// the note count of each export.
type Reader = Box<dyn FnOnce(&Path, &AtomicBool, &AtomicUsize) -> Vec<usize> + Send>;

/// Runs `readers` beside a writer that adds notes (and some votes) to a session until the
/// readers have exported enough times, writing the same commands to a twin session no
/// reader touches. Checks the journal against the twin's at the end.
fn while_writing(readers: Vec<Reader>) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("live");
    let twin_dir = tmp.path().join("twin");
    let start =
        |dir: &Path| Session::create(dir, Pack::builtin().unwrap(), &StartOptions::default(), at(0)).unwrap();
    let (mut live, mut twin) = (start(&dir), start(&twin_dir));
    let done = AtomicBool::new(false);
    let exports = AtomicUsize::new(0);
    let wanted = EXPORTS_WHILE_WRITING * readers.len();
    let written = std::thread::scope(|scope| {
        let handles: Vec<_> = readers
            .into_iter()
            .map(|reader| {
                let (dir, done, exports) = (&dir, &done, &exports);
                scope.spawn(move || reader(dir, done, exports))
            })
            .collect();
        let mut notes = 0;
        for i in 1..=5000i64 {
            let command = if i % 5 == 0 {
                Command::Vote {
                    target: format!("n{}", i / 5),
                    delta: 1,
                }
            } else {
                notes += 1;
                Command::AddNote(NoteFields {
                    board: "ideas".into(),
                    category: "events".into(),
                    text: format!("Idea {i} | with *awkward* <text>\nand a second line"),
                    sector: Some("public-library".into()),
                    ..NoteFields::default()
                })
            };
            live.execute(&command, at(i)).unwrap();
            twin.execute(&command, at(i)).unwrap();
            let finished = handles.iter().any(|h| h.is_finished());
            if (notes >= 50 && exports.load(Ordering::SeqCst) >= wanted) || finished {
                break;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        done.store(true, Ordering::SeqCst);
        let counts: Vec<Vec<usize>> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        let total: usize = counts.iter().map(Vec::len).sum();
        assert!(total > wanted, "only {total} exports");
        for seen in counts {
            assert!(seen.len() >= 2, "each reader exported while the writer wrote");
            assert!(
                seen.windows(2).all(|w| w[0] <= w[1]),
                "note counts never go down: {seen:?}"
            );
            assert_eq!(
                *seen.last().unwrap(),
                notes,
                "the last export, after the writer, has every note"
            );
        }
        notes
    });
    assert!(written >= 50);
    drop((live, twin));
    let journal = std::fs::read(dir.join("journal.jsonl")).unwrap();
    assert_eq!(
        journal,
        std::fs::read(twin_dir.join("journal.jsonl")).unwrap(),
        "the journal is exactly what the writer wrote"
    );
    assert_eq!(
        listing(&dir),
        ["journal.jsonl", "pack"],
        "an export adds nothing to the session folder"
    );
}

/// Exports until the writer is done, then once more.
fn export_loop(done: &AtomicBool, exports: &AtomicUsize, mut once: impl FnMut() -> usize) -> Vec<usize> {
    let mut seen = Vec::new();
    loop {
        let finished = done.load(Ordering::SeqCst);
        seen.push(once());
        exports.fetch_add(1, Ordering::SeqCst);
        if finished {
            return seen;
        }
    }
}

#[test]
fn library_exports_of_a_running_session_are_whole_and_never_write_it() {
    let out = tempfile::tempdir().unwrap();
    let out_dir: PathBuf = out.path().to_path_buf();
    let to_stdout = |dir: &Path, done: &AtomicBool, exports: &AtomicUsize| {
        export_loop(done, exports, || {
            let mut json = Vec::new();
            let written = export::export_session(
                dir,
                Format::Json,
                Some(Path::new("-")),
                Utc::now(),
                utc(),
                &mut json,
            )
            .unwrap();
            assert!(written.is_empty());
            checked_notes(&json)
        })
    };
    let to_files = move |dir: &Path, done: &AtomicBool, exports: &AtomicUsize| {
        export_loop(done, exports, || {
            let written = export::export_session(
                dir,
                Format::All,
                Some(&out_dir),
                Utc::now(),
                utc(),
                &mut Vec::new(),
            )
            .unwrap();
            assert_eq!(written.len(), 6);
            let report = std::fs::read_to_string(&written[1]).unwrap();
            assert!(report.ends_with(".*\n"), "the report is whole");
            checked_notes(&std::fs::read(&written[0]).unwrap())
        })
    };
    while_writing(vec![Box::new(to_stdout), Box::new(to_stdout), Box::new(to_files)]);
    assert_eq!(
        listing(out.path()),
        [
            "actions.csv",
            "first-meeting-agenda.md",
            "notes.csv",
            "outcomes.json",
            "outcomes.md",
            "terms-of-reference.md"
        ]
    );
}

/// Needs `convene export` wired to `export::run_cli` in src/cli.rs.
#[test]
fn the_binary_exports_a_running_session_from_another_process() {
    let home = tempfile::tempdir().unwrap();
    let home_dir = home.path().to_path_buf();
    let reader = move |dir: &Path, done: &AtomicBool, exports: &AtomicUsize| {
        export_loop(done, exports, || {
            let output = assert_cmd::Command::cargo_bin("convene")
                .unwrap()
                .env("CONVENE_HOME", &home_dir)
                .args(["export".as_ref(), dir.as_os_str()])
                .args(["--format", "json", "--out", "-"])
                .output()
                .unwrap();
            assert!(
                output.status.success(),
                "convene export failed: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            checked_notes(&output.stdout)
        })
    };
    while_writing(vec![Box::new(reader.clone()), Box::new(reader)]);
}
