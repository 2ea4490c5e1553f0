//! Terminal edge cases on the binary, on the tests' own packs: a storm of resizes, a 20×8
//! window, a 100 KB paste, and a key held down. The app must stay whole, answer, and lose
//! nothing.

mod common;

use common::{Tmux, binary, footer, position, quick_timer, small_pack};

/// The words on a screen, whatever the lines and spaces between them.
fn words(screen: &str) -> String {
    screen.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A screen without its footer's clock: every line but the last, and where the footer says
/// the app is.
fn without_clock(screen: &str) -> (Vec<String>, String) {
    let lines: Vec<String> = screen.lines().map(|l| l.trim_end().to_string()).collect();
    let body = lines[..lines.len().saturating_sub(1)].to_vec();
    (body, position(screen))
}

#[test]
fn a_resize_storm_ends_on_a_whole_screen() {
    let tmux = Tmux::new("storm");
    let home = tempfile::tempdir().unwrap();
    let env = [("CONVENE_HOME", home.path())];
    tmux.start("app", 80, 24, &env, &binary(), &["run", small_pack()]);
    tmux.wait("app", "the first slide", |s| {
        footer(s).contains("1/5 Welcome · 1/3")
    });
    // The same slide in a window that never changed size: what a whole screen looks like.
    let reference_home = tempfile::tempdir().unwrap();
    let reference_env = [("CONVENE_HOME", reference_home.path())];
    tmux.start(
        "reference",
        80,
        24,
        &reference_env,
        &binary(),
        &["run", small_pack()],
    );
    tmux.wait("reference", "the first slide", |s| {
        footer(s).contains("1/5 Welcome · 1/3")
    });
    let reference = tmux.press("reference", &["PageDown"], "the second slide", |s| {
        footer(s).contains("1/5 Welcome · 2/3") && s.contains("Meet each other")
    });

    let sizes = [(20, 8), (200, 60), (59, 17), (120, 40), (61, 19), (80, 24)];
    for round in 0..60 {
        let (w, h) = sizes[round % sizes.len()];
        tmux.resize("app", w, h);
    }
    tmux.press("app", &["PageDown"], "the second slide after the storm", |s| {
        footer(s).contains("1/5 Welcome · 2/3") && s.contains("Meet each other")
    });
    // The window's last size may reach the app after the key: wait for the whole screen.
    let screen = tmux.wait("app", "the whole screen after the storm", |s| {
        without_clock(s) == without_clock(&reference)
    });
    assert_eq!(
        without_clock(&screen),
        without_clock(&reference),
        "after the storm, the screen is the one a window that never changed size shows"
    );
}

#[test]
fn a_20_by_8_window_asks_for_room_and_quits_cleanly() {
    let home = tempfile::tempdir().unwrap();
    let tmux = Tmux::new("tiny");
    let env = [("CONVENE_HOME", home.path())];
    tmux.start("app", 20, 8, &env, &binary(), &["run", small_pack()]);
    let screen = tmux.wait("app", "the message", |s| {
        s.contains("Make the") && s.contains("larger")
    });
    // The message, as much of it as fits, and nothing else: no footer, no bits of the slide.
    assert_eq!(
        words(&screen),
        "Make the window larger convene needs 60×18; this window is 20×8. \
         Make the font smaller or the window bigger.",
        "{screen}"
    );
    // Keys still work while it is small: navigation is journaled and shows once it grows.
    // Nothing on the small screen shows them, so the journal does.
    let journal = || {
        let sessions = home.path().join("sessions");
        let dir = std::fs::read_dir(sessions)
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path();
        convene::session::journal::read(&dir.join("journal.jsonl"))
            .unwrap()
            .events
            .len()
    };
    let before = journal();
    tmux.keys("app", &["PageDown"]);
    common::wait_until("the first move journaled", || journal() == before + 1);
    tmux.keys("app", &["PageDown"]);
    common::wait_until("the second move journaled", || journal() == before + 2);
    tmux.resize("app", 80, 24);
    tmux.wait("app", "the slide", |s| {
        footer(s).contains("1/5 Welcome · 2/3") && s.contains("Share what our services offer")
    });
    tmux.keys("app", &["C-c"]);
    tmux.wait("app", "a clean exit", |s| {
        s.contains("To go on:") && s.contains("convene resume")
    });
}

#[test]
fn pasting_100_kb_is_refused_clearly_and_a_held_key_is_fine() {
    let home = tempfile::tempdir().unwrap();
    let tmux = Tmux::new("paste");
    let env = [("CONVENE_HOME", home.path())];
    tmux.start("app", 100, 30, &env, &binary(), &["run", quick_timer()]);
    tmux.wait("app", "the activity", |s| s.contains("Ready"));
    tmux.press("app", &["PageDown"], "the board", |s| s.contains("Notes (0)"));

    // 100 KB of text, with line breaks and an escape sequence, pasted as one bracketed paste.
    let mut big = String::new();
    while big.len() < 100_000 {
        big.push_str("Reading Well books for carers — café 图书馆 \u{1b}[2J line\n");
    }
    let file = home.path().join("paste.txt");
    std::fs::write(&file, &big).unwrap();
    tmux.command(&["load-buffer", file.to_str().unwrap()]);
    tmux.command(&["paste-buffer", "-p", "-t", "app"]);
    let pasted = |s: &str| {
        s.split("/280")
            .next()
            .and_then(|before| before.rsplit(' ').next())
            .and_then(|n| n.parse::<usize>().ok())
            > Some(10_000)
    };
    let screen = tmux.wait("app", "the paste in the capture line", pasted);
    assert!(!screen.contains("[2J"), "escape sequences never reach the screen");
    tmux.press("app", &["Enter"], "a clear refusal", |s| {
        s.contains("a note holds at most 280")
    });
    tmux.press("app", &["C-u"], "the capture line emptied", |s| {
        s.contains(" 0/280")
    });
    tmux.type_text("app", "A short one");
    tmux.press("app", &["Enter"], "the short note saved", |s| {
        s.contains("Notes (1)")
    });
    tmux.press("app", &["Escape"], "the capture line closed", |s| {
        !s.contains("/280")
    });

    // A key held down: 300 votes (Shift+↑, as a held key repeats it: one key at a time,
    // sent without waiting), then 300 PageDowns in one burst to the end of the programme.
    tmux.keys("app", &["S-Up"; 300]);
    tmux.wait("app", "every vote counted", |s| s.contains("●300"));
    tmux.command(&["send-keys", "-t", "app", "-N", "300", "PageDown"]);
    tmux.wait("app", "the end of the programme", |s| {
        footer(s).contains("this is the end of the programme") || footer(s).contains("3/3 The end")
    });
    tmux.press("app", &["q"], "the quit question", |s| {
        s.contains("Quit convene?")
    });
    tmux.press("app", &["y"], "a clean exit", |s| s.contains("To go on"));
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
