//! The command line as a user meets it: exit codes and what is printed.

use assert_cmd::Command;
use chrono::{TimeZone, Utc};
use predicates::prelude::*;

fn convene(home: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("convene").unwrap();
    cmd.env("CONVENE_HOME", home).env_remove("NO_COLOR");
    cmd
}

#[test]
fn help_and_version_work_everywhere() {
    let home = tempfile::tempdir().unwrap();
    convene(home.path())
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("convene "));
    for sub in ["run", "resume", "follow", "export", "validate", "new", "sessions"] {
        convene(home.path())
            .args([sub, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("Usage:"));
    }
}

#[test]
fn a_usage_error_exits_2() {
    let home = tempfile::tempdir().unwrap();
    convene(home.path()).arg("frobnicate").assert().code(2);
    convene(home.path())
        .args(["run", "--start", "25:99"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("HH:MM"));
}

#[test]
fn validate_with_no_pack_checks_the_builtin_one() {
    let home = tempfile::tempdir().unwrap();
    convene(home.path())
        .arg("validate")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("the built-in pack: ok."))
        .stdout(predicate::str::contains("(09:30–"));
}

#[test]
fn validate_notes_an_activity_whose_slides_get_no_time_and_still_passes() {
    let home = tempfile::tempdir().unwrap();
    let pack = home.path().join("pack");
    std::fs::create_dir(&pack).unwrap();
    std::fs::write(
        pack.join("workshop.toml"),
        "title = \"T\"\nstart = \"10:00\"\nslides = \"slides.md\"\n\n[[programme]]\nid = \"a\"\ntitle = \"A\"\nkind = \"activity\"\nactivity = \"a\"\nsection = \"a\"\n",
    )
    .unwrap();
    std::fs::write(
        pack.join("a.toml"),
        "title = \"A\"\n\n[[phases]]\nname = \"Talk\"\nminutes = 10\ninstructions = \"Talk.\"\n",
    )
    .unwrap();
    std::fs::write(
        pack.join("slides.md"),
        "<!-- section: a -->\n## How it works\n\nIn pairs.\n",
    )
    .unwrap();
    convene(home.path())
        .arg("validate")
        .arg(&pack)
        .assert()
        .code(0)
        .stdout(predicate::str::contains(": ok."))
        .stdout(predicate::str::contains(
            "note: programme item \"a\": its phases (10 min) leave no time for its 1 slide",
        ));
    // The built-in workshop gives each of its slides time of its own.
    convene(home.path())
        .arg("validate")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("note:").not());
}

#[test]
fn validate_prints_every_problem_with_its_place_and_exits_1() {
    let home = tempfile::tempdir().unwrap();
    let pack = home.path().join("pack");
    std::fs::create_dir(&pack).unwrap();
    std::fs::write(
        pack.join("workshop.toml"),
        "title = \"T\"\ncolour = \"red\"\n\n[[programme]]\nid = \"a\"\ntitle = \"A\"\nkind = \"activity\"\nactivity = \"missing\"\n",
    )
    .unwrap();
    std::fs::write(pack.join("slides.md"), "<!-- section: a -->\n# A\n").unwrap();
    let file = pack.join("workshop.toml").display().to_string();
    convene(home.path())
        .arg("validate")
        .arg(&pack)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(format!(
            "{file}:2:1: unknown key \"colour\""
        )))
        .stdout(predicate::str::contains(format!(
            "{file}:8:12: programme item \"a\" names activity \"missing\", but there is no missing.toml"
        )))
        .stdout(predicate::str::contains("2 problems in"));
}

#[test]
fn validate_of_a_folder_that_is_not_a_pack_exits_1() {
    let home = tempfile::tempdir().unwrap();
    convene(home.path())
        .arg("validate")
        .arg(home.path().join("nowhere"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no pack at"));
    convene(home.path())
        .arg("validate")
        .arg(home.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("has no workshop.toml"));
}

#[test]
fn new_writes_an_editable_pack_that_validates_and_never_overwrites() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("my-workshop");
    convene(home.path())
        .arg("new")
        .arg(&dir)
        .assert()
        .success()
        .stdout(predicate::str::contains("workshop.toml"))
        .stdout(predicate::str::contains("slides.md"));
    assert!(dir.join("network.toml").is_file());
    convene(home.path())
        .arg("validate")
        .arg(&dir)
        .assert()
        .code(0)
        .stdout(predicate::str::contains(": ok."));

    // An edit shows up in validation: the copy is really the pack's files.
    let workshop = std::fs::read_to_string(dir.join("workshop.toml")).unwrap();
    std::fs::write(
        dir.join("workshop.toml"),
        workshop.replacen("start = \"09:30\"", "start = \"10:00\"", 1),
    )
    .unwrap();
    convene(home.path())
        .arg("validate")
        .arg(&dir)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("(10:00–"));

    convene(home.path())
        .arg("new")
        .arg(&dir)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("already exists and is not empty"));
}

