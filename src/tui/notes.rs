//! The speaker-notes panel: the facilitator's notes for this page and what comes next. Only
//! ever on the facilitator's screen; `follow` never draws it. Long notes scroll (J, K; on a
//! board, where letters are typed, Ctrl+↓ ↑), with a marker saying how much is above and
//! below, so nothing is cut without a sign.

use std::cell::Cell;

use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::pack::Page;

use super::activity::minutes_words;
use super::app::App;
use super::keys::{Binding, Intent, Key, Keymap, bind, c};
use super::theme::Role;
use super::view::Ctx;

/// The panel's own keys, first; then every key of the slides.
#[rustfmt::skip]
const SCROLL: &[Binding] = &[
    bind(&[c('J'), Key::Press { code: KeyCode::Down, ctrl: true }], "J K", "scroll the speaker notes (Ctrl+↓ ↑ too)", Intent::ScrollNotes(1)),
    bind(&[c('K'), Key::Press { code: KeyCode::Up, ctrl: true }], "", "", Intent::ScrollNotes(-1)),
];

pub(crate) const KEYS: Keymap = &[SCROLL, super::slide::KEYS[0]];

/// How far the panel is scrolled, and on which page: another page starts at the top.
#[derive(Debug, Clone, Default)]
pub(crate) struct Scroll {
    /// The page (item, slide) the offset belongs to.
    page: (usize, usize),
    /// The first line of the notes shown.
    top: usize,
    /// As last drawn: the furthest `top` can go and how far one press moves, so keys never
    /// scroll past the end (the panel's size is known only when it is drawn).
    reach: Cell<(usize, usize)>,
}

impl Scroll {
    /// The offset for the page on screen.
    fn top(&self, page: (usize, usize)) -> usize {
        if self.page == page { self.top } else { 0 }
    }
}

/// The panel's keys. Others pass on to the slides'.
pub(crate) fn act(app: &mut App, intent: Intent) -> Option<Intent> {
    let Intent::ScrollNotes(direction) = intent else {
        return Some(intent);
    };
    let pos = &app.state().position;
    let page = (pos.item, pos.slide);
    let scroll = &mut app.ui.notes_scroll;
    let (end, step) = scroll.reach.get();
    let top = scroll.top(page);
    scroll.top = if direction > 0 {
        (top + step).min(end)
    } else {
        top.saturating_sub(step)
    };
    scroll.page = page;
    None
}

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
    let width = notes_area.width as usize;

    let mut head: Vec<Line<'_>> = crate::width::wrap("SPEAKER NOTES (only you see these)", width)
        .into_iter()
        .map(|l| Line::styled(l, theme.style(Role::Marker)))
        .collect();
    let notes: Vec<String> = match ctx.page() {
        Some(Page::Slide(s)) => super::slide::live(ctx, s).notes.clone(),
        Some(Page::Activity(a)) | Some(Page::Board(a)) => a
            .purpose
            .iter()
            .map(|p| format!("Purpose: {}", p.trim()))
            .chain(a.facilitator_notes.iter().map(|n| n.trim().to_string()))
            .collect(),
        _ => Vec::new(),
    };
    let mut body: Vec<Line<'_>> = Vec::new();
    if notes.is_empty() {
        body.push(Line::styled("No notes for this page.", theme.style(Role::Dim)));
    }
    for note in notes {
        for para in paragraphs(&note) {
            if !body.is_empty() {
                body.push(Line::default());
            }
            body.extend(
                crate::width::wrap(&para, width)
                    .into_iter()
                    .map(|l| Line::styled(l, theme.style(Role::Text))),
            );
        }
    }

    let rows = (notes_area.height as usize).saturating_sub(head.len());
    let pos = &ctx.state.position;
    let (top, shown, below) = window(body.len(), rows, ctx.ui.notes_scroll.top((pos.item, pos.slide)));
    // One press moves most of a panel, keeping a line of what was read.
    let step = shown.saturating_sub(1).max(1);
    ctx.ui.notes_scroll.reach.set((furthest(body.len(), rows), step));
    // On a board letters are typed into notes: there the panel scrolls with Ctrl.
    let (up, down) = if matches!(ctx.page(), Some(Page::Board(_))) {
        (" (Ctrl+↑)", " (Ctrl+↓)")
    } else {
        (" (K)", " (J)")
    };
    if top > 0 {
        head.push(Line::styled(
            format!("▲ {top} {} above{up}", lines_word(top)),
            theme.style(Role::Marker),
        ));
    }
    head.extend(body.into_iter().skip(top).take(shown));
    if below > 0 {
        head.push(Line::styled(
            format!("▼ {below} more {}{down}", lines_word(below)),
            theme.style(Role::Marker),
        ));
    }
    frame.render_widget(Paragraph::new(head), notes_area);
    let next = vec![
        Line::styled("NEXT", theme.style(Role::Marker)),
        Line::styled(next_words(ctx), theme.style(Role::Strong)),
    ];
    frame.render_widget(Paragraph::new(next).wrap(Wrap { trim: true }), next_area);
}

