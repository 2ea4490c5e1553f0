//! Deciding the board's commands: notes, votes, clusters, actions, attendees and groups.
//! Pure, like every decision: the pack and the state in, events or a reason out.

use crate::pack::{Activity, Pack};

use super::attendees::AttendeeEntry;
use super::board::{ActionFields, Attendee};
use super::command::{Command, CommandError, NoteFields, group_seed};
use super::event::EventKind;
use super::groups::form_groups;
use super::state::State;
use super::text::{NOTE_LIMIT, clean_line, clean_note};

/// `fresh` is the session's random number, for groups formed with no seed to go on.
pub(crate) fn decide(
    pack: &Pack,
    state: &State,
    command: &Command,
    fresh: u64,
) -> Result<Vec<EventKind>, CommandError> {
    let boards = &state.boards;
    match command {
        Command::AddNote(fields) => {
            let f = checked_note(pack, fields)?;
            Ok(vec![EventKind::NoteAdded {
                note: format!("n{}", boards.notes.len() + 1),
                board: f.board,
                category: f.category,
                text: f.text,
                sector: f.sector,
                organisation: f.organisation,
                author: f.author,
                device: None,
            }])
        }
        Command::PhoneNote { .. } | Command::PhoneVote { .. } => super::phones::decide(pack, state, command),
        Command::EditNote { note, fields } => {
            let existing = live_note(state, note)?;
            let f = checked_note(
                pack,
                &NoteFields {
                    board: existing.board.clone(),
                    ..fields.clone()
                },
            )?;
            Ok(vec![EventKind::NoteEdited {
                note: note.clone(),
                category: f.category,
                text: f.text,
                sector: f.sector,
                organisation: f.organisation,
                author: f.author,
            }])
        }
        Command::MoveNote { note, category } => {
            let existing = live_note(state, note)?;
            check_category(pack, &existing.board, category)?;
            if existing.category == *category {
                return Ok(Vec::new());
            }
            Ok(vec![EventKind::NoteMoved {
                note: note.clone(),
                category: category.clone(),
            }])
        }
        Command::DeleteNote(note) => {
            live_note(state, note)?;
            Ok(vec![EventKind::NoteDeleted { note: note.clone() }])
        }
        Command::Undo => {
            let note = boards.deleted.last().ok_or(CommandError::NothingToUndo)?;
            Ok(vec![EventKind::NoteRestored { note: note.clone() }])
        }
        Command::Vote { target, delta } => vote(pack, state, target, *delta, None),
        Command::SetVotes { target, votes } => {
            let now = current_votes(state, target)?;
            vote(pack, state, target, *votes as i64 - now as i64, None)
        }
        Command::Cluster { notes, title } => {
            let title = clean_line(title);
            if title.is_empty() {
                return Err(CommandError::EmptyTitle);
            }
            let first = notes.first().ok_or(CommandError::NothingToCluster)?;
            let lead = live_note(state, first)?;
            for id in notes {
                if live_note(state, id)?.board != lead.board {
                    return Err(CommandError::MixedBoards);
                }
            }
            let cluster = format!("c{}", boards.clusters.len() + 1);
            Ok(vec![EventKind::ClusterCreated {
                cluster,
                board: lead.board.clone(),
                category: lead.category.clone(),
                title,
                notes: notes.clone(),
            }])
        }
        Command::Ungroup(cluster) => match boards.cluster(cluster) {
            Some(c) if !c.dissolved => Ok(vec![EventKind::ClusterDissolved {
                cluster: cluster.clone(),
            }]),
            _ => Err(CommandError::NoSuchNote(cluster.clone())),
        },
        Command::HideBoard { board, hidden } => {
            board_activity(pack, board)?;
            if boards.is_hidden(board) == *hidden {
                return Ok(Vec::new());
            }
            Ok(vec![EventKind::BoardHidden {
                board: board.clone(),
                hidden: *hidden,
            }])
        }
        Command::AddAttendee {
            name,
            organisation,
            sector,
        } => {
            let a = checked_attendee(pack, boards.attendees.len() + 1, name, organisation, sector)?;
            Ok(vec![EventKind::AttendeeAdded {
                attendee: a.attendee,
                name: a.name,
                organisation: a.organisation,
                sector: a.sector,
            }])
        }
        Command::ImportAttendees { rows } => {
            let first = boards.attendees.len() + 1;
            let mut events = Vec::with_capacity(rows.len().div_ceil(IMPORT_CHUNK));
            for (start, chunk) in rows.chunks(IMPORT_CHUNK).enumerate() {
                let attendees = chunk
                    .iter()
                    .enumerate()
                    .map(|(i, r)| {
                        let number = first + start * IMPORT_CHUNK + i;
                        checked_attendee(pack, number, &r.name, &r.organisation, &r.sector)
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                events.push(EventKind::AttendeesImported { attendees });
            }
            Ok(events)
        }
        Command::FormGroups { activity, seed } => {
            let a = pack
                .activity(activity)
                .ok_or_else(|| CommandError::NoSuchBoard(activity.clone()))?;
            let grouping = a.grouping.ok_or(CommandError::NoGrouping)?;
            if boards.attendees.is_empty() {
                return Err(CommandError::NoAttendees);
            }
            let sectors: Vec<&str> = boards.attendees.iter().map(|p| p.sector.as_str()).collect();
            let seed = group_seed(state, *seed, fresh);
            let groups = form_groups(&sectors, grouping.size, grouping.sectors, seed)
                .into_iter()
                .map(|g| g.into_iter().map(|i| boards.attendees[i].id.clone()).collect())
                .collect();
            Ok(vec![EventKind::GroupsFormed {
                activity: activity.clone(),
                seed,
                size: grouping.size,
                groups,
            }])
        }
        Command::AddAction { fields, source_note } => {
            if let Some(note) = source_note {
                live_note(state, note)?;
            }
            Ok(vec![EventKind::ActionAdded {
                action: format!("a{}", boards.actions.len() + 1),
                fields: checked_action(state, fields)?,
                source_note: source_note.clone(),
            }])
        }
        Command::EditAction { action, fields } => {
            if boards.action(action).is_none() {
                return Err(CommandError::NoSuchAction(action.clone()));
            }
            Ok(vec![EventKind::ActionEdited {
                action: action.clone(),
                fields: checked_action(state, fields)?,
            }])
        }
        Command::PlaceNote { note, quadrant } => {
            let existing = live_note(state, note)?;
            if super::grid::grid_of_board(pack, &existing.board).is_none() {
                return Err(CommandError::NoGrid);
            }
            if existing.quadrant == *quadrant {
                return Ok(Vec::new());
            }
            Ok(vec![EventKind::NotePlaced {
                note: note.clone(),
                quadrant: *quadrant,
            }])
        }
        _ => unreachable!("only board commands come here"),
    }
}

/// The most attendees one `attendees_imported` line holds: about a megabyte of JSON. A list
/// of any length is still one command, written in one go with one fsync; the cap only keeps
/// each journal line a size that line-by-line readers (the follower, `jq`, an editor) take
/// in their stride, where 500,000 people on one line would be 50 MB.
pub(crate) const IMPORT_CHUNK: usize = 10_000;

/// An attendee as they are journaled, the `number`th of the session ("p{number}"): the one
/// set of rules for a person added by hand and a person from a list.
fn checked_attendee(
    pack: &Pack,
    number: usize,
    name: &str,
    organisation: &str,
    sector: &str,
) -> Result<AttendeeEntry, CommandError> {
    let name = clean_line(name);
    if name.is_empty() {
        return Err(CommandError::EmptyName);
    }
    if pack.sector(sector).is_none() {
        return Err(CommandError::UnknownSector(sector.to_string()));
    }
    Ok(AttendeeEntry {
        attendee: format!("p{number}"),
        name,
        organisation: clean_line(organisation),
        sector: sector.to_string(),
    })
}

/// The activity that owns a board.
pub fn board_activity<'a>(pack: &'a Pack, board: &str) -> Result<&'a Activity, CommandError> {
    pack.activity(board)
        .ok_or_else(|| CommandError::NoSuchBoard(board.to_string()))
}

