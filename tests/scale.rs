//! A long attendee list: imported as one command, journaled in a few lines, folded into the
//! same room as adding each person by hand.

use chrono::{DateTime, TimeZone, Utc};
use convene::pack::Pack;
use convene::session::attendees::{AttendeeRow, parse_attendees};
use convene::session::{Command, CommandError, Event, EventKind, Session, SessionError, StartOptions, State};

fn at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 9, 30, 0).unwrap()
}

fn start(dir: &std::path::Path) -> Session {
    Session::create(dir, Pack::builtin().unwrap(), &StartOptions::default(), at()).unwrap()
}

/// `n` rows of an attendee list as `--attendees` reads them: untidy spacing, organisations
/// in two cases, every way of naming a sector.
fn list(n: usize) -> Vec<AttendeeRow> {
    let sectors = ["NHS", "publib", "Public health", "charity", "", "CitAdv"];
    let mut csv = String::from("name,organisation,sector\n");
    for i in 0..n {
        let org = if i % 2 == 0 {
            "City Library"
        } else {
            "CITY  library "
        };
        csv.push_str(&format!(
            "\" Person  {i}\",{org} {},{}\n",
            i % 97,
            sectors[i % sectors.len()]
        ));
    }
    let (rows, problems) = parse_attendees(&csv, &Pack::builtin().unwrap().sectors);
    assert_eq!(problems, vec![]);
    assert_eq!(rows.len(), n);
    rows
}

fn journal_lines(s: &Session) -> Vec<serde_json::Value> {
    std::fs::read_to_string(s.journal_path())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn five_thousand_people_are_one_journal_line_and_the_same_room_as_one_at_a_time() {
    let tmp = tempfile::tempdir().unwrap();
    let rows = list(5_000);

    let mut imported = start(&tmp.path().join("imported"));
    imported
        .execute(&Command::ImportAttendees { rows: rows.clone() }, at())
        .unwrap();
    let lines = journal_lines(&imported);
    // The header, the start, and the whole list.
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[2]["type"], "attendees_imported");
    let first = &lines[2]["attendees"][0];
    let fields: Vec<&str> = first.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(fields, ["attendee", "name", "organisation", "sector"]);
    assert_eq!(first["attendee"], "p1");
    assert_eq!(first["name"], "Person 0", "cleaned as AddAttendee cleans");

    // Decided and folded one at a time as `execute` would (without 5,000 fsyncs).
    let mut one_by_one = start(&tmp.path().join("one-by-one"));
    for row in rows {
        let add = Command::AddAttendee {
            name: row.name,
            organisation: row.organisation,
            sector: row.sector,
        };
        for kind in one_by_one.apply(&add, at()).unwrap() {
            let seq = one_by_one.state.events + 1;
            one_by_one.state.apply(&Event { seq, at: at(), kind });
        }
    }
    assert_eq!(imported.state.boards, one_by_one.state.boards);
    assert_eq!(imported.state.boards.attendees.len(), 5_000);

    let (_, replayed, _) = Session::load(&imported.dir).unwrap();
    assert_eq!(replayed, imported.state, "the journal replays to what was shown");
}

#[test]
fn a_long_list_is_journaled_in_lines_of_ten_thousand_numbered_after_those_already_there() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = start(&tmp.path().join("s"));
    let walked_in = Command::AddAttendee {
        name: "Early Bird".into(),
        organisation: String::new(),
        sector: "nhs".into(),
    };
    s.execute(&walked_in, at()).unwrap();
    let before = s.state.clone();
    let rows = list(25_000);
    s.execute(&Command::ImportAttendees { rows: rows.clone() }, at())
        .unwrap();

    let lines = journal_lines(&s);
    let sizes: Vec<usize> = lines[3..]
        .iter()
        .map(|l| {
            assert_eq!(l["type"], "attendees_imported");
            l["attendees"].as_array().unwrap().len()
        })
        .collect();
    assert_eq!(sizes, [10_000, 10_000, 5_000]);

    // The same fold as one attendee_added a person.
    let mut expected: State = before;
    for (i, row) in rows.iter().enumerate() {
        expected.apply(&Event {
            seq: 0,
            at: at(),
            kind: EventKind::AttendeeAdded {
                attendee: format!("p{}", i + 2),
                name: convene::session::text::clean_line(&row.name),
                organisation: convene::session::text::clean_line(&row.organisation),
                sector: row.sector.clone(),
            },
        });
    }
    assert_eq!(s.state.boards, expected.boards);
    let last = s.state.boards.attendee("p25001").unwrap();
    assert_eq!(last.name, "Person 24999");
}

#[test]
fn a_list_with_one_refused_row_adds_nobody() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = start(&tmp.path().join("s"));
    let before = std::fs::read(s.journal_path()).unwrap();
    let mut rows = list(12_000);
    rows[11_000].sector = "nowhere".into();
    let err = s
        .execute(&Command::ImportAttendees { rows: rows.clone() }, at())
        .unwrap_err();
    assert!(
        matches!(err, SessionError::Command(CommandError::UnknownSector(ref s)) if s == "nowhere"),
        "{err}"
    );
    rows[11_000].sector = "nhs".into();
    rows[3].name = " \u{1b}[2J ".into();
    let err = s.execute(&Command::ImportAttendees { rows }, at()).unwrap_err();
    assert!(
        matches!(err, SessionError::Command(CommandError::EmptyName)),
        "{err}"
    );
    assert!(s.state.boards.attendees.is_empty());
    assert_eq!(std::fs::read(s.journal_path()).unwrap(), before);

    s.execute(&Command::ImportAttendees { rows: Vec::new() }, at())
        .unwrap();
    assert_eq!(
        std::fs::read(s.journal_path()).unwrap(),
        before,
        "an empty list writes nothing"
    );
}
