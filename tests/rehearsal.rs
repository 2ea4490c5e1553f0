//! Rehearsals in a real terminal, as a facilitator would run them (with `--speed`, the
//! documented rehearsal clock). One smoke test runs the whole built-in workshop: every
//! programme item, timers started and paused, notes in several columns and sectors, votes, a
//! cluster, groups drawn, actions with owners and dates, the network set-up filled in, and
//! the outcomes written. Another runs the tests' small pack twice, once straight through and
//! once with `kill -9` mid-timer, mid-note and just after `w` (write the outcomes) is pressed,
//! each followed by `convene resume`: nothing that was on screen is lost, no export is ever
//! left half-written, and the outcomes equal the uninterrupted run's.

mod common;

use std::path::{Path, PathBuf};

use common::{Tmux, binary, footer, position, small_pack};
use serde_json::Value;

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
    /// How many programme items the pack has: the footer says "3/13 ...".
    items: usize,
    /// The rehearsal clock's speed, for `resume`.
    speed: &'static str,
}

impl Facilitator<'_> {
    fn env(&self) -> [(&'static str, &Path); 1] {
        [("CONVENE_HOME", self.home)]
    }

    fn start(&mut self, args: &[&str]) {
        self.starts += 1;
        self.window = format!("run{}", self.starts);
        let env = self.env();
        self.tmux.start(&self.window, 120, 36, &env, &binary(), args);
        let of = format!("/{} ", self.items);
        self.wait("the app", |s| footer(s).contains(&of));
    }

    /// Sends keys and waits for their effect.
    fn press(&self, keys: &[&str], what: &str, ok: impl Fn(&str) -> bool) -> String {
        self.tmux.press(&self.window, keys, what, ok)
    }

    /// Sends keys whose effect cannot be told from the screen, then waits until they are
    /// handled.
    fn keys_then_settle(&self, keys: &[&str]) {
        self.tmux.keys(&self.window, keys);
        self.tmux.settle(&self.window);
    }

    /// Types text and waits until it is all on screen.
    fn type_text(&self, text: &str) {
        self.tmux.type_text(&self.window, text);
        self.wait("the text typed", |s| s.contains(text));
    }

    fn wait(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        self.tmux.wait(&self.window, what, ok)
    }

    fn screen(&self) -> String {
        self.tmux.screen(&self.window)
    }

    /// Where the app is, once every key sent so far is handled.
    fn here(&self) -> String {
        // A key that does nothing clears a status message from the footer.
        self.tmux.keys(&self.window, &["F12"]);
        self.tmux.settle(&self.window);
        let of = format!("/{} ", self.items);
        position(&self.wait("the footer", |s| footer(s).contains(&of)))
    }

    /// `kill -9` the app, then `convene resume`, and check it comes back at `at`.
    fn kill_and_resume(&mut self, at: &str) {
        let window = self.window.clone();
        self.tmux.kill9(&window);
        self.tmux.kill_window(&window);
        self.start(&["--speed", self.speed, "resume"]);
        self.wait("the same place after resume", |s| position(s) == at);
    }

    /// `kill -9` the app while a note is being typed (whose text the caller saw on
    /// screen, so every key is handled), then resume.
    fn crash_and_resume_typing(&mut self) {
        let of = format!("/{} ", self.items);
        let at = position(&self.wait("the footer", |s| footer(s).contains(&of)));
        self.kill_and_resume(&at);
    }

    /// `kill -9` the app where it is now, then resume.
    fn crash_and_resume(&mut self) {
        let at = self.here();
        self.kill_and_resume(&at);
    }

    /// PageDown until the footer shows programme item `n` and page `page` ("3/4", or "1/"
    /// for the first page whatever the count). Each press is handled before the footer is
    /// read again, so it never overshoots.
    fn go_to(&self, item: usize, page: &str) {
        let want = format!(" {item}/{} ", self.items);
        let page = format!("· {page}");
        for _ in 0..60 {
            let f = footer(&self.screen());
            if std::env::var_os("REHEARSAL_TRACE").is_some() {
                eprintln!("go_to {item} {page}: {f}");
            }
            if f.starts_with(&want) && f.contains(&page) {
                return;
            }
            self.keys_then_settle(&["PageDown"]);
        }
        panic!("never reached item {item} page {page}:\n{}", self.screen());
    }

    /// On an activity's timer page: start the timer, see it run, pause it.
    fn run_timer(&self) {
        self.wait("the timer page", |s| s.contains("phase 1 of"));
        self.press(&["t"], "the timer running", |s| {
            s.contains(" left") && !s.contains("PAUSED")
        });
        self.press(&["t"], "the timer paused", |s| s.contains("PAUSED"));
    }

    /// Types notes into the board's columns: (Tab presses to reach the column, sector 1-9, text).
    fn notes(&self, notes: &[(usize, u8, &str)]) {
        self.press(&["C-a"], "the capture line", |s| s.contains("New note"));
        for (tabs, sector, text) in notes {
            for _ in 0..*tabs {
                let before = capture_column(&self.screen());
                self.press(&["Tab"], "the next column", |s| capture_column(s) != before);
            }
            // Alt+N and the text are handled in order; the saved note shows both.
            self.tmux.keys(&self.window, &[&format!("M-{sector}")]);
            self.type_text(text);
            // Saved: the line is empty again (the note's own words are on screen as it is typed).
            self.press(&["Enter"], "the note saved", |s| s.contains(" 0/280"));
        }
        self.press(&["Escape"], "the capture line closed", |s| {
            !s.contains("New note")
        });
    }
}

