//! The slide screen, laid out at the largest type that fits the window: the title on one
//! line if any big size allows (big.rs has the rule), a short body in big type too when it
//! fits under a bigger title, ordinary text otherwise; the whole block centred on the
//! screen, its lines left-aligned within it (centred on a title slide). Revealed step by
//! step: the layout is the whole slide's, so revealing more never moves what is shown.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};

use crossterm::event::KeyCode;

use crate::pack::Slide;
use crate::session::Command;

use super::big::{self, Size, Title};
use super::keys::{HELP_ROOM, Intent, Keymap, QUIT_NOW, ROOM_AFTER_HELP, bind, c, k};
use super::markdown::{self, big::BigLine, big::Marker};
use super::theme::{Role, Theme};
use super::view::Ctx;

/// The presenting keys: on slides, activity pages and breaks (what clickers send first).
#[rustfmt::skip]
pub(crate) const KEYS: Keymap = &[&[
    bind(&[k(KeyCode::PageDown), k(KeyCode::Right), c('l'), c(' '), k(KeyCode::Down), c('j')], "PgDn → l Space", "next: reveal, slide, then item", Intent::Do(Command::Next)),
    bind(&[k(KeyCode::PageUp), k(KeyCode::Left), c('h'), k(KeyCode::Backspace), k(KeyCode::Up), c('k')], "PgUp ← h", "back one step; nothing is lost", Intent::Do(Command::Previous)),
    bind(&[c('g')], "g", "programme: times, jump to an item", Intent::OpenProgramme),
    bind(&[c('n')], "n", "speaker notes and what comes next", Intent::ToggleNotes),
    bind(&[c('t')], "t", "start, pause or resume the timer", Intent::Do(Command::ToggleTimer)),
    bind(&[c('+'), c('=')], "+ -", "a minute more / less for this phase", Intent::Do(Command::AdjustPhase(60))),
    bind(&[c('-'), c('_')], "", "", Intent::Do(Command::AdjustPhase(-60))),
    bind(&[c(']')], "] [", "next / last phase again, full time", Intent::Do(Command::NextPhase)),
    bind(&[c('[')], "", "", Intent::Do(Command::PreviousPhase)),
    bind(&[c('r')], "r", "restart this phase (asks first)", Intent::AskRestart),
    bind(&[c('f')], "f", "fit the rest to end on time", Intent::OpenFit),
    bind(&[c('b'), c('.')], "b .", "blank the screen (any key: back)", Intent::Do(Command::Blank(true))),
    bind(&[c('w')], "w W", "write the outcomes (W: elsewhere)", Intent::WriteOutcomes),
    bind(&[c('W')], "", "", Intent::WriteElsewhere),
    HELP_ROOM,
    ROOM_AFTER_HELP,
    bind(&[c('q')], "q", "quit (asks first; all is saved)", Intent::AskQuit),
    QUIT_NOW,
]];

/// The slide with the times it names (`{{start:tea}}`, `{{programme}}`, ...) filled in from
/// the live plan, worked out only for a slide that names any.
pub(crate) fn live<'a>(ctx: &Ctx<'_>, slide: &'a Slide) -> std::borrow::Cow<'a, Slide> {
    let names = |t: &str| t.contains("{{");
    if !names(&slide.body) && !slide.notes.iter().any(|n| names(n)) {
        return std::borrow::Cow::Borrowed(slide);
    }
    let times = crate::session::schedule::plan_times(ctx.pack, ctx.state, ctx.now, ctx.offset);
    slide.with_times(&times)
}

/// The widest a column of ordinary slide text gets on a wide screen.
pub(crate) const MAX_WIDTH: u16 = 100;

pub(crate) fn draw(frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>, slide: &Slide) {
    let slide = live(ctx, slide);
    let slide = slide.as_ref();
    let step = ctx.state.position.step.min(slide.steps() - 1);
    paint(frame.buffer_mut(), area, ctx.theme, slide, step);
}

/// Lays out and draws a slide at a reveal step on the whole of `buf`: for the benchmarks.
#[doc(hidden)]
pub fn bench_draw_slide(buf: &mut Buffer, theme: &Theme, slide: &Slide, step: usize) {
    let area = buf.area;
    paint(buf, area, theme, slide, step.min(slide.steps() - 1));
}

/// The body, laid out for the whole slide.
enum Body {
    Big { size: Size, lines: Vec<BigLine> },
    Small(Vec<Line<'static>>),
}

impl Body {
    fn height(&self) -> u16 {
        match self {
            Body::Big { size, lines } => markdown::big::height(lines, *size),
            Body::Small(lines) => lines.len() as u16,
        }
    }

