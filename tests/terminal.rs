//! The release binary in a real terminal (tmux): navigate, quit, resume, kill -9, follow.

mod common;

use std::time::Duration;

use common::{Tmux, footer, release_binary};
use convene::session::journal;

const SECOND: Duration = Duration::from_secs(1);
const START: Duration = Duration::from_secs(10);

fn session_dir(home: &std::path::Path) -> std::path::PathBuf {
    let mut dirs: Vec<_> = std::fs::read_dir(home.join("sessions"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(dirs.len(), 1, "one session");
    dirs.pop().unwrap()
}

#[test]
fn navigate_quit_resume_and_survive_kill_9() {
    let bin = release_binary();
    let home = tempfile::tempdir().unwrap();
    let env = [("CONVENE_HOME", home.path())];
    let tmux = Tmux::new("nav");

    tmux.start("app", 80, 24, &env, &bin, &["run"]);
    tmux.wait_for("app", START, "the first slide", |s| {
        footer(s).contains("1/13 Welcome · 1/6")
    });
    tmux.keys("app", &["PageDown", "PageDown", "PageDown", "PageDown"]);
    let screen = tmux.wait_for("app", SECOND, "the third slide, two reveals in", |s| {
        footer(s).contains("1/13 Welcome · 3/6 ▸more") && s.contains("Choose ideas to work on together")
    });
    assert!(
        !screen.contains("Plan a joint"),
        "the next reveal is still hidden:\n{screen}"
    );

    // q asks first; n stays; q then y quits and says how to go on.
    tmux.keys("app", &["q"]);
    tmux.wait_for("app", SECOND, "the quit question", |s| {
        s.contains("Quit convene?")
    });
    tmux.keys("app", &["n"]);
    tmux.wait_for("app", SECOND, "the slide again", |s| !s.contains("Quit convene?"));
    tmux.keys("app", &["q", "y"]);
    tmux.wait_for("app", 2 * SECOND, "the exit message", |s| {
        s.contains("To go on: convene resume")
    });

    // resume opens on the same slide and reveal step.
    tmux.start("again", 80, 24, &env, &bin, &["resume"]);
    let screen = tmux.wait_for("again", START, "the same slide", |s| {
        footer(s).contains("1/13 Welcome · 3/6 ▸more") && s.contains("Choose ideas to work on together")
    });
    assert!(!screen.contains("Plan a joint"), "{screen}");
    tmux.keys("again", &["PageDown"]);
    tmux.wait_for("again", SECOND, "one more reveal", |s| s.contains("Plan a joint"));

    // kill -9: the journal is intact and the session resumes where it was.
    let pid = tmux.pid("again");
    let status = std::process::Command::new("kill")
        .args(["-9", &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    tmux.wait_for("again", 2 * SECOND, "the app to die", |_| tmux.pane_dead("again"));
    let dir = session_dir(home.path());
    let replay = journal::read(&dir.join("journal.jsonl")).unwrap();
    assert!(replay.warnings.is_empty(), "{:?}", replay.warnings);
    assert_eq!(replay.events.len(), 6, "started + 5 moves");

    tmux.start("third", 80, 24, &env, &bin, &["resume"]);
    tmux.wait_for("third", START, "the slide as it was at the kill", |s| {
        footer(s).contains("1/13 Welcome · 3/6 ▸more") && s.contains("Plan a joint")
    });
}

#[test]
fn follow_mirrors_the_facilitator_without_notes_and_survives_a_restart() {
    let bin = release_binary();
    let home = tempfile::tempdir().unwrap();
    let env = [("CONVENE_HOME", home.path())];
    let tmux = Tmux::new("follow");

    tmux.start("app", 80, 24, &env, &bin, &["run"]);
    tmux.wait_for("app", START, "the first slide", |s| {
        footer(s).contains("1/13 Welcome · 1/6")
    });
    let dir = session_dir(home.path());
    let journal_before = std::fs::read(dir.join("journal.jsonl")).unwrap();

    tmux.start("room", 80, 24, &env, &bin, &["follow"]);
    tmux.wait_for("room", START, "the room view", |s| {
        footer(s).contains("1/13 Welcome · 1/6")
    });

    tmux.keys("app", &["PageDown", "PageDown", "PageDown"]);
    tmux.wait_for("app", SECOND, "the app moved", |s| {
        footer(s).contains("3/6 ▸more")
    });
    tmux.wait_for("room", SECOND, "the room followed within a second", |s| {
        footer(s).contains("1/13 Welcome · 3/6 ▸more") && s.contains("Learn what each of us offers")
    });

    // Speaker notes are the facilitator's alone.
    tmux.keys("app", &["n"]);
    tmux.wait_for("app", SECOND, "notes on the facilitator's screen", |s| {
        s.contains("SPEAKER NOTES")
    });
    std::thread::sleep(Duration::from_millis(400));
    assert!(!tmux.screen("room").contains("SPEAKER NOTES"));

    // Blanking blanks the room too.
    tmux.keys("app", &["b"]);
    tmux.wait_for("room", SECOND, "the room blanked", |s| s.trim().is_empty());
    tmux.keys("app", &["x"]);
    tmux.wait_for("room", SECOND, "the room back", |s| footer(s).contains("3/6"));

    // The facilitator's app quits and comes back; the room view carries on.
    tmux.keys("app", &["q", "y"]);
    tmux.wait_for("app", 2 * SECOND, "the app quit", |s| s.contains("To go on"));
    tmux.kill_window("app");
    tmux.start("app2", 80, 24, &env, &bin, &["resume"]);
    tmux.wait_for("app2", START, "the app resumed", |s| footer(s).contains("3/6"));
    tmux.keys("app2", &["PageDown", "PageDown", "PageDown", "PageDown"]);
    tmux.wait_for("room", SECOND, "the room followed the resumed app", |s| {
        footer(s).contains("1/13 Welcome · 4/6")
    });

    // The room view only reads: every line it saw is still the facilitator's.
    let journal_after = std::fs::read(dir.join("journal.jsonl")).unwrap();
    assert!(journal_after.starts_with(&journal_before));
    tmux.keys("room", &["q", "y"]);
    tmux.wait_for("room", 2 * SECOND, "follow stopped", |_| tmux.pane_dead("room"));
    let replay = journal::read(&dir.join("journal.jsonl")).unwrap();
    assert!(replay.warnings.is_empty());
}

#[test]
fn too_small_a_window_says_so_and_recovers() {
    let bin = release_binary();
    let home = tempfile::tempdir().unwrap();
    let env = [("CONVENE_HOME", home.path())];
    let tmux = Tmux::new("small");
    tmux.start("app", 50, 14, &env, &bin, &["run"]);
    tmux.wait_for("app", START, "the too-small message", |s| {
        s.contains("Make the window larger")
    });
    let status = std::process::Command::new("tmux")
        .args(["-L", &format!("convene-test-{}-small", std::process::id())])
        .args(["resize-window", "-t", "app", "-x", "80", "-y", "24"])
        .status()
        .unwrap();
    assert!(status.success());
    tmux.wait_for("app", 2 * SECOND, "the slide after a resize", |s| {
        footer(s).contains("1/13 Welcome")
    });
}
