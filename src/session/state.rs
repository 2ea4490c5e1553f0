//! The live state of a session: the pure fold of its events. No I/O and no clock here; every
//! time it knows comes from an event's timestamp.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveTime, Utc};

use super::board::{Action, Attendee, Boards, Cluster, Note, Shuffle};
use super::event::{Event, EventKind, Screen};
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
    /// The planned start time of day (read once, here; midnight if the journal's is unreadable).
    pub planned_start: NaiveTime,
    pub facilitator: Option<String>,
    pub venue: Option<String>,
    /// The seed shuffles into groups start from (`--seed`), if one was given.
    pub seed: Option<u64>,
    pub started_at: Option<DateTime<Utc>>,
    /// The item ids of the programme, in order, so positions can be found by id.
    programme: Vec<String>,
    pub position: Position,
    /// The room's screen is blanked.
    pub blank: bool,
    /// What the room sees on top of the page, if anything.
    pub screen: Screen,
    /// Every change of programme item, in order: where actual times come from.
    pub visits: Vec<Visit>,
    /// Each activity's timer, by activity id.
    pub timers: BTreeMap<String, Timer>,
    /// Planned seconds that replace the pack's, by item id ("fit the rest").
    pub planned: BTreeMap<String, u32>,
    /// Notes, clusters, votes, actions, attendees and groups.
    pub boards: Boards,
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
                seed,
                ..
            } => {
                self.seed = *seed;
                self.title = title.clone();
                self.pack_hash = pack_hash.clone();
                self.planned_start = crate::pack::parse_clock(planned_start).unwrap_or(NaiveTime::MIN);
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
                self.screen = Screen::Page;
                self.position = Position {
                    item: index,
                    slide: *slide,
                    step: *step,
                };
            }
            EventKind::Blanked { blank } => self.blank = *blank,
            EventKind::ScreenShown { screen } => self.screen = *screen,
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
            EventKind::NoteAdded {
                note,
                board,
                category,
                text,
                sector,
                organisation,
                author,
                device,
            } => self.boards.notes.push(Note {
                id: note.clone(),
                board: board.clone(),
                category: category.clone(),
                text: text.clone(),
                sector: sector.clone(),
                organisation: organisation.clone(),
                author: author.clone(),
                created_at: event.at,
                votes: 0,
                cluster: None,
                quadrant: None,
                device: device.clone(),
                deleted: false,
            }),
            EventKind::NoteEdited {
                note,
                category,
                text,
                sector,
                organisation,
                author,
            } => {
                if let Some(n) = self.boards.note_mut(note) {
                    if n.category != *category {
                        n.cluster = None;
                    }
                    n.category = category.clone();
                    n.text = text.clone();
                    n.sector = sector.clone();
                    n.organisation = organisation.clone();
                    n.author = author.clone();
                }
            }
            EventKind::NoteMoved { note, category } => {
                if let Some(n) = self.boards.note_mut(note) {
                    // A cluster lives in one column; a note moved out leaves it.
                    n.cluster = None;
                    n.category = category.clone();
                }
            }
            EventKind::NoteDeleted { note } => {
                if let Some(n) = self.boards.note_mut(note) {
                    n.deleted = true;
                    self.boards.deleted.push(note.clone());
                }
            }
            EventKind::NoteRestored { note } => {
                if let Some(n) = self.boards.note_mut(note) {
                    n.deleted = false;
                }
                self.boards.deleted.retain(|d| d != note);
            }
            EventKind::Voted {
                target,
                delta,
                device,
            } => {
                if let Some(device) = device {
                    let mine = self.boards.phone_votes.entry(device.clone()).or_default();
                    let votes = mine.entry(target.clone()).or_default();
                    *votes = (*votes as i64).saturating_add(*delta).clamp(0, u32::MAX as i64) as u32;
                }
                let apply = |votes: &mut u32| {
                    *votes = (*votes as i64).saturating_add(*delta).clamp(0, u32::MAX as i64) as u32
                };
                // Ids say what they are: "c…" a cluster, "n…" a note.
                if target.starts_with('c') {
                    if let Some(c) = self.boards.cluster_mut(target) {
                        apply(&mut c.votes);
                    }
                } else if let Some(n) = self.boards.note_mut(target) {
                    apply(&mut n.votes);
                }
            }
            EventKind::ClusterCreated {
                cluster,
                board,
                category,
                title,
                notes,
            } => {
                self.boards.clusters.push(Cluster {
                    id: cluster.clone(),
                    board: board.clone(),
                    category: category.clone(),
                    title: title.clone(),
                    votes: 0,
                    created_at: event.at,
                    dissolved: false,
                });
                self.boards.gather(cluster, category, notes);
            }
            EventKind::ClusterDissolved { cluster } => self.boards.dissolve(cluster),
            EventKind::BoardHidden { board, hidden } => {
                self.boards.hidden.retain(|b| b != board);
                if *hidden {
                    self.boards.hidden.push(board.clone());
                }
            }
            EventKind::AttendeeAdded {
                attendee,
                name,
                organisation,
                sector,
            } => self.boards.attendees.push(Attendee {
                id: attendee.clone(),
                name: name.clone(),
                organisation: organisation.clone(),
                sector: sector.clone(),
            }),
            EventKind::AttendeesImported { attendees } => {
                self.boards.attendees.extend(attendees.iter().map(|a| Attendee {
                    id: a.attendee.clone(),
                    name: a.name.clone(),
                    organisation: a.organisation.clone(),
                    sector: a.sector.clone(),
                }))
            }
            EventKind::GroupsFormed {
                activity,
                seed,
                size,
                groups,
            } => self.boards.shuffles.push(Shuffle {
                activity: activity.clone(),
                seed: *seed,
                size: *size,
                groups: groups.clone(),
                formed_at: event.at,
            }),
            EventKind::ActionAdded {
                action,
                fields,
                source_note,
            } => self.boards.actions.push(Action {
                id: action.clone(),
                fields: fields.clone(),
                source_note: source_note.clone(),
                created_at: event.at,
            }),
            EventKind::ActionEdited { action, fields } => {
                if let Some(a) = self.boards.action_mut(action) {
                    a.fields = fields.clone();
                }
            }
            EventKind::NotePlaced { note, quadrant } => {
                if let Some(n) = self.boards.note_mut(note) {
                    n.quadrant = *quadrant;
                }
            }
        }
    }

    fn timer_mut(&mut self, activity: &str) -> &mut Timer {
        // Only a timer's first event pays for its key.
        if !self.timers.contains_key(activity) {
            self.timers.insert(activity.to_string(), Timer::default());
        }
        self.timers.get_mut(activity).expect("inserted above")
    }

    pub fn timer(&self, activity: &str) -> Option<&Timer> {
        self.timers.get(activity)
    }

    pub fn item_id(&self, index: usize) -> Option<&str> {
        self.programme.get(index).map(String::as_str)
    }
}
