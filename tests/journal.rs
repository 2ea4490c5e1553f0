//! The session journal: round trips, survives a torn last line, refuses a damaged middle.

use std::io::Write;

use chrono::{DateTime, TimeZone, Utc};
use convene::pack::Pack;
use convene::session::{Command, EventKind, JournalError, Session, SessionError, StartOptions, journal};

fn at(minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 9, 30, 0).unwrap() + chrono::TimeDelta::minutes(minute as i64)
}

fn started(dir: &std::path::Path) -> Session {
    let options = StartOptions {
        start: None,
        facilitator: Some("Sam Jones".to_string()),
        venue: None,
        seed: None,
    };
    Session::create(dir, Pack::builtin().unwrap(), &options, at(0)).unwrap()
}

#[test]
fn a_session_round_trips_through_its_journal() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("s");
    let mut session = started(&dir);
    for minute in 1..=5 {
        session.execute(&Command::Next, at(minute)).unwrap();
    }
    session.execute(&Command::GoToItem(2), at(6)).unwrap();
    session.execute(&Command::Previous, at(7)).unwrap();
    let live = session.state.clone();
    drop(session);

    let (pack, replayed, replay) = Session::load(&dir).unwrap();
    assert_eq!(replayed, live, "the replayed state equals the live one");
    assert_eq!(replay.events.len(), 8);
    assert!(replay.warnings.is_empty());
    assert_eq!(replayed.facilitator.as_deref(), Some("Sam Jones"));
    assert_eq!(
        replayed.planned_start,
        chrono::NaiveTime::from_hms_opt(9, 30, 0).unwrap()
    );
    assert_eq!(replayed.title, pack.workshop.title);
    // The session keeps its own copy of the pack.
    assert!(dir.join("pack/workshop.toml").is_file());
    assert_eq!(replayed.pack_hash, pack.files.hash());

    // Every event line is JSON with seq, at and type, after one header line.
    let text = std::fs::read_to_string(dir.join("journal.jsonl")).unwrap();
    let mut lines = text.lines();
    let header: serde_json::Value = serde_json::from_str(lines.next().unwrap()).unwrap();
    assert_eq!(header["convene_journal"], 1);
    for (i, line) in lines.enumerate() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["seq"], i as u64 + 1);
        assert!(v["at"].as_str().unwrap().ends_with('Z'));
        assert!(v["type"].is_string());
    }
}

#[test]
fn resume_continues_where_the_session_was() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("s");
    let mut session = started(&dir);
    session.execute(&Command::GoToItem(3), at(1)).unwrap();
    session.execute(&Command::Next, at(2)).unwrap();
    let position = session.state.position.clone();
    drop(session);

    let (mut resumed, warnings) = Session::resume(&dir).unwrap();
    assert!(warnings.is_empty());
    assert_eq!(resumed.state.position, position);
    resumed.execute(&Command::Next, at(3)).unwrap();
    let replay = journal::read(&dir.join("journal.jsonl")).unwrap();
    let seqs: Vec<u64> = replay.events.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, [1, 2, 3, 4]);
}

#[test]
fn a_torn_last_line_is_skipped_with_a_warning_and_repaired_on_resume() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("s");
    let mut session = started(&dir);
    session.execute(&Command::Next, at(1)).unwrap();
    let before = session.state.clone();
    drop(session);

    let path = dir.join("journal.jsonl");
    let mut f = std::fs::OpenOptions::new().append(true).open(&path).unwrap();
    f.write_all(br#"{"seq":3,"at":"2026-11-27T09:33:00Z","type":"navig"#)
        .unwrap();
    drop(f);

    let replay = journal::read(&path).unwrap();
    assert_eq!(replay.events.len(), 2, "every earlier event is kept");
    assert_eq!(replay.warnings.len(), 1);
    assert!(
        replay.warnings[0].contains(":4: the last line is damaged"),
        "{:?}",
        replay.warnings
    );

    let (mut resumed, warnings) = Session::resume(&dir).unwrap();
    assert_eq!(warnings.len(), 1);
    assert_eq!(resumed.state, before);
    resumed.execute(&Command::Next, at(2)).unwrap();
    drop(resumed);

    // The torn bytes were moved aside, and the journal reads cleanly again.
    let aside = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains("journal.jsonl.torn-"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .unwrap();
    assert!(aside.contains("\"type\":\"navig"));
    let replay = journal::read(&path).unwrap();
    assert!(replay.warnings.is_empty(), "{:?}", replay.warnings);
    assert_eq!(replay.events.iter().map(|e| e.seq).collect::<Vec<_>>(), [1, 2, 3]);
}

#[test]
fn a_damaged_middle_line_is_an_error_naming_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("s");
    let mut session = started(&dir);
    session.execute(&Command::Next, at(1)).unwrap();
    session.execute(&Command::Next, at(2)).unwrap();
    drop(session);

    let path = dir.join("journal.jsonl");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines[2] = "{\"seq\":2,\"at\":\"not a time\",\"type\":\"navigated\"}";
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();

    let err = journal::read(&path).unwrap_err();
    assert!(matches!(err, JournalError::Corrupt { line: 3, .. }), "{err:?}");
    assert!(
        err.to_string().contains("journal.jsonl:3: this line is damaged"),
        "{err}"
    );
    let err = Session::resume(&dir).unwrap_err();
    assert!(matches!(
        err,
        SessionError::Journal(JournalError::Corrupt { line: 3, .. })
    ));
}