/// The board an activity works on: its own, or the one it names.
pub fn board_of(activity: &Activity) -> &str {
    activity.board.as_deref().unwrap_or(&activity.id)
}

fn check_category(pack: &Pack, board: &str, category: &str) -> Result<(), CommandError> {
    let owner = board_activity(pack, board)?;
    let columns = pack.categories_of(owner);
    if columns.iter().any(|c| c.id == category) {
        return Ok(());
    }
    Err(CommandError::NoSuchCategory {
        category: category.to_string(),
        columns: columns
            .iter()
            .map(|c| c.id.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    })
}

pub(super) fn checked_note(pack: &Pack, fields: &NoteFields) -> Result<NoteFields, CommandError> {
    let text = clean_note(&fields.text);
    if text.is_empty() {
        return Err(CommandError::EmptyNote);
    }
    let length = text.chars().count();
    if length > NOTE_LIMIT {
        return Err(CommandError::NoteTooLong(length));
    }
    check_category(pack, &fields.board, &fields.category)?;
    if let Some(sector) = &fields.sector
        && pack.sector(sector).is_none()
    {
        return Err(CommandError::UnknownSector(sector.clone()));
    }
    let optional = |s: &Option<String>| s.as_deref().map(clean_line).filter(|s| !s.is_empty());
    Ok(NoteFields {
        board: fields.board.clone(),
        category: fields.category.clone(),
        text,
        sector: fields.sector.clone(),
        organisation: optional(&fields.organisation),
        author: optional(&fields.author),
    })
}

fn checked_action(state: &State, fields: &ActionFields) -> Result<ActionFields, CommandError> {
    let text = clean_line(&fields.text);
    if text.is_empty() {
        return Err(CommandError::EmptyAction);
    }
    let optional = |s: &Option<String>| s.as_deref().map(clean_line).filter(|s| !s.is_empty());
    let mut owner = optional(&fields.owner);
    let mut organisation = optional(&fields.organisation);
    // An owner who is an attendee brings their name in full, and their organisation when
    // none was typed.
    if let Some(one) = owner
        .as_deref()
        .and_then(|o| owner_of(&state.boards.attendees, o))
    {
        owner = Some(one.name.clone());
        if organisation.is_none() && !one.organisation.is_empty() {
            organisation = Some(one.organisation.clone());
        }
    }
    Ok(ActionFields {
        text,
        owner,
        organisation,
        due: fields.due,
        status: fields.status,
    })
}

/// The one attendee whose name starts with what was typed, ignoring case; none when no one
/// or several match (then the owner stays as typed).
pub fn owner_of<'a>(attendees: &'a [Attendee], typed: &str) -> Option<&'a Attendee> {
    let wanted = typed.to_lowercase();
    if wanted.is_empty() {
        return None;
    }
    let mut found = attendees
        .iter()
        .filter(|a| a.name.to_lowercase().starts_with(&wanted));
    let one = found.next()?;
    found.next().is_none().then_some(one)
}