fn lines_word(n: usize) -> &'static str {
    if n == 1 { "line" } else { "lines" }
}

/// Which of `len` lines show in `rows` rows when scrolled to `top`: the first line shown,
/// how many, and how many are left below. A marker row is kept for what is above and for
/// what is below, whenever there is some.
pub(crate) fn window(len: usize, rows: usize, top: usize) -> (usize, usize, usize) {
    if rows == 0 {
        return (0, 0, 0);
    }
    if len <= rows {
        return (0, len, 0);
    }
    let top = top.min(furthest(len, rows));
    // At the end only the "above" marker is needed.
    if top > 0 && top + rows > len {
        return (top, len - top, 0);
    }
    let shown = (rows - 1 - usize::from(top > 0)).max(1);
    (top, shown, len - top - shown)
}

/// The furthest the notes scroll: the last line just fits under the "above" marker.
pub(crate) fn furthest(len: usize, rows: usize) -> usize {
    if len <= rows { 0 } else { len + 1 - rows }
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

    /// Long notes (the hour at a glance carries three examples) are never cut without a
    /// sign: "▼ more" says how much is below, J scrolls down to the last sentence with "▲"
    /// above it, K goes back to the top; a page of its own starts at the top.
    #[test]
    fn long_notes_scroll_with_markers() {
        for size in [(80, 24), (60, 18)] {
            let mut rig = Rig::new();
            rig.go_to("welcome", 2, 0).act(Intent::ToggleNotes, 3);
            let screen = rig.screen(size, 3);
            assert!(screen.contains("more lines (J)"), "{size:?}:\n{screen}");
            assert!(!screen.contains("these first"), "{size:?}:\n{screen}");
            assert!(!screen.contains('▲'), "{size:?}:\n{screen}");
            insta::assert_snapshot!(format!("long_notes_top_{}x{}", size.0, size.1), screen);

            let mut presses = 0;
            while rig.screen(size, 3).contains('▼') {
                rig.act(Intent::ScrollNotes(1), 3);
                presses += 1;
                assert!(presses < 20, "{size:?}: J reaches the end");
            }
            let screen = rig.screen(size, 3);
            assert!(screen.contains("these first"), "{size:?}:\n{screen}");
            assert!(screen.contains("above (K)"), "{size:?}:\n{screen}");
            insta::assert_snapshot!(format!("long_notes_end_{}x{}", size.0, size.1), screen);
            // Past the end nothing moves, so one K per J comes back up.
            rig.act(Intent::ScrollNotes(1), 3);
            assert_eq!(rig.screen(size, 3), screen, "{size:?}");
            for _ in 0..presses {
                rig.act(Intent::ScrollNotes(-1), 3);
            }
            let top = rig.screen(size, 3);
            assert!(
                !top.contains('▲') && top.contains("Point to the shape"),
                "{size:?}:\n{top}"
            );

            // Another page's notes start at the top.
            rig.act(Intent::ScrollNotes(1), 3);
            rig.act(Intent::Do(crate::session::Command::Next), 3);
            let next = rig.screen(size, 3);
            assert!(
                next.contains("Draw mixed pairs") && !next.contains('▲'),
                "{size:?}:\n{next}"
            );
        }
    }

    /// With the panel open, every key of the slides still works and help lists them with
    /// the panel's own.
    #[test]
    fn notes_keys_keep_every_slide_key() {
        use crate::tui::keys::{Mode, bindings};
        for b in bindings(Mode::Slides) {
            assert!(
                bindings(Mode::Notes).any(|n| n.label == b.label && n.does == b.does && n.intent == b.intent),
                "{}: {}",
                b.label,
                b.does
            );
        }
        let mut rig = Rig::new();
        rig.act(Intent::ToggleNotes, 1).act(Intent::Help, 1);
        let screen = rig.screen((80, 24), 1);
        assert!(screen.contains("scroll the speaker notes"), "{screen}");
        assert!(!screen.contains("make the window taller"), "{screen}");
    }
}
