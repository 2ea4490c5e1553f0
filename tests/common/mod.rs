//! Driving the release binary in a real terminal: tmux runs it, send-keys types, and
//! capture-pane reads the screen.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The release binary, built once per test run if it is missing or older than the sources.
pub fn release_binary() -> PathBuf {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT
        .get_or_init(|| {
            let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
            let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
            let status = Command::new(cargo)
                .args(["build", "--release", "--bin", "convene", "--quiet"])
                .current_dir(manifest)
                .status()
                .expect("cargo runs");
            assert!(status.success(), "the release build works");
            let target = std::env::var_os("CARGO_TARGET_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| manifest.join("target"));
            target.join("release").join("convene")
        })
        .clone()
}

/// One tmux server of our own (its own socket), killed when dropped.
pub struct Tmux {
    socket: String,
}

impl Tmux {
    pub fn new(name: &str) -> Tmux {
        let socket = format!("convene-test-{}-{name}", std::process::id());
        Tmux { socket }
    }

    fn tmux(&self) -> Command {
        let mut cmd = Command::new("tmux");
        cmd.args(["-L", &self.socket]);
        cmd
    }

    /// Starts `program args` in a new window of `cols`×`rows`, with `env` set. The program
    /// is exec'd so the pane's process is the program itself (for kill -9).
    pub fn start(
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
        // Keep the pane after the program exits, so its last words can be read.
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
            ])
            .arg(format!("{line}; sleep 30"))
            .status()
            .expect("tmux runs");
        assert!(status.success(), "tmux started {window}");
        // The exec above replaces the shell, so "sleep 30" never runs; remain-on-exit keeps
        // the pane (and what the program printed) after it exits.
        let _ = self
            .tmux()
            .args(["set-option", "-t", window, "remain-on-exit", "on"])
            .status();
    }

    pub fn keys(&self, window: &str, keys: &[&str]) {
        for key in keys {
            let status = self
                .tmux()
                .args(["send-keys", "-t", window, key])
                .status()
                .expect("tmux runs");
            assert!(status.success());
            std::thread::sleep(Duration::from_millis(60));
        }
    }

    pub fn screen(&self, window: &str) -> String {
        let out = self
            .tmux()
            .args(["capture-pane", "-p", "-t", window])
            .output()
            .expect("tmux runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits until the screen satisfies `ok`, or fails with the screen.
    pub fn wait_for(&self, window: &str, within: Duration, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen(window);
            if ok(&screen) {
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
pub fn footer(screen: &str) -> String {
    screen
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .to_string()
}
