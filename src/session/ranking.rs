//! How a column of a board is ordered, and what a cluster's votes add up to: written once,
//! for the board on screen, the Markdown outcomes and the JSON's cluster totals alike.
//!
//! The one tie-break is the order written: a note's place is when it was written, and a
//! cluster's place is that of its first note (where the board shows it when ordered by time).
//! Ordered by votes, the most votes come first and equal votes keep that order; the notes
//! inside a cluster are ordered the same way.

use std::cmp::Reverse;
use std::collections::HashMap;

use super::board::{Boards, Cluster, Note};

/// How a column is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    /// In the order written, each cluster where its first note was.
    #[default]
    Written,
    /// Most votes first (a cluster by its total); equal votes in the order written.
    Votes,
}

/// A sticky note, as ranking needs it.
pub trait Card {
    /// The id of the cluster it is in, if any.
    fn cluster(&self) -> Option<&str>;
    fn votes(&self) -> u32;
}

/// A cluster, as ranking needs it.
pub trait Pile {
    fn id(&self) -> &str;
    /// Votes given to the cluster as a whole (its notes keep their own).
    fn own_votes(&self) -> u32;
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

/// One place in a ranked column: a cluster with the notes shown in it, or a note on its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ranked<'a, N, C> {
    Cluster {
        cluster: &'a C,
        /// Its own votes and all of its notes', shown or not.
        total: u32,
        notes: Vec<&'a N>,
    },
    Note(&'a N),
}

impl<N: Card, C> Ranked<'_, N, C> {
    /// The votes it is ranked by.
    pub fn votes(&self) -> u32 {
        match self {
            Ranked::Cluster { total, .. } => *total,
            Ranked::Note(n) => n.votes(),
        }
    }
}

/// The votes on every cluster's notes, counted in one pass over the notes.
#[derive(Debug, Clone, Default)]
pub struct Totals<'a>(HashMap<&'a str, u32>);

impl<'a> Totals<'a> {
    /// Counts the votes of the notes given (live ones: a deleted note's votes do not count).
    pub fn count<N: Card + 'a>(notes: impl IntoIterator<Item = &'a N>) -> Totals<'a> {
        let mut sums: HashMap<&'a str, u32> = HashMap::new();
        for note in notes {
            if let Some(cluster) = note.cluster() {
                *sums.entry(cluster).or_default() += note.votes();
            }
        }
        Totals(sums)
    }

    /// A cluster's total: its own votes and all of its notes'.
    pub fn of(&self, cluster: &impl Pile) -> u32 {
        cluster.own_votes() + self.0.get(cluster.id()).copied().unwrap_or(0)
    }
}

/// Ranks a column. `notes` are the column's live notes in the order written; `shown` says
/// which of them to show (a search), though every one of them counts toward its cluster's
/// total; `cluster` finds a live cluster by id (none for a dissolved one, whose notes then
/// stand alone). A cluster none of whose notes is shown has no place.
pub fn rank<'a, N: Card, C: Pile>(
    notes: &[&'a N],
    shown: impl Fn(&N) -> bool,
    cluster: impl Fn(&str) -> Option<&'a C>,
    order: Order,
) -> Vec<Ranked<'a, N, C>> {
    let totals = Totals::count(notes.iter().copied());
    let mut places: Vec<Ranked<'a, N, C>> = Vec::new();
    // Where each cluster's place is, found at its first note.
    let mut placed: HashMap<&'a str, usize> = HashMap::new();
    for &note in notes.iter().filter(|n| shown(n)) {
        let Some(pile) = note.cluster().and_then(&cluster) else {
            places.push(Ranked::Note(note));
            continue;
        };
        match placed.get(pile.id()) {
            Some(&at) => {
                if let Ranked::Cluster { notes, .. } = &mut places[at] {
                    notes.push(note);
                }
            }
            None => {
                placed.insert(pile.id(), places.len());
                places.push(Ranked::Cluster {
                    cluster: pile,
                    total: totals.of(pile),
                    notes: vec![note],
                });
            }
        }
    }
    if order == Order::Votes {
        // Stable sorts: equal votes keep the order written.
        for place in &mut places {
            if let Ranked::Cluster { notes, .. } = place {
                notes.sort_by_key(|n| Reverse(n.votes()));
            }
        }
        places.sort_by_key(|p| Reverse(p.votes()));
    }
    places
}

