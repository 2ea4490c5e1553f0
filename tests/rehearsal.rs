//! A whole rehearsal of the built-in workshop in a real terminal, as a facilitator would run
//! it (with `--speed`, the documented rehearsal clock): every programme item, timers started
//! and paused, notes in several columns and sectors, votes, a cluster, groups drawn, actions
//! with owners and dates, the network set-up filled in, and the outcomes written. Then the
//! same run with `kill -9` at several points (mid-note, mid-timer, mid-export) and `convene
//! resume`: nothing that was on screen is lost, and the outcomes equal the uninterrupted run's.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::{Tmux, footer, release_binary};
use serde_json::Value;

/// Generous, for a busy machine: every wait ends as soon as the screen is right.
const WAIT: Duration = Duration::from_secs(3);

const ATTENDEES: &str = "name,organisation,sector\n\
Priya Shah,Wirral NHS Library,nhs\n\
Sam Jones,Wirral Libraries,public library\n\
Alex Kim,Citizens Advice Wirral,CitAdv\n\
Jo Evans,Public Health Wirral,PubHlth\n\
Chris Lee,Age UK Wirral,Charity\n\
Lu Chen,University of Chester,academic\n";

/// Drives the app in one tmux window, restarting it with `resume` after a kill.
struct Facilitator<'a> {
    tmux: &'a Tmux,
    home: &'a Path,
    window: String,
    starts: usize,
}

impl Facilitator<'_> {
    fn env(&self) -> [(&'static str, &Path); 1] {
        [("CONVENE_HOME", self.home)]
    }

    fn start(&mut self, args: &[&str]) {
        self.starts += 1;
        self.window = format!("run{}", self.starts);
        let env = self.env();
        self.tmux
            .start(&self.window, 120, 36, &env, &release_binary(), args);
        self.tmux
            .wait_for(&self.window, 10 * WAIT, "the app", |s| footer(s).contains("/13 "));
    }

    fn keys(&self, keys: &[&str]) {
        self.tmux.keys(&self.window, keys);
    }

    fn type_text(&self, text: &str) {
        self.tmux.keys(&self.window, &["-l", text]);
    }

    fn wait(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        self.tmux.wait_for(&self.window, 2 * WAIT, what, ok)
    }

    fn screen(&self) -> String {
        self.tmux.screen(&self.window)
    }

    /// `kill -9` the app, then `convene resume`, and check it comes back where it was.
    fn crash_and_resume(&mut self) {
        // A key that does nothing clears a status message from the footer.
        self.keys(&["F12"]);
        let before = self.wait("the footer", |s| footer(s).contains("/13 "));
        let before = footer(&before);
        let pid = self.tmux.pid(&self.window);
        std::process::Command::new("kill")
            .args(["-9", &pid.to_string()])
            .status()
            .unwrap();
        let window = self.window.clone();
        self.tmux.wait_for(&window, 2 * WAIT, "the app to die", |_| {
            self.tmux.pane_dead(&window)
        });
        self.tmux.kill_window(&window);
        self.start(&["--speed", "60", "resume"]);
        // "2/13 Who is in the room? · 4/5": the item and the page, not the clock.
        let position = |f: &str| {
            f.split(" · ")
                .take(2)
                .collect::<Vec<_>>()
                .join(" · ")
                .replace(" ▸more", "")
        };
        let want = position(&before);
        self.wait("the same place after resume", |s| position(&footer(s)) == want);
    }

    /// PageDown until the footer shows programme item `n` and page `page` ("3/4", or "1/"
    /// for the first page whatever the count).
    fn go_to(&self, item: usize, page: &str) {
        let want = format!(" {item}/13 ");
        let page = format!("· {page}");
        for _ in 0..40 {
            let f = footer(&self.screen());
            if std::env::var_os("REHEARSAL_TRACE").is_some() {
                eprintln!("go_to {item} {page}: {f}");
            }
            if f.starts_with(&want) && f.contains(&page) {
                return;
            }
            self.keys(&["PageDown"]);
        }
        panic!("never reached item {item} page {page}:\n{}", self.screen());
    }

    /// On an activity's timer page: start the timer, see it run, pause it.
    fn run_timer(&self) {
        self.wait("the timer page", |s| s.contains("phase 1 of"));
        self.keys(&["t"]);
        self.wait("the timer running", |s| {
            s.contains(" left") && !s.contains("PAUSED")
        });
        self.keys(&["t"]);
        self.wait("the timer paused", |s| s.contains("PAUSED"));
    }

    /// Types notes into the board's columns: (Tab presses to reach the column, sector 1-9, text).
    fn notes(&self, notes: &[(usize, u8, &str)]) {
        self.keys(&["a"]);
        self.wait("the capture line", |s| s.contains("New note"));
        for (tabs, sector, text) in notes {
            for _ in 0..*tabs {
                self.keys(&["Tab"]);
            }
            self.keys(&[&format!("M-{sector}")]);
            self.type_text(text);
            self.keys(&["Enter"]);
            // Saved: the line is empty again (the note's own words are on screen as it is typed).
            self.wait("the note saved", |s| s.contains(" 0/280"));
        }
        self.keys(&["Escape"]);
    }
}

