//! Driving the binary cargo built for the tests in a real terminal: tmux runs it, send-keys
//! types, and capture-pane reads the screen. Nothing here reads the screen after a fixed
//! pause: every check waits until the screen shows what it should, up to `WAIT`.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// How long any wait for the screen may take before the test fails. Generous, for a busy
/// machine: every wait ends as soon as the screen is right.
pub const WAIT: Duration = Duration::from_secs(30);

/// The binary cargo built for these tests.
pub fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_convene"))
}

/// The tests' own small workshop (tests/fixtures/small-pack), so editing the built-in
/// workshop's content never breaks them.
pub fn small_pack() -> &'static str {
    concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/small-pack")
}

/// The pack whose phases last seconds (tests/fixtures/quick-timer).
pub fn quick_timer() -> &'static str {
    concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/quick-timer")
}

/// One tmux server of our own (its own socket), killed when dropped.
pub struct Tmux {
    socket: String,
}

impl Tmux {
    pub fn new(name: &str) -> Tmux {
        let socket = format!("convene-test-{}-{name}", std::process::id());
        let tmux = Tmux { socket };
        // A session that lives as long as the server: without it, killing the only window
        // ends the server, and a window started at that moment meets a server on its way
        // out ("server exited unexpectedly").
        let status = tmux
            .tmux()
            .args(["new-session", "-d", "-s", "keeper", "sleep 86400"])
            .status()
            .expect("tmux runs");
        assert!(status.success(), "tmux started its keeper session");
        tmux
    }

    fn tmux(&self) -> Command {
        let mut cmd = Command::new("tmux");
        cmd.args(["-L", &self.socket]);
        cmd
    }

    /// Starts `program args` in a new window of `cols`×`rows`, with `env` set. The program
    /// is exec'd so the pane's process is the program itself (for kill -9). A `run` without
    /// `--start` gets `--start now`, so what the screen shows never depends on the time of
    /// day the tests run at (a start far from the pack's plan would move it, and say so).
    pub fn start(
        &self,
        window: &str,
        cols: u16,
        rows: u16,
        env: &[(&str, &Path)],
        program: &Path,
        args: &[&str],
    ) {
        self.start_as_is(window, cols, rows, env, program, &with_start(args));
    }

    /// `start`, with the arguments exactly as given.
    pub fn start_as_is(
        &self,
        window: &str,
        cols: u16,
        rows: u16,
        env: &[(&str, &Path)],
        program: &Path,
        args: &[&str],
    ) {
        let mut line = String::from("exec env TERM=xterm-256color");
        for (k, v) in env {
            line.push_str(&format!(" {k}='{}'", v.display()));
        }
        line.push_str(&format!(" '{}'", program.display()));
        for a in args {
            line.push_str(&format!(" '{a}'"));
        }
        // Keep the pane after the program exits, so its last words can be read: the option
        // is set on a placeholder pane before the program starts in it, since a program that
        // exits at once (a refusal) would otherwise take its window with it first.
        let status = self
            .tmux()
            .args([
                "new-session",
                "-d",
                "-s",
                window,
                "-x",
                &cols.to_string(),
                "-y",
                &rows.to_string(),
                "sleep 600",
                ";",
                "set-option",
                "-t",
                window,
                "remain-on-exit",
                "on",
                ";",
                "respawn-pane",
                "-k",
                "-t",
                window,
            ])
            .arg(line)
            .status()
            .expect("tmux runs");
        assert!(status.success(), "tmux started {window}");
    }

    /// Sends keys, each as tmux names it ("PageDown", "M-2", "q"), with no pause between:
    /// the caller waits for their visible effect. A bare Escape followed at once by another
    /// key reads as Alt+key, so Escape may only come last.
    pub fn keys(&self, window: &str, keys: &[&str]) {
        if let Some(i) = keys.iter().position(|k| *k == "Escape") {
            assert_eq!(
                i + 1,
                keys.len(),
                "Escape must be the last key sent before a wait"
            );
        }
        for key in keys {
            self.send(window, &[key]);
        }
    }

    /// Types `text` literally (no key names).
    pub fn type_text(&self, window: &str, text: &str) {
        self.send(window, &["-l", text]);
    }

    fn send(&self, window: &str, args: &[&str]) {
        let status = self
            .tmux()
            .args(["send-keys", "-t", window])
            .args(args)
            .status()
            .expect("tmux runs");
        assert!(status.success(), "tmux send-keys {args:?}");
    }

    /// Sends keys, then waits up to `WAIT` for their visible effect.
    pub fn press(&self, window: &str, keys: &[&str], what: &str, ok: impl Fn(&str) -> bool) -> String {
        self.keys(window, keys);
        self.wait_for(window, WAIT, what, ok)
    }

    /// Waits until the app has handled every key sent so far: F1 opens the help (keys are
    /// handled in order, so everything before it is done once it shows) and F1 closes it.
    /// For keys whose effect cannot be told from the screen (a reveal that adds a line
    /// somewhere, a move on a page that looks the same). F1 is help on every screen, the
    /// board and the capture line too (where `?` is typed); not on a blank screen.
    pub fn settle(&self, window: &str) {
        self.press(window, &["F1"], "the help (all keys before it handled)", |s| {
            s.contains("any key closes")
        });
        self.press(window, &["F1"], "the help closed", |s| {
            !s.contains("any key closes")
        });
    }

