//! Between the session and the room server: what a phone asks becomes a session command
//! (journaled and decided by the same rules as a key), and the session's state becomes what
//! phones may see. Neither side learns of the other: the session knows no HTTP, the server
//! no journal.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::pack::Pack;
use crate::room_server::{
    Countdown, PhoneAsk, PhoneReply, PhoneView, PublicBoard, PublicColumn, PublicNote, PublicSector,
    PublicView, Voting,
};
use crate::session::phones::{open_board, open_vote, phone_votes_on};
use crate::session::timer::TimerStatus;
use crate::session::{Command, Session, SessionError, State, current_activity, timer_view};

/// The session command a phone's ask is.
pub fn command_for(ask: &PhoneAsk) -> Command {
    match ask {
        PhoneAsk::AddNote {
            device,
            column,
            sector,
            text,
            author,
        } => Command::PhoneNote {
            device: device.clone(),
            category: column.clone(),
            text: text.clone(),
            sector: sector.clone(),
            author: author.clone(),
        },
        PhoneAsk::Vote { device, note, add } => Command::PhoneVote {
            device: device.clone(),
            target: note.clone(),
            add: *add,
        },
    }
}

/// What a phone is told of its ask's outcome. A refusal by the workshop's rules is said in
/// the rule's own words; anything else (a disk that cannot be written) only as "not saved",
/// since paths and system errors are the facilitator's business, not the room's.
pub fn reply_for(outcome: &Result<(), SessionError>) -> PhoneReply {
    match outcome {
        Ok(()) => PhoneReply::Ok,
        Err(SessionError::Command(refused)) => PhoneReply::Refused(refused.to_string()),
        Err(_) => PhoneReply::Refused("not saved just now: please tell the facilitator".to_string()),
    }
}

/// Executes a phone's ask on the session and says how it went.
pub fn answer(session: &mut Session, ask: &PhoneAsk, now: DateTime<Utc>) -> PhoneReply {
    reply_for(&session.execute(&command_for(ask), now))
}

/// What every phone may see: the title, the board open now with its question, columns and
/// the notes the room sees (none while the board is hidden for private writing), the sectors,
/// and the running phase's countdown. Never speaker notes, attendees or the programme.
pub fn public_view(pack: &Pack, state: &State, now: DateTime<Utc>) -> PublicView {
    let activity = current_activity(pack, state);
    let board = open_board(pack, state).map(|board| {
        let owner = pack.activity(board).or(activity);
        let columns = owner
            .map(|a| pack.categories_of(a))
            .unwrap_or_default()
            .iter()
            .map(|c| PublicColumn {
                id: c.id.clone(),
                name: c.name.clone(),
            })
            .collect();
        let notes = if state.boards.is_hidden(board) {
            Vec::new()
        } else {
            state
                .boards
                .notes
                .iter()
                .filter(|n| n.board == board && !n.deleted)
                .map(|n| PublicNote {
                    id: n.id.clone(),
                    column: n.category.clone(),
                    text: n.text.clone(),
                    sector: n
                        .sector
                        .as_deref()
                        .and_then(|s| pack.sector(s))
                        .map(|s| s.label.clone()),
                    votes: n.votes,
                })
                .collect()
        };
        let vote = open_vote(pack, state).filter(|(voted, _)| voted == board);
        PublicBoard {
            id: board.to_string(),
            question: activity.map(|a| pack.question(a)).unwrap_or_default(),
            columns,
            notes_open: true,
            notes,
            voting: Voting {
                open: vote.is_some(),
                per_device: vote.and_then(|(_, each)| each),
            },
        }
    });
    let countdown = activity.and_then(|a| {
        let timer = timer_view(pack, state, a, now);
        if timer.status == TimerStatus::NotStarted {
            return None;
        }
        Some(Countdown {
            phase: a.phases.get(timer.phase)?.name.clone(),
            seconds_left: (timer.remaining_ms().max(0) as u64).div_ceil(1000),
            running: timer.status == TimerStatus::Running,
        })
    });
    PublicView {
        title: state.title.clone(),
        board,
        sectors: pack
            .sectors
            .iter()
            .map(|s| PublicSector {
                id: s.id.clone(),
                label: s.label.clone(),
                name: s.name.clone(),
            })
            .collect(),
        countdown,
    }
}

