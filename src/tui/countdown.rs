//! The countdown the back of the room reads: big digits in a band at the foot of the screen
//! while a phase's timer has started, amber near the end and red once time is up, with
//! words that say so too (colour is never the only sign). Pure: `view` asks how many rows it
//! wants in an area, carves them off the bottom and draws it there, so no screen changes.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use tui_big_text::{BigText, PixelSize};

use crate::session::timer::{TimerStatus, TimerView, clock_face};
use crate::width;

use super::theme::{Role, Theme};

/// Digit sizes, largest first: the pixel size, the cells one character takes (wide, tall),
/// and the least height of the screen's area before the band takes that many rows. Only
/// block elements every terminal font has.
const DIGITS: [(PixelSize, u16, u16, u16); 3] = [
    (PixelSize::Full, 8, 8, 48),
    (PixelSize::HalfHeight, 8, 4, 20),
    (PixelSize::Quadrant, 4, 4, 20),
];

/// The widest face planned for ("+9:59", "59:59"), so the band keeps its size as the
/// seconds go by.
const FACE_CHARS: u16 = 5;

/// Columns the words beside the digits get at least.
const WORDS: u16 = 24;

/// Columns between the words and the digits, and after the digits.
const GAP: u16 = 2;
const MARGIN: u16 = 1;

/// How the countdown is drawn in an area.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Form {
    /// Not started: nothing to count.
    Hidden,
    /// Too little room for digits: one line of words.
    Words,
    Digits {
        size: PixelSize,
        wide: u16,
        tall: u16,
    },
}

/// The current phase's countdown.
pub(crate) struct Countdown<'a> {
    view: TimerView,
    phase: &'a str,
    theme: &'a Theme,
}

impl<'a> Countdown<'a> {
    pub fn new(view: TimerView, phase: &'a str, theme: &'a Theme) -> Countdown<'a> {
        Countdown { view, phase, theme }
    }

    /// The rows it wants at the foot of `area` (the screen's, above the footer): none before
    /// the timer starts, the digits' height when the screen is tall enough for them and
    /// they fit beside their words, else one line of words.
    pub fn height(&self, area: Rect) -> u16 {
        match self.form(area, |least, _| area.height >= least) {
            Form::Hidden => 0,
            Form::Words => 1,
            Form::Digits { tall, .. } => tall,
        }
    }

    /// Whether it shows big digits at the foot of `area`, not only a line of words.
    pub fn big(&self, area: Rect) -> bool {
        self.height(area) > 1
    }

    /// The biggest digits that fit across `area` and that `allowed` (the least height of
    /// the screen, the digits' own height) lets through.
    fn form(&self, area: Rect, allowed: impl Fn(u16, u16) -> bool) -> Form {
        if self.view.status == TimerStatus::NotStarted {
            return Form::Hidden;
        }
        let chars = (self.face().chars().count() as u16).max(FACE_CHARS);
        DIGITS
            .iter()
            .find(|(_, wide, tall, least)| {
                allowed(*least, *tall) && chars * wide + GAP + WORDS + MARGIN <= area.width
            })
            .map_or(Form::Words, |&(size, wide, tall, _)| Form::Digits {
                size,
                wide,
                tall,
            })
    }

    /// How it is drawn in the band it was given: the biggest digits as tall as the band.
    fn drawn_form(&self, band: Rect) -> Form {
        self.form(band, |_, tall| tall <= band.height)
    }

    /// "3:53", or "+0:42" once time is up.
    fn face(&self) -> String {
        let sign = if self.view.overrun() { "+" } else { "" };
        format!("{sign}{}", clock_face(self.view.shown_seconds()))
    }

    /// The digits' look: the state's colour while running, dim while paused.
    fn face_role(&self) -> Role {
        match self.view.status {
            TimerStatus::Paused => Role::Dim,
            _ => state_words(&self.view).1,
        }
    }
}

/// What the timer is doing, in words, and the role that colours it. The words carry the
/// meaning; colour only repeats it.
pub(crate) fn state_words(view: &TimerView) -> (String, Role) {
    let face = clock_face(view.shown_seconds());
    match view.status {
        TimerStatus::Paused if view.overrun() => (format!("PAUSED · {face} over"), Role::Bad),
        TimerStatus::Paused => (format!("PAUSED · {face} left"), Role::Strong),
        TimerStatus::Running if view.overrun() => (format!("TIME IS UP · {face} over"), Role::Bad),
        TimerStatus::Running if view.nearly_done() => (format!("Nearly time · {face} left"), Role::Warn),
        // Not started: never drawn.
        TimerStatus::Running | TimerStatus::NotStarted => (format!("{face} left"), Role::Good),
    }
}

