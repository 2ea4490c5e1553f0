//! The programme against the clock: planned times from the start time, actual times from the
//! journal, and how far ahead or behind the workshop is. Pure: `now` and the local offset
//! are passed in.

use chrono::{DateTime, FixedOffset, NaiveTime, TimeDelta, Timelike, Utc};

use crate::pack::Pack;
use crate::pack::slides::{PlanTimes, TimedItem};

use super::state::State;

mod fit;
pub use fit::{Proposal, Proposed, fit_the_rest, minimum_seconds, phase_lengths};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemStatus {
    /// Run already (and not the current item).
    Done,
    Now,
    Next,
    /// Not reached yet.
    Later,
    /// Passed over without being opened.
    Skipped,
}

impl ItemStatus {
    pub fn word(self) -> &'static str {
        match self {
            ItemStatus::Done => "done",
            ItemStatus::Now => "now",
            ItemStatus::Next => "next",
            ItemStatus::Later => "",
            ItemStatus::Skipped => "skipped",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemTimes {
    /// The clock time the pack planned for it.
    pub planned_start: DateTime<Utc>,
    /// Its planned length now (after any "fit the rest").
    pub planned_seconds: i64,
    /// When the item was first opened.
    pub actual_start: Option<DateTime<Utc>>,
    /// Time spent on it so far, over every visit.
    pub actual_seconds: i64,
    pub status: ItemStatus,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    pub items: Vec<ItemTimes>,
    pub planned_finish: DateTime<Utc>,
    /// When the workshop ends if everything from now on runs to plan.
    pub projected_finish: DateTime<Utc>,
}

impl Schedule {
    /// Seconds behind plan (negative: ahead).
    pub fn slip_seconds(&self) -> i64 {
        (self.projected_finish - self.planned_finish).num_seconds()
    }

    pub fn compute(pack: &Pack, state: &State, now: DateTime<Utc>, offset: FixedOffset) -> Schedule {
        let start = planned_start(state, offset);
        let current = state.position.item;
        let mut items = Vec::with_capacity(pack.programme.items.len());
        let mut at = start;
        for (index, item) in pack.programme.items.iter().enumerate() {
            let planned_seconds = planned_seconds(pack, state, index) as i64;
            let mut actual_start = None;
            let mut actual_seconds = 0;
            for (n, visit) in state.visits.iter().enumerate() {
                if visit.item != item.id {
                    continue;
                }
                actual_start.get_or_insert(visit.from);
                let until = state.visits.get(n + 1).map_or(now, |v| v.from);
                actual_seconds += (until - visit.from).num_seconds().max(0);
            }
            let status = if index == current {
                ItemStatus::Now
            } else if actual_start.is_some() {
                ItemStatus::Done
            } else if index == current + 1 {
                ItemStatus::Next
            } else if index < current {
                ItemStatus::Skipped
            } else {
                ItemStatus::Later
            };
            items.push(ItemTimes {
                planned_start: at,
                planned_seconds,
                actual_start,
                actual_seconds,
                status,
            });
            // The plan's clock times and finish stay the pack's, so a re-plan shows up as
            // catching up rather than as moving the goalposts.
            at = later(at, item.seconds as i64);
        }
        let planned_finish = at;
        let projected_finish = match current_end(state, &items, now) {
            None => planned_finish,
            Some(end) => {
                let rest: i64 = items[current + 1..].iter().map(|i| i.planned_seconds).sum();
                later(end, rest)
            }
        };
        Schedule {
            items,
            planned_finish,
            projected_finish,
        }
    }
}

/// How far from the planned start the first item may really start before the plan moves
/// to the real start: a quarter of an hour either way is only a late or early start.
pub const MOVE_AFTER_MINUTES: i64 = 15;

/// The start the plan moves to when the first item really starts at `now` (local time of
/// day), more than [`MOVE_AFTER_MINUTES`] away from the planned start either way; None
/// keeps the plan. Times of day wrap round midnight: 23:50 to 00:05 is a quarter of an hour.
pub fn moved_start(planned: NaiveTime, now: NaiveTime) -> Option<NaiveTime> {
    let minute = |t: NaiveTime| (t.hour() * 60 + t.minute()) as i64;
    let apart = (minute(now) - minute(planned)).rem_euclid(24 * 60);
    let apart = apart.min(24 * 60 - apart);
    (apart > MOVE_AFTER_MINUTES).then(|| NaiveTime::from_hms_opt(now.hour(), now.minute(), 0))?
}

/// The one line that tells the facilitator the plan moved, and how to keep it.
pub fn moved_words(planned: NaiveTime, started: NaiveTime, programme_seconds: u64) -> String {
    let end = started + TimeDelta::seconds(programme_seconds.min(i64::MAX as u64 / 1000) as i64);
    let hm = |t: NaiveTime| t.format("%H:%M").to_string();
    format!(
        "Started {}, not {}: the plan now runs {}\u{2013}{}. Keep {} with --start {}.",
        hm(started),
        hm(planned),
        hm(started),
        hm(end),
        hm(planned),
        hm(planned)
    )
}

/// The times slides may name (`{{start:ID}}`, `{{finish}}`, `{{programme}}`), from the live
/// plan: an item already begun from when it really began, the rest one after another from
/// when the current item will end, each for its minutes now (after any "fit the rest").
pub fn plan_times(pack: &Pack, state: &State, now: DateTime<Utc>, offset: FixedOffset) -> PlanTimes {
    let schedule = Schedule::compute(pack, state, now, offset);
    let current = state.position.item;
    let local = |t: DateTime<Utc>| t.with_timezone(&offset).time();
    let mut cursor = planned_start(state, offset);
    let mut items = Vec::with_capacity(schedule.items.len());
    for (index, (item, times)) in pack.programme.items.iter().zip(&schedule.items).enumerate() {
        let (start, end) = if index < current {
            let start = times.actual_start.unwrap_or(cursor);
            (start, later(start, times.actual_seconds))
        } else if index == current {
            let end = current_end(state, &schedule.items, now).unwrap_or(now);
            (times.actual_start.unwrap_or(now).min(end), end)
        } else {
            (cursor, later(cursor, times.planned_seconds))
        };
        cursor = end;
        items.push(TimedItem {
            id: item.id.clone(),
            title: item.title.clone(),
            start: local(start),
            end: local(end),
            seconds: times.planned_seconds.max(0) as u32,
        });
    }
    PlanTimes {
        items,
        finish: local(cursor),
    }
}

/// When the current item will end: as planned from when it was entered (less any time it
/// had on earlier visits), unless it is already running over.
fn current_end(state: &State, items: &[ItemTimes], now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let current = state.position.item;
    let cur = items.get(current)?;
    let entered = state
        .visits
        .iter()
        .rev()
        .find(|v| Some(v.item.as_str()) == state.item_id(current))
        .map_or(now, |v| v.from);
    let spent_before = cur.actual_seconds - (now - entered).num_seconds().max(0);
    let left = (cur.planned_seconds - spent_before).max(0);
    Some(later(entered, left).max(now))
}

/// An item's planned seconds: as re-planned during the session, or the pack's.
pub fn planned_seconds(pack: &Pack, state: &State, index: usize) -> u32 {
    let Some(item) = pack.programme.items.get(index) else {
        return 0;
    };
    state.planned.get(&item.id).copied().unwrap_or(item.seconds)
}

/// The planned start as an instant: the session's planned HH:MM on the day it started, in
/// the room's time zone.
pub fn planned_start(state: &State, offset: FixedOffset) -> DateTime<Utc> {
    let started = state.started_at.unwrap_or_default();
    // Checked: at the ends of chrono's range the local day may not exist.
    let Some(local) = started.naive_utc().checked_add_offset(offset) else {
        return started.min(last_instant());
    };
    local
        .date()
        .and_time(state.planned_start)
        .and_local_timezone(offset)
        .single()
        .map_or(started, |t| t.with_timezone(&Utc))
        .min(last_instant())
}

/// The last instant the outcomes can name: a year of five digits breaks their timestamps.
pub fn last_instant() -> DateTime<Utc> {
    DateTime::from_timestamp(253_402_300_799, 0).expect("9999-12-31T23:59:59Z is a time")
}

/// The times a journal's events may have: from 2000 until a week before the end of 9999,
/// so that what a session works out from them (a planned start in the room's time zone,
/// the day of the session) still has a four-digit year. A time outside is a damaged line.
pub fn journal_range() -> std::ops::Range<DateTime<Utc>> {
    let earliest = DateTime::from_timestamp(946_684_800, 0).expect("2000-01-01T00:00:00Z is a time");
    let refused =
        DateTime::from_timestamp(253_402_300_800 - 7 * 86_400, 0).expect("9999-12-25T00:00:00Z is a time");
    earliest..refused
}

/// `at` moved on by `seconds` (negative: back), never past `last_instant`: no time a
/// session works out can panic, nor give the outcomes a five-digit year.
pub fn later(at: DateTime<Utc>, seconds: i64) -> DateTime<Utc> {
    let moved = TimeDelta::try_seconds(seconds).and_then(|d| at.checked_add_signed(d));
    match moved {
        Some(t) => t.min(last_instant()),
        None if seconds < 0 => DateTime::<Utc>::MIN_UTC,
        None => last_instant(),
    }
}

/// "on time", "5 min behind", "3 min ahead": whole minutes, rounded toward on time so a few
/// seconds never flip the words.
pub fn slip_words(slip_seconds: i64) -> String {
    let minutes = slip_seconds / 60;
    match minutes {
        0 => "on time".to_string(),
        m if m > 0 => format!("{m} min behind"),
        m => format!("{} min ahead", -m),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::event::{Event, EventKind};
    use chrono::TimeZone;

    fn at(min: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 27, 9, 30, 0).unwrap() + TimeDelta::minutes(min)
    }

    fn state_with(pack: &Pack, moves: &[(i64, usize)]) -> State {
        let ids: Vec<String> = pack.programme.items.iter().map(|i| i.id.clone()).collect();
        let mut state = State::new(ids.clone());
        let mut seq = 0;
        let mut push = |state: &mut State, at, kind| {
            seq += 1;
            state.apply(&Event { seq, at, kind });
        };
        push(
            &mut state,
            at(0),
            EventKind::SessionStarted {
                title: "t".into(),
                pack_hash: "h".into(),
                planned_start: "09:30".into(),
                facilitator: None,
                venue: None,
                convene_version: "0".into(),
                seed: None,
            },
        );
        for (min, item) in moves {
            push(
                &mut state,
                at(*min),
                EventKind::Navigated {
                    item: ids[*item].clone(),
                    slide: 0,
                    step: 0,
                },
            );
        }
        state
    }

    #[test]
    fn on_plan_at_the_start() {
        let pack = Pack::builtin().unwrap();
        let state = state_with(&pack, &[]);
        let s = Schedule::compute(&pack, &state, at(1), FixedOffset::east_opt(0).unwrap());
        assert_eq!(s.items[0].status, ItemStatus::Now);
        assert_eq!(s.items[1].status, ItemStatus::Next);
        assert_eq!(s.slip_seconds(), 0);
        assert_eq!(s.planned_finish, at(pack.programme.total_seconds() as i64 / 60));
    }

    #[test]
    fn overrunning_the_current_item_pushes_the_finish() {
        let pack = Pack::builtin().unwrap();
        let first = pack.programme.items[0].seconds as i64 / 60;
        let state = state_with(&pack, &[]);
        let s = Schedule::compute(&pack, &state, at(first + 7), FixedOffset::east_opt(0).unwrap());
        assert_eq!(s.slip_seconds(), 7 * 60);
        assert_eq!(slip_words(s.slip_seconds()), "7 min behind");
    }

    #[test]
    fn moving_on_early_puts_the_workshop_ahead_and_going_back_keeps_history() {
        let pack = Pack::builtin().unwrap();
        let state = state_with(&pack, &[(4, 1), (10, 0), (12, 1)]);
        let s = Schedule::compute(&pack, &state, at(12), FixedOffset::east_opt(0).unwrap());
        assert_eq!(s.items[0].status, ItemStatus::Done);
        assert_eq!(s.items[0].actual_start, Some(at(0)));
        assert_eq!(s.items[0].actual_seconds, (4 + 2) * 60);
        assert_eq!(s.items[1].actual_seconds, 6 * 60);
        assert_eq!(s.items[1].status, ItemStatus::Now);
        let planned_first = pack.programme.items[0].seconds as i64;
        let planned_second = pack.programme.items[1].seconds as i64;
        // Item 2 has had 6 minutes already; its remaining time runs from now.
        let expected = (12 * 60 + planned_second - 6 * 60) - (planned_first + planned_second);
        assert_eq!(s.slip_seconds(), expected);
    }

    /// A session whose every event is at `start`, with `now` anywhere: the schedule, the
    /// current item's end and "fit the rest" never panic and never name a time past
    /// `last_instant`.
    fn extremes(start: DateTime<Utc>, now: DateTime<Utc>) {
        let pack = Pack::builtin().unwrap();
        let ids: Vec<String> = pack.programme.items.iter().map(|i| i.id.clone()).collect();
        let mut state = State::new(ids.clone());
        let started = EventKind::SessionStarted {
            title: "t".into(),
            pack_hash: "h".into(),
            planned_start: "23:59".into(),
            facilitator: None,
            venue: None,
            convene_version: "0".into(),
            seed: None,
        };
        let moved = EventKind::Navigated {
            item: ids[1].clone(),
            slide: 0,
            step: 0,
        };
        for (seq, kind) in [started, moved].into_iter().enumerate() {
            state.apply(&Event {
                seq: seq as u64 + 1,
                at: start,
                kind,
            });
        }
        for offset in [-14 * 3600, 0, 14 * 3600] {
            let offset = FixedOffset::east_opt(offset).unwrap();
            let s = Schedule::compute(&pack, &state, now, offset);
            let _ = s.slip_seconds();
            let p = fit_the_rest(&pack, &state, now, offset, true);
            let mut times = vec![s.planned_finish, p.target, p.finish];
            times.extend(s.items.iter().map(|i| i.planned_start));
            for t in times {
                assert!(t <= last_instant().max(now), "{t:?} from {start:?} at {now:?}");
            }
        }
    }

    #[test]
    fn far_future_and_far_past_times_neither_panic_nor_pass_the_last_instant() {
        let far = DateTime::<Utc>::MAX_UTC;
        let first = DateTime::<Utc>::MIN_UTC;
        let end_of_9999 = journal_range().end - TimeDelta::nanoseconds(1);
        for (start, now) in [
            (far, far),
            (first, far),
            (far, first),
            (first, first),
            (end_of_9999, end_of_9999),
            (end_of_9999, far),
            (at(0), far),
        ] {
            extremes(start, now);
        }
    }

    #[test]
    fn later_saturates() {
        assert_eq!(later(at(0), 60), at(1));
        assert_eq!(later(at(0), -60), at(-1));
        assert_eq!(later(at(0), i64::MAX), last_instant());
        assert_eq!(later(at(0), i64::MIN), DateTime::<Utc>::MIN_UTC);
        assert_eq!(later(DateTime::<Utc>::MAX_UTC, 1), last_instant());
        assert_eq!(later(last_instant(), 1), last_instant());
        assert_eq!(journal_range().end.to_rfc3339(), "9999-12-25T00:00:00+00:00");
    }

    #[test]
    fn planned_start_uses_the_room_time_zone() {
        let pack = Pack::builtin().unwrap();
        let state = state_with(&pack, &[]);
        let plus_one = FixedOffset::east_opt(3600).unwrap();
        // 09:30 in UTC+1 is 08:30 UTC.
        assert_eq!(planned_start(&state, plus_one), at(-60));
    }
}

#[cfg(test)]
mod plan_tests {
    use super::*;
    use crate::session::{Session, StartOptions};
    use chrono::TimeZone;

    fn at(min: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 27, 9, 30, 0).unwrap() + TimeDelta::minutes(min)
    }

    fn utc() -> FixedOffset {
        FixedOffset::east_opt(0).unwrap()
    }

    #[test]
    fn the_plan_moves_only_past_a_quarter_of_an_hour() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        let late = NaiveTime::from_hms_opt(10, 2, 41).unwrap();
        assert_eq!(moved_start(t(9, 30), late), Some(t(10, 2)));
        assert_eq!(
            moved_start(t(9, 30), t(9, 45)),
            None,
            "15 min late is a late start"
        );
        assert_eq!(moved_start(t(9, 30), t(9, 46)), Some(t(9, 46)));
        assert_eq!(moved_start(t(9, 30), t(9, 15)), None, "15 min early");
        assert_eq!(moved_start(t(9, 30), t(9, 14)), Some(t(9, 14)));
        assert_eq!(moved_start(t(9, 30), t(19, 25)), Some(t(19, 25)));
        assert_eq!(moved_start(t(23, 50), t(0, 5)), None, "round midnight");
        assert_eq!(moved_start(t(23, 50), t(0, 6)), Some(t(0, 6)));
        assert_eq!(
            moved_words(t(9, 30), t(10, 2), 210 * 60),
            "Started 10:02, not 09:30: the plan now runs 10:02\u{2013}13:32. Keep 09:30 with --start 09:30."
        );
    }