/// The capture line's column ("Column: Events (Tab)").
fn capture_column(screen: &str) -> Option<String> {
    screen
        .lines()
        .find(|l| l.contains("Column:"))
        .map(|l| l.split("Sector:").next().unwrap().to_string())
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

/// The sessions folder's one session.
fn the_session(home: &Path) -> PathBuf {
    let sessions: Vec<PathBuf> = std::fs::read_dir(home.join("sessions"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(sessions.len(), 1);
    sessions[0].clone()
}

/// Every vote the board shows (a cluster's title shows its total too).
fn votes_shown(screen: &str) -> u32 {
    screen
        .split('●')
        .skip(1)
        .filter_map(|v| v.split(|c: char| !c.is_ascii_digit()).next()?.parse::<u32>().ok())
        .sum()
}

/// Runs the whole built-in workshop, straight through.
fn rehearse_builtin(home: &Path) -> PathBuf {
    let tmux = Tmux::new("whole");
    let attendees = home.join("attendees.csv");
    std::fs::write(&attendees, ATTENDEES).unwrap();
    let mut f = Facilitator {
        tmux: &tmux,
        home,
        window: String::new(),
        starts: 0,
        items: 13,
        speed: "60",
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
    f.press(&["C-a"], "the capture line", |s| s.contains("New note"));
    f.type_text("Six Book Challenge for carers");
    f.press(&["Enter"], "the note saved", |s| s.contains(" 0/280"));
    f.press(&["Escape"], "the capture line closed", |s| {
        !s.contains("New note")
    });
    // Cluster the two notes of the first column; vote.
    f.keys_then_settle(&[
        "Left", "Left", "Left", "Up", "Up", "Up", "Up", "C-Space", "Down", "C-Space",
    ]);
    f.press(&["C-k"], "the cluster title form", |s| {
        s.contains("Group the marked notes")
    });
    f.type_text("Sharing collections");
    f.press(&["Enter"], "the cluster", |s| s.contains("▣ Sharing collections"));
    f.keys_then_settle(&["Right"]);
    f.press(&["S-Up"], "a vote", |s| votes_shown(s) > 0);
    f.press(&["S-Up"], "two votes", |s| s.contains("●2"));
    f.keys_then_settle(&["Right"]);
    f.press(&["S-Up"], "votes", |s| s.contains("●2") && s.contains("●1"));
    // Groups for this activity, drawn with the seed.
    f.press(&["C-r"], "the groups", |s| {
        s.contains("Group 2") && s.contains("shuffle 1")
    });
    f.press(&["Escape"], "the board again", |s| !s.contains("shuffle 1"));
    // An action from the selected note, with an owner and a due date.
    add_action(&f, "Priya", "2w");

    // Item 8: prioritise on the ideas board (budget: 3 votes each for 6 attendees).
    f.go_to(8, last_page(8));
    f.keys_then_settle(&["Right"]);
    let before = votes_shown(&f.screen());
    f.press(&["S-Up"], "the vote on the prioritising board", |s| {
        votes_shown(s) > before
    });
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
    f.go_to(13, "1/");
    f.press(&["w"], "the outcomes written", |s| {
        s.contains("Wrote ") && s.contains("outcomes.json")
    });
    f.press(&["q"], "the quit question", |s| s.contains("Quit convene?"));
    f.press(&["y"], "the app to quit", |s| s.contains("To go on"));
    the_session(home)
}

/// Turns the selected note into an action with an owner (an attendee's first name) and a
/// due date.
fn add_action(f: &Facilitator<'_>, owner: &str, due: &str) {
    f.press(&["C-o"], "the action form", |s| s.contains("Owner"));
    f.tmux.keys(&f.window, &["Tab"]);
    f.type_text(owner);
    f.tmux.keys(&f.window, &["Tab", "Tab"]);
    f.type_text(due);
    f.press(&["Enter"], "the action added", |s| s.contains("Action added"));
}

const SMALL_ATTENDEES: &str = "name,organisation,sector\n\
Priya Shah,Wirral NHS Library,nhs\n\
Sam Jones,Wirral Libraries,public library\n\
Chris Lee,Age UK Wirral,Charity\n\
Jo Evans,Patients' panel,public\n";

/// Runs the small pack. With `crash`, the app is killed and resumed mid-timer, mid-note and
/// just after `w` was pressed.
fn rehearse_small(home: &Path, crash: bool) -> PathBuf {
    let tmux = Tmux::new(if crash { "crash" } else { "straight" });
    let attendees = home.join("attendees.csv");
    std::fs::write(&attendees, SMALL_ATTENDEES).unwrap();
    let mut f = Facilitator {
        tmux: &tmux,
        home,
        window: String::new(),
        starts: 0,
        items: 5,
        speed: "10",
    };
    let attendees = attendees.to_str().unwrap();
    f.start(&[
        "--speed",
        "10",
        "run",
        small_pack(),
        "--attendees",
        attendees,
        "--seed",
        "7",
    ]);

    f.go_to(1, "3/3");
    // Item 2, "Gather ideas": its timer, then its board.
    f.go_to(2, "2/3");
    f.run_timer();
    if crash {
        // Mid-timer: running when the laptop dies.
        f.press(&["t"], "running", |s| {
            s.contains(" left") && !s.contains("PAUSED")
        });
        f.crash_and_resume();
        f.wait("still running after resume", |s| {
            s.contains(" left") && !s.contains("PAUSED")
        });
        f.press(&["t"], "paused after resume", |s| s.contains("PAUSED"));
    }
    f.go_to(2, "3/3");
    f.wait("the board", |s| s.contains("Books and reading"));
    f.notes(&[
        (0, 1, "Withdrawn books for ward trolleys"),
        (0, 2, "Reminiscence boxes with the memory clinic"),
        (1, 4, "Stall at the summer fair"),
        (1, 1, "Train library staff in health enquiries | with care"),
    ]);
    // In the first column: a draft kept across a crash comes back in the column selected
    // after resume (the first), not the one it was typed in.
    f.keys_then_settle(&["Left", "Left"]);
    f.press(&["C-a"], "the capture line", |s| {
        s.contains("Column: Books and reading")
    });
    f.type_text("Six Book Challenge for carers");
    if crash {
        // Mid-note: typed, not yet saved, when the laptop dies.
        f.crash_and_resume_typing();
        f.wait("the half-typed note is still there", |s| {
            s.contains("New note") && s.contains("Six Book Challenge for carers")
        });
    }
    f.press(&["Enter"], "the note saved", |s| s.contains(" 0/280"));
    f.press(&["Escape"], "the capture line closed", |s| {
        !s.contains("New note")
    });
    // Cluster the two notes of the first column; vote on the cluster and on a note.
    f.keys_then_settle(&[
        "Left", "Left", "Up", "Up", "Up", "Up", "C-Space", "Down", "C-Space",
    ]);
    f.press(&["C-k"], "the cluster title form", |s| {
        s.contains("Group the marked notes")
    });
    f.type_text("Sharing collections");
    f.press(&["Enter"], "the cluster", |s| s.contains("▣ Sharing collections"));
    f.press(&["S-Up"], "a vote", |s| votes_shown(s) > 0);
    let one = votes_shown(&f.screen());
    f.press(&["S-Up"], "another vote", |s| votes_shown(s) > one);
    f.keys_then_settle(&["Right"]);
    let two = votes_shown(&f.screen());
    f.press(&["S-Up"], "a vote in the next column", |s| votes_shown(s) > two);
    // Groups for this activity, drawn with the seed.
    f.press(&["C-r"], "the groups", |s| {
        s.contains("Group 2") && s.contains("shuffle 1")
    });
    f.press(&["Escape"], "the board again", |s| !s.contains("shuffle 1"));
    add_action(&f, "Priya", "2w");

    // Item 3, the break; item 4, "Plan the first step", on its own board.
    f.go_to(3, "1/");
    f.go_to(4, "3/3");
    f.wait("the plan board", |s| s.contains("First steps"));
    f.notes(&[
        (0, 1, "The health library will host the next meeting"),
        (1, 3, "A venue for the summer fair"),
    ]);

    // Item 5: the outcomes.
    f.go_to(5, "1/");
    if crash {
        // Killed just after `w` is pressed: before, during or after the export (which of
        // them cannot be chosen from outside). Whatever it left must be whole, never half.
        let at = f.here();
        f.tmux.keys(&f.window, &["w"]);
        f.kill_and_resume(&at);
        outcomes_absent_or_whole(&the_session(home));
    }
    f.press(&["w"], "the outcomes written", |s| {
        s.contains("Wrote ") && s.contains("outcomes.json")
    });
    f.press(&["q"], "the quit question", |s| s.contains("Quit convene?"));
    f.press(&["y"], "the app to quit", |s| s.contains("To go on"));
    the_session(home)
}

/// Each export file in the session folder is either not there or whole and valid.
fn outcomes_absent_or_whole(dir: &Path) {
    if let Ok(text) = std::fs::read_to_string(dir.join("outcomes.json")) {
        let json: Value = serde_json::from_str(&text).expect("a whole outcomes.json");
        schema_check(&json);
    }
    if let Ok(report) = std::fs::read_to_string(dir.join("outcomes.md")) {
        assert!(report.ends_with(".*\n"), "a whole report:\n{report}");
    }
    if let Ok(csv) = std::fs::read_to_string(dir.join("notes.csv")) {
        assert!(csv.ends_with('\n'), "a whole CSV:\n{csv}");
    }
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
fn the_whole_builtin_workshop() {
    let home = tempfile::tempdir().unwrap();
    let dir = rehearse_builtin(home.path());
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
    // Every vote typed on both boards: two on the cluster's notes or title, one on a note in
    // the next column (the brainstorm), one on the prioritising board.
    assert_eq!(votes_cast(&json), 4, "{:#}", json["notes"]);
    assert_eq!(json["actions"][0]["owner"], "Priya Shah");
    assert!(json["actions"][0]["due"].is_string());
    let report = std::fs::read_to_string(dir.join("outcomes.md")).unwrap();
    // A `|` is escaped only where Markdown would read it as a table's (in a table cell).
    assert!(
        report.contains("Sharing collections")
            && (report.contains("Train library staff in health enquiries | with care")
                || report.contains("Train library staff in health enquiries \\| with care")),
        "{report}"
    );
    let tor = std::fs::read_to_string(dir.join("terms-of-reference.md")).unwrap();
    assert!(tor.contains("The health library will lead for the first year"));
    assert!(tor.contains("Meet every quarter"));
}

/// Every vote in the outcomes: on notes and on clusters' titles.
fn votes_cast(json: &Value) -> u64 {
    ["notes", "clusters"]
        .iter()
        .flat_map(|list| json[list].as_array().unwrap())
        .map(|v| v["votes"].as_u64().unwrap())
        .sum()
}

#[test]
fn a_rehearsal_with_crashes_ends_as_one_without() {
    let straight = tempfile::tempdir().unwrap();
    let dir = rehearse_small(straight.path(), false);
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("outcomes.json")).unwrap()).unwrap();
    schema_check(&json);
    assert_eq!(json["notes"].as_array().unwrap().len(), 7);
    let cluster = &json["clusters"][0];
    assert_eq!(cluster["title"], "Sharing collections");
    assert_eq!(cluster["notes"].as_array().unwrap().len(), 2, "{cluster:#}");
    assert_eq!(votes_cast(&json), 3, "{:#}", json["notes"]);
    assert_eq!(json["actions"][0]["owner"], "Priya Shah");
    assert_eq!(json["groups"].as_array().unwrap().len(), 1);

    let crashed = tempfile::tempdir().unwrap();
    let dir = rehearse_small(crashed.path(), true);
    let again: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("outcomes.json")).unwrap()).unwrap();
    schema_check(&again);
    assert_eq!(
        comparable(&again),
        comparable(&json),
        "the crashed run's outcomes equal the straight run's"
    );
    // Every kill came between two whole lines: nothing torn, nothing set aside.
    let replay = convene::session::journal::read(&dir.join("journal.jsonl")).unwrap();
    assert!(replay.warnings.is_empty(), "{:?}", replay.warnings);
}