impl Widget for Countdown<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = self.theme;
        let (words, role) = state_words(&self.view);
        buf.set_style(area, theme.base());
        match self.drawn_form(area) {
            Form::Hidden => {}
            Form::Words => {
                let room = area.width.saturating_sub(2 * MARGIN) as usize;
                let phase = format!("{} · ", self.phase);
                // Without the phase's name when both do not fit: the state is what the room
                // needs.
                let line = if width::of(&phase) + width::of(&words) <= room {
                    Line::from(vec![
                        Span::styled(phase, theme.style(Role::Text)),
                        Span::styled(words, theme.style(role)),
                    ])
                } else {
                    Line::styled(width::ellipsis(&words, room), theme.style(role))
                };
                Paragraph::new(line)
                    .alignment(Alignment::Right)
                    .render(inset(area), buf);
            }
            Form::Digits { size, wide, tall } => {
                let face = self.face();
                let digits_width = (face.chars().count() as u16 * wide).min(area.width);
                let digits = Rect::new(
                    area.right().saturating_sub(digits_width + MARGIN),
                    area.y,
                    digits_width,
                    tall.min(area.height),
                );
                BigText::builder()
                    .pixel_size(size)
                    .style(theme.style(self.face_role()))
                    .lines(vec![Line::from(face)])
                    .build()
                    .render(digits, buf);
                // The phase and the words, beside the digits, halfway down.
                let room = digits.x.saturating_sub(area.x + GAP);
                let lines = vec![
                    Line::styled(
                        width::ellipsis(self.phase, room as usize),
                        theme.style(Role::Text),
                    ),
                    Line::styled(width::ellipsis(&words, room as usize), theme.style(role)),
                ];
                let top = area.y + area.height.saturating_sub(lines.len() as u16) / 2;
                let beside = Rect::new(area.x, top, room, (lines.len() as u16).min(area.bottom() - top));
                Paragraph::new(lines)
                    .alignment(Alignment::Right)
                    .render(beside, buf);
            }
        }
    }
}

/// The area less the margin at each side.
fn inset(area: Rect) -> Rect {
    let margin = MARGIN.min(area.width / 2);
    Rect::new(area.x + margin, area.y, area.width - 2 * margin, area.height)
}

#[cfg(test)]
mod tests {
    use ratatui::buffer::Buffer;
    use ratatui::style::Modifier;

    use super::*;
    use crate::session::{Command, Screen};
    use crate::tui::keys::Intent;
    use crate::tui::testing::{Rig, SIZES, at, on_board};
    use crate::tui::theme::ThemeName;
    use crate::tui::theme::tests::THEMES;
    use crate::tui::view::drawn;

    fn view(status: TimerStatus, elapsed_s: i64) -> TimerView {
        TimerView {
            phase: 0,
            status,
            length_ms: 300_000,
            elapsed_ms: elapsed_s * 1000,
        }
    }

    /// The board of "Gather ideas" with its five-minute Think phase started at 10:01.
    fn board_running() -> Rig {
        let mut rig = on_board();
        rig.act(Intent::Do(Command::ToggleTimer), 1);
        rig
    }

    fn ms(minute: i64, second: i64) -> i64 {
        minute * 60_000 + second * 1000
    }

    fn row(buffer: &Buffer, y: u16) -> String {
        (0..buffer.area.width)
            .map(|x| buffer[(x, y)].symbol().to_string())
            .collect()
    }

    /// The digits' cells: what is drawn in the band's rows at the right, past the words.
    fn digit_cells(buffer: &Buffer, band: std::ops::Range<u16>, from_x: u16) -> Vec<&ratatui::buffer::Cell> {
        band.flat_map(|y| (from_x..buffer.area.width).map(move |x| (x, y)))
            .map(|p| &buffer[p])
            .filter(|c| !c.symbol().trim().is_empty())
            .collect()
    }

