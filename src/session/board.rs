//! What the room produces: sticky notes on boards, clusters, votes, actions with owners,
//! attendees and the groups drawn for activities. Plain data, folded from events.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::pack::Quadrant;

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
    /// Its square on its board's grid, once placed there.
    pub quadrant: Option<Quadrant>,
    /// The phone it came from, when it did.
    pub device: Option<String>,
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
    /// Each phone's votes, by the note or cluster they went to.
    pub phone_votes: HashMap<String, HashMap<String, u32>>,
    /// Where the fold finds things without scanning; not part of what the boards hold.
    members: Members,
}

/// The positions in `Boards::notes` each cluster id was given, so dissolving a cluster
/// visits its notes rather than every note. A note that has since left (moved, edited into
/// another column) is still listed; dissolving checks each note's own cluster.
///
/// It is derived from the notes and clusters by the fold alone, so it never makes two
/// boards differ: every `Members` equals every other.
#[derive(Debug, Clone, Default)]
struct Members(HashMap<String, Vec<usize>>);

impl PartialEq for Members {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Members {}

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
        self.note_at(id).map(|i| &mut self.notes[i])
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
        match slot(id, 'p').and_then(|i| self.attendees.get(i)) {
            Some(a) if a.id == id => Some(a),
            _ => self.attendees.iter().find(|a| a.id == id),
        }
    }

    /// The latest groups formed for an activity.
    pub fn groups_for(&self, activity: &str) -> Option<&Shuffle> {
        self.shuffles.iter().rev().find(|d| d.activity == activity)
    }

    pub fn action(&self, id: &str) -> Option<&Action> {
        match slot(id, 'a').and_then(|i| self.actions.get(i)) {
            Some(a) if a.id == id => Some(a),
            _ => self.actions.iter().find(|a| a.id == id),
        }
    }

    pub(crate) fn action_mut(&mut self, id: &str) -> Option<&mut Action> {
        let at = match slot(id, 'a') {
            Some(i) if self.actions.get(i).is_some_and(|a| a.id == id) => Some(i),
            _ => self.actions.iter().position(|a| a.id == id),
        };
        at.map(|i| &mut self.actions[i])
    }

    /// Where a note is in `notes`: the first with that id, as every look-up finds.
    fn note_at(&self, id: &str) -> Option<usize> {
        match slot(id, 'n') {
            Some(i) if self.notes.get(i).is_some_and(|n| n.id == id) => Some(i),
            _ => self.notes.iter().position(|n| n.id == id),
        }
    }

    /// Puts notes in a cluster (of a column), remembering where they are for `dissolve`.
    pub(crate) fn gather(&mut self, cluster: &str, category: &str, notes: &[String]) {
        let mut gathered = Vec::with_capacity(notes.len());
        for id in notes {
            let Some(i) = self.note_at(id) else { continue };
            let note = &mut self.notes[i];
            note.cluster = Some(cluster.to_string());
            note.category = category.to_string();
            gathered.push(i);
        }
        if !gathered.is_empty() {
            let members = self.members.0.entry(cluster.to_string()).or_default();
            members.extend(gathered);
        }
    }

    /// Marks a cluster dissolved and takes its notes out of it. Only `gather` puts a note
    /// in a cluster, so the notes it listed are the only ones to look at.
    pub(crate) fn dissolve(&mut self, cluster: &str) {
        if let Some(c) = self.cluster_mut(cluster) {
            c.dissolved = true;
        }
        for i in self.members.0.remove(cluster).unwrap_or_default() {
            let note = &mut self.notes[i];
            if note.cluster.as_deref() == Some(cluster) {
                note.cluster = None;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::event::{Event, EventKind};
    use crate::session::state::State;

    fn fold(kinds: Vec<EventKind>) -> State {
        let mut state = State::new(vec!["ideas".to_string()]);
        for (seq, kind) in kinds.into_iter().enumerate() {
            let at = DateTime::from_timestamp(1_800_000_000 + seq as i64, 0).unwrap();
            state.apply(&Event {
                seq: seq as u64 + 1,
                at,
                kind,
            });
        }
        state
    }

    fn note(id: &str) -> EventKind {
        EventKind::NoteAdded {
            note: id.to_string(),
            board: "ideas".to_string(),
            category: "skills".to_string(),
            text: id.to_string(),
            sector: None,
            organisation: None,
            author: None,
            device: None,
        }
    }

    fn cluster(id: &str, notes: &[&str]) -> EventKind {
        EventKind::ClusterCreated {
            cluster: id.to_string(),
            board: "ideas".to_string(),
            category: "skills".to_string(),
            title: id.to_string(),
            notes: notes.iter().map(|n| n.to_string()).collect(),
        }
    }

    fn dissolved(id: &str) -> EventKind {
        EventKind::ClusterDissolved {
            cluster: id.to_string(),
        }
    }

    fn clusters_of(state: &State) -> Vec<Option<&str>> {
        state.boards.notes.iter().map(|n| n.cluster.as_deref()).collect()
    }

    #[test]
    fn dissolving_frees_only_the_notes_still_in_that_cluster() {
        let state = fold(vec![
            note("n1"),
            note("n2"),
            note("n3"),
            // Ids out of order, so look-ups by number miss and fall back.
            note("n9"),
            cluster("c1", &["n1", "n2", "n9"]),
            // n2 leaves c1 for c2; dissolving c1 must not free it.
            cluster("c2", &["n2", "n3"]),
            dissolved("c1"),
        ]);
        assert_eq!(clusters_of(&state), [None, Some("c2"), Some("c2"), None]);
        assert!(state.boards.cluster("c1").unwrap().dissolved);

        // A cluster id made again after a dissolve gathers afresh.
        let again = fold(vec![
            note("n1"),
            note("n2"),
            cluster("c1", &["n1"]),
            dissolved("c1"),
            cluster("c1", &["n2"]),
            dissolved("c1"),
        ]);
        assert_eq!(clusters_of(&again), [None, None]);
    }

    #[test]
    fn where_the_fold_finds_things_is_not_part_of_equality() {
        let a = fold(vec![note("n1"), cluster("c1", &["n1"])]);
        let mut b = a.clone();
        b.boards.members = Members::default();
        assert_eq!(a, b);
        b.boards.notes[0].cluster = None;
        assert_ne!(a, b);
    }
}

#[cfg(test)]
mod status_tests {
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
