//! `notes.csv`: one row per live note, for spreadsheets. Names people understand (the
//! category's name, the sector's name, the cluster's title) rather than ids; RFC 4180
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
pub const COLUMNS: [&str; 10] = [
    "activity",
    "category",
    "text",
    "sector",
    "organisation",
    "author",
    "votes",
    "cluster",
    "created_at",
    "id",
];

/// The CSV bytes: UTF-8 with a byte-order mark, CRLF line ends.
pub fn csv(outcomes: &Outcomes) -> Vec<u8> {
    let clusters: HashMap<&str, &str> = outcomes
        .clusters
        .iter()
        .map(|c| (c.id.as_str(), c.title.as_str()))
        .collect();
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
        write(&COLUMNS);
        for n in &outcomes.notes {
            let votes = n.votes.to_string();
            let cluster = n.cluster.as_deref().and_then(|c| clusters.get(c)).copied();
            write(&[
                &n.activity_title,
                &n.category_name,
                &n.text,
                n.sector_name.as_deref().unwrap_or(""),
                n.organisation.as_deref().unwrap_or(""),
                n.author.as_deref().unwrap_or(""),
                &votes,
                cluster.unwrap_or(""),
                &n.created_at,
                &n.id,
            ]);
        }
        writer.flush().expect("writing to memory cannot fail");
    }
    out
}
