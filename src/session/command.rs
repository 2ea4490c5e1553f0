//! What the facilitator can ask for, and the decision of what events each request makes.
//! Deciding is pure: the pack and the state in, events or a reason out.

use chrono::{DateTime, Utc};

use crate::pack::{Activity, ItemKind, Pack};

use super::board::ActionFields;
use super::event::{EventKind, PlannedItem, Screen};
use super::schedule::phase_lengths;
use super::state::{Position, State};
use super::timer::TimerView;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// The next reveal step, slide or programme item (a clicker's PageDown).
    Next,
    /// Back one step; going back never loses anything.
    Previous,
    /// Jump to the first page of a programme item, by index.
    GoToItem(usize),
    /// Blank the room's screen (true) or bring it back (false).
    Blank(bool),
    /// Start, pause or resume the current activity's timer.
    ToggleTimer,
    /// Add (or, negative, remove) seconds from the current phase.
    AdjustPhase(i64),
    NextPhase,
    PreviousPhase,
    /// Run the current phase again from its start.
    RestartPhase,
    /// New planned minutes for programme items (a "fit the rest" proposal, confirmed).
    Replan(Vec<PlannedItem>),
    /// A sticky note on a board (an activity id).
    AddNote(NoteFields),
    EditNote {
        note: String,
        fields: NoteFields,
    },
    /// Another column of the same board.
    MoveNote {
        note: String,
        category: String,
    },
    DeleteNote(String),
    /// Bring back the most recently deleted note.
    Undo,
    /// Votes on a note or a cluster, added or (negative) taken away.
    Vote {
        target: String,
        delta: i64,
    },
    /// Set a note's or cluster's votes to a count.
    SetVotes {
        target: String,
        votes: u32,
    },
    /// Group notes (of one board) under a title, in the column of the first.
    Cluster {
        notes: Vec<String>,
        title: String,
    },
    Ungroup(String),
    /// Hide a board from the room while people write, or reveal it.
    HideBoard {
        board: String,
        hidden: bool,
    },
    AddAttendee {
        name: String,
        organisation: String,
        sector: String,
    },
    /// A whole attendee list at once (`--attendees FILE`), each row as `AddAttendee` would
    /// take it; all of them or, if any row is refused, none.
    ImportAttendees {
        rows: Vec<super::attendees::AttendeeRow>,
    },
    /// Shuffle the room into random groups for an activity. With no seed the session's rule
    /// picks one (see [`group_seed`]); a seed reproduces groups formed before.
    FormGroups {
        activity: String,
        seed: Option<u64>,
    },
    /// An action; an owner who matches one attendee becomes their full name and brings their
    /// organisation along (see [`owner_of`](super::board_commands::owner_of)).
    AddAction {
        fields: ActionFields,
        source_note: Option<String>,
    },
    EditAction {
        action: String,
        fields: ActionFields,
    },
    /// Show the room a screen on top of the page, or the page again. The grid only for an
    /// activity with one.
    Show(Screen),
    /// Put a note in a square of its board's grid, or (none) take it off the grid again.
    PlaceNote {
        note: String,
        quadrant: Option<crate::pack::Quadrant>,
    },
    /// A note sent from a phone in the room: it goes on the board open now, in a column of
    /// the phone's choosing, under the same rules as a typed note.
    PhoneNote {
        device: String,
        category: String,
        text: String,
        sector: Option<String>,
        author: Option<String>,
    },
    /// A phone's vote on a note or cluster of the board open now, given (`add`) or taken
    /// back; only while that board is being voted on, within the phone's own budget.
    PhoneVote {
        device: String,
        target: String,
        add: bool,
    },
}

