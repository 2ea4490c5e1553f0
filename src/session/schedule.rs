//! The programme against the clock: planned times from the start time, actual times from the
//! journal, and how far ahead or behind the workshop is. Pure: `now` and the local offset
//! are passed in.

use chrono::{DateTime, FixedOffset, NaiveTime, TimeDelta, Timelike, Utc};

use crate::pack::slides::{PlanTimes, TimedItem};
use crate::pack::{Activity, ItemKind, Pack};

use super::event::PlannedItem;
use super::state::State;

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

/// An activity's phase lengths in seconds: the pack's, scaled in proportion when its
/// programme item was re-planned, so a shortened activity's phases all shrink together.
pub fn phase_lengths(pack: &Pack, state: &State, activity: &Activity) -> Vec<u32> {
    let item = pack
        .programme
        .items
        .iter()
        .find(|i| matches!(&i.kind, ItemKind::Activity(a) if *a == activity.id));
    let factor = match item.and_then(|i| Some((i, state.planned.get(&i.id)?))) {
        Some((item, &new)) if item.seconds > 0 => new as f64 / item.seconds as f64,
        _ => 1.0,
    };
    activity
        .phases
        .iter()
        .map(|p| {
            if factor == 1.0 {
                p.seconds
            } else {
                scaled_phase(p.seconds as f64 * factor)
            }
        })
        .collect()
}

/// A re-planned phase's length as a facilitator would say it: whole minutes, or half
/// minutes for a phase under three minutes; never nothing.
fn scaled_phase(seconds: f64) -> u32 {
    let step = if seconds < 180.0 { 30.0 } else { 60.0 };
    ((seconds / step).round() * step).max(30.0) as u32
}

/// A proposal for the rest of the programme so that it still ends when the pack planned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub items: Vec<Proposed>,
    /// The finish the pack planned.
    pub target: DateTime<Utc>,
    /// The finish if the proposal is taken and then run to plan.
    pub finish: DateTime<Utc>,
    pub include_breaks: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposed {
    pub index: usize,
    pub item: String,
    pub from: u32,
    pub to: u32,
}

impl Proposal {
    /// The items whose minutes change, as the event records them.
    pub fn changes(&self) -> Vec<PlannedItem> {
        self.items
            .iter()
            .filter(|p| p.from != p.to)
            .map(|p| PlannedItem {
                item: p.item.clone(),
                seconds: p.to,
            })
            .collect()
    }
}

/// The least an item may shrink to: 40% of its pack minutes, but at least two minutes (or
/// its whole length if it is shorter than that).
pub fn minimum_seconds(planned: u32) -> u32 {
    let floor = ((planned as f64 * 0.4 / 60.0).ceil() as u32 * 60).max(120);
    floor.min(planned)
}

/// "Fit the rest": new minutes for the items after the current one, shrunk in proportion
/// (never below their minimum, breaks kept unless `include_breaks`) so the workshop ends on
/// time; or back toward the pack's minutes when there is time again.
pub fn fit_the_rest(
    pack: &Pack,
    state: &State,
    now: DateTime<Utc>,
    offset: FixedOffset,
    include_breaks: bool,
) -> Proposal {
    let schedule = Schedule::compute(pack, state, now, offset);
    let start = planned_start(state, offset);
    let target = later(start, pack.programme.total_seconds() as i64);
    let current = state.position.item;
    let end = current_end(state, &schedule.items, now).unwrap_or(now);
    let rest: Vec<usize> = (current + 1..pack.programme.items.len()).collect();
    let flexible = |i: usize| include_breaks || pack.programme.items[i].kind != ItemKind::Break;

    let fixed: i64 = rest
        .iter()
        .filter(|&&i| !flexible(i))
        .map(|&i| planned_seconds(pack, state, i) as i64)
        .sum();
    let available = ((target - end).num_seconds() - fixed).max(0);
    let flex: Vec<usize> = rest.iter().copied().filter(|&i| flexible(i)).collect();
    let original: Vec<u32> = flex.iter().map(|&i| pack.programme.items[i].seconds).collect();
    let fitted = shrink(&original, available);

    let mut items = Vec::new();
    for &i in &rest {
        let from = planned_seconds(pack, state, i);
        let to = match flex.iter().position(|&f| f == i) {
            Some(n) => fitted[n],
            None => from,
        };
        items.push(Proposed {
            index: i,
            item: pack.programme.items[i].id.clone(),
            from,
            to,
        });
    }
    let total: i64 = items.iter().map(|p| p.to as i64).sum();
    Proposal {
        items,
        target,
        finish: later(end, total),
        include_breaks,
    }
}