/// One column of a board in the state, ranked: what every front end shows.
pub fn column<'a>(
    boards: &'a Boards,
    board: &str,
    category: &str,
    shown: impl Fn(&Note) -> bool,
    order: Order,
) -> Vec<Ranked<'a, Note, Cluster>> {
    let notes: Vec<&Note> = boards
        .notes
        .iter()
        .filter(|n| !n.deleted && n.board == board && n.category == category)
        .collect();
    let live = |id: &str| boards.cluster(id).filter(|c| !c.dissolved);
    rank(&notes, shown, live, order)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn note(n: usize, votes: u32, cluster: Option<&str>) -> Note {
        Note {
            id: format!("n{n}"),
            board: "ideas".into(),
            category: "resources".into(),
            text: format!("note {n}"),
            sector: None,
            organisation: None,
            author: None,
            created_at: Utc.with_ymd_and_hms(2026, 11, 27, 10, 0, 0).unwrap(),
            votes,
            cluster: cluster.map(str::to_string),
            quadrant: None,
            deleted: false,
        }
    }

    fn cluster(id: &str, votes: u32) -> Cluster {
        Cluster {
            id: id.into(),
            board: "ideas".into(),
            category: "resources".into(),
            title: id.to_uppercase(),
            votes,
            created_at: Utc.with_ymd_and_hms(2026, 11, 27, 10, 5, 0).unwrap(),
            dissolved: false,
        }
    }

    /// The ranked column as ids: "c1[n2 n4]" for a cluster and its notes.
    fn ids(boards: &Boards, shown: impl Fn(&Note) -> bool, order: Order) -> Vec<String> {
        column(boards, "ideas", "resources", shown, order)
            .iter()
            .map(|place| match place {
                Ranked::Note(n) => n.id.clone(),
                Ranked::Cluster {
                    cluster,
                    total,
                    notes,
                } => {
                    let notes: Vec<&str> = notes.iter().map(|n| n.id.as_str()).collect();
                    format!("{}={total}[{}]", cluster.id, notes.join(" "))
                }
            })
            .collect()
    }

    /// n1 (1 vote), n2 in c1 (2), n3 (3), n4 in c1 (0), n5 (3), n6 in c2 (1); c1 has 1 vote
    /// of its own, so c1 totals 3 and c2 totals 1.
    fn board() -> Boards {
        let mut boards = Boards::default();
        boards.notes = vec![
            note(1, 1, None),
            note(2, 2, Some("c1")),
            note(3, 3, None),
            note(4, 0, Some("c1")),
            note(5, 3, None),
            note(6, 1, Some("c2")),
        ];
        boards.clusters = vec![cluster("c1", 1), cluster("c2", 0)];
        boards
    }

    #[test]
    fn by_time_a_cluster_stands_where_its_first_note_was() {
        assert_eq!(
            ids(&board(), |_| true, Order::Written),
            ["n1", "c1=3[n2 n4]", "n3", "n5", "c2=1[n6]"]
        );
    }

    #[test]
    fn by_votes_most_first_and_ties_in_the_order_written() {
        // n3, c1 and n5 all have 3: c1's first note (n2) came before n3, n3 before n5.
        let mut boards = board();
        boards.notes[3].votes = 5; // n4 now outvotes n2 inside c1, and c1 totals 8
        assert_eq!(
            ids(&boards, |_| true, Order::Votes),
            ["c1=8[n4 n2]", "n3", "n5", "n1", "c2=1[n6]"]
        );
        assert_eq!(
            ids(&board(), |_| true, Order::Votes),
            ["c1=3[n2 n4]", "n3", "n5", "n1", "c2=1[n6]"],
            "a tie between a cluster and a note goes to whichever was written first"
        );
    }

    #[test]
    fn a_search_hides_notes_but_not_their_votes() {
        let only = |wanted: &'static [&'static str]| move |n: &Note| wanted.contains(&n.id.as_str());
        assert_eq!(
            ids(&board(), only(&["n4", "n5"]), Order::Written),
            ["c1=3[n4]", "n5"],
            "c1 stands where its first shown note is, with its whole total"
        );
        assert_eq!(ids(&board(), only(&["n1"]), Order::Votes), ["n1"]);
    }

    #[test]
    fn the_notes_of_a_dissolved_cluster_stand_alone() {
        let mut boards = board();
        boards.clusters[0].dissolved = true;
        assert_eq!(
            ids(&boards, |_| true, Order::Votes),
            ["n3", "n5", "n2", "n1", "c2=1[n6]", "n4"]
        );
    }

    #[test]
    fn deleted_notes_and_other_columns_are_left_out_of_the_column_and_the_total() {
        let mut boards = board();
        boards.notes[1].deleted = true; // n2, 2 votes, in c1
        boards.notes[2].category = "skills".into(); // n3
        assert_eq!(
            ids(&boards, |_| true, Order::Written),
            ["n1", "c1=1[n4]", "n5", "c2=1[n6]"]
        );
    }

    #[test]
    fn totals_add_a_clusters_own_votes_to_its_notes() {
        let boards = board();
        let totals = Totals::count(&boards.notes);
        assert_eq!(totals.of(&boards.clusters[0]), 3);
        assert_eq!(totals.of(&boards.clusters[1]), 1);
        assert_eq!(
            totals.of(&cluster("c9", 4)),
            4,
            "a cluster with no notes has its own"
        );
    }
}