    fn size(&self) -> Option<Size> {
        match self {
            Body::Big { size, .. } => Some(*size),
            Body::Small(_) => None,
        }
    }
}

/// Where things go.
struct Plan {
    title: Option<Title>,
    body: Body,
    /// Rows between the title and the body.
    gap: u16,
}

/// The largest layout that fits `height` rows: the body as big as it can be under a title
/// bigger than it, then the title as big as it can be; when even ordinary text does not
/// fit, a title of at most a third of the screen and the body cut.
fn plan(slide: &Slide, theme: &Theme, wide: u16, column: u16, height: u16) -> Plan {
    let has_title = slide.title.is_some();
    let mut titles: Vec<Title> = Vec::new();
    if let Some(text) = &slide.title {
        titles = big::options(text, wide);
        titles.push(big::plain(text, column));
    }
    let gap_with = |body: &Body| match body.height() {
        0 => 0,
        _ if height >= 36 => 2,
        _ => 1,
    };
    // The title that goes with a body, if any fits: None when there is a title and none does.
    let title_for = |body: &Body| -> Option<Option<Title>> {
        if titles.is_empty() {
            return (body.height() <= height).then_some(None);
        }
        let gap = gap_with(body);
        titles
            .iter()
            .find(|title| {
                let bigger = match (title.size(), body.size()) {
                    (_, None) => true,
                    (Some(t), Some(b)) => t.area() > b.area(),
                    (None, Some(_)) => false,
                };
                bigger && title.height() + gap + body.height() <= height
            })
            .map(|t| Some(t.clone()))
    };

    // The body in big type, largest first; sizes of one letter width share their lines.
    let mut last: Option<(usize, Option<Vec<BigLine>>)> = None;
    for size in big::SIZES {
        let per_line = size.per_line(wide);
        if last.as_ref().is_none_or(|(n, _)| *n != per_line) {
            last = Some((
                per_line,
                markdown::big::lines(&slide.body, per_line, theme, has_title),
            ));
        }
        let Some((_, Some(lines))) = &last else {
            continue;
        };
        if lines.is_empty() {
            break;
        }
        let body = Body::Big {
            size,
            lines: lines.clone(),
        };
        if let Some(title) = title_for(&body) {
            let gap = gap_with(&body);
            return Plan { title, body, gap };
        }
    }
    let body = Body::Small(markdown::render(&slide.body, column, theme, has_title).lines);
    let gap = gap_with(&body);
    let title = title_for(&body).unwrap_or_else(|| {
        titles
            .iter()
            .find(|t| t.height() <= height / 3)
            .or(titles.last())
            .cloned()
    });
    Plan { title, body, gap }
}

fn paint(buf: &mut Buffer, area: Rect, theme: &Theme, slide: &Slide, step: usize) {
    let margin = if area.width > 40 { 2 } else { 0 };
    // Big type may use the whole width; ordinary text keeps to a readable column.
    let wide = area.width.saturating_sub(2 * margin);
    let column = wide.min(MAX_WIDTH);
    let left = area.x + margin;
    // A title slide (a level-1 heading) centres every line.
    let title_slide = slide.body.trim_start().starts_with("# ");
    let has_title = slide.title.is_some();
    let Plan { title, body, gap } = plan(slide, theme, wide, column, area.height);

    let title_height = title.as_ref().map_or(0, Title::height);
    let total = title_height + gap + body.height();
    let mut y = area.y + area.height.saturating_sub(total) / 2;

    if let (Some(text), Some(fitted)) = (&slide.title, &title) {
        let h = fitted.height().min(area.bottom().saturating_sub(y));
        let rect = match fitted {
            Title::Big { .. } => Rect::new(left, y, wide, h),
            Title::Plain { .. } => Rect::new(left + (wide - column) / 2, y, column, h),
        };
        big::paint(
            buf,
            rect,
            text,
            fitted,
            theme.style(Role::Heading),
            Alignment::Center,
        );
        y += title_height + gap;
    }
    let room = area.bottom().saturating_sub(y);
    if room == 0 {
        return;
    }
    let visible = slide.visible(step);
    match body {
        Body::Small(whole) => {
            let mut lines = if visible.len() == slide.body.len() {
                whole.clone()
            } else {
                markdown::render(visible, column, theme, has_title).lines
            };
            let mut block = whole.iter().map(Line::width).max().unwrap_or(0) as u16;
            if whole.len() as u16 > room {
                lines.truncate(room.saturating_sub(1) as usize);
                lines.push(Line::styled(
                    "⋯ more than fits: make the window larger",
                    theme.style(Role::Dim),
                ));
                block = column;
            }
            let (x, w, align) = if title_slide {
                (left + (wide - column) / 2, column, Alignment::Center)
            } else {
                (left + (wide - block) / 2, block, Alignment::Left)
            };
            Paragraph::new(lines)
                .alignment(align)
                .render(Rect::new(x, y, w, room), buf);
        }
        Body::Big { size, lines: whole } => {
            let shown =
                markdown::big::lines(visible, size.per_line(wide), theme, has_title).unwrap_or_default();
            let xs = big_xs(&whole, size, left, wide, title_slide);
            for (line, x) in shown.into_iter().zip(xs) {
                y += u16::from(line.gap_before);
                if y + size.h > area.bottom() {
                    break;
                }
                draw_big_line(buf, x, y, size, line, theme);
                y += size.h;
            }
        }
    }
}

/// Where each line of a big body starts: all at the left of the centred block, or on a title
/// slide each centred on its own, but a quote's lines together (its bar down one edge).
fn big_xs(lines: &[BigLine], size: Size, left: u16, wide: u16, title_slide: bool) -> Vec<u16> {
    let centred = |letters: u16| left + (wide - (letters * size.w).min(wide)) / 2;
    if !title_slide {
        let block = lines.iter().map(BigLine::letters).max().unwrap_or(0);
        return vec![centred(block); lines.len()];
    }
    let mut xs = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        if line.marker != Marker::Bar {
            xs.push(centred(line.letters()));
            continue;
        }
        if i > 0 && lines[i - 1].marker == Marker::Bar {
            xs.push(xs[i - 1]);
            continue;
        }
        let quote = lines[i..]
            .iter()
            .take_while(|l| l.marker == Marker::Bar)
            .map(BigLine::letters)
            .max()
            .unwrap_or(0);
        xs.push(centred(quote));
    }
    xs
}