    /// A session begun at 19:25 with the plan moved there: on time from the first slide, and
    /// every time is a 19:25 time.
    #[test]
    fn a_moved_plan_runs_from_the_real_start() {
        let dir = tempfile::tempdir().unwrap();
        let evening = at(9 * 60 + 55);
        let options = StartOptions {
            start: moved_start(NaiveTime::from_hms_opt(9, 30, 0).unwrap(), evening.time()),
            ..StartOptions::default()
        };
        let s = Session::create(&dir.path().join("s"), Pack::builtin().unwrap(), &options, evening).unwrap();
        let schedule = Schedule::compute(&s.pack, &s.state, later(evening, 60), utc());
        assert_eq!(slip_words(schedule.slip_seconds()), "on time");
        assert_eq!(schedule.items[0].planned_start, evening);
        assert_eq!(schedule.planned_finish, later(evening, 210 * 60));
        // Without the move: ten hours behind from the first slide.
        let (_d, kept) = session_at(evening);
        let schedule = Schedule::compute(&kept.pack, &kept.state, later(evening, 60), utc());
        assert_eq!(slip_words(schedule.slip_seconds()), "595 min behind");
    }

    fn session_at(now: DateTime<Utc>) -> (tempfile::TempDir, Session) {
        let dir = tempfile::tempdir().unwrap();
        let s = Session::create(
            &dir.path().join("s"),
            Pack::builtin().unwrap(),
            &StartOptions::default(),
            now,
        )
        .unwrap();
        (dir, s)
    }
}
