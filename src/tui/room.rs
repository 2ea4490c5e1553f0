//! The room open to phones, on the facilitator's side: F2 opens it (starting the room
//! server) and then shows or hides its code; phones' notes and votes arrive in the event loop
//! as keys do and go through the same commands; after each frame the app publishes what phones
//! may see. The code is drawn here too, over any screen, black on white whatever the theme
//! (an inverted code does not scan), with the address as text below it; `convene follow`
//! draws the same code when the facilitator shows it (`room.json`).

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use crate::room_link;
use crate::room_server::{
    PhoneReply, PhoneRequest, QUIET_ZONE, QrMatrix, RoomServer, qr_lines, qr_matrix, start_at,
};
use crate::session::SessionError;

use super::Wake;
use super::app::{App, Source, Tone};
use super::view::Ctx;

/// Phones' requests on their way to the loop at most; beyond, a phone hears "busy" (503)
/// at once rather than wait for an app that is behind.
const WAITING_MAX: usize = 256;

/// What the screen shows of the room: its address and code, whether the code is shown, and
/// how many phones are in. The facilitator's app fills it from its server; the room's screen
/// from `room.json`.
#[derive(Debug, Clone, Default)]
pub(crate) struct RoomUi {
    pub url: String,
    /// The address as a QR code; none if it could not be made (the address still shows).
    pub matrix: Option<QrMatrix>,
    pub shown: bool,
    pub phones: usize,
}

impl RoomUi {
    pub(crate) fn new(url: &str) -> RoomUi {
        RoomUi {
            url: url.to_string(),
            matrix: qr_matrix(url).ok(),
            shown: false,
            phones: 0,
        }
    }
}

/// The open room: its server, and the phones that have sent something (each is shown its
/// own votes after a change).
pub(crate) struct OpenRoom {
    server: RoomServer,
    devices: BTreeSet<String>,
    /// Requests handed to the loop and not yet handled.
    waiting: Arc<AtomicUsize>,
    /// The state's event count when the phones last heard of their own votes.
    published: Option<u64>,
}

/// How the loop hears of phones: each request from the server's inbox is moved onto the
/// loop's own channel at once, so a phone wakes the app as a key does. Ends when the server
/// (the inbox's only sender) has gone.
fn bridge(doorbell: mpsc::Sender<Wake>, waiting: Arc<AtomicUsize>) -> mpsc::SyncSender<PhoneRequest> {
    let (inbox, requests) = mpsc::sync_channel::<PhoneRequest>(64);
    std::thread::spawn(move || {
        for request in requests {
            if waiting.load(Ordering::SeqCst) >= WAITING_MAX {
                request.answer(PhoneReply::Busy);
                continue;
            }
            waiting.fetch_add(1, Ordering::SeqCst);
            if let Err(mpsc::SendError(Wake::Phone(request))) = doorbell.send(Wake::Phone(request)) {
                request.answer(PhoneReply::Busy);
                break;
            }
        }
    });
    inbox
}

impl App {
    /// F2: opens the room if it is closed (with its code shown), else shows or hides the code.
    pub(crate) fn toggle_room(&mut self) {
        match &mut self.ui.room {
            Some(room) if self.room.is_some() => room.shown = !room.shown,
            _ => self.open_room(),
        }
    }

    /// Starts the room's server on the address asked for (or the private one); a failure is
    /// said in the status line, and the workshop goes on with the keyboard.
    pub(crate) fn open_room(&mut self) {
        let Source::Live(session) = &self.source else {
            return;
        };
        let Some(doorbell) = self.doorbell.clone() else {
            return self.say("the room opens only in the running app");
        };
        let failed = |e: String| (format!("THE ROOM DID NOT OPEN: {e}"), Tone::Error);
        let token = match session.room_token() {
            Ok(token) => token,
            Err(e) => {
                self.ui.status = Some(failed(e.to_string()));
                return;
            }
        };
        let waiting = Arc::new(AtomicUsize::new(0));
        let inbox = bridge(doorbell, waiting.clone());
        match start_at(self.room_at, token, inbox) {
            Ok(server) => {
                let mut ui = RoomUi::new(server.url());
                ui.shown = true;
                self.say("The room is open to phones; F2 hides the code");
                self.ui.room = Some(ui);
                self.room = Some(OpenRoom {
                    server,
                    devices: BTreeSet::new(),
                    waiting,
                    published: None,
                });
            }
            Err(e) => self.ui.status = Some(failed(e.to_string())),
        }
    }

