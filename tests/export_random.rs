//! Random sessions, built through the public command API from random sequences of board
//! commands with awkward text, always export to something the published schema accepts,
//! with the same counts as the state and references that hold together.
//!
//! 64 cases keep CI fast; for a deeper search run
//! `PROPTEST_CASES=5000 cargo test --release --test export_random`.

use std::collections::HashSet;
use std::path::Path;
use std::sync::OnceLock;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeDelta, TimeZone, Utc};
use convene::export::{self, Outcomes};
use convene::pack::Pack;
use convene::session::board::{ActionFields, ActionStatus};
use convene::session::{Command, EventKind, NoteFields, Session, StartOptions};
use proptest::prelude::*;
use proptest::sample::Index;
use pulldown_cmark::{Event, Options, Parser, Tag};
use serde_json::Value;

/// Boards notes go on, including one that votes on another's (its own columns are the
/// workshop's shared ones).
const BOARDS: &[&str] = &[
    "introductions",
    "mapping",
    "ideas",
    "prioritise",
    "hiw-event",
    "network",
    "actions",
];
const GROUPED: &[&str] = &[
    "introductions",
    "mapping",
    "ideas",
    "hiw-event",
    "network",
    "actions",
];
const SECTORS: &[&str] = &[
    "nhs",
    "public-library",
    "public-health",
    "academic",
    "citizens-advice",
    "voluntary",
    "social-care",
    "public",
    "other",
];

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64)
}

fn at(second: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 5, 9, 0, 0).unwrap() + TimeDelta::seconds(second)
}

fn text() -> impl Strategy<Value = String> {
    const PIECES: &[&str] = &[
        "note",
        "Health",
        " ",
        "|",
        "#",
        "*",
        "_",
        "<script>",
        "`",
        "\\",
        "\n",
        "\r\n",
        "=SUM(A1)",
        "+",
        "-",
        "@",
        "\t",
        "1.",
        "[x](y)",
        "~~",
        "$",
        "&amp;",
        "📚",
        "مكتبة",
        "\u{202e}",
        "\u{1b}[2J",
        "\u{0}",
        "'",
        "\"",
        ",",
        ";",
    ];
    prop::collection::vec(prop::sample::select(PIECES), 0..8).prop_map(|v| v.concat())
}

#[derive(Debug, Clone)]
enum Op {
    Add {
        board: Index,
        category: Index,
        text: String,
        sector: Option<Index>,
        organisation: Option<String>,
        author: Option<String>,
    },
    Edit {
        note: Index,
        category: Index,
        text: String,
    },
    Move {
        note: Index,
        category: Index,
    },
    Delete(Index),
    Undo,
    Vote {
        target: Index,
        cluster: bool,
        delta: i64,
    },
    Cluster {
        notes: Vec<Index>,
        title: String,
    },
    Ungroup(Index),
    Attendee {
        name: String,
        organisation: String,
        sector: Index,
    },
    Draw {
        activity: Index,
        seed: u64,
    },
    Action {
        text: String,
        owner: Option<String>,
        due: Option<u16>,
        status: u8,
        source: Option<Index>,
    },
    EditAction {
        action: Index,
        text: String,
        status: u8,
    },
    Go(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (any::<Index>(), any::<Index>(), text(), prop::option::of(any::<Index>()), prop::option::of(text()), prop::option::of(text()))
            .prop_map(|(board, category, text, sector, organisation, author)| Op::Add { board, category, text, sector, organisation, author }),
        1 => (any::<Index>(), any::<Index>(), text()).prop_map(|(note, category, text)| Op::Edit { note, category, text }),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(note, category)| Op::Move { note, category }),
        1 => any::<Index>().prop_map(Op::Delete),
        1 => Just(Op::Undo),
        3 => (any::<Index>(), any::<bool>(), -2i64..=3).prop_map(|(target, cluster, delta)| Op::Vote { target, cluster, delta }),
        1 => (prop::collection::vec(any::<Index>(), 1..4), text()).prop_map(|(notes, title)| Op::Cluster { notes, title }),
        1 => any::<Index>().prop_map(Op::Ungroup),
        2 => (text(), text(), any::<Index>()).prop_map(|(name, organisation, sector)| Op::Attendee { name, organisation, sector }),
        1 => (any::<Index>(), any::<u64>()).prop_map(|(activity, seed)| Op::Draw { activity, seed }),
        1 => (text(), prop::option::of(text()), prop::option::of(0u16..400), 0u8..3, prop::option::of(any::<Index>()))
            .prop_map(|(text, owner, due, status, source)| Op::Action { text, owner, due, status, source }),
        1 => (any::<Index>(), text(), 0u8..3).prop_map(|(action, text, status)| Op::EditAction { action, text, status }),
        1 => (0usize..13).prop_map(Op::Go),
    ]
}

