//! Timer commands through the public command API: what they journal and how the state
//! folds them, including after a crash (a replay of the same journal).

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use convene::pack::{MAX_PHASES, Pack, PackError, PackFiles};
use convene::session::timer::TimerStatus;
use convene::session::{Command, CommandError, Session, SessionError, StartOptions, timer_view};

fn at(ms: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 9, 30, 0).unwrap() + TimeDelta::milliseconds(ms)
}

const MIN: i64 = 60_000;

fn on(id: &str) -> (tempfile::TempDir, Session) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::create(
        &dir.path().join("s"),
        Pack::builtin().unwrap(),
        &StartOptions::default(),
        at(0),
    )
    .unwrap();
    let index = s.pack.programme.position(id).unwrap();
    s.execute(&Command::GoToItem(index), at(0)).unwrap();
    (dir, s)
}

fn shown(s: &Session, now: i64) -> (usize, TimerStatus, i64, bool) {
    let activity = convene::session::current_activity(&s.pack, &s.state).unwrap();
    let v = timer_view(&s.pack, &s.state, activity, at(now));
    (v.phase, v.status, v.shown_seconds(), v.overrun())
}

#[test]
fn start_pause_resume_extend_shorten_and_move_between_phases() {
    let (_d, mut s) = on("introductions");
    assert_eq!(shown(&s, 0), (0, TimerStatus::NotStarted, 300, false));
    s.execute(&Command::ToggleTimer, at(0)).unwrap();
    assert_eq!(shown(&s, MIN), (0, TimerStatus::Running, 240, false));
    s.execute(&Command::ToggleTimer, at(MIN)).unwrap();
    assert_eq!(shown(&s, 10 * MIN), (0, TimerStatus::Paused, 240, false));
    s.execute(&Command::ToggleTimer, at(10 * MIN)).unwrap();
    s.execute(&Command::AdjustPhase(60), at(10 * MIN)).unwrap();
    assert_eq!(shown(&s, 10 * MIN), (0, TimerStatus::Running, 300, false));
    for _ in 0..7 {
        s.execute(&Command::AdjustPhase(-60), at(10 * MIN)).unwrap();
    }
    // Shortened past zero: time is up and the overrun counts the time run.
    assert_eq!(shown(&s, 10 * MIN), (0, TimerStatus::Running, 60, true));
    s.execute(&Command::NextPhase, at(11 * MIN)).unwrap();
    assert_eq!(
        shown(&s, 11 * MIN + 30_000),
        (1, TimerStatus::Running, 270, false)
    );
    s.execute(&Command::RestartPhase, at(12 * MIN)).unwrap();
    assert_eq!(shown(&s, 12 * MIN), (1, TimerStatus::Running, 300, false));
    s.execute(&Command::PreviousPhase, at(12 * MIN)).unwrap();
    assert_eq!(shown(&s, 12 * MIN).0, 0);
    assert_eq!(
        s.execute(&Command::PreviousPhase, at(12 * MIN))
            .unwrap_err()
            .to_string(),
        "this is the first phase"
    );
    for _ in 0..3 {
        s.execute(&Command::NextPhase, at(12 * MIN)).unwrap();
    }
    let err = s.execute(&Command::NextPhase, at(12 * MIN)).unwrap_err();
    assert!(
        matches!(err, SessionError::Command(CommandError::LastPhase)),
        "{err}"
    );
}

#[test]
fn timers_only_exist_for_activities() {
    let (_d, mut s) = on("welcome");
    let err = s.execute(&Command::ToggleTimer, at(0)).unwrap_err();
    assert!(err.to_string().contains("not an activity"), "{err}");
}

#[test]
fn after_a_crash_a_running_timer_shows_the_time_that_really_passed() {
    let (dir, mut s) = on("introductions");
    s.execute(&Command::ToggleTimer, at(0)).unwrap();
    drop(s); // the app dies with the timer running
    let (s, _) = Session::resume(&dir.path().join("s")).unwrap();
    assert_eq!(shown(&s, 7 * MIN), (0, TimerStatus::Running, 120, true));
}

