//! Helpers for the screens' snapshot tests: a real session of the tests' small workshop
//! (tests/fixtures/small-pack) in a temporary folder, driven through the same intents keys
//! produce, drawn on a `TestBackend`. The small pack, not the built-in workshop, so editing
//! the built-in workshop's content never breaks them; one smoke test runs the built-in pack.

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::pack::{Pack, PackFiles};
use crate::session::{Session, StartOptions};

use super::app::{App, Source};
use super::keys::Intent;
use super::theme::{Theme, ThemeName};
use super::view;

/// The sizes every screen is checked at.
pub(crate) const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (60, 18)];

/// A time `minute` minutes after 10:00 UTC on the day of the test workshop: the small pack's
/// planned start.
pub(crate) fn at(minute: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 10, 0, 0).unwrap() + chrono::TimeDelta::minutes(minute)
}

/// The tests' small workshop: five items (Welcome, Gather ideas, Tea, Plan the first step,
/// Close), planned 10:00 to 11:00.
pub(crate) fn small_pack() -> Pack {
    Pack::from_files(small_pack_files()).unwrap()
}

/// The small workshop's files, to add to.
pub(crate) fn small_pack_files() -> PackFiles {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/small-pack");
    PackFiles::read_dir(std::path::Path::new(dir)).unwrap()
}

/// A facilitator's app on a fresh session, started at 10:00 UTC.
pub(crate) struct Rig {
    pub app: App,
    _dir: tempfile::TempDir,
}

impl Rig {
    /// On the tests' small workshop.
    pub fn new() -> Rig {
        Rig::starting(StartOptions::default())
    }

    /// On the tests' small workshop, started with `options`.
    pub fn starting(options: StartOptions) -> Rig {
        Rig::on(small_pack(), &options)
    }

    /// On the built-in workshop: only for the smoke test that runs all of it.
    pub fn builtin() -> Rig {
        Rig::on(Pack::builtin().unwrap(), &StartOptions::default())
    }

    /// On a pack made for the test (the small pack with something added, say).
    pub fn on_pack(pack: Pack) -> Rig {
        Rig::on(pack, &StartOptions::default())
    }

    fn on(pack: Pack, options: &StartOptions) -> Rig {
        let dir = tempfile::tempdir().unwrap();
        let session = Session::create(&dir.path().join("s"), pack, options, at(0)).unwrap();
        let theme = Theme::new(ThemeName::Dark, true);
        Rig {
            app: App::new(Source::Live(session), theme, FixedOffset::east_opt(0).unwrap()),
            _dir: dir,
        }
    }

    /// Acts as a key would, at a time.
    pub fn act(&mut self, intent: Intent, minute: i64) -> &mut Self {
        self.app.act(intent, at(minute));
        self
    }

    /// Acts as a key would, at a time in milliseconds after 09:30.
    pub fn act_ms(&mut self, intent: Intent, ms: i64) -> &mut Self {
        self.app.act(intent, at(0) + chrono::TimeDelta::milliseconds(ms));
        self
    }

    /// Presses "next" until the position matches.
    pub fn go_to(&mut self, item: &str, slide: usize, step: usize) -> &mut Self {
        let index = self.app.pack().programme.position(item).expect("item exists");
        self.act(Intent::Do(crate::session::Command::GoToItem(index)), 1);
        for _ in 0..(slide * 20 + step + 1) {
            let p = &self.app.state().position;
            if p.slide == slide && p.step == step {
                break;
            }
            self.act(Intent::Do(crate::session::Command::Next), 1);
        }
        let p = &self.app.state().position;
        assert_eq!(
            (p.item, p.slide, p.step),
            (index, slide, step),
            "reached the position"
        );
        self
    }

    /// The screen as text at a size and time.
    pub fn screen(&self, size: (u16, u16), minute: i64) -> String {
        self.screen_ms(size, minute * 60_000)
    }

    /// The screen as text at a size and a time in milliseconds after 09:30.
    pub fn screen_ms(&self, (w, h): (u16, u16), ms: i64) -> String {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        let now = at(0) + chrono::TimeDelta::milliseconds(ms);
        terminal.draw(|f| view::draw(f, &self.app.ctx(now))).unwrap();
        format!("{}", terminal.backend())
    }
}

/// A rig on the small workshop's "Gather ideas" board (columns Books and reading, Events,
/// Skills), ready for keys.
pub(crate) fn on_board() -> Rig {
    let mut rig = Rig::new();
    let pack = rig.app.pack();
    let pages = pack.pages(pack.programme.position("gather").unwrap()).len();
    rig.go_to("gather", pages - 1, 0);
    rig
}

/// Presses a key, three minutes in.
pub(crate) fn key(rig: &mut Rig, code: crossterm::event::KeyCode, modifiers: crossterm::event::KeyModifiers) {
    rig.app
        .on_key(&crossterm::event::KeyEvent::new(code, modifiers), at(3));
}

/// Types text key by key.
pub(crate) fn typed(rig: &mut Rig, text: &str) {
    for ch in text.chars() {
        key(
            rig,
            crossterm::event::KeyCode::Char(ch),
            crossterm::event::KeyModifiers::NONE,
        );
    }
}