/// One line of a big body, its marker and its text, from `x`.
fn draw_big_line(buf: &mut Buffer, x: u16, y: u16, size: Size, line: BigLine, theme: &Theme) {
    let marker = theme.style(Role::Marker);
    let at = x + line.marker_at * size.w;
    match &line.marker {
        Marker::None => {}
        Marker::Bullet { nested } => big::draw_bullet(buf, at, y, size, *nested, marker),
        Marker::Number(n) => big::draw_line(buf, at, y, size, Line::from(n.clone()), marker),
        Marker::Bar => big::draw_bar(buf, at, y, size.h, marker),
    }
    big::draw_line(
        buf,
        x + line.indent * size.w,
        y,
        size,
        line.line,
        theme.style(Role::Text),
    );
}

#[cfg(test)]
mod tests {
    use crate::tui::testing::{Rig, SIZES};

    /// The screen's rows, without the footer.
    fn rows(screen: &str) -> Vec<Vec<char>> {
        let mut rows: Vec<Vec<char>> = screen
            .lines()
            .map(|l| l.trim_matches('"').chars().collect())
            .collect();
        rows.pop();
        rows
    }

    /// What is drawn sits in the middle of the screen, as a block: as much room above as
    /// below, left as right (give or take `slack`).
    fn assert_balanced(screen: &str, slack: usize) {
        let rows = rows(screen);
        let used = |r: &Vec<char>| r.iter().any(|c| *c != ' ');
        let top = rows.iter().position(used).unwrap();
        let bottom = rows.len() - 1 - rows.iter().rposition(used).unwrap();
        let left = rows
            .iter()
            .filter_map(|r| r.iter().position(|c| *c != ' '))
            .min()
            .unwrap();
        let right = rows
            .iter()
            .filter_map(|r| r.iter().rposition(|c| *c != ' ').map(|p| r.len() - 1 - p))
            .min()
            .unwrap();
        assert!(
            top.abs_diff(bottom) <= slack,
            "{top} rows above, {bottom} below:\n{screen}"
        );
        assert!(
            left.abs_diff(right) <= slack,
            "{left} columns left, {right} right:\n{screen}"
        );
    }

    /// Big type draws with block elements; ordinary text has none.
    fn is_big(row: &[char]) -> bool {
        row.iter().any(|c| ('\u{2580}'..='\u{259f}').contains(c))
    }

    #[test]
    fn title_slide() {
        let rig = Rig::new();
        for size in SIZES {
            let screen = rig.screen(size, 2);
            // Title and subtitle both in big type: neither is there as ordinary text.
            assert!(!screen.contains("Reading together"), "{size:?}:\n{screen}");
            assert!(
                rows(&screen).iter().filter(|r| is_big(r)).count() >= 8,
                "{screen}"
            );
            assert_balanced(&screen, 2);
            insta::assert_snapshot!(format!("title_{}x{}", size.0, size.1), screen);
        }
    }