fn status(n: u8) -> ActionStatus {
    [ActionStatus::Open, ActionStatus::InProgress, ActionStatus::Done][n as usize % 3]
}

/// The command an op means in this state, if there is anything for it to act on.
fn command(session: &Session, op: &Op) -> Option<Command> {
    let pack = &session.pack;
    let boards = &session.state.boards;
    let columns = |board: &str| {
        let activity = pack.activity(board).unwrap();
        pack.categories_of(activity)
            .iter()
            .map(|c| c.id.clone())
            .collect::<Vec<_>>()
    };
    let pick = |i: &Index, len: usize| (len > 0).then(|| i.index(len));
    Some(match op {
        Op::Add {
            board,
            category,
            text,
            sector,
            organisation,
            author,
        } => {
            let board = BOARDS[board.index(BOARDS.len())];
            let cols = columns(board);
            Command::AddNote(NoteFields {
                board: board.into(),
                category: cols[category.index(cols.len())].clone(),
                text: text.clone(),
                sector: sector.as_ref().map(|s| SECTORS[s.index(SECTORS.len())].into()),
                organisation: organisation.clone(),
                author: author.clone(),
            })
        }
        Op::Edit { note, category, text } => {
            let n = &boards.notes[pick(note, boards.notes.len())?];
            let cols = columns(&n.board);
            Command::EditNote {
                note: n.id.clone(),
                fields: NoteFields {
                    board: n.board.clone(),
                    category: cols[category.index(cols.len())].clone(),
                    text: text.clone(),
                    sector: n.sector.clone(),
                    organisation: n.organisation.clone(),
                    author: n.author.clone(),
                },
            }
        }
        Op::Move { note, category } => {
            let n = &boards.notes[pick(note, boards.notes.len())?];
            let cols = columns(&n.board);
            Command::MoveNote {
                note: n.id.clone(),
                category: cols[category.index(cols.len())].clone(),
            }
        }
        Op::Delete(note) => Command::DeleteNote(boards.notes[pick(note, boards.notes.len())?].id.clone()),
        Op::Undo => Command::Undo,
        Op::Vote {
            target,
            cluster,
            delta,
        } => {
            let target = if *cluster {
                boards.clusters[pick(target, boards.clusters.len())?].id.clone()
            } else {
                boards.notes[pick(target, boards.notes.len())?].id.clone()
            };
            Command::Vote {
                target,
                delta: *delta,
            }
        }
        Op::Cluster { notes, title } => Command::Cluster {
            notes: notes
                .iter()
                .filter_map(|i| Some(boards.notes[pick(i, boards.notes.len())?].id.clone()))
                .collect(),
            title: title.clone(),
        },
        Op::Ungroup(c) => Command::Ungroup(boards.clusters[pick(c, boards.clusters.len())?].id.clone()),
        Op::Attendee {
            name,
            organisation,
            sector,
        } => Command::AddAttendee {
            name: name.clone(),
            organisation: organisation.clone(),
            sector: SECTORS[sector.index(SECTORS.len())].into(),
        },
        Op::Draw { activity, seed } => Command::FormGroups {
            activity: GROUPED[activity.index(GROUPED.len())].into(),
            seed: Some(*seed),
        },
        Op::Action {
            text,
            owner,
            due,
            status: s,
            source,
        } => Command::AddAction {
            fields: ActionFields {
                text: text.clone(),
                owner: owner.clone(),
                organisation: None,
                due: due.map(|d| NaiveDate::from_ymd_opt(2026, 3, 5).unwrap() + TimeDelta::days(d as i64)),
                status: status(*s),
            },
            source_note: match source {
                Some(i) => Some(boards.notes[pick(i, boards.notes.len())?].id.clone()),
                None => None,
            },
        },
        Op::EditAction {
            action,
            text,
            status: s,
        } => {
            let a = &boards.actions[pick(action, boards.actions.len())?];
            Command::EditAction {
                action: a.id.clone(),
                fields: ActionFields {
                    text: text.clone(),
                    status: status(*s),
                    ..a.fields.clone()
                },
            }
        }
        Op::Go(item) => Command::GoToItem(*item),
    })
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

/// Markup in the report that only user text could have made (it never writes these).
fn stray_markup(md: &str) -> Vec<String> {
    Parser::new_ext(
        md,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_MATH,
    )
    .filter_map(|e| match e {
        Event::Html(h) | Event::InlineHtml(h) => Some(format!("html {h:?}")),
        Event::InlineMath(m) | Event::DisplayMath(m) => Some(format!("math {m:?}")),
        Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::Strikethrough | Tag::CodeBlock(_)) => {
            Some(format!("{e:?}"))
        }
        _ => None,
    })
    .collect()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(),
        // Shrunk failures are printed; nothing is written beside the tests.
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_sessions_export_valid_consistent_outcomes(ops in prop::collection::vec(op(), 0..50)) {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("s");
        let mut session = Session::create(&dir, Pack::builtin().unwrap(), &StartOptions::default(), at(0)).unwrap();
        for (n, op) in ops.iter().enumerate() {
            if let Some(command) = command(&session, op) {
                // Refusals (an empty note, a vote below zero, ...) are part of the test.
                let _ = session.execute(&command, at(n as i64 + 1));
            }
        }
        let (pack, state, _) = Session::load(&dir).unwrap();
        prop_assert_eq!(&state, &session.state, "the journal replays to the live state");

        let o = Outcomes::build(&pack, &state, "s", at(10_000), FixedOffset::east_opt(-5 * 3600).unwrap());
        let json = export::json(&o);
        let value: Value = serde_json::from_str(&json).unwrap();
        let errors = schema_errors(&value);
        prop_assert!(errors.is_empty(), "{}\n{}", errors.join("\n"), json);

        let boards = &state.boards;
        prop_assert_eq!(o.notes.len(), boards.notes.iter().filter(|n| !n.deleted).count());
        prop_assert_eq!(o.clusters.len(), boards.clusters.iter().filter(|c| !c.dissolved).count());
        prop_assert_eq!(o.actions.len(), boards.actions.len());
        prop_assert_eq!(o.attendees.len(), boards.attendees.len());
        prop_assert_eq!(o.groups.len(), boards.shuffles.len());
        prop_assert_eq!(o.session.events, state.events);

        // References hold: a note's cluster lists it, a cluster's notes point back, every
        // grouped person is an attendee, one latest draw per activity.
        let notes: HashSet<&str> = o.notes.iter().map(|n| n.id.as_str()).collect();
        for n in &o.notes {
            if let Some(c) = &n.cluster {
                prop_assert!(o.clusters.iter().any(|k| k.id == *c && k.notes.contains(&n.id)));
            }
        }
        for c in &o.clusters {
            let mine: u32 = c.notes.iter().map(|id| o.notes.iter().find(|n| n.id == *id).unwrap().votes).sum();
            prop_assert_eq!(c.total_votes, c.votes + mine);
            for id in &c.notes {
                prop_assert!(notes.contains(id.as_str()));
            }
        }
        let people: HashSet<&str> = o.attendees.iter().map(|a| a.id.as_str()).collect();
        for d in &o.groups {
            for m in d.groups.iter().flatten() {
                prop_assert!(people.contains(m.id.as_str()));
            }
        }
        let latest: Vec<&str> = o.groups.iter().filter(|d| d.latest).map(|d| d.activity.as_str()).collect();
        let activities: HashSet<&str> = o.groups.iter().map(|d| d.activity.as_str()).collect();
        prop_assert_eq!(latest.len(), activities.len());

        // The other formats render, and user text makes no markup or formula of them.
        let md = export::markdown(&o);
        prop_assert!(stray_markup(&md).is_empty(), "{:?}\n{}", stray_markup(&md), md);
        // What was decided comes first, with one actions section and at most five top ideas.
        let decided = md.find("\n## What the room decided\n");
        prop_assert!(decided.is_some() && decided < md.find("\n## Who was there\n"));
        prop_assert_eq!(md.matches("\n### Actions\n").count(), 1);
        // Each board's top ideas: ranks from 1, never past the fifth (ties for it included).
        let top = &md[md.find("\n### Top ideas\n").unwrap()..md.find("\n### Actions\n").unwrap()];
        for row in top.lines().filter(|l| l.starts_with("| ") && !l.starts_with("| Rank ")) {
            let rank: usize = row[2..].split(' ').next().unwrap().parse().unwrap();
            prop_assert!((1..=5).contains(&rank), "{}", row);
        }
        let tor = export::terms_of_reference(&o);
        prop_assert!(stray_markup(&tor).is_empty(), "{:?}", stray_markup(&tor));
        let agenda = export::agenda(&o);
        prop_assert!(stray_markup(&agenda).is_empty(), "{:?}", stray_markup(&agenda));
        // A row per note, and one per cluster voted for as a whole.
        let csv = export::csv(&o);
        let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(&csv[3..]).records().map(Result::unwrap).collect();
        let voted = o.clusters.iter().filter(|c| c.votes > 0).count();
        prop_assert_eq!(rows.len(), o.notes.len() + voted);
        let actions = export::actions_csv(&o);
        let actions: Vec<csv::StringRecord> = csv::Reader::from_reader(&actions[3..]).records().map(Result::unwrap).collect();
        prop_assert_eq!(actions.len(), o.actions.len() + o.proposed_actions().len());
        for cell in rows.iter().chain(&actions).flat_map(|r| r.iter()) {
            prop_assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "{:?}", cell);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Journals written by hand (or by another tool): whatever the reader accepts exports valid.
// ---------------------------------------------------------------------------------------------

/// Ids of every shape, right and wrong, few enough that they repeat.
const IDS: &[&str] = &[
    "n1", "n2", "n3", "c1", "c2", "a1", "a2", "p1", "p2", "zz", "n0", "n01", "", "N1", "n1 ",
];
const TEXTS: &[&str] = &["", " ", "\n", "\t \r\n", "Idea", " padded "];
const WORDS: &[&str] = &[
    "ideas", "mapping", "barriers", "nhs", "zz", "", "Ideas", "actions",
];

fn pick(from: &'static [&'static str]) -> impl Strategy<Value = String> {
    proptest::sample::select(from).prop_map(str::to_string)
}

fn any_option(from: &'static [&'static str]) -> impl Strategy<Value = Option<String>> {
    prop::option::of(pick(from))
}

