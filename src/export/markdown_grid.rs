//! The report's grid parts: the quick wins (the square to start from of each grid the room
//! used) among what the room decided, and each board's grid as a table of its four squares.

use std::fmt::Write;

use super::escape::{escape_cell, escape_inline, push_text};
use super::markdown::{plural, push_aside, votes, who};
use super::outcomes::{ActivityInfo, Cluster, GridInfo, Note, Outcomes};
use crate::pack::Quadrant;
use crate::session::ranking::{Order, Ranked, rank};

/// A board's notes on a grid, most votes first (equal votes in the order written).
fn placed_on<'a>(o: &'a Outcomes, board: &str) -> Vec<&'a Note> {
    let notes: Vec<&Note> = o.notes.iter().filter(|n| n.activity == board).collect();
    rank(&notes, |_| true, |_| None::<&Cluster>, Order::Votes)
        .into_iter()
        .filter_map(|place| match place {
            Ranked::Note(n) => Some(n),
            Ranked::Cluster { .. } => None,
        })
        .collect()
}

/// The grids that had notes placed on them, each with its board's notes by votes.
fn used_grids(o: &Outcomes) -> Vec<(&ActivityInfo, &GridInfo, Vec<&Note>)> {
    o.grids()
        .map(|(a, g)| (a, g, placed_on(o, &a.board)))
        .filter(|(_, _, notes)| notes.iter().any(|n| n.quadrant.is_some()))
        .collect()
}

/// The square to start from on each grid the room used (its quick wins), with its notes.
pub(super) fn quick_wins(md: &mut String, o: &Outcomes) {
    let grids = used_grids(o);
    for (activity, grid, notes) in &grids {
        let start = grid.start;
        let name = grid.name(start);
        if grids.len() == 1 {
            let _ = writeln!(md, "### {}\n", escape_inline(name));
        } else {
            let _ = writeln!(
                md,
                "### {} ({})\n",
                escape_inline(name),
                escape_inline(&activity.title)
            );
        }
        let (across, up) = grid.ends(start);
        let _ = writeln!(
            md,
            "From the grid of \"{}\", {}: **{}** ({}) and **{}** ({}).\n",
            escape_inline(&activity.title),
            start.words(),
            escape_inline(across),
            escape_inline(&grid.across.name),
            escape_inline(up),
            escape_inline(&grid.up.name),
        );
        let wins: Vec<&&Note> = notes.iter().filter(|n| n.quadrant == Some(start)).collect();
        if wins.is_empty() {
            let _ = writeln!(md, "No idea was placed there.\n");
            continue;
        }
        for (n, note) in wins.into_iter().enumerate() {
            let bullet = format!("{}. ", n + 1);
            let indent = " ".repeat(bullet.len());
            md.push_str(&bullet);
            push_text(md, &note.text, &indent);
            let mut aside: Vec<String> = who(&[note.organisation.as_deref(), note.sector_name.as_deref()])
                .into_iter()
                .collect();
            if note.votes > 0 {
                aside.push(votes(note.votes));
            }
            push_aside(md, &aside);
            md.push('\n');
        }
        md.push('\n');
    }
}

/// The grid of a board, if the room placed notes on it: a row for each square (the one to
/// start from first), with its ends of the two axes and its notes, most votes first.
pub(super) fn grid_table(md: &mut String, o: &Outcomes, board: &str) {
    let grids = used_grids(o);
    let Some((activity, grid, notes)) = grids.iter().find(|(a, _, _)| a.board == board) else {
        return;
    };
    let _ = writeln!(md, "### Grid: {}\n", escape_inline(&activity.title));
    let axis = |a: &super::outcomes::AxisInfo| {
        format!(
            "{} ({} → {})",
            escape_inline(&a.name),
            escape_inline(&a.ends[0]),
            escape_inline(&a.ends[1])
        )
    };
    let _ = writeln!(md, "Across: {}. Up: {}.\n", axis(&grid.across), axis(&grid.up));
    let _ = writeln!(md, "| Square | Across | Up | Notes |");
    let _ = writeln!(md, "|---|---|---|---|");
    let order = std::iter::once(grid.start).chain(Quadrant::ALL.into_iter().filter(|q| *q != grid.start));
    for q in order {
        let (across, up) = grid.ends(q);
        let name = if q == grid.start {
            format!("**{}** (start here)", escape_cell(grid.name(q)))
        } else {
            escape_cell(grid.name(q))
        };
        let cell: Vec<String> = notes
            .iter()
            .filter(|n| n.quadrant == Some(q))
            .map(|n| {
                let mut words = escape_cell(&n.text);
                if n.votes > 0 {
                    let _ = write!(words, " *({})*", votes(n.votes));
                }
                words
            })
            .collect();
        let cell = if cell.is_empty() {
            "—".to_string()
        } else {
            cell.join("; ")
        };
        let _ = writeln!(
            md,
            "| {name} | {} | {} | {cell} |",
            escape_cell(across),
            escape_cell(up)
        );
    }
    let left = notes.iter().filter(|n| n.quadrant.is_none()).count();
    if left > 0 {
        let _ = writeln!(
            md,
            "\n{left} of the board's {} {} not placed on the grid.",
            plural(notes.len(), "note", "notes"),
            if left == 1 { "was" } else { "were" }
        );
    }
    md.push('\n');
}
