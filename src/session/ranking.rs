//! How a column of a board is ordered, how a whole board is ranked across its columns (its
//! results), and what a cluster's votes add up to: written once, for the board and the
//! results on screen, the Markdown outcomes and the JSON's cluster totals alike.
//!
//! The one tie-break is the order written: a note's place is when it was written, and a
//! cluster's place is that of its first note (where the board shows it when ordered by time).
//! Ordered by votes, the most votes come first and equal votes keep that order; the notes
//! inside a cluster are ordered the same way. Across a board's columns, equal votes keep the
//! board's order (column by column, then the order written) and share a rank (1, 2, 2, 4).

use std::cmp::Reverse;
use std::collections::HashMap;

use crate::pack::Pack;

use super::board::{Boards, Cluster, Note};
use super::state::State;

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

/// How many places a board's results mark as its top: those ranked this high or higher
/// (more than five when votes tie for fifth).
pub const TOP: usize = 5;

/// One place in a whole board's results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place<'a, N, C> {
    /// 1 for the most votes; equal votes share a rank, and the next rank counts them all
    /// (1, 2, 2, 4).
    pub rank: usize,
    /// The index of its column among the columns ranked.
    pub column: usize,
    pub entry: Ranked<'a, N, C>,
}

impl<N, C> Place<'_, N, C> {
    /// Among the board's top five (ties for fifth included).
    pub fn top(&self) -> bool {
        self.rank <= TOP
    }
}

/// Ranks a whole board across its columns by votes. `columns` are the board's live notes,
/// column by column in the board's order, each in the order written; `cluster` finds a live
/// cluster by id, as for [`rank`]. A cluster is one place with its total (its own votes and
/// its notes'), its notes inside it; every other note is a place of its own. Places with no
/// votes come last, sharing the last rank.
pub fn across<'a, N: Card, C: Pile>(
    columns: &[Vec<&'a N>],
    cluster: impl Fn(&str) -> Option<&'a C>,
) -> Vec<Place<'a, N, C>> {
    let mut places: Vec<Place<'a, N, C>> = Vec::new();
    for (column, notes) in columns.iter().enumerate() {
        places.extend(
            rank(notes, |_| true, &cluster, Order::Votes)
                .into_iter()
                .map(|entry| Place {
                    rank: 0,
                    column,
                    entry,
                }),
        );
    }
    // A stable sort: equal votes keep the board's order.
    places.sort_by_key(|p| Reverse(p.entry.votes()));
    let mut above: Option<(u32, usize)> = None;
    for (i, place) in places.iter_mut().enumerate() {
        let votes = place.entry.votes();
        place.rank = match above {
            Some((v, rank)) if v == votes => rank,
            _ => i + 1,
        };
        above = Some((votes, place.rank));
    }
    places
}

/// Who is looking at a board's results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    Facilitator,
    /// The room's screen: never what a hidden board holds.
    Room,
}

/// A board's results, as the results screen shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Results<'a> {
    /// Every vote cast on the board (on notes, and on clusters as a whole).
    pub cast: u32,
    /// The board is hidden from the room (private writing): the room is shown no places.
    pub hidden: bool,
    /// Most votes first, across every column; the places with no votes at the end. The
    /// columns are the board's, in its order (`Place::column` indexes them).
    pub places: Vec<Place<'a, Note, Cluster>>,
}