#[test]
fn after_a_crash_a_paused_timer_stays_paused() {
    let (dir, mut s) = on("introductions");
    s.execute(&Command::ToggleTimer, at(0)).unwrap();
    s.execute(&Command::ToggleTimer, at(2 * MIN)).unwrap();
    drop(s);
    let (s, _) = Session::resume(&dir.path().join("s")).unwrap();
    assert_eq!(shown(&s, 60 * MIN), (0, TimerStatus::Paused, 180, false));
}

#[test]
fn an_auto_advancing_phase_is_pinned_before_it_is_adjusted() {
    // 1-2-4-All moves on by itself; + during "Pairs" must extend Pairs, not "Alone".
    let (_d, mut s) = on("ideas");
    s.execute(&Command::ToggleTimer, at(0)).unwrap();
    assert_eq!(shown(&s, 90_000).0, 1);
    s.execute(&Command::AdjustPhase(60), at(90_000)).unwrap();
    // Pairs is 2 min + 1; 30 s of it had run.
    assert_eq!(shown(&s, 90_000), (1, TimerStatus::Running, 150, false));
}

/// The built-in pack with `network` holding `count` phases of six seconds each.
fn with_phases(count: usize) -> (PackFiles, usize) {
    let mut files = PackFiles::builtin();
    let text = String::from_utf8(files.files["network.toml"].clone()).unwrap();
    let head = text.split("[[phases]]").next().unwrap().to_string();
    let phases: String = (1..=count)
        .map(|n| {
            format!("[[phases]]\nname = \"Step {n}\"\nminutes = 0.1\ninstructions = \"Do step {n}.\"\n\n")
        })
        .collect();
    let first_phase_line = head.matches('\n').count() + 1;
    files
        .files
        .insert("network.toml".to_string(), format!("{head}{phases}").into_bytes());
    (files, first_phase_line)
}

#[test]
fn an_activity_with_more_phases_than_the_timer_keeps_is_refused_where_the_extra_one_starts() {
    let (files, first) = with_phases(MAX_PHASES + 1);
    let Err(PackError::Invalid { problems, .. }) = Pack::from_files(files) else {
        panic!("an activity of {} phases was accepted", MAX_PHASES + 1);
    };
    let messages: Vec<String> = problems.iter().map(ToString::to_string).collect();
    // Five lines a phase: the first phase past the limit is where the problem is.
    let expected = format!(
        "network.toml:{}:1: the activity has {} phases; an activity may have at most {MAX_PHASES}",
        first + 5 * MAX_PHASES,
        MAX_PHASES + 1
    );
    assert_eq!(messages, [expected]);
}

#[test]
fn at_the_phase_limit_plus_and_minus_change_the_last_phase() {
    let (files, _) = with_phases(MAX_PHASES);
    let pack = Pack::from_files(files).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::create(&dir.path().join("s"), pack, &StartOptions::default(), at(0)).unwrap();
    let index = s.pack.programme.position("network").unwrap();
    s.execute(&Command::GoToItem(index), at(0)).unwrap();
    for _ in 1..MAX_PHASES {
        s.execute(&Command::NextPhase, at(0)).unwrap();
    }
    assert_eq!(shown(&s, 0), (MAX_PHASES - 1, TimerStatus::NotStarted, 6, false));
    s.execute(&Command::AdjustPhase(60), at(0)).unwrap();
    assert_eq!(shown(&s, 0).2, 66, "+ adds a minute to the last phase");
    s.execute(&Command::AdjustPhase(-30), at(0)).unwrap();
    assert_eq!(shown(&s, 0).2, 36, "- takes it off again");
    // And a replay of the journal agrees.
    let (_, state, _) = Session::load(&dir.path().join("s")).unwrap();
    assert_eq!(state, s.state);
}
