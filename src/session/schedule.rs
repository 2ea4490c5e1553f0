//! The programme against the clock: planned times from the start time, actual times from the
//! journal, and how far ahead or behind the workshop is. Pure: `now` and the local offset
//! are passed in.

use chrono::{DateTime, FixedOffset, NaiveTime, TimeDelta, Utc};

use crate::pack::Pack;

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
    pub planned_start: DateTime<Utc>,
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

    pub fn compute(
        pack: &Pack,
        state: &State,
        now: DateTime<Utc>,
        offset: FixedOffset,
    ) -> Schedule {
        let start = planned_start(state, offset);
        let current = state.position.item;
        let mut items = Vec::with_capacity(pack.programme.items.len());
        let mut at = start;
        for (index, item) in pack.programme.items.iter().enumerate() {
            let planned_seconds = item.seconds as i64;
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
            at += TimeDelta::seconds(planned_seconds);
        }
        let planned_finish = at;
        let projected_finish = match items.get(current) {
            None => planned_finish,
            Some(cur) => {
                let entered = state
                    .visits
                    .iter()
                    .rev()
                    .find(|v| Some(v.item.as_str()) == state.item_id(current))
                    .map_or(now, |v| v.from);
                // The current item ends as planned from when it was entered, unless it is
                // already running over.
                let spent_before = cur.actual_seconds - (now - entered).num_seconds().max(0);
                let left = (cur.planned_seconds - spent_before).max(0);
                let current_end = (entered + TimeDelta::seconds(left)).max(now);
                let rest: i64 = items[current + 1..].iter().map(|i| i.planned_seconds).sum();
                current_end + TimeDelta::seconds(rest)
            }
        };
        Schedule {
            items,
            planned_finish,
            projected_finish,
        }
    }
}

/// The planned start as an instant: the session's planned HH:MM on the day it started, in
/// the room's time zone.
pub fn planned_start(state: &State, offset: FixedOffset) -> DateTime<Utc> {
    let started = state.started_at.unwrap_or_default();
    let day = started.with_timezone(&offset).date_naive();
    let time = crate::pack::parse_clock(&state.planned_start).unwrap_or(NaiveTime::MIN);
    day.and_time(time)
        .and_local_timezone(offset)
        .single()
        .map_or(started, |t| t.with_timezone(&Utc))
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
        assert_eq!(
            s.planned_finish,
            at(pack.programme.total_seconds() as i64 / 60)
        );
    }

    #[test]
    fn overrunning_the_current_item_pushes_the_finish() {
        let pack = Pack::builtin().unwrap();
        let first = pack.programme.items[0].seconds as i64 / 60;
        let state = state_with(&pack, &[]);
        let s = Schedule::compute(
            &pack,
            &state,
            at(first + 7),
            FixedOffset::east_opt(0).unwrap(),
        );
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

    #[test]
    fn planned_start_uses_the_room_time_zone() {
        let pack = Pack::builtin().unwrap();
        let state = state_with(&pack, &[]);
        let plus_one = FixedOffset::east_opt(3600).unwrap();
        // 09:30 in UTC+1 is 08:30 UTC.
        assert_eq!(planned_start(&state, plus_one), at(-60));
    }
}
