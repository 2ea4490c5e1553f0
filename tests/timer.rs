//! The activity timer in a real terminal, on a pack whose phases last seconds: the phase
//! ends, overrun counts up, the bell rings (BEL reaches the terminal), `]` moves on, `t`
//! pauses, auto-advance moves on by itself, and `--no-bell` keeps quiet.

mod common;

use std::path::Path;
use std::time::Duration;

use common::{Tmux, footer, release_binary};

const SECOND: Duration = Duration::from_secs(1);

fn pack() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/quick-timer"))
}

fn bells(file: &Path) -> usize {
    std::fs::read(file)
        .unwrap_or_default()
        .iter()
        .filter(|&&b| b == 0x07)
        .count()
}

#[test]
fn a_phase_ends_rings_overruns_moves_on_and_pauses() {
    let bin = release_binary();
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("output.bin");
    let env = [("CONVENE_HOME", home.path())];
    let tmux = Tmux::new("timer");
    tmux.start("app", 80, 24, &env, &bin, &["run", pack().to_str().unwrap()]);
    tmux.pipe_output("app", &out);
    tmux.wait_for("app", 10 * SECOND, "the activity page", |s| {
        s.contains("Ready: t starts the timer")
    });
    assert_eq!(bells(&out), 0);

    tmux.keys("app", &["t"]);
    tmux.wait_for("app", SECOND, "the countdown", |s| {
        s.contains("left") && s.contains("phase 1 of 2")
    });
    let screen = tmux.wait_for("app", 5 * SECOND, "time to be up", |s| s.contains("TIME IS UP"));
    assert!(footer(&screen).contains("time up +"), "{screen}");
    tmux.wait_for("app", 3 * SECOND, "the overrun counting up", |s| {
        s.contains("TIME IS UP · 0:01 over") || s.contains("TIME IS UP · 0:02 over")
    });
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(bells(&out), 1, "one bell when the phase ended");
    assert!(
        tmux.screen("app").contains("phase 1 of 2"),
        "nothing moved on by itself"
    );

    // ] moves to the next phase, which runs on; t pauses it.
    tmux.keys("app", &["]"]);
    tmux.wait_for("app", SECOND, "the second phase", |s| {
        s.contains("phase 2 of 2") && s.contains("left")
    });
    tmux.keys("app", &["t"]);
    let paused = tmux.wait_for("app", SECOND, "paused", |s| s.contains("PAUSED"));
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(
        tmux.screen("app").lines().find(|l| l.contains("PAUSED")),
        paused.lines().find(|l| l.contains("PAUSED")),
        "a paused timer stands still"
    );

    // The next item auto-advances: Alpha flows into Omega, which overruns and rings again.
    // Past the warm-up's board to the next item.
    tmux.keys("app", &["PageDown", "PageDown"]);
    tmux.wait_for("app", SECOND, "Rush", |s| s.contains("Rush · phase 1 of 2"));
    tmux.keys("app", &["t"]);
    tmux.wait_for("app", SECOND, "Alpha running", |s| {
        s.contains("Rush · phase 1 of 2")
    });
    tmux.wait_for("app", 5 * SECOND, "Omega by itself", |s| {
        s.contains("Rush · phase 2 of 2")
    });
    tmux.wait_for("app", 5 * SECOND, "Omega overrunning", |s| {
        s.contains("TIME IS UP")
    });
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        bells(&out),
        2,
        "the last phase rang; auto-advance itself does not"
    );
}

#[test]
fn no_bell_keeps_quiet() {
    let bin = release_binary();
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("output.bin");
    let env = [("CONVENE_HOME", home.path())];
    let tmux = Tmux::new("nobell");
    tmux.start(
        "app",
        80,
        24,
        &env,
        &bin,
        &["--no-bell", "run", pack().to_str().unwrap()],
    );
    tmux.pipe_output("app", &out);
    tmux.wait_for("app", 10 * SECOND, "the activity page", |s| s.contains("Ready"));
    tmux.keys("app", &["t"]);
    tmux.wait_for("app", 6 * SECOND, "time to be up", |s| s.contains("TIME IS UP"));
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(bells(&out), 0);
}

#[test]
fn a_running_timer_keeps_counting_across_a_crash() {
    let bin = release_binary();
    let home = tempfile::tempdir().unwrap();
    let env = [("CONVENE_HOME", home.path())];
    let tmux = Tmux::new("crash");
    tmux.start("app", 80, 24, &env, &bin, &["run", pack().to_str().unwrap()]);
    tmux.wait_for("app", 10 * SECOND, "the activity page", |s| s.contains("Ready"));
    tmux.keys("app", &["]", "t"]);
    tmux.wait_for("app", SECOND, "the second phase running", |s| {
        s.contains("phase 2 of 2") && s.contains("left")
    });
    let pid = tmux.pid("app");
    std::process::Command::new("kill")
        .args(["-9", &pid.to_string()])
        .status()
        .unwrap();
    std::thread::sleep(Duration::from_millis(7000));
    tmux.start("again", 80, 24, &env, &bin, &["resume"]);
    // Six seconds had passed while it was dead: the phase is over on arrival.
    tmux.wait_for("again", 3 * SECOND, "the time that really passed", |s| {
        s.contains("phase 2 of 2") && s.contains("TIME IS UP")
    });
}
