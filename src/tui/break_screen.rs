//! A break with no slides of its own: when the room is due back and the minutes left, in
//! big type, counted from when the break really began; once that time has passed, a plain
//! "Back now, please" in big type and how long over in small.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::pack::Item;
use crate::session::schedule;

use super::big::{self, SIZES, Size};
use super::theme::Role;
use super::view::Ctx;

pub(crate) fn draw(frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>, item: &Item) {
    let theme = ctx.theme;
    let margin = if area.width > 40 { 2 } else { 0 };
    let wide = area.width.saturating_sub(2 * margin);
    let left = area.x + margin;
    let began = ctx
        .state
        .visits
        .iter()
        .rev()
        .find(|v| v.item == item.id)
        .map_or(ctx.now, |v| v.from);
    let back = schedule::later(began, item.seconds as i64).with_timezone(&ctx.offset);
    let back_at = back.format("%H:%M").to_string();
    // In whole minutes of the clock, as "Back at" shows it: it changes with the footer's clock.
    let left_minutes = back.timestamp().div_euclid(60) - ctx.now.timestamp().div_euclid(60);

    let centred = |frame: &mut Frame<'_>, y: u16, text: String, style: Style| {
        if y < area.bottom() {
            frame.render_widget(
                Paragraph::new(Line::styled(text, style)).alignment(Alignment::Center),
                Rect::new(left, y, wide, 1),
            );
        }
    };

    if left_minutes <= 0 {
        let say = "Back now, please";
        let small = match -left_minutes {
            0 => format!("{}: due back at {back_at}", item.title),
            over => format!("{}: due back at {back_at} · {over} min over", item.title),
        };
        let fitted = big::fit(say, wide, area.height.saturating_sub(2));
        let y = area.y + area.height.saturating_sub(fitted.height() + 2) / 2;
        let h = fitted.height().min(area.bottom().saturating_sub(y));
        big::draw(
            frame,
            Rect::new(left, y, wide, h),
            say,
            &fitted,
            theme.style(Role::Warn),
            Alignment::Center,
        );
        centred(frame, y + h + 1, small, theme.style(Role::Strong));
        return;
    }

    // The times first: the largest size both lines fit on one line each, then the break's
    // name as big as the rest of the screen allows.
    let times = [format!("Back at {back_at}"), format!("{left_minutes} min left")];
    let longest = times.iter().map(|t| t.len()).max().unwrap_or(0);
    let chosen = SIZES.iter().find_map(|&size| {
        let times_h = 2 * size.h + 1;
        if longest > size.per_line(wide) || times_h + 2 > area.height {
            return None;
        }
        let title = big::fit(&item.title, wide, area.height - times_h - 2);
        (title.height() + 2 + times_h <= area.height).then_some((Some(size), title))
    });
    let (size, title) = chosen.unwrap_or_else(|| (None, big::plain(&item.title, wide)));
    let times_h = size.map_or(3, |s: Size| 2 * s.h + 1);
    let mut y = area.y + area.height.saturating_sub(title.height() + 2 + times_h) / 2;
    let h = title.height().min(area.bottom().saturating_sub(y));
    big::draw(
        frame,
        Rect::new(left, y, wide, h),
        &item.title,
        &title,
        theme.style(Role::Heading),
        Alignment::Center,
    );
    y += h + 2;
    let styles = [theme.style(Role::Strong), theme.style(Role::Text)];
    for (text, style) in times.into_iter().zip(styles) {
        match size {
            Some(size) => {
                let x = left + (wide - (text.len() as u16 * size.w).min(wide)) / 2;
                big::draw_line(frame.buffer_mut(), x, y, size, Line::from(text), style);
                y += size.h + 1;
            }
            None => {
                centred(frame, y, text, style);
                y += 2;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::session::Command;
    use crate::tui::keys::Intent;
    use crate::tui::testing::{Rig, SIZES};

    /// On the tea break, which starts at 10:37, 12 minutes late: back at 10:47 after its
    /// 10 minutes, not at the planned 10:35.
    fn at_tea() -> Rig {
        let mut rig = Rig::new();
        let item = rig.app.pack().programme.position("tea").unwrap();
        rig.act(Intent::Do(Command::GoToItem(item)), 37)
            .act(Intent::Do(Command::Next), 37);
        rig
    }

    fn big_rows(screen: &str) -> usize {
        screen
            .lines()
            .filter(|l| l.chars().any(|c| ('\u{2580}'..='\u{259f}').contains(&c)))
            .count()
    }

    #[test]
    fn back_at_counts_from_when_the_break_began() {
        let rig = at_tea();
        for size in SIZES {
            let screen = rig.screen(size, 38);
            // "Back at 10:47" and "9 min left" are in big type: not there as small text.
            assert!(!screen.contains("Back at"), "{screen}");
            assert!(big_rows(&screen) >= 12, "{size:?}:\n{screen}");
            insta::assert_snapshot!(format!("break_{}x{}", size.0, size.1), screen);
        }
    }

    #[test]
    fn says_so_once_the_time_has_passed() {
        let rig = at_tea();
        for size in SIZES {
            let screen = rig.screen(size, 50);
            assert!(screen.contains("Tea: due back at 10:47 · 3 min over"), "{screen}");
            assert!(big_rows(&screen) >= 4, "{size:?}:\n{screen}");
            insta::assert_snapshot!(format!("break_over_{}x{}", size.0, size.1), screen);
        }
        // In the minute it is due: back now, nothing over yet.
        let screen = rig.screen((80, 24), 47);
        assert!(screen.contains("Tea: due back at 10:47 "), "{screen}");
        assert!(!screen.contains("over"), "{screen}");
    }
}