/// A board of the session ranked across its columns, for `viewer`. While the board is
/// hidden from the room, so are its results: the room gets how many votes were cast, and
/// no notes; the facilitator sees them all.
pub fn results<'a>(pack: &Pack, state: &'a State, board: &str, viewer: Viewer) -> Results<'a> {
    let boards = &state.boards;
    let hidden = boards.is_hidden(board);
    let cast = boards.votes_on(board);
    if hidden && viewer == Viewer::Room {
        return Results {
            cast,
            hidden,
            places: Vec::new(),
        };
    }
    let categories = pack
        .activity(board)
        .map_or(&[][..], |owner| pack.categories_of(owner));
    let mut columns: Vec<Vec<&Note>> = vec![Vec::new(); categories.len()];
    for note in boards.notes.iter().filter(|n| !n.deleted && n.board == board) {
        // A note in a column the pack does not have (cannot happen: the session checks)
        // is left out rather than put in a column it is not in.
        if let Some(at) = categories.iter().position(|c| c.id == note.category) {
            columns[at].push(note);
        }
    }
    let live = |id: &str| boards.cluster(id).filter(|c| !c.dissolved);
    Results {
        cast,
        hidden,
        places: across(&columns, live),
    }
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
            device: None,
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

    /// A note on the built-in pack's "ideas" board, whose columns are resources, skills,
    /// events and wellbeing, in that order.
    fn note_in(n: usize, category: &str, votes: u32, cluster: Option<&str>) -> Note {
        Note {
            category: category.into(),
            ..note(n, votes, cluster)
        }
    }

    fn state_with(notes: Vec<Note>, clusters: Vec<Cluster>) -> State {
        let mut state = State::default();
        state.boards.notes = notes;
        state.boards.clusters = clusters;
        state
    }

    /// The results as "rank:id=votes@column".
    fn places(state: &State, viewer: Viewer) -> Vec<String> {
        let pack = Pack::builtin().unwrap();
        results(&pack, state, "ideas", viewer)
            .places
            .iter()
            .map(|p| {
                let id = match &p.entry {
                    Ranked::Note(n) => n.id.clone(),
                    Ranked::Cluster { cluster, .. } => cluster.id.clone(),
                };
                format!("{}:{id}={}@{}", p.rank, p.entry.votes(), p.column)
            })
            .collect()
    }

    #[test]
    fn a_board_is_ranked_across_its_columns_and_equal_votes_share_a_rank() {
        let state = state_with(
            vec![
                note_in(1, "events", 2, None),
                note_in(2, "resources", 3, None),
                note_in(3, "skills", 2, None),
                note_in(4, "resources", 0, None),
                note_in(5, "wellbeing", 1, None),
                note_in(6, "skills", 0, None),
            ],
            vec![],
        );
        assert_eq!(
            places(&state, Viewer::Facilitator),
            [
                "1:n2=3@0",
                // A tie keeps the board's order: skills (column 1) before events (column 2),
                // though n1 was written first.
                "2:n3=2@1", "2:n1=2@2", "4:n5=1@3", "5:n4=0@0", "5:n6=0@1",
            ]
        );
    }

    #[test]
    fn a_cluster_is_one_place_with_its_own_votes_and_its_notes() {
        // c1 (in resources) has 1 vote of its own and notes with 2 and 0: 3 in all, level
        // with n3 in skills, and first, being in the first column.
        let state = state_with(
            vec![
                note_in(1, "resources", 2, Some("c1")),
                note_in(2, "resources", 0, Some("c1")),
                note_in(3, "skills", 3, None),
                note_in(4, "events", 1, Some("c2")),
            ],
            vec![
                cluster("c1", 1),
                Cluster {
                    category: "events".into(),
                    ..cluster("c2", 4)
                },
            ],
        );
        assert_eq!(
            places(&state, Viewer::Facilitator),
            ["1:c2=5@2", "2:c1=3@0", "2:n3=3@1"]
        );
        let pack = Pack::builtin().unwrap();
        let r = results(&pack, &state, "ideas", Viewer::Facilitator);
        assert_eq!(r.cast, 1 + 2 + 3 + 1 + 4, "every vote, the clusters' own too");
        let Ranked::Cluster { notes, total, .. } = &r.places[1].entry else {
            panic!("c1 is a cluster: {:?}", r.places[1]);
        };
        assert_eq!(*total, 3);
        let inside: Vec<&str> = notes.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(inside, ["n1", "n2"], "its notes inside it, most votes first");
    }

    #[test]
    fn deleted_notes_dissolved_clusters_and_other_boards_are_left_out() {
        let mut state = state_with(
            vec![
                note_in(1, "resources", 2, Some("c1")),
                note_in(2, "resources", 1, Some("c1")),
                note_in(3, "skills", 5, None),
                Note {
                    board: "mapping".into(),
                    ..note_in(4, "resources", 9, None)
                },
            ],
            vec![cluster("c1", 0)],
        );
        state.boards.notes[2].deleted = true;
        state.boards.clusters[0].dissolved = true;
        assert_eq!(places(&state, Viewer::Facilitator), ["1:n1=2@0", "2:n2=1@0"]);
    }

    #[test]
    fn the_top_five_take_in_every_tie_for_fifth() {
        let votes = [5, 4, 3, 2, 1, 1, 0];
        let state = state_with(
            votes
                .iter()
                .enumerate()
                .map(|(n, v)| note_in(n + 1, "resources", *v, None))
                .collect(),
            vec![],
        );
        let pack = Pack::builtin().unwrap();
        let r = results(&pack, &state, "ideas", Viewer::Facilitator);
        let ranks: Vec<usize> = r.places.iter().map(|p| p.rank).collect();
        assert_eq!(ranks, [1, 2, 3, 4, 5, 5, 7]);
        assert_eq!(r.places.iter().filter(|p| p.top()).count(), 6);
    }

    /// Private writing: while a board is hidden from the room, its results are too (the
    /// room learns how many votes were cast, not what for); the facilitator sees them all.
    #[test]
    fn a_hidden_boards_results_are_hidden_from_the_room() {
        let mut state = state_with(
            vec![note_in(1, "resources", 2, None), note_in(2, "skills", 1, None)],
            vec![],
        );
        state.boards.hidden.push("ideas".into());
        let pack = Pack::builtin().unwrap();
        let room = results(&pack, &state, "ideas", Viewer::Room);
        assert_eq!((room.cast, room.hidden, room.places.len()), (3, true, 0));
        assert_eq!(places(&state, Viewer::Facilitator), ["1:n1=2@0", "2:n2=1@1"]);
        state.boards.hidden.clear();
        assert_eq!(places(&state, Viewer::Room), ["1:n1=2@0", "2:n2=1@1"]);
    }
}
