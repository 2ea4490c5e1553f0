//! The terminal: the event loop, the keymap, the theme and one module per screen. It reads
//! the session's state and sends commands; it never writes files itself.

mod activity;
pub(crate) mod app;
mod big;
mod break_screen;
mod footer;
mod help;
pub(crate) mod keys;
pub(crate) mod markdown;
mod notes;
mod programme;
mod slide;
mod small;
pub mod theme;
pub(crate) mod view;

#[cfg(test)]
mod testing;

use std::io::{self, Write};
use std::time::{Duration, Instant};

use chrono::{FixedOffset, Local, Offset, Timelike, Utc};
use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event, KeyEventKind};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use crate::session::{Follower, Session};

use app::{App, Source, Tone};
use theme::Theme;

/// How often `follow` looks at the journal: well inside the quarter second it promises.
const FOLLOW_POLL: Duration = Duration::from_millis(100);

/// Runs a session full-screen until the facilitator quits.
pub fn run_live(session: Session, warnings: Vec<String>, theme: Theme) -> io::Result<()> {
    let mut app = App::new(Source::Live(session), theme, local_offset());
    if let Some(w) = warnings.first() {
        app.ui.status = Some((w.clone(), Tone::Error));
    }
    run(app)
}

/// Follows someone else's session, read-only, until told to stop.
pub fn run_follow(follower: Follower, theme: Theme) -> io::Result<()> {
    run(App::new(Source::Follow(follower), theme, local_offset()))
}

fn local_offset() -> FixedOffset {
    Local::now().offset().fix()
}

fn run(mut app: App) -> io::Result<()> {
    let mut terminal = enter()?;
    let result = event_loop(&mut terminal, &mut app);
    leave();
    result
}

type Term = Terminal<CrosstermBackend<io::Stdout>>;

fn enter() -> io::Result<Term> {
    // Restore the terminal on a panic too, before the message prints.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        leave();
        previous(info);
    }));
    enable_raw_mode()?;
    let mut stdout = io::stdout();
    if let Err(e) = execute!(stdout, EnterAlternateScreen, EnableBracketedPaste) {
        leave();
        return Err(e);
    }
    let terminal = Terminal::new(CrosstermBackend::new(stdout));
    if terminal.is_err() {
        leave();
    }
    terminal
}

/// Puts the terminal back as it was: safe to call more than once.
fn leave() {
    let _ = disable_raw_mode();
    let mut stdout = io::stdout();
    let _ = execute!(
        stdout,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    let _ = stdout.flush();
}

/// Draws only when something visible changed: a key, a resize, the follow journal growing,
/// or the minute on the clock turning. Between those it sleeps in `poll`.
fn event_loop(terminal: &mut Term, app: &mut App) -> io::Result<()> {
    let mut dirty = true;
    let mut shown_minute = None;
    while !app.quit {
        let now = Utc::now();
        let minute = now.timestamp() / 60;
        if shown_minute != Some(minute) {
            dirty = true;
        }
        if dirty {
            terminal.draw(|frame| view::draw(frame, &app.ctx(now)))?;
            shown_minute = Some(minute);
            dirty = false;
        }
        let timeout = wake_after(app, now);
        let started = Instant::now();
        if event::poll(timeout)? {
            match event::read()? {
                Event::Key(key) if key.kind != KeyEventKind::Release => {
                    dirty |= app.on_key(&key, Utc::now());
                }
                Event::Resize(_, _) => dirty = true,
                _ => {}
            }
        }
        if app.audience() && (started.elapsed() >= FOLLOW_POLL || !dirty) {
            dirty |= app.tick();
        }
    }
    Ok(())
}

/// How long the loop may sleep: until the clock's minute turns, or the next follow poll.
fn wake_after(app: &App, now: chrono::DateTime<Utc>) -> Duration {
    let to_minute = Duration::from_millis(
        (60_000 - (now.second() as u64 * 1000 + now.timestamp_subsec_millis() as u64 % 1000))
            .max(1),
    );
    if app.audience() {
        to_minute.min(FOLLOW_POLL)
    } else {
        to_minute
    }
}
