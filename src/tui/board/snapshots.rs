//! The board's snapshot tests, at the sizes the room uses.

use crate::session::{Command, NoteFields};
use crate::tui::keys::Intent;
use crate::tui::testing::{Rig, SIZES};

/// The "Gather ideas" board, with `n` notes spread over its three columns and the
/// sectors.
fn gather_board(n: usize) -> Rig {
    let mut rig = crate::tui::testing::on_board();
    let texts = [
        "Train public library staff to handle health enquiries",
        "Withdrawn books for ward trolleys",
        "A joint stall for Health Information Week",
        "Reading Well books promoted by clinicians",
        "Reminiscence boxes with the memory clinic",
        "Referral pathway for complex health questions",
        "Six Book Challenge with adult learners",
        "Recovery College tutors use the health library",
    ];
    let categories = ["books", "events", "skills"];
    let sectors = ["nhs", "public-library", "voluntary", "public"];
    for i in 0..n {
        let fields = NoteFields {
            board: "gather".to_string(),
            category: categories[i % 3].to_string(),
            text: format!(
                "{}{}",
                texts[i % texts.len()],
                if n > 8 { format!(" #{i}") } else { String::new() }
            ),
            sector: (i % 6 != 5).then(|| sectors[i % 4].to_string()),
            organisation: (i % 3 == 0).then(|| "Wirral Libraries".to_string()),
            author: None,
        };
        rig.act(Intent::Do(Command::AddNote(fields)), 2);
    }
    rig
}

fn check(rig: &Rig, name: &str) {
    for size in SIZES {
        insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), rig.screen(size, 3));
    }
}

#[test]
fn few_notes() {
    let mut rig = gather_board(6);
    rig.act(Intent::Vote(1), 3).act(Intent::Vote(1), 3);
    let screen = rig.screen((80, 24), 3);
    assert!(screen.contains("Books and reading (2)"), "{screen}");
    assert!(
        screen.contains("●2") && screen.contains("○0"),
        "votes shown, zero too"
    );
    assert!(screen.contains("▌NHS"), "sector labelled, not only coloured");
    check(&rig, "board_few");
}

#[test]
fn many_notes_scroll() {
    let mut rig = gather_board(1500);
    for _ in 0..30 {
        rig.act(Intent::CursorDown, 3);
    }
    let screen = rig.screen((80, 24), 3);
    assert!(screen.contains("(500)"), "each column counts its notes");
    assert!(
        screen.contains("more below") && screen.contains("more above"),
        "{screen}"
    );
    check(&rig, "board_many");
}

#[test]
fn hidden_from_the_room() {
    let mut rig = gather_board(6);
    rig.act(Intent::TogglePrivate, 3);
    let screen = rig.screen((80, 24), 3);
    assert!(screen.contains("HIDDEN FROM THE ROOM"));
    check(&rig, "board_hidden_facilitator");
    // The room's view of the same state: counts only.
    rig.app.source_as_audience();
    let room = rig.screen((80, 24), 3);
    assert!(
        room.contains("2 notes") && !room.contains("ward trolleys"),
        "{room}"
    );
    check(&rig, "board_hidden_room");
}

#[test]
fn capture_open() {
    let mut rig = gather_board(3);
    rig.act(Intent::ColumnRight, 3).act(Intent::AddNote, 3);
    for ch in "Café 🎉 图书馆 and مكتبة".chars() {
        rig.act(Intent::Type(ch), 3);
    }
    rig.act(Intent::PickSector(2), 3);
    let screen = rig.screen((80, 24), 3);
    assert!(
        screen.contains("New note") && screen.contains("Column: Events"),
        "{screen}"
    );
    check(&rig, "board_capture");
}

