//! The prioritisation grid (Ctrl+Y on the board of an activity with a `[grid]`): the board's
//! notes in four named squares between two axes, the notes still to place under them (most
//! votes first), and the chosen note in full. Tab chooses a note, the arrows move it, Del
//! takes it off the grid. The room sees it too, the chosen note with it (`room.json`).

use chrono::{DateTime, Utc};
use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph};

use crate::pack::{Grid, Quadrant};
use crate::session::board::Note;
use crate::session::board_commands::board_of;
use crate::session::grid::{Direction, by_votes, current_grid, step};
use crate::session::{Command, Screen};
use crate::width::{ellipsis, of, wrap};

use super::app::App;
use super::board::sector_label;
use super::keys::{HELP, Intent, Key, Keymap, QUIT_NOW, ROOM, STEP_ON, bind, c, ctrl, k};
use super::theme::Role;
use super::view::Ctx;

/// Nothing typed here writes a note or moves one: a facilitator who thinks they are on the
/// board only gets told where they are.
#[rustfmt::skip]
pub(crate) const KEYS: Keymap = &[&[
    bind(&[k(KeyCode::Tab)], "Tab Shift+Tab", "choose the next / previous note, most votes first", Intent::ChooseNote(1)),
    bind(&[k(KeyCode::BackTab)], "", "", Intent::ChooseNote(-1)),
    bind(&[k(KeyCode::Up)], "← → ↑ ↓", "move it a square; a first arrow: to that side, nearer ★", Intent::Place(Direction::Up)),
    bind(&[k(KeyCode::Down)], "", "", Intent::Place(Direction::Down)),
    bind(&[k(KeyCode::Left)], "", "", Intent::Place(Direction::Left)),
    bind(&[k(KeyCode::Right)], "", "", Intent::Place(Direction::Right)),
    bind(&[k(KeyCode::Delete), k(KeyCode::Backspace)], "Del Bksp", "take the note off the grid (back to \"To place\")", Intent::Unplace),
    bind(&[k(KeyCode::Esc), ctrl('y')], "Esc Ctrl+Y", "back to the board", Intent::Close),
    bind(&[ctrl('b')], "Ctrl+B", "blank the screen (any key: back)", Intent::Do(Command::Blank(true))),
    bind(&[ctrl('w')], "Ctrl+W", "write the outcomes", Intent::WriteOutcomes),
    bind(&[c('q'), ctrl('q')], "q Ctrl+Q", "quit (asks first)", Intent::AskQuit),
    HELP,
    ROOM,
    QUIT_NOW,
    bind(&[Key::Text], "letters", "nothing here: notes are typed on the board (Esc)", Intent::Type(' ')),
], STEP_ON];

/// Opens the grid of the current activity, with the first note still to place chosen.
pub(crate) fn open(app: &mut App, now: DateTime<Utc>) {
    let Some((activity, _)) = current_grid(app.pack(), app.state()) else {
        app.say(crate::session::CommandError::NoGrid.to_string());
        return;
    };
    let notes = by_votes(&app.state().boards, board_of(activity));
    app.ui.grid_note = chosen(&notes, None).map(|i| notes[i].id.clone());
    app.command(&Command::Show(Screen::Grid), now);
}

