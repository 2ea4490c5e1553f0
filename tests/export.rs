//! Exporting outcomes: golden files from a fixed session, the published JSON Schema, the
//! escaping of user text, atomic writes, and where `--out` sends things.
//!
//! The fixture session (tests/fixtures/export/2026-06-18-…/) is a real session folder: a copy
//! of the pack and a journal made by `build_fixture` below through the public command API,
//! with fixed times. Its exports are compared byte for byte with tests/fixtures/export/golden/.
//! After an intended change, rewrite the journal and the golden files with
//!
//!     UPDATE_GOLDEN=1 cargo test --test export
//!
//! and read the diff of the golden files before committing them. (Delete the fixture's
//! pack/ folder first to take a fresh copy of the built-in pack.)

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeDelta, TimeZone, Utc};
use convene::export::escape::{csv_cell, escape_cell, escape_inline, escape_text};
use convene::export::{self, ExportError, Format, Outcomes};
use convene::pack::Quadrant;
use convene::pack::{Pack, PackFiles};
use convene::session::board::{ActionFields, ActionStatus};
use convene::session::text::strip;
use convene::session::{Command, NoteFields, PlannedItem, Screen, Session, StartOptions};
use proptest::prelude::*;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde_json::Value;

const SESSION: &str = "2026-06-18-092700-better-health-information-together";
const FILES: [&str; 6] = [
    "outcomes.json",
    "outcomes.md",
    "notes.csv",
    "actions.csv",
    "terms-of-reference.md",
    "first-meeting-agenda.md",
];

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/export")
}

fn updating() -> bool {
    std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1")
}

/// The room is an hour ahead of UTC (a British summer).
fn room() -> FixedOffset {
    FixedOffset::east_opt(3600).unwrap()
}

/// Minutes after the session began, 09:27 in the room.
fn at(minute: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 18, 8, 27, 0).unwrap() + TimeDelta::minutes(minute)
}

fn exported_at() -> DateTime<Utc> {
    at(240) + TimeDelta::seconds(17)
}

// ---------------------------------------------------------------------------------------
// The fixture session

/// The fixture's own copy of the pack: the built-in one with a venue (that has a `|` in it).
fn fixture_pack() -> Pack {
    let dir = fixtures().join(SESSION).join("pack");
    if !dir.join("workshop.toml").is_file() {
        assert!(
            updating(),
            "{} is missing; UPDATE_GOLDEN=1 makes it",
            dir.display()
        );
        let mut files = PackFiles::builtin();
        let workshop = files.files.get_mut("workshop.toml").unwrap();
        let text = String::from_utf8(workshop.clone()).unwrap();
        let edited = text.replace(
            "# venue = \"Central Library, Room 2\"",
            "venue = \"Central Library, Room 2 | Floor 1\"",
        );
        assert_ne!(
            text, edited,
            "the built-in workshop.toml still has its venue comment"
        );
        *workshop = edited.into_bytes();
        files.write_to(&dir).unwrap();
    }
    Pack::load(&dir).unwrap()
}

/// Who wrote a note: sector, organisation, author.
type Who = (Option<&'static str>, Option<&'static str>, Option<&'static str>);

const NOBODY: Who = (None, None, None);
const LIBRARY: Who = (Some("public-library"), Some("Central Library"), None);
const ADA: Who = (
    Some("public-library"),
    Some("Central Library"),
    Some("Ada Lovelace"),
);
const TRUST: Who = (Some("nhs"), Some("Northshire NHS Foundation Trust"), None);
const PRIYA: Who = (
    Some("nhs"),
    Some("Northshire NHS Foundation Trust"),
    Some("Dr Priya Shah"),
);
const KIM: Who = (
    Some("nhs"),
    Some("Northshire NHS Foundation Trust"),
    Some("Kim *Star* Lee"),
);
const COUNCIL: Who = (
    Some("public-health"),
    Some("Northshire Council | Public Health"),
    None,
);
const MARYAM: Who = (
    Some("public-health"),
    Some("Northshire Council | Public Health"),
    Some("مريم الحسن"),
);
const ADVICE: Who = (Some("citizens-advice"), Some("Citizens Advice Northshire"), None);
const TOM: Who = (
    Some("citizens-advice"),
    Some("Citizens Advice Northshire"),
    Some("Tom O'Neill"),
);
const CARERS: Who = (Some("voluntary"), Some("Carers' Voice & Co"), None);
const ZOE: Who = (
    Some("voluntary"),
    Some("Carers' Voice & Co"),
    Some("Zoë Brontë 📚"),
);
const UNIVERSITY: Who = (Some("academic"), Some("Northshire University"), None);
const JO: Who = (None, None, Some("Jo Bloggs"));
const JO_PUBLIC: Who = (Some("public"), None, Some("Jo Bloggs"));
const CHARITY: Who = (Some("voluntary"), None, None);
const ADVISER: Who = (Some("citizens-advice"), None, None);

/// Runs commands at minutes after the start; any refusal fails the test.
struct Builder {
    session: Session,
}

impl Builder {
    fn run(&mut self, minute: i64, command: Command) {
        if let Err(e) = self.session.execute(&command, at(minute)) {
            panic!("{command:?}: {e}");
        }
    }

    /// A note on `board/category`; returns its id.
    fn note(&mut self, minute: i64, column: &str, text: &str, (sector, organisation, author): Who) -> String {
        let (board, category) = column.split_once('/').unwrap();
        let fields = NoteFields {
            board: board.into(),
            category: category.into(),
            text: text.into(),
            sector: sector.map(Into::into),
            organisation: organisation.map(Into::into),
            author: author.map(Into::into),
        };
        self.run(minute, Command::AddNote(fields));
        self.session.state.boards.notes.last().unwrap().id.clone()
    }

    fn go(&mut self, minute: i64, item: usize) {
        self.run(minute, Command::GoToItem(item));
    }

    fn vote(&mut self, minute: i64, target: &str, delta: i64) {
        let target = target.into();
        self.run(minute, Command::Vote { target, delta });
    }

    fn attendee(&mut self, minute: i64, name: &str, organisation: &str, sector: &str) {
        let (name, organisation, sector) = (name.into(), organisation.into(), sector.into());
        self.run(
            minute,
            Command::AddAttendee {
                name,
                organisation,
                sector,
            },
        );
    }

    fn draw(&mut self, minute: i64, activity: &str, seed: u64) {
        let activity = activity.into();
        self.run(
            minute,
            Command::FormGroups {
                activity,
                seed: Some(seed),
            },
        );
    }

    fn cluster(&mut self, minute: i64, notes: &[&String], title: &str) {
        let notes = notes.iter().map(|n| n.to_string()).collect();
        let title = title.into();
        self.run(minute, Command::Cluster { notes, title });
    }

    fn hide(&mut self, minute: i64, board: &str, hidden: bool) {
        let board = board.into();
        self.run(minute, Command::HideBoard { board, hidden });
    }

    fn action(&mut self, minute: i64, fields: ActionFields, source_note: Option<&String>) {
        let source_note = source_note.cloned();
        self.run(minute, Command::AddAction { fields, source_note });
    }

    fn edit_action(&mut self, minute: i64, action: &str, fields: ActionFields) {
        let action = action.into();
        self.run(minute, Command::EditAction { action, fields });
    }
}

/// An action's fields: text, owner, organisation, due date and status.
fn action(
    text: &str,
    owner: Option<&str>,
    organisation: Option<&str>,
    due: Option<(i32, u32, u32)>,
    status: ActionStatus,
) -> ActionFields {
    ActionFields {
        text: text.into(),
        owner: owner.map(Into::into),
        organisation: organisation.map(Into::into),
        due: due.map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap()),
        status,
    }
}

