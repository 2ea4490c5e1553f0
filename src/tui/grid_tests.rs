//! The grid screen's tests and snapshots (kept beside it, out of its way).
use crossterm::event::{KeyCode, KeyModifiers};

use crate::pack::Quadrant;
use crate::session::{Command, NoteFields, Screen};
use crate::tui::keys::{Intent, Mode};
use crate::tui::testing::{Rig, SIZES, key, on_board, typed};

const NONE: KeyModifiers = KeyModifiers::NONE;

/// Notes on the "Gather ideas" board: (column, words, sector, votes).
const IDEAS: [(&str, &str, Option<&str>, i64); 7] = [
    ("books", "Withdrawn books for ward trolleys", Some("nhs"), 2),
    (
        "books",
        "Reading Well books promoted by clinicians in every surgery",
        Some("public-library"),
        4,
    ),
    (
        "events",
        "A joint stall for Health Information Week",
        Some("voluntary"),
        3,
    ),
    ("events", "Story time on the children's ward", None, 0),
    (
        "skills",
        "Train staff to handle health enquiries",
        Some("public"),
        1,
    ),
    (
        "skills",
        "Recovery College tutors use the health library",
        Some("nhs"),
        0,
    ),
    ("books", "Large print leaflets", Some("public-library"), 1),
];

/// The board with `IDEAS` on it, voted on.
fn voted_board() -> Rig {
    let mut rig = on_board();
    for (category, text, sector, votes) in IDEAS {
        let fields = NoteFields {
            board: "gather".into(),
            category: category.into(),
            text: text.into(),
            sector: sector.map(str::to_string),
            organisation: None,
            author: None,
        };
        rig.act(Intent::Do(Command::AddNote(fields)), 1);
        let id = rig.app.state().boards.notes.last().unwrap().id.clone();
        if votes > 0 {
            rig.act(
                Intent::Do(Command::Vote {
                    target: id,
                    delta: votes,
                }),
                1,
            );
        }
    }
    rig
}

fn ctrl(rig: &mut Rig, ch: char) {
    key(rig, KeyCode::Char(ch), KeyModifiers::CONTROL);
}

fn quadrant_of(rig: &Rig, id: &str) -> Option<Quadrant> {
    rig.app.state().boards.note(id).unwrap().quadrant
}

#[test]
fn ctrl_y_opens_the_grid_with_the_most_voted_note_chosen() {
    let mut rig = voted_board();
    ctrl(&mut rig, 'y');
    assert_eq!(
        rig.app.state().screen,
        Screen::Grid,
        "journaled, so the room sees it"
    );
    assert_eq!(rig.app.mode(), Mode::Grid);
    // n2 has the most votes (4).
    assert_eq!(rig.app.ui.grid_note.as_deref(), Some("n2"));
    key(&mut rig, KeyCode::Esc, NONE);
    assert_eq!(rig.app.state().screen, Screen::Page);
    assert_eq!(rig.app.mode(), Mode::Board);
    // Ctrl+Y goes back too.
    ctrl(&mut rig, 'y');
    ctrl(&mut rig, 'y');
    assert_eq!(rig.app.mode(), Mode::Board);
}

