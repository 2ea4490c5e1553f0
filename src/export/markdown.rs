//! `outcomes.md`: the report people read afterwards and forward, on GitHub or pasted into an
//! email, Word or Teams. It opens with what the room decided (the top ideas and the actions),
//! then the details. Plain Markdown (headings, lists, pipe tables); user text escaped only
//! where Markdown would misread it ([`super::escape`]), so it reads as typed as plain text;
//! who wrote a note and its votes set apart after it in italic brackets.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::fmt::Write;

use chrono::{DateTime, FixedOffset, NaiveDate};

use super::escape::{escape_cell, escape_inline, push_inline, push_text};
use super::markdown_grid::{grid_table, quick_wins};
use super::notes_csv::status;
use super::outcomes::{ACTIONS_BOARD, COMMITMENTS, Cluster, Note, Outcomes};
use super::terms::terms_text;
use crate::session::ranking::{Order, Place, Ranked, across, rank};

/// The whole report: what the room decided first (its top ideas, its quick wins and its
/// actions), then the details (who came, the programme as run, every board, the groups, the
/// commitments) and the draft Terms of Reference.
pub fn markdown(o: &Outcomes) -> String {
    let offset = o.offset();
    let clusters: HashMap<&str, &Cluster> = o.clusters.iter().map(|c| (c.id.as_str(), c)).collect();
    let columns = columns(o);
    let ranked: Vec<Vec<Ranked<'_, Note, Cluster>>> = columns
        .iter()
        .map(|c| rank(&c.notes, |_| true, |id| clusters.get(id).copied(), Order::Votes))
        .collect();
    let mut md = String::new();
    header(&mut md, o, offset);
    let _ = writeln!(md, "## What the room decided\n");
    top_ideas(&mut md, o, &columns, &clusters);
    quick_wins(&mut md, o);
    actions(&mut md, o);
    attendees(&mut md, o);
    programme(&mut md, o, offset);
    boards(&mut md, o, &columns, &ranked);
    groups(&mut md, o, offset);
    commitments(&mut md, o);
    md.push_str(&terms_text(o, 2));
    md.push('\n');
    footer(&mut md, o, offset);
    md
}

/// "1 vote", "3 votes".
pub(crate) fn votes(n: u32) -> String {
    if n == 1 {
        "1 vote".to_string()
    } else {
        format!("{n} votes")
    }
}

pub(super) fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// A timestamp of the outcomes as the room's clock time.
fn local(ts: &str, offset: FixedOffset) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(ts)
        .ok()
        .map(|t| t.with_timezone(&offset))
}

fn clock(ts: &str, offset: FixedOffset) -> String {
    local(ts, offset).map_or_else(String::new, |t| t.format("%H:%M").to_string())
}

/// Minutes as a person writes them: whole where they are whole, else to a tenth.
fn minutes(seconds: u64) -> String {
    if seconds.is_multiple_of(60) {
        (seconds / 60).to_string()
    } else {
        format!("{:.1}", seconds as f64 / 60.0)
    }
}

