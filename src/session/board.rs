//! What the room produces: sticky notes on boards, clusters, votes, actions with owners,
//! attendees and the groups drawn for activities. Plain data, folded from events.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// "n1", "n2", ...: stable for the life of the session and in every export.
    pub id: String,
    /// The activity whose board it is on.
    pub board: String,
    pub category: String,
    pub text: String,
    /// A sector id from the pack, when known.
    pub sector: Option<String>,
    pub organisation: Option<String>,
    pub author: Option<String>,
    pub created_at: DateTime<Utc>,
    pub votes: u32,
    pub cluster: Option<String>,
    /// Deleted notes stay in the journal and the state (so undo can bring them back) but
    /// are neither shown nor exported.
    pub deleted: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cluster {
    /// "c1", "c2", ...
    pub id: String,
    pub board: String,
    pub category: String,
    pub title: String,
    /// Votes given to the cluster as a whole (its notes keep their own).
    pub votes: u32,
    pub created_at: DateTime<Utc>,
    pub dissolved: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ActionStatus {
    #[default]
    Open,
    InProgress,
    Done,
}

impl ActionStatus {
    /// Every status, in the order a facilitator steps through them.
    pub const ALL: [ActionStatus; 3] = [ActionStatus::Open, ActionStatus::InProgress, ActionStatus::Done];

    pub fn word(self) -> &'static str {
        match self {
            ActionStatus::Open => "open",
            ActionStatus::InProgress => "in progress",
            ActionStatus::Done => "done",
        }
    }

    /// Where it stands in [`ActionStatus::ALL`] (a front end's choice list).
    pub fn index(self) -> usize {
        self as usize
    }

    /// The status at a place in [`ActionStatus::ALL`]; past the end, the first.
    pub fn from_index(index: usize) -> ActionStatus {
        ActionStatus::ALL.get(index).copied().unwrap_or_default()
    }

    pub fn next(self) -> ActionStatus {
        ActionStatus::from_index(self.index() + 1)
    }
}

/// The parts of an action a facilitator types.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionFields {
    pub text: String,
    /// An attendee's name, or whoever the room named.
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub organisation: Option<String>,
    #[serde(default)]
    pub due: Option<NaiveDate>,
    #[serde(default)]
    pub status: ActionStatus,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    /// "a1", "a2", ...
    pub id: String,
    pub fields: ActionFields,
    /// The note it came from, if any.
    pub source_note: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attendee {
    /// "p1", "p2", ...
    pub id: String,
    pub name: String,
    pub organisation: String,
    /// A sector id from the pack.
    pub sector: String,
}

/// One shuffle of the room into groups for an activity; another shuffle adds another, and
/// the latest counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shuffle {
    pub activity: String,
    pub seed: u64,
    pub size: u32,
    /// Attendee ids, group by group.
    pub groups: Vec<Vec<String>>,
    pub formed_at: DateTime<Utc>,
}

/// Everything on every board.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Boards {
    pub notes: Vec<Note>,
    pub clusters: Vec<Cluster>,
    pub actions: Vec<Action>,
    pub attendees: Vec<Attendee>,
    pub shuffles: Vec<Shuffle>,
    /// Boards hidden from the room while people write.
    pub hidden: Vec<String>,
    /// Deleted notes, most recent last, for undo.
    pub deleted: Vec<String>,
}

/// Where an id like "n42" is expected: ids are handed out in order, so "n42" is the 42nd.
/// A replay of a long session looks notes up constantly; this keeps it from scanning.
fn slot(id: &str, prefix: char) -> Option<usize> {
    id.strip_prefix(prefix)?.parse::<usize>().ok()?.checked_sub(1)
}

impl Boards {
    pub fn note(&self, id: &str) -> Option<&Note> {
        match slot(id, 'n').and_then(|i| self.notes.get(i)) {
            Some(n) if n.id == id => Some(n),
            _ => self.notes.iter().find(|n| n.id == id),
        }
    }

    pub fn note_mut(&mut self, id: &str) -> Option<&mut Note> {
        let at = match slot(id, 'n') {
            Some(i) if self.notes.get(i).is_some_and(|n| n.id == id) => Some(i),
            _ => self.notes.iter().position(|n| n.id == id),
        };
        at.map(|i| &mut self.notes[i])
    }

    pub fn cluster(&self, id: &str) -> Option<&Cluster> {
        match slot(id, 'c').and_then(|i| self.clusters.get(i)) {
            Some(c) if c.id == id => Some(c),
            _ => self.clusters.iter().find(|c| c.id == id),
        }
    }

    pub fn cluster_mut(&mut self, id: &str) -> Option<&mut Cluster> {
        let at = match slot(id, 'c') {
            Some(i) if self.clusters.get(i).is_some_and(|c| c.id == id) => Some(i),
            _ => self.clusters.iter().position(|c| c.id == id),
        };
        at.map(|i| &mut self.clusters[i])
    }

    /// The live (not deleted) notes of a board, in the order they were written.
    pub fn notes_on<'a>(&'a self, board: &'a str) -> impl Iterator<Item = &'a Note> + 'a {
        self.notes.iter().filter(move |n| n.board == board && !n.deleted)
    }

    /// The live clusters of a board.
    pub fn clusters_on<'a>(&'a self, board: &'a str) -> impl Iterator<Item = &'a Cluster> + 'a {
        self.clusters
            .iter()
            .filter(move |c| c.board == board && !c.dissolved)
    }

    /// A cluster's votes: its own and all of its notes'.
    pub fn cluster_votes(&self, cluster: &Cluster) -> u32 {
        cluster.votes
            + self
                .notes_on(&cluster.board)
                .filter(|n| n.cluster.as_deref() == Some(&cluster.id))
                .map(|n| n.votes)
                .sum::<u32>()
    }

    /// Every vote cast on a board, for budgets.
    pub fn votes_on(&self, board: &str) -> u32 {
        self.notes_on(board).map(|n| n.votes).sum::<u32>()
            + self.clusters_on(board).map(|c| c.votes).sum::<u32>()
    }

    pub fn is_hidden(&self, board: &str) -> bool {
        self.hidden.iter().any(|b| b == board)
    }

    pub fn attendee(&self, id: &str) -> Option<&Attendee> {
        self.attendees.iter().find(|a| a.id == id)
    }

    /// The latest groups formed for an activity.
    pub fn groups_for(&self, activity: &str) -> Option<&Shuffle> {
        self.shuffles.iter().rev().find(|d| d.activity == activity)
    }

    pub fn action(&self, id: &str) -> Option<&Action> {
        self.actions.iter().find(|a| a.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::ActionStatus;

    #[test]
    fn statuses_are_listed_once_and_step_round() {
        assert_eq!(
            ActionStatus::ALL.map(ActionStatus::word),
            ["open", "in progress", "done"]
        );
        for (i, status) in ActionStatus::ALL.into_iter().enumerate() {
            assert_eq!(status.index(), i);
            assert_eq!(ActionStatus::from_index(i), status);
            assert_eq!(status.next(), ActionStatus::ALL[(i + 1) % 3]);
        }
        assert_eq!(ActionStatus::from_index(7), ActionStatus::Open);
    }
}