    /// Closes the room: every phone's connection ends.
    pub(crate) fn close_room(&mut self) {
        if let Some(room) = self.room.take() {
            room.server.stop();
        }
        self.ui.room = None;
    }

    /// A phone's note or vote: the session decides it as it decides a key (journaled and
    /// fsynced before the next frame), and the phone hears how it went at once. A refusal
    /// by the workshop's rules is the phone's business; a journal that cannot be written is
    /// the facilitator's too. Returns whether anything visible may have changed.
    pub(crate) fn on_phone(&mut self, request: PhoneRequest, now: DateTime<Utc>) -> bool {
        let Some(room) = &mut self.room else {
            request.answer(PhoneReply::Busy);
            return false;
        };
        room.waiting.fetch_sub(1, Ordering::SeqCst);
        room.devices.insert(request.ask.device().to_string());
        let outcome = self.execute(&room_link::command_for(&request.ask), now);
        request.answer(room_link::reply_for(&outcome));
        let changed = match &outcome {
            Ok(()) => true,
            Err(SessionError::Command(_)) => false,
            Err(e) => {
                self.ui.status = Some((format!("NOT SAVED (a phone's note or vote): {e}"), Tone::Error));
                true
            }
        };
        if changed {
            self.settle_board();
        }
        changed
    }

    /// Tells the phones what they may see now, and each phone that has sent something its
    /// own votes when the workshop changed. Cheap when nothing changed: the server ignores
    /// a view it already has.
    pub(crate) fn publish_room(&mut self, now: DateTime<Utc>) {
        let (Some(room), Source::Live(session)) = (&mut self.room, &self.source) else {
            return;
        };
        room.server
            .publish(room_link::public_view(&session.pack, &session.state, now));
        if room.published != Some(session.state.events) {
            for device in &room.devices {
                room.server.publish_phone(
                    device,
                    room_link::phone_view(&session.pack, &session.state, device),
                );
            }
            room.published = Some(session.state.events);
        }
    }

    /// Whether the count of phones in the room changed (the footer and the code say it).
    pub(crate) fn count_phones(&mut self) -> bool {
        let (Some(room), Some(ui)) = (&self.room, &mut self.ui.room) else {
            return false;
        };
        let phones = room.server.phones();
        std::mem::replace(&mut ui.phones, phones) != phones
    }

    pub(crate) fn room_open(&self) -> bool {
        self.room.is_some()
    }

    /// The room's screen: the code as the facilitator shows it.
    pub(crate) fn follow_code(&mut self, url: Option<&str>, shown: bool, phones: usize) {
        let Some(url) = url else {
            self.ui.room = None;
            return;
        };
        if self.ui.room.as_ref().is_none_or(|r| r.url != url) {
            self.ui.room = Some(RoomUi::new(url));
        }
        if let Some(room) = &mut self.ui.room {
            room.shown = shown;
            room.phones = phones;
        }
    }
}

/// The facilitator's footer marker while the room is open: in words, not colour alone.
pub(crate) fn marker(ctx: &Ctx<'_>) -> Option<String> {
    let room = ctx.ui.room.as_ref().filter(|_| !ctx.audience)?;
    Some(format!(" LIVE · {} ", phones_words(room.phones)))
}

fn phones_words(n: usize) -> String {
    if n == 1 {
        "1 phone".to_string()
    } else {
        format!("{n} phones")
    }
}

/// Black on white, set as colours, not the theme's: a code must scan on any theme, and
/// with NO_COLOR too.
const PAPER: Style = Style::new().fg(Color::Rgb(0, 0, 0)).bg(Color::Rgb(255, 255, 255));

