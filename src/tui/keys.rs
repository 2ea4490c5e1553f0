//! The keymap's machinery: what a key press is, what it asks for (`Intent`), and how a mode's
//! table turns one into the other. Each screen owns its table beside its handler; help draws
//! the same tables, so it can never fall out of step with what the keys do.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::session::Command;

/// What the screen is doing, which decides what keys mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Slides,
    /// The slides with the speaker-notes panel open: its scroll keys too.
    Notes,
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
    /// The board's results, ranked by votes.
    Results,
    People,
    /// The prioritisation grid.
    Grid,
    /// The read-only room view of `convene follow`.
    Follow,
}

impl Mode {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Mode::Slides => "Slides",
            Mode::Notes => "Slides and speaker notes",
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
            Mode::Results => "Results",
            Mode::People => "Attendees",
            Mode::Grid => "Prioritisation grid",
            Mode::Blank => "Blank screen",
            Mode::Follow => "Room view (follow)",
        }
    }
}

/// What a key asks the app for. (Not a workshop action: those are `session::board::Action`.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Intent {
    /// A command for the session (journaled).
    Do(Command),
    ToggleNotes,
    /// Scroll the speaker notes down (+1) or up (-1) by most of a panel.
    ScrollNotes(i8),
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
    /// The results screen: the board ranked by votes.
    OpenResults,
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
    AddAction,
    EditAction,
    CycleStatus,
    /// Random groups again, with a new seed.
    Reshuffle,
    AddAttendee,
    /// Write the outcomes (all formats) into the session folder.
    WriteOutcomes,
    /// Write them to another folder (when the session's own cannot be written).
    WriteElsewhere,
    // The prioritisation grid.
    OpenGrid,
    /// Choose the next (+1) or previous (-1) note on the grid.
    ChooseNote(i8),
    /// Move the chosen note a square that way.
    Place(crate::session::grid::Direction),
    /// Take the chosen note off the grid.
    Unplace,
    /// Open the room to phones, or show or hide its code.
    Room,
}

/// A key a binding answers to.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Key {
    /// This key, with Ctrl held or not (Shift is part of the character; Alt is not looked at).
    Press { code: KeyCode, ctrl: bool },
    /// This key with Shift held (and not Ctrl): wins over the same key's plain binding.
    Shift(KeyCode),
    /// Alt+0-9; the binding's intent takes the digit.
    AltDigit,
    /// Any printable character without Ctrl or Alt; the binding's intent takes it.
    Text,
    /// Any key at all.
    Any,
}

impl Key {
    fn matches(self, key: &KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        let shift = key.modifiers.contains(KeyModifiers::SHIFT);
        match self {
            Key::Press { code, ctrl: c } => code == key.code && c == ctrl,
            Key::Shift(code) => code == key.code && shift && !ctrl,
            Key::AltDigit => alt && !ctrl && matches!(key.code, KeyCode::Char('0'..='9')),
            Key::Text => !ctrl && !alt && matches!(key.code, KeyCode::Char(_)),
            Key::Any => true,
        }
    }
}

/// A plain key.
pub(crate) const fn k(code: KeyCode) -> Key {
    Key::Press { code, ctrl: false }
}

/// A character key.
pub(crate) const fn c(ch: char) -> Key {
    k(KeyCode::Char(ch))
}

/// Shift with a key that is not a character (an arrow).
pub(crate) const fn shift(code: KeyCode) -> Key {
    Key::Shift(code)
}

/// Ctrl with a character.
pub(crate) const fn ctrl(ch: char) -> Key {
    Key::Press {
        code: KeyCode::Char(ch),
        ctrl: true,
    }
}

/// One line of a keymap: the keys, how help names them, what they do. A binding with no
/// label continues the line above in help (← then →: one line says both).
pub(crate) struct Binding {
    pub keys: &'static [Key],
    pub label: &'static str,
    pub does: &'static str,
    pub intent: Intent,
}

/// A binding, on one line.
pub(crate) const fn bind(
    keys: &'static [Key],
    label: &'static str,
    does: &'static str,
    intent: Intent,
) -> Binding {
    Binding {
        keys,
        label,
        does,
        intent,
    }
}

