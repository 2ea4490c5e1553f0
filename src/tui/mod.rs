//! The terminal: the event loop, the keymap, the theme and one module per screen. It reads
//! the session's state and sends commands; it never writes files itself.

mod actions;
mod activity;
pub(crate) mod app;
mod big;
mod board;
mod board_keys;
mod break_screen;
mod capture;
mod confirm;
mod field;
mod fit;
mod footer;
mod form;
mod groups;
mod help;
pub(crate) mod keys;
pub(crate) mod markdown;
mod notes;
mod people;
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
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use crate::session::{Follower, Session};

use app::{App, Source, Tone};
use theme::Theme;

/// How often `follow` looks at the journal: well inside the quarter second it promises.
const FOLLOW_POLL: Duration = Duration::from_millis(100);

/// How the app looks and sounds.
#[derive(Debug, Clone)]
pub struct Options {
    pub theme: Theme,
    /// Ring the terminal bell when a phase's time is up.
    pub bell: bool,
    /// How many times faster than real time the clock runs (a rehearsal); 1 in a workshop.
    pub speed: f64,
}

/// Runs a session full-screen until the facilitator quits.
pub fn run_live(session: Session, warnings: Vec<String>, options: Options) -> io::Result<()> {
    let mut app = App::new(Source::Live(session), options.theme, local_offset());
    app.bell = options.bell;
    app.speed = options.speed;
    app.restore_draft();
    if let Some(w) = warnings.first() {
        app.ui.status = Some((w.clone(), Tone::Error));
    }
    run(app)
}

/// Follows someone else's session, read-only, until told to stop. The room's screen rings
/// too, unless told not to: it may be the one with the speakers.
pub fn run_follow(follower: Follower, options: Options) -> io::Result<()> {
    let mut app = App::new(Source::Follow(follower), options.theme, local_offset());
    app.bell = options.bell;
    app.speed = options.speed;
    run(app)
}

/// Wall-clock time that moves with the monotonic clock: read once at start, then advanced by
/// `Instant`, so changing the computer's clock mid-workshop cannot jump a countdown.
/// A rehearsal (`--speed N`) runs it N times faster.
struct Clock {
    wall: chrono::DateTime<Utc>,
    mono: Instant,
    speed: f64,
}

impl Clock {
    /// Starts at the wall clock, or at the session's last event if that is later (a sped-up
    /// rehearsal may have run ahead of the real world), so time never runs backwards.
    fn new(speed: f64, not_before: Option<chrono::DateTime<Utc>>) -> Clock {
        Clock {
            wall: not_before.map_or(Utc::now(), |t| t.max(Utc::now())),
            mono: Instant::now(),
            speed,
        }
    }

    fn now(&self) -> chrono::DateTime<Utc> {
        let run = self.mono.elapsed().as_secs_f64() * self.speed;
        // A clock at the end of time stays there rather than panicking.
        self.wall
            .checked_add_signed(chrono::TimeDelta::microseconds((run * 1e6) as i64))
            .unwrap_or(self.wall)
    }

    /// Real time to wait for `clock_ms` of clock time.
    fn real(&self, clock_ms: i64) -> Duration {
        Duration::from_micros(((clock_ms.max(1) as f64 * 1000.0) / self.speed).max(1000.0) as u64)
    }
}

fn local_offset() -> FixedOffset {
    Local::now().offset().fix()
}

fn run(mut app: App) -> io::Result<()> {
    let mut terminal = enter()?;
    let result = event_loop(&mut terminal, &mut app, &mut Keyboard);
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
/// the minute on the clock or a running timer's second turning. Between those it sleeps in
/// `poll`.
/// Where input comes from: the real terminal, or a script in tests.
trait Input {
    /// Waits up to `timeout` for an event; whether one is waiting.
    fn poll(&mut self, timeout: Duration) -> io::Result<bool>;
    fn read(&mut self) -> io::Result<Event>;
}

/// The terminal's own input, through crossterm.
struct Keyboard;

impl Input for Keyboard {
    fn poll(&mut self, timeout: Duration) -> io::Result<bool> {
        event::poll(timeout)
    }

    fn read(&mut self) -> io::Result<Event> {
        event::read()
    }
}

fn event_loop<B: ratatui::backend::Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    input: &mut impl Input,
) -> io::Result<()> {
    let clock = Clock::new(app.speed, app.state().last_event_at);
    app.settle_bell(clock.now());
    let mut dirty = true;
    let mut shown = None;
    while !app.quit {
        let now = clock.now();
        dirty |= app.tick(now);
        // What the clock faces show: the footer's minute and a running timer's second.
        let face = (
            now.timestamp() / 60,
            app.timer_wake_ms(now)
                .map(|ms| (now.timestamp_millis() + ms) / 1000),
        );
        if shown != Some(face) {
            dirty = true;
        }
        if dirty {
            terminal
                .draw(|frame| view::draw(frame, &app.ctx(now)))
                .map_err(|e| io::Error::other(e.to_string()))?;
            app.frames += 1;
            shown = Some(face);
            dirty = false;
        }
        if std::mem::take(&mut app.ring) {
            let mut out = io::stdout();
            out.write_all(b"\x07")?;
            out.flush()?;
        }
        if input.poll(wake_after(app, &clock, now))? {
            // Everything already waiting (a paste without bracketed paste, a held key) is
            // handled before the next frame: one draw per burst, not one per key. Each
            // command still reaches the journal as it is handled, before that frame.
            let burst = Instant::now();
            loop {
                dirty |= handle(app, input.read()?, &clock);
                if app.quit || burst.elapsed() > BURST || !input.poll(Duration::ZERO)? {
                    break;
                }
            }
        }
    }
    Ok(())
}