/// A morning's workshop with every kind of event and the most awkward text people type.
fn build_fixture(dir: &Path) -> Session {
    let options = StartOptions {
        facilitator: Some("Sam Jones".into()),
        ..StartOptions::default()
    };
    let session = Session::create(dir, fixture_pack(), &options, at(0)).unwrap();
    let mut b = Builder { session };
    let council = Some("Northshire Council | Public Health");
    let open = ActionStatus::Open;

    b.attendee(1, "Ada Lovelace", "Central Library", "public-library");
    b.attendee(1, "Dr Priya Shah", "Northshire NHS Foundation Trust", "nhs");
    b.attendee(
        1,
        "مريم الحسن",
        "Northshire Council | Public Health",
        "public-health",
    );
    b.attendee(2, "Zoë Brontë 📚", "Carers' Voice & Co", "voluntary");
    b.attendee(2, "Tom O'Neill", "Citizens Advice Northshire", "citizens-advice");
    b.attendee(2, "Kim *Star* Lee", "northshire nhs foundation trust", "nhs");
    b.attendee(3, "Jo Bloggs", "", "public");
    b.attendee(3, "Lee Chan", "Northshire University", "academic");
    b.run(3, Command::Blank(true));
    b.run(4, Command::Blank(false));

    // Who is in the room?
    b.go(9, 1);
    b.draw(9, "introductions", 3);
    b.run(10, Command::ToggleTimer);
    b.note(
        12,
        "introductions/offers",
        "Health information drop-ins every Tuesday",
        ADA,
    );
    b.note(
        13,
        "introductions/offers",
        "Clinical librarians for staff *and* patients",
        TRUST,
    );
    b.note(
        14,
        "introductions/queries",
        "What does my blood test mean?",
        PRIYA,
    );
    b.note(15, "introductions/queries", "Benefits & money worries", ADVICE);
    b.run(15, Command::NextPhase);
    b.note(16, "introductions/signpost", "NHS 111 | GP | pharmacy", NOBODY);
    b.run(20, Command::ToggleTimer);
    b.run(21, Command::AdjustPhase(60));
    b.run(21, Command::ToggleTimer);

    b.go(31, 2);

    // Mapping the local offer, with a re-draw of the groups, a delete and an undone delete.
    b.go(45, 3);
    b.draw(45, "mapping", 7);
    b.draw(46, "mapping", 18_446_744_073_709_551_557);
    b.note(48, "mapping/who", "# Central Library: health collection", LIBRARY);
    b.note(49, "mapping/who", "مكتبة عامة للجميع", MARYAM);
    let wrong = b.note(50, "mapping/gaps", "This note was a mistake", NOBODY);
    b.note(51, "mapping/gaps", "<script>alert('gap')</script>", CARERS);
    let oops = b.note(
        52,
        "mapping/gaps",
        "- nobody keeps a directory\n- or updates it",
        JO,
    );
    b.note(53, "mapping/contacts", "=SUM(A1)", NOBODY);
    b.note(54, "mapping/contacts", "+44 1234 567890 @helpline", ADVISER);
    let lines = "Line one\nLine two | with a pipe\n\n\nLine three `code` \\ back";
    b.note(55, "mapping/contacts", lines, UNIVERSITY);
    b.note(56, "mapping/who", "Evil\u{202e}txt.exe \u{1b}[2Jcleared", NOBODY);
    b.run(58, Command::DeleteNote(wrong));
    b.run(59, Command::DeleteNote(oops));
    b.run(60, Command::Undo);

    b.go(72, 4);
    b.go(88, 5);

    // Ideas, clustered (one cluster undone), then voted on.
    b.go(101, 6);
    b.draw(101, "ideas", 0);
    let trolleys = b.note(103, "ideas/resources", "Withdrawn books for ward trolleys", TRUST);
    let ebooks = b.note(104, "ideas/resources", "E-book self-help titles 📚✨", LIBRARY);
    let training = b.note(
        105,
        "ideas/skills",
        "Train library staff in health enquiries",
        KIM,
    );
    let referral = b.note(
        106,
        "ideas/skills",
        "Referral pathway for complex queries",
        LIBRARY,
    );
    let stall = b.note(107, "ideas/events", "Health Information Week stall", LIBRARY);
    let six = b.note(
        107,
        "ideas/events",
        "Six Book Challenge for adult learners",
        LIBRARY,
    );
    let display = b.note(108, "ideas/events", "Joint display in the hospital foyer", TRUST);
    let reading = b.note(
        109,
        "ideas/wellbeing",
        "Reading Well books on prescription",
        LIBRARY,
    );
    let arts = "Arts for Health ~~strike~~ $5 & Q&A &amp; [link](http://example.com)";
    let arts = b.note(110, "ideas/wellbeing", arts, CHARITY);
    let recovery = b.note(
        110,
        "ideas/wellbeing",
        "1. Recovery College courses\n2. Volunteering",
        JO_PUBLIC,
    );
    b.cluster(112, &[&stall, &display], "Health Information Week | together");
    b.cluster(113, &[&training, &referral], "Training _each other_");
    b.cluster(114, &[&trolleys, &ebooks], "Temporary");
    b.run(115, Command::Ungroup("c3".into()));

    b.go(117, 7);
    b.vote(118, "c1", 2);
    b.vote(118, &stall, 3);
    b.vote(119, &display, 1);
    b.vote(119, &reading, 4);
    b.vote(120, &training, 2);
    b.vote(120, &ebooks, 2);
    b.vote(121, &six, 1);
    b.vote(122, &six, -1);
    b.run(
        123,
        Command::SetVotes {
            target: ebooks.clone(),
            votes: 4,
        },
    );

    // The top ideas on the easy-versus-useful grid: two quick wins, one moved from square to
    // square, the awkward texts in a square each, one placed and taken off again.
    b.run(124, Command::Show(Screen::Grid));
    for (minute, note, quadrant) in [
        (124, &reading, Some(Quadrant::TopRight)),
        (125, &ebooks, Some(Quadrant::TopRight)),
        (125, &stall, Some(Quadrant::BottomRight)),
        (126, &stall, Some(Quadrant::TopLeft)),
        (126, &arts, Some(Quadrant::BottomRight)),
        (127, &recovery, Some(Quadrant::BottomLeft)),
        (127, &six, Some(Quadrant::BottomRight)),
        (128, &six, None),
    ] {
        let note = note.clone();
        b.run(minute, Command::PlaceNote { note, quadrant });
    }
    b.run(128, Command::Show(Screen::Page));

    // A Health Information Week event, shortened.
    b.go(131, 8);
    let shorter = PlannedItem {
        item: "hiw-event".into(),
        seconds: 20 * 60,
    };
    b.run(131, Command::Replan(vec![shorter]));
    b.note(
        134,
        "hiw-event/theme",
        "Theme: *misinformation* and where to check",
        COUNCIL,
    );
    b.note(136, "hiw-event/what", "A stall at the Saturday market", LIBRARY);
    b.note(
        138,
        "hiw-event/who",
        "Library brings the space; NHS brings the leaflets",
        NOBODY,
    );

    // break-2 is passed over. Setting up the network, hidden while people write; nobody
    // answers how to keep in touch.
    b.go(152, 10);
    b.draw(152, "network", 11);
    b.hide(153, "network", true);
    let chair = b.note(
        155,
        "network/lead",
        "Public health to chair for the first year",
        COUNCIL,
    );
    let rotate = b.note(
        156,
        "network/lead",
        "Rotating chair | between library services",
        LIBRARY,
    );
    let aim = "Help people find trusted health information wherever they ask first";
    let aim1 = b.note(157, "network/aims", aim, TRUST);
    let aim2 = b.note(
        158,
        "network/aims",
        "A joint event for Health Information Week every year",
        LIBRARY,
    );
    b.note(
        158,
        "network/aims",
        "Know what each other offers #signposting",
        ADVICE,
    );
    let members = "All library sectors plus patient & public members";
    let members = b.note(159, "network/membership", members, JO_PUBLIC);
    let social = b.note(160, "network/membership", "Invite social care", CHARITY);
    b.note(
        161,
        "network/coordination",
        "Shared contact list kept by the NHS library",
        TRUST,
    );
    b.note(
        162,
        "network/meetings",
        "Quarterly, alternating online and in person",
        UNIVERSITY,
    );
    b.note(
        163,
        "network/meetings",
        "Meet in different libraries each time",
        NOBODY,
    );
    let (sector, organisation, author) = ZOE;
    let fields = NoteFields {
        board: String::new(),
        category: "membership".into(),
        text: "Invite social care and the hospice".into(),
        sector: sector.map(Into::into),
        organisation: organisation.map(Into::into),
        author: author.map(Into::into),
    };
    b.run(165, Command::EditNote { note: social, fields });
    let note = b.note(
        166,
        "network/membership",
        "Reading Well stock for every partner",
        LIBRARY,
    );
    b.run(
        167,
        Command::MoveNote {
            note,
            category: "aims".into(),
        },
    );
    b.hide(168, "network", false);
    b.vote(170, &aim1, 5);
    b.vote(170, &aim2, 3);
    b.vote(171, &chair, 2);
    b.vote(171, &rotate, 2);
    b.vote(172, &members, 1);

    // Actions (with and without owners and dates) and commitments.
    b.go(178, 11);
    b.note(180, "actions/actions", "Circulate the notes", NOBODY);
    b.note(182, "actions/commitments", "Tell my team about the network", ADA);
    let stall_plan = "Book a stall for Health Information Week\nand ask the council";
    b.note(183, "actions/commitments", stall_plan, TOM);
    b.note(
        184,
        "actions/commitments",
        "Share our leaflet list | all of it",
        ZOE,
    );
    b.note(185, "actions/commitments", "Read up on health literacy", NOBODY);
    let notes = (
        "Send out the workshop notes",
        Some("Sam Jones"),
        Some("Central Library"),
        Some((2026, 6, 26)),
    );
    b.action(186, action(notes.0, notes.1, notes.2, notes.3, open), None);
    let terms = action(
        "Circulate the draft Terms of Reference",
        Some("مريم الحسن"),
        council,
        Some((2026, 7, 17)),
        open,
    );
    b.action(187, terms, Some(&aim1));
    b.action(
        188,
        action("Set the date of the first meeting | poll", None, None, None, open),
        None,
    );
    let venue = "=HYPERLINK(\"http://x\") book the venue";
    b.action(
        189,
        action(venue, Some("Ada Lovelace"), None, None, open),
        Some(&stall),
    );
    b.edit_action(
        190,
        "a1",
        action(notes.0, notes.1, notes.2, notes.3, ActionStatus::Done),
    );
    b.edit_action(
        191,
        "a4",
        action(venue, Some("Ada Lovelace"), None, None, ActionStatus::InProgress),
    );

    b.go(206, 12);
    b.run(211, Command::Next);
    b.session
}

/// The checked-in fixture session; with UPDATE_GOLDEN=1, its journal is rebuilt first.
fn fixture() -> &'static Path {
    static READY: OnceLock<PathBuf> = OnceLock::new();
    READY.get_or_init(|| {
        let dir = fixtures().join(SESSION);
        if updating() {
            let tmp = tempfile::tempdir().unwrap();
            let built = tmp.path().join(SESSION);
            drop(build_fixture(&built));
            std::fs::copy(built.join("journal.jsonl"), dir.join("journal.jsonl")).unwrap();
        }
        dir
    })
}

fn golden(name: &str, actual: &[u8]) {
    let path = fixtures().join("golden").join(name);
    if updating() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected =
        std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}; UPDATE_GOLDEN=1 writes it", path.display()));
    if expected != actual {
        let (e, a) = (
            String::from_utf8_lossy(&expected),
            String::from_utf8_lossy(actual),
        );
        let line = e
            .lines()
            .zip(a.lines())
            .position(|(x, y)| x != y)
            .unwrap_or(e.lines().count().min(a.lines().count()));
        panic!(
            "{name} differs from its golden file at line {}:\n  golden: {:?}\n  now:    {:?}\n(UPDATE_GOLDEN=1 rewrites the golden files)",
            line + 1,
            e.lines().nth(line),
            a.lines().nth(line)
        );
    }
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn outcomes_of(dir: &Path) -> Outcomes {
    let (pack, state, _) = Session::load(dir).unwrap();
    Outcomes::build(&pack, &state, SESSION, exported_at(), room())
}

