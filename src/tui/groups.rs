//! The groups screen (`G`): the latest random draw for the current activity, group numbers in
//! big type where they fit, each person with their organisation and sector label.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph};

use chrono::{DateTime, Utc};
use crossterm::event::KeyCode;

use crate::session::{Command, current_activity};

use super::activity::grouping_words;
use super::app::App;
use super::big;
use super::board::sector_style;
use super::keys::{HELP_AND_QUIT, Intent, Keymap, STEP_ON, bind, c, k};
use super::theme::Role;
use super::view::Ctx;

#[rustfmt::skip]
pub(crate) const KEYS: Keymap = &[&[
    bind(&[k(KeyCode::Up), c('k'), k(KeyCode::Left), c('h')], "↑ ↓", "choose a group (the room sees it)", Intent::CursorUp),
    bind(&[k(KeyCode::Down), c('j'), k(KeyCode::Right), c('l')], "", "", Intent::CursorDown),
    bind(&[c('r')], "r", "new random groups (a new seed, journaled)", Intent::Reshuffle),
    bind(&[k(KeyCode::Esc), c('G')], "Esc G", "back", Intent::Close),
], STEP_ON, HELP_AND_QUIT];

/// The groups screen's keys. Others pass on.
pub(crate) fn act(app: &mut App, intent: Intent, now: DateTime<Utc>) -> Option<Intent> {
    match intent {
        Intent::CursorUp => app.ui.list = app.ui.list.saturating_sub(1),
        Intent::CursorDown => {
            let count = current_activity(app.pack(), app.state())
                .and_then(|a| app.state().boards.groups_for(&a.id))
                .map_or(0, |d| d.groups.len());
            app.ui.list = (app.ui.list + 1).min(count.saturating_sub(1));
        }
        Intent::Reshuffle => {
            let activity = current_activity(app.pack(), app.state())?.id.clone();
            app.shuffle_groups(activity, now);
        }
        other => return Some(other),
    }
    None
}

impl App {
    /// New random groups for an activity; the session chooses the seed (from `--seed`, or
    /// random) and journals it, so the groups can be made again.
    pub(crate) fn shuffle_groups(&mut self, activity: String, now: DateTime<Utc>) -> bool {
        self.command(&Command::FormGroups { activity, seed: None }, now)
    }
}

pub(crate) fn draw(frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>) {
    let theme = ctx.theme;
    let Some(activity) = current_activity(ctx.pack, ctx.state) else {
        return;
    };
    let boards = &ctx.state.boards;
    let Some(draw) = boards.groups_for(&activity.id) else {
        frame.render_widget(
            Paragraph::new("No groups drawn yet.").style(theme.style(Role::Dim)),
            area,
        );
        return;
    };
    let how = activity.grouping.as_ref().map(grouping_words).unwrap_or_default();
    let [head, grid] = Layout::vertical([Constraint::Length(2), Constraint::Fill(1)]).areas(area);

    // As many boxes across as fit at about 26 columns each.
    let across = ((grid.width / 26).max(1) as usize).min(draw.groups.len().max(1));
    let rows_needed = draw.groups.len().div_ceil(across);
    // The group being talked about (the facilitator's, on the room's screen too).
    let selected = ctx.ui.list.min(draw.groups.len().saturating_sub(1));
    // Every member on a line of their own at least: rows of boxes that cannot show that
    // scroll, keeping the selected group's row in view.
    let largest = draw.groups.iter().map(Vec::len).max().unwrap_or(0) as u16;
    let rows_fit = (grid.height / (largest + 2).max(3)).max(1) as usize;
    let rows_shown = rows_needed.min(rows_fit);
    let first_row = (selected / across).saturating_sub(rows_shown - 1);
    let above = first_row * across;
    let below = draw
        .groups
        .len()
        .saturating_sub((first_row + rows_shown) * across);
    // Which shuffle this is, in plain words (the seed that makes it again is in the exports).
    let shuffle = boards
        .shuffles
        .iter()
        .filter(|s| s.activity == activity.id)
        .count();
    let mut about = format!(
        " {} people, {how} · groups, shuffle {shuffle}",
        boards.attendees.len()
    );
    if above > 0 {
        about.push_str(&format!(" · ▲ {above} groups above"));
    }
    if below > 0 {
        about.push_str(&format!(" · ▼ {below} more below"));
    }
    frame.render_widget(
        Paragraph::new(vec![
            Line::styled(
                format!(" Groups for {}", activity.title),
                theme.style(Role::Heading),
            ),
            Line::styled(about, theme.style(Role::Dim)),
        ]),
        head,
    );
    let box_height = (grid.height / rows_shown.max(1) as u16).max(3);
    // Every box of a row is as wide as the one below it: the names are laid out for that.
    let col_widths: Vec<u16> = Layout::horizontal(vec![Constraint::Fill(1); across])
        .split(Rect::new(grid.x, grid.y, grid.width, 1))
        .iter()
        .map(|r| r.width.saturating_sub(2))
        .collect();
    let people = |n: usize| -> Vec<&crate::session::board::Attendee> {
        draw.groups[n]
            .iter()
            .filter_map(|id| boards.attendee(id))
            .collect()
    };
    let tallest = (0..draw.groups.len())
        .map(|n| wrapped_height(&people(n), col_widths[n % across] as usize))
        .max()
        .unwrap_or(0) as u16;
    // Big group numbers when every box has room for them as well as the names.
    let big_numbers = box_height >= tallest + 2 + 4;
    let row_areas = Layout::vertical(vec![Constraint::Length(box_height); rows_shown]).split(grid);
    for (r, row_area) in row_areas.iter().enumerate() {
        let cols = Layout::horizontal(vec![Constraint::Fill(1); across]).split(*row_area);
        for (c, cell) in cols.iter().enumerate() {
            let n = (first_row + r) * across + c;
            if n >= draw.groups.len() {
                continue;
            }
            // The selected group: a thick border and a pointer, not colour alone.
            let (border, title, title_style) = if n == selected && draw.groups.len() > 1 {
                (
                    BorderType::Thick,
                    format!(" ▶ Group {} ", n + 1),
                    theme.style(Role::Selected),
                )
            } else {
                (
                    BorderType::Rounded,
                    format!(" Group {} ", n + 1),
                    theme.style(Role::Heading),
                )
            };
            let block = Block::bordered()
                .border_type(border)
                .border_style(theme.style(Role::Marker))
                .title(Span::styled(title, title_style));
            let inner = block.inner(*cell);
            frame.render_widget(block, *cell);
            let mut y = inner.y;
            if big_numbers {
                let text = format!("{}", n + 1);
                let fitted = big::fit(&text, inner.width, 4);
                big::draw(
                    frame,
                    Rect::new(inner.x, y, inner.width, fitted.height().min(inner.height)),
                    &text,
                    &fitted,
                    theme.style(Role::Heading),
                    Alignment::Center,
                );
                y += fitted.height();
            }
            let rest = inner.bottom().saturating_sub(y);
            let lines = member_lines(ctx, &people(n), inner.width as usize, rest as usize);
            frame.render_widget(Paragraph::new(lines), Rect::new(inner.x, y, inner.width, rest));
        }
    }
}

