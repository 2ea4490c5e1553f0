//! A small form over the screen: a cluster's title, a search, an action (with its due date
//! in everyday words), an attendee. Only the facilitator sees it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph};

use super::app::{Form, FormKind};
use super::theme::Role;
use super::view::Ctx;

pub(crate) fn draw(frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>, form: &Form) {
    let theme = ctx.theme;
    let label_width = form
        .fields
        .iter()
        .map(|(l, _)| l.len())
        .chain([form.choice_label.len()])
        .max()
        .unwrap_or(0)
        + 2;
    let width = area.width.saturating_sub(4).min(76);
    let field_width = (width as usize).saturating_sub(label_width + 3);
    let mut lines: Vec<Line<'_>> = Vec::new();
    for (i, (label, field)) in form.fields.iter().enumerate() {
        let focused = form.focus == i;
        let mut spans = vec![Span::styled(
            format!("{label:<label_width$}"),
            if focused {
                theme.style(Role::Marker)
            } else {
                theme.style(Role::Dim)
            },
        )];
        spans.extend(
            field
                .line(
                    field_width,
                    theme.style(Role::Text),
                    theme.style(Role::Selected),
                    focused,
                )
                .spans,
        );
        lines.push(Line::from(spans));
    }
    if !form.choices.is_empty() {
        let focused = form.focus == form.fields.len();
        let chosen = form.choices.get(form.choice).map_or("", |c| c.1.as_str());
        lines.push(Line::from(vec![
            Span::styled(
                format!("{:<label_width$}", form.choice_label),
                if focused {
                    theme.style(Role::Marker)
                } else {
                    theme.style(Role::Dim)
                },
            ),
            Span::styled(
                format!("◂ {chosen} ▸"),
                if focused {
                    theme.style(Role::Selected)
                } else {
                    theme.style(Role::Text)
                },
            ),
        ]));
    }
    lines.push(Line::default());
    let hint = match form.kind {
        FormKind::Action { .. } => {
            "Due: 2026-12-04, 4 Dec, friday, 2w, end of month · Enter saves · Esc cancels"
        }
        FormKind::Search => "Enter shows only matching notes · Esc cancels",
        FormKind::Export => "Enter writes JSON, Markdown, CSV and the Terms of Reference there",
        _ => "Tab next field · ←→ change a choice · Enter saves · Esc cancels",
    };
    lines.push(Line::styled(hint, theme.style(Role::Dim)));
    let height = (lines.len() as u16 + 2).min(area.height);
    let popup = Rect::new(
        area.x + area.width.saturating_sub(width) / 2,
        area.y + area.height.saturating_sub(height) / 2,
        width,
        height,
    );
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .title(format!(" {} ", form.title))
        .style(theme.base())
        .border_style(theme.style(Role::Marker));
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}
