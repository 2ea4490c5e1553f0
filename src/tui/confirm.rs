//! The yes/no questions: quitting, and restarting a phase's time. One box, two keymaps.

use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Wrap};

use crate::session::Command;

use super::help::centred;
use super::keys::{Intent, Keymap, QUIT_NOW, bind, c, k};
use super::theme::Role;
use super::view::Ctx;

#[rustfmt::skip]
pub(crate) const QUIT_KEYS: Keymap = &[&[
    bind(&[c('y'), c('Y'), k(KeyCode::Enter)], "y Enter", "quit", Intent::Quit),
    bind(&[c('n'), c('N'), k(KeyCode::Esc), c('q')], "n Esc", "stay", Intent::Close),
    QUIT_NOW,
]];

#[rustfmt::skip]
pub(crate) const RESTART_KEYS: Keymap = &[&[
    bind(&[c('y'), c('Y'), k(KeyCode::Enter)], "y Enter", "restart the phase from its full time", Intent::Do(Command::RestartPhase)),
    bind(&[c('n'), c('N'), k(KeyCode::Esc), c('r')], "n Esc", "keep the time as it is", Intent::Close),
    QUIT_NOW,
]];

pub(crate) fn draw_quit(frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>) {
    let what = if ctx.audience {
        "Stop following? The session goes on."
    } else {
        "Quit convene? Everything is already saved."
    };
    confirm(frame, area, ctx, what.to_string(), "y: quit    n or Esc: stay");
}

/// A yes/no question in a box in the middle of the screen.
fn confirm(frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>, question: String, keys: &str) {
    let theme = ctx.theme;
    let lines = vec![
        Line::styled(question, theme.style(Role::Strong)),
        Line::default(),
        Line::styled(keys.to_string(), theme.style(Role::Marker)),
    ];
    let popup = centred(area, area.width.saturating_sub(4).min(54), 5.min(area.height));
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .style(theme.base())
        .border_style(theme.style(Role::Warn));
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        popup,
    );
}

pub(crate) fn draw_restart(frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>) {
    let phase = crate::session::current_activity(ctx.pack, ctx.state)
        .map(|a| {
            let view = crate::session::timer_view(ctx.pack, ctx.state, a, ctx.now);
            a.phases.get(view.phase).map_or(String::new(), |p| p.name.clone())
        })
        .unwrap_or_default();
    confirm(
        frame,
        area,
        ctx,
        format!("Restart \"{phase}\" from its full time?"),
        "y: restart    n or Esc: keep the time",
    );
}

#[cfg(test)]
mod tests {
    use crate::tui::keys::Intent;
    use crate::tui::testing::Rig;

    #[test]
    fn quit_asks_first() {
        let mut rig = Rig::new();
        rig.act(Intent::AskQuit, 1);
        insta::assert_snapshot!(rig.screen((80, 24), 1));
    }
}
