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
        // One row: what does not fit ends in "…" (each message says the important part first).
        let line = crate::width::ellipsis(&format!(" {message}"), area.width as usize);
        frame.render_widget(Paragraph::new(line).style(style), area);
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

/// A folder as the status line shows it: the home folder as `~`, and a long path cut from the
/// left to its last two folders, which name the session.
pub(crate) fn short_path(path: &std::path::Path) -> String {
    let home = dirs::home_dir().filter(|h| !h.as_os_str().is_empty());
    let shown = match home.as_deref().and_then(|h| path.strip_prefix(h).ok()) {
        Some(rest) => std::path::Path::new("~").join(rest),
        None => path.to_path_buf(),
    };
    let full = shown.display().to_string();
    if full.chars().count() <= 40 {
        return full;
    }
    let parts: Vec<_> = shown.components().collect();
    let tail: std::path::PathBuf = parts[parts.len().saturating_sub(2)..].iter().collect();
    format!("…/{}", tail.display())
}

#[cfg(test)]
mod tests {
    use crate::tui::keys::Intent;
    use crate::tui::testing::Rig;

    /// A status message longer than the screen is wide ends in "…", its first words (where
    /// the outcomes went) whole; it fits at 80 columns and at 60.
    #[test]
    fn long_status_is_cut_with_a_sign() {
        let mut rig = Rig::new();
        rig.act(Intent::WriteOutcomes, 1);
        let (message, _) = rig.app.ui.status.clone().expect("a status");
        assert!(message.starts_with("Wrote 6 files in "), "{message}");
        for size in [(80, 24), (60, 18)] {
            let screen = rig.screen(size, 1);
            let footer = screen.lines().nth(size.1 as usize - 1).unwrap().trim_matches('"');
            assert!(footer.starts_with(" Wrote 6 files in "), "{footer}");
            assert!(footer.trim_end().ends_with('…'), "{size:?}: {footer}");
        }
        // Past the temporary folder's name: the screen shows as much as it can, and says so.
        let screen = rig.screen((80, 24), 1);
        insta::assert_snapshot!(
            "status_80x24",
            screen
                .lines()
                .last()
                .unwrap()
                .replace(&status_folder(&message), "SESSION")
        );
        let screen = rig.screen((60, 18), 1);
        insta::assert_snapshot!(
            "status_60x18",
            screen
                .lines()
                .last()
                .unwrap()
                .replace(&status_folder(&message), "SESSION")
        );
    }

    /// The (temporary, so changing) folder a "Wrote … in FOLDER:" message names.
    fn status_folder(message: &str) -> String {
        let rest = message.strip_prefix("Wrote 6 files in ").unwrap();
        rest[..rest.find(": ").unwrap()].to_string()
    }

    /// The vote budget's refusal says what is wrong first, and fits whole at 80 columns.
    #[test]
    fn budget_refusal_fits_at_80() {
        let mut rig = Rig::new();
        let refusal = crate::session::CommandError::OverBudget {
            would: 37,
            budget: 36,
            why: "3 each for 12 attendees".into(),
        };
        rig.app.say(refusal.to_string());
        let screen = rig.screen((80, 24), 1);
        let footer = screen.lines().last().unwrap();
        assert!(
            footer.contains("over the vote budget (37 of 36): take one away first; 3 each for 12 attendees"),
            "{footer}"
        );
        let screen = rig.screen((60, 18), 1);
        let footer = screen.lines().last().unwrap();
        assert!(
            footer.contains("take one away first") && footer.contains('…'),
            "{footer}"
        );
    }
}