// ---------------------------------------------------------------------------------------
// The schema

fn validator() -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/outcomes.schema.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema is a valid JSON Schema")
}

fn schema_errors(json: &Value) -> Vec<String> {
    static VALIDATOR: OnceLock<jsonschema::Validator> = OnceLock::new();
    VALIDATOR
        .get_or_init(validator)
        .iter_errors(json)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

fn assert_valid(json: &str) -> Value {
    let value: Value = serde_json::from_str(json).expect("the export is JSON");
    let errors = schema_errors(&value);
    assert!(
        errors.is_empty(),
        "not valid against the schema:\n{}",
        errors.join("\n")
    );
    value
}

// ---------------------------------------------------------------------------------------
// Golden files

#[test]
fn the_fixture_journal_is_what_the_builder_makes() {
    let tmp = tempfile::tempdir().unwrap();
    let built = tmp.path().join(SESSION);
    drop(build_fixture(&built));
    let made = std::fs::read_to_string(built.join("journal.jsonl")).unwrap();
    let kept = std::fs::read_to_string(fixture().join("journal.jsonl")).unwrap();
    assert_eq!(
        made, kept,
        "the checked-in fixture journal is out of date; UPDATE_GOLDEN=1 rebuilds it"
    );
}

#[test]
fn every_format_matches_its_golden_file_byte_for_byte() {
    let dir = fixture();
    let before = std::fs::read(dir.join("journal.jsonl")).unwrap();
    let out = tempfile::tempdir().unwrap();
    let written = export::export_session(
        dir,
        Format::All,
        Some(out.path()),
        exported_at(),
        room(),
        &mut Vec::new(),
    )
    .unwrap();
    let names: Vec<String> = written
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, FILES);
    for path in &written {
        assert_eq!(path.parent().unwrap(), out.path());
        golden(
            &path.file_name().unwrap().to_string_lossy(),
            &std::fs::read(path).unwrap(),
        );
    }
    // Only read: the session folder holds what it held, byte for byte.
    assert_eq!(listing(dir), ["journal.jsonl", "pack"]);
    assert_eq!(std::fs::read(dir.join("journal.jsonl")).unwrap(), before);
    assert_eq!(listing(out.path()), {
        let mut f = FILES.to_vec();
        f.sort();
        f
    });
}

#[test]
fn the_renderers_are_pure_and_match_the_files() {
    let o = outcomes_of(fixture());
    assert_eq!(
        o,
        outcomes_of(fixture()),
        "the same session builds the same outcomes"
    );
    let rendered = export::render(&o, Format::All);
    assert_eq!(rendered[0], ("outcomes.json", export::json(&o).into_bytes()));
    assert_eq!(rendered[1], ("outcomes.md", export::markdown(&o).into_bytes()));
    assert_eq!(rendered[2], ("notes.csv", export::csv(&o)));
    assert_eq!(rendered[3], ("actions.csv", export::actions_csv(&o)));
    assert_eq!(
        rendered[4],
        (
            "terms-of-reference.md",
            export::terms_of_reference(&o).into_bytes()
        )
    );
    assert_eq!(
        rendered[5],
        ("first-meeting-agenda.md", export::agenda(&o).into_bytes())
    );
    // And the JSON reads back as the same outcomes.
    let back: Outcomes = serde_json::from_str(&export::json(&o)).unwrap();
    assert_eq!(back, o);
}

#[test]
fn the_fixture_json_says_what_happened() {
    let o = outcomes_of(fixture());
    let json = export::json(&o);
    assert!(json.ends_with("}\n") && json.starts_with("{\n  \"schema\": \"convene.outcomes/1\""));
    assert_valid(&json);
    let keys = [
        "schema",
        "workshop",
        "session",
        "attendees",
        "agenda",
        "notes",
        "clusters",
        "actions",
        "groups",
    ];
    let at: Vec<usize> = keys
        .iter()
        .map(|k| {
            json.find(&format!("\n  \"{k}\": "))
                .unwrap_or_else(|| panic!("{k}"))
        })
        .collect();
    assert!(
        at.windows(2).all(|w| w[0] < w[1]),
        "top-level keys in order: {at:?}"
    );
    assert_eq!(json.matches("\n  \"").count(), keys.len(), "and no others");

    assert_eq!(
        o.workshop.venue.as_deref(),
        Some("Central Library, Room 2 | Floor 1")
    );
    assert_eq!(o.workshop.facilitator.as_deref(), Some("Sam Jones"));
    assert_eq!(
        (o.workshop.date.as_str(), o.workshop.utc_offset.as_str()),
        ("2026-06-18", "+01:00")
    );
    assert_eq!(
        (
            o.workshop.planned_start.as_str(),
            o.workshop.planned_finish.as_str()
        ),
        ("09:30", "13:00")
    );
    assert_eq!(o.session.id, SESSION);
    assert_eq!(o.session.started_at, "2026-06-18T08:27:00Z");
    assert_eq!(o.session.exported_at, "2026-06-18T12:27:17Z");
    assert!(o.session.finished);

    // The deleted note is gone, the undone delete is back, ids are the journal's.
    let ids: Vec<&str> = o.notes.iter().map(|n| n.id.as_str()).collect();
    assert!(!ids.contains(&"n8"), "the deleted note is not exported");
    assert!(ids.contains(&"n10"), "the note whose delete was undone is");
    let live = fixture_state_notes();
    assert_eq!(o.notes.len(), live);
    assert!(o.notes.iter().any(|n| n.votes == 0), "zero-vote notes are kept");
    // Control characters and overrides never got in.
    assert!(o.notes.iter().any(|n| n.text == "Eviltxt.exe cleared"));

    // The dissolved cluster is gone and its notes are free; the others carry their notes.
    let cluster_ids: Vec<&str> = o.clusters.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(cluster_ids, ["c1", "c2"]);
    let c1 = &o.clusters[0];
    assert_eq!((c1.votes, c1.total_votes, c1.notes.len()), (2, 6, 2));
    for n in &o.notes {
        if let Some(c) = &n.cluster {
            assert!(o.clusters.iter().any(|k| k.id == *c && k.notes.contains(&n.id)));
        }
    }

    // Agenda: skipped break, re-planned item, the open item counts to the last event.
    let item = |id: &str| o.agenda.iter().find(|i| i.id == id).unwrap();
    assert_eq!(item("break-2").status, "skipped");
    assert_eq!(item("break-2").actual_start, None);
    assert_eq!(item("hiw-event").planned_seconds, 20 * 60);
    assert_eq!(item("welcome").planned_start, "2026-06-18T08:30:00Z");
    assert_eq!(item("welcome").actual_seconds, 9 * 60);
    assert_eq!(item("close").status, "now");
    assert_eq!(item("close").actual_seconds, 5 * 60);

    // Actions, with and without owner and due date.
    let statuses: Vec<&str> = o.actions.iter().map(|a| a.status.as_str()).collect();
    assert_eq!(statuses, ["done", "open", "open", "in_progress"]);
    assert_eq!(o.actions[1].due.as_deref(), Some("2026-07-17"));
    assert_eq!(o.actions[2].owner, None);
    assert_eq!(o.actions[2].due, None);

    // Every draw kept; the latest per activity marked; a huge seed intact.
    let draws: Vec<(&str, bool)> = o.groups.iter().map(|d| (d.activity.as_str(), d.latest)).collect();
    assert_eq!(
        draws,
        [
            ("introductions", true),
            ("mapping", false),
            ("mapping", true),
            ("ideas", true),
            ("network", true)
        ]
    );
    assert_eq!(o.groups[2].seed, "18446744073709551557");
    let people: usize = o.groups[2].groups.iter().map(Vec::len).sum();
    assert_eq!(people, o.attendees.len());
}

fn fixture_state_notes() -> usize {
    let (_, state, _) = Session::load(fixture()).unwrap();
    state.boards.notes.iter().filter(|n| !n.deleted).count()
}

#[test]
fn the_fixture_report_reads_right() {
    let o = outcomes_of(fixture());
    let md = export::markdown(&o);
    assert!(md.starts_with("# Better health information, together\n"));
    // Outside a table a pipe is only a pipe.
    assert!(md.contains("- **Venue:** Central Library, Room 2 | Floor 1\n"));
    assert!(md.contains("- **Date:** Thursday 18 June 2026\n"));
    assert!(!md.contains("Still running"));
    // The pipes people typed never split a table row.
    assert!(md.contains("| Northshire Council \\| Public Health | Public health | مريم الحسن |"));
    // Most votes first: the cluster (6) above the single note with 4.
    let events = md.find("### Events and campaigns").unwrap();
    let cluster = md[events..]
        .find("**Health Information Week | together**")
        .unwrap();
    let six = md[events..].find("Six Book Challenge").unwrap();
    assert!(cluster < six);
    // The dissolved cluster's title is nowhere; its notes are listed on their own.
    assert!(!md.contains("Temporary"));
    assert!(md.contains(
        "- Withdrawn books for ward trolleys *(Northshire NHS Foundation Trust, NHS library and knowledge service)*\n"
    ));
    // The deleted note is not in the report.
    assert!(!md.contains("This note was a mistake"));
    // Commitments have their own section, not a board column.
    let commitments = md.find("## When I'm back at work I will...").unwrap();
    assert!(md[commitments..].contains("- Tell my team about the network *(Ada Lovelace, Central Library)*"));
    assert_eq!(md.matches("Tell my team about the network").count(), 1);
    // The Terms of Reference are a section of the report, one heading level down.
    assert!(md.contains("\n## Draft Terms of Reference\n"));
    assert!(md.contains(
        "\n### Communication\n\n*The room did not cover this yet: to agree at the first meeting.*\n"
    ));
    assert!(md.ends_with(".*\n"));
    assert_no_html(&md);
}

