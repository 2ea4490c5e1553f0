//! The timer of an activity: a pure function of its events and `now`, so it never drifts
//! (nothing counts ticks) and a session resumed after a crash shows the time that really
//! passed. Overrun counts up; nothing stops by itself.

use chrono::{DateTime, Utc};

use crate::pack::MAX_PHASES;

/// The folded timer events of one activity.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Timer {
    /// The phase the facilitator last put the activity in.
    pub phase: usize,
    /// Milliseconds run in that phase before the current running stretch.
    banked_ms: i64,
    /// When the current running stretch began; None while paused or not started.
    running_since: Option<DateTime<Utc>>,
    /// Seconds added (or, negative, removed) per phase with `+` / `-`.
    adjust: Vec<i64>,
    /// Whether the timer has ever been started.
    pub started: bool,
}

/// How the timer reads at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimerStatus {
    NotStarted,
    Running,
    Paused,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimerView {
    pub phase: usize,
    pub status: TimerStatus,
    /// The phase's length after adjustments, in milliseconds.
    pub length_ms: i64,
    /// Milliseconds run in this phase.
    pub elapsed_ms: i64,
}

impl TimerView {
    /// Milliseconds left; negative once time is up (the overrun).
    pub fn remaining_ms(&self) -> i64 {
        self.length_ms - self.elapsed_ms
    }

    pub fn overrun(&self) -> bool {
        self.remaining_ms() < 0
    }

    /// Near the end: the last minute or the last 20%, whichever is shorter.
    pub fn nearly_done(&self) -> bool {
        let window = (self.length_ms / 5).min(60_000);
        let left = self.remaining_ms();
        left >= 0 && left <= window
    }

    /// What a clock face shows: whole seconds left (rounded up, so 0:00 means time is up),
    /// or whole seconds over.
    pub fn shown_seconds(&self) -> i64 {
        let left = self.remaining_ms();
        if left > 0 {
            left.saturating_add(999) / 1000
        } else {
            -left / 1000
        }
    }

    /// Milliseconds until what a clock face shows changes (for the next redraw).
    pub fn ms_to_next_second(&self) -> i64 {
        let left = self.remaining_ms();
        let into = if left > 0 {
            (left - 1).rem_euclid(1000) + 1
        } else {
            1000 - (-left).rem_euclid(1000)
        };
        into.clamp(1, 1000)
    }
}

impl Timer {
    pub fn start(&mut self, at: DateTime<Utc>) {
        if self.running_since.is_none() {
            self.running_since = Some(at);
            self.started = true;
        }
    }

    pub fn pause(&mut self, at: DateTime<Utc>) {
        if let Some(since) = self.running_since.take() {
            self.banked_ms = self
                .banked_ms
                .saturating_add((at - since).num_milliseconds().max(0));
        }
    }

    pub fn running(&self) -> bool {
        self.running_since.is_some()
    }

    /// Moves to a phase with `elapsed_ms` of it already run; a running timer keeps running.
    pub fn set_phase(&mut self, phase: usize, elapsed_ms: i64, at: DateTime<Utc>) {
        self.phase = phase;
        self.banked_ms = elapsed_ms.max(0);
        if self.running_since.is_some() {
            self.running_since = Some(at);
        }
    }

    pub fn adjust(&mut self, phase: usize, seconds: i64) {
        // A journal line naming an absurd phase must not cost memory or a panic; every phase
        // a pack may have is kept.
        if phase >= MAX_PHASES {
            return;
        }
        if self.adjust.len() <= phase {
            self.adjust.resize(phase + 1, 0);
        }
        self.adjust[phase] = self.adjust[phase].saturating_add(seconds);
    }

    pub fn adjustment(&self, phase: usize) -> i64 {
        self.adjust.get(phase).copied().unwrap_or(0)
    }

    fn elapsed_ms(&self, now: DateTime<Utc>) -> i64 {
        let running = self
            .running_since
            .map_or(0, |since| (now - since).num_milliseconds().max(0));
        self.banked_ms.saturating_add(running)
    }

