//! The slide screen: the title in big type where it fits, the Markdown body in a readable
//! column, revealed step by step.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crossterm::event::KeyCode;

use crate::pack::Slide;
use crate::session::Command;

use super::big;
use super::keys::{HELP, Intent, Keymap, QUIT_NOW, bind, c, k};
use super::markdown;
use super::theme::Role;
use super::view::{Ctx, readable_column};

/// The presenting keys: on slides, activity pages and breaks (what clickers send first).
#[rustfmt::skip]
pub(crate) const KEYS: Keymap = &[&[
    bind(&[k(KeyCode::PageDown), k(KeyCode::Right), c('l'), c(' '), k(KeyCode::Down), c('j')], "PgDn → l Space", "next: reveal, slide, then item", Intent::Do(Command::Next)),
    bind(&[k(KeyCode::PageUp), k(KeyCode::Left), c('h'), k(KeyCode::Backspace), k(KeyCode::Up), c('k')], "PgUp ← h", "back one step; nothing is lost", Intent::Do(Command::Previous)),
    bind(&[c('g')], "g", "programme: times, jump to an item", Intent::OpenProgramme),
    bind(&[c('n')], "n", "speaker notes and what comes next", Intent::ToggleNotes),
    bind(&[c('t')], "t", "start, pause or resume the timer", Intent::Do(Command::ToggleTimer)),
    bind(&[c('+'), c('=')], "+ -", "a minute more / less for this phase", Intent::Do(Command::AdjustPhase(60))),
    bind(&[c('-'), c('_')], "", "", Intent::Do(Command::AdjustPhase(-60))),
    bind(&[c(']')], "] [", "next / previous phase", Intent::Do(Command::NextPhase)),
    bind(&[c('[')], "", "", Intent::Do(Command::PreviousPhase)),
    bind(&[c('r')], "r", "restart this phase (asks first)", Intent::AskRestart),
    bind(&[c('f')], "f", "fit the rest to end on time", Intent::OpenFit),
    bind(&[c('b'), c('.')], "b .", "blank the screen (any key: back)", Intent::Do(Command::Blank(true))),
    bind(&[c('w')], "w W", "write the outcomes (W: elsewhere)", Intent::WriteOutcomes),
    bind(&[c('W')], "", "", Intent::WriteElsewhere),
    HELP,
    bind(&[c('q')], "q", "quit (asks first; all is saved)", Intent::AskQuit),
    QUIT_NOW,
]];

/// The widest a column of slide text gets on a wide screen.
pub(crate) const MAX_WIDTH: u16 = 100;

pub(crate) fn draw(frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>, slide: &Slide) {
    let theme = ctx.theme;
    let column = readable_column(area, MAX_WIDTH);
    let step = ctx.state.position.step.min(slide.steps() - 1);
    // A title slide (a level-1 heading) sits in the middle of the screen; others start at the top.
    let title_slide = slide.body.trim_start().starts_with("# ");
    let has_title = slide.title.is_some();

    let max_title_rows = if title_slide {
        area.height * 3 / 5
    } else {
        area.height / 3
    };
    let title = slide
        .title
        .as_deref()
        .map(|t| (t, big::fit(t, column.width, max_title_rows)));
    let title_height = title.as_ref().map_or(0, |(_, t)| t.height() + 1);

    // Lay out for the whole slide, so revealing more never moves what is already there.
    let whole = markdown::render(&slide.body, column.width, theme, has_title).lines;
    let shown = markdown::render(slide.visible(step), column.width, theme, has_title).lines;
    let total = title_height + whole.len() as u16;
    let top = if title_slide {
        area.height.saturating_sub(total) / 2
    } else {
        1.min(area.height.saturating_sub(total))
    };
    let mut y = area.y + top;

    if let Some((text, fitted)) = &title {
        let h = fitted.height().min(area.bottom().saturating_sub(y));
        big::draw(
            frame,
            Rect::new(column.x, y, column.width, h),
            text,
            fitted,
            theme.style(Role::Heading),
            Alignment::Center,
        );
        y += title_height;
    }
    let room = area.bottom().saturating_sub(y);
    if room == 0 {
        return;
    }
    let mut lines: Vec<Line<'static>> = shown;
    if lines.len() as u16 > room {
        lines.truncate(room.saturating_sub(1) as usize);
        lines.push(Line::styled(
            "⋯ more than fits: make the window larger",
            theme.style(Role::Dim),
        ));
    }
    let align = if title_slide {
        Alignment::Center
    } else {
        Alignment::Left
    };
    frame.render_widget(
        Paragraph::new(lines).alignment(align),
        Rect::new(column.x, y, column.width, room),
    );
}

#[cfg(test)]
mod tests {
    use crate::tui::testing::{Rig, SIZES};

    #[test]
    fn title_slide() {
        let rig = Rig::new();
        for size in SIZES {
            let screen = rig.screen(size, 2);
            assert!(
                screen.contains("A small library partnership meeting"),
                "{size:?}:\n{screen}"
            );
            insta::assert_snapshot!(format!("title_{}x{}", size.0, size.1), screen);
        }
    }

    #[test]
    fn list_slide_mid_reveal() {
        let mut rig = Rig::new();
        rig.go_to("welcome", 1, 2);
        for size in SIZES {
            let screen = rig.screen(size, 3);
            assert!(
                screen.contains("▸more"),
                "the footer says there is more to reveal"
            );
            assert!(screen.contains("Choose one thing to try"), "{size:?}:\n{screen}");
            assert!(!screen.contains("Agree who does what"), "{size:?}:\n{screen}");
            insta::assert_snapshot!(format!("mid_reveal_{}x{}", size.0, size.1), screen);
        }
    }

    #[test]
    fn table_slide() {
        let mut rig = Rig::new();
        rig.go_to("welcome", 2, 0);
        for size in SIZES {
            let screen = rig.screen(size, 4);
            assert!(
                screen.contains("10:35") && screen.contains("Plan the first step"),
                "{size:?}:\n{screen}"
            );
            insta::assert_snapshot!(format!("table_{}x{}", size.0, size.1), screen);
        }
    }
}
