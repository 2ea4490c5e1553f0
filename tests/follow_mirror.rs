//! The room's screen scrolls with the facilitator, in a real terminal: the facilitator at
//! 120×40 goes to the last column of the small pack's board and down past the notes that
//! fit; `convene follow` at 80×24 shows the same column and the selected note, marked. After
//! the facilitator's app restarts (`q`, then `convene resume`), both carry on from there.

mod common;

use common::{Tmux, binary, footer, small_pack};

const NOTES: usize = 14;

fn note(n: usize) -> String {
    format!("Skill {n:02} to share")
}

/// Whether the screen shows note `n`'s text with the selection mark on its label line.
fn marked(screen: &str, n: usize) -> bool {
    let lines: Vec<&str> = screen.lines().collect();
    lines
        .iter()
        .position(|l| l.contains(&note(n)))
        .is_some_and(|i| i > 0 && lines[i - 1].contains("▶▌"))
}

#[test]
fn the_room_scrolls_with_the_facilitator_and_after_a_restart() {
    let bin = binary();
    let home = tempfile::tempdir().unwrap();
    let env = [("CONVENE_HOME", home.path())];
    let tmux = Tmux::new("mirror");
    tmux.start("app", 120, 40, &env, &bin, &["run", small_pack()]);
    tmux.wait("app", "the first slide", |s| footer(s).contains("1/5 Welcome"));

    // To the "Gather ideas" board, and its last column.
    tmux.press("app", &["g"], "the programme", |s| s.contains("Programme"));
    tmux.press("app", &["Down", "Enter"], "item 2", |s| {
        footer(s).contains("2/5 Gather ideas · 1/3")
    });
    tmux.press("app", &["PageDown", "PageDown"], "the board", |s| {
        footer(s).contains("2/5 Gather ideas · 3/3") && s.contains("Skills (0)")
    });
    // Keys are handled in order: Ctrl+A opens the line in the column the arrows reached.
    tmux.press("app", &["Right", "Right", "C-a"], "the capture line", |s| {
        s.contains("New note") && s.contains("Column: Skills")
    });
    for n in 1..=NOTES {
        tmux.type_text("app", &note(n));
        tmux.press("app", &["Enter"], "the note saved", |s| {
            s.contains(&format!("Skills ({n})"))
        });
    }
    tmux.press("app", &["Escape"], "the capture line closed", |s| {
        !s.contains("New note")
    });

    tmux.start("room", 80, 24, &env, &bin, &["follow"]);
    tmux.wait("room", "the room's board", |s| s.contains("Skills (14)"));

    // Up to the first note, then down past what either screen holds, to the last.
    for _ in 0..NOTES {
        tmux.keys("app", &["Up"]);
    }
    tmux.wait("app", "the first note selected", |s| marked(s, 1));
    for _ in 1..NOTES {
        tmux.keys("app", &["Down"]);
    }
    tmux.wait("app", "the last note selected", |s| marked(s, NOTES));
    let room = tmux.wait("room", "the room at the last note, marked", |s| {
        marked(s, NOTES) && s.contains("Skills (14)")
    });
    assert!(room.contains("more above"), "{room}");
    assert!(!room.contains(&note(1)), "the room scrolled:\n{room}");

    // The facilitator quits and resumes: back at the same note, and the room with them.
    tmux.press("app", &["C-q"], "the quit question", |s| {
        s.contains("Quit convene?")
    });
    tmux.press("app", &["y"], "the app quit", |s| s.contains("To go on"));
    tmux.kill_window("app");
    tmux.start("app2", 120, 40, &env, &bin, &["resume"]);
    tmux.wait("app2", "the board, at the last note", |s| marked(s, NOTES));
    tmux.press("app2", &["Up"], "one note up", |s| marked(s, NOTES - 1));
    let room = tmux.wait("room", "the room one note up with the resumed app", |s| {
        marked(s, NOTES - 1)
    });
    assert!(room.contains("Skills (14)"), "{room}");
}
