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
mod countdown;
mod field;
mod fit;
mod footer;
mod form;
mod grid;
mod groups;
mod help;
pub(crate) mod keys;
pub(crate) mod markdown;
mod notes;
mod people;
mod programme;
mod results;
mod room;
mod room_view;
mod slide;
#[doc(hidden)]
pub use slide::bench_draw_slide;
mod small;
pub mod theme;
pub(crate) mod view;

#[cfg(test)]
mod testing;

use std::io::{self, Write};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use chrono::{FixedOffset, Local, Offset, Timelike, Utc};
use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event, KeyEventKind};
use crossterm::execute;
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use signal_hook::consts::{SIGHUP, SIGQUIT, SIGTERM};

use crate::session::{Follower, Session};

use app::{App, Source, Tone};
use theme::Theme;

/// How often `follow` looks at the journal: well inside the quarter second it promises.
const FOLLOW_POLL: Duration = Duration::from_millis(100);

/// How often the count of phones in the room is looked at while it is open.
const ROOM_POLL: Duration = Duration::from_secs(2);

/// How the app looks and sounds.
#[derive(Debug, Clone)]
pub struct Options {
    pub theme: Theme,
    /// Ring the terminal bell when a phase's time is up.
    pub bell: bool,
    /// How many times faster than real time the clock runs (a rehearsal); 1 in a workshop.
    pub speed: f64,
    /// A line of news for the facilitator at the start (the plan moved to the real start).
    pub notice: Option<String>,
    /// Open the room to phones at the start (`--room`).
    pub room: bool,
    /// Where the room opens (`--room-addr`); none: this computer's private address.
    pub room_at: Option<crate::room_server::RoomAddr>,
}

/// How the app ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// The facilitator quit (`q`, Ctrl+C).
    Quit,
    /// A signal ended it (its number): the terminal was put back all the same.
    Signal(i32),
}

impl Ending {
    /// The process's exit code: 0 after a quit; after a signal 128 + its number, as a shell
    /// reports a program a signal stopped (143 for SIGTERM, 129 for SIGHUP, 131 for SIGQUIT).
    pub fn exit_code(self) -> i32 {
        match self {
            Ending::Quit => 0,
            Ending::Signal(n) => 128 + n,
        }
    }
}

/// The signals that end the app as a quit does: `kill`'s default, the window closing, and
/// SIGQUIT (sent by hand: in raw mode Ctrl+\ is only a key).
const ENDING: [i32; 3] = [SIGTERM, SIGHUP, SIGQUIT];

/// Runs a session full-screen until the facilitator quits or a signal ends it.
pub fn run_live(session: Session, warnings: Vec<String>, options: Options) -> io::Result<Ending> {
    let mut app = App::new(Source::Live(session), options.theme, local_offset());
    app.bell = options.bell;
    app.speed = options.speed;
    app.restore_draft();
    app.restore_room();
    app.room_at = options.room_at;
    // A problem outranks news.
    if let Some(w) = warnings.first() {
        app.ui.status = Some((w.clone(), Tone::Error));
    } else if let Some(news) = options.notice {
        app.ui.status = Some((news, Tone::Info));
    }
    run(app, options.room)
}

/// Follows someone else's session, read-only, until told to stop. The room's screen rings
/// too, unless told not to: it may be the one with the speakers.
pub fn run_follow(follower: Follower, options: Options) -> io::Result<Ending> {
    let mut app = App::new(Source::Follow(follower), options.theme, local_offset());
    app.follow_room();
    app.bell = options.bell;
    app.speed = options.speed;
    run(app, false)
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

fn run(mut app: App, open_room: bool) -> io::Result<Ending> {
    let mut keyboard = Keyboard::start()?;
    app.doorbell = Some(keyboard.doorbell.clone());
    if open_room {
        app.open_room();
    }
    let mut terminal = enter()?;
    let result = match event_loop(&mut terminal, &mut app, &mut keyboard) {
        // The window closing fails the next draw or read as it sends its SIGHUP: the signal
        // is what happened, and the outcomes are still to be written.
        Err(e) => keyboard.signal_in_flight().map(Ending::Signal).ok_or(e),
        ending => ending,
    };
    // Ending the session closes the room: no phone reaches it any more.
    app.close_room();
    if leave().is_err() {
        // The terminal is gone (the window closed): whatever is printed next would fail
        // and stop the outcomes being written, so it goes nowhere instead.
        say_nothing_more();
    }
    result
}

type Term = Terminal<CrosstermBackend<io::Stdout>>;

fn enter() -> io::Result<Term> {
    // Restore the terminal on a panic too, before the message prints.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = leave();
        previous(info);
    }));
    enable_raw_mode()?;
    let mut stdout = io::stdout();
    if let Err(e) = execute!(stdout, EnterAlternateScreen, EnableBracketedPaste) {
        let _ = leave();
        return Err(e);
    }
    let terminal = Terminal::new(CrosstermBackend::new(stdout));
    if terminal.is_err() {
        let _ = leave();
    }
    terminal
}

