//! The speaker-notes panel: the facilitator's notes for this page and what comes next. Only
//! ever on the facilitator's screen; `follow` never draws it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::pack::Page;

use super::activity::minutes_words;
use super::theme::Role;
use super::view::Ctx;

pub(crate) fn draw(frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>) {
    let theme = ctx.theme;
    let block = Block::default()
        .borders(Borders::LEFT)
        .border_style(theme.style(Role::Dim))
        .style(theme.base());
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let inner = Rect::new(inner.x + 1, inner.y, inner.width.saturating_sub(1), inner.height);
    // What comes next is pinned to the bottom, so long notes never push it off the screen.
    let [notes_area, next_area] = Layout::vertical([Constraint::Fill(1), Constraint::Length(4)]).areas(inner);

    let mut lines = vec![Line::styled(
        "SPEAKER NOTES (only you see these)",
        theme.style(Role::Marker),
    )];
    let notes: Vec<String> = match ctx.page() {
        Some(Page::Slide(s)) => s.notes.clone(),
        Some(Page::Activity(a)) | Some(Page::Board(a)) => a
            .purpose
            .iter()
            .map(|p| format!("Purpose: {}", p.trim()))
            .chain(a.facilitator_notes.iter().map(|n| n.trim().to_string()))
            .collect(),
        _ => Vec::new(),
    };
    if notes.is_empty() {
        lines.push(Line::styled("No notes for this page.", theme.style(Role::Dim)));
    }
    for note in notes {
        for para in paragraphs(&note) {
            lines.push(Line::styled(para, theme.style(Role::Text)));
            lines.push(Line::default());
        }
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), notes_area);
    let next = vec![
        Line::styled("NEXT", theme.style(Role::Marker)),
        Line::styled(next_words(ctx), theme.style(Role::Strong)),
    ];
    frame.render_widget(Paragraph::new(next).wrap(Wrap { trim: true }), next_area);
}

/// Notes are written wrapped in the file; the panel wraps them again at its own width, so
/// single line breaks join and blank lines separate paragraphs.
fn paragraphs(note: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for line in note.lines().map(str::trim) {
        // A blank line ends a paragraph; a list item starts one.
        let item = line.starts_with("- ") || line.starts_with("* ");
        if (line.is_empty() || item) && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        if !line.is_empty() {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(line);
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// What the next press shows.
fn next_words(ctx: &Ctx<'_>) -> String {
    let pos = &ctx.state.position;
    if let Some(Page::Slide(s)) = ctx.page()
        && pos.step + 1 < s.steps()
    {
        let from = s.pauses[pos.step];
        let to = s.pauses.get(pos.step + 1).copied().unwrap_or(s.body.len());
        let first = s.body[from..to]
            .lines()
            .map(|l| l.trim().trim_start_matches(['-', '*', '+', ' ']))
            .find(|l| !l.is_empty())
            .unwrap_or("");
        return format!("Reveal: {first}");
    }
    let pages = ctx.pack.pages(pos.item);
    match pages.get(pos.slide + 1) {
        Some(Page::Slide(s)) => format!("Slide: {}", s.title.as_deref().unwrap_or("(untitled)")),
        Some(Page::Activity(a)) => format!("Activity: {}", a.title),
        Some(Page::Board(a)) => format!("The board: {}", a.title),
        Some(Page::Break(i)) => format!("Break: {}", i.title),
        None => match ctx.pack.programme.items.get(pos.item + 1) {
            Some(item) => format!(
                "Item {}: {} ({})",
                pos.item + 2,
                item.title,
                minutes_words(item.seconds)
            ),
            None => "The end of the programme.".to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use crate::tui::keys::Intent;
    use crate::tui::testing::{Rig, SIZES};

    #[test]
    fn notes_panel_beside_the_slide() {
        let mut rig = Rig::new();
        rig.go_to("welcome", 1, 1).act(Intent::ToggleNotes, 3);
        for size in SIZES {
            let screen = rig.screen(size, 3);
            assert!(screen.contains("SPEAKER NOTES"));
            assert!(screen.contains("Reveal:"), "says what the next press shows");
            insta::assert_snapshot!(format!("notes_{}x{}", size.0, size.1), screen);
        }
    }
}
