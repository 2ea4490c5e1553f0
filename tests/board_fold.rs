//! The board's commands through the public command API: what each does to the state, what
//! it refuses and why, and that a replay of the journal gives the same state.

use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc};
use convene::pack::Pack;
use convene::session::board::{ActionFields, ActionStatus};
use convene::session::due::parse_due;
use convene::session::{Command, CommandError, NoteFields, Session, SessionError, StartOptions};

fn at(min: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 9, 30, 0).unwrap() + TimeDelta::minutes(min)
}

fn session() -> (tempfile::TempDir, Session) {
    let dir = tempfile::tempdir().unwrap();
    let s = Session::create(
        &dir.path().join("s"),
        Pack::builtin().unwrap(),
        &StartOptions::default(),
        at(0),
    )
    .unwrap();
    (dir, s)
}

fn note(category: &str, text: &str, sector: Option<&str>) -> Command {
    Command::AddNote(NoteFields {
        board: "ideas".to_string(),
        category: category.to_string(),
        text: text.to_string(),
        sector: sector.map(str::to_string),
        organisation: None,
        author: None,
    })
}

fn refused(s: &mut Session, command: &Command) -> CommandError {
    match s.execute(command, at(1)) {
        Err(SessionError::Command(e)) => e,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// The state after replaying the journal equals the live one.
fn replays(s: &Session) {
    let (_, replayed, _) = Session::load(&s.dir).unwrap();
    assert_eq!(replayed, s.state);
}

#[test]
fn add_edit_move_delete_and_undo() {
    let (_d, mut s) = session();
    s.execute(&note("skills", "Train public library staff", Some("nhs")), at(1))
        .unwrap();
    s.execute(&note("resources", "  Reminiscence boxes\u{1b}[2J  ", None), at(2))
        .unwrap();
    let n = &s.state.boards.notes;
    assert_eq!((n[0].id.as_str(), n[1].id.as_str()), ("n1", "n2"));
    assert_eq!(
        n[1].text, "Reminiscence boxes",
        "control sequences stripped, ends trimmed"
    );
    assert_eq!(n[0].sector.as_deref(), Some("nhs"));

    s.execute(
        &Command::EditNote {
            note: "n1".to_string(),
            fields: NoteFields {
                category: "skills".to_string(),
                text: "Train public library staff in health enquiries".to_string(),
                sector: Some("nhs".to_string()),
                organisation: Some("Wirral NHS".to_string()),
                author: Some("Priya".to_string()),
                ..Default::default()
            },
        },
        at(3),
    )
    .unwrap();
    let n1 = s.state.boards.note("n1").unwrap();
    assert_eq!(n1.text, "Train public library staff in health enquiries");
    assert_eq!(
        (n1.organisation.as_deref(), n1.author.as_deref()),
        (Some("Wirral NHS"), Some("Priya"))
    );

    s.execute(
        &Command::MoveNote {
            note: "n2".to_string(),
            category: "wellbeing".to_string(),
        },
        at(4),
    )
    .unwrap();
    assert_eq!(s.state.boards.note("n2").unwrap().category, "wellbeing");

    s.execute(&Command::DeleteNote("n1".to_string()), at(5)).unwrap();
    s.execute(&Command::DeleteNote("n2".to_string()), at(5)).unwrap();
    assert_eq!(s.state.boards.notes_on("ideas").count(), 0);
    s.execute(&Command::Undo, at(6)).unwrap();
    assert!(
        !s.state.boards.note("n2").unwrap().deleted,
        "the last delete comes back first"
    );
    s.execute(&Command::Undo, at(6)).unwrap();
    assert!(!s.state.boards.note("n1").unwrap().deleted);
    assert_eq!(refused(&mut s, &Command::Undo), CommandError::NothingToUndo);
    replays(&s);
}

#[test]
fn bad_notes_are_refused_with_a_reason() {
    let (_d, mut s) = session();
    assert_eq!(
        refused(&mut s, &note("skills", "   ", None)),
        CommandError::EmptyNote
    );
    assert_eq!(
        refused(&mut s, &note("skills", &"x".repeat(281), None)),
        CommandError::NoteTooLong(281)
    );
    let e = refused(&mut s, &note("nonsense", "hi", None));
    assert_eq!(
        e.to_string(),
        "\"nonsense\" is not a column of this board; its columns are resources, skills, events, wellbeing"
    );
    assert_eq!(
        refused(&mut s, &note("skills", "hi", Some("martians"))),
        CommandError::UnknownSector("martians".into())
    );
    assert_eq!(
        refused(
            &mut s,
            &Command::MoveNote {
                note: "n9".into(),
                category: "skills".into()
            }
        ),
        CommandError::NoSuchNote("n9".into())
    );
    assert_eq!(s.state.boards.notes.len(), 0, "nothing was half-applied");
}

#[test]
fn unicode_and_pasted_multiline_text_survive() {
    let (_d, mut s) = session();
    let text = "Café 🎉 图书馆\r\nمكتبة الصحة\n\n\nsecond line";
    s.execute(&note("events", text, None), at(1)).unwrap();
    assert_eq!(
        s.state.boards.note("n1").unwrap().text,
        "Café 🎉 图书馆\nمكتبة الصحة\n\nsecond line"
    );
    replays(&s);
}

#[test]
fn votes_on_notes_and_clusters_and_the_budget() {
    let (_d, mut s) = session();
    for (i, text) in ["A", "B", "C"].iter().enumerate() {
        s.execute(&note("skills", text, None), at(i as i64)).unwrap();
    }
    s.execute(
        &Command::Vote {
            target: "n1".into(),
            delta: 1,
        },
        at(5),
    )
    .unwrap();
    s.execute(
        &Command::SetVotes {
            target: "n2".into(),
            votes: 4,
        },
        at(5),
    )
    .unwrap();
    s.execute(
        &Command::Vote {
            target: "n2".into(),
            delta: -1,
        },
        at(5),
    )
    .unwrap();
    assert_eq!(s.state.boards.note("n2").unwrap().votes, 3);
    assert_eq!(
        refused(
            &mut s,
            &Command::Vote {
                target: "n3".into(),
                delta: -1
            }
        ),
        CommandError::NoVotes("n3".into())
    );

    s.execute(
        &Command::Cluster {
            notes: vec!["n2".into(), "n3".into()],
            title: "Training".into(),
        },
        at(6),
    )
    .unwrap();
    s.execute(
        &Command::Vote {
            target: "c1".into(),
            delta: 2,
        },
        at(6),
    )
    .unwrap();
    let c1 = s.state.boards.cluster("c1").unwrap().clone();
    assert_eq!(
        s.state.boards.cluster_votes(&c1),
        2 + 3,
        "its own votes and its notes'"
    );

    // "Which ideas first?" votes on the ideas board with 3 votes each: 2 attendees, 6 votes.
    s.execute(
        &Command::GoToItem(s.pack.programme.position("prioritise").unwrap()),
        at(7),
    )
    .unwrap();
    for name in ["Priya", "Sam"] {
        s.execute(
            &Command::AddAttendee {
                name: name.into(),
                organisation: "".into(),
                sector: "nhs".into(),
            },
            at(7),
        )
        .unwrap();
    }
    assert_eq!(s.state.boards.votes_on("ideas"), 6);
    let e = refused(
        &mut s,
        &Command::Vote {
            target: "n1".into(),
            delta: 1,
        },
    );
    assert_eq!(
        e.to_string(),
        "over the vote budget (7 of 6): take one away first; 3 each for 2 attendees"
    );
    s.execute(
        &Command::Vote {
            target: "n1".into(),
            delta: -1,
        },
        at(8),
    )
    .unwrap();
    s.execute(
        &Command::Vote {
            target: "n3".into(),
            delta: 1,
        },
        at(8),
    )
    .unwrap();
    replays(&s);
}

#[test]
fn clusters_group_and_ungroup() {
    let (_d, mut s) = session();
    s.execute(&note("skills", "Training", None), at(1)).unwrap();
    s.execute(&note("resources", "Shared collections", None), at(1))
        .unwrap();
    assert_eq!(
        refused(
            &mut s,
            &Command::Cluster {
                notes: vec![],
                title: "T".into()
            }
        ),
        CommandError::NothingToCluster
    );
    assert_eq!(
        refused(
            &mut s,
            &Command::Cluster {
                notes: vec!["n1".into()],
                title: " ".into()
            }
        ),
        CommandError::EmptyTitle
    );
    s.execute(
        &Command::Cluster {
            notes: vec!["n1".into(), "n2".into()],
            title: "Working together".into(),
        },
        at(2),
    )
    .unwrap();
    // The cluster lives in the first note's column, and takes the second along.
    assert_eq!(s.state.boards.note("n2").unwrap().category, "skills");
    assert_eq!(s.state.boards.note("n2").unwrap().cluster.as_deref(), Some("c1"));
    s.execute(&Command::Ungroup("c1".into()), at(3)).unwrap();
    assert!(s.state.boards.notes.iter().all(|n| n.cluster.is_none()));
    assert!(s.state.boards.cluster("c1").unwrap().dissolved);
    replays(&s);
}

#[test]
fn hiding_a_board_from_the_room() {
    let (_d, mut s) = session();
    s.execute(
        &Command::HideBoard {
            board: "ideas".into(),
            hidden: true,
        },
        at(1),
    )
    .unwrap();
    assert!(s.state.boards.is_hidden("ideas"));
    s.execute(
        &Command::HideBoard {
            board: "ideas".into(),
            hidden: false,
        },
        at(2),
    )
    .unwrap();
    assert!(!s.state.boards.is_hidden("ideas"));
    replays(&s);
}

#[test]
fn actions_with_every_due_date_form() {
    let (_d, mut s) = session();
    s.execute(
        &note("events", "A joint Health Information Week stall", None),
        at(1),
    )
    .unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(); // a Friday
    let forms = [
        ("2026-12-04", "2026-12-04"),
        ("2w", "2026-12-11"),
        ("3d", "2026-11-30"),
        ("next friday", "2026-12-04"),
        ("end of month", "2026-11-30"),
        ("4 Dec", "2026-12-04"),
        ("tomorrow", "2026-11-28"),
    ];
    for (i, (words, expected)) in forms.iter().enumerate() {
        let due = parse_due(words, today).unwrap_or_else(|e| panic!("{words}: {e}"));
        assert_eq!(due.to_string(), *expected, "{words}");
        let source = (i == 0).then(|| "n1".to_string());
        s.execute(
            &Command::AddAction {
                fields: ActionFields {
                    text: format!("Action {i}"),
                    owner: Some("Priya Shah".into()),
                    organisation: Some("Wirral Libraries".into()),
                    due: Some(due),
                    status: ActionStatus::Open,
                },
                source_note: source,
            },
            at(2),
        )
        .unwrap();
    }
    assert!(
        parse_due("soon", today)
            .unwrap_err()
            .to_string()
            .contains("not a date I know")
    );
    let a1 = s.state.boards.action("a1").unwrap();
    assert_eq!(a1.source_note.as_deref(), Some("n1"));
    let mut fields = a1.fields.clone();
    fields.status = fields.status.next();
    s.execute(
        &Command::EditAction {
            action: "a1".into(),
            fields,
        },
        at(3),
    )
    .unwrap();
    assert_eq!(
        s.state.boards.action("a1").unwrap().fields.status,
        ActionStatus::InProgress
    );
    assert_eq!(
        refused(
            &mut s,
            &Command::AddAction {
                fields: ActionFields {
                    text: " ".into(),
                    owner: None,
                    organisation: None,
                    due: None,
                    status: ActionStatus::Open
                },
                source_note: None
            }
        ),
        CommandError::EmptyAction
    );
    replays(&s);
}

#[test]
fn attendees_from_a_file_with_a_bad_row() {
    let (_d, mut s) = session();
    let csv = "name,organisation,sector\nPriya Shah,\"Wirral Libraries, Central\",public library\n,No Name,nhs\nSam Jones,Public Health,Martians\nAlex Kim,Citizens Advice Wirral,CitAdv\n";
    let (rows, problems) = convene::session::attendees::parse_attendees(csv, &s.pack.sectors);
    let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
    assert_eq!(lines, [3, 4], "{problems:?}");
    assert_eq!(rows.len(), 2);
    for row in rows {
        s.execute(
            &Command::AddAttendee {
                name: row.name,
                organisation: row.organisation,
                sector: row.sector,
            },
            at(1),
        )
        .unwrap();
    }
    let people = &s.state.boards.attendees;
    assert_eq!(
        (people[0].id.as_str(), people[0].organisation.as_str()),
        ("p1", "Wirral Libraries, Central")
    );
    assert_eq!(people[1].sector, "citizens-advice");
    assert_eq!(
        refused(
            &mut s,
            &Command::AddAttendee {
                name: " ".into(),
                organisation: "".into(),
                sector: "nhs".into()
            }
        ),
        CommandError::EmptyName
    );
    replays(&s);
}

#[test]
fn groups_are_formed_from_the_seed_and_journaled() {
    let (_d, mut s) = session();
    assert_eq!(
        refused(
            &mut s,
            &Command::FormGroups {
                activity: "ideas".into(),
                seed: Some(7)
            }
        ),
        CommandError::NoAttendees
    );
    let sectors = [
        "nhs",
        "nhs",
        "nhs",
        "public-library",
        "public-library",
        "public-library",
        "voluntary",
        "voluntary",
        "public-health",
        "social-care",
    ];
    for (i, sector) in sectors.iter().enumerate() {
        s.execute(
            &Command::AddAttendee {
                name: format!("Person {i}"),
                organisation: "".into(),
                sector: sector.to_string(),
            },
            at(1),
        )
        .unwrap();
    }
    s.execute(
        &Command::FormGroups {
            activity: "ideas".into(),
            seed: Some(7),
        },
        at(2),
    )
    .unwrap();
    let first = s.state.boards.groups_for("ideas").unwrap().clone();
    let mut sizes: Vec<usize> = first.groups.iter().map(Vec::len).collect();
    sizes.sort();
    assert_eq!(sizes, [3, 3, 4], "10 people in groups of 4");
    // Mixed sectors: with 3 NHS and 3 groups, one NHS person in each.
    for g in &first.groups {
        let nhs = g
            .iter()
            .filter(|id| s.state.boards.attendee(id).unwrap().sector == "nhs")
            .count();
        assert_eq!(nhs, 1);
    }
    s.execute(
        &Command::FormGroups {
            activity: "ideas".into(),
            seed: Some(7),
        },
        at(3),
    )
    .unwrap();
    assert_eq!(
        s.state.boards.groups_for("ideas").unwrap().groups,
        first.groups,
        "same seed, same groups"
    );
    assert_eq!(s.state.boards.shuffles.len(), 2, "each shuffle journaled");
    assert_eq!(
        refused(
            &mut s,
            &Command::FormGroups {
                activity: "prioritise".into(),
                seed: Some(1)
            }
        ),
        CommandError::NoGrouping
    );
    replays(&s);
}

fn add_people(s: &mut Session, people: &[(&str, &str, &str)]) {
    for (name, organisation, sector) in people {
        s.execute(
            &Command::AddAttendee {
                name: name.to_string(),
                organisation: organisation.to_string(),
                sector: sector.to_string(),
            },
            at(1),
        )
        .unwrap();
    }
}

#[test]
fn a_session_with_a_seed_forms_groups_from_it_one_more_each_time_even_after_a_resume() {
    let dir = tempfile::tempdir().unwrap();
    let options = StartOptions {
        seed: Some(2026),
        ..StartOptions::default()
    };
    let mut s = Session::create(&dir.path().join("s"), Pack::builtin().unwrap(), &options, at(0)).unwrap();
    add_people(
        &mut s,
        &[("Ann", "", "nhs"), ("Bo", "", "nhs"), ("Cy", "", "voluntary")],
    );
    let form = Command::FormGroups {
        activity: "ideas".into(),
        seed: None,
    };
    s.execute(&form, at(2)).unwrap();
    s.execute(&form, at(3)).unwrap();
    let dir = s.dir.clone();
    drop(s); // one writer at a time: the app closes before it is resumed
    let (mut s, _) = Session::resume(&dir).unwrap();
    s.execute(&form, at(4)).unwrap();
    let seeds: Vec<u64> = s.state.boards.shuffles.iter().map(|g| g.seed).collect();
    assert_eq!(seeds, [2026, 2027, 2028]);
    replays(&s);
}

#[test]
fn a_session_without_a_seed_journals_the_random_one_it_picked() {
    let (_d, mut s) = session();
    add_people(
        &mut s,
        &[("Ann", "", "nhs"), ("Bo", "", "nhs"), ("Cy", "", "voluntary")],
    );
    let form = Command::FormGroups {
        activity: "ideas".into(),
        seed: None,
    };
    s.execute(&form, at(2)).unwrap();
    s.execute(&form, at(3)).unwrap();
    let seeds: Vec<u64> = s.state.boards.shuffles.iter().map(|g| g.seed).collect();
    assert_ne!(seeds[0], seeds[1], "a fresh seed each time");
    assert!(
        seeds.iter().all(|&seed| seed < 1 << 53),
        "exact in any JSON reader: {seeds:?}"
    );
    replays(&s);
}

#[test]
fn an_owner_who_is_an_attendee_brings_their_name_and_organisation() {
    let (_d, mut s) = session();
    add_people(
        &mut s,
        &[
            ("Priya Shah", "Wirral Libraries", "public-library"),
            ("Sam Jones", "Public Health Wirral", "public-health"),
            ("Sam Patel", "", "nhs"),
        ],
    );
    let action = |owner: &str, organisation: Option<&str>| ActionFields {
        text: "Share the reading list".into(),
        owner: Some(owner.into()),
        organisation: organisation.map(str::to_string),
        due: None,
        status: ActionStatus::Open,
    };
    let add = |s: &mut Session, fields| {
        s.execute(
            &Command::AddAction {
                fields,
                source_note: None,
            },
            at(2),
        )
        .unwrap();
        s.state.boards.actions.last().unwrap().fields.clone()
    };
    let f = add(&mut s, action("pri", None));
    assert_eq!(
        (f.owner.as_deref(), f.organisation.as_deref()),
        (Some("Priya Shah"), Some("Wirral Libraries"))
    );
    let f = add(&mut s, action("PRIYA", Some("Her own words")));
    assert_eq!(
        (f.owner.as_deref(), f.organisation.as_deref()),
        (Some("Priya Shah"), Some("Her own words")),
        "an organisation typed stays"
    );
    let f = add(&mut s, action("sam", None));
    assert_eq!(
        (f.owner.as_deref(), f.organisation),
        (Some("sam"), None),
        "two Sams: the owner stays as typed"
    );
    let f = add(&mut s, action("Sam P", None));
    assert_eq!((f.owner.as_deref(), f.organisation), (Some("Sam Patel"), None));
    s.execute(
        &Command::EditAction {
            action: "a3".into(),
            fields: action("sam j", None),
        },
        at(3),
    )
    .unwrap();
    let f = &s.state.boards.action("a3").unwrap().fields;
    assert_eq!(
        (f.owner.as_deref(), f.organisation.as_deref()),
        (Some("Sam Jones"), Some("Public Health Wirral")),
        "an edit decides the same"
    );
    replays(&s);
}