    /// Reads the timer at `now`, given each phase's planned length in seconds. With
    /// `auto_advance`, time past the end of a phase flows into the next one, exactly.
    pub fn view(&self, planned: &[u32], auto_advance: bool, now: DateTime<Utc>) -> TimerView {
        let length = |phase: usize| {
            let base = planned.get(phase).copied().unwrap_or(0) as i64;
            // A phase can be shortened to nothing but not below it.
            base.saturating_add(self.adjustment(phase))
                .clamp(0, i64::MAX / 1000)
                * 1000
        };
        let mut phase = self.phase.min(planned.len().saturating_sub(1));
        let mut elapsed = self.elapsed_ms(now);
        if auto_advance {
            while elapsed >= length(phase) && phase + 1 < planned.len() {
                elapsed -= length(phase);
                phase += 1;
            }
        }
        let status = if self.running_since.is_some() {
            TimerStatus::Running
        } else if self.started {
            TimerStatus::Paused
        } else {
            TimerStatus::NotStarted
        };
        TimerView {
            phase,
            status,
            length_ms: length(phase),
            elapsed_ms: elapsed,
        }
    }
}

/// "3:05", "12:00", "1:02:03".
pub fn clock_face(seconds: i64) -> String {
    let s = seconds.abs();
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeDelta, TimeZone};

    fn t(ms: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 27, 10, 0, 0).unwrap() + TimeDelta::milliseconds(ms)
    }

    const PHASES: [u32; 4] = [60, 120, 240, 300];

    #[test]
    fn every_phase_a_pack_may_have_keeps_its_adjustment_and_none_beyond() {
        let mut timer = Timer::default();
        timer.adjust(MAX_PHASES - 1, 60);
        timer.adjust(MAX_PHASES, 60);
        timer.adjust(usize::MAX, 60);
        assert_eq!(timer.adjustment(MAX_PHASES - 1), 60);
        assert_eq!(timer.adjustment(MAX_PHASES), 0);
        assert_eq!(timer.adjust.len(), MAX_PHASES);
    }

    #[test]
    fn extreme_times_and_lengths_do_not_overflow() {
        let mut timer = Timer::default();
        timer.adjust(0, i64::MAX);
        timer.set_phase(0, i64::MAX, DateTime::<Utc>::MIN_UTC);
        timer.start(DateTime::<Utc>::MIN_UTC);
        timer.pause(DateTime::<Utc>::MAX_UTC);
        timer.start(DateTime::<Utc>::MIN_UTC);
        let v = timer.view(&PHASES, false, DateTime::<Utc>::MAX_UTC);
        assert_eq!(v.elapsed_ms, i64::MAX, "held at the most it can count");
        assert!(v.overrun());
        let v = timer.view(&PHASES, true, DateTime::<Utc>::MAX_UTC);
        assert_eq!(v.phase, 1, "through the lengthened first phase into the second");
        assert!(!v.overrun());
        // A phase lengthened as far as it goes, not yet started.
        let mut long = Timer::default();
        long.adjust(0, i64::MAX);
        let v = long.view(&PHASES, false, DateTime::<Utc>::MAX_UTC);
        assert_eq!(v.shown_seconds(), i64::MAX / 1000);
        assert!(v.ms_to_next_second() >= 1);
    }

    #[test]
    fn not_started_shows_the_whole_phase() {
        let timer = Timer::default();
        let v = timer.view(&PHASES, false, t(5_000));
        assert_eq!(v.status, TimerStatus::NotStarted);
        assert_eq!(v.shown_seconds(), 60);
        assert!(!v.overrun());
    }

    #[test]
    fn start_pause_resume() {
        let mut timer = Timer::default();
        timer.start(t(0));
        assert_eq!(timer.view(&PHASES, false, t(10_000)).shown_seconds(), 50);
        timer.pause(t(10_000));
        let v = timer.view(&PHASES, false, t(500_000));
        assert_eq!(
            (v.status, v.shown_seconds()),
            (TimerStatus::Paused, 50),
            "paused time does not count"
        );
        timer.start(t(500_000));
        assert_eq!(timer.view(&PHASES, false, t(520_000)).shown_seconds(), 30);
        // Starting twice changes nothing.
        timer.start(t(530_000));
        assert_eq!(timer.view(&PHASES, false, t(540_000)).shown_seconds(), 10);
    }

    #[test]
    fn overrun_counts_up_and_nothing_advances_by_itself() {
        let mut timer = Timer::default();
        timer.start(t(0));
        let v = timer.view(&PHASES, false, t(102_000));
        assert!(v.overrun());
        assert_eq!((v.phase, v.shown_seconds()), (0, 42));
        assert_eq!(clock_face(v.shown_seconds()), "0:42");
    }

    #[test]
    fn extend_and_shorten_past_zero() {
        let mut timer = Timer::default();
        timer.start(t(0));
        timer.adjust(0, 60);
        assert_eq!(timer.view(&PHASES, false, t(30_000)).shown_seconds(), 90);
        timer.adjust(0, -60);
        timer.adjust(0, -60);
        // 60 s planned, -60 net: shortened to nothing, 30 s over already.
        let v = timer.view(&PHASES, false, t(30_000));
        assert_eq!((v.length_ms, v.overrun(), v.shown_seconds()), (0, true, 30));
        timer.adjust(0, -60);
        assert_eq!(
            timer.view(&PHASES, false, t(30_000)).length_ms,
            0,
            "never below nothing"
        );
    }

    #[test]
    fn phase_changes_restart_the_phase_clock() {
        let mut timer = Timer::default();
        timer.start(t(0));
        timer.set_phase(1, 0, t(70_000));
        let v = timer.view(&PHASES, false, t(80_000));
        assert_eq!(
            (v.phase, v.shown_seconds(), v.status),
            (1, 110, TimerStatus::Running)
        );
        timer.pause(t(80_000));
        timer.set_phase(0, 0, t(90_000));
        let v = timer.view(&PHASES, false, t(95_000));
        assert_eq!(
            (v.phase, v.shown_seconds(), v.status),
            (0, 60, TimerStatus::Paused)
        );
    }

    #[test]
    fn auto_advance_flows_into_the_next_phase_exactly() {
        let mut timer = Timer::default();
        timer.start(t(0));
        let v = timer.view(&PHASES, true, t(61_500));
        assert_eq!((v.phase, v.elapsed_ms), (1, 1_500));
        // The last phase overruns rather than vanishing.
        let v = timer.view(&PHASES, true, t((60 + 120 + 240 + 300 + 42) * 1000));
        assert_eq!((v.phase, v.overrun(), v.shown_seconds()), (3, true, 42));
    }

    #[test]
    fn nearly_done_is_the_last_minute_or_the_last_fifth() {
        let mut timer = Timer::default();
        timer.start(t(0));
        // 60 s phase: last 12 s.
        assert!(!timer.view(&PHASES, false, t(47_000)).nearly_done());
        assert!(timer.view(&PHASES, false, t(49_000)).nearly_done());
        // 300 s phase: last 60 s.
        timer.set_phase(3, 0, t(0));
        assert!(!timer.view(&PHASES, false, t(239_000)).nearly_done());
        assert!(timer.view(&PHASES, false, t(241_000)).nearly_done());
    }

    #[test]
    fn a_crash_while_running_keeps_counting_and_paused_stays_paused() {
        // The fold of the same events later gives the time that really passed.
        let mut running = Timer::default();
        running.start(t(0));
        let after_restart = running.view(&PHASES, false, t(3_600_000));
        assert_eq!(after_restart.shown_seconds(), 3_600 - 60);
        assert!(after_restart.overrun());

        let mut paused = Timer::default();
        paused.start(t(0));
        paused.pause(t(20_000));
        assert_eq!(paused.view(&PHASES, false, t(3_600_000)).shown_seconds(), 40);
    }

    #[test]
    fn forty_five_minutes_with_pauses_does_not_drift() {
        // Start, pause and resume every 7.3 s of a 45-minute run, with an injected clock:
        // the time run equals the wall-clock time minus the pauses, to the millisecond.
        let planned = [45 * 60 + 600];
        let mut timer = Timer::default();
        let mut now = 0i64;
        let mut paused_total = 0i64;
        timer.start(t(now));
        while now < 45 * 60 * 1000 {
            now += 7_300;
            timer.pause(t(now));
            timer.start(t(now + 700));
            now += 700;
            paused_total += 700;
        }
        let v = timer.view(&planned, false, t(now));
        let expected = now - paused_total;
        assert!(
            (v.elapsed_ms - expected).abs() < 100,
            "{} vs {expected}",
            v.elapsed_ms
        );
        assert_eq!(v.elapsed_ms, expected);
    }

    #[test]
    fn next_redraw_is_when_the_shown_second_changes() {
        let mut timer = Timer::default();
        timer.start(t(0));
        let v = timer.view(&PHASES, false, t(250));
        assert_eq!((v.shown_seconds(), v.ms_to_next_second()), (60, 750));
        let v = timer.view(&PHASES, false, t(60_250));
        assert_eq!((v.shown_seconds(), v.ms_to_next_second()), (0, 750));
    }

    #[test]
    fn clock_faces() {
        assert_eq!(clock_face(0), "0:00");
        assert_eq!(clock_face(65), "1:05");
        assert_eq!(clock_face(3_723), "1:02:03");
    }
}