#[test]
fn the_fixture_terms_of_reference_use_the_network_board() {
    let o = outcomes_of(fixture());
    let tor = export::terms_of_reference(&o);
    assert!(tor.starts_with("# Draft Terms of Reference\n"));
    for heading in [
        "Purpose",
        "Role of the group",
        "Membership",
        "Officers",
        "Meetings",
        "Communication",
        "Accountability and reporting",
        "Review date",
    ] {
        assert!(tor.contains(&format!("\n## {heading}\n")), "{heading}");
    }
    for heading in [
        "Parties",
        "Purpose",
        "Aims",
        "What each partner commits to",
        "Duration, review and termination",
        "Signatures and start date",
    ] {
        assert!(tor.contains(&format!("\n### {heading}\n")), "{heading}");
    }
    // Aims ranked by votes, the moved note among them.
    let first = tor.find("Help people find trusted health information").unwrap();
    let second = tor
        .find("A joint event for Health Information Week every year")
        .unwrap();
    let moved = tor.find("Reading Well stock for every partner").unwrap();
    assert!(first < second && second < moved);
    assert!(tor.contains(
        "- Help people find trusted health information wherever they ask first *(Northshire NHS Foundation Trust, NHS library and knowledge service; 5 votes)*\n"
    ));
    // The edited note says what it says now.
    assert!(tor.contains("Invite social care and the hospice"));
    // Communication was left empty; the others were not.
    let communication = section(&tor, "## Communication");
    assert!(communication.contains(export::NOT_COVERED));
    assert!(!section(&tor, "## Meetings").contains(export::NOT_COVERED));
    assert!(tor.contains("review these terms by 18 June 2027"));
    // Parties: the attendees' organisations, once each whatever their case.
    let parties = section(&tor, "### Parties");
    assert_eq!(
        parties.matches("Northshire NHS Foundation Trust").count(),
        1,
        "{parties}"
    );
    assert!(!parties.contains("northshire nhs"));
    assert!(parties.contains("Carers' Voice & Co (Charity / voluntary sector)"));
    assert!(tor.contains("| Northshire University | | | | |"));
    assert_no_html(&tor);
}

/// From a heading to the next heading of any level.
fn section<'a>(text: &'a str, heading: &str) -> &'a str {
    let start = text.find(&format!("\n{heading}\n")).unwrap() + 1;
    let rest = &text[start + heading.len()..];
    let end = rest.find("\n#").map_or(text.len(), |e| start + heading.len() + e);
    &text[start..end]
}

#[test]
fn the_fixture_csv_is_safe_for_spreadsheets() {
    let o = outcomes_of(fixture());
    let bytes = export::csv(&o);
    assert!(bytes.starts_with(
        b"\xef\xbb\xbfactivity,category,text,sector,organisation,author,votes,cluster,quadrant,created_at,id\r\n"
    ));
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    // A row per note, and one for the cluster voted for as a whole.
    assert_eq!(rows.len(), o.notes.len() + 1);
    let cluster = rows.last().unwrap();
    assert_eq!(
        (&cluster[2], &cluster[6], &cluster[7], &cluster[8], &cluster[10]),
        (
            "Health Information Week | together",
            "2",
            "Health Information Week | together",
            "",
            "c1"
        )
    );
    let votes: u32 = rows.iter().map(|r| r[6].parse::<u32>().unwrap()).sum();
    let given: u32 =
        o.notes.iter().map(|n| n.votes).sum::<u32>() + o.clusters.iter().map(|c| c.votes).sum::<u32>();
    assert_eq!(votes, given, "the votes column adds up to every vote given");
    for (row, note) in rows.iter().zip(&o.notes) {
        assert_eq!(&row[10], note.id);
        assert_eq!(&row[2], csv_cell(&note.text), "the text round-trips, guarded");
        for cell in row.iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell:?} could run as a formula"
            );
        }
    }
    let formula = rows.iter().find(|r| r[2].contains("SUM")).unwrap();
    assert_eq!(&formula[2], "'=SUM(A1)");
    let pipe = rows.iter().find(|r| r[2].starts_with("Line one")).unwrap();
    assert_eq!(
        &pipe[2],
        "Line one\nLine two | with a pipe\n\nLine three `code` \\ back"
    );
    let clustered = rows
        .iter()
        .find(|r| r[2] == *"Health Information Week stall")
        .unwrap();
    assert_eq!(
        (&clustered[1], &clustered[3], &clustered[7], &clustered[8]),
        (
            "Events and campaigns",
            "Public library",
            "Health Information Week | together",
            "Plan it in"
        )
    );
    // The square's name, as on the screen; empty for a note not on the grid.
    let square = |text: &str| rows.iter().find(|r| &r[2] == text).unwrap()[8].to_string();
    assert_eq!(square("Reading Well books on prescription"), "Quick wins");
    assert_eq!(
        square("Six Book Challenge for adult learners"),
        "",
        "taken off again"
    );
    assert_eq!(square("Withdrawn books for ward trolleys"), "");
}

// ---------------------------------------------------------------------------------------
// Other sessions: running, empty, without a network activity

#[test]
fn a_session_still_running_exports_what_it_has_so_far() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("running");
    let mut s = Session::create(&dir, Pack::builtin().unwrap(), &StartOptions::default(), at(0)).unwrap();
    let o = Outcomes::build(&s.pack, &s.state, "running", at(1), room());
    assert_valid(&export::json(&o));
    assert!(o.notes.is_empty() && o.attendees.is_empty() && !o.session.finished);
    let md = export::markdown(&o);
    assert!(md.contains("> **Still running.**"));
    assert!(md.contains("No attendees were recorded."));
    assert!(md.contains("No actions were recorded."));
    assert_no_html(&md);
    let tor = export::terms_of_reference(&o);
    assert_eq!(tor.matches(export::NOT_COVERED).count(), 9, "{tor}");
    assert!(tor.contains("No organisations were recorded at the workshop"));

    s.execute(&Command::GoToItem(3), at(20)).unwrap();
    s.execute(
        &Command::AddNote(NoteFields {
            board: "mapping".into(),
            category: "who".into(),
            text: "A note".into(),
            ..NoteFields::default()
        }),
        at(25),
    )
    .unwrap();
    // Exported a day later: the open item's clock stops at the last event, not at export.
    let o = Outcomes::build(&s.pack, &s.state, "running", at(24 * 60), room());
    assert_valid(&export::json(&o));
    let mapping = o.agenda.iter().find(|i| i.id == "mapping").unwrap();
    assert_eq!((mapping.status.as_str(), mapping.actual_seconds), ("now", 5 * 60));
    assert_eq!(o.agenda[1].status, "skipped");
    assert_eq!(o.agenda[4].status, "next");
    assert_eq!(o.agenda[5].status, "later");
    assert_eq!(o.session.current_item.as_deref(), Some("mapping"));
}

#[test]
fn a_pack_without_a_network_activity_gets_no_invented_terms() {
    let mut files = PackFiles::builtin();
    files.files.remove("network.toml");
    let workshop = String::from_utf8(files.files["workshop.toml"].clone()).unwrap();
    let start = workshop.find("[[programme]]\nid = \"network\"").unwrap();
    let end = start + workshop[start..].find("\n\n").unwrap();
    let workshop = format!("{}{}", &workshop[..start], &workshop[end + 2..]);
    files.files.insert("workshop.toml".into(), workshop.into_bytes());
    // The slides name the item's live times: without the item, a time of their own.
    let slides = String::from_utf8(files.files["slides.md"].clone())
        .unwrap()
        .replace("{{start:network}}", "12:15")
        .replace("{{end:network}}", "12:50");
    files.files.insert("slides.md".into(), slides.into_bytes());
    let pack = Pack::from_files(files).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let s = Session::create(&tmp.path().join("s"), pack, &StartOptions::default(), at(0)).unwrap();
    let o = Outcomes::build(&s.pack, &s.state, "s", at(1), room());
    let tor = export::terms_of_reference(&o);
    assert!(tor.contains("has no `network` activity"));
    assert!(!tor.contains("## Purpose") && !tor.contains("Memorandum"));
    assert!(tor.lines().count() < 5, "{tor}");
}

// ---------------------------------------------------------------------------------------
// The report people forward: what was decided first, who said what set apart, one actions
// section, who was there from the attendee list, the CSV of actions, the first agenda

