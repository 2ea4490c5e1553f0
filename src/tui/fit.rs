//! "Fit the rest" (`f`): the proposed minutes for the rest of the programme, so the workshop
//! still ends on time. Nothing changes until the facilitator says yes.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Cell, Clear, Paragraph, Row, Table};

use chrono::{DateTime, Utc};
use crossterm::event::KeyCode;

use crate::session::Command;
use crate::session::schedule::{Proposal, fit_the_rest};

use super::app::{App, Overlay};
use super::keys::{Intent, Keymap, QUIT_NOW, bind, c, k};
use super::theme::Role;
use super::view::Ctx;

#[rustfmt::skip]
pub(crate) const KEYS: Keymap = &[&[
    bind(&[k(KeyCode::Enter), c('y'), c('Y')], "Enter y", "use the proposed minutes", Intent::FitApply),
    bind(&[c('b')], "b", "let breaks shrink too, or keep them whole", Intent::FitToggleBreaks),
    bind(&[k(KeyCode::Esc), c('n'), c('f')], "Esc n", "keep the programme as it is", Intent::Close),
    QUIT_NOW,
]];

/// Opens the proposal: breaks kept whole to begin with.
pub(crate) fn open(app: &mut App, now: DateTime<Utc>) {
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
    let [head, table_area, hint] =
        Layout::vertical([Constraint::Length(2), Constraint::Fill(1), Constraint::Length(2)]).areas(inner);

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
            format!(
                "finish {} (planned {})",
                local(proposal.finish),
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
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(vec![
                Span::styled("With these minutes: ", theme.style(Role::Text)),
                verdict,
            ]),
            Line::styled(format!("Items after this one; {breaks}."), theme.style(Role::Dim)),
        ]),
        head,
    );

    let header = Row::new(["#", "Item", "Now", "New"]).style(theme.style(Role::Marker));
    let rows = proposal.items.iter().map(|p| {
        let item = &ctx.pack.programme.items[p.index];
        let changed = p.from != p.to;
        Row::new(vec![
            Cell::from(format!("{}", p.index + 1)),
            Cell::from(item.title.clone()),
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
                "Enter: use these · b: breaks · Esc: keep as is",
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
}
