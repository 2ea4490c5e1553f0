//! The help overlay (`?`), drawn from the keymap itself, and the quit confirmation.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Wrap};

use super::keys::{Mode, bindings};
use super::theme::Role;
use super::view::Ctx;

pub(crate) fn draw(frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>) {
    let theme = ctx.theme;
    let mode = help_mode(ctx);
    let list = bindings(mode);
    let label_width = list.iter().map(|b| b.label.chars().count()).max().unwrap_or(0) + 2;
    let mut lines: Vec<Line<'_>> = list
        .iter()
        // Lines with no label continue the one above (← then →): one line says both.
        .filter(|b| !b.label.is_empty())
        .map(|b| {
            Line::from(vec![
                Span::styled(format!("{:<label_width$}", b.label), theme.style(Role::Marker)),
                Span::styled(b.does, theme.style(Role::Text)),
            ])
        })
        .collect();
    let width = area.width.saturating_sub(4).min(72);
    let height = (lines.len() as u16 + 2).min(area.height);
    if lines.len() as u16 + 2 > height {
        lines.truncate(height.saturating_sub(3) as usize);
        lines.push(Line::styled(
            "… make the window taller to see every key",
            theme.style(Role::Dim),
        ));
    }
    let popup = centred(area, width, height);
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .title(format!(" Keys: {} (any key closes) ", mode.name()))
        .style(theme.base())
        .border_style(theme.style(Role::Marker));
    frame.render_widget(
        Paragraph::new(lines).block(block).wrap(Wrap { trim: false }),
        popup,
    );
}

pub(crate) fn draw_confirm_quit(frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>) {
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

pub(crate) fn draw_confirm_restart(frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>) {
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

fn help_mode(ctx: &Ctx<'_>) -> Mode {
    if ctx.audience {
        return Mode::Follow;
    }
    ctx.ui.help_for.unwrap_or(Mode::Slides)
}

fn centred(area: Rect, width: u16, height: u16) -> Rect {
    Rect::new(
        area.x + area.width.saturating_sub(width) / 2,
        area.y + area.height.saturating_sub(height) / 2,
        width,
        height,
    )
}

#[cfg(test)]
mod tests {
    use crate::tui::keys::Action;
    use crate::tui::testing::{Rig, SIZES};

    #[test]
    fn help_overlay_lists_the_keys_of_the_slides() {
        let mut rig = Rig::new();
        rig.act(Action::Help, 1);
        for size in SIZES {
            let screen = rig.screen(size, 1);
            for key in ["PgDn", "PgUp", "Ctrl+C", "blank the screen"] {
                assert!(screen.contains(key), "{key} at {size:?}:\n{screen}");
            }
            insta::assert_snapshot!(format!("help_{}x{}", size.0, size.1), screen);
        }
    }

    #[test]
    fn quit_asks_first() {
        let mut rig = Rig::new();
        rig.act(Action::AskQuit, 1);
        insta::assert_snapshot!(rig.screen((80, 24), 1));
    }
}

#[cfg(test)]
mod board_help {
    use crate::tui::keys::Action;
    use crate::tui::testing::Rig;

    #[test]
    fn every_board_key_fits_at_80x24() {
        let mut rig = Rig::new();
        let pack = rig.app.pack();
        let pages = pack.pages(pack.programme.position("ideas").unwrap()).len();
        rig.go_to("ideas", pages - 1, 0).act(Action::Help, 3);
        let screen = rig.screen((80, 24), 3);
        assert!(screen.contains("Keys: Board"), "{screen}");
        assert!(!screen.contains("make the window taller"), "{screen}");
        for key in ["add a note", "Space", "private writing", "q Ctrl+C"] {
            assert!(screen.contains(key), "{key}:\n{screen}");
        }
    }
}