#[test]
fn the_report_opens_with_what_the_room_decided() {
    let md = export::markdown(&outcomes_of(fixture()));
    let decided = md.find("\n## What the room decided\n").unwrap();
    let details = md.find("\n## Who was there\n").unwrap();
    assert!(decided < details, "decisions before the details");
    let top = &md[md.find("\n### Top ideas\n").unwrap()..md.find("\n### Actions\n").unwrap()];
    // Board by board, ranked across the board's columns as the results screen ranks them: a
    // cluster by its total, equal votes sharing a rank, the top five and ties for fifth.
    let rows: Vec<&str> = top.lines().filter(|l| l.starts_with("| ")).collect();
    assert_eq!(
        rows,
        [
            "| Rank | Idea | Votes | Column | Sector |",
            "| 1 | **Health Information Week \\| together** (2 notes) | 6 | Events and campaigns | Public library, NHS library and knowledge service |",
            "| 2 | E-book self-help titles 📚✨ | 4 | Resources and materials | Public library |",
            "| 2 | Reading Well books on prescription | 4 | Mental health and well-being | Public library |",
            "| 4 | **Training \\_each other\\_** (2 notes) | 2 | Skills and expertise | NHS library and knowledge service, Public library |",
            "| Rank | Idea | Votes | Column | Sector |",
            "| 1 | Help people find trusted health information wherever they ask first | 5 | Aims and objectives | NHS library and knowledge service |",
            "| 2 | A joint event for Health Information Week every year | 3 | Aims and objectives | Public library |",
            "| 3 | Public health to chair for the first year | 2 | Who leads or champions it? | Public health |",
            "| 3 | Rotating chair \\| between library services | 2 | Who leads or champions it? | Public library |",
            "| 5 | All library sectors plus patient & public members | 1 | Who should be included? | Patient or public member |",
        ]
    );
    let ideas = top
        .find("#### Ideas for working together\n\n16 votes cast.")
        .unwrap();
    let network = top.find("#### Setting up our network\n\n13 votes cast.").unwrap();
    assert!(ideas < network, "boards in programme order");
    // The actions are part of what was decided, and there is one place for them.
    let actions = md.find("\n### Actions\n").unwrap();
    assert!(decided < actions && actions < details);
    assert_eq!(md.matches("Actions\n").count(), 1, "one actions heading");
    assert!(
        !md.contains("## Actions and commitments"),
        "the actions board is not a board section"
    );
    let actions = section(&md, "### Actions");
    assert!(
        actions
            .contains("| Send out the workshop notes | Sam Jones | Central Library | 26 Jun 2026 | done |")
    );
    assert!(actions.contains("\nProposed, no owner yet:\n\n- Circulate the notes\n"));
    assert_eq!(md.matches("Circulate the notes\n").count(), 1);
    // The grid's quick wins come between the top ideas and the actions, most votes first
    // (ties in the order written).
    let wins = md.find("\n### Quick wins\n").unwrap();
    assert!(md.find("\n### Top ideas\n").unwrap() < wins && wins < md.find("\n### Actions\n").unwrap());
    let wins: Vec<&str> = section(&md, "### Quick wins")
        .lines()
        .filter(|l| l.starts_with(char::is_numeric))
        .collect();
    assert_eq!(
        wins,
        [
            "1. E-book self-help titles 📚✨ *(Central Library, Public library; 4 votes)*",
            "2. Reading Well books on prescription *(Central Library, Public library; 4 votes)*",
        ]
    );
}

