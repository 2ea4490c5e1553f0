//! The message for a window too small to draw the workshop in: clear words instead of a
//! broken layout. It goes away by itself when the window grows.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::theme::Role;
use super::view::{Ctx, MIN_HEIGHT, MIN_WIDTH};

pub(crate) fn draw(frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>) {
    let theme = ctx.theme;
    let lines = vec![
        Line::styled("Make the window larger", theme.style(Role::Heading)),
        Line::default(),
        Line::styled(
            format!(
                "convene needs {MIN_WIDTH}×{MIN_HEIGHT}; this window is {}×{}.",
                area.width, area.height
            ),
            theme.style(Role::Text),
        ),
        Line::styled(
            "Make the font smaller or the window bigger.",
            theme.style(Role::Text),
        ),
        Line::styled("Ctrl+C quits; nothing is lost.", theme.style(Role::Dim)),
    ];
    let text_height = if area.width >= 44 { 5 } else { 9 };
    let top = area.height.saturating_sub(text_height) / 2;
    let inner = Rect::new(area.x, area.y + top, area.width, area.height - top);
    frame.render_widget(
        Paragraph::new(lines)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        inner,
    );
}

#[cfg(test)]
mod tests {
    use crate::tui::testing::Rig;

    #[test]
    fn too_small_asks_for_a_larger_window() {
        let rig = Rig::new();
        for size in [(59, 18), (60, 17), (40, 12), (20, 8)] {
            let screen = rig.screen(size, 1);
            assert!(screen.contains("larger"), "{size:?}: {screen}");
            insta::assert_snapshot!(format!("too_small_{}x{}", size.0, size.1), screen);
        }
    }

    #[test]
    fn sixty_by_eighteen_is_still_the_real_screen() {
        let rig = Rig::new();
        assert!(!rig.screen((60, 18), 1).contains("larger"));
    }
}
