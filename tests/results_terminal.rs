//! The results screen in a real terminal, on the tests' small pack: notes in two columns,
//! votes given with Shift+↑, Ctrl+V ranks them across the board; `convene follow` in a
//! second window shows the same ranking and the facilitator's chosen place; Esc goes back.

mod common;

use common::{Tmux, binary, footer, small_pack};

/// The screen's row that holds `text`, if any.
fn row<'a>(screen: &'a str, text: &str) -> Option<&'a str> {
    screen.lines().find(|l| l.contains(text))
}

/// Whether `text`'s row starts with `lead` (the pointer, the star and the rank) and shows
/// `votes` before the words.
fn ranked(screen: &str, text: &str, lead: &str, votes: u32) -> bool {
    row(screen, text).is_some_and(|r| {
        let r = r.trim_start();
        r.starts_with(lead) && r.contains(&format!(" {votes}  {text}"))
    })
}

#[test]
fn votes_are_ranked_across_the_board_for_the_room_too() {
    let bin = binary();
    let home = tempfile::tempdir().unwrap();
    let env = [("CONVENE_HOME", home.path())];
    let tmux = Tmux::new("results");
    tmux.start("app", 100, 30, &env, &bin, &["run", small_pack()]);
    tmux.wait("app", "the first slide", |s| footer(s).contains("1/5 Welcome"));

    // To the "Gather ideas" board.
    tmux.press("app", &["g"], "the programme", |s| s.contains("Programme"));
    tmux.press("app", &["Down", "Enter"], "item 2", |s| {
        footer(s).contains("2/5 Gather ideas · 1/3")
    });
    tmux.press("app", &["PageDown", "PageDown"], "the board", |s| {
        footer(s).contains("2/5 Gather ideas · 3/3") && s.contains("Books and reading (0)")
    });

    // Two notes in the first column, one in the second.
    for (text, count) in [
        ("Withdrawn books for ward trolleys", "Books and reading (1)"),
        ("Reading Well on prescription", "Books and reading (2)"),
    ] {
        tmux.type_text("app", text);
        tmux.press("app", &["Enter"], "the note saved", |s| s.contains(count));
    }
    tmux.press("app", &["Tab"], "the second column", |s| {
        s.contains("Column: Events")
    });
    tmux.type_text("app", "A joint stall for Health Information Week");
    tmux.press("app", &["Enter"], "the third note", |s| s.contains("Events (1)"));
    tmux.press("app", &["Escape"], "the capture line closed", |s| {
        !s.contains("New note")
    });

    // Votes: three on the newest note (selected), one on the first column's first note.
    tmux.press("app", &["S-Up", "S-Up", "S-Up"], "three votes", |s| {
        s.contains("●3")
    });
    tmux.keys("app", &["Left", "Up", "Up"]);
    tmux.settle("app");
    tmux.press("app", &["S-Up"], "a vote in the first column", |s| {
        s.contains("●3") && s.contains("●1")
    });
    let board = tmux.wait("app", "the vote count in the board's head", |s| {
        s.contains("4 votes cast")
    });
    assert!(board.contains("Events (1)"), "{board}");

    // Ctrl+V: the results, ranked across both columns.
    let results = tmux.press("app", &["C-v"], "the results", |s| {
        s.contains("Results: 4 votes cast")
    });
    assert!(
        results.contains("What could we share between our services?"),
        "{results}"
    );
    assert!(results.contains("★ Top 5"), "{results}");
    assert!(
        ranked(&results, "A joint stall for Health Information Week", "▶★ 1", 3),
        "{results}"
    );
    assert!(
        ranked(&results, "Withdrawn books for ward trolleys", "★ 2", 1),
        "{results}"
    );
    assert!(
        row(&results, "Withdrawn books").is_some() && results.contains("+ 1 more with no votes"),
        "the note with no votes is counted, not listed:\n{results}"
    );
    assert!(!results.contains("Reading Well"), "{results}");
    // Where each idea is: its column.
    assert!(results.contains("Events"), "{results}");

    // The room's screen shows the same ranking, and follows the facilitator's choice.
    tmux.start("room", 80, 24, &env, &bin, &["follow"]);
    let room = tmux.wait("room", "the room's results", |s| {
        s.contains("Results: 4 votes cast")
            && ranked(s, "A joint stall for Health Information Week", "▶★ 1", 3)
    });
    assert!(
        ranked(&room, "Withdrawn books for ward trolleys", "★ 2", 1),
        "{room}"
    );
    assert!(!room.contains("Esc"), "no keys on the room's screen:\n{room}");
    tmux.press("app", &["Down"], "the second place chosen", |s| {
        ranked(s, "Withdrawn books for ward trolleys", "▶★ 2", 1)
    });
    tmux.wait("room", "the room at the second place", |s| {
        ranked(s, "Withdrawn books for ward trolleys", "▶★ 2", 1)
    });

    // Esc: back to the board, for the room too.
    tmux.press("app", &["Escape"], "the board again", |s| {
        s.contains("Books and reading (2)") && !s.contains("Results:")
    });
    tmux.wait("room", "the room's board again", |s| {
        s.contains("Books and reading (2)") && !s.contains("Results:")
    });
}
