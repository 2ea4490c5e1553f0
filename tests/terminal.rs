//! The binary in a real terminal (tmux), on the tests' small pack: navigate, quit, resume,
//! kill -9, follow. Each key is sent only once the screen shows the last one's effect.

mod common;

use common::{Tmux, binary, footer, small_pack};
use convene::session::journal;

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
    let bin = binary();
    let home = tempfile::tempdir().unwrap();
    let env = [("CONVENE_HOME", home.path())];
    let tmux = Tmux::new("nav");

    tmux.start("app", 80, 24, &env, &bin, &["run", small_pack()]);
    tmux.wait("app", "the first slide", |s| {
        footer(s).contains("1/5 Welcome · 1/3")
    });
    tmux.press("app", &["PageDown"], "the second slide", |s| {
        footer(s).contains("1/5 Welcome · 2/3 ▸more") && s.contains("Meet each other")
    });
    tmux.press("app", &["PageDown"], "the first reveal", |s| {
        s.contains("Share what our services offer")
    });
    let screen = tmux.press("app", &["PageDown"], "the second reveal", |s| {
        s.contains("Choose one thing to try")
    });
    assert!(
        footer(&screen).contains("1/5 Welcome · 2/3 ▸more"),
        "still on the second slide, with more to reveal:\n{screen}"
    );
    assert!(
        !screen.contains("Agree who does what"),
        "the next reveal is still hidden:\n{screen}"
    );

    // q asks first; n stays; q then y quits and says how to go on.
    tmux.press("app", &["q"], "the quit question", |s| {
        s.contains("Quit convene?")
    });
    tmux.press("app", &["n"], "the slide again", |s| !s.contains("Quit convene?"));
    tmux.press("app", &["q"], "the quit question again", |s| {
        s.contains("Quit convene?")
    });
    tmux.press("app", &["y"], "the exit message", |s| {
        s.contains("To go on:") && s.contains("convene resume")
    });

    // resume opens on the same slide and reveal step.
    tmux.start("again", 80, 24, &env, &bin, &["resume"]);
    let screen = tmux.wait("again", "the same slide", |s| {
        footer(s).contains("1/5 Welcome · 2/3 ▸more") && s.contains("Choose one thing to try")
    });
    assert!(!screen.contains("Agree who does what"), "{screen}");
    tmux.press("again", &["PageDown"], "one more reveal", |s| {
        s.contains("Agree who does what")
    });

    // kill -9: the journal is intact and the session resumes where it was.
    tmux.kill9("again");
    let dir = session_dir(home.path());
    let replay = journal::read(&dir.join("journal.jsonl")).unwrap();
    assert!(replay.warnings.is_empty(), "{:?}", replay.warnings);
    assert_eq!(replay.events.len(), 5, "started + 4 moves");

    tmux.start("third", 80, 24, &env, &bin, &["resume"]);
    let screen = tmux.wait("third", "the slide as it was at the kill", |s| {
        footer(s).contains("1/5 Welcome · 2/3") && s.contains("Agree who does what")
    });
    assert!(
        !footer(&screen).contains("▸more"),
        "every reveal shown:\n{screen}"
    );
}

#[test]
fn follow_mirrors_the_facilitator_without_notes_and_survives_a_restart() {
    let bin = binary();
    let home = tempfile::tempdir().unwrap();
    let env = [("CONVENE_HOME", home.path())];
    let tmux = Tmux::new("follow");

    tmux.start("app", 80, 24, &env, &bin, &["run", small_pack()]);
    tmux.wait("app", "the first slide", |s| {
        footer(s).contains("1/5 Welcome · 1/3")
    });
    let dir = session_dir(home.path());
    let journal_before = std::fs::read(dir.join("journal.jsonl")).unwrap();

    tmux.start("room", 80, 24, &env, &bin, &["follow"]);
    tmux.wait("room", "the room view", |s| {
        footer(s).contains("1/5 Welcome · 1/3")
    });

    tmux.press("app", &["PageDown"], "the second slide", |s| {
        footer(s).contains("2/3 ▸more")
    });
    tmux.press("app", &["PageDown"], "a reveal", |s| {
        s.contains("Share what our services offer")
    });
    tmux.wait("room", "the room followed", |s| {
        footer(s).contains("1/5 Welcome · 2/3 ▸more") && s.contains("Share what our services offer")
    });

    // Speaker notes are the facilitator's alone. The room follows the next reveal, made after
    // the notes opened, so it has seen everything before it.
    tmux.press("app", &["n"], "notes on the facilitator's screen", |s| {
        s.contains("SPEAKER NOTES") && s.contains("Reveal one aim at a time")
    });
    tmux.press("app", &["PageDown"], "a reveal beside the notes", |s| {
        s.contains("Choose one thing to try")
    });
    let room = tmux.wait("room", "the room followed the reveal", |s| {
        s.contains("Choose one thing to try")
    });
    assert!(!room.contains("SPEAKER NOTES"), "{room}");
    assert!(!room.contains("Reveal one aim at a time"), "{room}");

    // Blanking blanks the room too.
    tmux.press("app", &["b"], "the facilitator's screen blanked", |s| {
        s.trim().is_empty()
    });
    tmux.wait("room", "the room blanked", |s| s.trim().is_empty());
    tmux.press("app", &["x"], "the facilitator's screen back", |s| {
        footer(s).contains("2/3")
    });
    tmux.wait("room", "the room back", |s| footer(s).contains("2/3"));

    // The facilitator's app quits and comes back; the room view carries on.
    tmux.press("app", &["q"], "the quit question", |s| {
        s.contains("Quit convene?")
    });
    tmux.press("app", &["y"], "the app quit", |s| s.contains("To go on"));
    tmux.kill_window("app");
    tmux.start("app2", 80, 24, &env, &bin, &["resume"]);
    tmux.wait("app2", "the app resumed", |s| footer(s).contains("2/3"));
    tmux.press("app2", &["PageDown"], "the last reveal", |s| {
        s.contains("Agree who does what")
    });
    tmux.press("app2", &["PageDown"], "the table", |s| {
        footer(s).contains("1/5 Welcome · 3/3")
    });
    tmux.wait("room", "the room followed the resumed app", |s| {
        footer(s).contains("1/5 Welcome · 3/3") && s.contains("10:35 │ Plan the first step")
    });

    // The room view only reads: every line it saw is still the facilitator's.
    let journal_after = std::fs::read(dir.join("journal.jsonl")).unwrap();
    assert!(journal_after.starts_with(&journal_before));
    tmux.press("room", &["q"], "the room's quit question", |s| {
        s.contains("Stop following?")
    });
    tmux.keys("room", &["y"]);
    tmux.wait("room", "follow stopped", |_| tmux.pane_dead("room"));
    let replay = journal::read(&dir.join("journal.jsonl")).unwrap();
    assert!(replay.warnings.is_empty());
}

#[test]
fn too_small_a_window_says_so_and_recovers() {
    let bin = binary();
    let home = tempfile::tempdir().unwrap();
    let env = [("CONVENE_HOME", home.path())];
    let tmux = Tmux::new("small");
    tmux.start("app", 50, 14, &env, &bin, &["run", small_pack()]);
    tmux.wait("app", "the too-small message", |s| {
        s.contains("Make the window larger")
    });
    tmux.resize("app", 80, 24);
    tmux.wait("app", "the slide after a resize", |s| {
        footer(s).contains("1/5 Welcome · 1/3") && !s.contains("Make the window larger")
    });
}