    #[test]
    fn list_slide_mid_reveal() {
        let mut rig = Rig::new();
        rig.go_to("welcome", 1, 2);
        for size in SIZES {
            let screen = rig.screen(size, 3);
            assert!(
                screen.contains("▸more"),
                "the footer says there is more to reveal"
            );
            // Four short bullets: big type at 120×40 (then not there as ordinary text).
            let plain = size.0 < 120;
            assert_eq!(
                screen.contains("Choose one thing to try"),
                plain,
                "{size:?}:\n{screen}"
            );
            assert!(!screen.contains("Agree who does what"), "{size:?}:\n{screen}");
            insta::assert_snapshot!(format!("mid_reveal_{}x{}", size.0, size.1), screen);
        }
    }

    #[test]
    fn revealing_never_moves_what_is_shown() {
        let mut rig = Rig::new();
        for size in SIZES {
            rig.go_to("welcome", 1, 0);
            let first = rows(&rig.screen(size, 3));
            rig.go_to("welcome", 1, 3);
            let last = rows(&rig.screen(size, 3));
            for (y, row) in first.iter().enumerate() {
                if row.iter().any(|c| *c != ' ') {
                    assert_eq!(row, &last[y], "{size:?} row {y} moved");
                }
            }
        }
    }

    #[test]
    fn short_bullets_in_big_type_where_they_fit() {
        let mut rig = Rig::new();
        rig.go_to("gather", 0, 0);
        for size in SIZES {
            let screen = rig.screen(size, 6);
            // Too long for big type at 80 columns; big at 120.
            let plain = screen.contains("Think alone, then share in pairs");
            assert_eq!(plain, size.0 < 120, "{size:?}:\n{screen}");
            assert_balanced(&screen, 2);
            insta::assert_snapshot!(format!("short_list_{}x{}", size.0, size.1), screen);
        }
    }

    #[test]
    fn long_list_stays_small_and_centred() {
        let mut rig = Rig::new();
        rig.go_to("close", 2, 0);
        for size in SIZES {
            let screen = rig.screen(size, 57);
            assert!(
                screen.contains("• Keep the list of local groups up to date"),
                "{screen}"
            );
            assert_balanced(&screen, 2);
            insta::assert_snapshot!(format!("long_list_{}x{}", size.0, size.1), screen);
        }
    }

    #[test]
    fn quote_keeps_its_bar_at_the_left() {
        let mut rig = Rig::new();
        rig.go_to("close", 1, 0);
        for size in SIZES {
            let screen = rig.screen(size, 57);
            let bars: Vec<usize> = rows(&screen)
                .iter()
                .filter_map(|r| r.iter().position(|c| *c != ' ').filter(|&x| r[x] == '▌'))
                .collect();
            assert!(bars.len() >= 2, "{size:?}:\n{screen}");
            assert!(bars.iter().all(|&x| x == bars[0]), "{size:?}:\n{screen}");
            insta::assert_snapshot!(format!("quote_{}x{}", size.0, size.1), screen);
        }
    }

    #[test]
    fn table_slide() {
        let mut rig = Rig::new();
        rig.go_to("welcome", 2, 0);
        for size in SIZES {
            let screen = rig.screen(size, 4);
            assert!(
                screen.contains("10:35") && screen.contains("Plan the first step"),
                "{size:?}:\n{screen}"
            );
            assert_balanced(&screen, 2);
            insta::assert_snapshot!(format!("table_{}x{}", size.0, size.1), screen);
        }
    }

    /// Times a slide names come from the live plan: the day's table starts when the
    /// workshop really did (10:00 here, not the pack's 09:30), and no placeholder shows.
    #[test]
    fn slides_show_the_live_plans_times() {
        let mut rig = Rig::builtin();
        let pages = rig.app.pack().pages(0);
        let glance = pages
            .iter()
            .position(|p| {
                matches!(p, crate::pack::Page::Slide(s) if s.title.as_deref() == Some("The day at a glance"))
            })
            .expect("the built-in welcome has its day at a glance");
        rig.go_to("welcome", glance, 0);
        let screen = rig.screen((120, 40), 1);
        assert!(!screen.contains("{{"), "{screen}");
        assert!(screen.contains("10:00 │ Welcome and introductions"), "{screen}");
        assert!(!screen.contains("09:30"), "{screen}");
    }
}
