//! "Fit the rest" (`f`): the proposed minutes for the rest of the programme, so the workshop
//! still ends on time. Nothing changes until the facilitator says yes.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use std::cell::Cell as Shared;

use ratatui::widgets::{Block, BorderType, Cell, Clear, Paragraph, Row, Table, Wrap};

use chrono::{DateTime, Utc};
use crossterm::event::KeyCode;

use crate::session::Command;
use crate::session::schedule::{Proposal, fit_the_rest};

use super::app::{App, Overlay};
use super::keys::{Intent, Keymap, QUIT_NOW, ROOM, bind, c, k};
use super::theme::Role;
use super::view::Ctx;

#[rustfmt::skip]
pub(crate) const KEYS: Keymap = &[&[
    bind(&[k(KeyCode::Enter), c('y'), c('Y')], "Enter y", "use the proposed minutes", Intent::FitApply),
    bind(&[c('b')], "b", "let breaks shrink too, or keep them whole", Intent::FitToggleBreaks),
    bind(&[k(KeyCode::Esc), c('n'), c('f')], "Esc n", "keep the programme as it is", Intent::Close),
    bind(&[k(KeyCode::Down), c('j')], "↓ ↑ j k", "see the rest of a long proposal", Intent::CursorDown),
    bind(&[k(KeyCode::Up), c('k')], "", "", Intent::CursorUp),
    ROOM,
    QUIT_NOW,
]];

/// How far down a long proposal the facilitator has looked.
#[derive(Debug, Clone, Default)]
pub(crate) struct Scroll {
    top: usize,
    /// The furthest `top` can go, as last drawn (only drawing knows the rows there are).
    furthest: Shared<usize>,
}

/// Opens the proposal: breaks kept whole to begin with.
pub(crate) fn open(app: &mut App, now: DateTime<Utc>) {
    app.ui.fit_scroll = Scroll::default();
    app.ui.fit = Some(fit_the_rest(app.pack(), app.state(), now, app.offset, false));
    app.ui.overlay = Overlay::Fit;
}

/// The proposal's own keys. Others pass on.
pub(crate) fn act(app: &mut App, intent: Intent, now: DateTime<Utc>) -> Option<Intent> {
    match intent {
        Intent::FitToggleBreaks => {
            let include = app.ui.fit.as_ref().is_some_and(|f| !f.include_breaks);
            app.ui.fit = Some(fit_the_rest(app.pack(), app.state(), now, app.offset, include));
        }
        Intent::CursorDown => {
            let scroll = &mut app.ui.fit_scroll;
            scroll.top = (scroll.top + 1).min(scroll.furthest.get());
        }
        Intent::CursorUp => {
            let scroll = &mut app.ui.fit_scroll;
            scroll.top = scroll.top.saturating_sub(1);
        }
        Intent::FitApply => {
            let changes = app.ui.fit.take().map(|f| f.changes()).unwrap_or_default();
            app.ui.overlay = Overlay::None;
            app.command(&Command::Replan(changes), now);
        }
        other => return Some(other),
    }
    None
}

