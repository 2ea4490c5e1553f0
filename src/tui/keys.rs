//! The keymap, in one place: which key does what on which screen. The help overlay is drawn
//! from these same tables, so it can never fall out of step with what the keys do.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::session::Command;

/// What the screen is doing, which decides what keys mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Slides,
    Programme,
    Help,
    ConfirmQuit,
    ConfirmRestart,
    /// The "fit the rest" proposal.
    Fit,
    Blank,
    /// The sticky-note board.
    Board,
    /// Typing a note on the board.
    Capture,
    /// Typing into a form (a cluster's title, a search, an action, an attendee).
    Form,
    Actions,
    Groups,
    People,
    /// The read-only room view of `convene follow`.
    Follow,
}

impl Mode {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Mode::Slides => "Slides",
            Mode::Programme => "Programme",
            Mode::Help => "Help",
            Mode::ConfirmQuit => "Quit?",
            Mode::ConfirmRestart => "Restart the phase?",
            Mode::Fit => "Fit the rest",
            Mode::Board => "Board",
            Mode::Capture => "Typing a note",
            Mode::Form => "Typing",
            Mode::Actions => "Actions",
            Mode::Groups => "Groups",
            Mode::People => "Attendees",
            Mode::Blank => "Blank screen",
            Mode::Follow => "Room view (follow)",
        }
    }
}

/// What a key asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Action {
    /// A command for the session (journaled).
    Do(Command),
    ToggleNotes,
    OpenProgramme,
    /// Close the overlay on top.
    Close,
    Help,
    AskQuit,
    Quit,
    CursorUp,
    CursorDown,
    /// Jump to the programme item under the cursor.
    Jump,
    Unblank,
    AskRestart,
    /// Open the "fit the rest" proposal.
    OpenFit,
    /// Keep breaks out of (or put them into) the proposal.
    FitToggleBreaks,
    /// Take the proposal.
    FitApply,
    // The board.
    ColumnLeft,
    ColumnRight,
    /// Open the capture line in the selected column.
    AddNote,
    EditNote,
    DeleteNote,
    /// Move the selected note to the column on the left (-1) or right (+1).
    MoveNote(i8),
    Search,
    /// Clear the search and the marks.
    ClearFilter,
    TogglePrivate,
    /// Mark the selected note for a cluster.
    Mark,
    MakeCluster,
    Ungroup,
    Vote(i64),
    SetVotes(u32),
    SortByVotes,
    MakeActionOfNote,
    OpenActions,
    OpenGroups,
    OpenPeople,
    // Typing.
    Type(char),
    Backspace,
    DeleteChar,
    DeleteWord,
    ClearField,
    Left,
    Right,
    Home,
    End,
    Submit,
    NextCategory,
    PreviousCategory,
    NextSector,
    PreviousSector,
    /// Alt+1..9 picks a sector by number; 0 none.
    PickSector(u8),
    NextField,
    PreviousField,
    // The actions, groups and people screens.
    AddTask,
    EditTask,
    CycleStatus,
    Redraw,
    AddAttendee,
    /// Write the outcomes (all formats) into the session folder.
    WriteOutcomes,
    /// Write them to another folder (when the session's own cannot be written).
    WriteElsewhere,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Key {
    code: KeyCode,
    ctrl: bool,
}

