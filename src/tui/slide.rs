//! The slide screen: the title in big type where it fits, the Markdown body in a readable
//! column, revealed step by step.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::pack::Slide;

use super::big;
use super::markdown;
use super::theme::Role;
use super::view::{Ctx, readable_column};

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
            insta::assert_snapshot!(format!("title_{}x{}", size.0, size.1), rig.screen(size, 2));
        }
    }

    #[test]
    fn list_slide_mid_reveal() {
        let mut rig = Rig::new();
        rig.go_to("why-networks", 4, 3);
        for size in SIZES {
            let screen = rig.screen(size, 25);
            assert!(
                screen.contains("▸more"),
                "the footer says there is more to reveal"
            );
            insta::assert_snapshot!(format!("mid_reveal_{}x{}", size.0, size.1), screen);
        }
    }

    #[test]
    fn table_slide() {
        let mut rig = Rig::new();
        rig.go_to("joint-working", 1, 0);
        for size in SIZES {
            let screen = rig.screen(size, 90);
            assert!(screen.contains("Reminiscence boxes"));
            insta::assert_snapshot!(format!("table_{}x{}", size.0, size.1), screen);
        }
    }
}