#[test]
fn arrows_place_the_chosen_note_and_tab_goes_down_the_votes() {
    let mut rig = voted_board();
    ctrl(&mut rig, 'y');
    // Off the grid, → puts it beside the start (top right): in the quick wins.
    key(&mut rig, KeyCode::Right, NONE);
    assert_eq!(quadrant_of(&rig, "n2"), Some(Quadrant::TopRight));
    key(&mut rig, KeyCode::Right, NONE);
    let (said, _) = rig.app.ui.status.clone().expect("told why nothing moved");
    assert!(said.contains("right edge"), "{said}");
    key(&mut rig, KeyCode::Down, NONE);
    assert_eq!(quadrant_of(&rig, "n2"), Some(Quadrant::BottomRight));
    // The next by votes: n3 (3 votes). Off the grid, ← goes top left.
    key(&mut rig, KeyCode::Tab, NONE);
    assert_eq!(rig.app.ui.grid_note.as_deref(), Some("n3"));
    key(&mut rig, KeyCode::Left, NONE);
    assert_eq!(quadrant_of(&rig, "n3"), Some(Quadrant::TopLeft));
    // Shift+Tab goes back up; from the first it wraps to the last.
    key(&mut rig, KeyCode::BackTab, NONE);
    assert_eq!(rig.app.ui.grid_note.as_deref(), Some("n2"));
    key(&mut rig, KeyCode::BackTab, NONE);
    assert_eq!(
        rig.app.ui.grid_note.as_deref(),
        Some("n6"),
        "the last: no votes, written last"
    );
    // Del takes a note off the grid; Backspace too.
    key(&mut rig, KeyCode::Tab, NONE);
    key(&mut rig, KeyCode::Delete, NONE);
    assert_eq!(quadrant_of(&rig, "n2"), None);
    key(&mut rig, KeyCode::Up, NONE);
    assert_eq!(quadrant_of(&rig, "n2"), Some(Quadrant::TopRight));
    key(&mut rig, KeyCode::Backspace, NONE);
    assert_eq!(quadrant_of(&rig, "n2"), None);
}

/// A facilitator who types on the grid, thinking it is the board: nothing moves, no note
/// is written, nothing else changes, and they are told where they are.
#[test]
fn typing_on_the_grid_changes_nothing() {
    let mut rig = voted_board();
    ctrl(&mut rig, 'y');
    key(&mut rig, KeyCode::Right, NONE);
    let before = rig.app.state().clone();
    typed(
        &mut rig,
        "great idea, then book the room. 3 libraries + 2 trusts!",
    );
    let after = rig.app.state();
    assert_eq!(after.boards, before.boards);
    assert_eq!(
        (&after.position, after.screen, after.blank),
        (&before.position, before.screen, before.blank)
    );
    let (said, _) = rig.app.ui.status.clone().expect("told where they are");
    assert!(said.contains("Esc goes back to the board"), "{said}");
    assert!(rig.app.ui.board.capture.is_none());
    // `q` asks first, as everywhere.
    key(&mut rig, KeyCode::Char('q'), NONE);
    assert_eq!(rig.app.mode(), Mode::ConfirmQuit);
    key(&mut rig, KeyCode::Char('n'), NONE);
    assert_eq!(rig.app.mode(), Mode::Grid);
    assert!(!rig.app.quit);
}

#[test]
fn help_lists_the_grids_keys() {
    let mut rig = voted_board();
    ctrl(&mut rig, 'y');
    key(&mut rig, KeyCode::F(1), NONE);
    let help = rig.screen((80, 24), 3);
    for words in [
        "Keys: Prioritisation grid",
        "choose the next / previous note",
        "a first arrow: to that side, nearer ★",
        "notes are typed on the board",
        "back to the board",
    ] {
        assert!(help.contains(words), "{words}:\n{help}");
    }
}

#[test]
fn only_an_activity_with_a_grid_has_one() {
    let mut rig = Rig::new();
    let plan = rig.app.pack().programme.position("plan").unwrap();
    let last = rig.app.pack().pages(plan).len() - 1;
    rig.go_to("plan", last, 0);
    ctrl(&mut rig, 'y');
    assert_eq!(rig.app.state().screen, Screen::Page);
    let (said, _) = rig.app.ui.status.clone().expect("said");
    assert!(said.contains("no grid"), "{said}");
    // Nor does the session show one, whoever asks.
    rig.act(Intent::Do(Command::Show(Screen::Grid)), 2);
    assert_eq!(rig.app.state().screen, Screen::Page);
}

/// Notes in every square, the chosen one in the quick wins, three still to place.
fn placed() -> Rig {
    let mut rig = voted_board();
    ctrl(&mut rig, 'y');
    for (id, quadrant) in [
        ("n2", Quadrant::TopRight),
        ("n3", Quadrant::TopRight),
        ("n1", Quadrant::TopLeft),
        ("n5", Quadrant::BottomRight),
    ] {
        let command = Command::PlaceNote {
            note: id.into(),
            quadrant: Some(quadrant),
        };
        rig.act(Intent::Do(command), 2);
    }
    rig.app.ui.grid_note = Some("n3".into());
    rig
}

