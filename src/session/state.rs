//! The live state of a session: the pure fold of its events. No I/O and no clock here; every
//! time it knows comes from an event's timestamp.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::event::{Event, EventKind};
use super::timer::Timer;

/// Where the facilitator is: a programme item, a page of it, and a reveal step.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Position {
    /// Index into the programme.
    pub item: usize,
    pub slide: usize,
    pub step: usize,
}

/// A stretch of time the facilitator spent on one programme item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visit {
    pub item: String,
    pub from: DateTime<Utc>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct State {
    pub title: String,
    pub pack_hash: String,
    pub planned_start: String,
    pub facilitator: Option<String>,
    pub venue: Option<String>,
    pub started_at: Option<DateTime<Utc>>,
    /// The item ids of the programme, in order, so positions can be found by id.
    programme: Vec<String>,
    pub position: Position,
    /// The room's screen is blanked.
    pub blank: bool,
    /// Every change of programme item, in order: where actual times come from.
    pub visits: Vec<Visit>,
    /// Each activity's timer, by activity id.
    pub timers: BTreeMap<String, Timer>,
    /// Planned seconds that replace the pack's, by item id ("fit the rest").
    pub planned: BTreeMap<String, u32>,
    /// How many events have been folded in.
    pub events: u64,
    pub last_event_at: Option<DateTime<Utc>>,
}

impl State {
    /// An empty state for a programme (the item ids, in order).
    pub fn new(programme: Vec<String>) -> Self {
        Self {
            programme,
            ..Self::default()
        }
    }

    pub fn apply(&mut self, event: &Event) {
        self.events += 1;
        self.last_event_at = Some(event.at);
        match &event.kind {
            EventKind::SessionStarted {
                title,
                pack_hash,
                planned_start,
                facilitator,
                venue,
                ..
            } => {
                self.title = title.clone();
                self.pack_hash = pack_hash.clone();
                self.planned_start = planned_start.clone();
                self.facilitator = facilitator.clone();
                self.venue = venue.clone();
                self.started_at = Some(event.at);
                if let Some(first) = self.programme.first() {
                    self.visits.push(Visit {
                        item: first.clone(),
                        from: event.at,
                    });
                }
            }
            EventKind::Navigated { item, slide, step } => {
                // An item the pack no longer has cannot happen (the session keeps its own
                // copy of the pack); if it does, stay where we are rather than guess.
                let Some(index) = self.programme.iter().position(|i| i == item) else {
                    return;
                };
                if index != self.position.item || self.visits.is_empty() {
                    self.visits.push(Visit {
                        item: item.clone(),
                        from: event.at,
                    });
                }
                self.position = Position {
                    item: index,
                    slide: *slide,
                    step: *step,
                };
            }
            EventKind::Blanked { blank } => self.blank = *blank,
            EventKind::TimerStarted { activity } => self.timer_mut(activity).start(event.at),
            EventKind::TimerPaused { activity } => self.timer_mut(activity).pause(event.at),
            EventKind::PhaseChanged {
                activity,
                phase,
                elapsed_ms,
            } => self.timer_mut(activity).set_phase(*phase, *elapsed_ms, event.at),
            EventKind::PhaseAdjusted {
                activity,
                phase,
                seconds,
            } => self.timer_mut(activity).adjust(*phase, *seconds),
            EventKind::PlanChanged { items } => {
                for p in items {
                    self.planned.insert(p.item.clone(), p.seconds);
                }
            }
        }
    }

    fn timer_mut(&mut self, activity: &str) -> &mut Timer {
        self.timers.entry(activity.to_string()).or_default()
    }

    pub fn timer(&self, activity: &str) -> Option<&Timer> {
        self.timers.get(activity)
    }

    pub fn item_id(&self, index: usize) -> Option<&str> {
        self.programme.get(index).map(String::as_str)
    }
}