/// The columns before a member's name: the sector's bar and label.
const LABEL: usize = 10;

/// How many lines a group's members take with their names and organisations wrapped.
fn wrapped_height(people: &[&crate::session::board::Attendee], width: usize) -> usize {
    people
        .iter()
        .map(|p| crate::width::wrap(&member_words(p), width.saturating_sub(LABEL).max(1)).len())
        .sum()
}

fn member_words(p: &crate::session::board::Attendee) -> String {
    if p.organisation.is_empty() {
        p.name.clone()
    } else {
        format!("{}, {}", p.name, p.organisation)
    }
}

/// A group's members in `rows` lines of `width`: each name and organisation wrapped under its
/// sector's label when they all fit; else one line each, ending in "…" where cut; else the
/// last line says how many more.
fn member_lines<'a>(
    ctx: &Ctx<'_>,
    people: &[&crate::session::board::Attendee],
    width: usize,
    rows: usize,
) -> Vec<Line<'a>> {
    let theme = ctx.theme;
    let text_width = width.saturating_sub(LABEL).max(1);
    let wrapped = wrapped_height(people, width) <= rows;
    let mut lines = Vec::new();
    for (i, p) in people.iter().enumerate() {
        let (style, label) = sector_style(theme, ctx.pack, &p.sector);
        if !wrapped && lines.len() + 1 == rows && i + 1 < people.len() {
            lines.push(Line::styled(
                format!("… {} more", people.len() - i),
                theme.style(Role::Dim),
            ));
            break;
        }
        let words = if wrapped {
            crate::width::wrap(&member_words(p), text_width)
        } else {
            vec![crate::width::ellipsis(&member_words(p), text_width)]
        };
        let name_width = crate::width::of(&p.name);
        for (j, line) in words.into_iter().enumerate() {
            let lead = if j == 0 {
                format!("▌{label:<8} ")
            } else {
                format!("▌{:<8} ", "")
            };
            // The name in strong type, the organisation dim, on whichever lines they fall.
            let (name, rest) = if j == 0 {
                let cut = line
                    .char_indices()
                    .nth(p.name.chars().count())
                    .map_or(line.len(), |(b, _)| b);
                let cut = if crate::width::of(&line[..cut]) <= name_width {
                    cut
                } else {
                    line.len()
                };
                (line[..cut].to_string(), line[cut..].to_string())
            } else {
                (String::new(), line)
            };
            lines.push(Line::from(vec![
                Span::styled(lead, style),
                Span::styled(name, theme.style(Role::Strong)),
                Span::styled(rest, theme.style(Role::Dim)),
            ]));
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use crate::session::Command;
    use crate::tui::keys::Intent;
    use crate::tui::testing::{Rig, SIZES};

    #[test]
    fn groups_screen() {
        let mut rig = Rig::starting(crate::session::StartOptions {
            seed: Some(42),
            ..Default::default()
        });
        let people = [
            ("Priya Shah", "Wirral NHS Library", "nhs"),
            ("Sam Jones", "Wirral Libraries", "public-library"),
            ("Alex Kim", "Citizens Advice Wirral", "voluntary"),
            ("Jo Evans", "Patient panel", "public"),
            ("Chris Lee", "Age UK", "voluntary"),
            ("Ana Silva", "Wirral NHS Library", "nhs"),
            ("Tom Brown", "Birkenhead Library", "public-library"),
            ("Mo Khan", "Carers Trust", "voluntary"),
            ("Lu Chen", "Reading group", "public"),
            ("Dee Okafor", "Public Health Wirral", "nhs"),
        ];
        for (name, org, sector) in people {
            rig.act(
                Intent::Do(Command::AddAttendee {
                    name: name.into(),
                    organisation: org.into(),
                    sector: sector.into(),
                }),
                1,
            );
        }
        // Gather ideas draws mixed pairs.
        rig.go_to("gather", 0, 0).act(Intent::OpenGroups, 2);
        let screen = rig.screen((80, 24), 2);
        assert!(
            screen.contains("Group 3") && screen.contains("shuffle 1"),
            "{screen}"
        );
        for size in SIZES {
            let screen = rig.screen(size, 2);
            // Every name whole; every organisation to its last word, or "…" says it is cut.
            for (name, org, _) in people {
                assert!(screen.contains(name), "{name} at {size:?}:\n{screen}");
                let last = org.rsplit(' ').next().unwrap();
                if size != (60, 18) {
                    assert!(
                        screen.contains(&format!(" {last} ")),
                        "{org} at {size:?}:\n{screen}"
                    );
                }
            }
            if size == (60, 18) {
                assert!(screen.contains('…'), "{screen}");
            } else {
                assert!(!screen.contains('…'), "{screen}");
            }
            insta::assert_snapshot!(format!("groups_{}x{}", size.0, size.1), screen);
        }
        // A re-draw is a new draw with the next seed.
        rig.act(Intent::Reshuffle, 3);
        assert!(rig.screen((80, 24), 3).contains("shuffle 2"));
        assert_eq!(rig.app.state().boards.shuffles.len(), 2);
    }

    /// More groups than fit scroll with the selection, counted above and below, and the room
    /// sees the facilitator's group at its own size.
    #[test]
    fn many_groups_scroll_and_the_room_sees_the_chosen_one() {
        let mut rig = Rig::starting(crate::session::StartOptions {
            seed: Some(7),
            ..Default::default()
        });
        for n in 1..=40 {
            rig.act(
                Intent::Do(Command::AddAttendee {
                    name: format!("Person {n}"),
                    organisation: String::new(),
                    sector: ["nhs", "public-library", "voluntary", "public"][n % 4].into(),
                }),
                1,
            );
        }
        rig.go_to("gather", 0, 0).act(Intent::OpenGroups, 2);
        let screen = rig.screen((80, 24), 2);
        assert!(
            screen.contains("▶ Group 1 ") && screen.contains("more below"),
            "{screen}"
        );
        for _ in 0..15 {
            rig.act(Intent::CursorDown, 2);
        }
        let screen = rig.screen((80, 24), 2);
        assert!(
            screen.contains("▶ Group 16 ") && screen.contains("groups above"),
            "{screen}"
        );
        assert!(!screen.contains("Group 1 "), "{screen}");
        rig.app.sync_room();
        rig.app.source_as_audience();
        let room = rig.screen((60, 18), 2);
        assert!(room.contains("▶ Group 16 "), "{room}");
    }

    /// PageDown is the clicker's "next" on every screen: from here it steps on, and the
    /// screen gives way to the next page.
    #[test]
    fn a_clicker_steps_on_from_here() {
        use crossterm::event::{KeyCode, KeyModifiers};
        let mut rig = Rig::new();
        for (name, sector) in [("Priya Shah", "nhs"), ("Sam Jones", "public-library")] {
            rig.act(
                Intent::Do(Command::AddAttendee {
                    name: name.into(),
                    organisation: "Wirral".into(),
                    sector: sector.into(),
                }),
                1,
            );
        }
        rig.go_to("gather", 0, 0).act(Intent::OpenGroups, 1);
        assert_eq!(rig.app.state().screen, crate::session::Screen::Groups);
        let before = rig.app.state().position.clone();
        crate::tui::testing::key(&mut rig, KeyCode::PageDown, KeyModifiers::NONE);
        assert_eq!(rig.app.state().screen, crate::session::Screen::Page);
        assert_ne!(rig.app.state().position, before);
        crate::tui::testing::key(&mut rig, KeyCode::PageUp, KeyModifiers::NONE);
        assert_eq!(rig.app.state().position, before);
    }
}