fn hand_written_kind() -> impl Strategy<Value = EventKind> {
    use convene::session::EventKind as K;
    use convene::session::attendees::AttendeeEntry;
    prop_oneof![
        4 => (pick(IDS), pick(WORDS), pick(WORDS), pick(TEXTS), any_option(WORDS), any_option(TEXTS), any_option(TEXTS))
            .prop_map(|(note, board, category, text, sector, organisation, author)| K::NoteAdded { note, board, category, text, sector, organisation, author, device: None }),
        1 => (pick(IDS), pick(WORDS), pick(TEXTS), any_option(WORDS), any_option(TEXTS), any_option(TEXTS))
            .prop_map(|(note, category, text, sector, organisation, author)| K::NoteEdited { note, category, text, sector, organisation, author }),
        1 => (pick(IDS), pick(WORDS)).prop_map(|(note, category)| K::NoteMoved { note, category }),
        1 => pick(IDS).prop_map(|note| K::NoteDeleted { note }),
        1 => pick(IDS).prop_map(|note| K::NoteRestored { note }),
        2 => (pick(IDS), -3i64..4).prop_map(|(target, delta)| K::Voted { target, delta, device: None }),
        2 => (pick(IDS), pick(WORDS), pick(WORDS), pick(TEXTS), prop::collection::vec(pick(IDS), 0..4))
            .prop_map(|(cluster, board, category, title, notes)| K::ClusterCreated { cluster, board, category, title, notes }),
        1 => pick(IDS).prop_map(|cluster| K::ClusterDissolved { cluster }),
        2 => (pick(IDS), pick(TEXTS), pick(TEXTS), pick(WORDS))
            .prop_map(|(attendee, name, organisation, sector)| K::AttendeeAdded { attendee, name, organisation, sector }),
        1 => prop::collection::vec((pick(IDS), pick(TEXTS), pick(TEXTS), pick(WORDS)), 0..4)
            .prop_map(|rows| K::AttendeesImported {
                attendees: rows
                    .into_iter()
                    .map(|(attendee, name, organisation, sector)| AttendeeEntry { attendee, name, organisation, sector })
                    .collect(),
            }),
        1 => (pick(WORDS), any::<u64>(), 0u32..6, prop::collection::vec(prop::collection::vec(pick(IDS), 0..3), 0..3))
            .prop_map(|(activity, seed, size, groups)| K::GroupsFormed { activity, seed, size, groups }),
        2 => (pick(IDS), pick(TEXTS), any_option(TEXTS), any_option(IDS))
            .prop_map(|(action, text, owner, source_note)| K::ActionAdded {
                action,
                fields: ActionFields { text, owner, organisation: None, due: None, status: ActionStatus::Open },
                source_note,
            }),
        1 => (pick(IDS), pick(TEXTS), any_option(TEXTS)).prop_map(|(action, text, organisation)| K::ActionEdited {
            action,
            fields: ActionFields { text, owner: None, organisation, due: None, status: ActionStatus::Done },
        }),
    ]
}

