//! The footer on every screen: which programme item, which slide, the clock, and how far
//! ahead or behind plan the workshop is. Or, for a moment, the status line.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use crate::session::schedule::{Schedule, slip_words};
use crate::session::timer::{TimerStatus, clock_face};

use super::app::Tone;
use super::theme::Role;
use super::view::Ctx;

pub(crate) fn draw(frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>) {
    let theme = ctx.theme;
    let bar = theme.style(Role::Bar);
    if let Some((message, tone)) = &ctx.ui.status
        && !ctx.audience
    {
        let style = match tone {
            Tone::Info => theme.style(Role::Selected),
            Tone::Error => theme.style(Role::Bad),
        };
        frame.render_widget(Paragraph::new(format!(" {message}")).style(style), area);
        return;
    }

    let pos = &ctx.state.position;
    let items = &ctx.pack.programme.items;
    let Some(item) = items.get(pos.item) else {
        return;
    };
    let pages = ctx.pack.pages(pos.item);
    let steps = ctx.page().map_or(1, |p| p.steps());
    let more = if pos.step + 1 < steps { " ▸more" } else { "" };
    let timer = timer_words(ctx);
    let left = format!(
        " {}/{} {} · {}/{}{more}{timer}",
        pos.item + 1,
        items.len(),
        item.title,
        pos.slide.min(pages.len().saturating_sub(1)) + 1,
        pages.len().max(1),
    );

    let schedule = Schedule::compute(ctx.pack, ctx.state, ctx.now, ctx.offset);
    let slip = schedule.slip_seconds();
    let clock = ctx.now.with_timezone(&ctx.offset).format("%H:%M").to_string();
    let words = slip_words(slip);
    let slip_role = match slip / 60 {
        m if m >= 10 => Role::Bad,
        m if m >= 1 => Role::Warn,
        _ => Role::Good,
    };
    let right_width = clock.width() + words.width() + 5;
    let room = (area.width as usize).saturating_sub(right_width);
    let left = crate::width::ellipsis(&left, room);
    let gap = room.saturating_sub(left.width());
    let line = Line::from(vec![
        Span::styled(left, bar),
        Span::styled(" ".repeat(gap), bar),
        Span::styled(format!(" {clock} "), bar),
        Span::styled(format!(" {words} "), theme.style(slip_role)),
        Span::styled(" ", bar),
    ]);
    frame.render_widget(Paragraph::new(line).style(bar), area);
}

/// The current activity's timer in a few words, once it has started.
fn timer_words(ctx: &Ctx<'_>) -> String {
    let Some(activity) = crate::session::current_activity(ctx.pack, ctx.state) else {
        return String::new();
    };
    let view = crate::session::timer_view(ctx.pack, ctx.state, activity, ctx.now);
    let face = clock_face(view.shown_seconds());
    match view.status {
        TimerStatus::NotStarted => String::new(),
        TimerStatus::Paused => format!(" · timer paused {face}"),
        TimerStatus::Running if view.overrun() => format!(" · time up +{face}"),
        TimerStatus::Running => format!(" · {face} left"),
    }
}
