//! The outcomes of a session as plain data, in exactly the shape of `outcomes.json`
//! (`schema/outcomes.schema.json` describes it field by field). Built purely from the pack,
//! the folded state and the values passed in: no clock and no I/O, so the same session
//! always gives the same bytes. Every other format is rendered from this.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, FixedOffset, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

use crate::pack::{Grid, ItemKind, Pack, Quadrant};
use crate::session::State;
use crate::session::board::ActionStatus;
use crate::session::ranking::{Card, Pile, Totals};
use crate::session::schedule::{ItemStatus, Schedule};

/// The value of the top-level `schema` key. A change that could break a reader gets a new
/// number; new optional fields do not.
pub const SCHEMA: &str = "convene.outcomes/1";

/// The board whose notes are proposed actions until someone takes one on (an action with
/// the note as its source), apart from its commitments column.
pub const ACTIONS_BOARD: &str = "actions";

/// The board and column whose notes are personal commitments, listed on their own.
pub const COMMITMENTS: (&str, &str) = ("actions", "commitments");

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcomes {
    pub schema: String,
    pub workshop: Workshop,
    pub session: SessionInfo,
    pub attendees: Vec<Attendee>,
    pub agenda: Vec<AgendaItem>,
    pub notes: Vec<Note>,
    pub clusters: Vec<Cluster>,
    pub actions: Vec<Action>,
    pub groups: Vec<Draw>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workshop {
    pub title: String,
    pub subtitle: Option<String>,
    pub venue: Option<String>,
    pub facilitator: Option<String>,
    /// The day the session started, in the room's time zone: YYYY-MM-DD.
    pub date: String,
    /// The room's offset from UTC that local times (HH:MM) are in: "+01:00".
    pub utc_offset: String,
    /// HH:MM, local.
    pub planned_start: String,
    /// HH:MM, local: the planned start plus the pack's planned minutes.
    pub planned_finish: String,
    pub planned_seconds: u64,
    pub pack_hash: String,
    pub sectors: Vec<Sector>,
    /// Every activity of the pack, in programme order (any the programme does not run last).
    pub activities: Vec<ActivityInfo>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sector {
    pub id: String,
    pub name: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityInfo {
    pub id: String,
    pub title: String,
    pub purpose: Option<String>,
    pub prompt: Option<String>,
    /// The board it writes on: its own id, or another activity's (voting on earlier notes).
    pub board: String,
    /// The columns of its own board (of the notes whose `activity` is this id), in order.
    pub categories: Vec<CategoryInfo>,
    /// Its prioritisation grid, for the notes of its `board`; null when it has none.
    #[serde(default)]
    pub grid: Option<GridInfo>,
}

/// A prioritisation grid: two axes and four named squares. A note's `quadrant` names one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GridInfo {
    /// Left to right.
    pub across: AxisInfo,
    /// Bottom to top.
    pub up: AxisInfo,
    /// The square to start from: the quick wins.
    pub start: Quadrant,
    pub quadrants: QuadrantNames,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AxisInfo {
    pub name: String,
    /// The words at its low end (left, or bottom) and its high end (right, or top).
    pub ends: [String; 2],
}

/// Each square's name, by its id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct QuadrantNames {
    pub top_left: String,
    pub top_right: String,
    pub bottom_left: String,
    pub bottom_right: String,
}

impl GridInfo {
    fn of(grid: &Grid) -> GridInfo {
        let axis = |a: &crate::pack::Axis| AxisInfo {
            name: a.name.clone(),
            ends: [a.low.clone(), a.high.clone()],
        };
        let name = |q: Quadrant| grid.name(q).to_string();
        GridInfo {
            across: axis(&grid.across),
            up: axis(&grid.up),
            start: grid.start,
            quadrants: QuadrantNames {
                top_left: name(Quadrant::TopLeft),
                top_right: name(Quadrant::TopRight),
                bottom_left: name(Quadrant::BottomLeft),
                bottom_right: name(Quadrant::BottomRight),
            },
        }
    }

    /// A square's name.
    pub fn name(&self, quadrant: Quadrant) -> &str {
        let q = &self.quadrants;
        match quadrant {
            Quadrant::TopLeft => &q.top_left,
            Quadrant::TopRight => &q.top_right,
            Quadrant::BottomLeft => &q.bottom_left,
            Quadrant::BottomRight => &q.bottom_right,
        }
    }

    /// A square's ends of the two axes: (across, up), e.g. ("easy", "very").
    pub fn ends(&self, quadrant: Quadrant) -> (&str, &str) {
        let across = &self.across.ends[usize::from(quadrant.right())];
        let up = &self.up.ends[usize::from(quadrant.top())];
        (across, up)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryInfo {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    /// The session folder's name.
    pub id: String,
    pub started_at: String,
    pub last_event_at: String,
    pub exported_at: String,
    /// Events in the journal (the session_started event included).
    pub events: u64,
    /// The programme item the facilitator was on.
    pub current_item: Option<String>,
    /// The last programme item was reached.
    pub finished: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendee {
    pub id: String,
    pub name: String,
    pub organisation: Option<String>,
    pub sector: String,
    pub sector_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaItem {
    pub id: String,
    pub title: String,
    /// "slides", "activity" or "break".
    pub kind: String,
    /// The activity run in this item, for kind "activity".
    pub activity: Option<String>,
    pub planned_start: String,
    pub planned_seconds: u64,
    /// The same, in whole minutes (rounded), as people plan.
    pub planned_minutes: u64,
    pub actual_start: Option<String>,
    pub actual_seconds: u64,
    pub actual_minutes: u64,
    /// "done", "now", "next", "later" or "skipped".
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub id: String,
    /// The board's activity id.
    pub activity: String,
    pub activity_title: String,
    pub category: String,
    pub category_name: String,
    pub text: String,
    pub sector: Option<String>,
    pub sector_name: Option<String>,
    pub organisation: Option<String>,
    pub author: Option<String>,
    pub created_at: String,
    pub votes: u32,
    pub cluster: Option<String>,
    /// Its square on its board's grid (`top-right`, ...); null when not placed.
    #[serde(default)]
    pub quadrant: Option<Quadrant>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cluster {
    pub id: String,
    pub activity: String,
    pub category: String,
    pub title: String,
    /// Votes given to the cluster as a whole.
    pub votes: u32,
    /// Its own votes and all of its notes'.
    pub total_votes: u32,
    /// Its live notes, in the order they were written.
    pub notes: Vec<String>,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    pub id: String,
    pub text: String,
    pub owner: Option<String>,
    pub organisation: Option<String>,
    /// YYYY-MM-DD.
    pub due: Option<String>,
    /// "open", "in_progress" or "done".
    pub status: String,
    pub source_note: Option<String>,
    pub created_at: String,
}

/// One draw of groups; a re-draw is another, and the last for an activity is `latest`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draw {
    pub activity: String,
    pub activity_title: String,
    /// A string, since a 64-bit seed does not survive a JavaScript number.
    pub seed: String,
    pub size: u32,
    pub drawn_at: String,
    pub latest: bool,
    pub groups: Vec<Vec<Member>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub id: String,
    pub name: String,
    pub organisation: Option<String>,
    pub sector: String,
    pub sector_name: String,
}

/// RFC 3339 in UTC, whole seconds, `Z`: the one timestamp format of every export.
pub fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

impl Outcomes {
    /// The outcomes of a session. `session_id` is the session folder's name; `exported_at`
    /// is stamped on the export and nothing else; `offset` is the room's time zone, for the
    /// date and the HH:MM clock times.
    pub fn build(
        pack: &Pack,
        state: &State,
        session_id: &str,
        exported_at: DateTime<Utc>,
        offset: FixedOffset,
    ) -> Outcomes {
        let started = state.started_at.unwrap_or(exported_at);
        let last_event = state.last_event_at.unwrap_or(started);
        let sector_name = |id: &str| pack.sector(id).map_or_else(|| id.to_string(), |s| s.name.clone());
        let organisation = |o: &str| Some(o.to_string()).filter(|o| !o.is_empty());

        // The journal knows when the current item began but not when the room stopped, so
        // its clock stops at the last event: an export a week later must not make the
        // closing slides a week long.
        let schedule = Schedule::compute(pack, state, last_event.min(exported_at), offset);
        let local = |at: DateTime<Utc>| at.with_timezone(&offset);

        let activities = activities(pack);
        let titles: HashMap<&str, &str> = activities
            .iter()
            .map(|a| (a.id.as_str(), a.title.as_str()))
            .collect();
        let title_of = |id: &str| titles.get(id).map_or_else(|| id.to_string(), |t| t.to_string());
        let columns: HashMap<&str, &[CategoryInfo]> = activities
            .iter()
            .map(|a| (a.id.as_str(), a.categories.as_slice()))
            .collect();
        let category_name = |board: &str, category: &str| {
            columns
                .get(board)
                .and_then(|cs| cs.iter().find(|c| c.id == category))
                .map_or_else(|| category.to_string(), |c| c.name.clone())
        };

        let last_item = pack.programme.items.last().map(|i| i.id.as_str());
        let workshop = Workshop {
            title: state.title.clone(),
            subtitle: pack.workshop.subtitle.clone(),
            venue: state.venue.clone(),
            facilitator: state.facilitator.clone(),
            date: local(started).format("%Y-%m-%d").to_string(),
            utc_offset: offset.to_string(),
            planned_start: state.planned_start.format("%H:%M").to_string(),
            planned_finish: local(schedule.planned_finish).format("%H:%M").to_string(),
            planned_seconds: pack.programme.total_seconds(),
            pack_hash: state.pack_hash.clone(),
            sectors: pack
                .sectors
                .iter()
                .map(|s| Sector {
                    id: s.id.clone(),
                    name: s.name.clone(),
                    label: s.label.clone(),
                })
                .collect(),
            activities: activities.clone(),
        };
        let session = SessionInfo {
            id: session_id.to_string(),
            started_at: timestamp(started),
            last_event_at: timestamp(last_event),
            exported_at: timestamp(exported_at),
            events: state.events,
            current_item: state.item_id(state.position.item).map(str::to_string),
            finished: last_item.is_some_and(|last| state.visits.iter().any(|v| v.item == last)),
        };

        let boards = &state.boards;
        let attendees = boards
            .attendees
            .iter()
            .map(|a| Attendee {
                id: a.id.clone(),
                name: a.name.clone(),
                organisation: organisation(&a.organisation),
                sector: a.sector.clone(),
                sector_name: sector_name(&a.sector),
            })
            .collect();

        let agenda = pack
            .programme
            .items
            .iter()
            .zip(&schedule.items)
            .map(|(item, times)| AgendaItem {
                id: item.id.clone(),
                title: item.title.clone(),
                kind: item.kind.name().to_string(),
                activity: match &item.kind {
                    ItemKind::Activity(id) => Some(id.clone()),
                    _ => None,
                },
                planned_start: timestamp(times.planned_start),
                planned_seconds: times.planned_seconds.max(0) as u64,
                planned_minutes: (times.planned_seconds.max(0) as u64 + 30) / 60,
                actual_start: times.actual_start.map(timestamp),
                actual_seconds: times.actual_seconds.max(0) as u64,
                actual_minutes: (times.actual_seconds.max(0) as u64 + 30) / 60,
                status: match times.status {
                    ItemStatus::Done => "done",
                    ItemStatus::Now => "now",
                    ItemStatus::Next => "next",
                    ItemStatus::Later => "later",
                    ItemStatus::Skipped => "skipped",
                }
                .to_string(),
            })
            .collect();

        let live_clusters: HashSet<&str> = boards
            .clusters
            .iter()
            .filter(|c| !c.dissolved)
            .map(|c| c.id.as_str())
            .collect();
        // One pass over the notes for every cluster's members: a cluster lookup per note
        // would be quadratic on a board of thousands.
        let mut members: HashMap<&str, Vec<String>> = HashMap::new();
        let totals = Totals::count(boards.notes.iter().filter(|n| !n.deleted));
        let mut notes = Vec::new();
        for n in boards.notes.iter().filter(|n| !n.deleted) {
            let cluster = n.cluster.as_deref().filter(|c| live_clusters.contains(c));
            if let Some(c) = cluster {
                members.entry(c).or_default().push(n.id.clone());
            }
            notes.push(Note {
                id: n.id.clone(),
                activity: n.board.clone(),
                activity_title: title_of(&n.board),
                category: n.category.clone(),
                category_name: category_name(&n.board, &n.category),
                text: n.text.clone(),
                sector: n.sector.clone(),
                sector_name: n.sector.as_deref().map(sector_name),
                organisation: n.organisation.clone(),
                author: n.author.clone(),
                created_at: timestamp(n.created_at),
                votes: n.votes,
                cluster: cluster.map(str::to_string),
                quadrant: n.quadrant,
            });
        }
        let clusters = boards
            .clusters
            .iter()
            .filter(|c| !c.dissolved)
            .map(|c| {
                let ids = members.remove(c.id.as_str()).unwrap_or_default();
                Cluster {
                    id: c.id.clone(),
                    activity: c.board.clone(),
                    category: c.category.clone(),
                    title: c.title.clone(),
                    votes: c.votes,
                    total_votes: totals.of(c),
                    notes: ids,
                    created_at: timestamp(c.created_at),
                }
            })
            .collect();

        let actions = boards
            .actions
            .iter()
            .map(|a| Action {
                id: a.id.clone(),
                text: a.fields.text.clone(),
                owner: a.fields.owner.clone(),
                organisation: a.fields.organisation.clone(),
                due: a.fields.due.map(|d| d.format("%Y-%m-%d").to_string()),
                status: match a.fields.status {
                    ActionStatus::Open => "open",
                    ActionStatus::InProgress => "in_progress",
                    ActionStatus::Done => "done",
                }
                .to_string(),
                source_note: a.source_note.clone(),
                created_at: timestamp(a.created_at),
            })
            .collect();

        let mut seen = HashSet::new();
        let mut latest: Vec<bool> = boards
            .shuffles
            .iter()
            .rev()
            .map(|d| seen.insert(d.activity.as_str()))
            .collect();
        latest.reverse();
        let member = |id: &String| match boards.attendee(id) {
            Some(a) => Member {
                id: a.id.clone(),
                name: a.name.clone(),
                organisation: organisation(&a.organisation),
                sector: a.sector.clone(),
                sector_name: sector_name(&a.sector),
            },
            // Cannot happen through the command API; keep the id rather than drop a person.
            None => Member {
                id: id.clone(),
                name: id.clone(),
                organisation: None,
                sector: "unknown".to_string(),
                sector_name: "Unknown".to_string(),
            },
        };
        let groups = boards
            .shuffles
            .iter()
            .zip(latest)
            .map(|(d, latest)| Draw {
                activity: d.activity.clone(),
                activity_title: title_of(&d.activity),
                seed: d.seed.to_string(),
                size: d.size,
                drawn_at: timestamp(d.formed_at),
                latest,
                groups: d.groups.iter().map(|g| g.iter().map(member).collect()).collect(),
            })
            .collect();

        Outcomes {
            schema: SCHEMA.to_string(),
            workshop,
            session,
            attendees,
            agenda,
            notes,
            clusters,
            actions,
            groups,
        }
    }

    /// The room's time zone, as recorded in `workshop.utc_offset`.
    pub fn offset(&self) -> FixedOffset {
        self.workshop
            .utc_offset
            .parse()
            .unwrap_or_else(|_| FixedOffset::east_opt(0).expect("zero is a valid offset"))
    }

    pub fn activity(&self, id: &str) -> Option<&ActivityInfo> {
        self.workshop.activities.iter().find(|a| a.id == id)
    }

    /// The activities with a grid, each with it, in programme order (a board has one at most).
    pub fn grids(&self) -> impl Iterator<Item = (&ActivityInfo, &GridInfo)> {
        self.workshop
            .activities
            .iter()
            .filter_map(|a| a.grid.as_ref().map(|g| (a, g)))
    }

    /// The notes on the actions board that no action was made from yet (commitments
    /// aside), in the order written.
    pub fn proposed_actions(&self) -> Vec<&Note> {
        let taken: HashSet<&str> = self
            .actions
            .iter()
            .filter_map(|a| a.source_note.as_deref())
            .collect();
        self.notes
            .iter()
            .filter(|n| n.activity == ACTIONS_BOARD && n.category != COMMITMENTS.1)
            .filter(|n| !taken.contains(n.id.as_str()))
            .collect()
    }
}

impl Card for Note {
    fn cluster(&self) -> Option<&str> {
        self.cluster.as_deref()
    }

    fn votes(&self) -> u32 {
        self.votes
    }
}

impl Pile for Cluster {
    fn id(&self) -> &str {
        &self.id
    }

    fn own_votes(&self) -> u32 {
        self.votes
    }
}

/// The pack's activities in the order the programme runs them, then any it does not run.
fn activities(pack: &Pack) -> Vec<ActivityInfo> {
    let mut order: Vec<&str> = Vec::new();
    for item in &pack.programme.items {
        if let ItemKind::Activity(id) = &item.kind
            && !order.contains(&id.as_str())
        {
            order.push(id);
        }
    }
    for a in &pack.activities {
        if !order.contains(&a.id.as_str()) {
            order.push(&a.id);
        }
    }
    order
        .into_iter()
        .filter_map(|id| pack.activity(id))
        .map(|a| {
            // A note's `activity` is the board it is on, and a board's columns are those of
            // the activity with that id; `board` only says where this activity writes.
            ActivityInfo {
                id: a.id.clone(),
                title: a.title.clone(),
                purpose: a.purpose.clone(),
                prompt: a.prompt.clone(),
                board: a.board.clone().unwrap_or_else(|| a.id.clone()),
                categories: pack
                    .categories_of(a)
                    .iter()
                    .map(|c| CategoryInfo {
                        id: c.id.clone(),
                        name: c.name.clone(),
                    })
                    .collect(),
                grid: a.grid.as_ref().map(GridInfo::of),
            }
        })
        .collect()
}
