//! A signal ends the app as a quit does, in a real terminal (tmux) on the tests' small pack:
//! SIGTERM, SIGHUP and SIGQUIT each put the terminal back (the normal screen, out of raw
//! mode) and write the outcomes; a window that closes under the app still gets them written;
//! the room's follow view puts its terminal back too.

mod common;

use std::path::{Path, PathBuf};

use common::{Tmux, binary, footer, small_pack, wait_until};

/// The note typed before the signal, looked for in the outcomes.
const NOTE: &str = "Swap withdrawn books between branches";

/// Runs `convene args` from a shell in `window`, so what the shell sees after it exits can
/// be read: whether the terminal is still raw, and the screen. The app's pid goes to
/// `work/pid`, its exit code to `work/status` (written by a shell between the two that
/// outlives a closing window: it waits out SIGHUP, which its child gets as usual).
fn start(tmux: &Tmux, window: &str, work: &Path, home: &Path, args: &[&str]) {
    let args: String = common::with_start(args)
        .iter()
        .map(|a| format!(" '{a}'"))
        .collect();
    let script = |name: &str, text: String| {
        let file = work.join(name);
        std::fs::write(&file, text).unwrap();
        file
    };
    let middle = script(
        "middle.sh",
        format!(
            "trap : HUP\n\
             sh -c 'echo $$ > \"$1\"; shift; exec \"$@\"' - '{work}/pid' \
             env TERM=xterm-256color CONVENE_HOME='{home}' '{bin}'{args}\n\
             echo $? > '{work}/status'\n",
            work = work.display(),
            home = home.display(),
            bin = binary().display(),
        ),
    );
    let outer = script(
        "run.sh",
        format!(
            "sh '{middle}'\n\
             echo \"convene exited $(cat '{work}/status')\"\n\
             if stty -a | grep -q -- -icanon; then echo 'the terminal is still raw'; \
             else echo 'the terminal is cooked again'; fi\n\
             exec sleep 86400\n",
            middle = middle.display(),
            work = work.display(),
        ),
    );
    tmux.command(&[
        "new-session",
        "-d",
        "-s",
        window,
        "-x",
        "80",
        "-y",
        "24",
        &format!("sh '{}'", outer.display()),
    ]);
}

/// Opens the "Gather ideas" board and adds one note, waiting until the board shows it.
fn add_a_note(tmux: &Tmux) {
    tmux.wait("app", "the first slide", |s| footer(s).contains("1/5 Welcome"));
    tmux.press("app", &["g"], "the programme", |s| s.contains("Programme"));
    tmux.press("app", &["Down", "Enter"], "item 2", |s| {
        footer(s).contains("2/5 Gather ideas · 1/3")
    });
    tmux.press("app", &["PageDown", "PageDown"], "the board", |s| {
        footer(s).contains("2/5 Gather ideas · 3/3") && s.contains("Books and reading (0)")
    });
    tmux.press("app", &["C-a"], "the capture line", |s| s.contains("New note"));
    tmux.type_text("app", NOTE);
    tmux.press("app", &["Enter"], "the note on the board", |s| {
        s.contains("Books and reading (1)")
    });
}

fn pid_of_app(work: &Path) -> String {
    let pid = std::fs::read_to_string(work.join("pid")).expect("the app's pid written");
    pid.trim().to_string()
}

fn send(signal: &str, pid: &str) {
    let status = std::process::Command::new("kill")
        .args(["-s", signal, pid])
        .status()
        .expect("kill runs");
    assert!(status.success(), "kill -s {signal} {pid}");
}

/// Whether tmux shows the pane's alternate screen, read through a file (tmux expands the
/// format in run-shell's command).
fn alternate_on(tmux: &Tmux, window: &str, work: &Path) -> String {
    let file = work.join("alternate");
    tmux.command(&[
        "run-shell",
        "-t",
        window,
        &format!("printf %s '#{{alternate_on}}' > '{}'", file.display()),
    ]);
    std::fs::read_to_string(file).unwrap()
}