#[test]
fn a_journal_from_a_newer_convene_is_refused_clearly() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("journal.jsonl");
    std::fs::write(
        &path,
        "{\"convene_journal\":9,\"created_at\":\"2026-11-27T09:30:00Z\",\"convene_version\":\"9.0.0\"}\n",
    )
    .unwrap();
    let err = journal::read(&path).unwrap_err();
    assert!(err.to_string().contains("written by a newer convene"), "{err}");
    std::fs::write(&path, "").unwrap();
    assert!(matches!(
        journal::read(&path).unwrap_err(),
        JournalError::Empty { .. }
    ));
}

#[test]
fn navigation_is_journaled_as_events() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("s");
    let mut session = started(&dir);
    session.execute(&Command::GoToItem(1), at(1)).unwrap();
    let replay = journal::read(&dir.join("journal.jsonl")).unwrap();
    let last = &replay.events.last().unwrap().kind;
    let id = session.pack.programme.items[1].id.clone();
    assert_eq!(
        last,
        &EventKind::Navigated {
            item: id,
            slide: 0,
            step: 0
        }
    );
}

#[test]
fn a_folder_with_a_session_is_not_overwritten() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("s");
    drop(started(&dir));
    let err = Session::create(&dir, Pack::builtin().unwrap(), &StartOptions::default(), at(1)).unwrap_err();
    assert!(matches!(err, SessionError::Exists(_)), "{err:?}");
}

#[test]
fn a_damaged_last_line_followed_by_a_blank_line_is_moved_aside_on_resume() {
    // Found by the fuzz tests: the blank line after a damaged last line must not pull the
    // damaged line into the good part of the journal.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("s");
    drop(started(&dir));
    let path = dir.join("journal.jsonl");
    let mut f = std::fs::OpenOptions::new().append(true).open(&path).unwrap();
    f.write_all(b"{\"not\":\"an event\"}\n\n").unwrap();
    drop(f);
    let (mut resumed, warnings) = Session::resume(&dir).unwrap();
    assert_eq!(warnings.len(), 1);
    resumed.execute(&Command::Next, at(1)).unwrap();
    drop(resumed);
    let replay = journal::read(&path).unwrap();
    assert!(replay.warnings.is_empty(), "{:?}", replay.warnings);
    assert_eq!(replay.events.len(), 2);
}