/// Puts the terminal back as it was: safe to call more than once. Every step is tried;
/// the first failure is returned (a terminal that has gone fails them all).
fn leave() -> io::Result<()> {
    let raw = disable_raw_mode();
    let mut stdout = io::stdout();
    let screen = execute!(
        stdout,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    let flushed = stdout.flush();
    raw.and(screen).and(flushed)
}

/// Points standard output and error at /dev/null: the terminal they wrote to has gone.
fn say_nothing_more() {
    if let Ok(null) = std::fs::OpenOptions::new().write(true).open("/dev/null") {
        let _ = rustix::stdio::dup2_stdout(&null);
        let _ = rustix::stdio::dup2_stderr(&null);
    }
}

/// Where input comes from: the real terminal, or a script in tests.
trait Input {
    /// Waits up to `timeout` for an event; whether one is waiting. A signal that ends the
    /// app wakes it too, returning false.
    fn poll(&mut self, timeout: Duration) -> io::Result<bool>;
    fn read(&mut self) -> io::Result<Arrival>;
    /// The signal that asked the app to end, once `poll` has met it.
    fn signal(&self) -> Option<i32>;
}

/// What wakes the loop besides the clock.
pub(crate) enum Wake {
    Input(io::Result<Event>),
    Signal(i32),
    /// A phone's note or vote (`room::bridge` hands it on from the room's server).
    Phone(crate::room_server::PhoneRequest),
}

/// What the loop handles: the terminal's input, or a phone's request.
enum Arrival {
    Event(Event),
    Phone(crate::room_server::PhoneRequest),
}

/// The terminal's input and the ending signals, each waited for on a thread of its own and
/// sent down one channel, so the loop sleeps on the channel and either wakes it at once.
/// crossterm's own `poll` sleeps on through a signal, and spins on a terminal that has hung
/// up, so the loop never waits inside it.
struct Keyboard {
    wakes: mpsc::Receiver<Wake>,
    /// For phones' requests to wake the loop as keys do.
    doorbell: mpsc::Sender<Wake>,
    /// Set by the signal handler itself, before the signal's thread hears of it.
    signalled: Arc<AtomicBool>,
    waiting: Option<Arrival>,
    signal: Option<i32>,
}

impl Keyboard {
    fn start() -> io::Result<Keyboard> {
        let signalled = Arc::new(AtomicBool::new(false));
        // A second SIGTERM or SIGQUIT ends the app at once, should it be stuck after the
        // first. Not SIGHUP: a closing window may send it twice.
        for signal in [SIGTERM, SIGQUIT] {
            signal_hook::flag::register_conditional_shutdown(signal, 128 + signal, Arc::clone(&signalled))?;
        }
        for signal in ENDING {
            signal_hook::flag::register(signal, Arc::clone(&signalled))?;
        }
        let mut signals = signal_hook::iterator::Signals::new(ENDING)?;
        let (send, wakes) = mpsc::channel();
        let doorbell = send.clone();
        let on_signal = send.clone();
        std::thread::spawn(move || {
            for signal in signals.forever() {
                if on_signal.send(Wake::Signal(signal)).is_err() {
                    break;
                }
            }
        });
        std::thread::spawn(move || {
            loop {
                let event = event::read();
                let failed = event.is_err();
                if send.send(Wake::Input(event)).is_err() || failed {
                    break;
                }
            }
        });
        Ok(Keyboard {
            wakes,
            doorbell,
            signalled,
            waiting: None,
            signal: None,
        })
    }

    /// The signal on its way when the loop failed, if one is.
    fn signal_in_flight(&mut self) -> Option<i32> {
        if self.signal.is_some() || !self.signalled.load(std::sync::atomic::Ordering::SeqCst) {
            return self.signal;
        }
        let until = Instant::now() + Duration::from_secs(1);
        while let Ok(wake) = self
            .wakes
            .recv_timeout(until.saturating_duration_since(Instant::now()))
        {
            if let Wake::Signal(n) = wake {
                return Some(n);
            }
        }
        None
    }
}

impl Input for Keyboard {
    fn poll(&mut self, timeout: Duration) -> io::Result<bool> {
        if self.waiting.is_some() {
            return Ok(true);
        }
        match self.wakes.recv_timeout(timeout) {
            Ok(Wake::Input(event)) => {
                self.waiting = Some(Arrival::Event(event?));
                Ok(true)
            }
            Ok(Wake::Phone(request)) => {
                self.waiting = Some(Arrival::Phone(request));
                Ok(true)
            }
            Ok(Wake::Signal(n)) => {
                self.signal = Some(n);
                Ok(false)
            }
            Err(mpsc::RecvTimeoutError::Timeout) => Ok(false),
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                Err(io::Error::other("the terminal's input stopped"))
            }
        }
    }

    fn read(&mut self) -> io::Result<Arrival> {
        self.waiting
            .take()
            .ok_or_else(|| io::Error::other("read before poll found an event"))
    }

    fn signal(&self) -> Option<i32> {
        self.signal
    }
}

