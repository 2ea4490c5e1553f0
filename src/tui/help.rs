//! The help overlay (`?`), drawn from the keymap tables themselves, so it lists exactly the
//! keys that work on the screen under it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Wrap};

use super::keys::{Mode, bindings};
use super::theme::Role;
use super::view::Ctx;
use unicode_width::UnicodeWidthStr;

pub(crate) fn draw(frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>) {
    let theme = ctx.theme;
    let mode = help_mode(ctx);
    let label_width = bindings(mode).map(|b| b.label.width()).max().unwrap_or(0) + 2;
    let mut lines: Vec<Line<'_>> = bindings(mode)
        // Lines with no label continue the one above (← then →): one line says both.
        .filter(|b| !b.label.is_empty())
        .map(|b| {
            let pad = " ".repeat(label_width - b.label.width());
            Line::from(vec![
                Span::styled(format!("{}{pad}", b.label), theme.style(Role::Marker)),
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

fn help_mode(ctx: &Ctx<'_>) -> Mode {
    if ctx.audience {
        return Mode::Follow;
    }
    ctx.ui.help_for.unwrap_or(Mode::Slides)
}

pub(crate) fn centred(area: Rect, width: u16, height: u16) -> Rect {
    Rect::new(
        area.x + area.width.saturating_sub(width) / 2,
        area.y + area.height.saturating_sub(height) / 2,
        width,
        height,
    )
}

#[cfg(test)]
mod tests {
    use crate::tui::keys::Intent;
    use crate::tui::testing::{Rig, SIZES};

    #[test]
    fn help_overlay_lists_the_keys_of_the_slides() {
        let mut rig = Rig::new();
        rig.act(Intent::Help, 1);
        for size in SIZES {
            let screen = rig.screen(size, 1);
            for key in ["PgDn", "PgUp", "Ctrl+C", "blank the screen"] {
                assert!(screen.contains(key), "{key} at {size:?}:\n{screen}");
            }
            insta::assert_snapshot!(format!("help_{}x{}", size.0, size.1), screen);
        }
    }
}

#[cfg(test)]
mod board_help {
    use crate::tui::keys::Intent;
    use crate::tui::testing::on_board;

    #[test]
    fn every_board_key_fits_at_80x24() {
        let mut rig = on_board();
        rig.act(Intent::Help, 3);
        let screen = rig.screen((80, 24), 3);
        assert!(screen.contains("Keys: Board"), "{screen}");
        assert!(!screen.contains("make the window taller"), "{screen}");
        for key in ["starts a note", "Ctrl+Space", "private writing", "q Ctrl+C", "F1"] {
            assert!(screen.contains(key), "{key}:\n{screen}");
        }
    }

    /// The capture line's and the forms' help come from the tables that read their keys, so
    /// the keys that once went missing from a hand-kept list are there.
    #[test]
    fn typing_help_lists_the_editing_keys() {
        let mut rig = on_board();
        rig.act(Intent::AddNote, 3).act(Intent::Help, 3);
        let screen = rig.screen((80, 24), 3);
        assert!(screen.contains("Keys: Typing a note"), "{screen}");
        for key in ["Alt+1-9", "Ctrl+W", "Ctrl+A, Ctrl+E", "F2", "Home End"] {
            assert!(screen.contains(key), "{key}:\n{screen}");
        }
        rig.act(Intent::Close, 3).act(Intent::Close, 3);
        rig.act(Intent::OpenActions, 3)
            .act(Intent::AddAction, 3)
            .act(Intent::Help, 3);
        let screen = rig.screen((80, 24), 3);
        assert!(screen.contains("Keys: Typing"), "{screen}");
        for key in ["Space on a choice", "Ctrl+A, Ctrl+E", "Tab ↓ ↑"] {
            assert!(screen.contains(key), "{key}:\n{screen}");
        }
    }
}
