//! The prioritisation grid in a real terminal, on the tests' small pack (whose "Gather ideas"
//! activity has a `[grid]`): notes typed and voted on the board, Ctrl+Y opens the grid, the
//! arrows place the chosen note, the room's `convene follow` shows the same, and the
//! exported JSON records the note's square.

mod common;

use common::{Tmux, binary, footer, small_pack};

#[test]
fn a_note_placed_with_the_arrows_is_in_its_square_for_the_room_and_in_the_export() {
    let bin = binary();
    let home = tempfile::tempdir().unwrap();
    let env = [("CONVENE_HOME", home.path())];
    let tmux = Tmux::new("grid");
    tmux.start("app", 100, 30, &env, &bin, &["run", small_pack()]);
    tmux.wait("app", "the first slide", |s| footer(s).contains("1/5 Welcome"));

    // To the "Gather ideas" board: the programme, item 2, then to its last page.
    tmux.press("app", &["g"], "the programme", |s| s.contains("Programme"));
    tmux.press("app", &["Down", "Enter"], "item 2", |s| {
        footer(s).contains("2/5 Gather ideas · 1/3")
    });
    tmux.press("app", &["PageDown", "PageDown"], "the board", |s| {
        footer(s).contains("2/5 Gather ideas · 3/3") && s.contains("Books and reading (0)")
    });

    // Two notes; the second gets two votes, so it heads the notes to place.
    tmux.type_text("app", "Withdrawn books for ward trolleys");
    tmux.press("app", &["Enter"], "the first note", |s| {
        s.contains("Books and reading (1)")
    });
    tmux.type_text("app", "Reading Well books on prescription");
    tmux.press("app", &["M-2", "Enter"], "the second note", |s| {
        s.contains("Books and reading (2)")
    });
    tmux.press("app", &["Escape"], "the capture line closed", |s| {
        !s.contains("New note")
    });
    tmux.press("app", &["Down", "S-Up", "S-Up"], "two votes", |s| {
        s.contains("●2")
    });

    // The room's screen, following.
    tmux.start("room", 100, 30, &env, &bin, &["follow"]);
    tmux.wait("room", "the room on the board", |s| {
        s.contains("Books and reading (2)")
    });

    tmux.press("app", &["C-y"], "the grid", |s| {
        s.contains("★ Quick wins (0)") && s.contains("To place (2), most votes first")
    });
    let room = tmux.wait("room", "the room on the grid", |s| {
        s.contains("★ Quick wins (0)") && s.contains("To place (2)")
    });
    assert!(
        room.contains("▶▌PubLib Reading Well"),
        "the most voted chosen:\n{room}"
    );
    assert!(!room.contains("Tab next note"), "no keys for the room:\n{room}");

    // Typing here moves nothing and writes nothing.
    tmux.type_text("app", "oops");
    tmux.wait("app", "told where typing goes", |s| {
        s.contains("typing does nothing on the grid")
    });

    // → from "To place": straight into the quick wins (top right).
    let screen = tmux.press("app", &["Right"], "the note in Quick wins", |s| {
        s.contains("★ Quick wins (1)") && s.contains("To place (1)")
    });
    let wins = square_rows(&screen, "★ Quick wins (1)");
    assert!(
        wins.iter().any(|row| row.contains("▶▌PubLib Reading Well")),
        "{screen}"
    );
    tmux.wait("room", "the room sees it placed", |s| {
        s.contains("★ Quick wins (1)") && s.contains("To place (1)")
    });

    // Tab to the other note; ↓ puts it bottom right ("Maybe later"), ← then bottom left.
    tmux.press("app", &["Tab", "Down"], "the second note in Maybe later", |s| {
        s.contains("Maybe later (1)") && s.contains("To place: none")
    });
    tmux.press("app", &["Left"], "moved to Not now", |s| {
        s.contains("Not now (1)") && s.contains("Maybe later (0)")
    });

    // The export records each note's square.
    let out = std::process::Command::new(&bin)
        .env("CONVENE_HOME", home.path())
        .args(["export", "--format", "json", "--out", "-"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let square = |text: &str| {
        json["notes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["text"] == text)
            .unwrap_or_else(|| panic!("{text} exported"))["quadrant"]
            .clone()
    };
    assert_eq!(square("Reading Well books on prescription"), "top-right");
    assert_eq!(square("Withdrawn books for ward trolleys"), "bottom-left");
    assert_eq!(
        json["notes"].as_array().unwrap().len(),
        2,
        "nothing typed became a note"
    );

    // Esc goes back to the board, for the room too.
    tmux.press("app", &["Escape"], "the board again", |s| {
        s.contains("Books and reading (2)")
    });
    tmux.wait("room", "the room on the board again", |s| {
        s.contains("Books and reading (2)")
    });
}

/// The rows inside the square whose title holds `title`, from its left border rightwards,
/// down to its bottom border.
fn square_rows(screen: &str, title: &str) -> Vec<String> {
    let lines: Vec<Vec<char>> = screen.lines().map(|l| l.chars().collect()).collect();
    let text = |l: &[char]| l.iter().collect::<String>();
    let Some(top) = lines.iter().position(|l| text(l).contains(title)) else {
        return Vec::new();
    };
    let row = text(&lines[top]);
    let at = row[..row.find(title).unwrap()].chars().count();
    let corner = |c: char| matches!(c, '┌' | '┏' | '╔');
    let left = (0..at).rev().find(|&i| corner(lines[top][i])).unwrap_or(0);
    let bottom = |c: char| matches!(c, '└' | '┗' | '╚');
    lines[top + 1..]
        .iter()
        .take_while(|l| !l.get(left).copied().is_some_and(bottom))
        .map(|l| text(&l[left.min(l.len())..]))
        .collect()
}
