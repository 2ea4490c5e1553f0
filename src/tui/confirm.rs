//! The yes/no questions: quitting, and restarting a phase's time. One box, two keymaps.

use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType, Clear, Paragraph};

use crate::session::Command;

use super::help::centred;
use super::keys::{Intent, Key, Keymap, QUIT_NOW, bind, c, k};
use super::theme::Role;
use super::view::Ctx;

#[rustfmt::skip]
pub(crate) const QUIT_KEYS: Keymap = &[&[
    bind(&[c('y'), c('Y'), k(KeyCode::Enter)], "y Enter", "quit", Intent::Quit),
    bind(&[c('n'), c('N'), k(KeyCode::Esc), c('q')], "n Esc", "stay", Intent::Close),
    QUIT_NOW,
    // Any other typing stays too; after a board's `q` it goes into a note ("quick wins").
    bind(&[Key::Text], "", "", Intent::Type(' ')),
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

/// A yes/no question in a box in the middle of the screen, as tall as its words need.
fn confirm(frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>, question: String, keys: &str) {
    let theme = ctx.theme;
    let width = area.width.saturating_sub(4).min(54);
    let inner = (width as usize).saturating_sub(2);
    // Wrapped only when too wide: the keys keep their spacing when they fit.
    let wrap = |text: &str| {
        if crate::width::of(text) <= inner {
            vec![text.to_string()]
        } else {
            crate::width::wrap(text, inner)
        }
    };
    let mut lines: Vec<Line<'_>> = wrap(&question)
        .into_iter()
        .map(|l| Line::styled(l, theme.style(Role::Strong)))
        .collect();
    lines.push(Line::default());
    lines.extend(
        wrap(keys)
            .into_iter()
            .map(|l| Line::styled(l, theme.style(Role::Marker))),
    );
    let popup = centred(area, width, (lines.len() as u16 + 2).min(area.height));
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .style(theme.base())
        .border_style(theme.style(Role::Warn));
    frame.render_widget(
        Paragraph::new(lines).block(block).alignment(Alignment::Center),
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

    /// A long phase name wraps the question onto more lines, and the box grows to keep the
    /// keys under it (a box of fixed height once pushed them out).
    #[test]
    fn a_long_question_keeps_its_keys() {
        let rig = Rig::new();
        for (w, h) in [(80, 24), (60, 18)] {
            let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
            let now = crate::tui::testing::at(3);
            terminal
                .draw(|f| {
                    super::confirm(
                        f,
                        f.area(),
                        &rig.app.ctx(now),
                        "Restart \"When I'm back at work I will... (write alone, then share)\" from its full time?".into(),
                        "y: restart    n or Esc: keep the time",
                    )
                })
                .unwrap();
            let screen = format!("{}", terminal.backend());
            assert!(screen.contains("n or Esc: keep the time"), "{w}x{h}:\n{screen}");
            assert!(screen.contains("from its full time?"), "{w}x{h}:\n{screen}");
            insta::assert_snapshot!(format!("long_question_{w}x{h}"), screen);
        }
    }
}