/// The grid's own keys. Others pass on.
pub(crate) fn act(app: &mut App, intent: Intent, now: DateTime<Utc>) -> Option<Intent> {
    let (activity, grid) = current_grid(app.pack(), app.state())?;
    let start = grid.start;
    let notes = by_votes(&app.state().boards, board_of(activity));
    let at = chosen(&notes, app.ui.grid_note.as_deref());
    let note = at.map(|i| notes[i]);
    match intent {
        Intent::ChooseNote(_) | Intent::Place(_) | Intent::Unplace if note.is_none() => {
            app.say("no notes on this board yet: Esc goes back to it, where typing adds one");
        }
        Intent::ChooseNote(step) => {
            let count = notes.len() as i64;
            let to = (at.unwrap_or(0) as i64 + i64::from(step)).rem_euclid(count);
            app.ui.grid_note = Some(notes[to as usize].id.clone());
        }
        Intent::Place(to) => {
            let note = note?;
            let quadrant = step(note.quadrant, to, start);
            if note.quadrant == Some(quadrant) {
                app.say(format!("already at the grid's {} edge", edge(to)));
                return None;
            }
            let command = Command::PlaceNote {
                note: note.id.clone(),
                quadrant: Some(quadrant),
            };
            app.ui.grid_note = Some(note.id.clone());
            app.command(&command, now);
        }
        Intent::Unplace => {
            let note = note?;
            if note.quadrant.is_none() {
                app.say("this note is not on the grid yet: the arrows place it");
                return None;
            }
            let command = Command::PlaceNote {
                note: note.id.clone(),
                quadrant: None,
            };
            app.ui.grid_note = Some(note.id.clone());
            app.command(&command, now);
        }
        Intent::Type(_) => {
            app.say("typing does nothing on the grid: Esc goes back to the board, where it adds a note")
        }
        other => return Some(other),
    }
    None
}

fn edge(to: Direction) -> &'static str {
    match to {
        Direction::Up => "top",
        Direction::Down => "bottom",
        Direction::Left => "left",
        Direction::Right => "right",
    }
}

/// Where the chosen note is in the order: the one named, while it is on the board; else the
/// first still to place; else the first. The facilitator's screen and the room's both
/// resolve it so, so they agree.
fn chosen(notes: &[&Note], id: Option<&str>) -> Option<usize> {
    id.and_then(|id| notes.iter().position(|n| n.id == id))
        .or_else(|| notes.iter().position(|n| n.quadrant.is_none()))
        .or_else(|| (!notes.is_empty()).then_some(0))
}