/// How the code is drawn in an area.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Placement {
    /// The white panel: code, address and count; every cell black on white.
    pub panel: Rect,
    /// The code's lines, quiet zone included (empty: the window is too small for it).
    pub code: Vec<String>,
    /// The lines of words under the code (or, too small, instead of it).
    pub words: Vec<String>,
}

/// Each module as two columns of a full row when that fits (the biggest code), else as
/// half blocks (a column of half a row); too small even for that, the address in words and
/// what size the code needs.
pub(crate) fn place(area: Rect, room: &RoomUi) -> Placement {
    let width = area.width as usize;
    let height = area.height as usize;
    let side = room.matrix.as_ref().map_or(0, |m| m.width() + 2 * QUIET_ZONE);
    let count = format!("{} joined", phones_words(room.phones));
    let words_for = |w: usize| -> Vec<String> {
        let mut words = crate::width::wrap(&room.url, w.max(1));
        words.push(count.clone());
        words
    };
    let big = room.matrix.as_ref().map(|m| {
        (0..side)
            .map(|y| {
                (0..side)
                    .map(|x| {
                        let dark =
                            x >= QUIET_ZONE && y >= QUIET_ZONE && m.is_dark(x - QUIET_ZONE, y - QUIET_ZONE);
                        if dark { "██" } else { "  " }
                    })
                    .collect::<String>()
            })
            .collect::<Vec<String>>()
    });
    let half = room.matrix.as_ref().map(qr_lines);
    for code in [big, half].into_iter().flatten() {
        let code_width = code.first().map_or(0, |l| l.width());
        if code_width > width {
            continue;
        }
        let panel_width = code_width.max(room.url.width() + 2).min(width);
        let mut words = words_for(panel_width.saturating_sub(2));
        // The address must show; the count only where there is room for it.
        if code.len() + words.len() > height {
            words.pop();
        }
        if code.len() + words.len() > height {
            continue;
        }
        return Placement {
            panel: centred(area, panel_width, code.len() + words.len()),
            code,
            words,
        };
    }
    let need = if side == 0 {
        String::from("The code could not be drawn.")
    } else {
        format!(
            "The code needs a window of {}×{} at least; this one is {width}×{height}.",
            side,
            side.div_ceil(2) + 2
        )
    };
    let panel_width = width.min(60);
    let mut words = vec![String::from("Open on a phone:")];
    words.extend(crate::width::wrap(
        &room.url,
        panel_width.saturating_sub(2).max(1),
    ));
    words.extend(crate::width::wrap(&need, panel_width.saturating_sub(2).max(1)));
    words.truncate(height);
    Placement {
        panel: centred(area, panel_width, words.len()),
        code: Vec::new(),
        words,
    }
}

fn centred(area: Rect, width: usize, height: usize) -> Rect {
    let width = (width as u16).min(area.width);
    let height = (height as u16).min(area.height);
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    )
}

/// The room's code in place of whatever is on screen (nothing else beside it for a camera
/// to take for part of it).
pub(crate) fn draw_code(frame: &mut Frame<'_>, area: Rect, room: &RoomUi, ctx: &Ctx<'_>) {
    let placed = place(area, room);
    let panel = placed.panel;
    frame.render_widget(Clear, area);
    frame.render_widget(Block::default().style(ctx.theme.base()), area);
    frame.render_widget(Block::default().style(PAPER), panel);
    let mut lines: Vec<Line<'_>> = placed.code.into_iter().map(Line::from).collect();
    lines.extend(placed.words.into_iter().map(Line::from));
    frame.render_widget(
        Paragraph::new(lines)
            .style(PAPER)
            .alignment(ratatui::layout::Alignment::Center)
            .wrap(Wrap { trim: false }),
        panel,
    );
}

#[cfg(test)]
mod tests {
    use ratatui::buffer::Buffer;

    use super::*;
    use crate::tui::testing::Rig;
    use crate::tui::theme::{Theme, ThemeName};

    const URL: &str = "http://192.168.100.200:8330/0123456789ABCDEF0123456789ABCDEF/";

