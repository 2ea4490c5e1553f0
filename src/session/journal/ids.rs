//! The ids and texts a journal line must hold for its outcomes to match their schema.

use crate::session::event::EventKind;

/// What a line must hold beyond its form, so that every journal read exports outcomes that
/// match their schema: notes, clusters, actions and attendees each have an id of their own
/// shape (`n1`, `c1`, `a1`, `p1`, as the session hands them out) used once, and what the room
/// wrote is not blank. A line that breaks this is refused like a damaged one, not renumbered:
/// later lines refer to the ids it gave.
#[derive(Debug, Default)]
pub(crate) struct Ids {
    /// Each kind's numbers so far, with the line that gave each.
    given: [std::collections::HashMap<u64, usize>; 4],
}

impl Ids {
    pub(crate) fn check(&mut self, kind: &EventKind, line: usize) -> Result<(), String> {
        let blank = |what: &str, text: &str| {
            if text.trim().is_empty() {
                Err(format!("the {what} is blank"))
            } else {
                Ok(())
            }
        };
        // An optional text is left out, never written blank.
        let blank_if_given =
            |what: &str, text: &Option<String>| text.as_deref().map_or(Ok(()), |t| blank(what, t));
        match kind {
            EventKind::NoteAdded {
                note,
                board,
                category,
                text,
                sector,
                organisation,
                author,
                device,
            } => {
                blank("note's text", text)?;
                blank_if_given("note's phone", device)?;
                blank_if_given("note's organisation", organisation)?;
                blank_if_given("note's author", author)?;
                pack_id("board", board)?;
                pack_id("category", category)?;
                sector.as_deref().map_or(Ok(()), |s| pack_id("sector", s))?;
                self.give(Id::Note, note, line)
            }
            EventKind::NoteEdited {
                category,
                text,
                sector,
                organisation,
                author,
                ..
            } => {
                blank("note's text", text)?;
                blank_if_given("note's organisation", organisation)?;
                blank_if_given("note's author", author)?;
                pack_id("category", category)?;
                sector.as_deref().map_or(Ok(()), |s| pack_id("sector", s))
            }
            EventKind::NoteMoved { category, .. } => pack_id("category", category),
            EventKind::ClusterCreated {
                cluster,
                board,
                category,
                title,
                notes,
            } => {
                blank("cluster's title", title)?;
                pack_id("board", board)?;
                pack_id("category", category)?;
                for note in notes {
                    number(Id::Note, note)?;
                }
                self.give(Id::Cluster, cluster, line)
            }
            EventKind::AttendeeAdded {
                attendee,
                name,
                sector,
                ..
            } => {
                blank("attendee's name", name)?;
                pack_id("sector", sector)?;
                self.give(Id::Attendee, attendee, line)
            }
            EventKind::AttendeesImported { attendees } => {
                for entry in attendees {
                    blank("attendee's name", &entry.name)?;
                    pack_id("sector", &entry.sector)?;
                    self.give(Id::Attendee, &entry.attendee, line)?;
                }
                Ok(())
            }
            EventKind::ActionAdded {
                action,
                fields,
                source_note,
            } => {
                blank("action's text", &fields.text)?;
                blank_if_given("action's owner", &fields.owner)?;
                blank_if_given("action's organisation", &fields.organisation)?;
                if let Some(note) = source_note {
                    number(Id::Note, note)?;
                }
                self.give(Id::Action, action, line)
            }
            EventKind::ActionEdited { fields, .. } => {
                blank("action's text", &fields.text)?;
                blank_if_given("action's owner", &fields.owner)?;
                blank_if_given("action's organisation", &fields.organisation)
            }
            // A placement names a note added before it: the grid has nothing else to place.
            EventKind::NotePlaced { note, .. } => {
                let n = number(Id::Note, note)?;
                if self.given[Id::Note as usize].contains_key(&n) {
                    Ok(())
                } else {
                    Err(format!("note {note} is placed on a grid before it was added"))
                }
            }
            EventKind::GroupsFormed { activity, groups, .. } => {
                pack_id("activity", activity)?;
                for member in groups.iter().flatten() {
                    number(Id::Attendee, member)?;
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn give(&mut self, kind: Id, id: &str, line: usize) -> Result<(), String> {
        let n = number(kind, id)?;
        match self.given[kind as usize].entry(n) {
            std::collections::hash_map::Entry::Occupied(first) => Err(format!(
                "{} {id} was already added on line {}",
                kind.word(),
                first.get()
            )),
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(line);
                Ok(())
            }
        }
    }
}

#[derive(Clone, Copy)]
enum Id {
    Note,
    Cluster,
    Action,
    Attendee,
}

impl Id {
    fn word(self) -> &'static str {
        ["note", "cluster", "action", "attendee"][self as usize]
    }

    fn letter(self) -> char {
        ['n', 'c', 'a', 'p'][self as usize]
    }
}

/// The number in an id of `kind`'s shape: its letter, then a number from 1 written without
/// leading zeros.
fn number(kind: Id, id: &str) -> Result<u64, String> {
    id.strip_prefix(kind.letter())
        .filter(|digits| !digits.starts_with('0') && digits.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|digits| digits.parse().ok())
        .ok_or_else(|| {
            format!(
                "{id:?} is not a {} id: those are {}1, {}2, ...",
                kind.word(),
                kind.letter(),
                kind.letter()
            )
        })
}

/// A board, column, sector or activity is named by a pack id: lower-case letters, digits
/// and `-`, at most 64, not starting with `-` (the pack check holds its own ids to this).
fn pack_id(what: &str, id: &str) -> Result<(), String> {
    let shaped = (1..=64).contains(&id.len())
        && !id.starts_with('-')
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if shaped {
        Ok(())
    } else {
        Err(format!(
            "{id:?} is not a {what} id: lower-case letters, digits and -"
        ))
    }
}
