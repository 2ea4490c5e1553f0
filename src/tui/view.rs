//! Drawing a frame: picks the screen for the state, lays out the notes panel, footer and
//! overlays. Every view is a pure function of `Ctx`.

use chrono::{DateTime, FixedOffset, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Block;

use crate::pack::{Pack, Page};
use crate::session::grid::current_grid;
use crate::session::{Screen, State, current_activity, timer_view};

use super::app::{App, Overlay, Ui};
use super::countdown::Countdown;
use super::theme::Theme;
use super::{
    actions, activity, board, break_screen, confirm, fit, footer, form, grid, groups, help, notes, people,
    programme, results, room, slide, small,
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
    // The theme's background behind every cell first, not only behind text: on a projector
    // the terminal's own background shows as bands between the lines.
    frame.render_widget(Block::default().style(ctx.theme.base()), area);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        small::draw(frame, area, ctx);
        return;
    }
    if ctx.state.blank && ctx.ui.overlay != Overlay::ConfirmQuit {
        // Nothing at all: the room looks at the speaker.
        return;
    }
    let footer_rows = footer::height(ctx, area.width);
    let [body, foot] = Layout::vertical([Constraint::Fill(1), Constraint::Length(footer_rows)]).areas(area);
    footer::draw(frame, foot, ctx);
    let above_footer = body;
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
    let body = countdown_band(frame, body, ctx);

    if ctx.ui.overlay == Overlay::Programme && !ctx.audience {
        programme::draw(frame, body, ctx);
    } else {
        let (main, side) = split_for_notes(body, ctx);
        match ctx.page() {
            _ if ctx.state.screen == Screen::Actions => actions::draw(frame, main, ctx),
            _ if ctx.state.screen == Screen::Groups => groups::draw(frame, main, ctx),
            _ if ctx.state.screen == Screen::Results => results::draw(frame, main, ctx),
            _ if ctx.state.screen == Screen::Grid && current_grid(ctx.pack, ctx.state).is_some() => {
                grid::draw(frame, main, ctx)
            }
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
    // The room's code over any screen, on the facilitator's (which may be the projected one)
    // and the room's; the facilitator's own overlays stay on top of it.
    if let Some(code) = ctx.ui.room.as_ref().filter(|r| r.shown) {
        room::draw_code(frame, above_footer, code, ctx);
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

/// While the current activity's timer has started, its countdown in a band at the foot of
/// the screen, so the room sees the time on every screen. Not on the activity's own page,
/// which shows it larger; on the board only as big digits (the board's head says it in words).
fn countdown_band(frame: &mut Frame<'_>, body: Rect, ctx: &Ctx<'_>) -> Rect {
    let Some(activity) = current_activity(ctx.pack, ctx.state) else {
        return body;
    };
    let page = match ctx.state.screen {
        Screen::Actions | Screen::Groups | Screen::Results => None,
        Screen::Grid if current_grid(ctx.pack, ctx.state).is_some() => None,
        Screen::Grid | Screen::Page => ctx.page(),
    };
    if matches!(page, Some(Page::Activity(_))) {
        return body;
    }
    let view = timer_view(ctx.pack, ctx.state, activity, ctx.now);
    let Some(phase) = activity.phases.get(view.phase) else {
        return body;
    };
    let countdown = Countdown::new(view, &phase.name, ctx.theme);
    let height = countdown.height(body);
    if height == 0 || (matches!(page, Some(Page::Board(_))) && !countdown.big(body)) {
        return body;
    }
    let [rest, band] = Layout::vertical([Constraint::Fill(1), Constraint::Length(height)]).areas(body);
    frame.render_widget(countdown, band);
    rest
}

fn split_for_notes(area: Rect, ctx: &Ctx<'_>) -> (Rect, Option<Rect>) {
    if !ctx.ui.notes || ctx.audience {
        return (area, None);
    }
    let side = (area.width * 2 / 5).max(26);
    let [main, notes] = Layout::horizontal([Constraint::Fill(1), Constraint::Length(side)]).areas(area);
    (main, Some(notes))
}

/// A frame as the facilitator (or, with `audience`, the room) sees it, for the tests that
/// read colours and modifiers.
#[cfg(test)]
pub(crate) fn drawn(
    app: &App,
    (w, h): (u16, u16),
    now: DateTime<Utc>,
    audience: bool,
) -> ratatui::buffer::Buffer {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
    let mut ctx = app.ctx(now);
    ctx.audience |= audience;
    terminal.draw(|f| draw(f, &ctx)).unwrap();
    terminal.backend().buffer().clone()
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
    use ratatui::buffer::Buffer;
    use ratatui::style::{Color, Modifier};

    use super::drawn;
    use crate::session::{Command, NoteFields, Screen};
    use crate::tui::app::Tone;
    use crate::tui::keys::Intent;
    use crate::tui::testing::{Rig, SIZES, at, on_board};
    use crate::tui::theme::measure::contrast;
    use crate::tui::theme::tests::{LEAST_CONTRAST, THEMES};
    use crate::tui::theme::{Role, Theme};

    /// A few notes on the "Gather ideas" board, from several sectors, one voted for.
    fn board_with_notes() -> Rig {
        let mut rig = on_board();
        let notes = [
            ("books", "Withdrawn books for ward trolleys", Some("nhs")),
            (
                "books",
                "Reading Well books promoted by clinicians",
                Some("public-library"),
            ),
            (
                "events",
                "A joint stall for Health Information Week",
                Some("voluntary"),
            ),
            ("skills", "Train staff to handle health enquiries", Some("public")),
            ("skills", "Recovery College tutors use the health library", None),
        ];
        for (category, text, sector) in notes {
            let fields = NoteFields {
                board: "gather".to_string(),
                category: category.to_string(),
                text: text.to_string(),
                sector: sector.map(str::to_string),
                organisation: Some("Wirral Libraries".to_string()),
                author: None,
            };
            rig.act(Intent::Do(Command::AddNote(fields)), 1);
        }
        rig.act(Intent::Vote(1), 1);
        rig
    }

    /// Every screen and overlay, each at a moment (milliseconds after 10:00) worth seeing:
    /// every page of the workshop, the board with notes, the timer running, amber, red and
    /// paused, each overlay, the status line, the not-saving banner.
    fn each_screen(mut check: impl FnMut(&str, &mut Rig, i64)) {
        let mut rig = Rig::new();
        let items = rig.app.pack().programme.items.len();
        for index in 0..items {
            rig.act(Intent::Do(Command::GoToItem(index)), 1);
            loop {
                let before = rig.app.state().position.clone();
                check(&format!("page {before:?}"), &mut rig, 60_000);
                rig.act(Intent::Do(Command::Next), 1);
                let after = &rig.app.state().position;
                if after.item != index || *after == before {
                    break;
                }
            }
        }
        // The timer of "Gather ideas" (Think, five minutes) started at 10:01, on each of
        // its pages: running, nearly time, time up; then paused.
        let mut rig = board_with_notes();
        rig.act(Intent::Do(Command::ToggleTimer), 1);
        let pages = rig.app.pack().pages(1).len();
        for page in 0..pages {
            rig.go_to("gather", page, 0);
            for (state, ms) in [("running", 120_000), ("amber", 330_000), ("red", 402_000)] {
                check(&format!("gather page {page} {state}"), &mut rig, ms);
            }
        }
        rig.act(Intent::Do(Command::Show(Screen::Actions)), 2);
        check("actions, timer running", &mut rig, 120_000);
        rig.act(Intent::Do(Command::Show(Screen::Results)), 2);
        check("results, timer running", &mut rig, 120_000);
        rig.act(Intent::Do(Command::Show(Screen::Page)), 2);
        rig.act(Intent::OpenGrid, 2);
        assert_eq!(rig.app.state().screen, Screen::Grid);
        rig.act(Intent::Place(crate::session::grid::Direction::Up), 2);
        rig.act(Intent::ChooseNote(1), 2);
        check("grid, timer running", &mut rig, 120_000);
        rig.act(Intent::Close, 2);
        rig.act(Intent::CursorDown, 2);
        check("board, second card selected", &mut rig, 120_000);
        rig.act(Intent::AddNote, 2);
        check("capture line", &mut rig, 120_000);
        rig.act(Intent::Close, 2);
        rig.act_ms(Intent::Do(Command::ToggleTimer), 150_000);
        check("board, timer paused", &mut rig, 200_000);
        rig.act(Intent::Help, 3);
        check("help", &mut rig, 200_000);
        rig.act(Intent::Close, 3);
        rig.app.ui.status = Some(("Saved the outcomes".to_string(), Tone::Info));
        check("status", &mut rig, 200_000);
        rig.app.ui.status = Some(("Could not write the outcomes".to_string(), Tone::Error));
        check("status error", &mut rig, 200_000);
        rig.app.ui.status = None;
        rig.app.ui.not_saving = Some("the disk is full".to_string());
        check("not saving", &mut rig, 200_000);
        rig.app.ui.not_saving = None;
        for (name, intent) in [
            ("programme", Intent::OpenProgramme),
            ("quit?", Intent::AskQuit),
            ("people", Intent::OpenPeople),
            ("notes", Intent::ToggleNotes),
            ("groups", Intent::OpenGroups),
            ("actions form", Intent::OpenActions),
            ("blank", Intent::Do(Command::Blank(true))),
        ] {
            let mut rig = Rig::new();
            rig.go_to("gather", 0, 0);
            rig.act(intent, 2);
            if name == "actions form" {
                rig.act(Intent::AddAction, 2);
            }
            check(name, &mut rig, 120_000);
        }
        let mut rig = Rig::new();
        rig.act(Intent::Do(Command::GoToItem(1)), 15)
            .act(Intent::OpenFit, 35);
        check("fit", &mut rig, 35 * 60_000);
    }

    /// Each frame of every screen, at every size and the too-small one, as the facilitator
    /// and as the room, in each theme.
    fn each_frame(mut check: impl FnMut(&str, &Theme, &Buffer)) {
        each_screen(|name, rig, ms| {
            for theme in THEMES {
                rig.app.theme = Theme::new(theme, true);
                for size in SIZES.into_iter().chain([(40, 12)]) {
                    for audience in [false, true] {
                        let now = at(0) + chrono::TimeDelta::milliseconds(ms);
                        let buffer = drawn(&rig.app, size, now, audience);
                        let what = format!(
                            "{name} {theme:?} {size:?}{}",
                            if audience { " (room)" } else { "" }
                        );
                        check(&what, &rig.app.theme, &buffer);
                    }
                }
            }
        });
    }

    /// The theme's background is behind every cell, not only behind text: no cell is left
    /// to the terminal's own background. Only the code, selection and bar panels, and an
    /// activity's progress bar (in the state's colour), have their own.
    #[test]
    fn every_cell_has_the_theme_background() {
        each_frame(|what, theme, buffer| {
            let bar_fills = [Role::Good, Role::Warn, Role::Bad].map(|r| theme.style(r).fg.unwrap());
            for cell in &buffer.content {
                assert!(
                    theme.backgrounds().contains(&cell.bg) || bar_fills.contains(&cell.bg),
                    "{what}: a cell on {:?}:\n{}",
                    cell.bg,
                    text(buffer)
                );
            }
        });
    }

    /// Every character on every screen reads at 4.5:1 or more on its own background.
    #[test]
    fn every_character_reads_at_4_5_to_1() {
        let mut worst = (f64::MAX, String::new());
        each_frame(|what, _, buffer| {
            for (i, cell) in buffer.content.iter().enumerate() {
                if cell.symbol().trim().is_empty() {
                    continue;
                }
                let ratio = contrast(cell.fg, cell.bg).unwrap_or(0.0);
                let (x, y) = buffer.pos_of(i);
                assert!(
                    ratio >= LEAST_CONTRAST,
                    "{what}: {:?} at {x},{y} is {:?} on {:?} ({ratio:.2}:1):\n{}",
                    cell.symbol(),
                    cell.fg,
                    cell.bg,
                    text(buffer)
                );
                if ratio < worst.0 {
                    worst = (
                        ratio,
                        format!("{what}: {:?} {:?} on {:?}", cell.symbol(), cell.fg, cell.bg),
                    );
                }
            }
        });
        println!("lowest contrast drawn: {:.2}:1, {}", worst.0, worst.1);
    }

    /// Under NO_COLOR no cell gets a colour, not even the background.
    #[test]
    fn no_color_paints_nothing() {
        each_screen(|name, rig, ms| {
            rig.app.theme = Theme::new(crate::tui::theme::ThemeName::Dark, false);
            let buffer = drawn(
                &rig.app,
                (80, 24),
                at(0) + chrono::TimeDelta::milliseconds(ms),
                false,
            );
            for cell in &buffer.content {
                assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "{name}");
            }
        });
    }

    /// The red banner that says nothing is being saved is red and bold in its cells, not
    /// only in its words.
    #[test]
    fn the_not_saving_banner_is_red_and_bold() {
        for name in THEMES {
            let mut rig = Rig::new();
            rig.app.theme = Theme::new(name, true);
            rig.app.ui.not_saving = Some("the disk is full".to_string());
            let buffer = drawn(&rig.app, (80, 24), at(1), false);
            let bad = rig.app.theme.style(Role::Bad);
            let row = row_text(&buffer, 0);
            assert!(row.contains("NOTHING NEW IS BEING SAVED"), "{row}");
            for x in 1..27 {
                let cell = &buffer[(x, 0)];
                assert_eq!(
                    (cell.fg, cell.bg),
                    (bad.fg.unwrap(), bad.bg.unwrap()),
                    "{name:?} {x}"
                );
                assert!(cell.modifier.contains(Modifier::BOLD));
            }
            // Under NO_COLOR it stands out by reverse video.
            rig.app.theme = Theme::new(name, false);
            let buffer = drawn(&rig.app, (80, 24), at(1), false);
            assert!(
                buffer[(1, 0)]
                    .modifier
                    .contains(Modifier::REVERSED | Modifier::BOLD)
            );
        }
    }

    /// The selected card's head row is drawn in the selection's colours, bold, across the
    /// card; the other cards' heads are in their sector's colour. (Read from the board's
    /// cells: the room sees the difference, not only the ▶.)
    #[test]
    fn the_selected_card_stands_out_in_its_cells() {
        for name in THEMES {
            let mut rig = board_with_notes();
            rig.app.theme = Theme::new(name, true);
            let theme = rig.app.theme.clone();
            let buffer = drawn(&rig.app, (80, 24), at(3), false);
            let selected = theme.style(Role::Selected);
            let (y, x) = (0..24)
                .find_map(|y| column_of(&row_text(&buffer, y), "▶").map(|x| (y, x)))
                .expect("a selected card");
            assert!(
                row_text(&buffer, y).contains("▌NHS"),
                "the first card, NHS's, is selected"
            );
            // The head row, from the pointer to the column's edge, is in the selection's colours.
            for x in x..x + 20 {
                let cell = &buffer[(x, y)];
                assert_eq!(
                    (cell.fg, cell.bg),
                    (selected.fg.unwrap(), selected.bg.unwrap()),
                    "{name:?} {x},{y}"
                );
                assert!(cell.modifier.contains(Modifier::BOLD));
            }
            // The next card's head: its sector's colour on the screen's background.
            let public_library = theme.sector(1);
            let (py, px) = (y + 1..24)
                .find_map(|y| column_of(&row_text(&buffer, y), "▌PubLib").map(|x| (y, x)))
                .expect("the second card");
            let cell = &buffer[(px + 1, py)];
            assert_eq!(
                (cell.fg, cell.bg),
                (public_library.fg.unwrap(), public_library.bg.unwrap())
            );
        }
    }

    /// A row of the buffer as text, one char a cell (wide characters take their cell).
    fn row_text(buffer: &Buffer, y: u16) -> String {
        (0..buffer.area.width)
            .map(|x| buffer[(x, y)].symbol().chars().next().unwrap_or(' '))
            .collect()
    }

    /// The cell where `needle` starts in a row of one char a cell.
    fn column_of(row: &str, needle: &str) -> Option<u16> {
        row.find(needle).map(|byte| row[..byte].chars().count() as u16)
    }

    fn text(buffer: &Buffer) -> String {
        (0..buffer.area.height)
            .map(|y| row_text(buffer, y))
            .collect::<Vec<_>>()
            .join("\n")
    }

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