fn live_note<'a>(state: &'a State, id: &str) -> Result<&'a super::board::Note, CommandError> {
    match state.boards.note(id) {
        Some(n) if !n.deleted => Ok(n),
        _ => Err(CommandError::NoSuchNote(id.to_string())),
    }
}

pub(super) fn current_votes(state: &State, target: &str) -> Result<u32, CommandError> {
    if let Ok(n) = live_note(state, target) {
        return Ok(n.votes);
    }
    match state.boards.cluster(target) {
        Some(c) if !c.dissolved => Ok(c.votes),
        _ => Err(CommandError::NoSuchNote(target.to_string())),
    }
}

/// The vote budget of a board, if it has one, and how it was worked out.
pub fn budget(pack: &Pack, state: &State, board: &str) -> Option<(u32, String)> {
    // The activity being run decides, when it votes on this board; else the board's own.
    let current = super::command::current_activity(pack, state).filter(|a| board_of(a) == board);
    let voting = current
        .and_then(|a| a.voting)
        .or_else(|| pack.activity(board).and_then(|a| a.voting))?;
    let people = state.boards.attendees.len() as u32;
    match (voting.per_person, voting.total) {
        (Some(each), _) if people > 0 => Some((each * people, format!("{each} each for {people} attendees"))),
        (_, Some(total)) => Some((total, "the activity's total".to_string())),
        _ => None,
    }
}