pub(crate) fn draw(frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>, proposal: &Proposal) {
    let theme = ctx.theme;
    let local = |t: chrono::DateTime<chrono::Utc>| t.with_timezone(&ctx.offset).format("%H:%M").to_string();
    frame.render_widget(Clear, area);
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .title(" Fit the rest of the programme ")
        .style(theme.base())
        .border_style(theme.style(Role::Marker));
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let late = (proposal.finish - proposal.target).num_minutes();
    let verdict = if late > 0 {
        Span::styled(
            format!(
                "finish {} ({late} min late even at every item's minimum)",
                local(proposal.finish)
            ),
            theme.style(Role::Bad),
        )
    } else {
        Span::styled(
            // To the nearest minute: a finish half a minute before the target is on time.
            format!(
                "finish {} (planned {})",
                local(crate::session::schedule::later(proposal.finish, 30)),
                local(proposal.target)
            ),
            theme.style(Role::Good),
        )
    };
    let breaks = if proposal.include_breaks {
        "breaks may shrink too"
    } else {
        "breaks kept whole"
    };
    let head = vec![
        Line::from(vec![
            Span::styled("With these minutes: ", theme.style(Role::Text)),
            verdict,
        ]),
        Line::styled(format!("Items after this one; {breaks}."), theme.style(Role::Dim)),
    ];
    // The verdict wraps rather than run off a narrow box.
    let head_rows: u16 = head
        .iter()
        .map(|l| (l.width() as u16).div_ceil(inner.width.max(1)).max(1))
        .sum();
    let [head_area, table_area, hint] = Layout::vertical([
        Constraint::Length(head_rows),
        Constraint::Fill(1),
        Constraint::Length(2),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(head).wrap(Wrap { trim: true }), head_area);

    // A long proposal scrolls: markers say how many items are above and below.
    let room = (table_area.height as usize).saturating_sub(1);
    let len = proposal.items.len();
    let scroll = &ctx.ui.fit_scroll;
    scroll.furthest.set(super::notes::furthest(len, room));
    let (top, shown, below) = super::notes::window(len, room, scroll.top);
    let marker =
        |words: String| Row::new(vec![Cell::from(""), Cell::from(words)]).style(theme.style(Role::Marker));

    let header = Row::new(["#", "Item", "Now", "New"]).style(theme.style(Role::Marker));
    // The title column: what the others and the gaps between them leave.
    let title_width = (inner.width as usize).saturating_sub(2 + 4 + 6 + 3);
    let items = proposal.items[top..top + shown].iter().map(|p| {
        let item = &ctx.pack.programme.items[p.index];
        let changed = p.from != p.to;
        Row::new(vec![
            Cell::from(format!("{}", p.index + 1)),
            Cell::from(crate::width::ellipsis(&item.title, title_width)),
            Cell::from(format!("{}", p.from.div_ceil(60))),
            Cell::from(Span::styled(
                if changed {
                    format!("{} ◂", p.to.div_ceil(60))
                } else {
                    format!("{}", p.to.div_ceil(60))
                },
                if changed {
                    theme.style(Role::Warn)
                } else {
                    theme.style(Role::Text)
                },
            )),
        ])
    });
    let rows: Vec<Row<'_>> = (top > 0)
        .then(|| marker(format!("▲ {top} more above (↑)")))
        .into_iter()
        .chain(items)
        .chain((below > 0).then(|| marker(format!("▼ {below} more below (↓)"))))
        .collect();
    let table = Table::new(
        rows,
        [
            Constraint::Length(2),
            Constraint::Fill(1),
            Constraint::Length(4),
            Constraint::Length(6),
        ],
    )
    .header(header)
    .style(theme.style(Role::Text));
    frame.render_widget(table, table_area);
    frame.render_widget(
        Paragraph::new(vec![
            Line::styled("Minutes. ◂ marks a change.", theme.style(Role::Dim)),
            Line::styled(
                if len > room {
                    "Enter: use these · b: breaks · Esc: keep as is · ↑↓ more"
                } else {
                    "Enter: use these · b: breaks · Esc: keep as is"
                },
                theme.style(Role::Marker),
            ),
        ]),
        hint,
    );
}

#[cfg(test)]
mod tests {
    use crate::session::Command;
    use crate::tui::keys::Intent;
    use crate::tui::testing::{Rig, SIZES};

    #[test]
    fn proposal_after_a_late_start() {
        let mut rig = Rig::new();
        // Gather ideas began 10 minutes late and it is now 10:35.
        rig.act(Intent::Do(Command::GoToItem(1)), 15)
            .act(Intent::OpenFit, 35);
        for size in SIZES {
            let screen = rig.screen(size, 35);
            assert!(screen.contains("planned 11:00"), "{screen}");
            insta::assert_snapshot!(format!("fit_{}x{}", size.0, size.1), screen);
        }
        // Taking it re-plans the programme: the footer is back on time.
        rig.act(Intent::FitApply, 35);
        let footer = rig.screen((80, 24), 35);
        assert!(!footer.contains("behind"), "{footer}");
    }

    /// Very late: the verdict wraps in a narrow box rather than run off its edge.
    #[test]
    fn late_verdict_wraps() {
        let mut rig = Rig::new();
        rig.act(Intent::Do(Command::GoToItem(1)), 50)
            .act(Intent::OpenFit, 55);
        for size in [(80, 24), (60, 18)] {
            let screen = rig.screen(size, 55);
            assert!(screen.contains("every item's minimum)"), "{size:?}:\n{screen}");
            assert!(screen.contains("breaks kept whole."), "{size:?}:\n{screen}");
            insta::assert_snapshot!(format!("fit_late_{}x{}", size.0, size.1), screen);
        }
    }

    /// The built-in workshop's twelve items after the first do not fit at 60×18: "▼" says
    /// how many more, ↓ brings each into view, with "▲" above; ↑ goes back. (On the built-in
    /// pack because only a long programme shows it; no snapshot, so its content may change.)
    #[test]
    fn long_proposal_scrolls_with_markers() {
        let mut rig = Rig::builtin();
        rig.act(Intent::Do(Command::GoToItem(1)), 15)
            .act(Intent::OpenFit, 35);
        let titles: Vec<String> = rig
            .app
            .ui
            .fit
            .as_ref()
            .unwrap()
            .items
            .iter()
            .map(|p| rig.app.pack().programme.items[p.index].title.clone())
            .collect();
        let size = (60, 18);
        let first = rig.screen(size, 35);
        assert!(first.contains("more below (↓)"), "{first}");
        let mut seen = first.clone();
        let mut presses = 0;
        while rig.screen(size, 35).contains('▼') {
            rig.act(Intent::CursorDown, 35);
            seen.push_str(&rig.screen(size, 35));
            presses += 1;
            assert!(presses < 30, "↓ reaches the end");
        }
        let last = rig.screen(size, 35);
        assert!(last.contains("more above (↑)"), "{last}");
        for title in &titles {
            let shown = crate::width::ellipsis(title, 43);
            let start = shown.trim_end_matches('…');
            assert!(seen.contains(start), "{title} never shown:\n{last}");
        }
        // Past the end nothing moves, and as many ↑ come back to the top.
        rig.act(Intent::CursorDown, 35);
        assert_eq!(rig.screen(size, 35), last);
        for _ in 0..presses {
            rig.act(Intent::CursorUp, 35);
        }
        assert_eq!(rig.screen(size, 35), first);
        // At 80×24 the same proposal fits whole: no markers.
        let wide = rig.screen((80, 24), 35);
        assert!(!wide.contains('▼') && !wide.contains('▲'), "{wide}");
    }
}
