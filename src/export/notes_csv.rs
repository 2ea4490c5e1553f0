//! `notes.csv` (one row per live note) and `actions.csv` (one per action), for spreadsheets. Names people understand (the
//! category's name, the sector's name, the cluster's title, the grid square's name) rather than ids; RFC 4180
//! quoting; a byte-order mark so Excel reads the file as UTF-8; and no cell a spreadsheet
//! would run as a formula. Text is cleaned on the way out as on the screen
//! ([`strip`]): a journal edited by hand must not carry an escape sequence into a
//! spreadsheet, or into the terminal of whoever runs `cat notes.csv`.

use std::collections::HashMap;

use super::escape::csv_cell;
use super::outcomes::Outcomes;
use crate::session::text::strip;

/// The header row. `id` is last: the others are for people, it is for matching a row to
/// the JSON (and to an action's `source_note`).
pub const COLUMNS: [&str; 11] = [
    "activity",
    "category",
    "text",
    "sector",
    "organisation",
    "author",
    "votes",
    "cluster",
    "quadrant",
    "created_at",
    "id",
];

/// The header row of `actions.csv`. `source_note` is the text of the note an action came
/// from, `source_note_id` its id in `notes.csv`; `id` is the action's own.
pub const ACTION_COLUMNS: [&str; 8] = [
    "text",
    "owner",
    "organisation",
    "due",
    "status",
    "source_note",
    "source_note_id",
    "id",
];

/// `notes.csv`: UTF-8 with a byte-order mark, CRLF line ends. Every live note has a row; so
/// does every cluster given votes of its own (as a whole, not through one of its notes):
/// its text and cluster are the cluster's title, its id the cluster's (`c1`), so the votes
/// column adds up to every vote given. `quadrant` is the name of the note's square on its
/// board's grid ("Quick wins"), empty when it is not on one.
pub fn csv(outcomes: &Outcomes) -> Vec<u8> {
    let clusters: HashMap<&str, &str> = outcomes
        .clusters
        .iter()
        .map(|c| (c.id.as_str(), c.title.as_str()))
        .collect();
    let grids: HashMap<&str, _> = outcomes.grids().map(|(a, g)| (a.board.as_str(), g)).collect();
    table(&COLUMNS, |write| {
        for n in &outcomes.notes {
            let votes = n.votes.to_string();
            let cluster = n.cluster.as_deref().and_then(|c| clusters.get(c)).copied();
            let square = match (n.quadrant, grids.get(n.activity.as_str())) {
                (Some(q), Some(grid)) => grid.name(q),
                (Some(q), None) => q.id(),
                (None, _) => "",
            };
            write(&[
                &n.activity_title,
                &n.category_name,
                &n.text,
                n.sector_name.as_deref().unwrap_or(""),
                n.organisation.as_deref().unwrap_or(""),
                n.author.as_deref().unwrap_or(""),
                &votes,
                cluster.unwrap_or(""),
                square,
                &n.created_at,
                &n.id,
            ]);
        }
        for c in outcomes.clusters.iter().filter(|c| c.votes > 0) {
            let activity = outcomes.activity(&c.activity);
            let title = activity.map_or(c.activity.as_str(), |a| a.title.as_str());
            let category = activity
                .and_then(|a| a.categories.iter().find(|k| k.id == c.category))
                .map_or(c.category.as_str(), |k| k.name.as_str());
            let votes = c.votes.to_string();
            write(&[
                title,
                category,
                &c.title,
                "",
                "",
                "",
                &votes,
                &c.title,
                "",
                &c.created_at,
                &c.id,
            ]);
        }
    })
}

/// `actions.csv`, like `notes.csv`: every action, then the notes on the actions board that
/// nobody has taken on yet, with the status "proposed".
pub fn actions_csv(outcomes: &Outcomes) -> Vec<u8> {
    let notes: HashMap<&str, &str> = outcomes
        .notes
        .iter()
        .map(|n| (n.id.as_str(), n.text.as_str()))
        .collect();
    table(&ACTION_COLUMNS, |write| {
        for a in &outcomes.actions {
            let source = a.source_note.as_deref().unwrap_or("");
            write(&[
                &a.text,
                a.owner.as_deref().unwrap_or(""),
                a.organisation.as_deref().unwrap_or(""),
                a.due.as_deref().unwrap_or(""),
                status(&a.status),
                notes.get(source).copied().unwrap_or(""),
                source,
                &a.id,
            ]);
        }
        for n in outcomes.proposed_actions() {
            write(&[&n.text, "", "", "", "proposed", &n.text, &n.id, ""]);
        }
    })
}

/// An action's status as people say it.
pub(crate) fn status(status: &str) -> &str {
    match status {
        "in_progress" => "in progress",
        other => other,
    }
}

/// A CSV with a header row and the rows `fill` writes: a byte-order mark so Excel reads the
/// file as UTF-8, CRLF line ends, every cell cleaned and guarded against formulas.
fn table(columns: &[&str], fill: impl FnOnce(&mut dyn FnMut(&[&str]))) -> Vec<u8> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut writer = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::CRLF)
            .from_writer(&mut out);
        let mut write = |row: &[&str]| {
            for cell in row {
                writer
                    .write_field(csv_cell(&strip(cell)).as_bytes())
                    .expect("writing to memory cannot fail");
            }
            // An empty record ends the row begun field by field.
            writer
                .write_record(None::<&[u8]>)
                .expect("writing to memory cannot fail");
        };
        write(columns);
        fill(&mut write);
        writer.flush().expect("writing to memory cannot fail");
    }
    out
}