/// Draws only when something visible changed: a key, a resize, the follow journal growing or
/// `room.json` changing (what the facilitator looks at: `App::tick` polls both),
/// the minute on the clock or a running timer's second turning. Between those it sleeps in
/// `poll`. Ends on a quit, or on a signal as if it were one.
fn event_loop<B: ratatui::backend::Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    input: &mut impl Input,
) -> io::Result<Ending> {
    let clock = Clock::new(app.speed, app.state().last_event_at);
    app.settle_bell(clock.now());
    let mut dirty = true;
    let mut shown = None;
    while !app.quit && input.signal().is_none() {
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
            // What the frame showed, for the room's screen (written only when it changed),
            // and what phones may see now (sent only when it changed).
            app.sync_room();
            app.publish_room(now);
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
    Ok(input.signal().map_or(Ending::Quit, Ending::Signal))
}

/// The longest a burst of waiting input may hold back the next frame: a long paste typed
/// key by key (each key journaled and fsynced) still shows its progress.
const BURST: Duration = Duration::from_secs(1);

/// One input event or phone's request. Returns whether anything visible may have changed.
fn handle(app: &mut App, arrival: Arrival, clock: &Clock) -> bool {
    let event = match arrival {
        Arrival::Event(event) => event,
        Arrival::Phone(request) => return app.on_phone(request, clock.now()),
    };
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
    } else if app.room_open() {
        // Phones joining change the count on screen; nothing else tells the loop.
        wait.min(ROOM_POLL)
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
    use crate::tui::testing::on_board;

    /// Input that is all waiting at once, as a paste or a held key arrives.
    struct Burst(VecDeque<Event>);

    impl Input for Burst {
        fn poll(&mut self, _timeout: Duration) -> io::Result<bool> {
            Ok(!self.0.is_empty())
        }

        fn read(&mut self) -> io::Result<Arrival> {
            Ok(Arrival::Event(self.0.pop_front().expect("polled first")))
        }

        fn signal(&self) -> Option<i32> {
            None
        }
    }

    /// Keys, then a signal once they are all read, as `Keyboard` reports one.
    struct KeysThenSignal {
        keys: VecDeque<Event>,
        signal: i32,
        met: Option<i32>,
    }

    impl Input for KeysThenSignal {
        fn poll(&mut self, _timeout: Duration) -> io::Result<bool> {
            assert!(self.met.is_none(), "polled again after the signal");
            if self.keys.is_empty() {
                self.met = Some(self.signal);
            }
            Ok(!self.keys.is_empty())
        }

        fn read(&mut self) -> io::Result<Arrival> {
            Ok(Arrival::Event(self.keys.pop_front().expect("polled first")))
        }

        fn signal(&self) -> Option<i32> {
            self.met
        }
    }

    fn key(code: KeyCode) -> Event {
        Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    #[test]
    fn a_signal_ends_the_loop_as_a_quit_does_with_every_note_kept() {
        let mut rig = on_board();
        let mut keys: VecDeque<Event> = VecDeque::new();
        keys.push_back(key(KeyCode::Char('a')));
        keys.extend("a note".chars().map(|ch| key(KeyCode::Char(ch))));
        keys.push_back(key(KeyCode::Enter));
        let mut input = KeysThenSignal {
            keys,
            signal: SIGTERM,
            met: None,
        };
        let mut terminal = Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
        let ending = event_loop(&mut terminal, &mut rig.app, &mut input).unwrap();
        assert_eq!(ending, Ending::Signal(SIGTERM));
        assert_eq!(ending.exit_code(), 143);
        assert!(!rig.app.quit, "no quit key was pressed");
        assert_eq!(rig.app.state().boards.notes.len(), 1, "the note saved");
    }

    #[test]
    fn a_burst_of_keys_is_drawn_once_and_every_key_is_kept() {
        let mut rig = on_board();
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