/// A real session's journal with `kinds` appended as lines, a second apart.
fn hand_written_session(dir: &Path, kinds: &[EventKind]) {
    let session = Session::create(dir, Pack::builtin().unwrap(), &StartOptions::default(), at(0)).unwrap();
    let path = session.journal_path().to_path_buf();
    drop(session);
    let mut text = std::fs::read_to_string(&path).unwrap();
    for (n, kind) in kinds.iter().enumerate() {
        let event = convene::session::Event {
            seq: n as u64 + 2,
            at: at(n as i64 + 1),
            kind: kind.clone(),
        };
        text.push_str(&serde_json::to_string(&event).unwrap());
        text.push('\n');
    }
    std::fs::write(&path, text).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases() * 4,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_journal_the_reader_accepts_exports_valid_outcomes(kinds in prop::collection::vec(hand_written_kind(), 0..12)) {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("s");
        hand_written_session(&dir, &kinds);
        let Ok((pack, state, _)) = Session::load(&dir) else {
            // Refused, with the line named: the journal tests check how.
            return Ok(());
        };
        let o = Outcomes::build(&pack, &state, "s", at(10_000), FixedOffset::east_opt(3600).unwrap());
        let json = export::json(&o);
        let value: Value = serde_json::from_str(&json).unwrap();
        let errors = schema_errors(&value);
        prop_assert!(errors.is_empty(), "{}\n{}", errors.join("\n"), json);
    }
}

