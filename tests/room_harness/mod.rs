//! The facilitator's side of the room, as a library harness for the load and browser tests:
//! a session on the built-in workshop, the room server on loopback, and an app thread that
//! does what the terminal app does with phones' requests (decide each through
//! `room_link::answer`, which journals and fsyncs, and answer it; then publish what the room
//! sees, once for all the requests that were waiting). The terminal app's own wiring is
//! tested through tmux elsewhere; this checks the page, the server and the session together
//! without it. Shared by tests/room_load.rs, tests/room_browser.rs and benches/room.rs.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel, sync_channel};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use chrono::Utc;
use convene::pack::Pack;
use convene::room_link;
use convene::room_server::{Limits, PhoneRequest, RoomConfig, RoomServer};
use convene::session::{Command, Session, StartOptions};

/// The longest any one wait of the harness may take.
pub const PATIENCE: Duration = Duration::from_secs(30);

/// How long the app thread sleeps between looks at the facilitator's orders when no phone
/// asks anything: the only polling here, and only for the test's own orders.
const ORDERS_EVERY: Duration = Duration::from_millis(5);

/// The most phones' requests handled before the room's view is published again, so that
/// a steady stream of them never keeps the room waiting.
const BATCH: usize = 64;

/// What the test, as the facilitator, tells the app thread.
enum Order {
    /// Move to the programme item with this id (as pressing keys would), then say so.
    GoTo(String, Sender<()>),
    /// Start afresh: a new session in a new folder, on the same item, its board empty (the
    /// benchmark's board would otherwise grow without end); then say so.
    Restart(Sender<()>),
}

/// What the app thread measured and where the session lives, once it has stopped.
pub struct Finished {
    /// The session's folder, its journal closed (free to resume).
    pub dir: PathBuf,
    /// For each phone request, from the app receiving it to `Session::execute` returning
    /// (the event written, flushed and fsynced), in the order they came.
    pub decided: Vec<Duration>,
    /// For each, from receiving it to answering the phone (after publishing its own part).
    pub answered: Vec<Duration>,
}

/// A room open on 127.0.0.1 with the app behind it.
pub struct Room {
    pub server: Arc<RoomServer>,
    /// The first session's folder.
    dir: PathBuf,
    orders: Sender<Order>,
    app: Option<JoinHandle<Finished>>,
    _home: tempfile::TempDir,
}

impl Room {
    /// A new session of the built-in workshop in a fresh folder, on the item `item`, with
    /// the room open on a free loopback port under `limits`; `inbox` requests may wait.
    pub fn open(item: &str, limits: Limits, inbox: usize) -> Room {
        // On disk (not tmpfs where there is one), so that fsync costs what it costs.
        let home = tempfile::Builder::new()
            .prefix("convene-room-")
            .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
            .unwrap();
        let dir = home.path().join("session-0");
        let session = start(&dir, item);
        let item = item.to_string();
        let first = dir.clone();

        let (tx, requests) = sync_channel(inbox);
        let config = RoomConfig {
            limits,
            ..RoomConfig::new("127.0.0.1:0".parse().unwrap())
        };
        let server = Arc::new(RoomServer::start(config, tx).unwrap());
        server.publish(room_link::public_view(&session.pack, &session.state, Utc::now()));
        let (orders, taken) = channel();
        let app = {
            let server = server.clone();
            std::thread::Builder::new()
                .name("room-app".into())
                .spawn(move || app(session, dir, &item, &server, &requests, &taken))
                .unwrap()
        };
        Room {
            server,
            dir: first,
            orders,
            app: Some(app),
            _home: home,
        }
    }

    /// The phone page's address.
    pub fn url(&self) -> String {
        self.server.url().to_string()
    }

    pub fn addr(&self) -> SocketAddr {
        self.server.addr()
    }

    /// The page's path, `/TOKEN/`: what requests go under.
    pub fn base(&self) -> String {
        self.url()
            .trim_start_matches(&format!("http://{}", self.addr()))
            .to_string()
    }

    /// The journal of the session the room opened with.
    pub fn journal(&self) -> PathBuf {
        self.dir.join(convene::session::JOURNAL)
    }

    /// Move the workshop on to the item `item`, and wait until the app has (the room's
    /// view is published by then).
    pub fn go_to(&self, item: &str) {
        let (done, wait) = channel();
        self.orders.send(Order::GoTo(item.to_string(), done)).unwrap();
        wait.recv_timeout(PATIENCE).expect("the app moves on when told");
    }

    /// Start a new session on the item the room opened on (see [`Order::Restart`]).
    pub fn restart(&self) {
        let (done, wait) = channel();
        self.orders.send(Order::Restart(done)).unwrap();
        wait.recv_timeout(PATIENCE)
            .expect("the app starts afresh when told");
    }

    /// Close the room and stop the app; its session is closed and can be resumed.
    pub fn finish(mut self) -> (Finished, tempfile::TempDir) {
        let app = self.app.take().unwrap();
        // The server's end of the inbox goes with the server (once the app thread's handle
        // goes too); the orders' end goes here. Either ends the app's loop.
        let Room {
            server,
            orders,
            _home,
            ..
        } = self;
        drop(orders);
        drop(server);
        let finished = app.join().expect("the app thread does not panic");
        (finished, _home)
    }
}

fn start(dir: &Path, item: &str) -> Session {
    let pack = Pack::builtin().unwrap();
    let mut session = Session::create(dir, pack, &StartOptions::default(), Utc::now()).unwrap();
    go_to(&mut session, item);
    session
}

