//! What the room may see, as the app publishes it, and its wire form.
//!
//! Everything here is sent to every phone that holds the address: the app builds a
//! [`PublicView`] from the session and leaves out whatever the room must not see (hidden
//! and private notes, speaker notes, attendees, the programme). [`PhoneView`] is the one
//! part that differs per phone (its own votes), sent only to that phone.

use std::collections::BTreeMap;
use std::time::Instant;

use serde::Serialize;

/// The room's view of the workshop, published by the app with [`super::RoomServer::publish`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PublicView {
    /// The workshop's title.
    pub title: String,
    /// The board phones write to, if one is current.
    pub board: Option<PublicBoard>,
    /// The sectors a phone may say it comes from.
    pub sectors: Vec<PublicSector>,
    /// The running phase's countdown, if a phase is timed.
    pub countdown: Option<Countdown>,
}

/// The current board: its question, its columns and the notes the room may see.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PublicBoard {
    pub id: String,
    pub question: String,
    pub columns: Vec<PublicColumn>,
    /// Whether phones may add notes now (the session still decides each one).
    pub notes_open: bool,
    /// Only the notes the room may see: never hidden or still-private ones.
    pub notes: Vec<PublicNote>,
    pub voting: Voting,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PublicColumn {
    pub id: String,
    pub name: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PublicNote {
    pub id: String,
    pub column: String,
    pub text: String,
    /// The sector's short label, if the note has a sector.
    pub sector: Option<String>,
    pub votes: u32,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Voting {
    pub open: bool,
    /// Votes each phone may cast, if the session limits them.
    pub per_device: Option<u32>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PublicSector {
    pub id: String,
    pub label: String,
    pub name: String,
}

/// A phase's countdown. Phones tick it down themselves, so the app need not publish every
/// second: a running countdown that keeps to its course counts as unchanged.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Countdown {
    pub phase: String,
    pub seconds_left: u64,
    pub running: bool,
}

/// What one phone alone sees, published with [`super::RoomServer::publish_phone`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PhoneView {
    /// Votes this phone may still cast, if the session limits them.
    pub votes_left: Option<u32>,
    /// This phone's votes, by note id.
    pub votes: BTreeMap<String, u32>,
}

/// A published view, numbered, with the moment it was published (for its countdown).
#[derive(Debug)]
pub(crate) struct Snapshot {
    pub(crate) version: u64,
    pub(crate) view: PublicView,
    pub(crate) at: Instant,
}

impl Snapshot {
    pub(crate) fn first(now: Instant) -> Snapshot {
        Snapshot {
            version: 0,
            view: PublicView::default(),
            at: now,
        }
    }

    /// Whether `view`, published at `now`, shows the room the same as this snapshot.
    pub(crate) fn same_as(&self, view: &PublicView, now: Instant) -> bool {
        self.view.title == view.title
            && self.view.board == view.board
            && self.view.sectors == view.sectors
            && same_countdown(self.countdown_at(now).as_ref(), view.countdown.as_ref())
    }

    /// The countdown as it stands at `now`: a running one has ticked down since publishing.
    pub(crate) fn countdown_at(&self, now: Instant) -> Option<Countdown> {
        let mut countdown = self.view.countdown.clone()?;
        if countdown.running {
            let elapsed = now.saturating_duration_since(self.at).as_secs();
            countdown.seconds_left = countdown.seconds_left.saturating_sub(elapsed);
        }
        Some(countdown)
    }

    /// The JSON a phone receives: the view as it stands at `now`, and the phone's own part.
    pub(crate) fn wire(&self, now: Instant, mine: Option<&PhoneView>) -> String {
        let wire = Wire {
            version: self.version,
            title: &self.view.title,
            board: self.view.board.as_ref(),
            sectors: &self.view.sectors,
            countdown: self.countdown_at(now),
            mine,
        };
        serde_json::to_string(&wire).expect("a view of strings and numbers serialises")
    }
}

/// Seconds of drift between a running countdown's course and a newly published one that
/// still count as the same countdown (whole seconds on both sides).
const DRIFT: u64 = 1;

fn same_countdown(now: Option<&Countdown>, new: Option<&Countdown>) -> bool {
    match (now, new) {
        (None, None) => true,
        (Some(a), Some(b)) => {
            a.phase == b.phase
                && a.running == b.running
                && if a.running {
                    a.seconds_left.abs_diff(b.seconds_left) <= DRIFT
                } else {
                    a.seconds_left == b.seconds_left
                }
        }
        _ => false,
    }
}

/// The wire form: exactly these fields, nothing else reaches a phone.
#[derive(Serialize)]
struct Wire<'a> {
    version: u64,
    title: &'a str,
    board: Option<&'a PublicBoard>,
    sectors: &'a [PublicSector],
    countdown: Option<Countdown>,
    mine: Option<&'a PhoneView>,
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn timed(seconds_left: u64, running: bool) -> PublicView {
        PublicView {
            title: "Wirral".into(),
            countdown: Some(Countdown {
                phase: "Write".into(),
                seconds_left,
                running,
            }),
            ..PublicView::default()
        }
    }

    #[test]
    fn a_running_countdown_on_course_is_the_same_view() {
        let t0 = Instant::now();
        let snap = Snapshot {
            version: 1,
            view: timed(300, true),
            at: t0,
        };
        let later = t0 + Duration::from_secs(10);
        assert!(snap.same_as(&timed(290, true), later));
        assert!(snap.same_as(&timed(291, true), later));
        assert!(
            !snap.same_as(&timed(280, true), later),
            "the facilitator took time off"
        );
        assert!(!snap.same_as(&timed(290, false), later), "paused");
    }

    #[test]
    fn a_paused_countdown_does_not_tick() {
        let t0 = Instant::now();
        let snap = Snapshot {
            version: 1,
            view: timed(120, false),
            at: t0,
        };
        let later = t0 + Duration::from_secs(30);
        assert_eq!(snap.countdown_at(later).unwrap().seconds_left, 120);
        assert!(snap.same_as(&timed(120, false), later));
        assert!(!snap.same_as(&timed(119, false), later));
    }

    #[test]
    fn the_wire_carries_the_countdown_as_it_stands() {
        let t0 = Instant::now();
        let snap = Snapshot {
            version: 7,
            view: timed(300, true),
            at: t0,
        };
        let json: serde_json::Value =
            serde_json::from_str(&snap.wire(t0 + Duration::from_secs(61), None)).unwrap();
        assert_eq!(json["version"], 7);
        assert_eq!(json["countdown"]["seconds_left"], 239);
        assert_eq!(json["mine"], serde_json::Value::Null);
    }
}
