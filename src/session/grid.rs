//! The prioritisation grid's rules: which grid a board has, the order its notes are gone
//! through, and where an arrow key moves a note. Pure; the pack says what the grid means
//! (`pack::Grid`), the journal where each note is (`note_placed`).

use crate::pack::{Activity, Grid, Pack, Quadrant};

use super::board::{Boards, Cluster, Note};
use super::board_commands::board_of;
use super::command::current_activity;
use super::ranking::{Order, Ranked, rank};
use super::state::State;

/// An arrow key on the grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
    Left,
    Right,
}

/// Where a note goes when an arrow moves it. A note in a square moves to the square beside
/// it that way, and stays put at the grid's edge (it never wraps round). A note not yet on
/// the grid goes to that side of it, in the square nearer the one to start from: with the
/// quick wins top right, ↑ and → both put it in the quick wins, ↓ bottom right, ← top left.
/// So the first arrow is the answer to one question ("is it easy?", "is it useful?") and a
/// second arrow answers the other.
pub fn step(from: Option<Quadrant>, to: Direction, start: Quadrant) -> Quadrant {
    let here = from.unwrap_or(start);
    let (top, right) = (here.top(), here.right());
    match to {
        Direction::Up => Quadrant::at(true, right),
        Direction::Down => Quadrant::at(false, right),
        Direction::Left => Quadrant::at(top, false),
        Direction::Right => Quadrant::at(top, true),
    }
}

/// The activity with a grid for a board, and its grid (a pack gives a board one at most).
pub fn grid_of_board<'a>(pack: &'a Pack, board: &str) -> Option<(&'a Activity, &'a Grid)> {
    pack.activities
        .iter()
        .filter(|a| board_of(a) == board)
        .find_map(|a| a.grid.as_ref().map(|g| (a, g)))
}

/// The current activity's grid, if it has one.
pub fn current_grid<'a>(pack: &'a Pack, state: &State) -> Option<(&'a Activity, &'a Grid)> {
    let activity = current_activity(pack, state)?;
    activity.grid.as_ref().map(|g| (activity, g))
}

/// A board's live notes by votes, most first, equal votes in the order written (the one
/// ranking every board uses, each note on its own: a note is placed on the grid by itself,
/// even when it is in a cluster). The order the grid steps through the notes in, and the
/// order of each square and of the notes still to place.
pub fn by_votes<'a>(boards: &'a Boards, board: &str) -> Vec<&'a Note> {
    let notes: Vec<&Note> = boards
        .notes
        .iter()
        .filter(|n| !n.deleted && n.board == board)
        .collect();
    rank(&notes, |_| true, |_| None::<&Cluster>, Order::Votes)
        .into_iter()
        .filter_map(|place| match place {
            Ranked::Note(n) => Some(n),
            Ranked::Cluster { .. } => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::Direction::{Down, Left, Right, Up};
    use super::*;
    use Quadrant::{BottomLeft, BottomRight, TopLeft, TopRight};

    #[test]
    fn an_arrow_moves_a_placed_note_to_the_square_beside_it_and_never_wraps() {
        for start in Quadrant::ALL {
            assert_eq!(step(Some(BottomLeft), Up, start), TopLeft);
            assert_eq!(step(Some(BottomLeft), Right, start), BottomRight);
            assert_eq!(step(Some(TopRight), Down, start), BottomRight);
            assert_eq!(step(Some(TopRight), Left, start), TopLeft);
            // At the edge it stays.
            assert_eq!(step(Some(TopRight), Up, start), TopRight);
            assert_eq!(step(Some(TopRight), Right, start), TopRight);
            assert_eq!(step(Some(BottomLeft), Down, start), BottomLeft);
            assert_eq!(step(Some(BottomLeft), Left, start), BottomLeft);
        }
    }

    #[test]
    fn the_first_arrow_puts_a_note_on_that_side_nearer_the_start() {
        // Quick wins top right: ↑ and → go straight there.
        assert_eq!(step(None, Up, TopRight), TopRight);
        assert_eq!(step(None, Right, TopRight), TopRight);
        assert_eq!(step(None, Down, TopRight), BottomRight);
        assert_eq!(step(None, Left, TopRight), TopLeft);
        // A grid that starts bottom left (low effort drawn at the bottom, say).
        assert_eq!(step(None, Up, BottomLeft), TopLeft);
        assert_eq!(step(None, Right, BottomLeft), BottomRight);
        assert_eq!(step(None, Down, BottomLeft), BottomLeft);
        assert_eq!(step(None, Left, BottomLeft), BottomLeft);
        // Two arrows reach any square from off the grid.
        for start in Quadrant::ALL {
            for target in Quadrant::ALL {
                let vertical = if target.top() { Up } else { Down };
                let across = if target.right() { Right } else { Left };
                let first = step(None, vertical, start);
                assert_eq!(step(Some(first), across, start), target);
            }
        }
    }
}
