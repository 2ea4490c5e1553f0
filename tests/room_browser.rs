//! A real browser on the room's page: Debian's Chromium, headless, driven by
//! `tests/browser/phone.mjs` (playwright-core, pinned in tests/browser/package-lock.json) opens
//! the page on 127.0.0.1, writes a note in a column and sector it chooses, and, once the
//! facilitator opens the vote, presses + on it. The note and the vote must then be in the
//! journal, from the same phone. The facilitator's side is the tests' harness (session, room
//! server, and an app thread deciding through `room_link`): the page, the server and the
//! session together; the terminal's own wiring is tested through tmux elsewhere.
//!
//! Needs `node`, `/usr/bin/chromium` (or `CONVENE_CHROMIUM`) and
//! `npm ci --prefix tests/browser`; `.ci/run` installs them. Without them the test says it is
//! skipped and passes, except under CI (`CI` set), where it fails.

mod room_harness;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use convene::room_server::Limits;
use convene::session::{EventKind, journal};
use room_harness::Room;

const TEXT: &str = "Ward trolley books, from a phone";
/// The whole browser run; phone.mjs keeps to 90 s itself.
const BROWSER_PATIENCE: Duration = Duration::from_secs(120);

fn browser_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser")
}

fn chromium() -> PathBuf {
    std::env::var_os("CONVENE_CHROMIUM").map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from)
}

/// What is missing to run a browser, if anything.
fn missing() -> Vec<String> {
    let mut missing = Vec::new();
    let node = Command::new("node")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    if !node.is_ok_and(|s| s.success()) {
        missing.push("node (apt-get install nodejs npm)".to_string());
    }
    if !chromium().is_file() {
        missing.push(format!("{} (apt-get install chromium)", chromium().display()));
    }
    if !browser_dir()
        .join("node_modules/playwright-core/package.json")
        .is_file()
    {
        missing.push("playwright-core (npm ci --prefix tests/browser)".to_string());
    }
    missing
}

/// The browser's node process; stopped (and the browser with it) if the test fails.
struct Phone {
    child: Child,
    out: Option<thread::JoinHandle<String>>,
    err: Option<thread::JoinHandle<String>>,
}

impl Phone {
    fn start(url: &str) -> Phone {
        let mut child = Command::new("node")
            .arg(browser_dir().join("phone.mjs"))
            .arg(url)
            .args([
                "--column",
                "skills",
                "--sector",
                "public-library",
                "--text",
                TEXT,
                "--vote",
            ])
            .env("CONVENE_CHROMIUM", chromium())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("node starts");
        let drain = |mut from: Box<dyn Read + Send>| {
            thread::spawn(move || {
                let mut text = String::new();
                let _ = from.read_to_string(&mut text);
                text
            })
        };
        let out = drain(Box::new(child.stdout.take().unwrap()));
        let err = drain(Box::new(child.stderr.take().unwrap()));
        Phone {
            child,
            out: Some(out),
            err: Some(err),
        }
    }

    fn running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    /// Wait for the script to end (bounded): its JSON result, or a failure with all it said.
    fn result(mut self) -> serde_json::Value {
        let until = Instant::now() + BROWSER_PATIENCE;
        while self.running() {
            assert!(
                Instant::now() < until,
                "the browser did not finish within {BROWSER_PATIENCE:?}"
            );
            thread::sleep(Duration::from_millis(50));
        }
        let status = self.child.wait().unwrap();
        let (out, err) = self.output();
        let last = out.lines().last().unwrap_or_default();
        let result: serde_json::Value = serde_json::from_str(last)
            .unwrap_or_else(|e| panic!("phone.mjs printed no result ({e}), {status}:\n{out}\n{err}"));
        assert!(
            status.success() && result["ok"] == true,
            "the browser failed ({status}): {result:#}\n{err}"
        );
        result
    }

    fn output(&mut self) -> (String, String) {
        let out = self.out.take().map(|t| t.join().unwrap()).unwrap_or_default();
        let err = self.err.take().map(|t| t.join().unwrap()).unwrap_or_default();
        (out, err)
    }
}

impl Drop for Phone {
    fn drop(&mut self) {
        if self.running() {
            // SIGTERM first: playwright closes the browser on its way out.
            let _ = Command::new("kill").arg(self.child.id().to_string()).status();
            let until = Instant::now() + Duration::from_secs(5);
            while self.running() && Instant::now() < until {
                thread::sleep(Duration::from_millis(50));
            }
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

#[test]
fn a_phone_in_a_real_browser_writes_a_note_and_votes_and_both_are_journaled() {
    let missing = missing();
    if !missing.is_empty() {
        let missing = missing.join(", ");
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the real-browser test, and it lacks {missing}: .ci/run installs them"
        );
        eprintln!("SKIPPED the real-browser test: no {missing}. Install them to run it (CI does).");
        return;
    }
    let room = Room::open("ideas", Limits::default(), 16);
    let mut phone = Phone::start(&room.url());

    // The facilitator moves on to the vote once the phone's note is in the journal.
    let until = Instant::now() + BROWSER_PATIENCE;
    let device = loop {
        let replay = journal::read(&room.journal()).unwrap();
        let note = replay.events.iter().find_map(|e| match &e.kind {
            EventKind::NoteAdded {
                text,
                device: Some(device),
                ..
            } if text == TEXT => Some(device.clone()),
            _ => None,
        });
        if let Some(device) = note {
            break device;
        }
        if !phone.running() {
            let (out, err) = phone.output();
            panic!("the browser stopped before its note arrived:\n{out}\n{err}");
        }
        assert!(Instant::now() < until, "the browser's note never arrived");
        thread::sleep(Duration::from_millis(50));
    };
    room.go_to("prioritise");
    let result = phone.result();
    println!("the browser saw: {result}");
    assert_eq!(result["sent"], "Sent", "{result:#}");
    assert_eq!(result["text_after"], "", "the box is emptied once sent");
    assert_eq!(result["left_before"], "3 votes left", "{result:#}");
    assert_eq!(result["left_after"], "2 votes left", "{result:#}");
    assert_eq!(
        result["title"], "Better health information, together",
        "{result:#}"
    );

    let journal = room.journal();
    let (finished, _home) = room.finish();
    assert_eq!(journal.parent(), Some(finished.dir.as_path()));
    let replay = journal::read(&journal).unwrap();
    let from_phone: Vec<&EventKind> = replay
        .events
        .iter()
        .map(|e| &e.kind)
        .filter(|k| {
            matches!(
                k,
                EventKind::NoteAdded { device: Some(_), .. } | EventKind::Voted { device: Some(_), .. }
            )
        })
        .collect();
    let [
        EventKind::NoteAdded {
            note,
            board,
            category,
            text,
            sector,
            author,
            device: noted_by,
            ..
        },
        EventKind::Voted {
            target,
            delta,
            device: voted_by,
        },
    ] = from_phone.as_slice()
    else {
        panic!("one note and one vote from the phone: {from_phone:#?}");
    };
    assert_eq!(
        (
            board.as_str(),
            category.as_str(),
            text.as_str(),
            sector.as_deref(),
            author.as_deref()
        ),
        ("ideas", "skills", TEXT, Some("public-library"), None)
    );
    assert_eq!((target, *delta), (note, 1));
    assert_eq!(
        (noted_by.as_deref(), voted_by.as_deref()),
        (Some(device.as_str()), Some(device.as_str()))
    );
}
