//! `terms-of-reference.md`: a draft Terms of Reference for the network the workshop set up,
//! and an outline Memorandum of Understanding between the partners, drafted from the
//! `network` activity's board. What the room said comes first, most votes first; where the
//! room said nothing the draft says so plainly; wording offered from the usual practice of
//! library networks is marked as a suggestion, since only the network can agree it.

use std::cmp::Reverse;
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::fmt::Write;

use chrono::{Months, NaiveDate};

use super::escape::{escape_cell, escape_inline, escape_text, push_text};
use super::markdown::{push_aside, votes, who};
use super::outcomes::{Note, Outcomes};

/// The activity whose board a draft is built from.
pub const NETWORK_ACTIVITY: &str = "network";

/// What a draft says where the room gave no answer.
pub const NOT_COVERED: &str = "*The room did not cover this yet: to agree at the first meeting.*";

/// The network board's columns, by id, and the sections of the draft they feed.
const PURPOSE: &[&str] = &["aims"];
const MEMBERSHIP: &[&str] = &["membership"];
const OFFICERS: &[&str] = &["lead", "coordination"];
const MEETINGS: &[&str] = &["meetings"];
const COMMUNICATION: &[&str] = &["communication"];
const MAPPED: &[&str] = &[
    "aims",
    "membership",
    "lead",
    "coordination",
    "meetings",
    "communication",
];

/// The draft as its own document.
pub fn terms_of_reference(outcomes: &Outcomes) -> String {
    terms_text(outcomes, 1)
}

