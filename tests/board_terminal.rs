//! The board in a real terminal, on the tests' small pack: notes typed in two columns, votes,
//! `kill -9`, and `convene resume` shows every note and vote.

mod common;

use common::{Tmux, binary, footer, small_pack};

#[test]
fn notes_and_votes_survive_kill_9() {
    let bin = binary();
    let home = tempfile::tempdir().unwrap();
    let env = [("CONVENE_HOME", home.path())];
    let tmux = Tmux::new("board");
    tmux.start("app", 120, 30, &env, &bin, &["run", small_pack()]);
    tmux.wait("app", "the first slide", |s| footer(s).contains("1/5 Welcome"));

    // To the "Gather ideas" board: the programme, item 2, then to its last page.
    tmux.press("app", &["g"], "the programme", |s| s.contains("Programme"));
    tmux.press("app", &["Down", "Enter"], "item 2", |s| {
        footer(s).contains("2/5 Gather ideas · 1/3")
    });
    tmux.press("app", &["PageDown"], "the timer page", |s| {
        footer(s).contains("2/5 Gather ideas · 2/3")
    });
    tmux.press("app", &["PageDown"], "the board", |s| {
        footer(s).contains("2/5 Gather ideas · 3/3") && s.contains("Books and reading (0)")
    });

    // Two notes in the first column, one in the second, with sectors.
    // Typing on the board opens the capture line with the first key in it.
    tmux.type_text("app", "Withdrawn books for ward trolleys");
    tmux.press("app", &["M-2"], "the sector PubLib", |s| {
        s.contains("Withdrawn books for ward trolleys") && s.contains("Sector: ▌PubLib")
    });
    tmux.press("app", &["Enter"], "the first note", |s| {
        s.contains("Books and reading (1)")
    });
    tmux.type_text("app", "Reminiscence boxes — café & 图书馆");
    tmux.press("app", &["Enter"], "the second note", |s| {
        s.contains("Books and reading (2)")
    });
    tmux.press("app", &["Tab"], "the second column", |s| {
        s.contains("Column: Events")
    });
    tmux.type_text("app", "Train library staff in health enquiries");
    tmux.press("app", &["M-1"], "the sector NHS", |s| s.contains("Sector: ▌NHS"));
    tmux.press("app", &["Enter"], "the third note", |s| s.contains("Events (1)"));
    tmux.press("app", &["Escape"], "the capture line closed", |s| {
        !s.contains("New note")
    });

    // Votes: three on the selected (newest) note, one on a note in the first column.
    tmux.press("app", &["S-Up"], "one vote", |s| s.contains("●1"));
    tmux.press("app", &["S-Up"], "two votes", |s| s.contains("●2"));
    tmux.press("app", &["S-Up"], "three votes", |s| s.contains("●3"));
    tmux.keys("app", &["Left"]);
    tmux.settle("app");
    tmux.press("app", &["S-Up"], "a vote in the first column", |s| {
        s.contains("●3") && s.contains("●1")
    });

    tmux.kill9("app");
    tmux.start("again", 120, 30, &env, &bin, &["resume"]);
    // Everything the test reads is waited for, so a frame still being drawn is never read.
    let screen = tmux.wait("again", "the board as it was", |s| {
        s.contains("Books and reading (2)")
            && s.contains("Events (1)")
            && s.contains("●3")
            && s.contains("●1")
            && s.contains("○0")
    });
    for text in [
        "Withdrawn books for ward",
        "Reminiscence boxes",
        "Train library staff",
        "●3",
        "●1",
        "▌PubLib",
        "▌NHS",
    ] {
        assert!(screen.contains(text), "{text} after resume:\n{screen}");
    }
    // Exactly those votes: three on one note, one on another, none elsewhere.
    let mut votes: Vec<&str> = screen.split('●').skip(1).map(|v| &v[..1]).collect();
    votes.sort();
    assert_eq!(votes, ["1", "3"], "{screen}");
    assert_eq!(screen.matches("○0").count(), 1, "{screen}");
}