/// Each note's square is in the JSON by its id, the grid's axes and names with the activity
/// it belongs to; the report has the grid as a table in the details of its board.
#[test]
fn the_grid_is_in_the_json_and_the_report() {
    let o = outcomes_of(fixture());
    let json: Value = serde_json::from_str(&export::json(&o)).unwrap();
    let square = |text: &str| {
        json["notes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["text"] == text)
            .unwrap()["quadrant"]
            .clone()
    };
    assert_eq!(square("Reading Well books on prescription"), "top-right");
    assert_eq!(
        square("Health Information Week stall"),
        "top-left",
        "where it was moved to"
    );
    assert_eq!(
        square("Six Book Challenge for adult learners"),
        Value::Null,
        "taken off again"
    );
    assert_eq!(
        square("Help people find trusted health information wherever they ask first"),
        Value::Null
    );
    let activities = json["workshop"]["activities"].as_array().unwrap();
    let prioritise = activities.iter().find(|a| a["id"] == "prioritise").unwrap();
    assert_eq!(prioritise["board"], "ideas");
    assert_eq!(prioritise["grid"]["start"], "top-right");
    assert_eq!(prioritise["grid"]["quadrants"]["top-right"], "Quick wins");
    assert_eq!(
        prioritise["grid"]["across"]["ends"],
        serde_json::json!(["harder", "easy"])
    );
    let ideas = activities.iter().find(|a| a["id"] == "ideas").unwrap();
    assert_eq!(ideas["grid"], Value::Null);

    let md = export::markdown(&o);
    let table = section(&md, "### Grid: Which ideas first?");
    let board = md.find("\n## Ideas for working together\n").unwrap();
    let next = md.find("\n## A Health Information Week event\n").unwrap();
    let at = md.find("\n### Grid: Which ideas first?\n").unwrap();
    assert!(board < at && at < next, "in the details of its board");
    let rows: Vec<&str> = table.lines().filter(|l| l.starts_with("| ")).collect();
    assert_eq!(rows.len(), 5, "a header and a row per square:\n{table}");
    assert!(
        rows[1].starts_with("| **Quick wins** (start here) | easy | very | E-book"),
        "{table}"
    );
    assert!(
        rows[3].contains("1. Recovery College courses / 2. Volunteering"),
        "{table}"
    );
    assert!(
        table.contains("5 of the board's 10 notes were not placed on the grid."),
        "{table}"
    );
}

#[test]
fn who_wrote_a_note_is_set_apart_from_what_it_says() {
    let o = outcomes_of(fixture());
    let md = export::markdown(&o);
    let tor = export::terms_of_reference(&o);
    for text in [&md, &tor] {
        for line in text.lines().filter(|l| l.trim_start().starts_with("- ")) {
            assert!(!line.contains(" — "), "{line:?} runs the note into who wrote it");
        }
    }
    assert!(md.contains(
        "- What does my blood test mean? *(Dr Priya Shah, Northshire NHS Foundation Trust, NHS library and knowledge service)*\n"
    ));
    assert!(md.contains("- E-book self-help titles 📚✨ *(Central Library, Public library; 4 votes)*\n"));
    // Who and votes are one aside in italics, never read as more of the note.
    let (seen, _, other) = list_item("E-book self-help titles");
    assert!(other.is_empty() && seen == "E-book self-help titles");
    let aside = "- E-book *(Central Library, Public library; 4 votes)*\n";
    let events: Vec<Event> = Parser::new(aside).collect();
    assert!(events.contains(&Event::Start(Tag::Emphasis)));
    assert!(events.contains(&Event::Text("(Central Library, Public library; 4 votes)".into())));
}

/// A session on the built-in pack, with commands run a minute apart.
fn small_session(dir: &Path, options: &StartOptions, commands: &[Command]) -> Outcomes {
    let mut s = Session::create(dir, Pack::builtin().unwrap(), options, at(0)).unwrap();
    for (n, c) in commands.iter().enumerate() {
        s.execute(c, at(n as i64 + 1))
            .unwrap_or_else(|e| panic!("{c:?}: {e}"));
    }
    Outcomes::build(&s.pack, &s.state, "s", at(60), room())
}

fn note_on(column: &str, text: &str, (sector, organisation, author): Who) -> Command {
    let (board, category) = column.split_once('/').unwrap();
    Command::AddNote(NoteFields {
        board: board.into(),
        category: category.into(),
        text: text.into(),
        sector: sector.map(Into::into),
        organisation: organisation.map(Into::into),
        author: author.map(Into::into),
    })
}

#[test]
fn who_was_there_comes_from_the_attendees_not_the_notes() {
    let tmp = tempfile::tempdir().unwrap();
    // The trust's librarian came; a note from the trust was tagged "public library" by
    // mistake, and another names an organisation nobody came from.
    let mistagged = (
        Some("public-library"),
        Some("Northshire NHS Foundation Trust"),
        None,
    );
    let elsewhere = (Some("academic"), Some("Somewhere Else"), None);
    let notes = [
        note_on("network/membership", "Invite the hospice", mistagged),
        note_on("network/aims", "Share training", elsewhere),
    ];
    let mut commands = vec![Command::AddAttendee {
        name: "Dr Priya Shah".into(),
        organisation: "Northshire NHS Foundation Trust".into(),
        sector: "nhs".into(),
    }];
    commands.extend(notes.iter().cloned());
    let o = small_session(&tmp.path().join("s"), &StartOptions::default(), &commands);
    let tor = export::terms_of_reference(&o);
    assert!(
        tor.contains("\nSectors at the workshop: NHS library and knowledge service.\n"),
        "{tor}"
    );
    let parties = section(&tor, "### Parties");
    assert!(
        parties.contains("\n- Northshire NHS Foundation Trust (NHS library and knowledge service)\n"),
        "{parties}"
    );
    assert!(
        !parties.contains("Public library") && !parties.contains("Somewhere Else"),
        "{parties}"
    );
    assert!(!section(&tor, "### Signatures and start date").contains("Somewhere Else"));
    let agenda = export::agenda(&o);
    assert!(agenda.contains("Organisations at the workshop: Northshire NHS Foundation Trust.\n"));

    // With no attendee list, the notes are all there is to go on.
    let o = small_session(&tmp.path().join("t"), &StartOptions::default(), &notes);
    let tor = export::terms_of_reference(&o);
    assert!(
        tor.contains("\nSectors at the workshop: Public library, Academic library.\n"),
        "{tor}"
    );
    let parties = section(&tor, "### Parties");
    assert!(
        parties.contains("\n- Northshire NHS Foundation Trust (Public library)\n"),
        "{parties}"
    );
    assert!(
        parties.contains("\n- Somewhere Else (Academic library)\n"),
        "{parties}"
    );
}

#[test]
fn venue_and_facilitator_given_at_the_start_are_in_the_report() {
    let tmp = tempfile::tempdir().unwrap();
    let options = StartOptions {
        venue: Some("Birkenhead Central Library".into()),
        facilitator: Some("Sam Jones".into()),
        ..StartOptions::default()
    };
    let o = small_session(&tmp.path().join("s"), &options, &[]);
    assert_eq!(o.workshop.venue.as_deref(), Some("Birkenhead Central Library"));
    assert_eq!(o.workshop.facilitator.as_deref(), Some("Sam Jones"));
    assert_valid(&export::json(&o));
    let md = export::markdown(&o);
    assert!(
        md.contains("\n- **Venue:** Birkenhead Central Library\n- **Facilitator:** Sam Jones\n"),
        "{md}"
    );
    assert!(export::terms_of_reference(&o).contains(" at Birkenhead Central Library."));
    assert!(export::agenda(&o).contains(" at Birkenhead Central Library."));
    // Without them, the pack's own (the built-in pack names neither).
    let o = small_session(&tmp.path().join("t"), &StartOptions::default(), &[]);
    assert_eq!((o.workshop.venue, o.workshop.facilitator), (None, None));
}

#[test]
fn actions_have_a_csv_of_their_own() {
    let o = outcomes_of(fixture());
    let bytes = export::actions_csv(&o);
    assert!(
        bytes
            .starts_with(b"\xef\xbb\xbftext,owner,organisation,due,status,source_note,source_note_id,id\r\n")
    );
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let row = |r: &csv::StringRecord| r.iter().map(str::to_string).collect::<Vec<_>>();
    assert_eq!(
        row(&rows[1]),
        [
            "Circulate the draft Terms of Reference",
            "مريم الحسن",
            "Northshire Council | Public Health",
            "2026-07-17",
            "open",
            "Help people find trusted health information wherever they ask first",
            "n30",
            "a2"
        ]
    );
    assert_eq!(
        &rows[3][0], "'=HYPERLINK(\"http://x\") book the venue",
        "no formula"
    );
    assert_eq!(&rows[3][4], "in progress");
    // The actions, then what was proposed on the actions board and not taken on.
    assert_eq!(rows.len(), o.actions.len() + 1);
    assert_eq!(
        row(&rows[4]),
        [
            "Circulate the notes",
            "",
            "",
            "",
            "proposed",
            "Circulate the notes",
            "n39",
            ""
        ]
    );
}

#[test]
fn a_note_made_into_an_action_is_no_longer_proposed() {
    let tmp = tempfile::tempdir().unwrap();
    let commands = [
        note_on("actions/actions", "Book a room", NOBODY),
        note_on("actions/actions", "Write to the hospice", NOBODY),
        note_on("actions/commitments", "Read up", NOBODY),
        Command::AddAction {
            fields: action(
                "Book the first meeting's room",
                Some("Ada"),
                None,
                None,
                ActionStatus::Open,
            ),
            source_note: Some("n1".into()),
        },
    ];
    let o = small_session(&tmp.path().join("s"), &StartOptions::default(), &commands);
    let proposed: Vec<&str> = o.proposed_actions().iter().map(|n| n.text.as_str()).collect();
    assert_eq!(proposed, ["Write to the hospice"]);
    let md = export::markdown(&o);
    let actions = section(&md, "### Actions");
    assert!(actions.contains("| Book the first meeting's room | Ada |"));
    assert!(actions.contains("Proposed, no owner yet:\n\n- Write to the hospice\n"));
    assert!(!md.contains("- Book a room"), "{md}");
    let csv = String::from_utf8(export::actions_csv(&o)).unwrap();
    assert_eq!(csv.lines().count(), 3, "{csv}");
}

#[test]
fn the_first_meeting_agenda_is_drawn_from_the_network_board_and_the_actions() {
    let o = outcomes_of(fixture());
    let agenda = export::agenda(&o);
    assert!(agenda.starts_with("# Our health information network: first meeting\n"));
    let items = [
        "## 1. Welcome and introductions",
        "## 2. Terms of Reference",
        "## 3. Aims",
        "## 4. A joint event for Health Information Week",
        "## 5. Actions from the workshop",
        "## 6. Date of the next meeting",
    ];
    let at: Vec<usize> = items
        .iter()
        .map(|i| agenda.find(i).unwrap_or_else(|| panic!("{i}")))
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{at:?}");
    // The chair as the room suggested it; the aims most votes first; what was left open.
    assert!(
        agenda
            .contains("Public health to chair for the first year; Rotating chair | between library services")
    );
    let aims = section(&agenda, "## 3. Aims (15 minutes)");
    let first = aims.find("Help people find trusted health information").unwrap();
    let second = aims
        .find("A joint event for Health Information Week every year")
        .unwrap();
    assert!(first < second && aims.contains("5 votes"));
    assert!(
        section(&agenda, "## 2. Terms of Reference (20 minutes)").contains("\n- How do we keep in touch?\n")
    );
    // Every action with its owner and where it stands, and what nobody took on yet.
    let actions = section(&agenda, "## 5. Actions from the workshop (10 minutes)");
    assert!(
        actions
            .contains("- Send out the workshop notes *(Sam Jones, Central Library; due 26 Jun 2026; done)*")
    );
    assert!(actions.contains("still without an owner:\n\n- Circulate the notes\n"));
    assert!(
        section(&agenda, "## 6. Date of the next meeting (5 minutes)")
            .contains("Quarterly, alternating online and in person")
    );
    assert_no_html(&agenda);
    assert_eq!(
        export::render(&o, Format::Agenda),
        [("first-meeting-agenda.md", agenda.into_bytes())]
    );

    // A session with nothing written yet still gets the items, saying what is open.
    let tmp = tempfile::tempdir().unwrap();
    let o = small_session(&tmp.path().join("s"), &StartOptions::default(), &[]);
    let agenda = export::agenda(&o);
    assert_eq!(items.iter().filter(|i| agenda.contains(*i)).count(), 6);
    assert!(section(&agenda, "## 3. Aims (15 minutes)").contains("did not cover this"));
    assert!(agenda.contains("No actions were recorded at the workshop."));
}

// ---------------------------------------------------------------------------------------
// The schema is a real one

#[test]
fn the_schema_rejects_what_is_not_an_export() {
    let good: Value = serde_json::from_str(&export::json(&outcomes_of(fixture()))).unwrap();
    assert!(schema_errors(&good).is_empty());
    let broken = |change: &dyn Fn(&mut Value)| {
        let mut v = good.clone();
        change(&mut v);
        schema_errors(&v)
    };
    assert!(
        !broken(&|v| v["extra"] = Value::Bool(true)).is_empty(),
        "unknown top-level key"
    );
    assert!(
        !broken(&|v| v["schema"] = "convene.outcomes/2".into()).is_empty(),
        "another version"
    );
    assert!(
        !broken(&|v| {
            v["notes"][0].as_object_mut().unwrap().remove("cluster");
        })
        .is_empty(),
        "a note without its cluster key"
    );
    assert!(
        !broken(&|v| v["notes"][0]["created_at"] = "2026-06-18 08:27".into()).is_empty(),
        "a bad timestamp"
    );
    assert!(
        !broken(&|v| v["notes"][0]["created_at"] = "2026-06-18T08:27:00+01:00".into()).is_empty(),
        "not UTC"
    );
    assert!(
        !broken(&|v| v["notes"][0]["id"] = "note-1".into()).is_empty(),
        "a bad note id"
    );
    assert!(
        !broken(&|v| v["notes"][0]["votes"] = (-1).into()).is_empty(),
        "negative votes"
    );
    assert!(
        !broken(&|v| v["actions"][0]["status"] = "in progress".into()).is_empty(),
        "an unknown status"
    );
    assert!(
        !broken(&|v| v["actions"][0]["due"] = "2026-02-30".into()).is_empty(),
        "an impossible date"
    );
    assert!(
        !broken(&|v| v["workshop"]["planned_start"] = "9:30".into()).is_empty(),
        "a bad clock time"
    );
    assert!(
        !broken(&|v| v["workshop"]["pack_hash"] = "abc".into()).is_empty(),
        "a short hash"
    );
    assert!(
        !broken(&|v| v["groups"][0]["seed"] = 3.into()).is_empty(),
        "a numeric seed"
    );
    assert!(
        !broken(&|v| v["notes"][0]["author"] = "".into()).is_empty(),
        "an empty author is null"
    );
}

// ---------------------------------------------------------------------------------------
// Escaping

/// Everything a Markdown parser found in `text` that the report never writes itself.
fn markup(text: &str) -> Vec<String> {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_MATH;
    Parser::new_ext(text, options)
        .filter_map(|e| match e {
            Event::Html(h) | Event::InlineHtml(h) => Some(format!("html {h:?}")),
            Event::Code(c) => Some(format!("code {c:?}")),
            Event::InlineMath(m) | Event::DisplayMath(m) => Some(format!("math {m:?}")),
            Event::Start(Tag::Link { .. }) => Some("link".into()),
            Event::Start(Tag::Image { .. }) => Some("image".into()),
            Event::Start(Tag::Strikethrough) => Some("strikethrough".into()),
            Event::Start(Tag::CodeBlock(_)) => Some("code block".into()),
            Event::Start(Tag::BlockQuote(_)) => Some("quote".into()),
            _ => None,
        })
        .collect()
}

fn assert_no_html(md: &str) {
    let found: Vec<String> = markup(md)
        .into_iter()
        .filter(|m| m != "quote") // the report's own prompts are quotes
        .collect();
    assert!(found.is_empty(), "{found:?}");
}

/// What a reader sees of `text` as one table cell: the cells of the table's body row.
fn cells(cell: &str) -> Vec<String> {
    let table = format!("| a | b |\n|---|---|\n| {cell} | end |\n");
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    let mut in_body = false;
    for e in Parser::new_ext(
        &table,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_MATH,
    ) {
        match e {
            Event::End(TagEnd::TableHead) => in_body = true,
            Event::Start(Tag::TableCell) if in_body => current = Some(String::new()),
            Event::End(TagEnd::TableCell) if in_body => out.push(current.take().unwrap()),
            Event::Text(t) => {
                if let Some(c) = current.as_mut() {
                    c.push_str(&t)
                }
            }
            _ => {}
        }
    }
    out
}

/// What a reader sees of `text` as a list item: its text, hard breaks as newlines, and
/// whether anything but one plain paragraph-less item came out.
fn list_item(text: &str) -> (String, usize, Vec<String>) {
    let md = format!("- {}\n- end\n", escape_text(text, "  "));
    let mut seen = String::new();
    let mut items = 0;
    let mut other = markup(&md);
    for e in Parser::new_ext(
        &md,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_MATH,
    ) {
        match e {
            Event::Start(Tag::Item) => items += 1,
            Event::Text(t) if items == 1 => seen.push_str(&t),
            Event::HardBreak if items == 1 => seen.push('\n'),
            Event::SoftBreak if items == 1 => other.push("soft break".into()),
            Event::Start(Tag::Heading { .. }) => other.push("heading".into()),
            Event::Start(Tag::List(_)) if items >= 1 => other.push("nested list".into()),
            Event::Rule => other.push("rule".into()),
            Event::Start(Tag::Emphasis) | Event::Start(Tag::Strong) => other.push("emphasis".into()),
            _ => {}
        }
    }
    (seen, items, other)
}

/// The text as it should read: cleaned lines (an escape sequence gone whole, as the screen
/// cleans it, so no `[2J` or `]0;title` is left behind), trimmed, blank ones gone.
fn expected_lines(text: &str) -> Vec<String> {
    strip(text)
        .split(['\n', '\r'])
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

const AWKWARD: &[&str] = &[
    "Pipes | in | text",
    "# not a heading",
    "## nor this ##",
    "*stars* and _underscores_ and __bold__",
    "<script>alert('x')</script>",
    "<!-- a comment -->",
    "Use `code` and ``more``",
    "a \\ backslash at the end \\",
    "[link](http://example.com) and ![image](x.png)",
    "Line one\nLine two\r\nLine three",
    "- a list\n+ another\n* and another",
    "1. numbered\n2) also numbered",
    "2026. A year",
    "---",
    "Title\n===",
    "> quoted",
    "~~struck~~ and ~one~",
    "$x^2$ and $$y$$ and $5",
    "&amp; &#60; &copy; Q&A",
    "    indented code",
    "```\nfenced\n```",
    "~~~\nfenced\n~~~",
    "| a | b |\n|---|---|",
    "[ ] a task",
    "footnote[^1]",
    "Books on Prescription 📚✨",
    "مكتبة عامة للجميع",
    "=SUM(A1)",
    "tab\there",
    "evil\u{202e}txt \u{1b}[2J",
    "title \u{1b}]0;pwned\u{7}set",
    "snake_case @Wirral_Libs #HIW2026 +44 151 555 0100",
    "5 * 3 and 5*3 and a_b_c and _x_",
    "$5 and US$6 and $$",
    "~5 and a~b~c",
    "a\n|---|---|",
    "a | b\n--- | ---",
    "x\na | b\n:-: | -",
    "[x] done",
    "[a]: http://example.com",
    "Room ##",
    "--\n-\n==\n_ _ _",
    "<http://example.com>",
    "***",
    "\\",
    "\\\nnext",
    "trailing spaces   \nnext",
];

#[test]
fn a_cell_is_one_cell_whatever_is_typed() {
    for text in AWKWARD {
        let escaped = escape_cell(text);
        assert!(!escaped.contains('\n'), "{text:?}");
        assert_eq!(
            cells(&escaped),
            [expected_lines(text).join(" / "), "end".to_string()],
            "{text:?} as {escaped:?}"
        );
        let table = format!("| a | b |\n|---|---|\n| {escaped} | end |\n");
        assert!(markup(&table).is_empty(), "{text:?}: {:?}", markup(&table));
    }
}

#[test]
fn running_text_is_one_list_item_of_plain_text_whatever_is_typed() {
    for text in AWKWARD {
        let (seen, items, other) = list_item(text);
        assert_eq!(items, 2, "{text:?} stays one item");
        assert!(other.is_empty(), "{text:?}: {other:?}");
        assert_eq!(seen, expected_lines(text).join("\n"), "{text:?}");
    }
}

#[test]
fn escapes_are_minimal_where_nothing_is_special() {
    assert_eq!(
        escape_cell("Reading Well, e.g. 4-6 a year (maybe)!"),
        "Reading Well, e.g. 4-6 a year (maybe)!"
    );
    assert_eq!(escape_text("Q&A at 10.30", "  "), "Q&A at 10.30");
    assert_eq!(escape_cell("a|b"), "a\\|b");
    assert_eq!(escape_cell("<b>"), "\\<b>");
    assert_eq!(escape_cell("one\ntwo"), "one / two");
    assert_eq!(escape_text("one\ntwo", "    "), "one\\\n    two");
    assert_eq!(escape_text("- x", ""), "\\- x");
    assert_eq!(escape_cell("- x"), "- x");
    assert_eq!(escape_cell("&amp;"), "\\&amp;");
}

/// What people write every day, which Markdown would read as it is: escaping it would only
/// put backslashes in an email.
const ORDINARY: &[&str] = &[
    "+44 151 555 0100",
    "0151 555 0100",
    "#HIW2026",
    "Join us #HIW2026 at the library",
    "@Wirral_Libs",
    "snake_case_name",
    "5 * 3 = 15",
    "e-mail",
    "-5 degrees",
    "Q&A at 10.30",
    "2026 plans",
    "5 < 6",
    "a > b",
    "[draft] terms",
    "costs $5",
    "C:\\Users\\library",
    "Room 2 | Floor 1",
    "NHS 111, GP, pharmacy",
    "Books on Prescription 📚✨",
    "مكتبة عامة للجميع",
    "it's the council's",
    "50% of queries (roughly)!",
];

#[test]
fn ordinary_text_is_not_escaped() {
    for text in ORDINARY {
        // A table cell escapes its pipes, and nothing else here.
        assert_eq!(escape_cell(text), text.replace('|', "\\|"), "{text:?} in a cell");
        assert_eq!(escape_text(text, "  "), *text, "{text:?} as running text");
        assert_eq!(escape_inline(text), *text, "{text:?} in a line");
        // And it still reads back as itself.
        let (seen, items, other) = list_item(text);
        assert_eq!((seen.as_str(), items), (*text, 2), "{text:?}");
        assert!(other.is_empty(), "{text:?}: {other:?}");
    }
}

#[test]
fn csv_cells_never_start_a_formula() {
    for (text, guarded) in [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+44 1234", "'+44 1234"),
        ("-5", "'-5"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain", "plain"),
        ("a=b", "a=b"),
        ("", ""),
        ("'quoted", "'quoted"),
    ] {
        assert_eq!(csv_cell(text), guarded, "{text:?}");
    }
}

fn awkward_text() -> impl Strategy<Value = String> {
    const PIECES: &[&str] = &[
        "a",
        "Health",
        " ",
        "  ",
        "|",
        "#",
        "*",
        "_",
        "<",
        ">",
        "<script>",
        "`",
        "\\",
        "\n",
        "\r\n",
        "\n\n",
        "=",
        "+",
        "-",
        "@",
        "\t",
        "1.",
        "2)",
        "[",
        "]",
        "(",
        ")",
        "!",
        "~",
        "$",
        "&",
        "&amp;",
        "---",
        "📚",
        "مكتبة",
        "\u{202e}",
        "\u{1b}",
        ":",
        "'",
        "\"",
        "é",
        "0",
        "9",
        "$",
        "$$",
        "~~",
        "|---|",
        "[x]",
        "]:",
        "##",
        "snake_case",
        "+44",
    ];
    prop::collection::vec(prop::sample::select(PIECES), 0..12).prop_map(|v| v.concat())
}

proptest! {
    // 256 cases by default (PROPTEST_CASES=N for more); failures print their shrunk input
    // rather than writing a regressions file beside the tests.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn escaped_text_always_reads_back_as_itself(text in awkward_text()) {
        let (seen, items, other) = list_item(&text);
        prop_assert_eq!(items, 2);
        prop_assert!(other.is_empty(), "{:?}", other);
        prop_assert_eq!(seen, expected_lines(&text).join("\n"));

        let escaped = escape_cell(&text);
        prop_assert_eq!(cells(&escaped), vec![expected_lines(&text).join(" / "), "end".to_string()]);

        // A note with who wrote it after it, set apart in italics, as the report lists it.
        let lines = expected_lines(&text).join("\n");
        let md = format!("- {} *(Ada)*\n", escape_text(&text, "  "));
        let mut seen = String::new();
        let mut emphasis = 0;
        for e in Parser::new_ext(&md, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_MATH) {
            match e {
                Event::Text(t) => seen.push_str(&t),
                Event::HardBreak => seen.push('\n'),
                Event::Start(Tag::Emphasis | Tag::Strong) => emphasis += 1,
                _ => {}
            }
        }
        if !lines.is_empty() {
            prop_assert_eq!((seen, emphasis), (format!("{lines} (Ada)"), 1), "{:?}", md);
        }

        // The report never writes an empty title.
        let line = expected_lines(&text).join(" / ");
        if !line.is_empty() {
            let (heading, bold) = inline(&text);
            prop_assert_eq!(heading, line.clone());
            prop_assert_eq!(bold, format!("{line} ({line})"));
        }
    }
}

/// What a reader sees of `text` as a heading, and as a bold label with an italic aside (as
/// the report writes a cluster's title and who wrote a note); fails if any other markup
/// came out of it, or the report's own bold and italics were not what they should be.
fn inline(text: &str) -> (String, String) {
    let escaped = escape_inline(text);
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_MATH;
    let read = |md: &str, strong: usize, emphasis: usize| {
        assert!(markup(md).is_empty(), "{md:?}: {:?}", markup(md));
        let mut seen = String::new();
        let (mut s, mut e, mut blocks) = (0, 0, 0);
        for event in Parser::new_ext(md, options) {
            match event {
                Event::Text(t) => seen.push_str(&t),
                Event::Start(Tag::Strong) => s += 1,
                Event::Start(Tag::Emphasis) => e += 1,
                Event::Start(Tag::Heading { .. } | Tag::Paragraph | Tag::List(_) | Tag::Table(_)) => {
                    blocks += 1
                }
                _ => {}
            }
        }
        assert_eq!((s, e, blocks), (strong, emphasis, 1), "{md:?}");
        seen
    };
    let heading = read(&format!("## {escaped}\n"), 0, 0);
    let bold = read(&format!("- **{escaped}** *({escaped})*\n"), 1, 1);
    (heading, bold)
}

// ---------------------------------------------------------------------------------------
// Files: where they go, and writing them atomically

fn copy_fixture(to: &Path) -> PathBuf {
    let dir = to.join(SESSION);
    std::fs::create_dir_all(dir.join("pack")).unwrap();
    std::fs::copy(fixture().join("journal.jsonl"), dir.join("journal.jsonl")).unwrap();
    for e in std::fs::read_dir(fixture().join("pack")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dir.join("pack").join(e.file_name())).unwrap();
    }
    dir
}

#[test]
fn by_default_every_format_goes_into_the_session_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_fixture(tmp.path());
    let journal = std::fs::read(dir.join("journal.jsonl")).unwrap();
    let written =
        export::export_session(&dir, Format::All, None, exported_at(), room(), &mut Vec::new()).unwrap();
    assert_eq!(written, FILES.map(|f| dir.join(f)));
    assert_eq!(std::fs::read(dir.join("journal.jsonl")).unwrap(), journal);
    assert_eq!(
        listing(&dir),
        [
            "actions.csv",
            "first-meeting-agenda.md",
            "journal.jsonl",
            "notes.csv",
            "outcomes.json",
            "outcomes.md",
            "pack",
            "terms-of-reference.md"
        ]
    );
    // The app's `w`, from the state it already holds, writes the same bytes.
    let (pack, state, _) = Session::load(&dir).unwrap();
    let before: Vec<Vec<u8>> = FILES
        .iter()
        .map(|f| std::fs::read(dir.join(f)).unwrap())
        .collect();
    let again = export::write_outcomes(&pack, &state, &dir, exported_at(), room()).unwrap();
    assert_eq!(again, written);
    let after: Vec<Vec<u8>> = FILES
        .iter()
        .map(|f| std::fs::read(dir.join(f)).unwrap())
        .collect();
    assert_eq!(before, after);
}

