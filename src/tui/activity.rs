//! The activity screen: the phase's name and instruction in large type, a countdown in big
//! digits the back of the room can read, a bar that turns amber near the end and red past
//! it (with words that say so too), the next phase and how people group.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Gauge, Paragraph, Wrap};
use tui_big_text::{BigText, PixelSize};

use crate::pack::{Activity, Grouping, SectorMix};
use crate::session::timer::{TimerStatus, TimerView, clock_face};
use crate::session::{schedule::phase_lengths, timer_view};

use super::big;
use super::slide::MAX_WIDTH;
use super::theme::Role;
use super::view::{Ctx, readable_column};

/// Countdown sizes, largest first, with the cells one character takes (wide, tall).
const DIGITS: [(PixelSize, u16, u16); 3] = [
    (PixelSize::Full, 8, 8),
    (PixelSize::HalfHeight, 8, 4),
    (PixelSize::Quadrant, 4, 4),
];

pub(crate) fn draw(frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>, activity: &Activity) {
    let theme = ctx.theme;
    let column = readable_column(area, MAX_WIDTH);
    let view = timer_view(ctx.pack, ctx.state, activity, ctx.now);
    let lengths = phase_lengths(ctx.pack, ctx.state, activity);
    let Some(phase) = activity.phases.get(view.phase) else {
        return;
    };
    let face = format!(
        "{}{}",
        if view.overrun() { "+" } else { "" },
        clock_face(view.shown_seconds())
    );
    let (words, role) = state_words(&view, ctx.audience);

    // The lines under the countdown: the bar, then what comes next and how people group.
    let mut tail: Vec<Line<'_>> = Vec::new();
    if let Some(next) = activity.phases.get(view.phase + 1) {
        let secs = lengths.get(view.phase + 1).copied().unwrap_or(next.seconds);
        tail.push(Line::from(vec![
            Span::styled("Next: ", theme.style(Role::Dim)),
            Span::styled(
                format!("{} · {}", next.name, minutes_words(secs)),
                theme.style(Role::Text),
            ),
        ]));
    } else {
        tail.push(Line::styled("Last phase", theme.style(Role::Dim)));
    }
    if let Some(g) = &activity.grouping {
        tail.push(Line::styled(
            capitalise(&grouping_words(g)),
            theme.style(Role::Text),
        ));
    }

    // Pick the biggest phase name and countdown that fit, the countdown first.
    let instruction_rows = wrapped_rows(&phase.instructions, column.width).min(4);
    let fixed = 1 + 1 + instruction_rows + 1 + 1 + 1 + tail.len() as u16;
    let room = area.height.saturating_sub(fixed);
    let digits = DIGITS
        .iter()
        .find(|(_, w, h)| face.len() as u16 * w <= column.width && *h < room)
        .copied();
    let digit_rows = digits.map_or(1, |(_, _, h)| h);
    let name = big::fit(
        &phase.name,
        column.width,
        room.saturating_sub(digit_rows + 1).min(8),
    );

    let mut y = area.y;
    let mut row = |height: u16| {
        let r = Rect::new(
            column.x,
            y,
            column.width,
            height.min(area.bottom().saturating_sub(y)),
        );
        y = (y + height).min(area.bottom());
        r
    };
    let header = format!(
        "{} · phase {} of {}",
        activity.title,
        view.phase + 1,
        activity.phases.len()
    );
    frame.render_widget(
        Paragraph::new(Line::styled(header, theme.style(Role::Dim))).alignment(Alignment::Center),
        row(1),
    );
    big::draw(
        frame,
        row(name.height()),
        &phase.name,
        &name,
        theme.style(Role::Heading),
        Alignment::Center,
    );
    row(1);
    frame.render_widget(
        Paragraph::new(phase.instructions.trim().to_string())
            .style(theme.style(Role::Strong))
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        row(instruction_rows),
    );
    row(1);
    let face_style = match view.status {
        TimerStatus::Paused => theme.style(Role::Dim),
        _ => theme.style(role),
    };
    match digits {
        Some((size, _, h)) => frame.render_widget(
            BigText::builder()
                .pixel_size(size)
                .style(face_style)
                .lines(vec![Line::from(face.clone())])
                .centered()
                .build(),
            row(h),
        ),
        None => frame.render_widget(
            Paragraph::new(face.clone())
                .style(face_style)
                .alignment(Alignment::Center),
            row(1),
        ),
    }
    row(1);
    let ratio = if view.length_ms > 0 {
        (view.elapsed_ms as f64 / view.length_ms as f64).clamp(0.0, 1.0)
    } else {
        1.0
    };
    frame.render_widget(
        Gauge::default()
            .ratio(ratio)
            .label(Span::styled(words, theme.style(role)))
            .gauge_style(theme.style(role))
            .use_unicode(true),
        row(1),
    );
    frame.render_widget(
        Paragraph::new(tail).alignment(Alignment::Center),
        row(area.height),
    );
}