fn go_to(session: &mut Session, item: &str) {
    let index = session
        .pack
        .programme
        .items
        .iter()
        .position(|i| i.id == item)
        .unwrap_or_else(|| panic!("the built-in workshop has an item {item}"));
    session.execute(&Command::GoToItem(index), Utc::now()).unwrap();
}

/// The app's loop: phones' requests as they come, the facilitator's orders in between.
fn app(
    mut session: Session,
    mut dir: PathBuf,
    first_item: &str,
    server: &RoomServer,
    requests: &Receiver<PhoneRequest>,
    orders: &Receiver<Order>,
) -> Finished {
    let mut decided = Vec::new();
    let mut answered = Vec::new();
    let mut restarts = 0;
    loop {
        match requests.recv_timeout(ORDERS_EVERY) {
            Ok(first) => {
                // As the terminal's loop handles every key already waiting before it draws
                // once: each request waiting is decided (journaled, fsynced) and answered in
                // turn, then the room's view is published once for them all. Building the
                // view copies the whole board, a cost per publish, not per phone.
                let mut next = Some(first);
                let mut handled = 0;
                while let Some(request) = next {
                    let got = Instant::now();
                    let reply = room_link::answer(&mut session, &request.ask, Utc::now());
                    decided.push(got.elapsed());
                    // The phone's own part (its votes left) before its answer: a phone told
                    // "ok" that asks for the view then sees its vote counted.
                    let device = request.ask.device();
                    server.publish_phone(
                        device,
                        room_link::phone_view(&session.pack, &session.state, device),
                    );
                    request.answer(reply);
                    answered.push(got.elapsed());
                    handled += 1;
                    next = (handled < BATCH).then(|| requests.try_recv().ok()).flatten();
                }
                server.publish(room_link::public_view(&session.pack, &session.state, Utc::now()));
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => break,
        }
        match orders.try_recv() {
            Ok(Order::GoTo(item, done)) => {
                go_to(&mut session, &item);
                server.publish(room_link::public_view(&session.pack, &session.state, Utc::now()));
                let _ = done.send(());
            }
            Ok(Order::Restart(done)) => {
                restarts += 1;
                dir.set_file_name(format!("session-{restarts}"));
                drop(session);
                session = start(&dir, first_item);
                server.publish(room_link::public_view(&session.pack, &session.state, Utc::now()));
                let _ = done.send(());
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => {}
            Err(std::sync::mpsc::TryRecvError::Disconnected) => break,
        }
    }
    drop(session);
    Finished {
        dir,
        decided,
        answered,
    }
}

/// A plain HTTP/1.1 client on one keep-alive connection, as the page's requests would be.
pub struct Client {
    addr: SocketAddr,
    base: String,
    reader: BufReader<TcpStream>,
}

pub struct Answer {
    pub status: u16,
    pub set_cookie: Option<String>,
    pub body: String,
}

impl Client {
    pub fn connect(addr: SocketAddr, base: &str) -> Client {
        let stream = TcpStream::connect_timeout(&addr, PATIENCE).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        stream.set_write_timeout(Some(PATIENCE)).unwrap();
        stream.set_nodelay(true).unwrap();
        Client {
            addr,
            base: base.to_string(),
            reader: BufReader::new(stream),
        }
    }

    /// Open the page as a new phone: its device cookie, `name=value`.
    pub fn join(&mut self) -> String {
        let page = self.send("GET", "", None, "");
        assert_eq!(page.status, 200, "{}", page.body);
        let cookie = page.set_cookie.expect("a new phone gets a cookie");
        cookie.split(';').next().unwrap().to_string()
    }

    /// One request and its whole answer, on this connection.
    pub fn send(&mut self, method: &str, path: &str, cookie: Option<&str>, body: &str) -> Answer {
        let host = self.addr.to_string();
        let mut raw = format!("{method} {}{path} HTTP/1.1\r\nHost: {host}\r\n", self.base);
        if let Some(cookie) = cookie {
            raw.push_str(&format!("Cookie: {cookie}\r\n"));
        }
        if method == "POST" {
            raw.push_str(&format!(
                "Origin: http://{host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
                body.len()
            ));
        }
        raw.push_str("\r\n");
        raw.push_str(body);
        self.reader.get_mut().write_all(raw.as_bytes()).unwrap();

        let mut status_line = String::new();
        self.reader
            .read_line(&mut status_line)
            .expect("an answer in good time");
        let status = status_line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("a status line: {status_line:?}"));
        let mut length = 0;
        let mut set_cookie = None;
        loop {
            let mut line = String::new();
            self.reader.read_line(&mut line).unwrap();
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            let (name, value) = line.split_once(':').unwrap();
            match name.to_ascii_lowercase().as_str() {
                "content-length" => length = value.trim().parse().unwrap(),
                "set-cookie" => set_cookie = Some(value.trim().to_string()),
                _ => {}
            }
        }
        let mut body = vec![0; length];
        self.reader.read_exact(&mut body).unwrap();
        Answer {
            status,
            set_cookie,
            body: String::from_utf8(body).unwrap(),
        }
    }
}

/// The `q`-th quantile (0..=1) of `times`, nearest rank.
pub fn quantile(times: &[Duration], q: f64) -> Duration {
    let mut sorted = times.to_vec();
    sorted.sort();
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

/// Milliseconds, for printing.
pub fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}