#[test]
fn the_app_can_write_everything_into_another_folder() {
    let (pack, state, _) = Session::load(fixture()).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("Desktop/workshop");
    let written =
        export::write_outcomes_to(&pack, &state, fixture(), &folder, exported_at(), room()).unwrap();
    assert_eq!(written, FILES.map(|f| folder.join(f)));
    let json = std::fs::read(folder.join("outcomes.json")).unwrap();
    assert_eq!(
        json,
        std::fs::read(fixtures().join("golden/outcomes.json")).unwrap()
    );
    assert_eq!(listing(fixture()), ["journal.jsonl", "pack"]);
}

#[test]
fn one_format_goes_to_standard_output_a_file_or_a_folder() {
    let dir = fixture();
    let json = std::fs::read(fixtures().join("golden/outcomes.json")).unwrap();

    let mut stdout = Vec::new();
    let written = export::export_session(
        dir,
        Format::Json,
        Some(Path::new("-")),
        exported_at(),
        room(),
        &mut stdout,
    )
    .unwrap();
    assert!(written.is_empty(), "nothing on disk");
    assert_eq!(stdout, json);

    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("new/deeper/mine.json");
    let written = export::export_session(
        dir,
        Format::Json,
        Some(&file),
        exported_at(),
        room(),
        &mut Vec::new(),
    )
    .unwrap();
    assert_eq!(written, std::slice::from_ref(&file));
    assert_eq!(std::fs::read(&file).unwrap(), json);

    let written = export::export_session(
        dir,
        Format::Csv,
        Some(tmp.path()),
        exported_at(),
        room(),
        &mut Vec::new(),
    )
    .unwrap();
    assert_eq!(
        written,
        [tmp.path().join("notes.csv"), tmp.path().join("actions.csv")],
        "csv is the notes and the actions"
    );
    let folder = tmp.path().join("made/");
    let written = export::export_session(
        dir,
        Format::Terms,
        Some(&folder),
        exported_at(),
        room(),
        &mut Vec::new(),
    )
    .unwrap();
    assert_eq!(written, [folder.join("terms-of-reference.md")]);
    let written = export::export_session(
        dir,
        Format::Markdown,
        Some(&tmp.path().join("all")),
        exported_at(),
        room(),
        &mut Vec::new(),
    )
    .unwrap();
    assert_eq!(
        written,
        [tmp.path().join("all")],
        "a path that is not a folder is the file"
    );
    assert_eq!(listing(dir), ["journal.jsonl", "pack"]);
}

