//! The board in a real terminal: notes typed in two columns, votes, `kill -9`, and
//! `convene resume` shows every note and vote.

mod common;

use std::time::Duration;

use common::{Tmux, footer, release_binary};

/// Generous, for a busy machine: every wait ends as soon as the screen is right.
const WAIT: Duration = Duration::from_secs(3);

#[test]
fn notes_and_votes_survive_kill_9() {
    let bin = release_binary();
    let home = tempfile::tempdir().unwrap();
    let env = [("CONVENE_HOME", home.path())];
    let tmux = Tmux::new("board");
    tmux.start("app", 120, 30, &env, &bin, &["run"]);
    tmux.wait_for("app", 10 * WAIT, "the first slide", |s| {
        footer(s).contains("1/13 Welcome")
    });

    // To the 1-2-4-All board: the programme, item 7, then to its last page.
    tmux.keys("app", &["g"]);
    tmux.wait_for("app", WAIT, "the programme", |s| s.contains("Programme"));
    tmux.keys("app", &["Down", "Down", "Down", "Down", "Down", "Down", "Enter"]);
    tmux.wait_for("app", WAIT, "item 7", |s| {
        footer(s).contains("7/13 Ideas for working together · 1/4")
    });
    for page in 2..=4 {
        let want = format!("· {page}/4");
        loop {
            tmux.keys("app", &["PageDown"]);
            let screen = tmux.screen("app");
            if footer(&screen).contains(&want) {
                break;
            }
            assert!(
                !footer(&screen).contains("8/13"),
                "went past the board:\n{screen}"
            );
        }
    }
    tmux.wait_for("app", WAIT, "the board", |s| {
        s.contains("Resources and materials")
    });

    // Two notes in the first column, one in the second, with sectors.
    tmux.keys("app", &["a"]);
    tmux.wait_for("app", WAIT, "the capture line", |s| s.contains("New note"));
    tmux.keys("app", &["-l", "Withdrawn books for ward trolleys"]);
    tmux.keys("app", &["M-2", "Enter"]);
    tmux.keys("app", &["-l", "Reminiscence boxes — café & 图书馆"]);
    tmux.keys("app", &["Enter", "Tab"]);
    tmux.keys("app", &["-l", "Train library staff in health enquiries"]);
    tmux.keys("app", &["M-1", "Enter", "Escape"]);
    tmux.wait_for("app", WAIT, "three notes", |s| {
        s.contains("Resources and materials (2)") && s.contains("Skills and expertise (1)")
    });
    // Votes: three on the selected (newest) note, one on a note in the first column.
    tmux.keys("app", &["+", "+", "+", "Left", "Up", "+"]);
    tmux.wait_for("app", WAIT, "the votes", |s| s.contains("●3") && s.contains("●1"));

    let pid = tmux.pid("app");
    std::process::Command::new("kill")
        .args(["-9", &pid.to_string()])
        .status()
        .unwrap();
    tmux.wait_for("app", 2 * WAIT, "the app to die", |_| tmux.pane_dead("app"));

    tmux.start("again", 120, 30, &env, &bin, &["resume"]);
    let screen = tmux.wait_for("again", 10 * WAIT, "the board as it was", |s| {
        s.contains("Resources and materials (2)") && s.contains("Skills and expertise (1)")
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
}
