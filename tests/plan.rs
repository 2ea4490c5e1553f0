//! The plan follows the real day, in a real terminal: a timer left running on another item
//! shows in the footer and rings when its phase ends; a start far from the planned one
//! moves the plan, and says so.

mod common;

use std::path::Path;

use common::{Tmux, bells, binary, flushed, footer, small_pack, status};

/// Presses PageDown until the footer names programme item `n` (of 5).
fn to_item(tmux: &Tmux, n: usize) {
    let want = format!(" {n}/5 ");
    for _ in 0..10 {
        if footer(&tmux.screen("app")).starts_with(&want) {
            return;
        }
        tmux.keys("app", &["PageDown"]);
        tmux.settle("app");
    }
    panic!("never reached item {n}: {}", tmux.screen("app"));
}

#[test]
fn a_timer_left_running_shows_in_the_footer_and_rings_where_you_are() {
    let bin = binary();
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("output.bin");
    let env = [("CONVENE_HOME", home.path())];
    let tmux = Tmux::new("plan-timer");
    // Thirty times faster: Gather ideas' five-minute Think phase lasts ten seconds.
    tmux.start(
        "app",
        100,
        24,
        &env,
        &bin,
        &["--speed", "30", "run", small_pack(), "--start", "now"],
    );
    tmux.pipe_output("app", &out);
    tmux.wait("app", "the first slide", |s| footer(s).starts_with(" 1/5 "));
    to_item(&tmux, 2);
    tmux.press("app", &["t"], "the timer running", |s| {
        footer(s).contains(" left")
    });
    // Back to the welcome: the timer runs on, and the footer says whose it is.
    let screen = tmux.press("app", &["PageUp"], "the timer in the welcome's footer", |s| {
        let f = footer(s);
        f.starts_with(" 1/5 ") && f.contains("timer: Gather ideas, Think") && f.contains(" left")
    });
    flushed(&tmux, "app", &out);
    assert_eq!(
        bells(&out),
        0,
        "no bell before the phase ends: {}",
        footer(&screen)
    );
    let screen = tmux.wait("app", "time up in the welcome's footer", |s| {
        let f = footer(s);
        f.starts_with(" 1/5 ") && f.contains("timer: Gather ideas, Think time up +")
    });
    flushed(&tmux, "app", &out);
    assert_eq!(
        bells(&out),
        1,
        "the bell rang on the welcome: {}",
        footer(&screen)
    );
    // Going back to the activity does not ring again.
    tmux.press("app", &["PageDown"], "the activity again, its time up", |s| {
        let f = footer(s);
        f.starts_with(" 2/5 ") && f.contains("time up +")
    });
    flushed(&tmux, "app", &out);
    assert_eq!(bells(&out), 1, "one bell for one phase's end");
}

/// A copy of the small pack whose planned start is six hours from now, so that starting it
/// now is far from plan whatever the time of day.
fn far_pack(dir: &Path) -> String {
    let pack = dir.join("pack");
    std::fs::create_dir_all(&pack).unwrap();
    for entry in std::fs::read_dir(small_pack()).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), pack.join(entry.file_name())).unwrap();
    }
    let planned = (chrono::Local::now() + chrono::TimeDelta::hours(6))
        .format("%H:%M")
        .to_string();
    let toml = std::fs::read_to_string(pack.join("workshop.toml")).unwrap();
    std::fs::write(
        pack.join("workshop.toml"),
        toml.replace("start = \"10:00\"", &format!("start = \"{planned}\"")),
    )
    .unwrap();
    planned
}

#[test]
fn a_start_far_from_plan_moves_the_plan_unless_start_is_given() {
    let bin = binary();
    let home = tempfile::tempdir().unwrap();
    let planned = far_pack(home.path());
    let pack = home.path().join("pack");
    let pack = pack.to_str().unwrap();
    let env = [("CONVENE_HOME", home.path())];
    let tmux = Tmux::new("plan-moved");
    tmux.start_as_is("app", 100, 24, &env, &bin, &["run", pack]);
    let screen = tmux.wait("app", "the plan moved", |s| {
        status(s).contains(&format!("not {planned}: the plan now runs"))
    });
    assert!(
        status(&screen).contains(&format!("Keep {planned} with --start {planned}")),
        "{}",
        status(&screen)
    );
    // Any key clears the line: the workshop is on time from the first slide.
    tmux.press("app", &["?"], "the help", |s| s.contains("any key closes"));
    tmux.press("app", &["?"], "the footer", |s| footer(s).contains("on time"));
    tmux.kill_window("app");

    // Kept with --start: hours away from the plan, and said so.
    tmux.start("kept", 100, 24, &env, &bin, &["run", pack, "--start", &planned]);
    tmux.wait("kept", "the plan kept", |s| {
        let f = footer(s);
        f.contains("min ahead") || f.contains("min behind")
    });
}