#[test]
fn clusters() {
    let mut rig = gather_board(8);
    // Mark two notes in the first column and group them.
    rig.act(Intent::Mark, 3)
        .act(Intent::CursorDown, 3)
        .act(Intent::Mark, 3)
        .act(Intent::MakeCluster, 3);
    for ch in "Shared collections".chars() {
        rig.act(Intent::Type(ch), 3);
    }
    rig.act(Intent::Submit, 3);
    rig.act(Intent::Vote(1), 3);
    let screen = rig.screen((80, 24), 3);
    assert!(screen.contains("▣ Shared collections"), "{screen}");
    check(&rig, "board_clusters");
}

/// A note long enough to be taller than a column at 60×18.
const LONG: &str = "Train public library staff to handle health enquiries: a half-day course \
    run by the NHS library team each term, with trusted websites, local services to \
    signpost to, practice questions from real enquiries, and a librarian to ring when \
    stuck, any day of the week, all year round";

#[test]
fn nothing_cut_without_a_sign() {
    let mut rig = gather_board(6);
    // The timer runs: its words stand apart from the prompt.
    rig.act(Intent::Do(Command::ToggleTimer), 3);
    let fields = NoteFields {
        board: "gather".to_string(),
        category: "books".to_string(),
        text: LONG.to_string(),
        sector: Some("nhs".to_string()),
        organisation: Some("Wirral NHS Library".to_string()),
        author: None,
    };
    assert!(fields.text.chars().count() <= crate::session::text::NOTE_LIMIT);
    rig.act(Intent::Do(Command::AddNote(fields)), 3);
    // A cluster whose title is longer than the column, the long note in it (indented, so
    // narrower still).
    for _ in 0..5 {
        rig.act(Intent::CursorUp, 3);
    }
    rig.act(Intent::Mark, 3)
        .act(Intent::CursorDown, 3)
        .act(Intent::Mark, 3)
        .act(Intent::CursorDown, 3)
        .act(Intent::Mark, 3)
        .act(Intent::MakeCluster, 3);
    for ch in "Sharing collections between every library in the borough".chars() {
        rig.act(Intent::Type(ch), 3);
    }
    rig.act(Intent::Submit, 3);
    // The cluster's title selected: the long note, last, is cut at the bottom, its head
    // (sector label and votes) shown and a sign below.
    for _ in 0..5 {
        rig.act(Intent::CursorUp, 3);
    }
    for size in [(80, 24), (60, 18)] {
        let screen = rig.screen(size, 4);
        let lines: Vec<&str> = screen.lines().collect();
        assert!(
            lines[0].contains("│ Think · ") && lines[0].contains(" left"),
            "the timer set apart by a rule:\n{screen}"
        );
        assert!(
            screen.contains("▶▣ Sharing collections") && screen.contains("…"),
            "{screen}"
        );
        let head = lines
            .iter()
            .rposition(|l| l.starts_with("\"   ▌NHS"))
            .unwrap_or_else(|| panic!("the long note's head:\n{screen}"));
        assert!(lines[head].contains("○0"), "{screen}");
        assert!(screen.contains("▼ 1 more below"), "{screen}");
        insta::assert_snapshot!(format!("board_cut_{}x{}", size.0, size.1), screen);
    }
    // The long note selected: at 60×18 it is taller than the column, so its head shows
    // at the top (with what is above counted) and a sign that it goes on below.
    for _ in 0..5 {
        rig.act(Intent::CursorDown, 3);
    }
    for size in [(80, 24), (60, 18)] {
        let screen = rig.screen(size, 4);
        assert!(
            screen.contains("▶  ▌NHS") && screen.contains("more above"),
            "{screen}"
        );
        // Whole, or cut with a sign (the countdown's band can take the rows it needs).
        assert!(
            screen.contains("year round") != screen.contains("▼ 1 more below"),
            "{screen}"
        );
        insta::assert_snapshot!(format!("board_cut_tall_{}x{}", size.0, size.1), screen);
    }
}

