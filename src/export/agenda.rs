//! `first-meeting-agenda.md`: a draft agenda for the new network's first meeting, for the
//! organiser to send out with the draft Terms of Reference. Its items are the usual ones
//! for a network's start (welcome and introductions, the Terms of Reference, the aims, a
//! joint Health Information Week event, the actions, the next date); under each come the
//! room's own answers from the network set-up board, and the actions as they stand.

use std::cmp::Reverse;
use std::fmt::Write;

use chrono::NaiveDate;

use super::escape::{escape_inline, escape_text, push_text};
use super::markdown::{push_aside, votes, who};
use super::notes_csv::status;
use super::outcomes::{Note, Outcomes};
use super::terms::{NETWORK_ACTIVITY, parties};

/// The activity whose board holds the room's plans for a Health Information Week event.
const EVENT_ACTIVITY: &str = "hiw-event";

/// What the agenda says under an item the workshop gave no answer to.
const OPEN: &str = "*The workshop did not cover this: to discuss.*";

/// The draft agenda.
pub fn agenda(o: &Outcomes) -> String {
    let mut md = String::new();
    let _ = writeln!(md, "# Our health information network: first meeting\n");
    let date = NaiveDate::parse_from_str(&o.workshop.date, "%Y-%m-%d")
        .map_or_else(|_| String::new(), |d| format!(" on {}", d.format("%-d %B %Y")));
    let place = o
        .workshop
        .venue
        .as_deref()
        .map_or_else(String::new, |v| format!(" at {}", escape_inline(v)));
    let _ = writeln!(
        md,
        "*A draft agenda, drawn from the workshop \"{}\"{date}{place}. Change anything before \
         sending it out; nothing in it is agreed yet.*\n",
        escape_inline(&o.workshop.title)
    );
    let _ = writeln!(md, "- **Date and time:** to be set");
    let _ = writeln!(md, "- **Place:** to be set (in person, online or both)");
    let leads = answers(o, "lead");
    if leads.is_empty() {
        let _ = writeln!(md, "- **Chair:** to be agreed\n");
    } else {
        let said: Vec<String> = leads.iter().map(|n| escape_inline(&n.text)).collect();
        let _ = writeln!(
            md,
            "- **Chair:** to be agreed; the workshop suggested: {}\n",
            said.join("; ")
        );
    }

    let _ = writeln!(md, "## 1. Welcome and introductions (10 minutes)\n");
    let _ = writeln!(
        md,
        "Each partner says who they are, what health information they give, and who will be \
         their contact for the network.\n"
    );
    let parties = parties(o);
    if !parties.is_empty() {
        let names: Vec<String> = parties.iter().map(|(name, _)| escape_inline(name)).collect();
        let _ = writeln!(md, "Organisations at the workshop: {}.\n", names.join(", "));
    }
    let members = answers(o, "membership");
    if !members.is_empty() {
        let _ = writeln!(md, "Who the workshop thought should be included:\n");
        list(&mut md, &members);
    }

    let _ = writeln!(md, "## 2. Terms of Reference (20 minutes)\n");
    let _ = writeln!(
        md,
        "To go through the draft Terms of Reference sent out after the workshop, heading by \
         heading, and agree what the network can live with. The draft's suggested wording \
         on the role of the group and on accountability and reporting needs the most work.\n"
    );
    let open: Vec<String> = network_columns(o)
        .filter(|(id, _)| answers(o, id).is_empty())
        .map(|(_, name)| escape_text(name, "  "))
        .collect();
    if !open.is_empty() {
        let _ = writeln!(md, "Questions the workshop left open:\n");
        for question in open {
            let _ = writeln!(md, "- {question}");
        }
        md.push('\n');
    }
    let coordination = answers(o, "coordination");
    if !coordination.is_empty() {
        let _ = writeln!(md, "How the workshop thought it could be co-ordinated:\n");
        list(&mut md, &coordination);
    }

    let _ = writeln!(md, "## 3. Aims (15 minutes)\n");
    let _ = writeln!(
        md,
        "To agree two or three aims, in plain words, that every partner can sign up to.\n"
    );
    let aims = answers(o, "aims");
    if aims.is_empty() {
        let _ = writeln!(md, "{OPEN}\n");
    } else {
        let _ = writeln!(md, "The workshop's answers, the most votes first:\n");
        list(&mut md, &aims);
    }

    let _ = writeln!(
        md,
        "## 4. A joint event for Health Information Week (20 minutes)\n"
    );
    let _ = writeln!(
        md,
        "A joint event is a good first piece of work together. To decide what it will be, who \
         it is for, who brings what, and who leads it.\n"
    );
    let event: Vec<&Note> = ranked(o.notes.iter().filter(|n| n.activity == EVENT_ACTIVITY));
    if !event.is_empty() {
        let _ = writeln!(md, "Ideas from the workshop:\n");
        list(&mut md, &event);
    }

    let _ = writeln!(md, "## 5. Actions from the workshop (10 minutes)\n");
    let proposed = o.proposed_actions();
    if o.actions.is_empty() && proposed.is_empty() {
        let _ = writeln!(md, "No actions were recorded at the workshop.\n");
    } else {
        let _ = writeln!(md, "Each owner says how their action is going:\n");
        for a in &o.actions {
            md.push_str("- ");
            push_text(&mut md, &a.text, "  ");
            let mut aside: Vec<String> = who(&[a.owner.as_deref(), a.organisation.as_deref()])
                .into_iter()
                .collect();
            if let Some(due) = a
                .due
                .as_deref()
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            {
                aside.push(format!("due {}", due.format("%-d %b %Y")));
            }
            aside.push(status(&a.status).to_string());
            push_aside(&mut md, &aside);
            md.push('\n');
        }
        if !proposed.is_empty() {
            if !o.actions.is_empty() {
                md.push('\n');
            }
            let _ = writeln!(md, "Proposed at the workshop, still without an owner:\n");
            for n in proposed {
                md.push_str("- ");
                push_text(&mut md, &n.text, "  ");
                md.push('\n');
            }
        }
        md.push('\n');
    }

    let _ = writeln!(md, "## 6. Date of the next meeting (5 minutes)\n");
    let _ = writeln!(
        md,
        "To set the next date and place, and how often the network meets after that.\n"
    );
    let meetings = answers(o, "meetings");
    if !meetings.is_empty() {
        let _ = writeln!(md, "What the workshop said about meeting:\n");
        list(&mut md, &meetings);
    }
    while md.ends_with("\n\n") {
        md.pop();
    }
    md
}

/// The network board's columns: (id, name).
fn network_columns(o: &Outcomes) -> impl Iterator<Item = (&str, &str)> {
    o.activity(NETWORK_ACTIVITY)
        .into_iter()
        .flat_map(|a| a.categories.iter().map(|c| (c.id.as_str(), c.name.as_str())))
}

/// The room's answers in one column of the network board, the most votes first.
fn answers<'a>(o: &'a Outcomes, column: &str) -> Vec<&'a Note> {
    ranked(
        o.notes
            .iter()
            .filter(|n| n.activity == NETWORK_ACTIVITY && n.category == column),
    )
}

/// Notes with the most votes first; equal votes in the order written.
fn ranked<'a>(notes: impl Iterator<Item = &'a Note>) -> Vec<&'a Note> {
    let mut notes: Vec<&Note> = notes.collect();
    notes.sort_by_key(|n| Reverse(n.votes));
    notes
}

/// Notes as a list, each with who gave it and its votes set apart.
fn list(md: &mut String, notes: &[&Note]) {
    for n in notes {
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
    md.push('\n');
}
