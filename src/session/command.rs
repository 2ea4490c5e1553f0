//! What the facilitator can ask for, and the decision of what events each request makes.
//! Deciding is pure: the pack and the state in, events or a reason out.

use crate::pack::Pack;

use super::event::EventKind;
use super::state::{Position, State};

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
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommandError {
    #[error("this is the end of the programme")]
    AtEnd,
    #[error("this is the start of the programme")]
    AtStart,
    #[error("there is no programme item {0}")]
    NoSuchItem(usize),
}

pub(crate) fn decide(
    pack: &Pack,
    state: &State,
    command: &Command,
) -> Result<Vec<EventKind>, CommandError> {
    let here = &state.position;
    let target = match command {
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
