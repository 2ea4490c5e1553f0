//! Drawing a frame: picks the screen for the state, lays out the notes panel, footer and
//! overlays. Every view is a pure function of `Ctx`.

use chrono::{DateTime, FixedOffset, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Block;

use crate::pack::{Pack, Page};
use crate::session::{Screen, State};

use super::app::{App, Overlay, Ui};
use super::theme::Theme;
use super::{
    actions, activity, board, break_screen, confirm, fit, footer, form, groups, help, notes, people,
    programme, slide, small,
};

/// The smallest window every screen is drawn in; below it a message asks for more room.
pub(crate) const MIN_WIDTH: u16 = 60;
pub(crate) const MIN_HEIGHT: u16 = 18;

/// Everything a view may look at.
pub(crate) struct Ctx<'a> {
    pub pack: &'a Pack,
    pub state: &'a State,
    pub ui: &'a Ui,
    pub theme: &'a Theme,
    pub now: DateTime<Utc>,
    pub offset: FixedOffset,
    /// The room's view: never speaker notes, never the facilitator's overlays.
    pub audience: bool,
}

impl App {
    pub(crate) fn ctx(&self, now: DateTime<Utc>) -> Ctx<'_> {
        Ctx {
            pack: self.pack(),
            state: self.state(),
            ui: &self.ui,
            theme: &self.theme,
            now,
            offset: self.offset,
            audience: self.audience(),
        }
    }
}

impl Ctx<'_> {
    /// The page the facilitator is on.
    pub fn page(&self) -> Option<Page<'_>> {
        let pos = &self.state.position;
        let pages = self.pack.pages(pos.item);
        let last = pages.len().checked_sub(1)?;
        pages.get(pos.slide.min(last)).copied()
    }
}

pub(crate) fn draw(frame: &mut Frame<'_>, ctx: &Ctx<'_>) {
    let area = frame.area();
    frame.render_widget(Block::default().style(ctx.theme.base()), area);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        small::draw(frame, area, ctx);
        return;
    }
    if ctx.state.blank && ctx.ui.overlay != Overlay::ConfirmQuit {
        // Nothing at all: the room looks at the speaker.
        return;
    }
    let [body, foot] = Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(area);
    footer::draw(frame, foot, ctx);
    // While the journal cannot be written, say so on every screen until it can.
    let body = match &ctx.ui.not_saving {
        Some(reason) if !ctx.audience => {
            let [banner, rest] = Layout::vertical([Constraint::Length(2), Constraint::Fill(1)]).areas(body);
            let words = format!(
                " NOTHING NEW IS BEING SAVED: {reason}. What you typed stays on screen; W (on a board Ctrl+X) writes the outcomes to another folder."
            );
            frame.render_widget(
                ratatui::widgets::Paragraph::new(words)
                    .style(ctx.theme.style(super::theme::Role::Bad))
                    .wrap(ratatui::widgets::Wrap { trim: true }),
                banner,
            );
            rest
        }
        _ => body,
    };

    if ctx.ui.overlay == Overlay::Programme && !ctx.audience {
        programme::draw(frame, body, ctx);
    } else {
        let (main, side) = split_for_notes(body, ctx);
        match ctx.page() {
            _ if ctx.state.screen == Screen::Actions => actions::draw(frame, main, ctx),
            _ if ctx.state.screen == Screen::Groups => groups::draw(frame, main, ctx),
            Some(Page::Slide(s)) => slide::draw(frame, main, ctx, s),
            Some(Page::Activity(a)) => activity::draw(frame, main, ctx, a),
            Some(Page::Board(a)) => board::draw(frame, main, ctx, a),
            Some(Page::Break(item)) => break_screen::draw(frame, main, ctx, item),
            None => {}
        }
        if let Some(side) = side {
            notes::draw(frame, side, ctx);
        }
    }
    match ctx.ui.overlay {
        Overlay::Help => help::draw(frame, area, ctx),
        Overlay::ConfirmQuit => confirm::draw_quit(frame, area, ctx),
        Overlay::ConfirmRestart if !ctx.audience => confirm::draw_restart(frame, area, ctx),
        Overlay::People if !ctx.audience => people::draw(frame, body, ctx),
        Overlay::Form if !ctx.audience => {
            if let Some(f) = &ctx.ui.form {
                form::draw(frame, area, ctx, f);
            }
        }
        Overlay::Fit if !ctx.audience => {
            if let Some(proposal) = &ctx.ui.fit {
                fit::draw(frame, body, ctx, proposal);
            }
        }
        _ => {}
    }
}

fn split_for_notes(area: Rect, ctx: &Ctx<'_>) -> (Rect, Option<Rect>) {
    if !ctx.ui.notes || ctx.audience {
        return (area, None);
    }
    let side = (area.width * 2 / 5).max(26);
    let [main, notes] = Layout::horizontal([Constraint::Fill(1), Constraint::Length(side)]).areas(area);
    (main, Some(notes))
}

/// Centres a column of at most `max` cells in `area`, keeping a margin.
pub(crate) fn readable_column(area: Rect, max: u16) -> Rect {
    let margin = if area.width > 40 { 2 } else { 0 };
    let width = area.width.saturating_sub(2 * margin).min(max);
    let x = area.x + (area.width - width) / 2;
    Rect::new(x, area.y, width, area.height)
}

#[cfg(test)]
mod tests {
    use crate::session::Command;
    use crate::tui::keys::Intent;
    use crate::tui::testing::{Rig, SIZES};

    #[test]
    fn blank_screen_is_empty_and_any_key_brings_it_back() {
        let mut rig = Rig::new();
        rig.act(Intent::Do(Command::Blank(true)), 1);
        for size in SIZES {
            let screen = rig.screen(size, 1);
            insta::assert_snapshot!(format!("blank_{}x{}", size.0, size.1), screen);
        }
        rig.act(Intent::Unblank, 2);
        assert!(rig.screen((80, 24), 2).contains("1/5 Welcome"));
    }

    /// The one test on the built-in workshop (the others run on the tests' small pack, so
    /// editing the workshop's content never breaks them): every page and reveal of every
    /// item draws at 80×24, with the item's place and title in the footer.
    #[test]
    fn every_page_of_the_builtin_workshop_draws() {
        let mut rig = Rig::builtin();
        let items = rig.app.pack().programme.items.len();
        let mut pages = 0;
        for index in 0..items {
            rig.act(Intent::Do(Command::GoToItem(index)), 1);
            let title = rig.app.pack().programme.items[index].title.clone();
            loop {
                let screen = rig.screen((80, 24), 1);
                let footer = screen
                    .lines()
                    .map(|l| l.trim_matches('"').trim())
                    .rfind(|l| !l.is_empty())
                    .unwrap_or_default();
                // A long title may end in "…" to fit: its first part still shows.
                let place = format!("{}/{items} {title}", index + 1);
                let shown = footer.split(" · ").next().unwrap_or_default();
                let shown = shown.strip_suffix('…').unwrap_or(shown);
                assert!(
                    place.starts_with(shown) && shown.len() > format!("{}/{items} ", index + 1).len(),
                    "{place} in the footer:\n{screen}"
                );
                assert!(!screen.contains("larger"), "{place}:\n{screen}");
                pages += 1;
                let before = rig.app.state().position.clone();
                rig.act(Intent::Do(Command::Next), 1);
                let after = &rig.app.state().position;
                if after.item != index || *after == before {
                    break;
                }
            }
        }
        assert!(pages > items, "{pages} pages drawn for {items} items");
    }
}