/// The longest a burst of waiting input may hold back the next frame: a long paste typed
/// key by key (each key journaled and fsynced) still shows its progress.
const BURST: Duration = Duration::from_secs(1);

/// One input event. Returns whether anything visible may have changed.
fn handle(app: &mut App, event: Event, clock: &Clock) -> bool {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => app.on_key(&key, clock.now()),
        Event::Paste(text) => app.on_paste(&text, clock.now()),
        Event::Resize(_, _) => true,
        _ => false,
    }
}

/// How long the loop may sleep: until the clock's minute turns, a running timer's second
/// turns, or the next follow poll.
fn wake_after(app: &App, clock: &Clock, now: chrono::DateTime<Utc>) -> Duration {
    let into_minute = now.second() as i64 * 1000 + (now.timestamp_subsec_millis() % 1000) as i64;
    let mut ms = (60_000 - into_minute).max(1);
    if let Some(timer) = app.timer_wake_ms(now) {
        ms = ms.min(timer);
    }
    let wait = clock.real(ms);
    if app.audience() {
        wait.min(FOLLOW_POLL)
    } else {
        wait
    }
}

/// The facilitator's screen drawn off-screen, for benchmarks and pictures of a session.
pub struct Offscreen {
    app: App,
    terminal: Terminal<ratatui::backend::TestBackend>,
}

impl Offscreen {
    pub fn new(session: Session, theme: Theme, width: u16, height: u16) -> Offscreen {
        let terminal =
            Terminal::new(ratatui::backend::TestBackend::new(width, height)).expect("an off-screen terminal");
        Offscreen {
            app: App::new(
                Source::Live(session),
                theme,
                FixedOffset::east_opt(0).expect("UTC"),
            ),
            terminal,
        }
    }

    /// Draws the screen as it is at `now`.
    pub fn draw(&mut self, now: chrono::DateTime<Utc>) {
        let app = &self.app;
        self.terminal
            .draw(|frame| view::draw(frame, &app.ctx(now)))
            .expect("drawing off-screen cannot fail");
    }

    /// The screen's text, row by row.
    pub fn text(&self) -> String {
        format!("{}", self.terminal.backend())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::VecDeque;

    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use super::*;
    use crate::tui::testing::Rig;

    /// Input that is all waiting at once, as a paste or a held key arrives.
    struct Burst(VecDeque<Event>);

    impl Input for Burst {
        fn poll(&mut self, _timeout: Duration) -> io::Result<bool> {
            Ok(!self.0.is_empty())
        }

        fn read(&mut self) -> io::Result<Event> {
            Ok(self.0.pop_front().expect("polled first"))
        }
    }

    fn key(code: KeyCode) -> Event {
        Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    #[test]
    fn a_burst_of_keys_is_drawn_once_and_every_key_is_kept() {
        let mut rig = Rig::new();
        let pages = rig
            .app
            .pack()
            .pages(rig.app.pack().programme.position("ideas").unwrap())
            .len();
        rig.go_to("ideas", pages - 1, 0);
        let mut events: VecDeque<Event> = VecDeque::new();
        events.push_back(key(KeyCode::Char('a')));
        for n in 0..30 {
            events.extend(format!("idea {n}").chars().map(|ch| key(KeyCode::Char(ch))));
            events.push_back(key(KeyCode::Enter));
        }
        events.push_back(Event::Key(KeyEvent::new(
            KeyCode::Char('c'),
            KeyModifiers::CONTROL,
        )));
        let mut terminal = Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
        let keys = events.len() as u64;
        event_loop(&mut terminal, &mut rig.app, &mut Burst(events)).unwrap();
        assert_eq!(rig.app.state().boards.notes.len(), 30, "every note saved");
        // One frame at the start, then one a second at most while the burst is handled:
        // drawing after each key would be one frame a key.
        assert!(
            rig.app.frames <= keys / 10,
            "{} frames for {keys} keys",
            rig.app.frames
        );
    }
}