fn header(md: &mut String, o: &Outcomes, offset: FixedOffset) {
    let w = &o.workshop;
    let _ = writeln!(md, "# {}\n", escape_inline(&w.title));
    if let Some(subtitle) = &w.subtitle {
        let _ = writeln!(md, "*{}*\n", escape_inline(subtitle));
    }
    if let Ok(date) = NaiveDate::parse_from_str(&w.date, "%Y-%m-%d") {
        let _ = writeln!(md, "- **Date:** {}", date.format("%A %-d %B %Y"));
    }
    let _ = writeln!(
        md,
        "- **Time:** planned {} to {}; started at {}, last entry at {}",
        w.planned_start,
        w.planned_finish,
        clock(&o.session.started_at, offset),
        clock(&o.session.last_event_at, offset),
    );
    if let Some(venue) = &w.venue {
        let _ = writeln!(md, "- **Venue:** {}", escape_inline(venue));
    }
    if let Some(facilitator) = &w.facilitator {
        let _ = writeln!(md, "- **Facilitator:** {}", escape_inline(facilitator));
    }
    md.push('\n');

    if !o.session.finished {
        let at = o
            .session
            .current_item
            .as_deref()
            .and_then(|id| o.agenda.iter().find(|i| i.id == id))
            .map_or_else(String::new, |i| {
                format!(", during \"{}\"", escape_inline(&i.title))
            });
        let _ = writeln!(
            md,
            "> **Still running.** This report was written at {}{at}, before the end of the \
             programme. Export again at the end for the full record.\n",
            clock(&o.session.exported_at, offset)
        );
    }

    // Organisations ignoring case, so "NHS Trust" and "nhs trust" count once.
    let organisations: HashSet<String> = o
        .attendees
        .iter()
        .filter_map(|a| a.organisation.as_deref())
        .map(|org| org.trim().to_lowercase())
        .collect();
    let boards: Vec<&str> = distinct(o.notes.iter().map(|n| n.activity.as_str()));
    let people = if o.attendees.is_empty() {
        String::new()
    } else {
        format!(
            "{} from {} took part. ",
            plural(o.attendees.len(), "person", "people"),
            plural(organisations.len(), "organisation", "organisations")
        )
    };
    let _ = writeln!(
        md,
        "{people}The room wrote {} on {}, grouped into {}, and agreed {}.\n",
        plural(o.notes.len(), "note", "notes"),
        plural(boards.len(), "board", "boards"),
        plural(o.clusters.len(), "cluster", "clusters"),
        plural(o.actions.len(), "action", "actions"),
    );
}

/// Each item once, in the order first met.
fn distinct<'a>(items: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut seen = HashSet::new();
    items.filter(|item| seen.insert(*item)).collect()
}

fn attendees(md: &mut String, o: &Outcomes) {
    let _ = writeln!(md, "## Who was there\n");
    if o.attendees.is_empty() {
        let _ = writeln!(md, "No attendees were recorded.\n");
        return;
    }
    // One row per organisation and sector, organisations in alphabetical order (those with
    // none last), people in the order they were added.
    let mut rows: Vec<(String, &str, &str, Vec<&str>)> = Vec::new();
    // Where each (organisation, sector) row is, so a list of thousands of organisations
    // finds its row without scanning the rows.
    let mut row_of: HashMap<(String, &str), usize> = HashMap::new();
    for a in &o.attendees {
        let org = a.organisation.as_deref().unwrap_or("");
        match row_of.entry((org.to_lowercase(), a.sector_name.as_str())) {
            Entry::Occupied(at) => rows[*at.get()].3.push(&a.name),
            Entry::Vacant(at) => {
                rows.push((at.key().0.clone(), org, &a.sector_name, vec![&a.name]));
                at.insert(rows.len() - 1);
            }
        }
    }
    // No two rows share an organisation and a sector, so an unstable sort orders them
    // just as a stable one would, and faster.
    rows.sort_unstable_by(|a, b| (a.0.is_empty(), &a.0, a.2).cmp(&(b.0.is_empty(), &b.0, b.2)));
    let _ = writeln!(md, "| Organisation | Sector | People |");
    let _ = writeln!(md, "|---|---|---|");
    for (_, org, sector, names) in rows {
        let org = if org.is_empty() {
            "(none given)".to_string()
        } else {
            escape_cell(org)
        };
        let names: Vec<String> = names.into_iter().map(escape_cell).collect();
        let _ = writeln!(md, "| {org} | {} | {} |", escape_cell(sector), names.join(", "));
    }
    md.push('\n');
}

fn programme(md: &mut String, o: &Outcomes, offset: FixedOffset) {
    let _ = writeln!(md, "## Programme\n");
    let _ = writeln!(
        md,
        "As planned and as run. Minutes as run count every visit to an item; an item still open \
         counts to the last thing recorded.\n"
    );
    let _ = writeln!(
        md,
        "| Planned | Item | Planned min | Started | Actual min | Status |"
    );
    let _ = writeln!(md, "|---|---|--:|---|--:|---|");
    let (mut planned, mut actual) = (0, 0);
    for item in &o.agenda {
        planned += item.planned_seconds;
        actual += item.actual_seconds;
        let (started, ran) = match &item.actual_start {
            Some(at) => (clock(at, offset), ((item.actual_seconds + 30) / 60).to_string()),
            None => ("—".to_string(), "—".to_string()),
        };
        let status = match item.status.as_str() {
            "now" if o.session.finished => "done",
            "now" => "in progress",
            "later" => "",
            other => other,
        };
        let _ = writeln!(
            md,
            "| {} | {} | {} | {started} | {ran} | {status} |",
            clock(&item.planned_start, offset),
            escape_cell(&item.title),
            minutes(item.planned_seconds),
        );
    }
    let _ = writeln!(
        md,
        "| | **Total** | {} | | {} | |\n",
        minutes(planned),
        (actual + 30) / 60
    );
}