/// Shrinks lengths in proportion to fit `available` seconds, each no lower than its
/// minimum, in whole minutes.
fn shrink(original: &[u32], available: i64) -> Vec<u32> {
    let total: i64 = original.iter().map(|&s| s as i64).sum();
    if total <= available {
        return original.to_vec();
    }
    let mins: Vec<u32> = original.iter().map(|&s| minimum_seconds(s)).collect();
    if mins.iter().map(|&m| m as i64).sum::<i64>() >= available {
        return mins;
    }
    // Pin items that would fall below their minimum, share the rest in proportion.
    let mut pinned = vec![false; original.len()];
    let mut factor;
    loop {
        let free: i64 = available
            - original
                .iter()
                .zip(&mins)
                .zip(&pinned)
                .filter(|(_, p)| **p)
                .map(|((_, &m), _)| m as i64)
                .sum::<i64>();
        let unpinned: i64 = original
            .iter()
            .zip(&pinned)
            .filter(|(_, p)| !**p)
            .map(|(&s, _)| s as i64)
            .sum();
        factor = if unpinned > 0 {
            free as f64 / unpinned as f64
        } else {
            0.0
        };
        let mut changed = false;
        for (n, &s) in original.iter().enumerate() {
            if !pinned[n] && (s as f64 * factor) < mins[n] as f64 {
                pinned[n] = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    // Whole minutes, never below the minimum: each rounded down, then the minutes that
    // rounding lost go back one each to the items that lost most, so the whole lands on the
    // available time (to within the half minute it cannot split), neither late nor early.
    let exact: Vec<f64> = original.iter().map(|&s| s as f64 * factor).collect();
    let mut fitted: Vec<u32> = original
        .iter()
        .enumerate()
        .map(|(n, _)| {
            if pinned[n] {
                mins[n]
            } else {
                ((exact[n] / 60.0).floor() as u32 * 60).max(mins[n])
            }
        })
        .collect();
    let used: i64 = fitted.iter().map(|&s| s as i64).sum();
    // To the nearest minute: the finish lands within half a minute of the target.
    let mut spare = (available - used + 30).div_euclid(60);
    let mut order: Vec<usize> = (0..original.len())
        .filter(|&n| !pinned[n] && fitted[n] < original[n])
        .collect();
    order.sort_by(|&a, &b| {
        let lost = |n: usize| exact[n] - fitted[n] as f64;
        lost(b).total_cmp(&lost(a)).then(a.cmp(&b))
    });
    for n in order {
        if spare <= 0 {
            break;
        }
        fitted[n] = (fitted[n] + 60).min(original[n]);
        spare -= 1;
    }
    fitted
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
mod fit_tests {
    use super::*;
    use crate::pack::slides::PlanTimes;
    use crate::session::{Command, Session, StartOptions};
    use chrono::TimeZone;

    fn at(min: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 27, 9, 30, 0).unwrap() + TimeDelta::minutes(min)
    }

    fn utc() -> FixedOffset {
        FixedOffset::east_opt(0).unwrap()
    }

    fn session() -> (tempfile::TempDir, Session) {
        let dir = tempfile::tempdir().unwrap();
        let s = Session::create(
            &dir.path().join("s"),
            Pack::builtin().unwrap(),
            &StartOptions::default(),
            at(0),
        )
        .unwrap();
        (dir, s)
    }

    #[test]
    fn shrinks_in_proportion_never_below_minimum_and_keeps_breaks() {
        let (_dir, mut s) = session();
        // Introductions began 25 minutes late.
        s.execute(&Command::GoToItem(1), at(35)).unwrap();
        let p = fit_the_rest(&s.pack, &s.state, at(35), utc(), false);
        assert!(
            (p.finish - p.target).num_seconds().abs() <= 30,
            "ends on time: {:?} vs {:?}",
            p.finish,
            p.target
        );
        for proposed in &p.items {
            let item = &s.pack.programme.items[proposed.index];
            assert!(
                proposed.to >= minimum_seconds(item.seconds),
                "{} above its minimum",
                item.id
            );
            assert_eq!(proposed.to % 60, 0, "whole minutes");
            if item.kind == ItemKind::Break {
                assert_eq!(proposed.to, item.seconds, "breaks kept");
            } else {
                assert!(proposed.to <= item.seconds);
            }
        }
        // Letting breaks shrink too takes less from everything else.
        let with_breaks = fit_the_rest(&s.pack, &s.state, at(35), utc(), true);
        let ideas = |p: &Proposal| p.items.iter().find(|i| i.item == "mapping").unwrap().to;
        assert!(ideas(&with_breaks) >= ideas(&p));

        // Taking it: journaled, and the programme then ends on time.
        s.execute(&Command::Replan(p.changes()), at(35)).unwrap();
        let schedule = Schedule::compute(&s.pack, &s.state, at(35), utc());
        assert!(schedule.slip_seconds().abs() <= 30, "{}", schedule.slip_seconds());
        // Its phases shrink with it.
        let mapping = s.pack.activity("mapping").unwrap();
        let lengths = phase_lengths(&s.pack, &s.state, mapping);
        assert!(lengths.iter().sum::<u32>() < mapping.total_seconds());
    }

    #[test]
    fn when_nothing_can_fit_everything_goes_to_its_minimum() {
        let (_dir, mut s) = session();
        s.execute(&Command::GoToItem(1), at(200)).unwrap();
        let p = fit_the_rest(&s.pack, &s.state, at(200), utc(), false);
        assert!(p.finish > p.target);
        for proposed in &p.items {
            let item = &s.pack.programme.items[proposed.index];
            if item.kind != ItemKind::Break {
                assert_eq!(proposed.to, minimum_seconds(item.seconds), "{}", item.id);
            }
        }
    }

    #[test]
    fn on_time_proposes_nothing() {
        let (_dir, s) = session();
        let p = fit_the_rest(&s.pack, &s.state, at(1), utc(), false);
        assert!(p.changes().is_empty());
        let err = s.apply(&Command::Replan(p.changes()), at(1)).unwrap_err();
        assert_eq!(err, crate::session::CommandError::NothingToReplan);
    }

    /// Half an hour behind at item 3 (Why local networks?, planned 10:00, begun 10:30): the
    /// proposal lands on the planned 13:00, and once it is taken the footer says on time.
    #[test]
    fn thirty_minutes_behind_at_item_three_lands_on_the_planned_finish() {
        let (_dir, mut s) = session();
        s.execute(&Command::GoToItem(2), at(60)).unwrap();
        let before = Schedule::compute(&s.pack, &s.state, at(60), utc());
        assert_eq!(slip_words(before.slip_seconds()), "30 min behind");
        let p = fit_the_rest(&s.pack, &s.state, at(60), utc(), false);
        assert_eq!(p.target, at(210), "13:00");
        assert!(
            (p.finish - p.target).num_seconds().abs() <= 60,
            "{:?} vs {:?}",
            p.finish,
            p.target
        );
        // The minutes taken: the 30 minutes late, out of the 150 after item 3 (25 of them
        // breaks, kept), in whole minutes.
        let taken: i64 = p.items.iter().map(|i| i.from as i64 - i.to as i64).sum();
        assert_eq!(taken, 30 * 60);
        s.execute(&Command::Replan(p.changes()), at(60)).unwrap();
        let after = Schedule::compute(&s.pack, &s.state, at(61), utc());
        assert_eq!(slip_words(after.slip_seconds()), "on time");
        assert!(after.slip_seconds().abs() <= 60, "{}", after.slip_seconds());
        // The programme view's minutes are the new ones.
        for proposed in &p.items {
            assert_eq!(after.items[proposed.index].planned_seconds, proposed.to as i64);
        }
    }

    /// A re-planned activity's phases are whole minutes, or half minutes under three: never
    /// 0:50 or 1 min 35 s.
    #[test]
    fn shrunk_phases_are_whole_or_half_minutes() {
        let (_dir, mut s) = session();
        s.execute(&Command::GoToItem(2), at(60)).unwrap();
        let p = fit_the_rest(&s.pack, &s.state, at(60), utc(), false);
        s.execute(&Command::Replan(p.changes()), at(60)).unwrap();
        let mut checked = 0;
        for activity in &s.pack.activities {
            for (len, phase) in phase_lengths(&s.pack, &s.state, activity)
                .iter()
                .zip(&activity.phases)
            {
                let step = if *len < 180 { 30 } else { 60 };
                assert_eq!(len % step, 0, "{} {}: {len} s", activity.id, phase.name);
                assert!(*len >= 30);
                checked += 1;
            }
        }
        assert!(checked > 0);
        assert_eq!(scaled_phase(50.0), 60);
        assert_eq!(scaled_phase(95.0), 90);
        assert_eq!(scaled_phase(10.0), 30);
        assert_eq!(scaled_phase(200.0), 180);
        assert_eq!(scaled_phase(215.0), 240);
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

    /// The times slides name follow the live plan: on time they are the pack's; after a late
    /// item and "fit the rest", the later items move and the finish stays.
    #[test]
    fn slide_times_follow_the_live_plan() {
        let (_dir, mut s) = session();
        let hm = |t: NaiveTime| t.format("%H:%M").to_string();
        let times = plan_times(&s.pack, &s.state, at(1), utc());
        let find = |t: &PlanTimes, id: &str| t.items.iter().find(|i| i.id == id).unwrap().clone();
        assert_eq!(hm(find(&times, "break-1").start), "10:40");
        assert_eq!(hm(find(&times, "break-2").start), "12:05");
        assert_eq!(hm(times.finish), "13:00");
        // Half an hour late into item 3, re-planned: the breaks come sooner than the late
        // start would make them, and the finish is 13:00 again.
        s.execute(&Command::GoToItem(2), at(60)).unwrap();
        let late = plan_times(&s.pack, &s.state, at(60), utc());
        assert_eq!(hm(find(&late, "why-networks").start), "10:30");
        assert_eq!(hm(late.finish), "13:30");
        let p = fit_the_rest(&s.pack, &s.state, at(60), utc(), false);
        s.execute(&Command::Replan(p.changes()), at(60)).unwrap();
        let fitted = plan_times(&s.pack, &s.state, at(60), utc());
        assert_eq!(hm(fitted.finish), "13:00");
        let tea = find(&fitted, "break-1");
        assert!(
            tea.start > find(&times, "break-1").start
                && tea.start < NaiveTime::from_hms_opt(11, 10, 0).unwrap()
        );
        assert_eq!(
            hm(find(&fitted, "welcome").start),
            "09:30",
            "begun items keep their real start"
        );
    }

    #[test]
    fn minimums() {
        assert_eq!(minimum_seconds(25 * 60), 10 * 60);
        assert_eq!(minimum_seconds(5 * 60), 2 * 60);
        assert_eq!(minimum_seconds(60), 60);
    }
}
