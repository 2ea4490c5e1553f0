//! A break with no slides of its own: its name in big type and when the room is due back,
//! counted from when the break really began.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::pack::Item;
use crate::session::schedule;

use super::big;
use super::theme::Role;
use super::view::{Ctx, readable_column};

pub(crate) fn draw(frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>, item: &Item) {
    let theme = ctx.theme;
    let column = readable_column(area, 100);
    let title = big::fit(&item.title, column.width, area.height / 2);
    let began = ctx
        .state
        .visits
        .iter()
        .rev()
        .find(|v| v.item == item.id)
        .map_or(ctx.now, |v| v.from);
    let back = schedule::later(began, item.seconds as i64).with_timezone(&ctx.offset);
    let total = title.height() + 2;
    let y = area.y + area.height.saturating_sub(total) / 2;
    let h = title.height().min(area.bottom().saturating_sub(y));
    big::draw(
        frame,
        Rect::new(column.x, y, column.width, h),
        &item.title,
        &title,
        theme.style(Role::Heading),
        Alignment::Center,
    );
    let y = y + h + 1;
    if y < area.bottom() {
        frame.render_widget(
            Paragraph::new(Line::styled(
                format!("Back at {}", back.format("%H:%M")),
                theme.style(Role::Strong),
            ))
            .alignment(Alignment::Center),
            Rect::new(column.x, y, column.width, 1),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::session::Command;
    use crate::tui::keys::Intent;
    use crate::tui::testing::{Rig, SIZES};

    #[test]
    fn back_at_counts_from_when_the_break_began() {
        let mut rig = Rig::new();
        let item = rig.app.pack().programme.position("tea").unwrap();
        // Tea starts at 10:37, 12 minutes late: back at 10:47 after its 10 minutes, not at
        // the planned 10:35.
        rig.act(Intent::Do(Command::GoToItem(item)), 37)
            .act(Intent::Do(Command::Next), 37);
        for size in SIZES {
            let screen = rig.screen(size, 38);
            assert!(screen.contains("Back at 10:47"), "{screen}");
            insta::assert_snapshot!(format!("break_{}x{}", size.0, size.1), screen);
        }
    }
}