/// What the facilitator typed for a note.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NoteFields {
    pub board: String,
    pub category: String,
    pub text: String,
    pub sector: Option<String>,
    pub organisation: Option<String>,
    pub author: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommandError {
    #[error("this is the end of the programme")]
    AtEnd,
    #[error("this is the start of the programme")]
    AtStart,
    #[error("there is no programme item {0}")]
    NoSuchItem(usize),
    #[error("this programme item is not an activity, so it has no timer")]
    NoActivity,
    #[error("this is the last phase; PageDown moves on to the next programme item")]
    LastPhase,
    #[error("this is the first phase")]
    FirstPhase,
    #[error("nothing to change: the rest of the programme already fits")]
    NothingToReplan,
    #[error("the note is empty; type something first")]
    EmptyNote,
    #[error("the note is {0} characters; a note holds at most {limit}. Split it into two", limit = super::text::NOTE_LIMIT)]
    NoteTooLong(usize),
    #[error("there is no note or cluster {0}")]
    NoSuchNote(String),
    #[error("\"{category}\" is not a column of this board; its columns are {columns}")]
    NoSuchCategory { category: String, columns: String },
    #[error("there is no board for \"{0}\"")]
    NoSuchBoard(String),
    #[error("\"{0}\" is not a sector of this workshop")]
    UnknownSector(String),
    #[error("nothing to undo")]
    NothingToUndo,
    #[error("{0} has no votes to take away")]
    NoVotes(String),
    #[error("over the vote budget ({would} of {budget}): take one away first; {why}")]
    OverBudget { would: u32, budget: u32, why: String },
    #[error("a cluster needs a title")]
    EmptyTitle,
    #[error("select at least one note to group (Space marks notes)")]
    NothingToCluster,
    #[error("notes from different boards cannot share a cluster")]
    MixedBoards,
    #[error("a name is needed")]
    EmptyName,
    #[error("no attendees yet: add them (or start with --attendees FILE) before drawing groups")]
    NoAttendees,
    #[error("this activity has no grouping rule ([grouping] in its file)")]
    NoGrouping,
    #[error("the action needs some words")]
    EmptyAction,
    #[error("there is no action {0}")]
    NoSuchAction(String),
    #[error("this activity has no grid ([grid] in its file)")]
    NoGrid,
    #[error("there is no board to write on just now")]
    NoBoardOpen,
    #[error("voting is not open just now")]
    VotingClosed,
    #[error("you have used all {0} of your votes; take one back to vote again")]
    DeviceOutOfVotes(u32),
    #[error("you have not voted for that")]
    NotYourVote,
}

/// Decides what a command makes. `fresh` is a random number the session drew for the few
/// decisions that want chance (groups in a session with no `--seed`): deciding itself stays
/// pure, so the same inputs always make the same events.
pub(crate) fn decide(
    pack: &Pack,
    state: &State,
    command: &Command,
    now: DateTime<Utc>,
    fresh: u64,
) -> Result<Vec<EventKind>, CommandError> {
    let here = &state.position;
    let target = match command {
        Command::AddNote(_)
        | Command::EditNote { .. }
        | Command::MoveNote { .. }
        | Command::DeleteNote(_)
        | Command::Undo
        | Command::Vote { .. }
        | Command::SetVotes { .. }
        | Command::Cluster { .. }
        | Command::Ungroup(_)
        | Command::HideBoard { .. }
        | Command::AddAttendee { .. }
        | Command::ImportAttendees { .. }
        | Command::FormGroups { .. }
        | Command::AddAction { .. }
        | Command::EditAction { .. }
        | Command::PlaceNote { .. }
        | Command::PhoneNote { .. }
        | Command::PhoneVote { .. } => return super::board_commands::decide(pack, state, command, fresh),
        Command::ToggleTimer
        | Command::AdjustPhase(_)
        | Command::NextPhase
        | Command::PreviousPhase
        | Command::RestartPhase => return timer_command(pack, state, command, now),
        Command::Replan(items) => {
            let changes: Vec<PlannedItem> = items
                .iter()
                .filter(|p| {
                    pack.programme
                        .position(&p.item)
                        .is_some_and(|i| super::schedule::planned_seconds(pack, state, i) != p.seconds)
                })
                .cloned()
                .collect();
            if changes.is_empty() {
                return Err(CommandError::NothingToReplan);
            }
            return Ok(vec![EventKind::PlanChanged { items: changes }]);
        }
        Command::Show(Screen::Grid) if super::grid::current_grid(pack, state).is_none() => {
            return Err(CommandError::NoGrid);
        }
        Command::Show(screen) => {
            return Ok(if state.screen == *screen {
                Vec::new()
            } else {
                vec![EventKind::ScreenShown { screen: *screen }]
            });
        }
        Command::Blank(blank) => {
            // Asking for what is already so changes nothing and journals nothing.
            return Ok(if state.blank == *blank {
                Vec::new()
            } else {
                vec![EventKind::Blanked { blank: *blank }]
            });
        }
        Command::Next => next(pack, here).ok_or(CommandError::AtEnd)?,
        Command::Previous => previous(pack, here).ok_or(CommandError::AtStart)?,
        Command::GoToItem(item) => {
            if *item >= pack.programme.items.len() {
                return Err(CommandError::NoSuchItem(*item));
            }
            Position {
                item: *item,
                slide: 0,
                step: 0,
            }
        }
    };
    Ok(vec![navigated(pack, target)])
}

fn navigated(pack: &Pack, to: Position) -> EventKind {
    EventKind::Navigated {
        item: pack.programme.items[to.item].id.clone(),
        slide: to.slide,
        step: to.step,
    }
}

fn next(pack: &Pack, at: &Position) -> Option<Position> {
    let pages = pack.pages(at.item);
    if let Some(page) = pages.get(at.slide) {
        if at.step + 1 < page.steps() {
            return Some(Position {
                step: at.step + 1,
                ..*at
            });
        }
        if at.slide + 1 < pages.len() {
            return Some(Position {
                item: at.item,
                slide: at.slide + 1,
                step: 0,
            });
        }
    }
    (at.item + 1 < pack.programme.items.len()).then_some(Position {
        item: at.item + 1,
        slide: 0,
        step: 0,
    })
}

