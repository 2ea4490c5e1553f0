//! The activity timer in a real terminal, on a pack whose phases last seconds: the phase
//! ends, overrun counts up, the bell rings (BEL reaches the terminal), `]` moves on, `t`
//! pauses, auto-advance moves on by itself, and `--no-bell` keeps quiet where the bell
//! would ring.

mod common;

use std::time::Duration;

use common::{Tmux, bells, binary, flushed, footer, quick_timer};

/// Seconds of overrun on the screen ("TIME IS UP · 0:02 over"), if any.
fn overrun(screen: &str) -> Option<u32> {
    let (_, after) = screen.split_once("TIME IS UP · ")?;
    let (clock, _) = after.split_once(" over")?;
    let (m, s) = clock.trim().split_once(':')?;
    Some(m.parse::<u32>().ok()? * 60 + s.parse::<u32>().ok()?)
}

#[test]
fn a_phase_ends_rings_overruns_moves_on_and_pauses() {
    let bin = binary();
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("output.bin");
    let env = [("CONVENE_HOME", home.path())];
    let tmux = Tmux::new("timer");
    tmux.start("app", 80, 24, &env, &bin, &["run", quick_timer()]);
    tmux.pipe_output("app", &out);
    tmux.wait("app", "the activity page", |s| {
        s.contains("Ready: t starts the timer")
    });

    tmux.press("app", &["t"], "the countdown", |s| {
        s.contains("left") && s.contains("phase 1 of 2")
    });
    let screen = tmux.wait("app", "time to be up", |s| s.contains("TIME IS UP"));
    assert!(footer(&screen).contains("time up +"), "{screen}");
    let first = tmux.wait("app", "the overrun", |s| overrun(s).is_some_and(|o| o >= 1));
    let first = overrun(&first).unwrap();
    tmux.wait("app", "the overrun counting up", |s| {
        overrun(s).is_some_and(|o| o > first)
    });
    flushed(&tmux, "app", &out);
    assert_eq!(bells(&out), 1, "one bell when the phase ended");
    assert!(
        tmux.screen("app").contains("phase 1 of 2"),
        "nothing moved on by itself"
    );

    // ] moves to the next phase, which runs on; t pauses it.
    tmux.press("app", &["]"], "the second phase", |s| {
        s.contains("phase 2 of 2") && s.contains("left")
    });
    let paused = tmux.press("app", &["t"], "paused", |s| s.contains("PAUSED"));
    let paused_line = |s: &str| s.lines().find(|l| l.contains("PAUSED")).map(str::to_string);
    // Let time pass (what is measured), then make the app draw again before looking.
    std::thread::sleep(Duration::from_millis(2000));
    tmux.settle("app");
    let later = tmux.wait("app", "the paused timer drawn again", |s| s.contains("PAUSED"));
    assert_eq!(
        paused_line(&later),
        paused_line(&paused),
        "a paused timer stands still"
    );

    // The next item auto-advances: Alpha flows into Omega, which overruns and rings again.
    // Past the warm-up's board to the next item.
    tmux.press("app", &["PageDown"], "the warm-up's board", |s| {
        s.contains("Notes (0)")
    });
    tmux.press("app", &["PageDown"], "Rush", |s| {
        s.contains("Rush · phase 1 of 2")
    });
    tmux.press("app", &["t"], "Alpha running", |s| {
        s.contains("Rush · phase 1 of 2") && s.contains("left")
    });
    tmux.wait("app", "Omega by itself", |s| s.contains("Rush · phase 2 of 2"));
    tmux.wait("app", "Omega overrunning", |s| s.contains("TIME IS UP"));
    flushed(&tmux, "app", &out);
    assert_eq!(
        bells(&out),
        2,
        "the last phase rang; auto-advance itself does not"
    );
}

/// Starts the quick-timer pack with `args`, runs its first phase out, and counts the bells
/// the terminal got.
fn bells_when_time_is_up(name: &str, args: &[&str]) -> usize {
    let bin = binary();
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("output.bin");
    let env = [("CONVENE_HOME", home.path())];
    let tmux = Tmux::new(name);
    let mut args = args.to_vec();
    args.extend(["run", quick_timer()]);
    tmux.start("app", 80, 24, &env, &bin, &args);
    tmux.pipe_output("app", &out);
    tmux.wait("app", "the activity page", |s| s.contains("Ready"));
    tmux.press("app", &["t"], "the countdown", |s| s.contains("left"));
    tmux.wait("app", "time to be up", |s| s.contains("TIME IS UP"));
    flushed(&tmux, "app", &out);
    bells(&out)
}

#[test]
fn no_bell_keeps_quiet_where_the_bell_rings() {
    assert_eq!(
        bells_when_time_is_up("bell", &[]),
        1,
        "the same steps ring the bell"
    );
    assert_eq!(
        bells_when_time_is_up("nobell", &["--no-bell"]),
        0,
        "--no-bell keeps quiet"
    );
}

#[test]
fn a_running_timer_keeps_counting_across_a_crash() {
    let bin = binary();
    let home = tempfile::tempdir().unwrap();
    let env = [("CONVENE_HOME", home.path())];
    let tmux = Tmux::new("crash");
    tmux.start("app", 80, 24, &env, &bin, &["run", quick_timer()]);
    tmux.wait("app", "the activity page", |s| s.contains("Ready"));
    tmux.press("app", &["]"], "the second phase", |s| s.contains("phase 2 of 2"));
    tmux.press("app", &["t"], "the second phase running", |s| {
        s.contains("phase 2 of 2") && s.contains("left")
    });
    tmux.kill9("app");
    // The phase has six seconds; the app stays dead for seven (the time being measured).
    std::thread::sleep(Duration::from_millis(7000));
    tmux.start("again", 80, 24, &env, &bin, &["resume"]);
    // The first timer the resumed app draws already shows the time that passed while it was
    // dead: the phase is over on arrival, not counting down from where it was.
    let screen = tmux.wait("again", "the timer after resume", |s| {
        s.contains("phase 2 of 2") && (s.contains("left") || s.contains("TIME IS UP"))
    });
    assert!(screen.contains("TIME IS UP"), "{screen}");
}
