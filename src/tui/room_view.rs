//! What the room is looking at (`room.json`), the app's side: the facilitator's app
//! publishes its view after each frame; the room's (`convene follow`) and a resumed app fit
//! theirs to it.

use crate::session::{RoomView, Screen};

use super::app::{App, BoardUi, Source};

/// What the room is looking at: the facilitator's side publishes it, the room's side fits it.
impl App {
    /// The facilitator's view, in screen-independent facts (ids and indices).
    pub(crate) fn room_view(&self) -> RoomView {
        let board = &self.ui.board;
        let scroll = board.scroll.borrow();
        let screen = self.state().screen;
        RoomView {
            board: board.current.clone(),
            column: board.column,
            first_column: scroll.first_column,
            selected: self.board_selected_id(),
            tops: scroll.tops.clone(),
            filter: board.filter.clone(),
            by_votes: board.by_votes,
            actions_row: if screen == Screen::Actions {
                self.ui.list
            } else {
                0
            },
            groups_row: if screen == Screen::Groups { self.ui.list } else { 0 },
            results_row: if screen == Screen::Results {
                self.ui.list
            } else {
                0
            },
            results_top: if screen == Screen::Results {
                self.ui.results_top.get()
            } else {
                0
            },
            grid_note: if screen == Screen::Grid {
                self.ui.grid_note.clone()
            } else {
                None
            },
            room_url: self.ui.room.as_ref().map(|r| r.url.clone()),
            code_shown: self.ui.room.as_ref().is_some_and(|r| r.shown),
            phones: self.ui.room.as_ref().map_or(0, |r| r.phones),
        }
    }

    /// Tells the room what the facilitator is looking at, whenever that changed. Called once
    /// a frame is drawn (after every key handled), not after each key: how far a column is
    /// scrolled is only known once the frame is drawn at the window's size. A failure is not
    /// said: the view is no outcome, and the next change tries again.
    pub(crate) fn sync_room(&mut self) {
        let Source::Live(session) = &self.source else {
            return;
        };
        let view = self.room_view();
        if self.saved_room.as_ref() == Some(&view) {
            return;
        }
        let _ = session.save_room_view(&view);
        self.saved_room = Some(view);
    }

    /// At resume: back to the column, note and scroll the facilitator left, so the room's
    /// screen does not jump.
    pub(crate) fn restore_room(&mut self) {
        let Source::Live(session) = &self.source else {
            return;
        };
        let Some(view) = crate::session::room::load(&session.dir) else {
            return;
        };
        self.apply_room(&view);
        self.saved_room = Some(view);
    }

    /// The room's screen: takes up the facilitator's latest view.
    pub(crate) fn follow_room(&mut self) {
        let Source::Follow(follower) = &self.source else {
            return;
        };
        let view = follower.room.clone().unwrap_or_default();
        self.apply_room(&view);
        self.follow_code(view.room_url.as_deref(), view.code_shown, view.phones);
    }

    /// Puts a published view into this screen's own state.
    fn apply_room(&mut self, view: &RoomView) {
        let here = self
            .board_page()
            .map(|a| crate::session::board_commands::board_of(a).to_string());
        let board = &mut self.ui.board;
        if view.board.is_some() && view.board == here {
            board.current = view.board.clone();
            board.column = view.column;
            board.filter = view.filter.clone();
            board.by_votes = view.by_votes;
            *board.scroll.borrow_mut() = super::board::Scroll {
                first_column: view.first_column,
                tops: view.tops.clone(),
            };
            if let Some(id) = &view.selected {
                self.select_entry(id);
            }
        } else if self.audience() {
            // Another board, or none: the room sees its columns from the top.
            self.ui.board = BoardUi::default();
        }
        match self.state().screen {
            Screen::Actions => self.ui.list = view.actions_row,
            Screen::Groups => self.ui.list = view.groups_row,
            Screen::Results => {
                self.ui.list = view.results_row;
                self.ui.results_top.set(view.results_top);
            }
            Screen::Grid => self.ui.grid_note = view.grid_note.clone(),
            Screen::Page => {}
        }
    }
}