    fn shown(phones: usize) -> RoomUi {
        RoomUi {
            shown: true,
            phones,
            ..RoomUi::new(URL)
        }
    }

    fn text(buffer: &Buffer, area: Rect) -> String {
        (area.top()..area.bottom())
            .map(|y| {
                (area.left()..area.right())
                    .map(|x| buffer[(x, y)].symbol().to_string())
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The app's screen, with the room's code shown, in `theme`.
    fn drawn(theme: ThemeName, color: bool, size: (u16, u16), room: RoomUi) -> (Buffer, Rect) {
        let mut rig = Rig::new();
        rig.app.theme = Theme::new(theme, color);
        rig.app.ui.room = Some(room.clone());
        let buffer = crate::tui::view::drawn(&rig.app, size, crate::tui::testing::at(3), false);
        let above_footer = Rect::new(0, 0, size.0, size.1 - 1);
        (buffer, place(above_footer, &room).panel)
    }

    #[test]
    fn the_code_is_black_on_white_on_every_cell_in_every_theme() {
        for (theme, color) in [
            (ThemeName::Dark, true),
            (ThemeName::Light, true),
            (ThemeName::HighContrast, true),
            (ThemeName::Dark, false),
        ] {
            let (buffer, panel) = drawn(theme, color, (80, 24), shown(2));
            for y in panel.top()..panel.bottom() {
                for x in panel.left()..panel.right() {
                    let cell = &buffer[(x, y)];
                    assert_eq!(
                        (cell.fg, cell.bg),
                        (Color::Rgb(0, 0, 0), Color::Rgb(255, 255, 255)),
                        "{theme:?} colour {color}: cell {x},{y}"
                    );
                }
            }
            let shown = text(&buffer, panel);
            assert!(shown.contains(URL), "the address as text:\n{shown}");
            assert!(shown.contains("2 phones joined"), "{shown}");
        }
    }

    #[test]
    fn a_code_of_33_modules_fits_80_by_24_in_half_blocks_and_grows_on_a_big_screen() {
        let room = shown(0);
        assert_eq!(room.matrix.as_ref().unwrap().width(), 33);
        let placed = place(Rect::new(0, 0, 80, 23), &room);
        assert_eq!(placed.code.len(), 21, "two rows of modules a line");
        assert_eq!(placed.code[0].width(), 41, "quiet zone on both sides");
        assert!(placed.words.iter().any(|w| w == URL));
        assert_eq!(placed.words.last().unwrap(), "0 phones joined");
        let big = place(Rect::new(0, 0, 160, 48), &room);
        assert_eq!(
            (big.code.len(), big.code[0].width()),
            (41, 82),
            "two columns a module"
        );
        // The whole code, quiet zone and all, as the phone's camera reads it.
        let (buffer, panel) = drawn(ThemeName::Dark, true, (80, 24), room);
        insta::assert_snapshot!("room_code_80x24", text(&buffer, panel));
    }

    #[test]
    fn too_small_for_the_code_says_so_and_still_gives_the_address() {
        let placed = place(Rect::new(0, 0, 60, 17), &shown(1));
        assert!(placed.code.is_empty());
        let words = placed.words.concat();
        assert!(words.contains("needs a window of 41×23"), "{words}");
        assert!(words.contains("0123456789ABCDEF0123456789ABCDEF"), "{words}");
    }

    #[test]
    fn the_footer_says_live_and_how_many_phones_while_the_room_is_open() {
        let mut rig = Rig::new();
        assert!(!rig.screen((80, 24), 3).contains("LIVE"));
        rig.app.ui.room = Some(RoomUi {
            phones: 3,
            ..RoomUi::new(URL)
        });
        let screen = rig.screen((80, 24), 3);
        let footer = screen.lines().last().unwrap();
        assert!(footer.contains("LIVE · 3 phones"), "{footer}");
        assert!(!screen.contains(URL), "the code is hidden: {screen}");
        // Still there while a status message holds the footer.
        rig.app.say("Wrote 6 files");
        let footer = rig.screen((80, 24), 3).lines().last().unwrap().to_string();
        assert!(
            footer.contains("LIVE · 3 phones") && footer.contains("Wrote"),
            "{footer}"
        );
        insta::assert_snapshot!("room_live_footer", rig.screen((80, 24), 3));
    }

    #[test]
    fn the_rooms_screen_shows_the_code_when_the_facilitator_does() {
        let mut rig = Rig::new();
        rig.app.follow_code(Some(URL), true, 4);
        rig.app.source_as_audience();
        rig.app.follow_code(Some(URL), true, 4);
        let screen = rig.screen((80, 24), 3);
        assert!(
            screen.contains(URL) && screen.contains("4 phones joined"),
            "{screen}"
        );
        assert!(!screen.contains("LIVE"), "the marker is the facilitator's");
        rig.app.follow_code(Some(URL), false, 4);
        assert!(!rig.screen((80, 24), 3).contains(URL));
    }

    #[test]
    fn f2_without_a_running_loop_says_so_and_never_fails() {
        let mut rig = Rig::new();
        crate::tui::testing::key(
            &mut rig,
            crossterm::event::KeyCode::F(2),
            crossterm::event::KeyModifiers::NONE,
        );
        assert!(rig.app.ui.room.is_none());
        assert!(rig.app.ui.status.is_some());
    }

    #[test]
    fn a_phones_note_is_journaled_answered_and_published() {
        let mut rig = crate::tui::testing::on_board();
        let (doorbell, wakes) = mpsc::channel();
        rig.app.doorbell = Some(doorbell);
        rig.app.room_at = Some("127.0.0.1:0".parse().unwrap());
        rig.app.toggle_room();
        assert!(rig.app.room_open(), "{:?}", rig.app.ui.status);
        assert!(
            rig.app.ui.room.as_ref().unwrap().shown,
            "opens with the code shown"
        );
        let board = rig.app.board_page().unwrap().id.clone();
        let column = rig.app.pack().categories_of(rig.app.board_page().unwrap())[0]
            .id
            .clone();
        let ask = crate::room_server::PhoneAsk::AddNote {
            device: "d1".into(),
            column,
            sector: None,
            text: "From a phone".into(),
            author: None,
        };
        let (request, answer) = PhoneRequest::new(ask);
        // As the bridge does: counted, then handed on.
        rig.app
            .room
            .as_ref()
            .unwrap()
            .waiting
            .fetch_add(1, Ordering::SeqCst);
        assert!(rig.app.on_phone(request, crate::tui::testing::at(4)));
        assert_eq!(answer.blocking_recv().unwrap(), PhoneReply::Ok);
        let note = rig.app.state().boards.notes.last().unwrap();
        assert_eq!(
            (note.text.as_str(), note.board.as_str()),
            ("From a phone", board.as_str())
        );
        rig.app.publish_room(crate::tui::testing::at(4));
        // F2 hides the code (the board shows, with the phone's note), then shows it again;
        // the room stays open.
        rig.app.toggle_room();
        assert!(!rig.app.ui.room.as_ref().unwrap().shown && rig.app.room_open());
        assert!(rig.screen((80, 24), 4).contains("From a phone"));
        rig.app.toggle_room();
        assert!(rig.screen((80, 24), 4).contains("0 phones joined"));
        // A note the rules refuse is answered with the rule's words, and changes nothing.
        rig.app.ui.status = None;
        let (request, answer) = PhoneRequest::new(crate::room_server::PhoneAsk::AddNote {
            device: "d1".into(),
            column: "nowhere".into(),
            sector: None,
            text: "Lost".into(),
            author: None,
        });
        rig.app
            .room
            .as_ref()
            .unwrap()
            .waiting
            .fetch_add(1, Ordering::SeqCst);
        assert!(!rig.app.on_phone(request, crate::tui::testing::at(4)));
        assert!(matches!(answer.blocking_recv().unwrap(), PhoneReply::Refused(_)));
        assert!(
            rig.app.ui.status.is_none(),
            "the phone's business, not the facilitator's"
        );
        rig.app.close_room();
        assert!(rig.app.ui.room.is_none());
        drop(wakes);
    }
}
