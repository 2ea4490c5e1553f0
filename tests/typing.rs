//! Typing is safe, in a real terminal (tmux) on the tests' small pack: with the timer running
//! and the note line closed, a sentence typed on the board (in one burst, then key by key)
//! becomes exactly one note. Nothing else changes: the same page, the timer still counting
//! down, the screen not blank, and the journal holds one new event, the note.

mod common;

use std::path::{Path, PathBuf};

use common::{Tmux, binary, footer, position, small_pack};

/// The trial's burst: it holds the old keys for the programme (g), the timer (t), the
/// speaker notes (n) and the blank screen (b).
const BURST: &str = "great idea, then book the room for next week";
/// Typed key by key: it starts with the old quit key and holds the old delete, undo, add,
/// vote, search and help keys.
const KEY_BY_KEY: &str = "quick win: delete old lists, undo nothing, add +2 votes / ask? yes!";

fn session_dir(home: &Path) -> PathBuf {
    let mut dirs: Vec<_> = std::fs::read_dir(home.join("sessions"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(dirs.len(), 1, "one session");
    dirs.pop().unwrap()
}

/// Every event in the journal, as JSON.
fn journal(home: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(session_dir(home).join("journal.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("a whole journal line"))
        .collect()
}

/// The seconds left in the running phase, as the board's header says ("Think · 4:58 left").
fn left(screen: &str) -> Option<u32> {
    let (_, after) = screen.split_once("Think · ")?;
    let (clock, _) = after.split_once(" left")?;
    let (m, s) = clock.trim().split_once(':')?;
    Some(m.parse::<u32>().ok()? * 60 + s.parse::<u32>().ok()?)
}

/// The board as it was: the prompt (not a blank screen), the same page, and the timer
/// running and counting down from `before`.
fn still_running(tmux: &Tmux, page: &str, before: u32) {
    tmux.wait("app", "the timer still counting down on the same page", |s| {
        s.contains("What could we share") && position(s) == page && left(s).is_some_and(|now| now < before)
    });
}

/// Types `text` on the board with the note line closed, then Enter; checks that the only
/// change is one new note with the text.
fn type_a_note(tmux: &Tmux, home: &Path, text: &str, key_by_key: bool, notes: usize) {
    let screen = tmux.screen("app");
    assert!(!screen.contains("New note"), "the note line is closed:\n{screen}");
    let page = position(&screen);
    let before = left(&screen).expect("the timer is running");
    let events = journal(home);

    if key_by_key {
        for ch in text.chars() {
            tmux.type_text("app", &ch.to_string());
        }
    } else {
        tmux.type_text("app", text);
    }
    tmux.press("app", &["Enter"], "the note saved", |s| {
        s.contains(&format!("Books and reading ({notes})")) && s.contains(" 0/280")
    });
    tmux.press("app", &["Escape"], "the note line closed", |s| {
        !s.contains("New note")
    });
    still_running(tmux, &page, before);

    let after = journal(home);
    let new: Vec<&str> = after[events.len()..]
        .iter()
        .map(|e| e["type"].as_str().unwrap())
        .collect();
    assert_eq!(new, ["note_added"], "{text:?}: one new event, the note");
    assert_eq!(
        after[events.len()]["text"],
        text,
        "the note holds every key typed"
    );
    assert_eq!(
        &after[..events.len()],
        &events[..],
        "the journal before it unchanged"
    );
}

#[test]
fn a_sentence_typed_on_the_board_becomes_a_note_and_nothing_else() {
    let bin = binary();
    let home = tempfile::tempdir().unwrap();
    let env = [("CONVENE_HOME", home.path())];
    let tmux = Tmux::new("typing");
    tmux.start("app", 120, 30, &env, &bin, &["run", small_pack()]);
    tmux.wait("app", "the first slide", |s| footer(s).contains("1/5 Welcome"));

    // To the "Gather ideas" board, and its timer started there (Ctrl+T on a board).
    tmux.press("app", &["g"], "the programme", |s| s.contains("Programme"));
    tmux.press("app", &["Down", "Enter"], "item 2", |s| {
        footer(s).contains("2/5 Gather ideas · 1/3")
    });
    tmux.press("app", &["PageDown", "PageDown"], "the board", |s| {
        footer(s).contains("2/5 Gather ideas · 3/3") && s.contains("Books and reading (0)")
    });
    tmux.press("app", &["C-t"], "the timer running", |s| left(s).is_some());

    // A burst, sent at once; then a sentence key by key, with a note selected that the old
    // keys would have deleted, voted on or moved.
    type_a_note(&tmux, home.path(), BURST, false, 1);
    type_a_note(&tmux, home.path(), KEY_BY_KEY, true, 2);

    // Both notes, once each, in the outcomes.
    tmux.press("app", &["C-w"], "the outcomes written", |s| s.contains("Wrote"));
    let outcomes = std::fs::read_to_string(session_dir(home.path()).join("outcomes.json")).unwrap();
    let outcomes: serde_json::Value = serde_json::from_str(&outcomes).unwrap();
    let notes: Vec<&str> = outcomes["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["text"].as_str().unwrap())
        .collect();
    assert_eq!(notes, [BURST, KEY_BY_KEY], "{outcomes:#}");
    let votes: Vec<&serde_json::Value> = outcomes["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| &n["votes"])
        .collect();
    assert!(votes.iter().all(|v| *v == 0), "no votes: {votes:?}");
}