fn session_dir(home: &Path) -> PathBuf {
    let mut dirs: Vec<_> = std::fs::read_dir(home.join("sessions"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(dirs.len(), 1, "one session");
    dirs.pop().unwrap()
}

/// The outcomes written into the session folder, once they hold the note.
fn outcomes_with_the_note(home: &Path) -> serde_json::Value {
    let file = session_dir(home).join("outcomes.json");
    let text =
        std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{} not written: {e}", file.display()));
    assert!(text.contains(NOTE), "the note in the outcomes:\n{text}");
    serde_json::from_str(&text).expect("the outcomes are whole JSON")
}

/// After a signal: the shell shows the app's exit code, the terminal is out of raw mode and
/// back on the normal screen. Returns that screen.
fn terminal_back(tmux: &Tmux, window: &str, work: &Path, signal: &str, code: i32) -> String {
    let screen = tmux.wait(window, "the shell after the app", |s| {
        s.contains("convene exited") && s.contains("the terminal is")
    });
    assert!(
        screen.contains(&format!("convene exited {code}")),
        "exit code {code} after SIG{signal}:\n{screen}"
    );
    assert!(
        screen.contains("the terminal is cooked again"),
        "raw mode left on:\n{screen}"
    );
    assert_eq!(
        alternate_on(tmux, window, work),
        "0",
        "still on the alternate screen:\n{screen}"
    );
    screen
}

/// Sends `signal` to the app with a note on the board, then checks the terminal is back and
/// the outcomes hold the note.
fn ends_like_a_quit(name: &str, signal: &str, code: i32) {
    let tmux = Tmux::new(name);
    let work = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    start(&tmux, "app", work.path(), home.path(), &["run", small_pack()]);
    add_a_note(&tmux);

    send(signal, &pid_of_app(work.path()));
    let screen = terminal_back(&tmux, "app", work.path(), signal, code);
    // The normal screen, with what the app said on its way out.
    assert!(
        screen.contains("Wrote ") && screen.contains("To go on:") && screen.contains("convene resume"),
        "{screen}"
    );
    assert!(
        !screen.contains("Books and reading"),
        "the board still shows:\n{screen}"
    );
    outcomes_with_the_note(home.path());
}

#[test]
fn sigterm_restores_the_terminal_and_writes_the_outcomes() {
    ends_like_a_quit("term", "TERM", 143);
}

#[test]
fn sighup_restores_the_terminal_and_writes_the_outcomes() {
    ends_like_a_quit("hup", "HUP", 129);
}

#[test]
fn sigquit_restores_the_terminal_and_writes_the_outcomes() {
    ends_like_a_quit("quit", "QUIT", 131);
}

/// The window itself closes: the terminal is gone (writing to it fails) and the app gets
/// SIGHUP. It still writes the outcomes, and ends.
#[test]
fn closing_the_window_still_writes_the_outcomes() {
    let tmux = Tmux::new("close");
    let work = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    start(&tmux, "app", work.path(), home.path(), &["run", small_pack()]);
    add_a_note(&tmux);

    tmux.kill_window("app");
    let status = work.path().join("status");
    wait_until("the app to end", || {
        std::fs::read_to_string(&status).is_ok_and(|s| s.ends_with('\n'))
    });
    // It ended as a SIGHUP asks (not on a failed print to the gone terminal), and wrote the
    // outcomes before it did.
    assert_eq!(std::fs::read_to_string(&status).unwrap().trim(), "129");
    outcomes_with_the_note(home.path());
}

/// The room's read-only view puts its terminal back after a signal too.
#[test]
fn sigterm_restores_the_follow_view() {
    let tmux = Tmux::new("follow");
    let work = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let env = [("CONVENE_HOME", home.path())];
    tmux.start("app", 80, 24, &env, &binary(), &["run", small_pack()]);
    tmux.wait("app", "the first slide", |s| footer(s).contains("1/5 Welcome"));
    start(&tmux, "room", work.path(), home.path(), &["follow"]);
    tmux.wait("room", "the room view", |s| {
        footer(s).contains("1/5 Welcome · 1/3")
    });

    send("TERM", &pid_of_app(work.path()));
    let screen = terminal_back(&tmux, "room", work.path(), "TERM", 143);
    assert!(
        !screen.contains("1/5 Welcome"),
        "the slide still shows:\n{screen}"
    );
}