    #[test]
    fn the_band_takes_rows_by_the_window() {
        let theme = Theme::new(ThemeName::Dark, true);
        let running = view(TimerStatus::Running, 7);
        let countdown = Countdown::new(running, "Think", &theme);
        // How it is drawn in the rows it asks for, in the screen's area above the footer
        // at 80×24, 120×40, 200×60, 60×18 and others.
        let quadrant = Form::Digits {
            size: PixelSize::Quadrant,
            wide: 4,
            tall: 4,
        };
        let form = |w, h| {
            let area = Rect::new(0, 0, w, h);
            let band = Rect::new(0, h - countdown.height(area), w, countdown.height(area));
            countdown.drawn_form(band)
        };
        // Half-height digits (square pixels) when they fit across, in the same four rows as
        // quarter-cell ones.
        let half = Form::Digits {
            size: PixelSize::HalfHeight,
            wide: 8,
            tall: 4,
        };
        assert_eq!(form(80, 23), half);
        assert_eq!(form(120, 39), half);
        let full = Form::Digits {
            size: PixelSize::Full,
            wide: 8,
            tall: 8,
        };
        assert_eq!(form(200, 59), full);
        assert_eq!(countdown.height(Rect::new(0, 0, 200, 59)), 8);
        // Narrow: smaller digits, tall or not; small: one line of words.
        assert_eq!(form(60, 59), quadrant);
        assert_eq!(form(60, 20), quadrant);
        assert_eq!(form(60, 17), Form::Words);
        assert_eq!(countdown.height(Rect::new(0, 0, 60, 17)), 1);
        assert!(!countdown.big(Rect::new(0, 0, 60, 17)));
        // Paused: still shown. Not started: nothing.
        let paused = Countdown::new(view(TimerStatus::Paused, 7), "Think", &theme);
        assert_eq!(paused.height(Rect::new(0, 0, 80, 23)), 4);
        let ready = Countdown::new(view(TimerStatus::NotStarted, 0), "Think", &theme);
        assert_eq!(ready.height(Rect::new(0, 0, 200, 59)), 0);
    }

    #[test]
    fn the_words_say_what_colour_says() {
        let running = state_words(&view(TimerStatus::Running, 7));
        assert_eq!(running, ("4:53 left".to_string(), Role::Good));
        let amber = state_words(&view(TimerStatus::Running, 250));
        assert_eq!(amber, ("Nearly time · 0:50 left".to_string(), Role::Warn));
        let red = state_words(&view(TimerStatus::Running, 342));
        assert_eq!(red, ("TIME IS UP · 0:42 over".to_string(), Role::Bad));
        let paused = state_words(&view(TimerStatus::Paused, 15));
        assert_eq!(paused, ("PAUSED · 4:45 left".to_string(), Role::Strong));
        let paused_late = state_words(&view(TimerStatus::Paused, 342));
        assert_eq!(paused_late, ("PAUSED · 0:42 over".to_string(), Role::Bad));
    }

    /// On the board, in big digits at the foot, for the facilitator and the room; at 60×18
    /// the board keeps its rows and its head says the time in words.
    #[test]
    fn the_board_shows_the_countdown() {
        let mut rig = board_running();
        for size in SIZES {
            let screen = rig.screen_ms(size, ms(2, 7));
            insta::assert_snapshot!(format!("board_{}x{}", size.0, size.1), screen);
        }
        let screen = rig.screen_ms((200, 60), ms(2, 7));
        // The board's head, the band and the footer.
        assert_eq!(screen.matches("3:53 left").count(), 3, "{screen}");
        insta::assert_snapshot!("board_200x60", screen);
        let screen = rig.screen_ms((60, 18), ms(2, 7));
        assert_eq!(
            screen.matches("3:53").count(),
            2,
            "the board's head and the footer:\n{screen}"
        );
        rig.app.source_as_audience();
        let room = rig.screen_ms((80, 24), ms(2, 7));
        assert_eq!(room.matches("3:53 left").count(), 3, "{room}");
        insta::assert_snapshot!("board_room_80x24", room);
    }

