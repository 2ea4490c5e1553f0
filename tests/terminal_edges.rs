//! Terminal edge cases on the release binary: a storm of resizes, a 20×8 window, a 100 KB
//! paste, and a key held down. The app must stay whole, answer, and lose nothing.

mod common;

use std::time::Duration;

use common::{Tmux, footer, release_binary};

/// Generous, for a busy machine: every wait ends as soon as the screen is right.
const WAIT: Duration = Duration::from_secs(3);

fn tmux_cmd(tmux_name: &str) -> std::process::Command {
    let mut cmd = std::process::Command::new("tmux");
    cmd.args(["-L", &format!("convene-test-{}-{tmux_name}", std::process::id())]);
    cmd
}

#[test]
fn a_resize_storm_ends_on_a_whole_screen() {
    let home = tempfile::tempdir().unwrap();
    let tmux = Tmux::new("storm");
    tmux.start(
        "app",
        80,
        24,
        &[("CONVENE_HOME", home.path())],
        &release_binary(),
        &["run"],
    );
    tmux.wait_for("app", 10 * WAIT, "the first slide", |s| {
        footer(s).contains("1/13 Welcome")
    });
    let sizes = [(20, 8), (200, 60), (59, 17), (120, 40), (61, 19), (80, 24)];
    for round in 0..60 {
        let (w, h) = sizes[round % sizes.len()];
        tmux_cmd("storm")
            .args([
                "resize-window",
                "-t",
                "app",
                "-x",
                &w.to_string(),
                "-y",
                &h.to_string(),
            ])
            .status()
            .unwrap();
    }
    tmux.keys("app", &["PageDown"]);
    tmux.wait_for("app", 2 * WAIT, "a whole 80x24 screen after the storm", |s| {
        footer(s).contains("1/13 Welcome · 2/6") && s.lines().count() <= 24
    });
}

#[test]
fn a_20_by_8_window_asks_for_room_and_quits_cleanly() {
    let home = tempfile::tempdir().unwrap();
    let tmux = Tmux::new("tiny");
    tmux.start(
        "app",
        20,
        8,
        &[("CONVENE_HOME", home.path())],
        &release_binary(),
        &["run"],
    );
    tmux.wait_for("app", 10 * WAIT, "the message", |s| {
        s.contains("Make the") && s.contains("larger")
    });
    // Keys still work while it is small: navigation is journaled and shows once it grows.
    tmux.keys("app", &["PageDown", "PageDown"]);
    tmux_cmd("tiny")
        .args(["resize-window", "-t", "app", "-x", "80", "-y", "24"])
        .status()
        .unwrap();
    tmux.wait_for("app", 2 * WAIT, "the slide", |s| {
        footer(s).contains("1/13 Welcome · 3/6")
    });
    tmux.keys("app", &["C-c"]);
    tmux.wait_for("app", 2 * WAIT, "a clean exit", |s| {
        s.contains("To go on: convene resume")
    });
}

#[test]
fn pasting_100_kb_is_refused_clearly_and_a_held_key_is_fine() {
    let home = tempfile::tempdir().unwrap();
    let tmux = Tmux::new("paste");
    let pack = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/quick-timer");
    tmux.start(
        "app",
        100,
        30,
        &[("CONVENE_HOME", home.path())],
        &release_binary(),
        &["run", pack],
    );
    tmux.wait_for("app", 10 * WAIT, "the activity", |s| s.contains("Ready"));
    tmux.keys("app", &["PageDown"]);
    tmux.wait_for("app", WAIT, "the board", |s| s.contains("Notes (0)"));

    // 100 KB of text, with line breaks and an escape sequence, pasted as one bracketed paste.
    let mut big = String::new();
    while big.len() < 100_000 {
        big.push_str("Reading Well books for carers — café 图书馆 \u{1b}[2J line\n");
    }
    let file = home.path().join("paste.txt");
    std::fs::write(&file, &big).unwrap();
    tmux_cmd("paste").arg("load-buffer").arg(&file).status().unwrap();
    tmux_cmd("paste")
        .args(["paste-buffer", "-p", "-t", "app"])
        .status()
        .unwrap();
    let pasted = |s: &str| {
        s.split("/280")
            .next()
            .and_then(|before| before.rsplit(' ').next())
            .and_then(|n| n.parse::<usize>().ok())
            > Some(10_000)
    };
    let screen = tmux.wait_for("app", 5 * WAIT, "the paste in the capture line", pasted);
    assert!(!screen.contains("[2J"), "escape sequences never reach the screen");
    tmux.keys("app", &["Enter"]);
    tmux.wait_for("app", 2 * WAIT, "a clear refusal", |s| {
        s.contains("a note holds at most 280")
    });
    tmux.keys("app", &["C-u", "-l", "A short one"]);
    tmux.keys("app", &["Enter", "Escape"]);
    tmux.wait_for("app", 2 * WAIT, "the short note saved", |s| {
        s.contains("Notes (1)")
    });

    // A key held down: 300 votes in a burst, then 300 PageDowns to the end of the programme.
    tmux_cmd("paste")
        .args(["send-keys", "-t", "app", "-N", "300", "+"])
        .status()
        .unwrap();
    tmux.wait_for("app", 5 * WAIT, "every vote counted", |s| s.contains("●300"));
    tmux_cmd("paste")
        .args(["send-keys", "-t", "app", "-N", "300", "PageDown"])
        .status()
        .unwrap();
    tmux.wait_for("app", 5 * WAIT, "the end of the programme", |s| {
        footer(s).contains("this is the end of the programme") || footer(s).contains("3/3 The end")
    });
    tmux.keys("app", &["q", "y"]);
    tmux.wait_for("app", 2 * WAIT, "a clean exit", |s| s.contains("To go on"));
    let replay = convene::session::journal::read(
        &std::fs::read_dir(home.path().join("sessions"))
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path()
            .join("journal.jsonl"),
    )
    .unwrap();
    assert!(replay.warnings.is_empty());
}