const fn k(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

const fn c(ch: char) -> Key {
    Key {
        code: KeyCode::Char(ch),
        ctrl: false,
    }
}

/// One line of the keymap: the keys, how help names them, what they do.
pub(crate) struct Binding {
    pub keys: &'static [Key],
    pub label: &'static str,
    pub does: &'static str,
    pub action: Action,
}

const CTRL_C: Key = Key {
    code: KeyCode::Char('c'),
    ctrl: true,
};

/// The two keys most screens share.
const HELP: Binding = Binding {
    keys: &[c('?')],
    label: "?",
    does: "this help",
    action: Action::Help,
};

const QUIT_NOW: Binding = Binding {
    keys: &[CTRL_C],
    label: "Ctrl+C",
    does: "quit at once",
    action: Action::Quit,
};

const SLIDES: &[Binding] = &[
    Binding {
        keys: &[
            k(KeyCode::PageDown),
            k(KeyCode::Right),
            c('l'),
            c(' '),
            k(KeyCode::Down),
            c('j'),
        ],
        label: "PgDn → l Space",
        does: "next: reveal, slide, then item",
        action: Action::Do(Command::Next),
    },
    Binding {
        keys: &[
            k(KeyCode::PageUp),
            k(KeyCode::Left),
            c('h'),
            k(KeyCode::Backspace),
            k(KeyCode::Up),
            c('k'),
        ],
        label: "PgUp ← h",
        does: "back one step; nothing is lost",
        action: Action::Do(Command::Previous),
    },
    Binding {
        keys: &[c('g')],
        label: "g",
        does: "programme: times, jump to an item",
        action: Action::OpenProgramme,
    },
    Binding {
        keys: &[c('n')],
        label: "n",
        does: "speaker notes and what comes next",
        action: Action::ToggleNotes,
    },
    Binding {
        keys: &[c('t')],
        label: "t",
        does: "start, pause or resume the timer",
        action: Action::Do(Command::ToggleTimer),
    },
    Binding {
        keys: &[c('+'), c('=')],
        label: "+ -",
        does: "a minute more / less for this phase",
        action: Action::Do(Command::AdjustPhase(60)),
    },
    Binding {
        keys: &[c('-'), c('_')],
        label: "",
        does: "",
        action: Action::Do(Command::AdjustPhase(-60)),
    },
    Binding {
        keys: &[c(']')],
        label: "] [",
        does: "next / previous phase",
        action: Action::Do(Command::NextPhase),
    },
    Binding {
        keys: &[c('[')],
        label: "",
        does: "",
        action: Action::Do(Command::PreviousPhase),
    },
    Binding {
        keys: &[c('r')],
        label: "r",
        does: "restart this phase (asks first)",
        action: Action::AskRestart,
    },
    Binding {
        keys: &[c('f')],
        label: "f",
        does: "fit the rest to end on time",
        action: Action::OpenFit,
    },
    Binding {
        keys: &[c('b'), c('.')],
        label: "b .",
        does: "blank the screen (any key: back)",
        action: Action::Do(Command::Blank(true)),
    },
    Binding {
        keys: &[c('w')],
        label: "w W",
        does: "write the outcomes (W: elsewhere)",
        action: Action::WriteOutcomes,
    },
    Binding {
        keys: &[c('W')],
        label: "",
        does: "",
        action: Action::WriteElsewhere,
    },
    HELP,
    Binding {
        keys: &[c('q')],
        label: "q",
        does: "quit (asks first; all is saved)",
        action: Action::AskQuit,
    },
    Binding {
        keys: &[CTRL_C],
        label: "Ctrl+C",
        does: "quit at once (all is saved)",
        action: Action::Quit,
    },
];

const PROGRAMME: &[Binding] = &[
    Binding {
        keys: &[k(KeyCode::Down), c('j'), k(KeyCode::PageDown)],
        label: "↓ j PgDn",
        does: "next item",
        action: Action::CursorDown,
    },
    Binding {
        keys: &[k(KeyCode::Up), c('k'), k(KeyCode::PageUp)],
        label: "↑ k PgUp",
        does: "previous item",
        action: Action::CursorUp,
    },
    Binding {
        keys: &[k(KeyCode::Enter)],
        label: "Enter",
        does: "go to the selected item",
        action: Action::Jump,
    },
    Binding {
        keys: &[k(KeyCode::Esc), c('g')],
        label: "Esc g",
        does: "back to where you were",
        action: Action::Close,
    },
    Binding {
        keys: &[c('f')],
        label: "f",
        does: "fit the rest to end on time",
        action: Action::OpenFit,
    },
    HELP,
    Binding {
        keys: &[c('q')],
        label: "q",
        does: "quit (asks first)",
        action: Action::AskQuit,
    },
    QUIT_NOW,
];

const CONFIRM_QUIT: &[Binding] = &[
    Binding {
        keys: &[c('y'), c('Y'), k(KeyCode::Enter)],
        label: "y Enter",
        does: "quit",
        action: Action::Quit,
    },
    Binding {
        keys: &[c('n'), c('N'), k(KeyCode::Esc), c('q')],
        label: "n Esc",
        does: "stay",
        action: Action::Close,
    },
    QUIT_NOW,
];

const CONFIRM_RESTART: &[Binding] = &[
    Binding {
        keys: &[c('y'), c('Y'), k(KeyCode::Enter)],
        label: "y Enter",
        does: "restart the phase from its full time",
        action: Action::Do(Command::RestartPhase),
    },
    Binding {
        keys: &[c('n'), c('N'), k(KeyCode::Esc), c('r')],
        label: "n Esc",
        does: "keep the time as it is",
        action: Action::Close,
    },
    QUIT_NOW,
];

const FIT: &[Binding] = &[
    Binding {
        keys: &[k(KeyCode::Enter), c('y'), c('Y')],
        label: "Enter y",
        does: "use the proposed minutes",
        action: Action::FitApply,
    },
    Binding {
        keys: &[c('b')],
        label: "b",
        does: "let breaks shrink too, or keep them whole",
        action: Action::FitToggleBreaks,
    },
    Binding {
        keys: &[k(KeyCode::Esc), c('n'), c('f')],
        label: "Esc n",
        does: "keep the programme as it is",
        action: Action::Close,
    },
    QUIT_NOW,
];

const BOARD: &[Binding] = &[
    Binding {
        keys: &[c('a')],
        label: "a",
        does: "add a note in this column",
        action: Action::AddNote,
    },
    Binding {
        keys: &[k(KeyCode::Left), c('h')],
        label: "← → h l",
        does: "choose a column",
        action: Action::ColumnLeft,
    },
    Binding {
        keys: &[k(KeyCode::Right), c('l')],
        label: "",
        does: "",
        action: Action::ColumnRight,
    },
    Binding {
        keys: &[k(KeyCode::Up), c('k')],
        label: "↑ ↓ j k",
        does: "choose a note",
        action: Action::CursorUp,
    },
    Binding {
        keys: &[k(KeyCode::Down), c('j')],
        label: "",
        does: "",
        action: Action::CursorDown,
    },
    Binding {
        keys: &[c('e'), k(KeyCode::Enter)],
        label: "e d u",
        does: "edit / delete / undo the last delete",
        action: Action::EditNote,
    },
    Binding {
        keys: &[c('d'), k(KeyCode::Delete)],
        label: "",
        does: "",
        action: Action::DeleteNote,
    },
    Binding {
        keys: &[c('u')],
        label: "",
        does: "",
        action: Action::Do(Command::Undo),
    },
    Binding {
        keys: &[c('<'), c(',')],
        label: "< >",
        does: "move the note to the next column",
        action: Action::MoveNote(-1),
    },
    Binding {
        keys: &[c('>')],
        label: "",
        does: "",
        action: Action::MoveNote(1),
    },
    Binding {
        keys: &[c('+'), c('=')],
        label: "+ - 0-9",
        does: "votes: one more, one fewer, or the count",
        action: Action::Vote(1),
    },
    Binding {
        keys: &[c('-'), c('_')],
        label: "",
        does: "",
        action: Action::Vote(-1),
    },
    Binding {
        keys: &[c('0')],
        label: "",
        does: "",
        action: Action::SetVotes(0),
    },
    Binding {
        keys: &[c('1')],
        label: "",
        does: "",
        action: Action::SetVotes(1),
    },
    Binding {
        keys: &[c('2')],
        label: "",
        does: "",
        action: Action::SetVotes(2),
    },
    Binding {
        keys: &[c('3')],
        label: "",
        does: "",
        action: Action::SetVotes(3),
    },
    Binding {
        keys: &[c('4')],
        label: "",
        does: "",
        action: Action::SetVotes(4),
    },
    Binding {
        keys: &[c('5')],
        label: "",
        does: "",
        action: Action::SetVotes(5),
    },
    Binding {
        keys: &[c('6')],
        label: "",
        does: "",
        action: Action::SetVotes(6),
    },
    Binding {
        keys: &[c('7')],
        label: "",
        does: "",
        action: Action::SetVotes(7),
    },
    Binding {
        keys: &[c('8')],
        label: "",
        does: "",
        action: Action::SetVotes(8),
    },
    Binding {
        keys: &[c('9')],
        label: "",
        does: "",
        action: Action::SetVotes(9),
    },
    Binding {
        keys: &[c('s')],
        label: "s",
        does: "sort by votes / by time",
        action: Action::SortByVotes,
    },
    Binding {
        keys: &[c(' ')],
        label: "Space",
        does: "mark the note for a cluster",
        action: Action::Mark,
    },
    Binding {
        keys: &[c('c')],
        label: "c",
        does: "group the marked notes under a title",
        action: Action::MakeCluster,
    },
    Binding {
        keys: &[c('C')],
        label: "C",
        does: "ungroup the cluster",
        action: Action::Ungroup,
    },
    Binding {
        keys: &[c('/')],
        label: "/",
        does: "search the notes (Esc shows all)",
        action: Action::Search,
    },
    Binding {
        keys: &[k(KeyCode::Esc)],
        label: "",
        does: "",
        action: Action::ClearFilter,
    },
    Binding {
        keys: &[c('p')],
        label: "p",
        does: "private writing: hide from the room / reveal",
        action: Action::TogglePrivate,
    },
    Binding {
        keys: &[c('A')],
        label: "A",
        does: "turn the note into an action",
        action: Action::MakeActionOfNote,
    },
    Binding {
        keys: &[c('!')],
        label: "! G P",
        does: "actions / random groups / attendees",
        action: Action::OpenActions,
    },
    Binding {
        keys: &[c('G')],
        label: "",
        does: "",
        action: Action::OpenGroups,
    },
    Binding {
        keys: &[c('P')],
        label: "",
        does: "",
        action: Action::OpenPeople,
    },
    Binding {
        keys: &[k(KeyCode::PageDown)],
        label: "PgDn PgUp",
        does: "next / previous page",
        action: Action::Do(Command::Next),
    },
    Binding {
        keys: &[k(KeyCode::PageUp)],
        label: "",
        does: "",
        action: Action::Do(Command::Previous),
    },
    Binding {
        keys: &[c('t')],
        label: "t",
        does: "start, pause or resume the timer",
        action: Action::Do(Command::ToggleTimer),
    },
    Binding {
        keys: &[c('g')],
        label: "g",
        does: "the programme",
        action: Action::OpenProgramme,
    },
    Binding {
        keys: &[c('b'), c('.')],
        label: "b .",
        does: "blank the screen (any key: back)",
        action: Action::Do(Command::Blank(true)),
    },
    Binding {
        keys: &[c('w')],
        label: "w W",
        does: "write the outcomes (W: elsewhere)",
        action: Action::WriteOutcomes,
    },
    Binding {
        keys: &[c('W')],
        label: "",
        does: "",
        action: Action::WriteElsewhere,
    },
    HELP,
    Binding {
        keys: &[c('q')],
        label: "q Ctrl+C",
        does: "quit (asks first) / at once; all is saved",
        action: Action::AskQuit,
    },
    Binding {
        keys: &[CTRL_C],
        label: "",
        does: "",
        action: Action::Quit,
    },
];

/// Typing keys are matched by `text_action`; these lines are for help only.
const CAPTURE: &[Binding] = &[
    Binding {
        keys: &[],
        label: "Enter",
        does: "save the note; the line stays open for the next",
        action: Action::Submit,
    },
    Binding {
        keys: &[],
        label: "Esc",
        does: "close (what is typed stays as a draft)",
        action: Action::Close,
    },
    Binding {
        keys: &[],
        label: "Tab S-Tab",
        does: "next / previous column",
        action: Action::NextCategory,
    },
    Binding {
        keys: &[],
        label: "↑ ↓ Alt+1-9",
        does: "sector (Alt+0: none); kept for the next note",
        action: Action::NextSector,
    },
    Binding {
        keys: &[],
        label: "F2",
        does: "next field: note, from (organisation), author",
        action: Action::NextField,
    },
    Binding {
        keys: &[],
        label: "Ctrl+W Ctrl+U",
        does: "delete a word / the whole field",
        action: Action::DeleteWord,
    },
    Binding {
        keys: &[CTRL_C],
        label: "Ctrl+C",
        does: "quit at once (saved notes are safe)",
        action: Action::Quit,
    },
];

const FORM: &[Binding] = &[
    Binding {
        keys: &[],
        label: "Enter",
        does: "done",
        action: Action::Submit,
    },
    Binding {
        keys: &[],
        label: "Esc",
        does: "cancel",
        action: Action::Close,
    },
    Binding {
        keys: &[],
        label: "Tab ↑ ↓",
        does: "next / previous field",
        action: Action::NextField,
    },
    Binding {
        keys: &[],
        label: "← →",
        does: "on a choice: change it",
        action: Action::Right,
    },
    QUIT_NOW,
];

const ACTIONS: &[Binding] = &[
    Binding {
        keys: &[k(KeyCode::Up), c('k')],
        label: "↑ ↓",
        does: "choose an action",
        action: Action::CursorUp,
    },
    Binding {
        keys: &[k(KeyCode::Down), c('j')],
        label: "",
        does: "",
        action: Action::CursorDown,
    },
    Binding {
        keys: &[c('a')],
        label: "a",
        does: "add an action",
        action: Action::AddTask,
    },
    Binding {
        keys: &[c('e'), k(KeyCode::Enter)],
        label: "e Enter",
        does: "edit it: owner, due date, status",
        action: Action::EditTask,
    },
    Binding {
        keys: &[c('s')],
        label: "s",
        does: "status: open → in progress → done",
        action: Action::CycleStatus,
    },
    Binding {
        keys: &[k(KeyCode::Esc), c('!')],
        label: "Esc !",
        does: "back",
        action: Action::Close,
    },
    HELP,
    QUIT_NOW,
];

const GROUPS: &[Binding] = &[
    Binding {
        keys: &[c('r')],
        label: "r",
        does: "draw again (a new seed, journaled)",
        action: Action::Redraw,
    },
    Binding {
        keys: &[k(KeyCode::Esc), c('G')],
        label: "Esc G",
        does: "back",
        action: Action::Close,
    },
    HELP,
    QUIT_NOW,
];

const PEOPLE: &[Binding] = &[
    Binding {
        keys: &[c('a')],
        label: "a",
        does: "add someone",
        action: Action::AddAttendee,
    },
    Binding {
        keys: &[k(KeyCode::Up), c('k')],
        label: "↑ ↓",
        does: "scroll",
        action: Action::CursorUp,
    },
    Binding {
        keys: &[k(KeyCode::Down), c('j')],
        label: "",
        does: "",
        action: Action::CursorDown,
    },
    Binding {
        keys: &[k(KeyCode::Esc), c('P')],
        label: "Esc P",
        does: "back",
        action: Action::Close,
    },
    HELP,
    QUIT_NOW,
];

const FOLLOW: &[Binding] = &[
    HELP,
    Binding {
        keys: &[c('q')],
        label: "q",
        does: "stop following (asks first)",
        action: Action::AskQuit,
    },
    Binding {
        keys: &[CTRL_C],
        label: "Ctrl+C",
        does: "stop following at once",
        action: Action::Quit,
    },
];

const ONLY_QUIT: &[Binding] = &[QUIT_NOW];

/// The bindings of a mode, in the order help lists them.
pub(crate) fn bindings(mode: Mode) -> &'static [Binding] {
    match mode {
        Mode::Slides => SLIDES,
        Mode::Programme => PROGRAMME,
        Mode::ConfirmQuit => CONFIRM_QUIT,
        Mode::ConfirmRestart => CONFIRM_RESTART,
        Mode::Fit => FIT,
        Mode::Follow => FOLLOW,
        Mode::Board => BOARD,
        Mode::Capture => CAPTURE,
        Mode::Form => FORM,
        Mode::Actions => ACTIONS,
        Mode::Groups => GROUPS,
        Mode::People => PEOPLE,
        Mode::Help | Mode::Blank => ONLY_QUIT,
    }
}