/// The pages of each item of the built-in programme (slides + activity + board).
fn last_page(item: usize) -> &'static str {
    match item {
        7 => "4/4",
        8 => "5/5",
        11 => "5/5",
        12 => "5/5",
        _ => "",
    }
}

/// Runs the whole workshop. With `crash`, the app is killed and resumed at several points.
fn rehearse(home: &Path, crash: bool) -> PathBuf {
    let tmux = Tmux::new(if crash { "crash" } else { "whole" });
    let attendees = home.join("attendees.csv");
    std::fs::write(&attendees, ATTENDEES).unwrap();
    let mut f = Facilitator {
        tmux: &tmux,
        home,
        window: String::new(),
        starts: 0,
    };
    f.start(&[
        "--speed",
        "60",
        "run",
        "--attendees",
        attendees.to_str().unwrap(),
        "--seed",
        "7",
    ]);

    // Items 1-6: slides, introductions and mapping (timers), a break, the four areas.
    for item in 1..=6 {
        f.go_to(item, "1/");
        if item == 2 || item == 4 {
            f.go_to(item, "4/");
            f.run_timer();
            if item == 2 && crash {
                f.keys(&["t"]); // mid-timer: running when the laptop dies
                f.wait("running", |s| !s.contains("PAUSED"));
                f.crash_and_resume();
                f.keys(&["t"]);
                f.wait("paused after resume", |s| s.contains("PAUSED"));
            }
        }
    }

    // Item 7, the 1-2-4-All brainstorm: its board, notes in all four columns.
    f.go_to(7, "1/4");
    f.go_to(7, "3/4");
    f.run_timer();
    f.go_to(7, last_page(7));
    f.wait("the ideas board", |s| s.contains("Skills and expertise"));
    f.notes(&[
        (0, 1, "Withdrawn books for ward trolleys"),
        (0, 2, "Reminiscence boxes with the memory clinic"),
        (1, 1, "Train library staff in health enquiries | with care"),
        (1, 5, "A referral route for complex questions"),
        (1, 4, "Stall for Health Information Week"),
        (1, 6, "Reading Well books promoted by GPs"),
    ]);
    if crash {
        // Mid-note: typed, not yet saved, when the laptop dies.
        f.keys(&["a"]);
        f.type_text("Six Book Challenge for carers");
        f.wait("the half-typed note", |s| {
            s.contains("Six Book Challenge for carers")
        });
        f.crash_and_resume();
        f.wait("the half-typed note is still there", |s| {
            s.contains("Six Book Challenge for carers")
        });
        f.keys(&["Enter", "Escape"]);
    } else {
        f.keys(&["a"]);
        f.type_text("Six Book Challenge for carers");
        f.keys(&["Enter", "Escape"]);
    }
    // Cluster the two notes of the first column; vote.
    f.keys(&["Left", "Left", "Left"]);
    f.keys(&["Up", "Up", "Up", "Up", "Space", "Down", "Space", "c"]);
    f.wait("the cluster title form", |s| s.contains("Group the marked notes"));
    f.type_text("Sharing collections");
    f.keys(&["Enter"]);
    f.wait("the cluster", |s| s.contains("▣ Sharing collections"));
    f.keys(&["Right", "+", "+", "Right", "+"]);
    f.wait("votes", |s| s.contains("●2") && s.contains("●1"));
    // Groups for this activity, drawn with the seed.
    f.keys(&["G"]);
    f.wait("the groups", |s| s.contains("Group 2") && s.contains("draw 7"));
    f.keys(&["Escape"]);
    // An action from the selected note, with an owner and a due date.
    f.keys(&["A"]);
    f.wait("the action form", |s| s.contains("Owner"));
    f.keys(&["Tab"]);
    f.type_text("Priya");
    f.keys(&["Tab", "Tab"]);
    f.type_text("2w");
    f.keys(&["Enter"]);
    f.wait("the action added", |s| s.contains("Action added"));

    // Item 8: prioritise on the ideas board (budget: 3 votes each for 6 attendees).
    f.go_to(8, last_page(8));
    f.keys(&["Right", "+"]);
    // Items 9 and 10: the Health Information Week plan and a break.
    f.go_to(9, "1/");
    f.go_to(10, "1/");
    // Item 11: setting up the network, every question but one answered.
    f.go_to(11, last_page(11));
    f.wait("the network board", |s| s.contains("Aims and objectives"));
    f.notes(&[
        (0, 1, "The health library will lead for the first year"),
        (1, 2, "Help people find good health information wherever they ask"),
        (1, 3, "Invite social care and the Recovery College"),
        (1, 4, "A different partner hosts each meeting"),
        (1, 5, "Meet every quarter, online and in person"),
    ]);
    // Item 12: actions and commitments.
    f.go_to(12, last_page(12));
    f.notes(&[(
        1,
        2,
        "When I am back at work I will book a health enquiries session",
    )]);
    if crash {
        // Mid-export: the outcomes are being written when the laptop dies.
        f.keys(&["w"]);
        f.crash_and_resume();
    }
    f.go_to(13, "1/");
    f.keys(&["w"]);
    f.wait("the outcomes written", |s| {
        s.contains("Wrote ") && s.contains("outcomes.json")
    });
    f.keys(&["q", "y"]);
    let window = f.window.clone();
    tmux.wait_for(&window, 5 * WAIT, "the app to quit", |s| s.contains("To go on"));
    let sessions: Vec<PathBuf> = std::fs::read_dir(home.join("sessions"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(sessions.len(), 1);
    sessions[0].clone()
}

fn schema_check(json: &Value) {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/schema/outcomes.schema.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(json).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

/// The outcomes with everything that depends on when keys were pressed taken out.
fn comparable(json: &Value) -> Value {
    let pick = |list: &Value, keys: &[&str]| -> Value {
        Value::Array(
            list.as_array()
                .unwrap()
                .iter()
                .map(|item| Value::Object(keys.iter().map(|k| (k.to_string(), item[*k].clone())).collect()))
                .collect(),
        )
    };
    serde_json::json!({
        "notes": pick(&json["notes"], &["id", "activity", "category", "text", "sector", "votes", "cluster"]),
        "clusters": pick(&json["clusters"], &["id", "title", "votes", "total_votes", "notes"]),
        "actions": pick(&json["actions"], &["id", "text", "owner", "organisation", "status", "source_note"]),
        "attendees": json["attendees"].clone(),
        "groups": pick(&json["groups"], &["activity", "seed", "groups"]),
    })
}

#[test]
fn a_whole_workshop_and_the_same_with_crashes() {
    let whole = tempfile::tempdir().unwrap();
    let dir = rehearse(whole.path(), false);
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("outcomes.json")).unwrap()).unwrap();
    schema_check(&json);
    let texts: Vec<&str> = json["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["text"].as_str().unwrap())
        .collect();
    for typed in [
        "Withdrawn books for ward trolleys",
        "Train library staff in health enquiries | with care",
        "Six Book Challenge for carers",
        "The health library will lead for the first year",
        "When I am back at work I will book a health enquiries session",
    ] {
        assert!(texts.contains(&typed), "{typed} in {texts:#?}");
    }
    assert_eq!(json["notes"].as_array().unwrap().len(), 13);
    assert_eq!(json["attendees"].as_array().unwrap().len(), 6);
    assert_eq!(json["actions"][0]["owner"], "Priya Shah");
    assert!(json["actions"][0]["due"].is_string());
    let report = std::fs::read_to_string(dir.join("outcomes.md")).unwrap();
    assert!(
        report.contains("Sharing collections")
            && report.contains("Train library staff in health enquiries \\| with care")
    );
    let tor = std::fs::read_to_string(dir.join("terms-of-reference.md")).unwrap();
    assert!(tor.contains("The health library will lead for the first year"));
    assert!(tor.contains("Meet every quarter"));

    let crashed = tempfile::tempdir().unwrap();
    let dir = rehearse(crashed.path(), true);
    let again: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("outcomes.json")).unwrap()).unwrap();
    schema_check(&again);
    assert_eq!(
        comparable(&again),
        comparable(&json),
        "the crashed run's outcomes equal the whole run's"
    );
    let replay = convene::session::journal::read(&dir.join("journal.jsonl")).unwrap();
    assert!(replay.warnings.is_empty() || replay.warnings.len() == 1);
}