    /// On the activity's slides and its actions and groups screens too; in words when the
    /// window is small. Not on the activity's own page, which shows its own big countdown.
    #[test]
    fn every_screen_of_the_activity_shows_it() {
        let mut rig = Rig::new();
        rig.go_to("gather", 0, 0).act(Intent::Do(Command::ToggleTimer), 1);
        for size in SIZES {
            let screen = rig.screen_ms(size, ms(2, 7));
            // The band's and the footer's.
            assert_eq!(screen.matches("3:53 left").count(), 2, "{size:?}:\n{screen}");
            insta::assert_snapshot!(format!("slide_{}x{}", size.0, size.1), screen);
        }
        rig.act(Intent::Do(Command::Show(Screen::Actions)), 2);
        let screen = rig.screen_ms((80, 24), ms(2, 7));
        assert!(
            screen.contains("Think") && screen.contains("3:53 left"),
            "{screen}"
        );
        insta::assert_snapshot!("actions_80x24", screen);
        rig.act(Intent::Do(Command::Show(Screen::Page)), 2);
        let page = rig
            .app
            .pack()
            .pages(1)
            .iter()
            .position(|p| matches!(p, crate::pack::Page::Activity(_)));
        rig.go_to("gather", page.unwrap(), 0);
        let screen = rig.screen_ms((80, 24), ms(2, 7));
        // Its own words under its digits and the footer's; no band naming the phase.
        assert_eq!(screen.matches("3:53 left").count(), 2, "{screen}");
        assert!(
            !screen.contains("Think"),
            "one countdown on the activity's page:\n{screen}"
        );
        // Another item: no band; the footer alone says a timer runs elsewhere.
        rig.go_to("welcome", 0, 0);
        let screen = rig.screen_ms((80, 24), ms(2, 7));
        assert_eq!(screen.matches("3:53 left").count(), 1, "{screen}");
        assert!(screen.contains("timer: Gather ideas"), "{screen}");
    }

    /// The states that carry meaning carry it in the cells: green while running, amber
    /// (bold) near the end, red (bold) once time is up, dim while paused; each with its
    /// words. Under NO_COLOR, bold and reverse video say it instead.
    #[test]
    fn amber_and_red_are_in_the_cells() {
        // At 80×24 the band is the four rows above the footer.
        let band = 19..23;
        let cases = [
            (ms(2, 7), "3:53 left", Role::Good),
            (ms(5, 30), "Nearly time · 0:30 left", Role::Warn),
            (ms(6, 42), "TIME IS UP · 0:42 over", Role::Bad),
        ];
        for name in THEMES {
            let mut rig = board_running();
            rig.app.theme = Theme::new(name, true);
            let theme = rig.app.theme.clone();
            for (at_ms, words, role) in cases {
                let buffer = drawn(
                    &rig.app,
                    (80, 24),
                    at(0) + chrono::TimeDelta::milliseconds(at_ms),
                    false,
                );
                let style = theme.style(role);
                assert!(
                    band.clone().any(|y| row(&buffer, y).contains(words)),
                    "{name:?} {words}"
                );
                let digits = digit_cells(&buffer, band.clone(), 56);
                assert!(digits.len() > 20, "{name:?} {words}: the digits are drawn");
                for cell in digits {
                    assert_eq!(
                        (cell.fg, cell.bg),
                        (style.fg.unwrap(), style.bg.unwrap()),
                        "{name:?} {words}"
                    );
                    assert_eq!(cell.modifier, style.add_modifier, "{name:?} {words}");
                }
            }
            assert!(theme.style(Role::Warn).add_modifier.contains(Modifier::BOLD));
            assert!(theme.style(Role::Bad).add_modifier.contains(Modifier::BOLD));
            // Paused: dim digits, and the word.
            rig.act_ms(Intent::Do(Command::ToggleTimer), ms(2, 0));
            let buffer = drawn(&rig.app, (80, 24), at(4), false);
            assert!(
                band.clone()
                    .any(|y| row(&buffer, y).contains("PAUSED · 4:00 left"))
            );
            let dim = theme.style(Role::Dim);
            for cell in digit_cells(&buffer, band.clone(), 56) {
                assert_eq!(cell.fg, dim.fg.unwrap(), "{name:?} paused");
            }
        }
        let mut rig = board_running();
        rig.app.theme = Theme::new(ThemeName::Dark, false);
        let amber = drawn(
            &rig.app,
            (80, 24),
            at(0) + chrono::TimeDelta::milliseconds(ms(5, 30)),
            false,
        );
        let red = drawn(
            &rig.app,
            (80, 24),
            at(0) + chrono::TimeDelta::milliseconds(ms(6, 42)),
            false,
        );
        let cells = digit_cells(&amber, band.clone(), 56);
        assert!(!cells.is_empty() && cells.iter().all(|c| c.modifier == Modifier::BOLD));
        let cells = digit_cells(&red, band.clone(), 56);
        assert!(
            !cells.is_empty()
                && cells
                    .iter()
                    .all(|c| c.modifier == Modifier::BOLD | Modifier::REVERSED)
        );
    }
}