pub(crate) fn draw(frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>) {
    let Some((activity, grid)) = current_grid(ctx.pack, ctx.state) else {
        return;
    };
    let theme = ctx.theme;
    let board = board_of(activity);
    let notes = by_votes(&ctx.state.boards, board);
    let chosen = chosen(&notes, ctx.ui.grid_note.as_deref()).map(|i| notes[i]);
    // While people write in private the room sees how many notes, not what they say.
    let hidden = ctx.audience && ctx.state.boards.is_hidden(board);
    let in_square =
        |q: Option<Quadrant>| -> Vec<&Note> { notes.iter().copied().filter(|n| n.quadrant == q).collect() };
    let squares = Quadrant::ALL.map(|q| in_square(Some(q)));
    let to_place = in_square(None);

    let detail = match chosen {
        Some(note) if !hidden => detail_lines(ctx, grid, note, area.width, area.height),
        _ => Vec::new(),
    };
    let hint = u16::from(!ctx.audience);
    let fixed = 3 + detail.len() as u16 + hint;
    let rest = area.height.saturating_sub(fixed) as usize;
    let fullest = squares.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let (inner, tray) = share_rows(rest, fullest, to_place.len());
    let [
        up_area,
        squares_area,
        across_area,
        tray_head,
        tray_area,
        detail_area,
        hint_area,
    ] = Layout::vertical([
        Constraint::Length(1),
        // Rows the sharing leaves over go to the squares.
        Constraint::Min(2 * (inner as u16 + 2)),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(tray as u16),
        Constraint::Length(detail.len() as u16),
        Constraint::Length(hint),
    ])
    .areas(area);

    frame.render_widget(
        Paragraph::new(ellipsis(&format!(" ↑ {}", grid.up.name), up_area.width as usize))
            .style(theme.style(Role::Heading)),
        up_area,
    );

    // The up axis's ends in a gutter on the left, beside their row of squares.
    let gutter = (of(&grid.up.high).max(of(&grid.up.low)).min(10) + 1) as u16;
    let gutter = gutter.min(squares_area.width / 5);
    let [ends_area, boxes] =
        Layout::horizontal([Constraint::Length(gutter), Constraint::Fill(1)]).areas(squares_area);
    let rows = Layout::vertical([Constraint::Fill(1); 2]).split(boxes);
    let end_rows = Layout::vertical([Constraint::Fill(1); 2]).split(ends_area);
    for (row, top) in [(0, true), (1, false)] {
        let end = if top { &grid.up.high } else { &grid.up.low };
        let lines: Vec<Line<'_>> = wrap(end, gutter.saturating_sub(1).max(1) as usize)
            .into_iter()
            .map(|l| Line::styled(format!(" {l}"), theme.style(Role::Marker)))
            .collect();
        let end_area = end_rows[row];
        frame.render_widget(
            Paragraph::new(lines),
            Rect {
                y: end_area.y + 1,
                height: end_area.height.saturating_sub(1),
                ..end_area
            },
        );
        let cells = Layout::horizontal([Constraint::Fill(1); 2]).split(rows[row]);
        for (col, right) in [(0, false), (1, true)] {
            let q = Quadrant::at(top, right);
            let square = Square {
                grid,
                quadrant: q,
                notes: &squares[q as usize],
                chosen: chosen.map(|n| n.id.as_str()),
                hidden,
            };
            draw_square(frame, cells[col], ctx, &square);
        }
    }

    // The across axis under the squares: its low end at the left, its high end at the right.
    let across = Rect {
        x: boxes.x,
        width: boxes.width,
        ..across_area
    };
    frame.render_widget(
        Paragraph::new(axis_line(grid, across.width as usize)).style(theme.style(Role::Marker)),
        across,
    );

    let placed = notes.len() - to_place.len();
    let head = if notes.is_empty() {
        " To place: no notes on this board yet".to_string()
    } else if to_place.is_empty() {
        format!(" To place: none, all {placed} on the grid")
    } else {
        format!(" To place ({}), most votes first", to_place.len())
    };
    frame.render_widget(
        Paragraph::new(ellipsis(&head, tray_head.width as usize)).style(theme.style(Role::Heading)),
        tray_head,
    );
    let width = tray_area.width as usize;
    let lines = if hidden {
        vec![Line::styled(
            format!(" {}", count_words(to_place.len())),
            theme.style(Role::Strong),
        )]
    } else {
        note_list(ctx, &to_place, chosen.map(|n| n.id.as_str()), width, tray)
    };
    frame.render_widget(Paragraph::new(lines), tray_area);
    frame.render_widget(Paragraph::new(detail), detail_area);
    if !ctx.audience {
        frame.render_widget(
            Paragraph::new(ellipsis(
                " Tab next note · ← → ↑ ↓ move it · Del off the grid · Esc the board",
                hint_area.width as usize,
            ))
            .style(theme.style(Role::Dim)),
            hint_area,
        );
    }
}

/// Rows inside each square and rows of notes to place, from the rows there are: the notes
/// to place get a quarter (what they need, if less), the squares the rest, and what the
/// squares do not need goes back to the notes to place. At least a row each.
fn share_rows(rows: usize, fullest: usize, to_place: usize) -> (usize, usize) {
    // Two rows of squares, each with a border above and below.
    let inner_of = |tray: usize| rows.saturating_sub(tray + 4) / 2;
    let mut tray = to_place.min((rows / 4).max(1));
    let inner = inner_of(tray);
    if inner > fullest {
        tray = (tray + (inner - fullest) * 2).min(to_place);
    }
    (inner_of(tray).max(1), tray)
}