/// A journal of three navigations whose line `line` (1-based, header included) is given
/// the time `time`.
fn journal_with_time_on(dir: &std::path::Path, line: usize, time: &str) -> std::path::PathBuf {
    let mut session = started(dir);
    session.execute(&Command::Next, at(1)).unwrap();
    session.execute(&Command::Next, at(2)).unwrap();
    drop(session);
    let path = dir.join("journal.jsonl");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let (before, after) = lines[line - 1].split_once(r#""at":""#).unwrap();
    let (_, rest) = after.split_once('"').unwrap();
    lines[line - 1] = format!(r#"{before}"at":"{time}"{rest}"#);
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

#[test]
fn a_time_outside_the_years_a_session_can_use_is_a_damaged_line() {
    for time in [
        "+262142-12-31T23:59:59.999Z",
        "9999-12-31T23:59:59Z",
        "1970-01-01T00:00:00Z",
        "1999-12-31T23:59:59Z",
    ] {
        // In the middle: refused, naming the line.
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("s");
        let path = journal_with_time_on(&dir, 3, time);
        let err = journal::read(&path).unwrap_err();
        assert!(
            matches!(err, JournalError::Corrupt { line: 3, .. }),
            "{time}: {err:?}"
        );
        let message = err.to_string();
        assert!(
            message.contains("journal.jsonl:3: this line is damaged (the time ")
                && message.contains("is outside the years a session can use (2000-01-01 to 9999-12-24)"),
            "{message}"
        );
        assert!(Session::resume(&dir).is_err());

        // Last: skipped with a warning, and resume, follow and "fit the rest" carry on.
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("s");
        let path = journal_with_time_on(&dir, 4, time);
        let replay = journal::read(&path).unwrap();
        assert_eq!(replay.events.len(), 2, "{time}");
        assert_eq!(replay.warnings.len(), 1);
        assert!(
            replay.warnings[0].contains("journal.jsonl:4: the last line is damaged (the time "),
            "{:?}",
            replay.warnings
        );
        let (mut resumed, warnings) = Session::resume(&dir).unwrap();
        assert_eq!(warnings.len(), 1);
        let offset = chrono::FixedOffset::east_opt(0).unwrap();
        let _ = convene::session::schedule::fit_the_rest(&resumed.pack, &resumed.state, at(3), offset, false);
        resumed.execute(&Command::Next, at(3)).unwrap();
        drop(resumed);
        let mut follower = convene::session::Follower::open(&dir).unwrap();
        assert!(!follower.poll());
        assert_eq!(follower.state.events, 3);
    }
}

#[test]
fn the_first_and_last_days_a_session_can_use_are_read() {
    for time in [
        "2000-01-01T00:00:00Z",
        "9999-12-24T23:59:59Z",
        "9999-12-24T23:59:59.999999999Z",
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("s");
        let path = journal_with_time_on(&dir, 4, time);
        let replay = journal::read(&path).unwrap();
        assert!(replay.warnings.is_empty(), "{time}: {:?}", replay.warnings);
        assert_eq!(replay.events[2].at, time.parse::<DateTime<Utc>>().unwrap());
    }
}

#[test]
fn a_repeated_or_misshapen_id_or_a_blank_note_is_a_damaged_line() {
    let note = |id: &str, text: &str| {
        format!(
            r#"{{"seq":9,"at":"2026-11-27T09:40:00Z","type":"note_added","note":"{id}","board":"ideas","category":"barriers","text":"{text}"}}"#
        )
    };
    // A placement on the grid of a note never added.
    let placed = |id: &str| {
        format!(
            r#"{{"seq":9,"at":"2026-11-27T09:40:00Z","type":"note_placed","note":"{id}","quadrant":"top-right"}}"#
        )
    };
    for (lines, detail) in [
        (
            [note("n1", "a"), note("n1", "b")],
            "note n1 was already added on line 3",
        ),
        (
            [note("n1", "a"), note("zz", "b")],
            r#""zz" is not a note id: those are n1, n2, ..."#,
        ),
        ([note("n1", "a"), note("c1", "b")], r#""c1" is not a note id"#),
        ([note("n1", "a"), note("n2", " ")], "the note's text is blank"),
        (
            [note("n1", "a"), placed("n2")],
            "note n2 is placed on a grid before it was added",
        ),
        ([note("n1", "a"), placed("c1")], r#""c1" is not a note id"#),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("s");
        drop(started(&dir));
        let path = dir.join("journal.jsonl");
        let head = std::fs::read_to_string(&path).unwrap();
        // In the middle (line 4 of 5): refused, naming the line.
        let nav = r#"{"seq":10,"at":"2026-11-27T09:41:00Z","type":"blanked","blank":true}"#;
        std::fs::write(&path, format!("{head}{}\n{}\n{nav}\n", lines[0], lines[1])).unwrap();
        let err = journal::read(&path).unwrap_err();
        assert!(matches!(err, JournalError::Corrupt { line: 4, .. }), "{err:?}");
        assert!(
            err.to_string()
                .contains(&format!(":4: this line is damaged ({detail}")),
            "{err}"
        );
        // Last: skipped with a warning, the rest kept.
        std::fs::write(&path, format!("{head}{}\n{}\n", lines[0], lines[1])).unwrap();
        let replay = journal::read(&path).unwrap();
        assert_eq!(replay.events.len(), 2);
        assert!(
            replay.warnings[0].contains(&format!(":4: the last line is damaged ({detail}")),
            "{:?}",
            replay.warnings
        );
    }
}

#[test]
fn a_clock_outside_the_journal_years_writes_times_the_reader_accepts() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("s");
    let mut session = started(&dir);
    let past = Utc.with_ymd_and_hms(1980, 1, 1, 0, 0, 0).unwrap();
    let future = Utc.with_ymd_and_hms(20000, 1, 1, 0, 0, 0).unwrap();
    session.execute(&Command::Next, past).unwrap();
    session.execute(&Command::Next, future).unwrap();
    drop(session);
    let replay = journal::read(&dir.join("journal.jsonl")).expect("every line is accepted");
    let times: Vec<i32> = replay
        .events
        .iter()
        .map(|e| chrono::Datelike::year(&e.at))
        .collect();
    assert_eq!(times[times.len() - 2..], [2000, 9999], "{times:?}");
}
