//! The room server: the small web server phones in the room talk to, to add notes and votes.
//!
//! It knows nothing of the journal, the session or the terminal. Its contract:
//!
//! - [`RoomServer::start`] binds exactly the address given (never all interfaces) and serves
//!   from one background thread running a current-thread tokio runtime. Every path holds a
//!   random token of 128 bits ([`RoomServer::url`]); anything else is 404.
//! - The app [`publish`](RoomServer::publish)es a [`PublicView`]: all that phones see. It
//!   leaves out whatever the room must not see; the server sends nothing else. Publishing an
//!   unchanged view is cheap and sends nothing.
//! - A phone's note or vote reaches the app as a [`PhoneRequest`] on the bounded `inbox`
//!   given to `start` (full: the phone hears "busy", 503). The app decides it as it decides a
//!   key (the session cleans text and keeps budgets; the server only caps sizes and rates)
//!   and [`answer`](PhoneRequest::answer)s at once; the phone waits
//!   [`Limits::reply_timeout`] at most.
//! - A phone is a device cookie, not a person. [`RoomServer::publish_phone`] sets what one
//!   phone alone sees (its votes).
//! - A slow or hostile phone cannot hold the server or the app: headers and bodies must
//!   arrive in time, bodies are small, connections and streams are capped per address,
//!   devices in all, notes and votes per device per minute ([`Limits`]). `Host` must be the
//!   bound address; writes need the page's `Origin` and JSON. Every answer carries a strict
//!   Content-Security-Policy, `nosniff`, `no-referrer` and `no-store`.
//! - [`RoomServer::stop`] (or dropping it) closes every connection and ends the thread.
//!
//! Routes, under `/{token}/`: `GET /` the page (and the device cookie), `page.js`,
//! `page.css`, `view.json` (the view and this phone's part), `events` (server-sent events:
//! the same JSON on each change), `POST note` `{column, sector?, text, author?}` and
//! `POST vote` `{note, add}`, answered `{"ok":true}` or `{"ok":false,"reason":"…"}`.

mod guard;
mod http;
mod lan;
mod qr;
mod request;
mod room;
mod serve;
mod view;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::sync::mpsc::SyncSender;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use tokio::sync::{oneshot, watch};

pub use lan::{DEFAULT_PORT, RoomAddr, is_private, private_address, start_at};
pub use qr::{QUIET_ZONE, QrMatrix, qr_lines, qr_matrix};
pub use request::{PhoneAsk, PhoneReply, PhoneRequest};
pub use view::{
    Countdown, PhoneView, PublicBoard, PublicColumn, PublicNote, PublicSector, PublicView, Voting,
};

use http::Shared;
use room::Room;
use view::Snapshot;

/// How much the server lets phones do. The defaults suit a room of a few hundred phones on
/// one laptop; tests shorten the times.
#[derive(Clone, Debug)]
pub struct Limits {
    /// A request body, in bytes (beyond: 413).
    pub body_bytes: usize,
    /// A note's text, in characters (beyond: 422, as the session's own limit).
    pub note_chars: usize,
    /// Notes each device may send a minute (beyond: 429).
    pub notes_per_minute: usize,
    /// Votes (and votes taken back) each device may send a minute (beyond: 429).
    pub votes_per_minute: usize,
    /// Devices one address may be given a minute, so that dropping the cookie does not
    /// dodge the rates (beyond: 429 on the page).
    pub new_devices_per_minute: usize,
    /// Devices known at once (beyond: the page says the room is full, 503).
    pub devices: usize,
    /// Open connections from one address (beyond: closed unanswered).
    pub connections_per_ip: usize,
    /// Open connections in all (beyond: closed unanswered).
    pub connections: usize,
    /// Open event streams from one address (beyond: 429).
    pub streams_per_ip: usize,
    /// How long a request's head, and then its body, may take to arrive; an idle
    /// connection is closed after as long.
    pub read_timeout: Duration,
    /// How long a phone waits for the app's answer (then 503, busy). Generous: a note the app
    /// saves after the phone gave up would come twice if the person sent it again.
    pub reply_timeout: Duration,
    /// How often an idle event stream says it is alive.
    pub keep_alive: Duration,
    /// A device seen within this long counts as a phone in the room.
    pub seen: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            body_bytes: 4 * 1024,
            // The session's own limit (`session::text::NOTE_LIMIT`), which it checks again.
            note_chars: 280,
            notes_per_minute: 10,
            votes_per_minute: 30,
            new_devices_per_minute: 10,
            devices: 300,
            connections_per_ip: 16,
            // Under the usual 1024 open files a process may have, with room for the app's.
            connections: 768,
            streams_per_ip: 8,
            read_timeout: Duration::from_secs(10),
            reply_timeout: Duration::from_secs(10),
            keep_alive: Duration::from_secs(15),
            seen: Duration::from_secs(5 * 60),
        }
    }
}