    /// Waits up to `WAIT` for the screen to satisfy `ok`.
    pub fn wait(&self, window: &str, what: &str, ok: impl Fn(&str) -> bool) -> String {
        self.wait_for(window, WAIT, what, ok)
    }

    /// Resizes the window (and so the program's terminal).
    pub fn resize(&self, window: &str, cols: u16, rows: u16) {
        let status = self
            .tmux()
            .args([
                "resize-window",
                "-t",
                window,
                "-x",
                &cols.to_string(),
                "-y",
                &rows.to_string(),
            ])
            .status()
            .expect("tmux runs");
        assert!(status.success(), "tmux resized {window}");
    }

    /// Runs any other tmux command on this server.
    pub fn command(&self, args: &[&str]) {
        let status = self.tmux().args(args).status().expect("tmux runs");
        assert!(status.success(), "tmux {args:?}");
    }

    pub fn screen(&self, window: &str) -> String {
        let out = self
            .tmux()
            .args(["capture-pane", "-p", "-t", window])
            .output()
            .expect("tmux runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits until the screen satisfies `ok`, or fails with the screen. A frame is read
    /// twice: tmux may be shown a frame half written (a big redraw reaches it in pieces), and
    /// half a frame can satisfy `ok` while missing what the test reads next.
    pub fn wait_for(&self, window: &str, within: Duration, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen(window);
            if ok(&screen) && self.screen(window) == screen {
                return screen;
            }
            if start.elapsed() > within {
                panic!("waited {within:?} for {what}; the screen was:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// The process id of the program in a window.
    pub fn pid(&self, window: &str) -> u32 {
        let out = self
            .tmux()
            .args(["list-panes", "-t", window, "-F", "#{pane_pid}"])
            .output()
            .expect("tmux runs");
        String::from_utf8_lossy(&out.stdout)
            .trim()
            .parse()
            .expect("a pid")
    }

    /// `kill -9` the program in a window, and wait until it is gone.
    pub fn kill9(&self, window: &str) {
        let pid = self.pid(window);
        let status = Command::new("kill")
            .args(["-9", &pid.to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success(), "kill -9 {pid}");
        self.wait_for(window, WAIT, "the app to die", |_| self.pane_dead(window));
    }

    pub fn pane_dead(&self, window: &str) -> bool {
        let out = self
            .tmux()
            .args(["list-panes", "-t", window, "-F", "#{pane_dead}"])
            .output()
            .expect("tmux runs");
        String::from_utf8_lossy(&out.stdout).trim() == "1"
    }

    /// Copies everything the program writes to the terminal into `file`, raw bytes and all.
    pub fn pipe_output(&self, window: &str, file: &Path) {
        let status = self
            .tmux()
            .args(["pipe-pane", "-o", "-t", window])
            .arg(format!("cat >> '{}'", file.display()))
            .status()
            .expect("tmux runs");
        assert!(status.success());
    }

    pub fn kill_window(&self, window: &str) {
        let _ = self.tmux().args(["kill-session", "-t", window]).status();
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.tmux().arg("kill-server").status();
    }
}

/// The footer line (the last non-empty line) of a screen.
/// The footer's two rows as one line of words: a long status message wraps onto a second
/// row before it is cut.
pub fn status(screen: &str) -> String {
    let rows: Vec<&str> = screen.lines().filter(|l| !l.trim().is_empty()).collect();
    rows[rows.len().saturating_sub(2)..]
        .iter()
        .map(|l| l.trim())
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn footer(screen: &str) -> String {
    screen
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .to_string()
}

/// Where the footer says the app is, "2/5 Gather ideas · 3/3", without the reveal marker,
/// the timer and the clock.
pub fn position(screen: &str) -> String {
    footer(screen)
        .trim()
        .split(" · ")
        .take(2)
        .collect::<Vec<_>>()
        .join(" · ")
        .replace(" ▸more", "")
}

/// Waits up to `WAIT` for something off screen (a file, the journal) to become true.
pub fn wait_until(what: &str, ok: impl Fn() -> bool) {
    let start = Instant::now();
    while !ok() {
        assert!(start.elapsed() < WAIT, "waited {WAIT:?} for {what}");
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// `args` with `--start now` added to a `run` that names no start.
pub fn with_start<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut args = args.to_vec();
    if args.contains(&"run") && !args.contains(&"--start") {
        args.extend(["--start", "now"]);
    }
    args
}

/// The terminal's bells in what the program wrote.
pub fn bells(file: &Path) -> usize {
    std::fs::read(file)
        .unwrap_or_default()
        .iter()
        .filter(|&&b| b == 0x07)
        .count()
}

/// Everything the program wrote until now has reached `file`: the help is opened (after
/// everything already written) and its words are waited for in the file, then it is closed.
pub fn flushed(tmux: &Tmux, window: &str, file: &Path) {
    tmux.press(window, &["?"], "the help", |s| s.contains("any key closes"));
    let start = std::time::Instant::now();
    while !String::from_utf8_lossy(&std::fs::read(file).unwrap_or_default()).contains("any key closes") {
        assert!(
            start.elapsed() < WAIT,
            "the help never reached {}",
            file.display()
        );
        std::thread::sleep(Duration::from_millis(25));
    }
    tmux.press(window, &["?"], "the help closed", |s| {
        !s.contains("any key closes")
    });
}