#[test]
fn all_formats_need_a_folder_and_never_go_to_standard_output() {
    let tmp = tempfile::tempdir().unwrap();
    let mut stdout = Vec::new();
    let err = export::export_session(
        fixture(),
        Format::All,
        Some(Path::new("-")),
        exported_at(),
        room(),
        &mut stdout,
    )
    .unwrap_err();
    assert!(matches!(err, ExportError::SeveralToStdout("all")));
    assert!(err.to_string().contains("one file at a time"), "{err}");
    assert!(stdout.is_empty());
    // csv is two files too; each of them alone goes to standard output.
    let csv = |format, stdout: &mut Vec<u8>| {
        export::export_session(
            fixture(),
            format,
            Some(Path::new("-")),
            exported_at(),
            room(),
            stdout,
        )
    };
    assert!(matches!(
        csv(Format::Csv, &mut stdout),
        Err(ExportError::SeveralToStdout("csv"))
    ));
    assert!(stdout.is_empty());
    csv(Format::Actions, &mut stdout).unwrap();
    assert_eq!(
        stdout,
        std::fs::read(fixtures().join("golden/actions.csv")).unwrap()
    );

    let file = tmp.path().join("a-file");
    std::fs::write(&file, "keep").unwrap();
    let err = export::export_session(
        fixture(),
        Format::All,
        Some(&file),
        exported_at(),
        room(),
        &mut Vec::new(),
    )
    .unwrap_err();
    assert!(matches!(err, ExportError::NotAFolder(_, "all")), "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep");

    let folder = tmp.path().join("new/folder");
    let written = export::export_session(
        fixture(),
        Format::All,
        Some(&folder),
        exported_at(),
        room(),
        &mut Vec::new(),
    )
    .unwrap();
    assert_eq!(written, FILES.map(|f| folder.join(f)));
}

#[test]
fn an_export_never_writes_over_the_session_itself() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_fixture(tmp.path());
    let journal = std::fs::read(dir.join("journal.jsonl")).unwrap();
    for (format, out) in [
        (Format::Json, dir.join("journal.jsonl")),
        (Format::Markdown, dir.join("pack")),
        (Format::Markdown, dir.join("pack/slides.md")),
        (Format::All, dir.join("pack")),
    ] {
        let err = export::export_session(&dir, format, Some(&out), exported_at(), room(), &mut Vec::new())
            .unwrap_err();
        assert!(matches!(err, ExportError::Protected(_)), "{out:?}: {err}");
    }
    assert_eq!(std::fs::read(dir.join("journal.jsonl")).unwrap(), journal);
    assert_eq!(listing(&dir.join("pack")), listing(&fixture().join("pack")));
}

#[test]
fn formats_by_name() {
    for (name, format) in [
        ("json", Format::Json),
        ("JSON", Format::Json),
        ("markdown", Format::Markdown),
        ("md", Format::Markdown),
        ("csv", Format::Csv),
        ("notes", Format::Notes),
        ("actions", Format::Actions),
        ("terms", Format::Terms),
        ("agenda", Format::Agenda),
        ("all", Format::All),
    ] {
        assert_eq!(name.parse::<Format>().unwrap(), format);
    }
    let err = "xml".parse::<Format>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "\"xml\" is not an export format; use json, markdown, csv, notes, actions, terms, agenda or all"
    );
    let err = export::run_cli(Path::new("/nonexistent/session"), "json", None).unwrap_err();
    assert!(
        err.to_string().contains("no session at /nonexistent/session"),
        "{err}"
    );
    let err = export::run_cli(fixture(), "pdf", None).unwrap_err();
    assert!(matches!(err, ExportError::UnknownFormat(_)));
}

#[test]
fn an_atomic_write_replaces_the_whole_file_and_leaves_nothing_behind() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("outcomes.json");
    std::fs::write(&path, "old and good").unwrap();
    export::write_atomic(&path, b"new and good").unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "new and good");
    assert_eq!(listing(tmp.path()), ["outcomes.json"]);
}

#[test]
fn a_write_that_fails_part_way_leaves_the_old_file_whole() {
    use std::io::Write;
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("outcomes.md");
    std::fs::write(&path, "the good report").unwrap();
    let err = export::files::write_atomic_with(&path, |file| {
        file.write_all(b"half a rep")?;
        Err(std::io::Error::other("the disk is full"))
    })
    .unwrap_err();
    assert!(err.to_string().contains("the disk is full"), "{err}");
    assert!(err.to_string().contains("outcomes.md"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "the good report");
    assert_eq!(listing(tmp.path()), ["outcomes.md"], "the temporary file is gone");
}

#[test]
fn a_folder_that_cannot_be_written_leaves_the_old_file_whole() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("locked");
    std::fs::create_dir(&folder).unwrap();
    let path = folder.join("notes.csv");
    std::fs::write(&path, "the good notes").unwrap();
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555)).unwrap();
    // Root ignores permissions; a rename onto a folder fails for everyone.
    let root = std::fs::write(folder.join("probe"), "").is_ok();
    let target = if root {
        std::fs::remove_file(folder.join("probe")).unwrap();
        std::fs::create_dir(folder.join("taken")).unwrap();
        std::fs::write(folder.join("taken/inside"), "").unwrap();
        folder.join("taken")
    } else {
        path.clone()
    };
    let err = export::write_atomic(&target, b"new notes").unwrap_err();
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert!(matches!(err, ExportError::Write { .. }), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "the good notes");
    let left: HashSet<String> = listing(&folder).into_iter().collect();
    let expected: HashSet<String> = if root {
        ["notes.csv".to_string(), "taken".to_string()].into()
    } else {
        ["notes.csv".to_string()].into()
    };
    assert_eq!(left, expected, "no temporary file left");
}