/// Where and how to serve the room.
#[derive(Clone, Debug)]
pub struct RoomConfig {
    /// The one address to bind; port 0 picks a free port ([`RoomServer::addr`] tells).
    pub addr: SocketAddr,
    /// The token in every path; a fresh random one when `None`.
    pub token: Option<String>,
    pub limits: Limits,
}

impl RoomConfig {
    pub fn new(addr: SocketAddr) -> RoomConfig {
        RoomConfig {
            addr,
            token: None,
            limits: Limits::default(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum RoomError {
    #[error("the room needs one address of this computer, not all of them ({0})")]
    Unspecified(SocketAddr),
    #[error("cannot open the room on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("cannot start the room's server: {0}")]
    Start(std::io::Error),
    #[error("a room token is 22 to 128 letters, digits, '-' or '_'")]
    Token,
    #[error("cannot draw the room's address as a QR code: {0}")]
    Qr(String),
    #[error(
        "this computer has no address on a local network for phones to reach: join the room's Wi-Fi or start a hotspot from this computer, or choose the address with --room-addr IP[:PORT]"
    )]
    NoNetwork,
    #[error(
        "ports {first} to {last} on {ip} are all taken (another room open?): choose a free one with --room-addr {ip}:PORT"
    )]
    PortsTaken { ip: IpAddr, first: u16, last: u16 },
}

/// The running room server. Stops when dropped.
pub struct RoomServer {
    shared: Arc<Shared>,
    addr: SocketAddr,
    url: String,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl RoomServer {
    /// Bind `config.addr` and serve the room from a thread of its own; phones' requests
    /// arrive on `inbox`.
    pub fn start(config: RoomConfig, inbox: SyncSender<PhoneRequest>) -> Result<RoomServer, RoomError> {
        if config.addr.ip().is_unspecified() {
            return Err(RoomError::Unspecified(config.addr));
        }
        let token = match config.token {
            Some(token) if token_ok(&token) => token,
            Some(_) => return Err(RoomError::Token),
            // Uppercase: the address then makes a smaller QR code.
            None => format!("{:032X}", rand::random::<u128>()),
        };
        let listener = TcpListener::bind(config.addr).map_err(|source| RoomError::Bind {
            addr: config.addr,
            source,
        })?;
        let addr = listener.local_addr().map_err(RoomError::Start)?;
        let host = addr.to_string();
        let mut hosts = vec![host.clone()];
        if addr.port() == 80 {
            // Browsers leave the default port out of `Host` and `Origin`.
            hosts.push(match addr.ip() {
                IpAddr::V4(ip) => ip.to_string(),
                IpAddr::V6(ip) => format!("[{ip}]"),
            });
        }
        let origins = hosts.iter().map(|h| format!("http://{h}")).collect();
        let url = format!("http://{host}/{token}/");
        let shared = Arc::new(Shared {
            limits: config.limits,
            token,
            hosts,
            origins,
            inbox,
            view: watch::Sender::new(Arc::new(Snapshot::first(Instant::now()))),
            mine: watch::Sender::new(0),
            room: Mutex::new(Room::default()),
        });
        let (thread, stop) = serve::spawn(listener, shared.clone())?;
        Ok(RoomServer {
            shared,
            addr,
            url,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The page's address, `http://IP:PORT/TOKEN/`: what the QR code holds.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Phones in the room: with the page open, or seen within [`Limits::seen`].
    pub fn phones(&self) -> usize {
        self.shared.room().phones(Instant::now(), self.shared.limits.seen)
    }

    /// Show the room `view`. Returns whether it changed what the room sees: only then do
    /// phones hear of it. A running countdown that keeps to its course is no change.
    pub fn publish(&self, view: PublicView) -> bool {
        let now = Instant::now();
        self.shared.view.send_if_modified(|snapshot| {
            if snapshot.same_as(&view, now) {
                return false;
            }
            *snapshot = Arc::new(Snapshot {
                version: snapshot.version + 1,
                view,
                at: now,
            });
            true
        })
    }

    /// Show one phone (by its device) its own part; returns whether it changed. A device
    /// the server does not know is ignored.
    pub fn publish_phone(&self, device: &str, view: PhoneView) -> bool {
        let changed = self.shared.room().set_mine(device, view);
        if changed {
            self.shared.mine.send_modify(|n| *n += 1);
        }
        changed
    }

    /// Close every connection and end the server's thread.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for RoomServer {
    fn drop(&mut self) {
        self.shutdown();
    }
}

fn token_ok(token: &str) -> bool {
    (22..=128).contains(&token.len())
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_note_holds_what_the_session_takes() {
        assert_eq!(
            super::Limits::default().note_chars,
            crate::session::text::NOTE_LIMIT
        );
    }
}