#[test]
fn sessions_lists_newest_first_with_title_start_and_event_count() {
    use convene::pack::Pack;
    use convene::session::{Command as Cmd, Session, StartOptions};

    let home = tempfile::tempdir().unwrap();
    convene(home.path())
        .arg("sessions")
        .assert()
        .success()
        .stdout(predicate::str::contains("No sessions yet"));

    let sessions = home.path().join("sessions");
    let t = |h| Utc.with_ymd_and_hms(2026, 11, 27, h, 0, 0).unwrap();
    let mut older = Session::create(
        &sessions.join("older"),
        Pack::builtin().unwrap(),
        &StartOptions::default(),
        t(9),
    )
    .unwrap();
    older.execute(&Cmd::Next, t(9)).unwrap();
    older.execute(&Cmd::Next, t(9)).unwrap();
    drop(older);
    drop(
        Session::create(
            &sessions.join("newer"),
            Pack::builtin().unwrap(),
            &StartOptions::default(),
            t(11),
        )
        .unwrap(),
    );
    std::fs::create_dir_all(sessions.join("broken")).unwrap();
    std::fs::write(sessions.join("broken/journal.jsonl"), "garbage\n").unwrap();

    let out = convene(home.path())
        .arg("sessions")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("STARTED"), "{out}");
    assert!(
        lines[1].contains("newer") && lines[1].contains("Better health information"),
        "{out}"
    );
    assert!(lines[2].contains("older"), "{out}");
    assert!(
        lines[2].split_whitespace().any(|w| w == "3"),
        "three events: {out}"
    );
    assert!(
        lines[3].contains("broken") && lines[3].contains("cannot be read"),
        "{out}"
    );
}

#[test]
fn the_live_commands_say_clearly_what_is_missing() {
    let home = tempfile::tempdir().unwrap();
    // No sessions yet: resume, follow and export have nothing to open.
    for sub in ["resume", "follow", "export"] {
        convene(home.path())
            .arg(sub)
            .assert()
            .code(1)
            .stderr(predicate::str::contains("there are no sessions"));
    }
    convene(home.path())
        .args(["resume", "no-such-session"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no session at no-such-session"));
    // Not in a terminal (as under a test runner): the app says so instead of garbling a pipe.
    convene(home.path())
        .arg("run")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("needs a terminal"));
    // A broken pack is refused before anything starts, with its problems.
    let pack = home.path().join("broken");
    std::fs::create_dir(&pack).unwrap();
    std::fs::write(pack.join("workshop.toml"), "title = \"T\"\n").unwrap();
    std::fs::write(pack.join("slides.md"), "").unwrap();
    convene(home.path())
        .arg("run")
        .arg(&pack)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("the programme is empty"));
    assert!(!home.path().join("sessions").exists(), "no session was started");
}

#[test]
fn export_writes_every_format_or_one_to_standard_output() {
    use convene::pack::Pack;
    use convene::session::{Command as Cmd, NoteFields, Session, StartOptions};

    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("sessions").join("s");
    let t = Utc.with_ymd_and_hms(2026, 11, 27, 10, 0, 0).unwrap();
    let mut s = Session::create(&dir, Pack::builtin().unwrap(), &StartOptions::default(), t).unwrap();
    s.execute(
        &Cmd::AddNote(NoteFields {
            board: "ideas".into(),
            category: "skills".into(),
            text: "Health enquiry training | for library staff".into(),
            sector: Some("nhs".into()),
            ..Default::default()
        }),
        t,
    )
    .unwrap();
    drop(s);
    convene(home.path())
        .arg("export")
        .assert()
        .success()
        .stderr(predicate::str::contains("Wrote"));
    for file in [
        "outcomes.json",
        "outcomes.md",
        "notes.csv",
        "terms-of-reference.md",
    ] {
        assert!(dir.join(file).is_file(), "{file}");
    }
    let out = convene(home.path())
        .args(["export", "s", "--format", "json", "--out", "-"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(
        json["notes"][0]["text"],
        "Health enquiry training | for library staff"
    );
    convene(home.path())
        .args(["export", "s", "--format", "all", "--out", "-"])
        .assert()
        .code(1);
}
