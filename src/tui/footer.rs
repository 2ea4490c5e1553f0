//! The footer on every screen: which programme item, which slide, the clock, and how far
//! ahead or behind plan the workshop is. Or, for a moment, the status line.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use crate::pack::ItemKind;
use crate::session::schedule::{Schedule, slip_words};
use crate::session::timer::{TimerStatus, TimerView, clock_face};

use super::app::Tone;
use super::theme::Role;
use super::view::Ctx;

/// The footer's rows at `width`: one, or two while a status message needs them.
pub(crate) fn height(ctx: &Ctx<'_>, width: u16) -> u16 {
    let width = width.saturating_sub(super::room::marker(ctx).map_or(0, |m| m.width() as u16));
    match &ctx.ui.status {
        Some((message, _)) if !ctx.audience => {
            let lines = crate::width::wrap(message, (width as usize).saturating_sub(2).max(1));
            lines.len().clamp(1, 2) as u16
        }
        _ => 1,
    }
}

pub(crate) fn draw(frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>) {
    let theme = ctx.theme;
    let bar = theme.style(Role::Bar);
    // While the room is open to phones, it says so at the right end, whatever else shows.
    let area = match super::room::marker(ctx) {
        Some(words) => {
            let width = (words.width() as u16).min(area.width);
            let [rest, marker] = ratatui::layout::Layout::horizontal([
                ratatui::layout::Constraint::Fill(1),
                ratatui::layout::Constraint::Length(width),
            ])
            .areas(area);
            frame.render_widget(Paragraph::new(words).style(theme.style(Role::Selected)), marker);
            rest
        }
        None => area,
    };
    if let Some((message, tone)) = &ctx.ui.status
        && !ctx.audience
    {
        let style = match tone {
            Tone::Info => theme.style(Role::Selected),
            Tone::Error => theme.style(Role::Bad),
        };
        // As many rows as the footer was given (`height`); what still does not fit ends in
        // "…" (each message says the important part first).
        let width = area.width as usize;
        let mut lines: Vec<String> = crate::width::wrap(message, width.saturating_sub(2).max(1))
            .into_iter()
            .map(|l| format!(" {l}"))
            .collect();
        let rows = area.height.max(1) as usize;
        if lines.len() > rows {
            let rest = lines[rows - 1..].join(" ");
            lines.truncate(rows - 1);
            lines.push(crate::width::ellipsis(&rest, width));
        }
        let lines: Vec<Line<'_>> = lines.into_iter().map(Line::from).collect();
        frame.render_widget(Paragraph::new(lines).style(style), area);
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
    let (mut timer, timer_role) = timer_words(ctx);
    // A paused timer is cut with the rest; only a running one keeps its place.
    let paused = if timer_role.is_none() && timer.starts_with(" · timer paused") {
        std::mem::take(&mut timer)
    } else {
        String::new()
    };
    let left = format!(
        " {}/{} {} · {}/{}{more}{paused}",
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
    // A running timer keeps its place before the item's name does: its time is what the
    // facilitator must not miss.
    let timer = crate::width::ellipsis(&timer, room);
    let left = crate::width::ellipsis(&left, room.saturating_sub(timer.width()));
    let gap = room.saturating_sub(left.width() + timer.width());
    let timer_style = timer_role.map_or(bar, |r| theme.style(r));
    let line = Line::from(vec![
        Span::styled(left, bar),
        Span::styled(timer, timer_style),
        Span::styled(" ".repeat(gap), bar),
        Span::styled(format!(" {clock} "), bar),
        Span::styled(format!(" {words} "), theme.style(slip_role)),
        Span::styled(" ", bar),
    ]);
    frame.render_widget(Paragraph::new(line).style(bar), area);
}

/// The timer in a few words, with the colour that goes with them (amber near the end, red
/// once time is up): the current activity's while it runs; else a timer still running on
/// another item, named with its item and phase, so no timer runs unseen; else the current
/// activity's, paused.
fn timer_words(ctx: &Ctx<'_>) -> (String, Option<Role>) {
    let current = crate::session::current_activity(ctx.pack, ctx.state);
    let here = current.map(|a| crate::session::timer_view(ctx.pack, ctx.state, a, ctx.now));
    let away = crate::session::running_timers(ctx.pack, ctx.state, ctx.now)
        .into_iter()
        .find(|(a, _)| current.is_none_or(|c| c.id != a.id));
    let role = |view: &TimerView| {
        if view.overrun() {
            Some(Role::Bad)
        } else if view.nearly_done() {
            Some(Role::Warn)
        } else {
            None
        }
    };
    // On its own item the page says "Nearly time" in large type; elsewhere the footer says it.
    let time = |view: &TimerView, here: bool| {
        let face = clock_face(view.shown_seconds());
        if view.overrun() {
            format!("time up +{face}")
        } else if view.nearly_done() && !here {
            format!("{face} left, nearly up")
        } else {
            format!("{face} left")
        }
    };
    match (here, away) {
        (Some(view), _) if view.status == TimerStatus::Running => {
            (format!(" · {}", time(&view, true)), role(&view))
        }
        (_, Some((activity, view))) => {
            let item = ctx
                .pack
                .programme
                .items
                .iter()
                .find(|i| matches!(&i.kind, ItemKind::Activity(a) if *a == activity.id))
                .map_or(activity.title.as_str(), |i| i.title.as_str());
            let phase = activity.phases.get(view.phase).map_or("", |p| p.name.as_str());
            (
                format!(" · timer: {item}, {phase} {}", time(&view, false)),
                role(&view),
            )
        }
        (Some(view), None) if view.status == TimerStatus::Paused => (
            format!(" · timer paused {}", clock_face(view.shown_seconds())),
            None,
        ),
        _ => (String::new(), None),
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
            // Two rows for a long message, the second ending in "…" where it still is cut.
            let lines: Vec<&str> = screen.lines().map(|l| l.trim_matches('"')).collect();
            let (first, second) = (lines[lines.len() - 2], lines[lines.len() - 1]);
            assert!(first.starts_with(" Wrote 6 files in "), "{first}");
            // Whole, or cut with a sign.
            assert!(
                second.contains("first-meeting-agenda.md") || second.trim_end().ends_with('…'),
                "{size:?}: {second}"
            );
        }
        // Past the temporary folder's name: the screen shows as much as it can, and says so.
        let screen = rig.screen((80, 24), 1);
        insta::assert_snapshot!(
            "status_80x24",
            screen
                .lines()
                .skip(size_rows(&screen) - 2)
                .collect::<Vec<_>>()
                .join("\n")
                .replace(&status_folder(&message), "SESSION")
        );
        let screen = rig.screen((60, 18), 1);
        insta::assert_snapshot!(
            "status_60x18",
            screen
                .lines()
                .skip(size_rows(&screen) - 2)
                .collect::<Vec<_>>()
                .join("\n")
                .replace(&status_folder(&message), "SESSION")
        );
    }

    fn size_rows(screen: &str) -> usize {
        screen.lines().count()
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
        // At 60 columns it takes the footer's second row, whole.
        let screen = rig.screen((60, 18), 1);
        let lines: Vec<&str> = screen.lines().collect();
        let footer = lines[lines.len() - 2..].join(" ");
        assert!(
            footer.contains("take one away first") && footer.contains("12 attendees"),
            "{footer}"
        );
    }
}