/// A screen's keymap: groups of bindings, looked up and listed in order.
pub(crate) type Keymap = &'static [&'static [Binding]];

/// The keys most screens share. F1 is help on every screen, so it works the same whether
/// `?` is a key or a character there.
pub(crate) const HELP: Binding = bind(&[c('?'), k(KeyCode::F(1))], "? F1", "this help", Intent::Help);
pub(crate) const QUIT_NOW: Binding = bind(
    &[ctrl('c')],
    "Ctrl+C",
    "quit at once (all is saved)",
    Intent::Quit,
);
/// The room's key, on every screen but the note line (where F2 is its next field).
pub(crate) const ROOM: Binding = bind(
    &[k(KeyCode::F(2))],
    "F2",
    "open the room to phones / show or hide the code",
    Intent::Room,
);
/// Help and the room's key on one line of help, where rows are few (the slides at 60×18).
pub(crate) const HELP_ROOM: Binding = bind(
    &[c('?'), k(KeyCode::F(1))],
    "? F1 / F2",
    "this help / the room: phones, its code",
    Intent::Help,
);
pub(crate) const ROOM_AFTER_HELP: Binding = bind(&[k(KeyCode::F(2))], "", "", Intent::Room);
pub(crate) const HELP_AND_QUIT: &[Binding] = &[HELP, ROOM, QUIT_NOW];
/// On the screens a facilitator shows on top of a page (actions, groups, results, grid): a
/// clicker steps on from there as from every screen, and the timer runs from there too.
pub(crate) const STEP_ON: &[Binding] = &[
    bind(
        &[k(KeyCode::PageDown)],
        "PgDn PgUp",
        "next / previous page",
        Intent::Do(Command::Next),
    ),
    bind(&[k(KeyCode::PageUp)], "", "", Intent::Do(Command::Previous)),
    bind(
        &[ctrl('t')],
        "Ctrl+T",
        "start, pause or resume the timer",
        Intent::Do(Command::ToggleTimer),
    ),
];
/// While typing, `?` is text: help is F1.
pub(crate) const TYPING_HELP_AND_QUIT: &[Binding] = &[
    bind(&[k(KeyCode::F(1))], "F1", "this help", Intent::Help),
    QUIT_NOW,
];

/// Editing a line of text, in the capture line and in forms.
pub(crate) const EDITING: &[Binding] = &[
    bind(
        &[k(KeyCode::Backspace)],
        "Bksp Del",
        "delete back / forward",
        Intent::Backspace,
    ),
    bind(&[k(KeyCode::Delete)], "", "", Intent::DeleteChar),
    bind(
        &[ctrl('w')],
        "Ctrl+W Ctrl+U",
        "delete a word / the whole field",
        Intent::DeleteWord,
    ),
    bind(&[ctrl('u')], "", "", Intent::ClearField),
    bind(
        &[k(KeyCode::Home), ctrl('a')],
        "Home End",
        "start / end of the field (Ctrl+A, Ctrl+E)",
        Intent::Home,
    ),
    bind(&[k(KeyCode::End), ctrl('e')], "", "", Intent::End),
];

const FOLLOW: Keymap = &[&[
    HELP,
    bind(&[c('q')], "q", "stop following (asks first)", Intent::AskQuit),
    bind(&[ctrl('c')], "Ctrl+C", "stop following at once", Intent::Quit),
]];

const HELP_OPEN: Keymap = &[&[
    QUIT_NOW,
    // Typing closes the help too; after a board's `?` it goes into a note.
    bind(&[Key::Text], "", "", Intent::Type(' ')),
    bind(&[Key::Any], "any key", "close the help", Intent::Close),
]];

const BLANK: Keymap = &[&[
    QUIT_NOW,
    bind(&[Key::Any], "any key", "bring the screen back", Intent::Unblank),
]];

