//! Tables: column widths that fit the slide, cells wrapped inside them, aligned as the
//! Markdown asks.

use pulldown_cmark::Alignment;
use ratatui::text::{Line, Span};

use super::blocks::{Inline, Table};
use super::layout::{Ctx, wrap};
use crate::tui::theme::Role;

/// A table at most `width` columns wide: columns shrink, widest first, and their cells wrap;
/// past that the separators narrow, and past that the columns that do not fit are left out.
pub(super) fn render_table(table: &Table, width: usize, ctx: &Ctx) -> Vec<Line<'static>> {
    let ncols = table
        .rows
        .iter()
        .map(Vec::len)
        .chain([table.aligns.len(), table.head.len()])
        .max()
        .unwrap_or(0);
    if ncols == 0 {
        return Vec::new();
    }
    let head_ctx = Ctx {
        base: Role::Strong,
        ..*ctx
    };
    let mut natural = vec![1usize; ncols];
    let all_rows = std::iter::once((&table.head, &head_ctx)).chain(table.rows.iter().map(|r| (r, ctx)));
    for (row, c) in all_rows {
        for (j, cell) in row.iter().enumerate().take(ncols) {
            let w = wrap(cell, usize::MAX / 4, c)
                .iter()
                .map(Line::width)
                .max()
                .unwrap_or(0);
            natural[j] = natural[j].max(w);
        }
    }

    // Separators " │ " if every column can still have a column of its own, else "│", else
    // only the columns that fit.
    let (sep_w, shown) = if ncols + 3 * (ncols - 1) <= width {
        (3, ncols)
    } else if 2 * ncols - 1 <= width {
        (1, ncols)
    } else {
        (1, width.div_ceil(2).max(1))
    };
    let avail = width - sep_w * (shown - 1);
    let widths = fit_columns(&natural[..shown], avail);
    let (sep, cross) = if sep_w == 3 {
        (" │ ", "─┼─")
    } else {
        ("│", "┼")
    };
    let aligns: Vec<Alignment> = (0..shown)
        .map(|j| table.aligns.get(j).copied().unwrap_or(Alignment::None))
        .collect();
    let marker = ctx.theme.style(Role::Marker);

    let mut out = table_row(&table.head, &widths, &aligns, &head_ctx, sep);
    let rule: Vec<String> = widths.iter().map(|&w| "─".repeat(w)).collect();
    out.push(Line::from(Span::styled(rule.join(cross), marker)));
    for row in &table.rows {
        out.extend(table_row(row, &widths, &aligns, ctx, sep));
    }
    out
}

/// Column widths that fit in `avail` (at least one column each): the widest columns shrink
/// first, down to a common cap.
fn fit_columns(natural: &[usize], avail: usize) -> Vec<usize> {
    let natural: Vec<usize> = natural.iter().map(|&n| n.max(1)).collect();
    let total = |cap: usize| natural.iter().map(|&n| n.min(cap)).sum::<usize>();
    if total(usize::MAX) <= avail {
        return natural;
    }
    let (mut lo, mut hi) = (1, natural.iter().copied().max().unwrap_or(1));
    while lo < hi {
        let mid = lo + (hi - lo).div_ceil(2);
        if total(mid) <= avail {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let mut widths: Vec<usize> = natural.iter().map(|&n| n.min(lo)).collect();
    let mut left = avail.saturating_sub(widths.iter().sum());
    for (w, &n) in widths.iter_mut().zip(&natural) {
        if left == 0 {
            break;
        }
        if n > *w {
            *w += 1;
            left -= 1;
        }
    }
    widths
}

fn table_row(
    cells: &[Vec<Inline>],
    widths: &[usize],
    aligns: &[Alignment],
    ctx: &Ctx,
    sep: &'static str,
) -> Vec<Line<'static>> {
    let wrapped: Vec<Vec<Line<'static>>> = widths
        .iter()
        .enumerate()
        .map(|(j, &w)| cells.get(j).map(|c| wrap(c, w, ctx)).unwrap_or_default())
        .collect();
    let height = wrapped.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let marker = ctx.theme.style(Role::Marker);
    let pad = ctx.theme.style(ctx.base);
    let last = widths.len() - 1;
    (0..height)
        .map(|i| {
            let mut spans = Vec::new();
            for (j, &w) in widths.iter().enumerate() {
                if j > 0 {
                    spans.push(Span::styled(sep, marker));
                }
                let cell = wrapped[j].get(i);
                let free = w.saturating_sub(cell.map_or(0, Line::width));
                let (left, right) = match aligns[j] {
                    Alignment::Right => (free, 0),
                    Alignment::Center => (free / 2, free - free / 2),
                    Alignment::Left | Alignment::None => (0, free),
                };
                if left > 0 {
                    spans.push(Span::styled(" ".repeat(left), pad));
                }
                match cell {
                    Some(cell) => spans.extend(cell.spans.iter().cloned()),
                    // Nothing after the last separator: no trailing space either.
                    None if j == last && left == 0 => {
                        if let Some(s) = spans.last_mut() {
                            s.content = sep.trim_end().into();
                        }
                    }
                    None => {}
                }
                if right > 0 && j < last {
                    spans.push(Span::styled(" ".repeat(right), pad));
                }
            }
            Line::from(spans)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    const TABLE: &str = "\
| Time  | What we do |
|-------|:----------:|
| 09:30 | Welcome and introductions |
| 10:40 | *Break* |
";

    #[test]
    fn table_at_full_width() {
        assert_eq!(
            md(TABLE, 60),
            [
                "Time  │        What we do",
                "──────┼──────────────────────────",
                "09:30 │ Welcome and introductions",
                "10:40 │           Break",
            ]
        );
    }

    #[test]
    fn table_squeezed_wraps_cells() {
        assert_eq!(
            md(TABLE, 20),
            [
                "Time  │  What we do",
                "──────┼─────────────",
                "09:30 │ Welcome and",
                "      │ introduction",
                "      │      s",
                "10:40 │    Break",
            ]
        );
        // Narrower than the separators allow: still no panic, still fits.
        for w in 1..12 {
            assert_fits(TABLE, w, false);
        }
    }

    #[test]
    fn table_right_alignment_and_ragged_rows() {
        let text = "| a | b | c |\n|---|--:|---|\n| 1 | 22 |\n| x | y | z | extra |\n";
        assert_eq!(
            md(text, 40),
            ["a │  b │ c", "──┼────┼──", "1 │ 22 │", "x │  y │ z"]
        );
    }

    #[test]
    fn columns_shrink_widest_first() {
        assert_eq!(fit_columns(&[5, 20], 40), [5, 20]);
        assert_eq!(fit_columns(&[5, 20], 15), [5, 10]);
        assert_eq!(fit_columns(&[8, 8, 2], 12), [5, 5, 2]);
        assert_eq!(fit_columns(&[0, 9], 3), [1, 2]);
    }
}
