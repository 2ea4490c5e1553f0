//! The rules for phones in the room: which board a phone's note goes on, when a phone may
//! vote and how many votes it has. A phone is a device (a random id it keeps in a cookie),
//! not a person. Everything else a phone's note meets (cleaning, the length limit, the
//! columns and sectors, the board's vote budget) is the typed note's rule, shared.

use crate::pack::Pack;

use super::board_commands::{board_of, checked_note, current_votes, vote};
use super::command::{Command, CommandError, NoteFields};
use super::event::EventKind;
use super::state::State;

pub(crate) fn decide(pack: &Pack, state: &State, command: &Command) -> Result<Vec<EventKind>, CommandError> {
    match command {
        Command::PhoneNote {
            device,
            category,
            text,
            sector,
            author,
        } => {
            let board = open_board(pack, state).ok_or(CommandError::NoBoardOpen)?;
            let f = checked_note(
                pack,
                &NoteFields {
                    board: board.to_string(),
                    category: category.clone(),
                    text: text.clone(),
                    sector: sector.clone(),
                    organisation: None,
                    author: author.clone(),
                },
            )?;
            Ok(vec![EventKind::NoteAdded {
                note: format!("n{}", state.boards.notes.len() + 1),
                board: f.board,
                category: f.category,
                text: f.text,
                sector: f.sector,
                organisation: None,
                author: f.author,
                device: Some(device.clone()),
            }])
        }
        Command::PhoneVote { device, target, add } => phone_vote(pack, state, device, target, *add),
        _ => Ok(Vec::new()),
    }
}

/// The board the room can write on now: the current activity's, when it has one.
pub fn open_board<'a>(pack: &'a Pack, state: &State) -> Option<&'a str> {
    let activity = super::command::current_activity(pack, state)?;
    (activity.prompt.is_some() || activity.board.is_some()).then(|| board_of(activity))
}

/// The board being voted on now, and the votes each phone has there (None: no cap per
/// phone, only the board's budget).
pub fn open_vote(pack: &Pack, state: &State) -> Option<(String, Option<u32>)> {
    let activity = super::command::current_activity(pack, state)?;
    let voting = activity.voting?;
    Some((board_of(activity).to_string(), voting.per_person))
}

/// A phone's votes still on live notes and clusters of a board (what the facilitator took
/// away since no longer counts).
pub fn phone_votes_on(state: &State, device: &str, board: &str) -> u32 {
    let Some(mine) = state.boards.phone_votes.get(device) else {
        return 0;
    };
    mine.iter()
        .filter_map(|(target, &votes)| {
            let on = current_votes(state, target).ok()?;
            let here = match state.boards.note(target) {
                Some(n) => n.board == board,
                None => state.boards.cluster(target).is_some_and(|c| c.board == board),
            };
            here.then_some(votes.min(on))
        })
        .sum()
}