/// Back one step; arriving on an earlier slide shows it whole, as presenters do.
fn previous(pack: &Pack, at: &Position) -> Option<Position> {
    if at.step > 0 {
        return Some(Position {
            step: at.step - 1,
            ..*at
        });
    }
    let whole = |item: usize, slide: usize| {
        let steps = pack.pages(item).get(slide).map_or(1, |p| p.steps());
        Position {
            item,
            slide,
            step: steps - 1,
        }
    };
    if at.slide > 0 {
        return Some(whole(at.item, at.slide - 1));
    }
    let item = at.item.checked_sub(1)?;
    let last = pack.pages(item).len().saturating_sub(1);
    Some(whole(item, last))
}

/// The seed for the next groups: the one asked for; else, in a session started with
/// `--seed`, that seed plus one for each shuffle so far (so a resumed session goes on the same);
/// else `fresh`, cut to 53 bits so that every JSON reader keeps it exact. Either way the seed
/// is journaled, so the groups can be formed again.
pub fn group_seed(state: &State, asked: Option<u64>, fresh: u64) -> u64 {
    match (asked, state.seed) {
        (Some(seed), _) => seed,
        (None, Some(seed)) => seed.wrapping_add(state.boards.shuffles.len() as u64),
        (None, None) => fresh >> 11,
    }
}

/// The activity of the current programme item.
pub fn current_activity<'a>(pack: &'a Pack, state: &State) -> Option<&'a Activity> {
    match &pack.programme.items.get(state.position.item)?.kind {
        ItemKind::Activity(id) => pack.activity(id),
        _ => None,
    }
}

/// The current activity's timer as it reads at `now`.
pub fn timer_view(pack: &Pack, state: &State, activity: &Activity, now: DateTime<Utc>) -> TimerView {
    let lengths = phase_lengths(pack, state, activity);
    state
        .timer(&activity.id)
        .cloned()
        .unwrap_or_default()
        .view(&lengths, activity.auto_advance, now)
}

/// Every activity whose timer is running, in programme order, as each reads at `now`:
/// a timer runs on while the facilitator is on another item.
pub fn running_timers<'a>(
    pack: &'a Pack,
    state: &State,
    now: DateTime<Utc>,
) -> Vec<(&'a Activity, TimerView)> {
    let mut running: Vec<(&Activity, TimerView)> = Vec::new();
    for item in &pack.programme.items {
        let ItemKind::Activity(id) = &item.kind else {
            continue;
        };
        let Some(activity) = pack.activity(id) else {
            continue;
        };
        if running.iter().any(|(a, _)| a.id == activity.id) || !state.timer(id).is_some_and(|t| t.running()) {
            continue;
        }
        running.push((activity, timer_view(pack, state, activity, now)));
    }
    running
}

fn timer_command(
    pack: &Pack,
    state: &State,
    command: &Command,
    now: DateTime<Utc>,
) -> Result<Vec<EventKind>, CommandError> {
    let activity = current_activity(pack, state).ok_or(CommandError::NoActivity)?;
    let id = activity.id.clone();
    let running = state.timer(&id).is_some_and(|t| t.running());
    let stored = state.timer(&id).map_or(0, |t| t.phase);
    let view = timer_view(pack, state, activity, now);
    let last = activity.phases.len().saturating_sub(1);
    let change = |phase: usize, elapsed_ms: i64| EventKind::PhaseChanged {
        activity: id.clone(),
        phase,
        elapsed_ms,
    };
    // An auto-advancing timer may have moved on by itself; pin that down first so what
    // follows applies to the phase on screen.
    let mut events = Vec::new();
    if view.phase != stored {
        events.push(change(view.phase, view.elapsed_ms));
    }
    match command {
        Command::ToggleTimer if running => events.push(EventKind::TimerPaused { activity: id }),
        Command::ToggleTimer => events.push(EventKind::TimerStarted { activity: id }),
        Command::AdjustPhase(seconds) => events.push(EventKind::PhaseAdjusted {
            activity: id,
            phase: view.phase,
            seconds: *seconds,
        }),
        Command::NextPhase if view.phase >= last => return Err(CommandError::LastPhase),
        Command::NextPhase => events.push(change(view.phase + 1, 0)),
        Command::PreviousPhase if view.phase == 0 => return Err(CommandError::FirstPhase),
        Command::PreviousPhase => events.push(change(view.phase - 1, 0)),
        Command::RestartPhase => events.push(change(view.phase, 0)),
        _ => unreachable!("only timer commands come here"),
    }
    Ok(events)
}