/// A session run at the very end of the years a journal may use: resumed, re-planned and
/// exported, with the room's clock anywhere from UTC-12 to UTC+14, it still names only
/// four-digit years.
#[test]
fn a_session_at_the_end_of_9999_exports_valid_outcomes() {
    let end = convene::session::schedule::journal_range().end;
    let late = |minutes: i64| end - TimeDelta::minutes(90) + TimeDelta::minutes(minutes);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("s");
    let options = StartOptions {
        start: Some(chrono::NaiveTime::from_hms_opt(23, 59, 0).unwrap()),
        ..StartOptions::default()
    };
    drop(Session::create(&dir, Pack::builtin().unwrap(), &options, late(0)).unwrap());
    let (mut session, warnings) = Session::resume(&dir).unwrap();
    assert!(warnings.is_empty());
    session.execute(&Command::GoToItem(2), late(30)).unwrap();
    for offset in [-12, 0, 14] {
        let offset = FixedOffset::east_opt(offset * 3600).unwrap();
        let fit =
            convene::session::schedule::fit_the_rest(&session.pack, &session.state, late(80), offset, true);
        assert!(fit.finish <= convene::session::schedule::last_instant());
    }
    drop(session);
    let (pack, state, _) = Session::load(&dir).unwrap();
    for offset in [-12, 0, 14] {
        let o = Outcomes::build(
            &pack,
            &state,
            "s",
            late(89),
            FixedOffset::east_opt(offset * 3600).unwrap(),
        );
        let value: Value = serde_json::from_str(&export::json(&o)).unwrap();
        let errors = schema_errors(&value);
        assert!(errors.is_empty(), "UTC{offset:+}: {}", errors.join("\n"));
    }
}