#[test]
fn a_name_longer_than_its_column_ends_in_an_ellipsis() {
    // The small pack with a long column name.
    let mut files = crate::pack::PackFiles::read_dir(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/small-pack"
    )))
    .unwrap();
    let gather = files.files.get_mut("gather.toml").unwrap();
    let text = String::from_utf8(gather.clone()).unwrap().replace(
        "name = \"Books and reading\"",
        "name = \"Books and reading in every branch library and on every hospital ward\"",
    );
    *gather = text.into_bytes();
    let pack = crate::pack::Pack::from_files(files).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let session = crate::session::Session::create(
        &dir.path().join("s"),
        pack,
        &crate::session::StartOptions::default(),
        crate::tui::testing::at(0),
    )
    .unwrap();
    let mut app = crate::tui::app::App::new(
        crate::tui::app::Source::Live(session),
        crate::tui::theme::Theme::new(crate::tui::theme::ThemeName::Dark, true),
        chrono::FixedOffset::east_opt(0).unwrap(),
    );
    let at = crate::tui::testing::at;
    app.act(Intent::Do(Command::GoToItem(1)), at(1));
    while app.board_page().is_none() {
        app.act(Intent::Do(Command::Next), at(1));
    }
    for size in [(80, 24), (60, 18)] {
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(size.0, size.1)).unwrap();
        terminal
            .draw(|f| crate::tui::view::draw(f, &app.ctx(at(3))))
            .unwrap();
        let screen = format!("{}", terminal.backend());
        assert!(
            screen.contains("Books and reading in") && screen.contains("… (0)"),
            "{screen}"
        );
        insta::assert_snapshot!(format!("board_long_name_{}x{}", size.0, size.1), screen);
    }
}

#[test]
fn an_empty_board_says_how_to_start_on_the_facilitators_screen_only() {
    let mut rig = gather_board(0);
    for size in [(80, 24), (60, 18)] {
        let screen = rig.screen(size, 3);
        assert!(screen.contains("type to add a note"), "{screen}");
        insta::assert_snapshot!(format!("board_empty_{}x{}", size.0, size.1), screen);
    }
    rig.app.source_as_audience();
    let room = rig.screen((80, 24), 3);
    assert!(
        room.contains("no notes yet") && !room.contains("type to add"),
        "{room}"
    );
}

/// Twelve notes in the last column, the facilitator down at the ninth: the notes
/// 1..=12 read "Skill 1" ...
fn a_long_last_column() -> Rig {
    let mut rig = gather_board(0);
    for i in 1..=12 {
        let fields = NoteFields {
            board: "gather".to_string(),
            category: "skills".to_string(),
            text: format!("Skill {i}: sharing what we know"),
            sector: Some("nhs".to_string()),
            organisation: None,
            author: None,
        };
        rig.act(Intent::Do(Command::AddNote(fields)), 2);
    }
    rig.act(Intent::ColumnRight, 3).act(Intent::ColumnRight, 3);
    rig
}

#[test]
fn the_room_sees_the_facilitators_column_and_note_at_its_own_size() {
    let mut rig = a_long_last_column();
    // The facilitator, at 120×40, goes down past what 60×18 shows, then back up a little:
    // their view stays scrolled.
    for _ in 0..11 {
        rig.act(Intent::CursorDown, 3);
        rig.screen((120, 40), 3);
    }
    for _ in 0..2 {
        rig.act(Intent::CursorUp, 3);
        rig.screen((120, 40), 3);
    }
    rig.app.sync_room();
    let facilitator = rig.screen((120, 40), 3);
    assert!(facilitator.contains("Skill 10"), "{facilitator}");
    rig.app.source_as_audience();
    for size in [(80, 24), (60, 18)] {
        let room = rig.screen(size, 3);
        let lines: Vec<&str> = room.lines().collect();
        let text = lines
            .iter()
            .position(|l| l.contains("Skill 10:"))
            .unwrap_or_else(|| panic!("the selected note shows:\n{room}"));
        assert!(lines[text - 1].contains("▶▌NHS"), "and is marked:\n{room}");
        assert!(
            room.contains("Skills (12)") && room.contains("more above"),
            "{room}"
        );
        insta::assert_snapshot!(format!("board_room_follows_{}x{}", size.0, size.1), room);
    }
}

