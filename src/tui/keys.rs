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
        label: "+",
        does: "a minute more for this phase",
        action: Action::Do(Command::AdjustPhase(60)),
    },
    Binding {
        keys: &[c('-'), c('_')],
        label: "-",
        does: "a minute less for this phase",
        action: Action::Do(Command::AdjustPhase(-60)),
    },
    Binding {
        keys: &[c(']')],
        label: "]",
        does: "next phase",
        action: Action::Do(Command::NextPhase),
    },
    Binding {
        keys: &[c('[')],
        label: "[",
        does: "previous phase",
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
        keys: &[c('?')],
        label: "?",
        does: "this help",
        action: Action::Help,
    },
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
    Binding {
        keys: &[c('?')],
        label: "?",
        does: "this help",
        action: Action::Help,
    },
    Binding {
        keys: &[c('q')],
        label: "q",
        does: "quit (asks first)",
        action: Action::AskQuit,
    },
    Binding {
        keys: &[CTRL_C],
        label: "Ctrl+C",
        does: "quit at once",
        action: Action::Quit,
    },
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
    Binding {
        keys: &[CTRL_C],
        label: "Ctrl+C",
        does: "quit at once",
        action: Action::Quit,
    },
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
    Binding {
        keys: &[CTRL_C],
        label: "Ctrl+C",
        does: "quit at once",
        action: Action::Quit,
    },
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
    Binding {
        keys: &[CTRL_C],
        label: "Ctrl+C",
        does: "quit at once",
        action: Action::Quit,
    },
];

const FOLLOW: &[Binding] = &[
    Binding {
        keys: &[c('?')],
        label: "?",
        does: "this help",
        action: Action::Help,
    },
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

const ONLY_QUIT: &[Binding] = &[Binding {
    keys: &[CTRL_C],
    label: "Ctrl+C",
    does: "quit at once",
    action: Action::Quit,
}];

/// The bindings of a mode, in the order help lists them.
pub(crate) fn bindings(mode: Mode) -> &'static [Binding] {
    match mode {
        Mode::Slides => SLIDES,
        Mode::Programme => PROGRAMME,
        Mode::ConfirmQuit => CONFIRM_QUIT,
        Mode::ConfirmRestart => CONFIRM_RESTART,
        Mode::Fit => FIT,
        Mode::Follow => FOLLOW,
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
        _ => {}
    }
    bindings(mode)
        .iter()
        .find(|b| b.keys.iter().any(|k| k.code == key.code && k.ctrl == ctrl))
        .map(|b| b.action.clone())
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
        for mode in [Mode::Slides, Mode::Programme, Mode::ConfirmQuit, Mode::Follow] {
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