/// The draft with its title at heading `level` (1 for its own file, 2 inside the report).
pub(crate) fn terms_text(o: &Outcomes, level: usize) -> String {
    let h = |n: usize| "#".repeat(level + n);
    let mut md = String::new();
    let _ = writeln!(md, "{} Draft Terms of Reference\n", h(0));
    let Some(network) = o.activity(NETWORK_ACTIVITY) else {
        md.push_str(
            "This workshop's pack has no `network` activity, the set-up questions a draft \
             Terms of Reference is built from, so there is nothing to draft from here.\n",
        );
        return md;
    };
    let board = network.id.as_str();
    let workshop_date = NaiveDate::parse_from_str(&o.workshop.date, "%Y-%m-%d").ok();
    let review = workshop_date
        .and_then(|d| d.checked_add_months(Months::new(12)))
        .map(|d| d.format("%-d %B %Y").to_string());

    // The board's notes by column, most votes first, ties in the order written.
    let mut by_category: HashMap<&str, Vec<&Note>> = HashMap::new();
    for n in o.notes.iter().filter(|n| n.activity == board) {
        by_category.entry(n.category.as_str()).or_default().push(n);
    }
    for notes in by_category.values_mut() {
        notes.sort_by_key(|n| Reverse(n.votes));
    }
    let column_name = |id: &str| {
        network
            .categories
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.name.clone())
    };
    // One column's answers under its question, or the plain statement that there were none.
    let answers = |md: &mut String, ids: &[&str], label: bool| {
        for id in ids {
            let Some(name) = column_name(id) else { continue };
            let notes = by_category.get(id).map(Vec::as_slice).unwrap_or_default();
            if label {
                let _ = writeln!(md, "**{}**\n", escape_inline(&name));
            }
            if notes.is_empty() {
                let _ = writeln!(md, "{NOT_COVERED}\n");
            } else {
                for n in notes {
                    said(md, n);
                }
                md.push('\n');
            }
        }
        if !ids.iter().any(|id| column_name(id).is_some()) {
            let _ = writeln!(md, "{NOT_COVERED}\n");
        }
    };

    let place = match &o.workshop.venue {
        Some(venue) => format!(" at {}", escape_inline(venue)),
        None => String::new(),
    };
    let when = workshop_date.map_or_else(String::new, |d| format!(" on {}", d.format("%-d %B %Y")));
    let _ = writeln!(md, "*For a new local health information network.*\n");
    let _ = writeln!(
        md,
        "This is a first draft, written from what people said at the workshop \"{}\"{when}{place}. \
         None of it is agreed yet. Under each heading come the room's own answers, the most \
         votes first, with the organisation and sector of whoever gave them. Where the room \
         gave no answer the draft says so. Text marked *Suggested* is a starting point, drawn \
         from how other library networks work, for the network to change, accept or drop at \
         its first meeting.\n",
        escape_inline(&o.workshop.title),
    );

    let _ = writeln!(md, "{} Purpose\n", h(1));
    answers(&mut md, PURPOSE, false);
    let _ = writeln!(
        md,
        "*Suggested:* the network brings together the organisations that give health \
         information to patients and the public in our area, so that each knows what the \
         others offer, people are pointed to the right place first time, and partners \
         achieve together what none could alone.\n"
    );

    let _ = writeln!(md, "{} Role of the group\n", h(1));
    let _ = writeln!(md, "{NOT_COVERED}\n");
    let _ = writeln!(md, "*Suggested:* the network will\n");
    for line in [
        "keep a shared picture of who offers what, and agree how enquiries are passed between partners;",
        "share resources and materials, such as book collections, leaflets and self-help titles;",
        "share skills, with partners training each other's staff;",
        "plan joint events and campaigns, starting with Health Information Week;",
        "support work on mental health and well-being, such as Reading Well and Recovery Colleges.",
    ] {
        let _ = writeln!(md, "- {line}");
    }
    md.push('\n');

    let _ = writeln!(md, "{} Membership\n", h(1));
    answers(&mut md, MEMBERSHIP, false);
    let sectors = sectors_present(o);
    if !sectors.is_empty() {
        let _ = writeln!(
            md,
            "Sectors at the workshop: {}.\n",
            sectors
                .iter()
                .map(|s| escape_inline(s))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let _ = writeln!(
        md,
        "*Suggested:* membership is open to any local organisation, from any sector, that \
         gives health information to the public, and to patient and public members. Each \
         member organisation names a main contact and a deputy.\n"
    );

    let _ = writeln!(md, "{} Officers\n", h(1));
    answers(&mut md, OFFICERS, true);
    let _ = writeln!(
        md,
        "*Suggested:* the network chooses a chair and a secretary from its members, and \
         members take turns to write the notes of each meeting. Officers serve for a year; \
         the roles, and who holds them, are looked at again every year.\n"
    );

    let _ = writeln!(md, "{} Meetings\n", h(1));
    answers(&mut md, MEETINGS, false);
    let _ = writeln!(
        md,
        "*Suggested:* four to six meetings a year (at least one a quarter), in person, \
         online or both. A meeting goes ahead when a quorum is present: for example, a third \
         of member organisations, from at least two sectors.\n"
    );

    let _ = writeln!(md, "{} Communication\n", h(1));
    answers(&mut md, COMMUNICATION, false);
    let _ = writeln!(
        md,
        "*Suggested:* between meetings, members keep in touch by an email list or online \
         discussion group that the secretary looks after, and anyone who cannot travel can \
         join meetings online.\n"
    );

    let _ = writeln!(md, "{} Accountability and reporting\n", h(1));
    let _ = writeln!(md, "{NOT_COVERED}\n");
    let _ = writeln!(
        md,
        "*Suggested:* each member reports on the network's work through its own \
         organisation's usual routes. The notes of each meeting go to all members within two \
         weeks, and once a year the network writes a short summary of what it has done for \
         every partner.\n"
    );

    let mut other: Vec<&str> = network
        .categories
        .iter()
        .map(|c| c.id.as_str())
        .filter(|id| !MAPPED.contains(id) && by_category.contains_key(id))
        .collect();
    // Notes in a column the board no longer has still count.
    let mut seen = HashSet::new();
    let mut unknown: Vec<&str> = Vec::new();
    for n in o.notes.iter().filter(|n| n.activity == board) {
        if seen.insert(n.category.as_str()) && column_name(&n.category).is_none() {
            unknown.push(&n.category);
        }
    }
    if !other.is_empty() || !unknown.is_empty() {
        let _ = writeln!(md, "{} Other points the room raised\n", h(1));
        other.append(&mut unknown);
        for id in other {
            if column_name(id).is_some() {
                answers(&mut md, &[id], true);
            } else {
                let _ = writeln!(md, "**{}**\n", escape_inline(id));
                for n in by_category.get(id).map(Vec::as_slice).unwrap_or_default() {
                    said(&mut md, n);
                }
                md.push('\n');
            }
        }
    }

    let _ = writeln!(md, "{} Review date\n", h(1));
    match &review {
        Some(date) => {
            let _ = writeln!(
                md,
                "*Suggested:* review these terms by {date}, a year after the workshop, and every \
                 year after that.\n"
            );
        }
        None => {
            let _ = writeln!(md, "*Suggested:* review these terms a year after the workshop.\n");
        }
    }

    memorandum(&mut md, o, level + 1, by_category.get("aims"), review.as_deref());
    while md.ends_with("\n\n") {
        md.pop();
    }
    md
}

/// The outline MoU, its title at heading `level`.
fn memorandum(md: &mut String, o: &Outcomes, level: usize, aims: Option<&Vec<&Note>>, review: Option<&str>) {
    let h = |n: usize| "#".repeat(level + n);
    let _ = writeln!(md, "{} Outline Memorandum of Understanding\n", h(0));
    let _ = writeln!(
        md,
        "*An outline for the partner organisations to complete, and sign once the Terms of \
         Reference are agreed.*\n"
    );

    let _ = writeln!(md, "{} Parties\n", h(1));
    let parties = parties(o);
    if parties.is_empty() {
        let _ = writeln!(
            md,
            "No organisations were recorded at the workshop: list the partners here.\n"
        );
    } else {
        let _ = writeln!(
            md,
            "The organisations that took part in the workshop (add or remove any before signing):\n"
        );
        for (name, sectors) in &parties {
            if sectors.is_empty() {
                let _ = writeln!(md, "- {}", escape_text(name, "  "));
            } else {
                let sectors: Vec<String> = sectors.iter().map(|s| escape_inline(s)).collect();
                let _ = writeln!(md, "- {} ({})", escape_text(name, "  "), sectors.join("; "));
            }
        }
        md.push('\n');
    }

    let _ = writeln!(md, "{} Purpose\n", h(1));
    let _ = writeln!(
        md,
        "The partners agree to work together as a local health information network, so that \
         patients and the public find good, reliable health information wherever they first \
         ask for it.\n"
    );

    let _ = writeln!(md, "{} Aims\n", h(1));
    match aims.filter(|a| !a.is_empty()) {
        Some(aims) => {
            let _ = writeln!(
                md,
                "The aims are those of the Terms of Reference. The room put these first:\n"
            );
            for n in aims.iter().take(3) {
                let _ = writeln!(md, "- {}", escape_text(&n.text, "  "));
            }
            md.push('\n');
        }
        None => {
            let _ = writeln!(md, "{NOT_COVERED}\n");
        }
    }

    let _ = writeln!(md, "{} What each partner commits to\n", h(1));
    let _ = writeln!(md, "Each partner agrees to:\n");
    for line in [
        "act as a strategic partner of the network, and speak up for it within its own organisation;",
        "help build the evidence base, by sharing what works, what it takes and what people ask for;",
        "share guidance, resources and materials with the other partners;",
        "arrange training for each other's staff, offered in both directions;",
        "take part in joint projects, such as events for Health Information Week;",
        "record any formal arrangement, such as shared services or staff time, through its own \
         organisation's governance.",
    ] {
        let _ = writeln!(md, "- {line}");
    }
    md.push('\n');

    let _ = writeln!(md, "{} Duration, review and termination\n", h(1));
    let by = review.map_or_else(String::new, |d| format!(" (suggested: by {d})"));
    let _ = writeln!(
        md,
        "*Suggested:* this memorandum starts on the date below and runs until it is reviewed \
         with the Terms of Reference{by}. Any partner may leave by telling the chair in \
         writing, giving a month's notice. It records what the partners intend to do together; \
         it is not a contract.\n"
    );

    let _ = writeln!(md, "{} Signatures and start date\n", h(1));
    let _ = writeln!(md, "| Organisation | Name | Role | Signature | Date |");
    let _ = writeln!(md, "|---|---|---|---|---|");
    if parties.is_empty() {
        for _ in 0..3 {
            let _ = writeln!(md, "| | | | | |");
        }
    }
    for (name, _) in &parties {
        let _ = writeln!(md, "| {} | | | | |", escape_cell(name));
    }
    let _ = writeln!(md, "\nStart date: ....................\n");
}

/// A note as the draft quotes it, as a list item: its words, who said it, and its votes.
fn said(md: &mut String, n: &Note) {
    md.push_str("- ");
    push_text(md, &n.text, "  ");
    let mut aside: Vec<String> = who(&[n.organisation.as_deref(), n.sector_name.as_deref()])
        .into_iter()
        .collect();
    if n.votes > 0 {
        aside.push(votes(n.votes));
    }
    push_aside(md, &aside);
    md.push('\n');
}

/// The sectors people came from, in the pack's order: the attendees' (a note's sector is
/// what someone typed, and one mis-tagged note must not add a sector nobody came from); the
/// notes' only when no attendees were recorded.
fn sectors_present(o: &Outcomes) -> Vec<String> {
    let present: HashSet<&str> = if o.attendees.is_empty() {
        o.notes.iter().filter_map(|n| n.sector.as_deref()).collect()
    } else {
        o.attendees.iter().map(|a| a.sector.as_str()).collect()
    };
    o.workshop
        .sectors
        .iter()
        .filter(|s| present.contains(&s.id.as_str()))
        .map(|s| s.name.clone())
        .collect()
}

/// The partner organisations, once each (ignoring case), with the sectors they came as, in
/// alphabetical order: the attendees' organisations, or when no attendees were recorded, the
/// organisations the notes name.
pub(crate) fn parties(o: &Outcomes) -> Vec<(String, Vec<String>)> {
    let mut found: Vec<(String, String, Vec<String>)> = Vec::new();
    // Where each organisation is in `found`, so thousands of them are not scanned per person.
    let mut place: HashMap<String, usize> = HashMap::new();
    let mut add = |name: &str, sector: Option<&str>| {
        let key = name.trim().to_lowercase();
        if key.is_empty() {
            return;
        }
        let at = match place.entry(key) {
            Entry::Occupied(at) => *at.get(),
            Entry::Vacant(at) => {
                found.push((at.key().clone(), name.trim().to_string(), Vec::new()));
                *at.insert(found.len() - 1)
            }
        };
        if let Some(sector) = sector
            && !found[at].2.iter().any(|s| s == sector)
        {
            found[at].2.push(sector.to_string());
        }
    };
    if o.attendees.is_empty() {
        for n in &o.notes {
            if let Some(org) = &n.organisation {
                add(org, n.sector_name.as_deref());
            }
        }
    } else {
        for a in &o.attendees {
            if let Some(org) = &a.organisation {
                add(org, Some(&a.sector_name));
            }
        }
    }
    // Each key is there once, so an unstable sort orders them as a stable one would.
    found.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    found
        .into_iter()
        .map(|(_, name, sectors)| (name, sectors))
        .collect()
}