/// What one phone alone sees: its own votes on the board being voted on, and how many it
/// has left.
pub fn phone_view(pack: &Pack, state: &State, device: &str) -> PhoneView {
    let Some((board, each)) = open_vote(pack, state) else {
        return PhoneView::default();
    };
    let used = phone_votes_on(state, device, &board);
    let votes: BTreeMap<String, u32> = state
        .boards
        .phone_votes
        .get(device)
        .into_iter()
        .flatten()
        .filter_map(|(target, &mine)| {
            let note = state
                .boards
                .note(target)
                .filter(|n| !n.deleted && n.board == board)?;
            Some((target.clone(), mine.min(note.votes)))
        })
        .filter(|(_, votes)| *votes > 0)
        .collect();
    PhoneView {
        votes_left: each.map(|each| each.saturating_sub(used)),
        votes,
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::session::StartOptions;

    fn at(min: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 27, 9, 30, 0).unwrap() + chrono::TimeDelta::minutes(min)
    }

    fn session_at(item: &str) -> (tempfile::TempDir, Session) {
        let dir = tempfile::tempdir().unwrap();
        let pack = Pack::builtin().unwrap();
        let index = pack.programme.items.iter().position(|i| i.id == item).unwrap();
        let mut s = Session::create(&dir.path().join("s"), pack, &StartOptions::default(), at(0)).unwrap();
        s.execute(&Command::GoToItem(index), at(0)).unwrap();
        (dir, s)
    }

    fn note(device: &str, text: &str) -> PhoneAsk {
        PhoneAsk::AddNote {
            device: device.into(),
            column: "resources".into(),
            sector: Some("nhs".into()),
            text: text.into(),
            author: None,
        }
    }

    #[test]
    fn a_phones_note_is_journaled_and_the_room_sees_it_unless_the_board_is_private() {
        let (_dir, mut s) = session_at("ideas");
        assert_eq!(
            answer(&mut s, &note("d1", "Ward trolley books"), at(1)),
            PhoneReply::Ok
        );
        let view = public_view(&s.pack, &s.state, at(1));
        let board = view.board.expect("the ideas board is open");
        assert_eq!(
            board.question,
            s.pack.activity("ideas").unwrap().prompt.clone().unwrap()
        );
        assert_eq!(board.notes.len(), 1);
        assert_eq!(board.notes[0].sector.as_deref(), Some("NHS"));
        assert!(!board.voting.open);
        // Private writing: the room (phones included) sees no notes until the reveal.
        s.execute(
            &Command::HideBoard {
                board: "ideas".into(),
                hidden: true,
            },
            at(2),
        )
        .unwrap();
        assert!(
            public_view(&s.pack, &s.state, at(2))
                .board
                .unwrap()
                .notes
                .is_empty()
        );
        // A refusal is said in the rule's words.
        let PhoneReply::Refused(why) = answer(&mut s, &note("d1", " "), at(3)) else {
            panic!("an empty note is refused");
        };
        assert!(why.contains("empty"), "{why}");
    }

    #[test]
    fn phones_see_no_board_on_a_slide_and_a_countdown_while_a_phase_runs() {
        let (_dir, s) = session_at("welcome");
        let view = public_view(&s.pack, &s.state, at(0));
        assert!(view.board.is_none() && view.countdown.is_none());
        assert_eq!(view.title, "Better health information, together");
        let (_dir2, mut ideas) = session_at("ideas");
        ideas.execute(&Command::ToggleTimer, at(0)).unwrap();
        let countdown = public_view(&ideas.pack, &ideas.state, at(0) + chrono::TimeDelta::seconds(20))
            .countdown
            .expect("a running phase");
        assert_eq!(
            (
                countdown.phase.as_str(),
                countdown.seconds_left,
                countdown.running
            ),
            ("Alone", 40, true)
        );
    }

    #[test]
    fn each_phone_sees_its_own_votes_and_what_it_has_left() {
        let (_dir, mut s) = session_at("ideas");
        answer(&mut s, &note("d1", "One"), at(1));
        answer(&mut s, &note("d2", "Two"), at(1));
        let index = s
            .pack
            .programme
            .items
            .iter()
            .position(|i| i.id == "prioritise")
            .unwrap();
        s.execute(&Command::GoToItem(index), at(2)).unwrap();
        let vote = |note: &str| PhoneAsk::Vote {
            device: "d1".into(),
            note: note.into(),
            add: true,
        };
        assert_eq!(answer(&mut s, &vote("n1"), at(3)), PhoneReply::Ok);
        assert_eq!(answer(&mut s, &vote("n1"), at(3)), PhoneReply::Ok);
        let mine = phone_view(&s.pack, &s.state, "d1");
        assert_eq!(mine.votes_left, Some(1));
        assert_eq!(mine.votes, BTreeMap::from([("n1".to_string(), 2)]));
        assert_eq!(phone_view(&s.pack, &s.state, "d2").votes_left, Some(3));
        let board = public_view(&s.pack, &s.state, at(3)).board.unwrap();
        assert_eq!(
            board.voting,
            Voting {
                open: true,
                per_device: Some(3)
            }
        );
        assert_eq!(board.id, "ideas");
    }
}
