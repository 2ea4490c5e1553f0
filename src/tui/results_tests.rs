//! The results screen's tests and snapshots (kept beside it, out of its way).
use crossterm::event::{KeyCode, KeyModifiers};

use super::{Window, fit};
use crate::session::{Command, NoteFields, Screen};
use crate::tui::keys::{Intent, Mode};
use crate::tui::testing::{Rig, key, on_board};

/// Notes on the small pack's "Gather ideas" board, with these votes each, in the column
/// and sector given.
fn board_with(notes: &[(&str, &str, Option<&str>, u32)]) -> Rig {
    let mut rig = on_board();
    // Enough people for the board's budget (two votes each).
    for n in 0..12 {
        rig.act(
            Intent::Do(Command::AddAttendee {
                name: format!("Person {n}"),
                organisation: String::new(),
                sector: "public".into(),
            }),
            1,
        );
    }
    for (category, text, sector, votes) in notes {
        rig.act(
            Intent::Do(Command::AddNote(NoteFields {
                board: "gather".into(),
                category: category.to_string(),
                text: text.to_string(),
                sector: sector.map(str::to_string),
                organisation: None,
                author: None,
            })),
            1,
        );
        let id = rig.app.state().boards.notes.last().unwrap().id.clone();
        if *votes > 0 {
            rig.act(
                Intent::Do(Command::SetVotes {
                    target: id,
                    votes: *votes,
                }),
                1,
            );
        }
    }
    rig
}

const IDEAS: &[(&str, &str, Option<&str>, u32)] = &[
    ("books", "Withdrawn books for ward trolleys", Some("nhs"), 3),
    (
        "books",
        "Reading Well books promoted by clinicians in every GP surgery waiting room across the borough, with a display each month",
        Some("public-library"),
        5,
    ),
    (
        "events",
        "A joint stall for Health Information Week",
        Some("voluntary"),
        3,
    ),
    (
        "skills",
        "Train staff to handle health enquiries",
        Some("public"),
        2,
    ),
    (
        "skills",
        "Recovery College tutors use the health library",
        None,
        1,
    ),
    ("events", "Health walks from the library", Some("nhs"), 1),
    ("books", "Large-print leaflets", Some("public"), 1),
    ("skills", "Shadowing days between services", Some("voluntary"), 0),
    ("events", "Author talks on living well", None, 0),
];

/// Ctrl+V on the board opens the results, which rank every column together; Esc and
/// Ctrl+V go back to the board.
#[test]
fn results_screen() {
    let mut rig = board_with(IDEAS);
    // A cluster: its own vote and its notes' count as one place.
    let ids: Vec<String> = ["Health walks", "Author talks"]
        .iter()
        .map(|t| {
            let n = rig
                .app
                .state()
                .boards
                .notes
                .iter()
                .find(|n| n.text.starts_with(t));
            n.unwrap().id.clone()
        })
        .collect();
    rig.act(
        Intent::Do(Command::Cluster {
            notes: ids,
            title: "Get people moving".into(),
        }),
        1,
    );
    let cluster = rig.app.state().boards.clusters[0].id.clone();
    rig.act(
        Intent::Do(Command::SetVotes {
            target: cluster,
            votes: 1,
        }),
        1,
    );
    key(&mut rig, KeyCode::Char('v'), KeyModifiers::CONTROL);
    assert_eq!(rig.app.state().screen, Screen::Results);
    assert_eq!(rig.app.mode(), Mode::Results);
    let screen = rig.screen((80, 24), 2);
    for words in [
        "What could we share between our services?",
        "Results: 17 votes cast · 7 left of 24",
        "★ Top 5",
        "▶★ 1",
        "★ 2 ",
        "★ 4 ",
        "▣ Get people moving",
        "Events · 2 notes · ▌NHS",
        "Books and reading · ▌NHS",
        "below the top 5",
        "+ 1 more with no votes",
    ] {
        assert!(screen.contains(words), "{words}:\n{screen}");
    }
    // Ties share a rank: the two places with 3 votes are both second, the two with 2
    // both fourth, and those five are the top five.
    assert_eq!(screen.matches("★ 2 ").count(), 2, "{screen}");
    assert_eq!(screen.matches("★ 4 ").count(), 2, "{screen}");
    assert_eq!(screen.matches('★').count(), 6, "five and the label:\n{screen}");
    for size in [(80, 24), (120, 40)] {
        insta::assert_snapshot!(format!("results_{}x{}", size.0, size.1), rig.screen(size, 2));
    }
    key(&mut rig, KeyCode::Esc, KeyModifiers::NONE);
    assert_eq!(rig.app.state().screen, Screen::Page);
    assert_eq!(rig.app.mode(), Mode::Board);
    key(&mut rig, KeyCode::Char('v'), KeyModifiers::CONTROL);
    key(&mut rig, KeyCode::Char('v'), KeyModifiers::CONTROL);
    assert_eq!(rig.app.mode(), Mode::Board, "Ctrl+V goes back too");
}