/// What a key press means in a mode.
pub(crate) fn action(mode: Mode, key: &KeyEvent) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && key.code == KeyCode::Char('c') {
        return Some(Action::Quit);
    }
    match mode {
        // Any key closes help or brings a blank screen back.
        Mode::Help => return Some(Action::Close),
        Mode::Blank => return Some(Action::Unblank),
        Mode::Capture | Mode::Form => return text_action(mode, key),
        _ => {}
    }
    bindings(mode)
        .iter()
        .find(|b| b.keys.iter().any(|k| k.code == key.code && k.ctrl == ctrl))
        .map(|b| b.action.clone())
}

/// Keys while typing: printable characters are text; a few keys edit or steer.
fn text_action(mode: Mode, key: &KeyEvent) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    let capture = mode == Mode::Capture;
    Some(match key.code {
        KeyCode::Enter => Action::Submit,
        KeyCode::Esc => Action::Close,
        KeyCode::Tab if capture => Action::NextCategory,
        KeyCode::BackTab if capture => Action::PreviousCategory,
        KeyCode::Up if capture => Action::PreviousSector,
        KeyCode::Down if capture => Action::NextSector,
        KeyCode::Tab | KeyCode::Down => Action::NextField,
        KeyCode::BackTab | KeyCode::Up => Action::PreviousField,
        KeyCode::F(2) => Action::NextField,
        KeyCode::Char(d @ '0'..='9') if alt && capture => Action::PickSector(d as u8 - b'0'),
        KeyCode::Char('w') if ctrl => Action::DeleteWord,
        KeyCode::Char('u') if ctrl => Action::ClearField,
        KeyCode::Char('a') if ctrl => Action::Home,
        KeyCode::Char('e') if ctrl => Action::End,
        KeyCode::Char(ch) if !ctrl && !alt => Action::Type(ch),
        KeyCode::Backspace => Action::Backspace,
        KeyCode::Delete => Action::DeleteChar,
        KeyCode::Left => Action::Left,
        KeyCode::Right => Action::Right,
        KeyCode::Home => Action::Home,
        KeyCode::End => Action::End,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn clicker_keys_step_on_the_slides() {
        assert_eq!(
            action(Mode::Slides, &press(KeyCode::PageDown)),
            Some(Action::Do(Command::Next))
        );
        assert_eq!(
            action(Mode::Slides, &press(KeyCode::PageUp)),
            Some(Action::Do(Command::Previous))
        );
        assert_eq!(
            action(Mode::Slides, &press(KeyCode::Char('.'))),
            Some(Action::Do(Command::Blank(true)))
        );
    }

    #[test]
    fn pagedown_moves_the_programme_cursor() {
        assert_eq!(
            action(Mode::Programme, &press(KeyCode::PageDown)),
            Some(Action::CursorDown)
        );
        assert_eq!(
            action(Mode::Programme, &press(KeyCode::Enter)),
            Some(Action::Jump)
        );
    }

    #[test]
    fn any_key_unblanks_and_ctrl_c_always_quits() {
        assert_eq!(
            action(Mode::Blank, &press(KeyCode::Char('x'))),
            Some(Action::Unblank)
        );
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        for mode in [
            Mode::Slides,
            Mode::Programme,
            Mode::Help,
            Mode::Blank,
            Mode::Follow,
            Mode::ConfirmQuit,
        ] {
            assert_eq!(action(mode, &ctrl_c), Some(Action::Quit), "{mode:?}");
        }
    }

    #[test]
    fn follow_never_sends_commands() {
        for code in [
            KeyCode::PageDown,
            KeyCode::Char('b'),
            KeyCode::Char('n'),
            KeyCode::Enter,
        ] {
            assert_eq!(action(Mode::Follow, &press(code)), None);
        }
    }

    #[test]
    fn no_key_is_bound_twice_in_a_mode() {
        for mode in [
            Mode::Slides,
            Mode::Programme,
            Mode::ConfirmQuit,
            Mode::ConfirmRestart,
            Mode::Fit,
            Mode::Follow,
            Mode::Board,
            Mode::Actions,
            Mode::Groups,
            Mode::People,
        ] {
            let mut seen = Vec::new();
            for b in bindings(mode) {
                for k in b.keys {
                    assert!(!seen.contains(&(k.code, k.ctrl)), "{mode:?}: {:?} twice", k.code);
                    seen.push((k.code, k.ctrl));
                }
            }
        }
    }
}