#[test]
fn grid_screen() {
    let rig = placed();
    for size in SIZES {
        let screen = rig.screen(size, 3);
        for words in [
            "★ Quick wins (2)",
            "Plan it in (1)",
            "To place (3)",
            "← hard",
            "easy →",
            "▶▌Charity",
        ] {
            assert!(screen.contains(words), "{words} at {size:?}:\n{screen}");
        }
        insta::assert_snapshot!(format!("grid_{}x{}", size.0, size.1), screen);
    }
}

/// With the phase's countdown at the foot, as in the room while the timer runs.
#[test]
fn the_grid_with_the_timer_running_still_shows_every_square() {
    let mut rig = placed();
    rig.act(Intent::Do(Command::ToggleTimer), 3);
    for size in [(80, 24), (60, 18)] {
        let screen = rig.screen(size, 5);
        for words in [
            "★ Quick wins (2)",
            "Plan it in (1)",
            "Not now (0)",
            "Maybe later (1)",
            "To place (3)",
        ] {
            assert!(screen.contains(words), "{words} at {size:?}:\n{screen}");
        }
        insta::assert_snapshot!(format!("grid_timer_{}x{}", size.0, size.1), screen);
    }
}

/// A square with more notes than rows says how many more, and the chosen note is always
/// among those shown.
#[test]
fn a_full_square_is_cut_with_a_sign_and_keeps_the_chosen_note() {
    let mut rig = on_board();
    for n in 1..=14 {
        let fields = NoteFields {
            board: "gather".into(),
            category: "books".into(),
            text: format!("Idea number {n}"),
            sector: None,
            organisation: None,
            author: None,
        };
        rig.act(Intent::Do(Command::AddNote(fields)), 1);
        let command = Command::PlaceNote {
            note: format!("n{n}"),
            quadrant: Some(Quadrant::TopRight),
        };
        rig.act(Intent::Do(command), 1);
    }
    rig.act(Intent::OpenGrid, 2);
    for _ in 0..11 {
        rig.act(Intent::ChooseNote(1), 2);
    }
    assert_eq!(rig.app.ui.grid_note.as_deref(), Some("n12"));
    assert!(rig.screen((80, 24), 3).contains("▲ 6 more above · ▼ 2 more"));
    for size in [(80, 24), (60, 18)] {
        let screen = rig.screen(size, 3);
        assert!(screen.contains("▶▌— Idea number 12"), "{size:?}:\n{screen}");
        assert!(
            screen.contains("▲ ") && screen.contains("▼ 2 more"),
            "{size:?}:\n{screen}"
        );
        assert!(screen.contains("★ Quick wins (14)"), "{size:?}:\n{screen}");
        insta::assert_snapshot!(format!("grid_cut_{}x{}", size.0, size.1), screen);
    }
}

#[test]
fn the_room_sees_the_facilitators_note_and_not_the_keys() {
    let mut rig = placed();
    // From n3 (3 votes) down the votes: n1 (2), n5 (1), n7 (1, written later).
    for _ in 0..3 {
        rig.act(Intent::ChooseNote(1), 3);
    }
    let chosen = rig.app.ui.grid_note.clone();
    assert_eq!(chosen.as_deref(), Some("n7"));
    rig.screen((120, 40), 3);
    rig.app.sync_room();
    rig.app.source_as_audience();
    assert_eq!(rig.app.ui.grid_note, chosen);
    let room = rig.screen((80, 24), 3);
    assert!(room.contains("▶▌PubLib Large print leaflets"), "{room}");
    assert!(!room.contains("Tab next note"), "{room}");
}

#[test]
fn while_the_board_is_private_the_room_sees_only_counts() {
    let mut rig = placed();
    rig.act(
        Intent::Do(Command::HideBoard {
            board: "gather".into(),
            hidden: true,
        }),
        3,
    );
    rig.app.source_as_audience();
    let room = rig.screen((80, 24), 3);
    assert!(
        room.contains("★ Quick wins (2)") && room.contains("2 notes"),
        "{room}"
    );
    assert!(!room.contains("Reading Well"), "{room}");
}