/// One column of a board in the report, its notes in the order written.
struct Column<'a> {
    board: &'a str,
    /// The board's activity's title.
    title: &'a str,
    name: &'a str,
    notes: Vec<&'a Note>,
}

/// Every board's columns with notes, boards in programme order (then any the pack does not
/// know, as first written on), columns in the board's order (then any it does not know).
/// The actions board is left out: its notes are actions and commitments, listed on their own.
fn columns(o: &Outcomes) -> Vec<Column<'_>> {
    let mut by_board: HashMap<&str, Vec<&Note>> = HashMap::new();
    for n in o.notes.iter().filter(|n| n.activity != ACTIONS_BOARD) {
        by_board.entry(n.activity.as_str()).or_default().push(n);
    }
    let activities = o.workshop.activities.iter().map(|a| a.id.as_str());
    let order = distinct(activities.chain(o.notes.iter().map(|n| n.activity.as_str())));
    let mut out = Vec::new();
    for board in order {
        let Some(notes) = by_board.remove(board) else {
            continue;
        };
        let title = o.activity(board).map_or(board, |a| a.title.as_str());
        let mut names: Vec<(&str, &str)> = o.activity(board).map_or_else(Vec::new, |a| {
            a.categories
                .iter()
                .map(|c| (c.id.as_str(), c.name.as_str()))
                .collect()
        });
        // The notes column by column in one pass; a lookup per note would be quadratic.
        let mut known: HashSet<&str> = names.iter().map(|(id, _)| *id).collect();
        let mut by_column: HashMap<&str, Vec<&Note>> = HashMap::new();
        for n in notes {
            if known.insert(&n.category) {
                names.push((&n.category, &n.category_name));
            }
            by_column.entry(&n.category).or_default().push(n);
        }
        for (id, name) in names {
            if let Some(notes) = by_column.remove(id) {
                out.push(Column {
                    board,
                    title,
                    name,
                    notes,
                });
            }
        }
    }
    out
}

