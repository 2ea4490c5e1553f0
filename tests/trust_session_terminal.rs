//! Trusting the session folder in a real terminal (tmux), on the tests' small pack: a second
//! window on a running session is refused and told to `convene follow` it; `kill -9` of the
//! first leaves no lock behind; a session folder deleted mid-run shows the red banner at the
//! next note, `W` writes the outcomes elsewhere, and quitting does not claim they are saved.

mod common;

use std::path::Path;

use common::{Tmux, binary, footer, small_pack, status};

/// Runs `convene ARGS` through sh, which prints its exit status once it ends. The blank
/// line first: the first row a detached tmux pane is written is not kept on its screen.
fn with_status<'a>(bin: &'a str, args: &[&'a str]) -> Vec<&'a str> {
    let mut all = vec![r#"echo; "$0" "$@"; echo "exit status $?""#, bin];
    all.extend_from_slice(args);
    [&["-c"][..], &all].concat()
}

#[test]
fn a_second_window_is_refused_and_a_killed_first_lets_go() {
    let bin = binary();
    let home = tempfile::tempdir().unwrap();
    let env = [("CONVENE_HOME", home.path())];
    let dir = home.path().join("workshop");
    let dir_arg = dir.to_str().unwrap();
    let tmux = Tmux::new("trust-two");
    let sh = Path::new("/bin/sh");
    let bin_arg = bin.to_str().unwrap();

    tmux.start(
        "first",
        100,
        30,
        &env,
        &bin,
        &["run", small_pack(), "--session", dir_arg],
    );
    tmux.wait("first", "the first slide", |s| {
        footer(s).contains("1/5 Welcome · 1/3")
    });
    tmux.press("first", &["PageDown"], "the second slide", |s| {
        footer(s).contains("1/5 Welcome · 2/3")
    });
    let journal = dir.join("journal.jsonl");
    let bytes = std::fs::read(&journal).unwrap();

    // A wide window, so the message is not wrapped in the middle of the command it names.
    for (window, args) in [
        ("resume", vec!["resume", dir_arg]),
        ("run", vec!["run", small_pack(), "--session", dir_arg]),
    ] {
        tmux.start(window, 250, 20, &env, sh, &with_status(bin_arg, &args));
        let screen = tmux.wait(window, "the refusal", |s| s.contains("exit status"));
        assert!(screen.contains("exit status 1"), "{screen}");
        assert!(
            screen.contains("already open in another window")
                && screen.contains(&format!("convene follow {dir_arg}")),
            "{screen}"
        );
    }
    assert_eq!(
        std::fs::read(&journal).unwrap(),
        bytes,
        "the refused windows wrote nothing"
    );

    // The first goes on as before; killed, it leaves no lock to clean up.
    tmux.press("first", &["g"], "the programme", |s| s.contains("Programme"));
    tmux.press("first", &["Down", "Enter"], "item 2", |s| {
        footer(s).contains("2/5 Gather ideas · 1/3")
    });
    tmux.kill9("first");
    tmux.start("again", 100, 30, &env, &bin, &["resume", dir_arg]);
    tmux.wait("again", "the session where it was", |s| {
        footer(s).contains("2/5 Gather ideas · 1/3")
    });
    tmux.press("again", &["PageDown"], "the next page", |s| {
        footer(s).contains("2/5 Gather ideas · 2/3")
    });
    tmux.press("again", &["q"], "the quit question", |s| {
        s.contains("Quit convene?")
    });
    tmux.press("again", &["y"], "the exit message", |s| s.contains("To go on:"));
    let seqs: Vec<u64> = convene::session::journal::read(&journal)
        .unwrap()
        .events
        .iter()
        .map(|e| e.seq)
        .collect();
    assert_eq!(
        seqs,
        (1..=seqs.len() as u64).collect::<Vec<_>>(),
        "no number twice"
    );
}

#[test]
fn a_session_folder_deleted_mid_run_is_said_and_the_outcomes_go_elsewhere() {
    let bin = binary();
    let home = tempfile::tempdir().unwrap();
    let env = [("CONVENE_HOME", home.path())];
    let dir = home.path().join("on-the-stick");
    let dir_arg = dir.to_str().unwrap();
    let tmux = Tmux::new("trust-gone");
    let args = with_status(
        bin.to_str().unwrap(),
        &["run", small_pack(), "--session", dir_arg],
    );
    tmux.start("app", 120, 30, &env, Path::new("/bin/sh"), &args);
    tmux.wait("app", "the first slide", |s| footer(s).contains("1/5 Welcome"));

    // To the "Gather ideas" board, and one note saved.
    tmux.press("app", &["g"], "the programme", |s| s.contains("Programme"));
    tmux.press("app", &["Down", "Enter"], "item 2", |s| {
        footer(s).contains("2/5 Gather ideas · 1/3")
    });
    tmux.press("app", &["PageDown", "PageDown"], "the board", |s| {
        footer(s).contains("2/5 Gather ideas · 3/3") && s.contains("Books and reading (0)")
    });
    tmux.press("app", &["C-a"], "the capture line", |s| s.contains("New note"));
    tmux.type_text("app", "Saved before the folder went");
    tmux.press("app", &["Enter"], "the first note", |s| {
        s.contains("Books and reading (1)")
    });

    // The stick is pulled (the folder goes); the next note is refused at once, in red.
    std::fs::remove_dir_all(&dir).unwrap();
    let refused = "Typed after the folder went";
    tmux.type_text("app", refused);
    tmux.wait("app", "the note typed", |s| s.contains(refused));
    let screen = tmux.press("app", &["Enter"], "the note refused", |s| {
        status(s).contains("NOT SAVED")
    });
    assert!(
        screen.contains("NOTHING NEW IS BEING SAVED"),
        "the banner:\n{screen}"
    );
    assert!(screen.contains("deleted or moved"), "why:\n{screen}");
    assert!(
        screen.contains("Books and reading (1)"),
        "not shown as saved:\n{screen}"
    );
    assert!(screen.contains(refused), "still in the capture line:\n{screen}");

    // Ctrl+X (W off a board) writes the outcomes (from what was saved) to another folder.
    let elsewhere = home.path().join("rescue");
    tmux.press("app", &["Escape"], "the capture line closed", |s| {
        !s.contains("New note")
    });
    // Ctrl+W (`w` off a board) does not make the folder again with only the outcomes in it.
    tmux.press("app", &["C-w"], "the outcomes refused there", |s| {
        status(s).contains("NOT WRITTEN")
    });
    tmux.press("app", &["C-x"], "the folder form", |s| s.contains("folder"));
    tmux.press("app", &["C-u"], "the folder field emptied", |s| {
        !s.contains("convene-outcomes")
    });
    tmux.type_text("app", elsewhere.to_str().unwrap());
    tmux.press("app", &["Enter"], "the outcomes written elsewhere", |s| {
        s.contains("Wrote 6 files in")
    });
    let json = std::fs::read_to_string(elsewhere.join("outcomes.json")).unwrap();
    assert!(json.contains("Saved before the folder went") && !json.contains(refused));

    // Quitting says plainly that nothing was saved, not where it was "saved".
    tmux.press("app", &["C-q"], "the quit question", |s| {
        s.contains("Quit convene?")
    });
    let screen = tmux.press("app", &["y"], "the exit message", |s| s.contains("exit status"));
    assert!(screen.contains("NOTHING WAS SAVED"), "{screen}");
    assert!(!screen.contains("Saved in"), "{screen}");
    assert!(screen.contains("exit status 1"), "{screen}");
    assert!(!dir.exists(), "the deleted folder was made again");
}