/// On the smallest screen the places that do not fit are counted below, and a place's
/// words are cut with "…" (the chosen one shows them whole); moving down scrolls, and
/// the room sees the same place.
#[test]
fn a_small_screen_cuts_with_a_sign_and_scrolls_with_the_room() {
    let mut rig = board_with(IDEAS);
    rig.act(Intent::OpenResults, 2);
    let screen = rig.screen((60, 18), 2);
    assert!(
        screen.contains("each month") && screen.contains("▼ 4 more below"),
        "{screen}"
    );
    insta::assert_snapshot!("results_60x18", screen);
    rig.act(Intent::CursorDown, 2);
    let screen = rig.screen((60, 18), 2);
    assert!(
        screen.contains("clinicians in every GP surgery waiting…"),
        "{screen}"
    );
    assert!(!screen.contains("each month"), "{screen}");
    for _ in 0..10 {
        rig.act(Intent::CursorDown, 2);
    }
    assert_eq!(rig.app.ui.list, 6, "the last place with votes");
    let screen = rig.screen((60, 18), 2);
    assert!(
        screen.contains("more above") && screen.contains("Large-print"),
        "{screen}"
    );
    assert!(!screen.contains("Reading Well"), "{screen}");
    insta::assert_snapshot!("results_60x18_scrolled", screen);
    // The room, at its own size, shows the facilitator's place.
    rig.act(Intent::CursorUp, 2);
    rig.screen((120, 40), 2);
    rig.app.sync_room();
    rig.app.source_as_audience();
    let room = rig.screen((60, 18), 2);
    assert!(room.contains("▶★ 5 ██         1  Health walks"), "{room}");
    assert!(!room.contains("Esc"), "no keys on the room's screen:\n{room}");
}

#[test]
fn no_votes_and_no_notes_are_said_plainly() {
    let mut rig = on_board();
    rig.act(Intent::OpenResults, 2);
    assert!(rig.screen((80, 24), 2).contains("No notes on this board yet."));
    let mut rig = board_with(&[("books", "An idea", None, 0)]);
    rig.act(Intent::OpenResults, 2);
    let screen = rig.screen((80, 24), 2);
    assert!(
        screen.contains("No votes yet: on the board, Shift+↑ gives the selected note a vote"),
        "{screen}"
    );
    assert!(
        screen.contains("Results: 0 votes cast · 24 left of 24"),
        "{screen}"
    );
    insta::assert_snapshot!("results_no_votes_80x24", screen);
}

/// While the board is hidden (private writing), the room sees how many votes, not
/// what for; the facilitator sees them all, and that they are hidden.
#[test]
fn a_hidden_boards_results_are_not_shown_to_the_room() {
    let mut rig = board_with(IDEAS);
    rig.act(
        Intent::Do(Command::HideBoard {
            board: "gather".into(),
            hidden: true,
        }),
        2,
    );
    rig.act(Intent::OpenResults, 2);
    let screen = rig.screen((80, 24), 2);
    assert!(
        screen.contains("HIDDEN FROM THE ROOM") && screen.contains("Withdrawn"),
        "{screen}"
    );
    rig.app.sync_room();
    rig.app.source_as_audience();
    let room = rig.screen((80, 24), 2);
    assert!(room.contains("Results: 16 votes cast"), "{room}");
    assert!(room.contains("appear when the board is revealed"), "{room}");
    assert!(!room.contains("Withdrawn") && !room.contains("★"), "{room}");
}

/// The shared keys work here as on the actions screen: PgDn moves on, help lists the
/// screen's keys, the timer starts.
#[test]
fn the_clicker_the_timer_and_help_work_on_the_results() {
    let mut rig = board_with(IDEAS);
    rig.act(Intent::OpenResults, 2);
    key(&mut rig, KeyCode::Char('t'), KeyModifiers::CONTROL);
    let activity = crate::session::current_activity(rig.app.pack(), rig.app.state()).unwrap();
    let view = crate::session::timer_view(
        rig.app.pack(),
        rig.app.state(),
        activity,
        crate::tui::testing::at(4),
    );
    assert_eq!(view.status, crate::session::timer::TimerStatus::Running);
    key(&mut rig, KeyCode::F(1), KeyModifiers::NONE);
    let help = rig.screen((80, 24), 3);
    assert!(
        help.contains("back to the board") && help.contains("Results"),
        "{help}"
    );
    key(&mut rig, KeyCode::Esc, KeyModifiers::NONE);
    let item = rig.app.state().position.item;
    key(&mut rig, KeyCode::PageDown, KeyModifiers::NONE);
    assert_eq!(rig.app.state().position.item, item + 1);
    assert_eq!(rig.app.state().screen, Screen::Page);
}

#[test]
fn the_window_shows_the_selected_place_and_fills_the_screen() {
    let heights = [3, 3, 3, 3, 3];
    // All fit in 15 rows.
    assert_eq!(fit(&heights, 15, 3, 4), Window { top: 0, end: 5 });
    // 10 rows: three places and "▼" from the top; the fourth needs a move.
    assert_eq!(fit(&heights, 10, 0, 2), Window { top: 0, end: 3 });
    assert_eq!(fit(&heights, 10, 0, 3), Window { top: 2, end: 5 });
    // At the end, it fills the screen from below.
    assert_eq!(fit(&heights, 10, 4, 4), Window { top: 2, end: 5 });
    // Up above the top moves the window up.
    assert_eq!(fit(&heights, 10, 3, 1).top, 1);
}