/// "← hard      How easy to do? →      easy →", fitted to the width.
fn axis_line(grid: &Grid, width: usize) -> String {
    let low = format!("← {}", grid.across.low);
    let high = format!("{} →", grid.across.high);
    let name = format!("{} →", grid.across.name);
    let ends = of(&low) + of(&high);
    if ends + of(&name) + 4 <= width {
        let gap = width - ends - of(&name);
        let left = gap / 2;
        return format!("{low}{}{name}{}{high}", " ".repeat(left), " ".repeat(gap - left));
    }
    let room = width.saturating_sub(ends + 2);
    let name = if room >= 4 {
        ellipsis(&name, room)
    } else {
        String::new()
    };
    let gap = width.saturating_sub(ends + of(&name));
    let left = gap / 2;
    ellipsis(
        &format!("{low}{}{name}{}{high}", " ".repeat(left), " ".repeat(gap - left)),
        width,
    )
}

fn count_words(n: usize) -> String {
    match n {
        0 => "no notes".to_string(),
        1 => "1 note".to_string(),
        n => format!("{n} notes"),
    }
}

struct Square<'a> {
    grid: &'a Grid,
    quadrant: Quadrant,
    notes: &'a [&'a Note],
    chosen: Option<&'a str>,
    hidden: bool,
}

