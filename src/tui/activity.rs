//! The activity screen: what the room is about to do, the question on the board, how people
//! group, and the phases with their minutes.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::pack::{Activity, Grouping, SectorMix};

use super::big;
use super::slide::MAX_WIDTH;
use super::theme::Role;
use super::view::{Ctx, readable_column};

pub(crate) fn draw(frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>, activity: &Activity) {
    let theme = ctx.theme;
    let column = readable_column(area, MAX_WIDTH);
    let title = big::fit(&activity.title, column.width, area.height / 3);
    let mut y = area.y + 1.min(area.height);
    let h = title.height().min(area.bottom().saturating_sub(y));
    big::draw(
        frame,
        Rect::new(column.x, y, column.width, h),
        &activity.title,
        &title,
        theme.style(Role::Heading),
        Alignment::Center,
    );
    y += h + 1;

    let mut lines = Vec::new();
    if let Some(prompt) = &activity.prompt {
        lines.push(Line::styled(
            prompt.trim().to_string(),
            theme.style(Role::Strong),
        ));
        lines.push(Line::default());
    }
    if let Some(g) = &activity.grouping {
        lines.push(Line::from(vec![
            Span::styled("How: ", theme.style(Role::Marker)),
            Span::styled(grouping_words(g), theme.style(Role::Text)),
        ]));
        lines.push(Line::default());
    }
    let minutes: u32 = activity.total_seconds().div_ceil(60);
    lines.push(Line::styled(
        format!(
            "{} phase{}, {minutes} min",
            activity.phases.len(),
            if activity.phases.len() == 1 { "" } else { "s" }
        ),
        theme.style(Role::Marker),
    ));
    for (n, phase) in activity.phases.iter().enumerate() {
        lines.push(Line::from(vec![
            Span::styled(format!("{}. ", n + 1), theme.style(Role::Marker)),
            Span::styled(phase.name.clone(), theme.style(Role::Strong)),
            Span::styled(
                format!(" · {}", minutes_words(phase.seconds)),
                theme.style(Role::Dim),
            ),
            Span::styled(
                format!(" · {}", phase.instructions.replace('\n', " ")),
                theme.style(Role::Text),
            ),
        ]));
    }
    let room = area.bottom().saturating_sub(y);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: true }),
        Rect::new(column.x, y, column.width, room),
    );
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
    use crate::tui::testing::{Rig, SIZES};

    #[test]
    fn activity_screen_shows_prompt_grouping_and_phases() {
        let mut rig = Rig::new();
        let pages = rig
            .app
            .pack()
            .pages(rig.app.pack().programme.position("ideas").unwrap())
            .len();
        rig.go_to("ideas", pages - 1, 0);
        for size in SIZES {
            let screen = rig.screen(size, 101);
            assert!(screen.contains("Alone"));
            insta::assert_snapshot!(format!("activity_{}x{}", size.0, size.1), screen);
        }
    }
}