/// The keymap of a mode, in the order help lists it.
pub(crate) fn keymap(mode: Mode) -> Keymap {
    match mode {
        Mode::Slides => super::slide::KEYS,
        Mode::Notes => super::notes::KEYS,
        Mode::Programme => super::programme::KEYS,
        Mode::ConfirmQuit => super::confirm::QUIT_KEYS,
        Mode::ConfirmRestart => super::confirm::RESTART_KEYS,
        Mode::Fit => super::fit::KEYS,
        Mode::Follow => FOLLOW,
        Mode::Board => super::board_keys::KEYS,
        Mode::Capture => super::capture::KEYS,
        Mode::Form => super::form::KEYS,
        Mode::Actions => super::actions::KEYS,
        Mode::Groups => super::groups::KEYS,
        Mode::Results => super::results::KEYS,
        Mode::People => super::people::KEYS,
        Mode::Grid => super::grid::KEYS,
        Mode::Help => HELP_OPEN,
        Mode::Blank => BLANK,
    }
}

/// Every binding of a mode, in order.
pub(crate) fn bindings(mode: Mode) -> impl Iterator<Item = &'static Binding> {
    keymap(mode).iter().flat_map(|group| group.iter())
}

/// What a key press means in a mode: the first binding that answers to it; a Shift binding
/// first, so Shift+← can mean something else than ←.
pub(crate) fn intent(mode: Mode, key: &KeyEvent) -> Option<Intent> {
    let answers = |shifted: bool| {
        bindings(mode).find(|b| {
            b.keys
                .iter()
                .any(|k| k.matches(key) && (!shifted || matches!(k, Key::Shift(_))))
        })
    };
    let binding = answers(true).or_else(|| answers(false))?;
    let ch = match key.code {
        KeyCode::Char(ch) => ch,
        _ => '\0',
    };
    let digit = ch.to_digit(10).unwrap_or(0);
    // Bindings for a class of keys take the key itself.
    Some(match binding.intent {
        Intent::Type(_) => Intent::Type(ch),
        Intent::SetVotes(_) => Intent::SetVotes(digit),
        Intent::PickSector(_) => Intent::PickSector(digit as u8),
        ref other => other.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Mode; 17] = [
        Mode::Slides,
        Mode::Notes,
        Mode::Programme,
        Mode::Help,
        Mode::ConfirmQuit,
        Mode::ConfirmRestart,
        Mode::Fit,
        Mode::Blank,
        Mode::Board,
        Mode::Capture,
        Mode::Form,
        Mode::Actions,
        Mode::Groups,
        Mode::Results,
        Mode::People,
        Mode::Grid,
        Mode::Follow,
    ];

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn with(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn clicker_keys_step_on_the_slides() {
        assert_eq!(
            intent(Mode::Slides, &press(KeyCode::PageDown)),
            Some(Intent::Do(Command::Next))
        );
        assert_eq!(
            intent(Mode::Slides, &press(KeyCode::PageUp)),
            Some(Intent::Do(Command::Previous))
        );
        assert_eq!(
            intent(Mode::Slides, &press(KeyCode::Char('.'))),
            Some(Intent::Do(Command::Blank(true)))
        );
    }

    #[test]
    fn pagedown_moves_the_programme_cursor() {
        assert_eq!(
            intent(Mode::Programme, &press(KeyCode::PageDown)),
            Some(Intent::CursorDown)
        );
        assert_eq!(
            intent(Mode::Programme, &press(KeyCode::Enter)),
            Some(Intent::Jump)
        );
    }

    #[test]
    fn any_key_unblanks_and_ctrl_c_always_quits() {
        assert_eq!(
            intent(Mode::Blank, &press(KeyCode::Char('x'))),
            Some(Intent::Unblank)
        );
        let ctrl_c = with(KeyCode::Char('c'), KeyModifiers::CONTROL);
        for mode in ALL {
            assert_eq!(intent(mode, &ctrl_c), Some(Intent::Quit), "{mode:?}");
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
            assert_eq!(intent(Mode::Follow, &press(code)), None);
        }
    }

    #[test]
    fn classes_of_keys_carry_the_key_pressed() {
        assert_eq!(
            intent(Mode::Board, &with(KeyCode::Char('7'), KeyModifiers::ALT)),
            Some(Intent::SetVotes(7))
        );
        assert_eq!(
            intent(Mode::Board, &press(KeyCode::Char('7'))),
            Some(Intent::Type('7'))
        );
        assert_eq!(
            intent(Mode::Capture, &with(KeyCode::Char('3'), KeyModifiers::ALT)),
            Some(Intent::PickSector(3))
        );
        // Plain digits are text while typing: a note often starts with a number.
        assert_eq!(
            intent(Mode::Capture, &press(KeyCode::Char('3'))),
            Some(Intent::Type('3'))
        );
        assert_eq!(
            intent(Mode::Form, &with(KeyCode::Char('E'), KeyModifiers::SHIFT)),
            Some(Intent::Type('E'))
        );
        assert_eq!(
            intent(Mode::Form, &with(KeyCode::Char('e'), KeyModifiers::CONTROL)),
            Some(Intent::End)
        );
    }

    /// Typing is safe: on a board every key a sentence can hold is typed, nothing else.
    #[test]
    fn every_character_on_a_board_is_typed() {
        let mut chars: Vec<char> = (' '..='~').collect();
        chars.extend("éßøñ图书馆‘’“”—…£€🙂".chars());
        for ch in chars {
            for modifiers in [KeyModifiers::NONE, KeyModifiers::SHIFT] {
                // `a` opens the note line itself (the contract's key); what follows it
                // decides whether it was the sentence's first letter.
                let want = if ch == 'a' {
                    Intent::AddNote
                } else {
                    Intent::Type(ch)
                };
                assert_eq!(
                    intent(Mode::Board, &with(KeyCode::Char(ch), modifiers)),
                    Some(want),
                    "{ch:?} {modifiers:?}"
                );
            }
        }
    }

    /// On the grid no character moves a note: each is typing (which only says where notes
    /// are typed), but `?` (help) and `q` (quit, asking first).
    #[test]
    fn no_character_on_the_grid_moves_a_note() {
        let mut chars: Vec<char> = (' '..='~').collect();
        chars.extend("éß图🙂".chars());
        for ch in chars {
            for modifiers in [KeyModifiers::NONE, KeyModifiers::SHIFT] {
                let want = match ch {
                    '?' => Intent::Help,
                    'q' => Intent::AskQuit,
                    ch => Intent::Type(ch),
                };
                assert_eq!(
                    intent(Mode::Grid, &with(KeyCode::Char(ch), modifiers)),
                    Some(want),
                    "{ch:?} {modifiers:?}"
                );
            }
        }
    }

    #[test]
    fn shift_with_an_arrow_is_a_key_of_its_own() {
        assert_eq!(intent(Mode::Board, &press(KeyCode::Up)), Some(Intent::CursorUp));
        assert_eq!(
            intent(Mode::Board, &with(KeyCode::Up, KeyModifiers::SHIFT)),
            Some(Intent::Vote(1))
        );
        // Where Shift+arrow means nothing of its own, it is the arrow.
        assert_eq!(
            intent(Mode::Slides, &with(KeyCode::Right, KeyModifiers::SHIFT)),
            Some(Intent::Do(Command::Next))
        );
    }

    #[test]
    fn no_key_is_bound_twice_in_a_mode() {
        for mode in ALL {
            let mut seen = Vec::new();
            for b in bindings(mode) {
                for k in b.keys {
                    // (code, ctrl, shift)
                    let key = match *k {
                        Key::Press { code, ctrl } => (code, ctrl, false),
                        Key::Shift(code) => (code, false, true),
                        _ => continue,
                    };
                    assert!(!seen.contains(&key), "{mode:?}: {key:?} twice");
                    seen.push(key);
                }
            }
        }
    }

    /// Help lists every binding: each one either has a label or continues one that has.
    #[test]
    fn every_table_starts_each_line_with_a_label() {
        for mode in ALL {
            for group in keymap(mode) {
                let first = group.first().expect("no empty groups");
                assert!(!first.label.is_empty(), "{mode:?}: a group starts unlabelled");
            }
        }
    }
}