fn phone_vote(
    pack: &Pack,
    state: &State,
    device: &str,
    target: &str,
    add: bool,
) -> Result<Vec<EventKind>, CommandError> {
    let (board, each) = open_vote(pack, state).ok_or(CommandError::VotingClosed)?;
    let on_board = match state.boards.note(target) {
        Some(n) if !n.deleted => n.board == board,
        _ => state
            .boards
            .cluster(target)
            .is_some_and(|c| !c.dissolved && c.board == board),
    };
    if !on_board {
        return Err(CommandError::NoSuchNote(target.to_string()));
    }
    if add {
        if let Some(each) = each
            && phone_votes_on(state, device, &board) >= each
        {
            return Err(CommandError::DeviceOutOfVotes(each));
        }
        vote(pack, state, target, 1, Some(device))
    } else {
        let mine = state
            .boards
            .phone_votes
            .get(device)
            .and_then(|m| m.get(target))
            .copied()
            .unwrap_or(0)
            .min(current_votes(state, target)?);
        if mine == 0 {
            return Err(CommandError::NotYourVote);
        }
        vote(pack, state, target, -1, Some(device))
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, TimeZone, Utc};

    use super::*;
    use crate::session::{Session, SessionError, StartOptions};

    fn at() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 27, 9, 30, 0).unwrap()
    }

    /// The built-in workshop, at a programme item.
    fn at_item(id: &str) -> (tempfile::TempDir, Session) {
        let dir = tempfile::tempdir().unwrap();
        let pack = Pack::builtin().unwrap();
        let index = pack.programme.items.iter().position(|i| i.id == id).unwrap();
        let mut s = Session::create(&dir.path().join("s"), pack, &StartOptions::default(), at()).unwrap();
        s.execute(&Command::GoToItem(index), at()).unwrap();
        (dir, s)
    }

    fn note(device: &str, category: &str, text: &str) -> Command {
        Command::PhoneNote {
            device: device.into(),
            category: category.into(),
            text: text.into(),
            sector: Some("public-library".into()),
            author: None,
        }
    }

    fn vote(device: &str, target: &str, add: bool) -> Command {
        Command::PhoneVote {
            device: device.into(),
            target: target.into(),
            add,
        }
    }

    #[test]
    fn a_phones_note_goes_on_the_open_board_cleaned_and_marked_as_a_phones() {
        let (_dir, mut s) = at_item("ideas");
        s.execute(&note("d1", "resources", "  Shared\u{1b}[31m leaflets  "), at())
            .unwrap();
        let n = &s.state.boards.notes[0];
        assert_eq!(
            (n.board.as_str(), n.category.as_str(), n.text.as_str()),
            ("ideas", "resources", "Shared leaflets")
        );
        assert_eq!(n.device.as_deref(), Some("d1"));
        assert_eq!(n.sector.as_deref(), Some("public-library"));
        // The same rules as a typed note.
        let long = "x".repeat(281);
        assert!(
            matches!(s.execute(&note("d1", "resources", &long), at()), Err(e) if e.to_string().contains("281 characters"))
        );
        assert!(s.execute(&note("d1", "nowhere", "Hi"), at()).is_err());
        assert!(s.execute(&note("d1", "resources", "   "), at()).is_err());
    }

    #[test]
    fn with_no_board_open_a_phones_note_is_refused() {
        let (_dir, mut s) = at_item("welcome");
        assert_eq!(
            s.execute(&note("d1", "resources", "Hello"), at())
                .unwrap_err()
                .to_string(),
            CommandError::NoBoardOpen.to_string()
        );
        assert!(s.state.boards.notes.is_empty());
    }

    #[test]
    fn each_phone_has_its_own_votes_and_takes_back_only_its_own() {
        let (_dir, mut s) = at_item("ideas");
        for text in ["One", "Two"] {
            s.execute(&note("d1", "resources", text), at()).unwrap();
        }
        // Ideas are written, not voted on.
        assert!(matches!(
            s.execute(&vote("d1", "n1", true), at()),
            Err(SessionError::Command(CommandError::VotingClosed))
        ));
        // "Which ideas first?" votes on the ideas board: three votes a phone.
        let index = s
            .pack
            .programme
            .items
            .iter()
            .position(|i| i.id == "prioritise")
            .unwrap();
        s.execute(&Command::GoToItem(index), at()).unwrap();
        for target in ["n1", "n1", "n2"] {
            s.execute(&vote("d1", target, true), at()).unwrap();
        }
        assert!(matches!(
            s.execute(&vote("d1", "n2", true), at()),
            Err(SessionError::Command(CommandError::DeviceOutOfVotes(3)))
        ));
        // Another phone's budget is its own; it cannot take back d1's votes.
        s.execute(&vote("d2", "n2", true), at()).unwrap();
        assert!(matches!(
            s.execute(&vote("d2", "n1", false), at()),
            Err(SessionError::Command(CommandError::NotYourVote))
        ));
        assert_eq!(phone_votes_on(&s.state, "d1", "ideas"), 3);
        // Taking one back frees it.
        s.execute(&vote("d1", "n1", false), at()).unwrap();
        s.execute(&vote("d1", "n2", true), at()).unwrap();
        let votes: Vec<u32> = s.state.boards.notes.iter().map(|n| n.votes).collect();
        assert_eq!(votes, [1, 3]);
        // What the facilitator takes away no longer counts against the phone.
        s.execute(
            &Command::SetVotes {
                target: "n2".into(),
                votes: 0,
            },
            at(),
        )
        .unwrap();
        assert_eq!(phone_votes_on(&s.state, "d1", "ideas"), 1);
        // A note of another board, or none, is no target.
        assert!(s.execute(&vote("d1", "n9", true), at()).is_err());
    }

    #[test]
    fn a_phones_votes_survive_a_replay() {
        let (dir, mut s) = at_item("prioritise");
        let index = s
            .pack
            .programme
            .items
            .iter()
            .position(|i| i.id == "ideas")
            .unwrap();
        s.execute(&Command::GoToItem(index), at()).unwrap();
        s.execute(&note("d1", "resources", "One"), at()).unwrap();
        s.execute(&Command::GoToItem(index + 1), at()).unwrap();
        for _ in 0..3 {
            s.execute(&vote("d1", "n1", true), at()).unwrap();
        }
        drop(s);
        let (mut again, _) = Session::resume(&dir.path().join("s")).unwrap();
        assert_eq!(again.state.boards.notes[0].device.as_deref(), Some("d1"));
        assert!(matches!(
            again.execute(&vote("d1", "n1", true), at()),
            Err(SessionError::Command(CommandError::DeviceOutOfVotes(3)))
        ));
    }
}