#[test]
fn the_room_starts_at_the_facilitators_first_note() {
    let mut rig = a_long_last_column();
    // Down to the last note, then up two: the facilitator's view stays where it was.
    for _ in 0..11 {
        rig.act(Intent::CursorDown, 3);
    }
    rig.screen((80, 24), 3);
    rig.act(Intent::CursorUp, 3).act(Intent::CursorUp, 3);
    rig.screen((80, 24), 3);
    let top = rig.app.ui.board.scroll.borrow().tops[2]
        .clone()
        .expect("scrolled");
    rig.app.sync_room();
    rig.app.source_as_audience();
    // The room, as tall as the facilitator's screen and taller, starts at that note.
    let room = rig.screen((80, 24), 3);
    assert_eq!(
        rig.app.ui.board.scroll.borrow().tops[2].as_ref(),
        Some(&top),
        "{room}"
    );
    assert!(room.contains("Skill 12:") && room.contains("Skill 10:"), "{room}");
}

/// The small pack with a sixth item, "Pick one": an activity that votes on the "Gather
/// ideas" board (`board = "gather"`), with a question of its own and nine votes in all.
fn voting_on_gather() -> Rig {
    let mut files = crate::tui::testing::small_pack_files();
    let workshop = String::from_utf8(files.files["workshop.toml"].clone()).unwrap();
    let workshop = format!(
        "{workshop}\n[[programme]]\nid = \"pick\"\ntitle = \"Pick one\"\nkind = \"activity\"\nactivity = \"pick\"\nminutes = 5\n"
    );
    files.files.insert("workshop.toml".into(), workshop.into_bytes());
    let activity = r#"
title = "Pick one"
prompt = "Which of these ideas should we try first, and why that one?"
board = "gather"

[voting]
total = 9

[[phases]]
name = "Vote"
minutes = 5
instructions = "Give your votes to the ideas you would try first."
"#;
    files
        .files
        .insert("pick.toml".into(), activity.as_bytes().to_vec());
    let pack = crate::pack::Pack::from_files(files).unwrap();
    let mut rig = Rig::on_pack(pack);
    let pages = rig.app.pack().pages(5).len();
    rig.go_to("pick", pages - 1, 0);
    rig
}

/// A board borrowed to vote on shows the voting activity's own question, not the one the
/// notes were written to; its head counts the votes cast and left of the budget.
#[test]
fn a_voting_activity_asks_its_own_question_and_counts_the_votes() {
    let mut rig = voting_on_gather();
    for (category, text) in [
        ("books", "Withdrawn books for ward trolleys"),
        ("events", "A joint stall for Health Information Week"),
        ("skills", "Train staff to handle health enquiries"),
    ] {
        rig.act(
            Intent::Do(Command::AddNote(NoteFields {
                board: "gather".into(),
                category: category.into(),
                text: text.into(),
                sector: Some("nhs".into()),
                organisation: None,
                author: None,
            })),
            2,
        );
    }
    rig.act(Intent::Vote(1), 3).act(Intent::Vote(1), 3);
    rig.act(Intent::ColumnRight, 3).act(Intent::Vote(1), 3);
    let screen = rig.screen((80, 24), 3);
    assert!(
        screen.contains("Which of these ideas should we try first"),
        "{screen}"
    );
    assert!(!screen.contains("What could we share"), "{screen}");
    assert!(screen.contains("Votes: 3 cast · 6 left of 9"), "{screen}");
    insta::assert_snapshot!("board_voting_80x24", screen);
    // A search and the sort share the row; on the smallest screen the end is cut with "…".
    rig.app.ui.board.filter = Some("a".into());
    rig.act(Intent::SortByVotes, 3);
    let screen = rig.screen((60, 18), 3);
    assert!(
        screen.contains("Votes: 3 cast") && screen.contains('…'),
        "{screen}"
    );
    insta::assert_snapshot!("board_voting_60x18", screen);
}
