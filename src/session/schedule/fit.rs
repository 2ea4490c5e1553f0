//! "Fit the rest": new minutes for the rest of the programme so it still ends on time, and
//! the phase lengths of an activity whose item was re-planned.

use chrono::{DateTime, FixedOffset, Utc};

use crate::pack::{Activity, ItemKind, Pack};

use super::{Schedule, current_end, later, planned_seconds, planned_start};
use crate::session::event::PlannedItem;
use crate::session::state::State;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::slides::PlanTimes;
    use crate::session::schedule::*;
    use crate::session::{Command, Session, StartOptions};
    use chrono::TimeZone;
    use chrono::{FixedOffset, NaiveTime, TimeDelta};

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