pub(super) fn vote(
    pack: &Pack,
    state: &State,
    target: &str,
    delta: i64,
    device: Option<&str>,
) -> Result<Vec<EventKind>, CommandError> {
    let now = current_votes(state, target)?;
    let board = match state.boards.note(target) {
        Some(n) => n.board.clone(),
        None => state
            .boards
            .cluster(target)
            .map(|c| c.board.clone())
            .unwrap_or_default(),
    };
    if delta == 0 {
        return Ok(Vec::new());
    }
    if delta < 0 && now == 0 {
        return Err(CommandError::NoVotes(target.to_string()));
    }
    let delta = delta.max(-(now as i64));
    if delta > 0
        && let Some((budget, why)) = budget(pack, state, &board)
    {
        let would = state.boards.votes_on(&board) + delta as u32;
        if would > budget {
            return Err(CommandError::OverBudget { would, budget, why });
        }
    }
    Ok(vec![EventKind::Voted {
        target: target.to_string(),
        delta,
        device: device.map(str::to_string),
    }])
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, TimeZone, Utc};

    use super::*;
    use crate::session::Screen;
    use crate::session::board::ActionStatus;
    use crate::session::{Session, StartOptions};

    fn at() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 27, 9, 30, 0).unwrap()
    }

    /// A session with three people in the room, started with `seed` if given.
    fn room(seed: Option<u64>) -> (tempfile::TempDir, Session) {
        let dir = tempfile::tempdir().unwrap();
        let options = StartOptions {
            seed,
            ..StartOptions::default()
        };
        let mut s = Session::create(&dir.path().join("s"), Pack::builtin().unwrap(), &options, at()).unwrap();
        for (name, organisation, sector) in [
            ("Priya Shah", "Wirral Libraries", "public-library"),
            ("Sam Jones", "Public Health Wirral", "public-health"),
            ("Sam Patel", "", "nhs"),
        ] {
            let command = Command::AddAttendee {
                name: name.into(),
                organisation: organisation.into(),
                sector: sector.into(),
            };
            s.execute(&command, at()).unwrap();
        }
        (dir, s)
    }

    /// The seed the groups of a `FormGroups` would be formed with, for a given fresh number.
    fn seed_of(s: &Session, asked: Option<u64>, fresh: u64) -> u64 {
        let command = Command::FormGroups {
            activity: "ideas".into(),
            seed: asked,
        };
        match decide(&s.pack, &s.state, &command, fresh).unwrap().as_slice() {
            [EventKind::GroupsFormed { seed, .. }] => *seed,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn with_no_seed_anywhere_groups_take_the_sessions_fresh_number_cut_to_53_bits() {
        let (_d, s) = room(None);
        assert_eq!(seed_of(&s, None, u64::MAX), (1 << 53) - 1);
        assert_eq!(seed_of(&s, None, 5 << 11), 5);
        assert_eq!(
            seed_of(&s, Some(u64::MAX), 7),
            u64::MAX,
            "a seed asked for is kept whole"
        );
    }

    #[test]
    fn a_session_seed_counts_on_by_one_for_each_shuffle_and_chance_plays_no_part() {
        let (_d, mut s) = room(Some(40));
        assert_eq!(seed_of(&s, None, 123_456_789), 40);
        let again = Command::FormGroups {
            activity: "ideas".into(),
            seed: Some(9),
        };
        s.execute(&again, at()).unwrap();
        s.execute(&again, at()).unwrap();
        assert_eq!(seed_of(&s, None, 1), 42);
        assert_eq!(seed_of(&s, None, 2), 42);
        assert_eq!(seed_of(&s, Some(9), 2), 9);
    }

    #[test]
    fn an_owner_matching_one_attendee_is_filled_in() {
        let (_d, s) = room(None);
        let people = &s.state.boards.attendees;
        let name = |typed: &str| owner_of(people, typed).map(|a| a.name.as_str());
        assert_eq!(name("pri"), Some("Priya Shah"));
        assert_eq!(name("SAM P"), Some("Sam Patel"));
        assert_eq!(name("sam"), None, "two people called Sam");
        assert_eq!(name("Alex"), None);
        assert_eq!(name(""), None);
        let fields = |owner: &str, organisation: Option<&str>| ActionFields {
            text: "Share the list".into(),
            owner: Some(owner.into()),
            organisation: organisation.map(str::to_string),
            due: None,
            status: ActionStatus::Open,
        };
        let decided = |f: ActionFields| {
            let command = Command::AddAction {
                fields: f,
                source_note: None,
            };
            match decide(&s.pack, &s.state, &command, 0).unwrap().remove(0) {
                EventKind::ActionAdded { fields, .. } => (fields.owner, fields.organisation),
                other => panic!("{other:?}"),
            }
        };
        let some = |s: &str| Some(s.to_string());
        assert_eq!(
            decided(fields("  priya ", None)),
            (some("Priya Shah"), some("Wirral Libraries"))
        );
        assert_eq!(
            decided(fields("priya", Some("Central"))),
            (some("Priya Shah"), some("Central"))
        );
        assert_eq!(
            decided(fields("sam p", None)),
            (some("Sam Patel"), None),
            "no organisation to bring"
        );
        assert_eq!(decided(fields("sam", None)), (some("sam"), None));
    }

    /// Placing a note on its board's grid: only a board with a grid, only a live note; the
    /// same square again journals nothing; moving a note to another column, deleting it and
    /// bringing it back keep its square.
    #[test]
    fn a_note_is_placed_on_its_boards_grid() {
        use crate::pack::Quadrant;
        let (_d, mut s) = room(None);
        let add = |board: &str, category: &str| {
            Command::AddNote(NoteFields {
                board: board.into(),
                category: category.into(),
                text: "Reading Well books".into(),
                ..NoteFields::default()
            })
        };
        s.execute(&add("ideas", "resources"), at()).unwrap();
        s.execute(&add("mapping", "who"), at()).unwrap();
        let place = |note: &str, quadrant| Command::PlaceNote {
            note: note.into(),
            quadrant,
        };
        let top_right = Some(Quadrant::TopRight);
        // The ideas board has the prioritise activity's grid; mapping has none.
        assert_eq!(
            decide(&s.pack, &s.state, &place("n2", top_right), 0),
            Err(CommandError::NoGrid)
        );
        assert_eq!(
            decide(&s.pack, &s.state, &place("n9", top_right), 0),
            Err(CommandError::NoSuchNote("n9".into()))
        );
        s.execute(&place("n1", top_right), at()).unwrap();
        assert_eq!(s.state.boards.note("n1").unwrap().quadrant, top_right);
        assert_eq!(
            decide(&s.pack, &s.state, &place("n1", top_right), 0),
            Ok(Vec::new())
        );
        let moved = Command::MoveNote {
            note: "n1".into(),
            category: "skills".into(),
        };
        s.execute(&moved, at()).unwrap();
        s.execute(&Command::DeleteNote("n1".into()), at()).unwrap();
        assert_eq!(
            decide(&s.pack, &s.state, &place("n1", None), 0),
            Err(CommandError::NoSuchNote("n1".into())),
            "a deleted note is not placed"
        );
        s.execute(&Command::Undo, at()).unwrap();
        assert_eq!(s.state.boards.note("n1").unwrap().quadrant, top_right);
        s.execute(&place("n1", None), at()).unwrap();
        assert_eq!(s.state.boards.note("n1").unwrap().quadrant, None);
        // The grid is shown only from an activity that has one.
        assert_eq!(
            s.execute(&Command::Show(Screen::Grid), at())
                .unwrap_err()
                .to_string(),
            CommandError::NoGrid.to_string()
        );
        let prioritise = s.pack.programme.position("prioritise").unwrap();
        s.execute(&Command::GoToItem(prioritise), at()).unwrap();
        s.execute(&Command::Show(Screen::Grid), at()).unwrap();
        assert_eq!(s.state.screen, Screen::Grid);
    }
}