/// What the timer is doing, in words, and the role that colours it. The words carry the
/// meaning; colour only repeats it.
fn state_words(view: &TimerView, audience: bool) -> (String, Role) {
    let left = clock_face(view.shown_seconds());
    match view.status {
        TimerStatus::NotStarted if audience => ("Ready to start".to_string(), Role::Text),
        TimerStatus::NotStarted => ("Ready: t starts the timer".to_string(), Role::Text),
        TimerStatus::Paused if view.overrun() => (format!("PAUSED · time is up, {left} over"), Role::Bad),
        TimerStatus::Paused => (format!("PAUSED · {left} left"), Role::Text),
        TimerStatus::Running if view.overrun() => (format!("TIME IS UP · {left} over"), Role::Bad),
        TimerStatus::Running if view.nearly_done() => (format!("Nearly time · {left} left"), Role::Warn),
        TimerStatus::Running => (format!("{left} left"), Role::Good),
    }
}

fn wrapped_rows(text: &str, width: u16) -> u16 {
    let width = width.max(1) as usize;
    let mut rows = 0u16;
    let mut line = 0usize;
    for word in text.split_whitespace() {
        let w = unicode_width::UnicodeWidthStr::width(word);
        if line == 0 {
            rows += 1;
            line = w;
        } else if line + 1 + w <= width {
            line += 1 + w;
        } else {
            rows += 1;
            line = w;
        }
    }
    rows.max(1)
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// "groups of 4, mixing sectors".
pub(crate) fn grouping_words(g: &Grouping) -> String {
    let size = match g.size {
        1 => "on your own".to_string(),
        2 => "in pairs".to_string(),
        n => format!("in groups of {n}"),
    };
    match g.sectors {
        SectorMix::Mixed => format!("{size}, mixing sectors"),
        SectorMix::Same => format!("{size}, with your own sector"),
        SectorMix::Any => size,
    }
}

/// "3 min", "30 s", "1 min 30 s".
pub(crate) fn minutes_words(seconds: u32) -> String {
    match (seconds / 60, seconds % 60) {
        (0, s) => format!("{s} s"),
        (m, 0) => format!("{m} min"),
        (m, s) => format!("{m} min {s} s"),
    }
}

#[cfg(test)]
mod tests {
    use crate::session::Command;
    use crate::tui::keys::Intent;
    use crate::tui::testing::{Rig, SIZES};

    /// An activity's own page (the timer), after its slides and before its board.
    fn on_activity(id: &str) -> Rig {
        let mut rig = Rig::new();
        let pack = rig.app.pack();
        let page = pack
            .pages(pack.programme.position(id).unwrap())
            .iter()
            .position(|p| matches!(p, crate::pack::Page::Activity(_)))
            .unwrap();
        rig.go_to(id, page, 0);
        rig
    }

    /// The "Gather ideas" activity page; its first phase, Think, is five minutes, and
    /// nothing moves on by itself.
    fn on_gather() -> Rig {
        on_activity("gather")
    }

    fn check(rig: &Rig, name: &str, minute_ms: i64, words: &str) {
        for size in SIZES {
            let screen = rig.screen_ms(size, minute_ms);
            assert!(
                screen.contains(words),
                "{name} at {size:?} says {words:?}:\n{screen}"
            );
            insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), screen);
        }
    }

    #[test]
    fn not_started() {
        let rig = on_gather();
        check(&rig, "not_started", 60_000, "Ready: t starts the timer");
    }

    #[test]
    fn running() {
        let mut rig = on_gather();
        rig.act(Intent::Do(Command::ToggleTimer), 1);
        check(&rig, "running", 60_000 + 20_000, "4:40 left");
    }

    #[test]
    fn amber_near_the_end() {
        // Amber in a five-minute phase's last minute.
        let mut rig = on_gather();
        rig.act(Intent::Do(Command::ToggleTimer), 1);
        check(&rig, "amber", 60_000 + 250_000, "Nearly time · 0:50 left");
    }

    #[test]
    fn overrun() {
        // Gather ideas does not advance by itself: its five-minute first phase overruns.
        let mut rig = on_gather();
        rig.act(Intent::Do(Command::ToggleTimer), 1);
        check(
            &rig,
            "overrun",
            60_000 + 5 * 60_000 + 42_000,
            "TIME IS UP · 0:42 over",
        );
    }

    #[test]
    fn paused() {
        let mut rig = on_gather();
        rig.act(Intent::Do(Command::ToggleTimer), 1);
        rig.act_ms(Intent::Do(Command::ToggleTimer), 60_000 + 15_000);
        check(&rig, "paused", 60_000 + 400_000, "PAUSED · 4:45 left");
    }
}