/// One square: its name and count on its border (★ on the one to start from), its notes one
/// a line. The square holding the chosen note has a thick border.
fn draw_square(frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>, square: &Square<'_>) {
    let theme = ctx.theme;
    let start = square.quadrant == square.grid.start;
    let holds_chosen = square
        .chosen
        .is_some_and(|id| square.notes.iter().any(|n| n.id == id));
    let star = if start { "★ " } else { "" };
    let title = format!(
        " {star}{} ({}) ",
        square.grid.name(square.quadrant),
        square.notes.len()
    );
    let title = ellipsis(&title, area.width.saturating_sub(2) as usize);
    let border = if holds_chosen {
        BorderType::Thick
    } else if start {
        BorderType::Double
    } else {
        BorderType::Plain
    };
    let block = Block::bordered()
        .border_type(border)
        .border_style(theme.style(Role::Marker))
        .title(Span::styled(
            title,
            theme.style(if start { Role::Heading } else { Role::Marker }),
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let lines = if square.hidden {
        vec![Line::styled(
            count_words(square.notes.len()),
            theme.style(Role::Strong),
        )]
    } else {
        note_list(
            ctx,
            square.notes,
            square.chosen,
            inner.width as usize,
            inner.height as usize,
        )
    };
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Notes in `rows` rows: each on as many lines as the rows share out (up to three), or,
/// when they do not all fit, one a line with the chosen note always among them and a last
/// row that says how many more there are above and below.
fn note_list(
    ctx: &Ctx<'_>,
    notes: &[&Note],
    chosen: Option<&str>,
    width: usize,
    rows: usize,
) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    if rows == 0 || notes.is_empty() {
        return Vec::new();
    }
    let at = chosen.and_then(|id| notes.iter().position(|n| n.id == id));
    if notes.len() <= rows {
        let each = (rows / notes.len()).clamp(1, 3);
        return notes
            .iter()
            .enumerate()
            .flat_map(|(i, n)| note_lines(ctx, n, Some(i) == at, width, each))
            .collect();
    }
    if rows == 1 {
        // No room for a sign: the square's count on its border says there are more.
        let i = at.unwrap_or(0);
        return note_lines(ctx, notes[i], at == Some(i), width, 1);
    }
    let shown = rows - 1;
    let top = match at {
        Some(i) if i >= shown => (i + 1 - shown).min(notes.len() - shown),
        _ => 0,
    };
    let mut lines: Vec<Line<'static>> = notes[top..top + shown]
        .iter()
        .enumerate()
        .flat_map(|(i, n)| note_lines(ctx, n, at == Some(top + i), width, 1))
        .collect();
    let below = notes.len() - top - shown;
    lines.push(Line::styled(more(top, below, width), theme.style(Role::Dim)));
    lines
}

/// "▲ 3 more above · ▼ 2 more", as short as the width needs ("▲3 ▼2" at the least).
fn more(above: usize, below: usize, width: usize) -> String {
    let forms = [
        (" more above", " more", " · ", " "),
        ("", " more", " ", " "),
        ("", "", " ", ""),
    ];
    let mut text = String::new();
    for (above_words, below_words, between, gap) in forms {
        let mut signs = Vec::new();
        if above > 0 {
            signs.push(format!("▲{gap}{above}{above_words}"));
        }
        if below > 0 {
            signs.push(format!("▼{gap}{below}{below_words}"));
        }
        text = format!(" {}", signs.join(between));
        if of(&text) <= width {
            break;
        }
    }
    ellipsis(&text, width)
}

/// A note on `lines` lines at most: ▶ when chosen, its sector's bar and label, its words
/// (ending in "…" when they go on), its votes when it has any.
fn note_lines(ctx: &Ctx<'_>, note: &Note, chosen: bool, width: usize, lines: usize) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let (index, label) = sector_label(ctx.pack, note.sector.as_deref());
    let bar = match index {
        Some(i) => theme.sector(i),
        None => theme.style(Role::Dim),
    };
    let pointer = if chosen { "▶" } else { " " };
    let votes = if note.votes > 0 {
        format!(" ●{}", note.votes)
    } else {
        String::new()
    };
    let head = format!("{pointer}▌{label} ");
    let room = width.saturating_sub(of(&head) + of(&votes)).max(1);
    let text = note.text.replace('\n', " ");
    let mut rows = wrap(&text, room);
    if rows.len() > lines {
        let rest = rows[lines - 1..].join(" ");
        rows.truncate(lines - 1);
        rows.push(ellipsis(&rest, room));
    }
    let (head_style, text_style, vote_style): (Style, Style, Style) = if chosen {
        let s = theme.style(Role::Selected);
        (s, s, s)
    } else {
        (bar, theme.style(Role::Text), theme.style(Role::Strong))
    };
    rows.into_iter()
        .enumerate()
        .map(|(i, row)| {
            let pad = " ".repeat(room.saturating_sub(of(&row)));
            let (lead, end) = if i == 0 {
                (head.clone(), votes.clone())
            } else {
                // Later lines keep the bar, under the words.
                let indent = " ".repeat(of(&head).saturating_sub(2));
                (format!(" ▌{indent}"), " ".repeat(of(&votes)))
            };
            Line::from(vec![
                Span::styled(lead, head_style),
                Span::styled(format!("{row}{pad}"), text_style),
                Span::styled(end, vote_style),
            ])
        })
        .collect()
}

/// The chosen note in full under everything: its words, who it came from, its votes and its
/// square. One row on a short screen, up to three on a tall one; "…" past that.
fn detail_lines(ctx: &Ctx<'_>, grid: &Grid, note: &Note, width: u16, height: u16) -> Vec<Line<'static>> {
    let mut about = Vec::new();
    if let (Some(_), label) = sector_label(ctx.pack, note.sector.as_deref()) {
        about.push(label);
    }
    about.extend(
        [note.author.as_deref(), note.organisation.as_deref()]
            .into_iter()
            .flatten()
            .map(str::to_string),
    );
    if note.votes > 0 {
        about.push(match note.votes {
            1 => "1 vote".to_string(),
            n => format!("{n} votes"),
        });
    }
    about.push(match note.quadrant {
        Some(q) => format!("in {}", grid.name(q)),
        None => "to place".to_string(),
    });
    let words = format!("▶ {} — {}", note.text.replace('\n', " "), about.join(" · "));
    let rows = match height {
        0..=21 => 1,
        22..=29 => 2,
        _ => 3,
    };
    let width = (width as usize).saturating_sub(2).max(1);
    let mut lines = wrap(&words, width);
    if lines.len() > rows {
        let rest = lines[rows - 1..].join(" ");
        lines.truncate(rows - 1);
        lines.push(ellipsis(&rest, width));
    }
    lines
        .into_iter()
        .map(|l| Line::styled(format!(" {l}"), ctx.theme.style(Role::Strong)))
        .collect()
}

#[cfg(test)]
#[path = "grid_tests.rs"]
mod tests;