/// The ideas with the most votes on each board that has any, ranked across its columns as
/// the results screen ranks them (the one function, `ranking::across`): a cluster by its
/// total, equal votes in the board's order and sharing a rank, the top five and any tied
/// with the fifth. A table, so a rank shared reads as shared (a numbered list would be
/// renumbered 1, 2, 3 by whatever shows it).
fn top_ideas(md: &mut String, o: &Outcomes, columns: &[Column<'_>], clusters: &HashMap<&str, &Cluster>) {
    let _ = writeln!(md, "### Top ideas\n");
    let mut any = false;
    for board in columns.chunk_by(|a, b| a.board == b.board) {
        let notes: Vec<Vec<&Note>> = board.iter().map(|c| c.notes.clone()).collect();
        let places = across(&notes, |id| clusters.get(id).copied());
        let top: Vec<&Place<'_, Note, Cluster>> =
            places.iter().filter(|p| p.top() && p.entry.votes() > 0).collect();
        let Some(first) = board.first().filter(|_| !top.is_empty()) else {
            continue;
        };
        any = true;
        let cast = notes.iter().flatten().map(|n| n.votes).sum::<u32>()
            + o.clusters
                .iter()
                .filter(|c| c.activity == first.board)
                .map(|c| c.votes)
                .sum::<u32>();
        let _ = writeln!(md, "#### {}\n", escape_inline(first.title));
        let _ = writeln!(
            md,
            "{} cast. Most votes first; equal votes share a rank.\n",
            votes(cast)
        );
        let _ = writeln!(md, "| Rank | Idea | Votes | Column | Sector |");
        let _ = writeln!(md, "|---|---|---|---|---|");
        for place in top {
            let (idea, sectors) = match &place.entry {
                Ranked::Note(n) => (escape_cell(&n.text), vec![n.sector_name.as_deref()]),
                Ranked::Cluster { cluster, notes, .. } => {
                    let mut sectors: Vec<Option<&str>> = Vec::new();
                    for n in notes {
                        if !sectors.contains(&n.sector_name.as_deref()) {
                            sectors.push(n.sector_name.as_deref());
                        }
                    }
                    let idea = format!(
                        "**{}** ({})",
                        escape_cell(&cluster.title),
                        plural(notes.len(), "note", "notes")
                    );
                    (idea, sectors)
                }
            };
            let sectors: Vec<String> = sectors.into_iter().flatten().map(escape_cell).collect();
            let column = board.get(place.column).map_or("", |c| c.name);
            let _ = writeln!(
                md,
                "| {} | {idea} | {} | {} | {} |",
                place.rank,
                place.entry.votes(),
                escape_cell(column),
                sectors.join(", ")
            );
        }
        md.push('\n');
    }
    if !any {
        let _ = writeln!(md, "No votes were given.\n");
    }
}

fn boards(md: &mut String, o: &Outcomes, columns: &[Column<'_>], ranked: &[Vec<Ranked<'_, Note, Cluster>>]) {
    let mut board = "";
    for (column, entries) in columns.iter().zip(ranked) {
        if column.board != board {
            grid_table(md, o, board);
            board = column.board;
            let activity = o.activity(board);
            let _ = writeln!(md, "## {}\n", escape_inline(column.title));
            if let Some(prompt) = activity.and_then(|a| a.prompt.as_deref()) {
                md.push_str("> ");
                push_text(md, prompt, "> ");
                md.push_str("\n\n");
            }
        }
        let _ = writeln!(md, "### {}\n", escape_inline(column.name));
        for entry in entries {
            match entry {
                Ranked::Note(n) => note_line(md, "- ", n, "  "),
                Ranked::Cluster {
                    cluster: c,
                    total,
                    notes: members,
                } => {
                    let _ = write!(md, "- **{}**", escape_inline(&c.title));
                    let mut aside = vec![plural(members.len(), "note", "notes")];
                    if *total > 0 {
                        aside.push(votes(*total));
                        if c.votes > 0 {
                            let _ = write!(aside[1], ", {} of them for the cluster as a whole", c.votes);
                        }
                    }
                    push_aside(md, &aside);
                    md.push('\n');
                    for n in members {
                        note_line(md, "  - ", n, "    ");
                    }
                }
            }
        }
        md.push('\n');
    }
    grid_table(md, o, board);
}

/// A note as a list item (`bullet` is "- " or "  - "): its words, then, set apart, who
/// wrote it and its votes. `indent` lines up the note's second and later lines under its
/// first.
fn note_line(md: &mut String, bullet: &str, n: &Note, indent: &str) {
    md.push_str(bullet);
    push_text(md, &n.text, indent);
    let mut aside: Vec<String> = who(&[
        n.author.as_deref(),
        n.organisation.as_deref(),
        n.sector_name.as_deref(),
    ])
    .into_iter()
    .collect();
    if n.votes > 0 {
        aside.push(votes(n.votes));
    }
    push_aside(md, &aside);
    md.push('\n');
}

/// "Ada Lovelace, Central Library, Public library", for whichever of them there are,
/// escaped; `None` for none.
pub(crate) fn who(parts: &[Option<&str>]) -> Option<String> {
    let mut out = String::new();
    for part in parts.iter().flatten().filter(|p| !p.trim().is_empty()) {
        if !out.is_empty() {
            out.push_str(", ");
        }
        push_inline(&mut out, part);
    }
    Some(out).filter(|o| !o.is_empty())
}

/// What the report says about a note (who, votes, where), already escaped, after the note
/// in italic brackets: " *(Ada Lovelace, Central Library; 4 votes)*". Set apart like this
/// it cannot be read as part of what was written, as plain text or rendered.
pub(crate) fn push_aside(md: &mut String, parts: &[String]) {
    if parts.is_empty() {
        return;
    }
    let _ = write!(md, " *({})*", parts.join("; "));
}

fn groups(md: &mut String, o: &Outcomes, offset: FixedOffset) {
    let latest: Vec<_> = o.groups.iter().filter(|d| d.latest).collect();
    if latest.is_empty() {
        return;
    }
    let _ = writeln!(md, "## Groups\n");
    let mut draws_of: HashMap<&str, usize> = HashMap::new();
    for d in &o.groups {
        *draws_of.entry(&d.activity).or_default() += 1;
    }
    for draw in latest {
        let draws = draws_of[draw.activity.as_str()];
        let _ = writeln!(md, "### {}\n", escape_inline(&draw.activity_title));
        let redrawn = match draws {
            1 => String::new(),
            2 => "; drawn twice, and these are the latest".to_string(),
            n => format!("; drawn {n} times, and these are the latest"),
        };
        let _ = writeln!(
            md,
            "Groups of about {}, drawn at {} (seed {}){redrawn}.\n",
            draw.size,
            clock(&draw.drawn_at, offset),
            draw.seed
        );
        for (n, group) in draw.groups.iter().enumerate() {
            let people: Vec<String> = group
                .iter()
                .map(|m| {
                    let mut about = vec![escape_inline(&m.sector_name)];
                    if let Some(org) = &m.organisation {
                        about.insert(0, escape_inline(org));
                    }
                    format!("{} ({})", escape_inline(&m.name), about.join(", "))
                })
                .collect();
            let _ = writeln!(md, "- **Group {}:** {}", n + 1, people.join("; "));
        }
        md.push('\n');
    }
}

fn actions(md: &mut String, o: &Outcomes) {
    let _ = writeln!(md, "### Actions\n");
    let proposed = o.proposed_actions();
    if o.actions.is_empty() && proposed.is_empty() {
        let _ = writeln!(md, "No actions were recorded.\n");
        return;
    }
    if !o.actions.is_empty() {
        let _ = writeln!(md, "| Action | Owner | Organisation | Due | Status |");
        let _ = writeln!(md, "|---|---|---|---|---|");
    }
    for a in &o.actions {
        let due = a
            .due
            .as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .map_or_else(|| "no date".to_string(), |d| d.format("%-d %b %Y").to_string());
        let _ = writeln!(
            md,
            "| {} | {} | {} | {due} | {} |",
            escape_cell(&a.text),
            a.owner
                .as_deref()
                .map_or_else(|| "not named".to_string(), escape_cell),
            a.organisation.as_deref().map_or_else(String::new, escape_cell),
            status(&a.status),
        );
    }
    if !o.actions.is_empty() {
        md.push('\n');
    }
    if !proposed.is_empty() {
        let _ = writeln!(md, "Proposed, no owner yet:\n");
        for n in proposed {
            note_line(md, "- ", n, "  ");
        }
        md.push('\n');
    }
}

fn commitments(md: &mut String, o: &Outcomes) {
    let (board, column) = COMMITMENTS;
    let Some(name) = o
        .activity(board)
        .and_then(|a| a.categories.iter().find(|c| c.id == column))
        .map(|c| c.name.as_str())
    else {
        return;
    };
    let _ = writeln!(md, "## {}\n", escape_inline(name));
    let mine: Vec<&Note> = o
        .notes
        .iter()
        .filter(|n| n.activity == board && n.category == column)
        .collect();
    if mine.is_empty() {
        let _ = writeln!(md, "No personal commitments were recorded.\n");
        return;
    }
    for n in mine {
        md.push_str("- ");
        push_text(md, &n.text, "  ");
        let who = who(&[n.author.as_deref(), n.organisation.as_deref()]);
        push_aside(md, &who.into_iter().collect::<Vec<_>>());
        md.push('\n');
    }
    md.push('\n');
}

fn footer(md: &mut String, o: &Outcomes, offset: FixedOffset) {
    let when = local(&o.session.exported_at, offset)
        .map_or_else(String::new, |t| t.format(" at %H:%M on %-d %B %Y").to_string());
    let _ = writeln!(
        md,
        "---\n\n*Written by convene{when} from session {} ({}). Every detail is in \
         outcomes.json; the notes and the actions are in notes.csv and actions.csv for \
         spreadsheets, and a draft agenda for the network's first meeting is in \
         first-meeting-agenda.md.*",
        escape_inline(&o.session.id),
        plural(o.session.events as usize, "event", "events"),
    );
}
