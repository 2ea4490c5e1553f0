//! What happened in a session, one journal line each. Events are facts in the past tense;
//! `State` folds them. Add new kinds at the end; never change what an old kind means, since
//! old journals must replay.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::board::ActionFields;

/// One journal line: its sequence number, when it happened, and what happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub seq: u64,
    pub at: DateTime<Utc>,
    #[serde(flatten)]
    pub kind: EventKind,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventKind {
    /// The first event of every session.
    SessionStarted {
        title: String,
        /// SHA-256 of the pack's files, as copied into the session folder.
        pack_hash: String,
        /// The planned start time of day, HH:MM.
        planned_start: String,
        #[serde(default)]
        facilitator: Option<String>,
        #[serde(default)]
        venue: Option<String>,
        convene_version: String,
        /// The seed of the first groups formed (`--seed`); each later shuffle adds one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        seed: Option<u64>,
    },
    /// The facilitator moved to a programme item, slide and reveal step.
    Navigated {
        item: String,
        slide: usize,
        step: usize,
    },
    /// The projected screen was blanked (true) or brought back (false).
    Blanked {
        blank: bool,
    },
    /// An activity's timer started, or resumed after a pause.
    TimerStarted {
        activity: String,
    },
    TimerPaused {
        activity: String,
    },
    /// The activity moved to a phase (or restarted it), with this much of it already run:
    /// 0 for a change by hand, more when an auto-advancing timer's phase is pinned down.
    PhaseChanged {
        activity: String,
        phase: usize,
        #[serde(default)]
        elapsed_ms: i64,
    },
    /// Time added to (or, negative, taken from) a phase.
    PhaseAdjusted {
        activity: String,
        phase: usize,
        seconds: i64,
    },
    /// New planned minutes for programme items ("fit the rest").
    PlanChanged {
        items: Vec<PlannedItem>,
    },
    /// A sticky note on an activity's board.
    NoteAdded {
        note: String,
        board: String,
        category: String,
        text: String,
        #[serde(default)]
        sector: Option<String>,
        #[serde(default)]
        organisation: Option<String>,
        #[serde(default)]
        author: Option<String>,
    },
    NoteEdited {
        note: String,
        category: String,
        text: String,
        #[serde(default)]
        sector: Option<String>,
        #[serde(default)]
        organisation: Option<String>,
        #[serde(default)]
        author: Option<String>,
    },
    NoteMoved {
        note: String,
        category: String,
    },
    NoteDeleted {
        note: String,
    },
    /// An undo of a delete.
    NoteRestored {
        note: String,
    },
    /// Votes added to (or, negative, taken from) a note or a cluster.
    Voted {
        target: String,
        delta: i64,
    },
    ClusterCreated {
        cluster: String,
        board: String,
        category: String,
        title: String,
        notes: Vec<String>,
    },
    ClusterDissolved {
        cluster: String,
    },
    /// The board hidden from the room while people write (true), or revealed.
    BoardHidden {
        board: String,
        hidden: bool,
    },
    AttendeeAdded {
        attendee: String,
        name: String,
        organisation: String,
        sector: String,
    },
    /// Random groups for an activity: attendee ids, group by group, and the seed that
    /// reproduces them. ("drawn" in the journal, from before "draw" came to mean rendering.)
    #[serde(rename = "groups_drawn")]
    GroupsFormed {
        activity: String,
        seed: u64,
        size: u32,
        groups: Vec<Vec<String>>,
    },
    ActionAdded {
        action: String,
        fields: ActionFields,
        #[serde(default)]
        source_note: Option<String>,
    },
    ActionEdited {
        action: String,
        fields: ActionFields,
    },
    /// A screen shown to the room on top of the page, or the page again.
    ScreenShown {
        screen: Screen,
    },
    /// Many attendees at once (an `--attendees` list): folds as one `attendee_added` each,
    /// in order. A long list is journaled in several of these, so no line grows huge.
    AttendeesImported {
        attendees: Vec<super::attendees::AttendeeEntry>,
    },
}

/// What the room sees on top of the current page. Journaled as "groups", "actions", or ""
/// for the page itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Screen {
    #[serde(rename = "groups")]
    Groups,
    #[serde(rename = "actions")]
    Actions,
    /// The programme item's own page (slide, activity or board); also what any screen name
    /// this build does not know reads as.
    #[default]
    #[serde(rename = "", other)]
    Page,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedItem {
    pub item: String,
    pub seconds: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn screens_and_groups_are_journaled_as_they_always_were() {
        for (screen, json) in [
            (Screen::Page, r#"{"type":"screen_shown","screen":""}"#),
            (Screen::Groups, r#"{"type":"screen_shown","screen":"groups"}"#),
            (Screen::Actions, r#"{"type":"screen_shown","screen":"actions"}"#),
        ] {
            let kind = EventKind::ScreenShown { screen };
            assert_eq!(serde_json::to_string(&kind).unwrap(), json);
            assert_eq!(serde_json::from_str::<EventKind>(json).unwrap(), kind);
        }
        let unknown = r#"{"type":"screen_shown","screen":"nonsense"}"#;
        assert_eq!(
            serde_json::from_str::<EventKind>(unknown).unwrap(),
            EventKind::ScreenShown { screen: Screen::Page },
            "a screen this build does not know shows the page"
        );
        let formed = EventKind::GroupsFormed {
            activity: "ideas".into(),
            seed: 7,
            size: 4,
            groups: vec![vec!["p1".into()]],
        };
        let json = r#"{"type":"groups_drawn","activity":"ideas","seed":7,"size":4,"groups":[["p1"]]}"#;
        assert_eq!(serde_json::to_string(&formed).unwrap(), json);
        assert_eq!(serde_json::from_str::<EventKind>(json).unwrap(), formed);
    }
}
