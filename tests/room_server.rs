//! The room server over loopback: each test starts its own server on 127.0.0.1, port 0,
//! talks plain HTTP/1.1 to it over a `TcpStream`, and stops it. Every wait is bounded.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::mpsc::{Receiver, sync_channel};
use std::thread;
use std::time::{Duration, Instant};

use convene::room_server::{
    Limits, PhoneAsk, PhoneReply, PhoneRequest, PhoneView, PublicBoard, PublicColumn, PublicNote, PublicView,
    QUIET_ZONE, RoomConfig, RoomError, RoomServer, Voting, qr_lines, qr_matrix,
};

/// The longest any one wait in these tests may take.
const PATIENCE: Duration = Duration::from_secs(10);

struct Room {
    server: RoomServer,
    inbox: Receiver<PhoneRequest>,
    /// `/TOKEN/`
    base: String,
}

impl Room {
    fn start(limits: Limits) -> Room {
        Room::with_inbox(limits, 16)
    }

    fn with_inbox(limits: Limits, capacity: usize) -> Room {
        let (tx, inbox) = sync_channel(capacity);
        let config = RoomConfig {
            limits,
            ..RoomConfig::new("127.0.0.1:0".parse().unwrap())
        };
        let server = RoomServer::start(config, tx).unwrap();
        let base = server
            .url()
            .trim_start_matches(&format!("http://{}", server.addr()))
            .to_string();
        Room { server, inbox, base }
    }

    fn addr(&self) -> SocketAddr {
        self.server.addr()
    }

    fn host(&self) -> String {
        self.addr().to_string()
    }

    fn get(&self, path: &str) -> Call {
        Call {
            addr: self.addr(),
            method: "GET",
            path: format!("{}{path}", self.base),
            headers: vec![("Host".into(), self.host())],
            body: String::new(),
        }
    }

    /// A POST as the page sends it, from the phone with `cookie`.
    fn post(&self, path: &str, cookie: &str, body: &str) -> Call {
        Call {
            addr: self.addr(),
            method: "POST",
            path: format!("{}{path}", self.base),
            headers: vec![
                ("Host".into(), self.host()),
                ("Origin".into(), format!("http://{}", self.host())),
                ("Content-Type".into(), "application/json".into()),
                ("Cookie".into(), cookie.to_string()),
            ],
            body: body.to_string(),
        }
    }

    /// Open the page as a new phone: its device cookie (`name=value`).
    fn join(&self) -> String {
        let page = self.get("").send();
        assert_eq!(page.status, 200, "{}", page.body);
        let set = page
            .header("set-cookie")
            .expect("a new phone gets a device cookie");
        assert!(
            set.contains("HttpOnly") && set.contains("SameSite=Strict"),
            "{set}"
        );
        assert!(set.contains(&format!("Path={}", self.base)), "{set}");
        set.split(';').next().unwrap().to_string()
    }

    /// The next request from a phone, as the app receives it.
    fn next_request(&self) -> PhoneRequest {
        self.inbox
            .recv_timeout(PATIENCE)
            .expect("a phone's request reaches the app")
    }

    fn stop(self) {
        self.server.stop();
    }
}

struct Call {
    addr: SocketAddr,
    method: &'static str,
    path: String,
    headers: Vec<(String, String)>,
    body: String,
}

impl Call {
    fn header(mut self, name: &str, value: &str) -> Call {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.headers.push((name.into(), value.into()));
        self
    }

    fn without(mut self, name: &str) -> Call {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self
    }

    fn body(mut self, body: String) -> Call {
        self.body = body;
        self
    }

    fn raw(&self) -> String {
        let mut raw = format!("{} {} HTTP/1.1\r\n", self.method, self.path);
        for (name, value) in &self.headers {
            raw.push_str(&format!("{name}: {value}\r\n"));
        }
        if self.method == "POST" {
            raw.push_str(&format!("Content-Length: {}\r\n", self.body.len()));
        }
        raw.push_str("Connection: close\r\n\r\n");
        raw.push_str(&self.body);
        raw
    }

    fn send(&self) -> Answer {
        let mut stream = connect(self.addr);
        stream.write_all(self.raw().as_bytes()).unwrap();
        let mut bytes = Vec::new();
        stream
            .read_to_end(&mut bytes)
            .expect("the server answers in good time");
        Answer::parse(&String::from_utf8(bytes).unwrap())
    }

    /// Send on its own thread, so the test can play the app meanwhile.
    fn send_later(self) -> thread::JoinHandle<Answer> {
        thread::spawn(move || self.send())
    }
}

fn connect(addr: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect_timeout(&addr, PATIENCE).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    stream.set_write_timeout(Some(PATIENCE)).unwrap();
    stream
}

#[derive(Debug)]
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Answer {
    fn parse(raw: &str) -> Answer {
        let (head, body) = raw.split_once("\r\n\r\n").expect("a whole answer");
        let mut lines = head.lines();
        let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
        let headers = lines
            .map(|l| {
                let (n, v) = l.split_once(':').unwrap();
                (n.trim().to_ascii_lowercase(), v.trim().to_string())
            })
            .collect();
        Answer {
            status,
            headers,
            body: body.to_string(),
        }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

/// Limits for tests: short waits, so stalls and timeouts show quickly.
fn quick() -> Limits {
    Limits {
        read_timeout: Duration::from_millis(800),
        reply_timeout: Duration::from_secs(5),
        ..Limits::default()
    }
}

fn board_view(title: &str) -> PublicView {
    PublicView {
        title: title.into(),
        board: Some(PublicBoard {
            id: "ideas".into(),
            question: "What helps people stay well?".into(),
            columns: vec![PublicColumn {
                id: "now".into(),
                name: "Now".into(),
            }],
            notes_open: true,
            notes: vec![PublicNote {
                id: "n1".into(),
                column: "now".into(),
                text: "Walking groups".into(),
                sector: Some("LIB".into()),
                votes: 2,
            }],
            voting: Voting {
                open: true,
                per_device: Some(3),
            },
        }),
        ..PublicView::default()
    }
}

#[test]
fn a_note_reaches_the_app_and_its_answer_reaches_the_phone() {
    let room = Room::start(quick());
    let cookie = room.join();
    let device = cookie.split_once('=').unwrap().1.to_string();

    let body =
        r#"{"column":"now","sector":"public-library","text":"Walking groups at lunch","author":"Priya"}"#;
    let sent = room.post("note", &cookie, body).send_later();
    let request = room.next_request();
    assert_eq!(
        request.ask,
        PhoneAsk::AddNote {
            device: device.clone(),
            column: "now".into(),
            sector: Some("public-library".into()),
            text: "Walking groups at lunch".into(),
            author: Some("Priya".into()),
        }
    );
    request.answer(PhoneReply::Ok);
    let answer = sent.join().unwrap();
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json()["ok"], true);

    // Refused: the app's words reach the phone as they are.
    let sent = room
        .post("note", &cookie, r#"{"column":"later","text":"x","sector":null}"#)
        .send_later();
    let request = room.next_request();
    assert!(matches!(
        &request.ask,
        PhoneAsk::AddNote {
            sector: None,
            author: None,
            ..
        }
    ));
    request.answer(PhoneReply::Refused("No such column: later".into()));
    let answer = sent.join().unwrap();
    assert_eq!(answer.status, 422);
    assert_eq!(answer.json()["reason"], "No such column: later");
    assert_eq!(room.server.phones(), 1);
    room.stop();
}

#[test]
fn a_vote_reaches_the_app_and_busy_means_try_again() {
    let room = Room::start(quick());
    let cookie = room.join();
    let device = cookie.split_once('=').unwrap().1.to_string();

    let sent = room
        .post("vote", &cookie, r#"{"note":"n1","add":true}"#)
        .send_later();
    let request = room.next_request();
    assert_eq!(
        request.ask,
        PhoneAsk::Vote {
            device: device.clone(),
            note: "n1".into(),
            add: true,
        }
    );
    request.answer(PhoneReply::Ok);
    assert_eq!(sent.join().unwrap().status, 200);

    let sent = room
        .post("vote", &cookie, r#"{"note":"n1","add":false}"#)
        .send_later();
    let request = room.next_request();
    assert_eq!(
        request.ask,
        PhoneAsk::Vote {
            device,
            note: "n1".into(),
            add: false,
        }
    );
    request.answer(PhoneReply::Busy);
    let answer = sent.join().unwrap();
    assert_eq!(answer.status, 503);
    assert!(answer.header("retry-after").is_some());
    room.stop();
}

#[test]
fn an_app_that_does_not_answer_or_a_full_inbox_is_busy() {
    let limits = Limits {
        reply_timeout: Duration::from_millis(300),
        ..quick()
    };
    let room = Room::with_inbox(limits, 1);
    let cookie = room.join();
    let vote = r#"{"note":"n1","add":true}"#;
    // The first waits in the inbox, unanswered, until the phone gives up.
    let answer = room.post("vote", &cookie, vote).send();
    assert_eq!(answer.status, 503);
    // The inbox is still full: refused at once.
    let answer = room.post("vote", &cookie, vote).send();
    assert_eq!(answer.status, 503);
    assert_eq!(answer.json()["ok"], false);
    room.stop();
}

#[test]
fn a_wrong_or_missing_token_is_not_found_like_any_other_path() {
    let room = Room::start(quick());
    let unknown = room.get("").send_path("/nothing-here");
    assert_eq!(unknown.status, 404);
    for path in [
        "/",
        "/0123456789ABCDEF0123456789ABCDEF/",
        "/0123456789ABCDEF0123456789ABCDEF/view.json",
    ] {
        let answer = room.get("").send_path(path);
        assert_eq!(answer.status, 404, "{path}");
        assert_eq!(answer.body, unknown.body, "{path}");
    }
    // A right token with a wrong ending is as unknown.
    let answer = room.get("secrets").send();
    assert_eq!(
        (answer.status, answer.body.as_str()),
        (404, unknown.body.as_str())
    );
    room.stop();
}

impl Call {
    fn send_path(mut self, path: &str) -> Answer {
        self.path = path.to_string();
        self.send()
    }
}

#[test]
fn a_host_other_than_the_bound_address_is_forbidden() {
    let room = Room::start(quick());
    let port = room.addr().port();
    for host in [
        format!("evil.example:{port}"),
        format!("localhost:{port}"),
        "127.0.0.1".to_string(),
    ] {
        let answer = room.get("").header("Host", &host).send();
        assert_eq!(answer.status, 403, "{host}");
    }
    assert_eq!(room.get("").without("Host").send().status, 403);
    assert_eq!(room.get("").send().status, 200);
    room.stop();
}

#[test]
fn writes_need_the_page_origin_json_and_a_device() {
    let room = Room::start(quick());
    let cookie = room.join();
    let body = r#"{"column":"now","text":"hello"}"#;
    let port = room.addr().port();
    for origin in [
        format!("http://evil.example:{port}"),
        "null".to_string(),
        format!("https://{}", room.host()),
    ] {
        let answer = room.post("note", &cookie, body).header("Origin", &origin).send();
        assert_eq!(answer.status, 403, "{origin}");
    }
    assert_eq!(
        room.post("note", &cookie, body).without("Origin").send().status,
        403
    );

    for content_type in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ] {
        let answer = room
            .post("note", &cookie, body)
            .header("Content-Type", content_type)
            .send();
        assert_eq!(answer.status, 415, "{content_type}");
    }

    let answer = room.post("note", "", body).without("Cookie").send();
    assert_eq!(answer.status, 403);
    assert!(answer.json()["reason"].as_str().unwrap().contains("reload"));
    // A cookie the server never gave is no device.
    let forged = "convene_device=00000000000000000000000000000000";
    assert_eq!(room.post("note", forged, body).send().status, 403);
    assert!(room.inbox.try_recv().is_err(), "nothing reached the app");
    room.stop();
}

#[test]
fn bodies_and_notes_are_capped() {
    let room = Room::start(quick());
    let cookie = room.join();
    let big = format!(r#"{{"column":"now","text":"{}"}}"#, "x".repeat(5000));
    assert_eq!(room.post("note", &cookie, "").body(big).send().status, 413);

    // Chunked, with no length given up front: cut off at the cap all the same.
    let chunk = "y".repeat(3000);
    let mut stream = connect(room.addr());
    let head = format!(
        "POST {}note HTTP/1.1\r\nHost: {}\r\nOrigin: http://{}\r\nContent-Type: application/json\r\nCookie: {cookie}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
        room.base,
        room.host(),
        room.host()
    );
    stream.write_all(head.as_bytes()).unwrap();
    for _ in 0..2 {
        stream
            .write_all(format!("{:x}\r\n{chunk}\r\n", chunk.len()).as_bytes())
            .unwrap();
    }
    let _ = stream.write_all(b"0\r\n\r\n");
    let mut raw = String::new();
    let _ = stream.read_to_string(&mut raw);
    assert_eq!(Answer::parse(&raw).status, 413);

    let long = format!(r#"{{"column":"now","text":"{}"}}"#, "é".repeat(281));
    let answer = room.post("note", &cookie, &long).send();
    assert_eq!(answer.status, 422);
    assert!(answer.json()["reason"].as_str().unwrap().contains("280"));
    assert!(room.inbox.try_recv().is_err(), "nothing reached the app");
    room.stop();
}

#[test]
fn a_phone_over_its_rate_is_told_when_to_come_back() {
    let limits = Limits {
        notes_per_minute: 2,
        ..quick()
    };
    let room = Room::start(limits);
    let cookie = room.join();
    let body = r#"{"column":"now","text":"again"}"#;
    for _ in 0..2 {
        let sent = room.post("note", &cookie, body).send_later();
        room.next_request().answer(PhoneReply::Ok);
        assert_eq!(sent.join().unwrap().status, 200);
    }
    let answer = room.post("note", &cookie, body).send();
    assert_eq!(answer.status, 429);
    let wait: u64 = answer.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    assert!(room.inbox.try_recv().is_err(), "the third never reached the app");

    // Another phone is not held to the first one's rate.
    let other = room.join();
    let sent = room.post("note", &other, body).send_later();
    room.next_request().answer(PhoneReply::Ok);
    assert_eq!(sent.join().unwrap().status, 200);
    room.stop();
}

#[test]
fn a_stalled_client_is_dropped_and_others_are_served_meanwhile() {
    let room = Room::start(quick());
    let started = Instant::now();
    // Half a request head, then nothing.
    let mut stalled = connect(room.addr());
    stalled
        .write_all(format!("GET {} HTTP/1.1\r\nHo", room.base).as_bytes())
        .unwrap();
    // A connection that never says anything.
    let mut idle = connect(room.addr());
    // A whole head, then half the body it promised.
    let cookie = room.join();
    let mut slow = connect(room.addr());
    let head = room
        .post("note", &cookie, "")
        .raw()
        .replace("Content-Length: 0", "Content-Length: 40");
    slow.write_all(format!("{head}{{\"column\":").as_bytes()).unwrap();

    assert_eq!(room.get("view.json").send().status, 200);
    let mut answer = String::new();
    let _ = slow.read_to_string(&mut answer);
    assert_eq!(Answer::parse(&answer).status, 408);

    for socket in [&mut stalled, &mut idle] {
        let mut rest = Vec::new();
        // Closed by the server: the read ends (EOF, or reset) rather than timing out.
        match socket.read_to_end(&mut rest) {
            Ok(_) => {}
            Err(e) => assert!(
                !matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ),
                "still held open: {e}"
            ),
        }
    }
    assert!(started.elapsed() < PATIENCE, "dropped within the read timeout");
    assert_eq!(room.get("view.json").send().status, 200);
    room.stop();
}

/// Read an event stream until a `data:` line satisfies `wanted`; its JSON.
fn read_event(
    stream: &mut TcpStream,
    seen: &mut String,
    wanted: impl Fn(&serde_json::Value) -> bool,
) -> serde_json::Value {
    let deadline = Instant::now() + PATIENCE;
    let mut buf = [0u8; 4096];
    loop {
        while let Some(at) = seen.find("data: ") {
            let rest = &seen[at + 6..];
            let Some(end) = rest.find('\n') else { break };
            let json: serde_json::Value = serde_json::from_str(&rest[..end]).unwrap();
            let consumed = at + 6 + end;
            seen.drain(..consumed);
            if wanted(&json) {
                return json;
            }
        }
        assert!(Instant::now() < deadline, "no such event in time: {seen}");
        let n = stream.read(&mut buf).expect("the stream stays open");
        assert!(n > 0, "the stream ended");
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
}

fn open_events(room: &Room, cookie: Option<&str>) -> TcpStream {
    let mut call = room.get("events");
    if let Some(cookie) = cookie {
        call = call.header("Cookie", cookie);
    }
    let raw = call.raw().replace("Connection: close\r\n", "");
    let mut stream = connect(room.addr());
    stream.write_all(raw.as_bytes()).unwrap();
    stream
}

#[test]
fn events_carry_each_published_view_and_the_phone_its_own_part() {
    let room = Room::start(quick());
    let cookie = room.join();
    let device = cookie.split_once('=').unwrap().1.to_string();
    let mut stream = open_events(&room, Some(&cookie));
    let mut seen = String::new();
    let first = read_event(&mut stream, &mut seen, |_| true);
    assert_eq!(first["version"], 0);
    assert!(seen.is_empty() || !seen.contains("data:"));

    assert!(room.server.publish(board_view("Wirral wellbeing")));
    assert!(
        !room.server.publish(board_view("Wirral wellbeing")),
        "no change, no news"
    );
    let event = read_event(&mut stream, &mut seen, |v| v["version"] == 1);
    assert_eq!(event["title"], "Wirral wellbeing");
    assert_eq!(event["board"]["notes"][0]["text"], "Walking groups");

    let mut mine = PhoneView {
        votes_left: Some(2),
        ..PhoneView::default()
    };
    mine.votes.insert("n1".into(), 1);
    assert!(room.server.publish_phone(&device, mine));
    let event = read_event(&mut stream, &mut seen, |v| !v["mine"].is_null());
    assert_eq!(event["mine"]["votes_left"], 2);
    assert_eq!(event["mine"]["votes"]["n1"], 1);

    // Another phone never sees the first one's part.
    let view = room.get("view.json").send().json();
    assert!(view["mine"].is_null());
    assert_eq!(view["version"], 1);
    room.stop();
}

#[test]
fn an_event_stream_outlives_the_read_timeout() {
    let limits = Limits {
        read_timeout: Duration::from_millis(200),
        keep_alive: Duration::from_millis(100),
        ..quick()
    };
    let room = Room::start(limits);
    let mut stream = open_events(&room, None);
    let mut seen = String::new();
    read_event(&mut stream, &mut seen, |_| true);
    // Keep-alive comments go on arriving well past the read timeout.
    let opened = Instant::now();
    let mut beats = 0;
    let mut buf = [0u8; 256];
    while opened.elapsed() < Duration::from_secs(1) {
        let n = stream.read(&mut buf).expect("the stream stays open");
        assert!(n > 0, "the stream ended after {:?}", opened.elapsed());
        beats += String::from_utf8_lossy(&buf[..n]).matches(": keep-alive").count();
    }
    assert!(beats >= 2, "{beats} keep-alive comments");
    room.server.publish(board_view("Still here"));
    let event = read_event(&mut stream, &mut seen, |v| v["version"] == 1);
    assert_eq!(event["title"], "Still here");
    room.stop();
}

#[test]
fn event_streams_are_capped_per_address() {
    let limits = Limits {
        streams_per_ip: 2,
        // A closed stream is noticed at the next write at the latest.
        keep_alive: Duration::from_millis(300),
        ..quick()
    };
    let room = Room::start(limits);
    let mut open = Vec::new();
    for _ in 0..2 {
        let mut stream = open_events(&room, None);
        let mut seen = String::new();
        read_event(&mut stream, &mut seen, |_| true);
        open.push(stream);
    }
    let answer = room.get("events").send();
    assert_eq!(answer.status, 429);
    drop(open);
    // Their places come back once they close (the server notices at its next write or read).
    let deadline = Instant::now() + PATIENCE;
    while room.get("events").send_head().0 != 200 {
        assert!(
            Instant::now() < deadline,
            "a closed stream's place never came back"
        );
        thread::sleep(Duration::from_millis(50));
    }
    room.stop();
}

impl Call {
    /// Send and read only the status line and headers (for a stream that does not end).
    fn send_head(&self) -> (u16, String) {
        let mut stream = connect(self.addr);
        stream.write_all(self.raw().as_bytes()).unwrap();
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") {
            if stream.read(&mut byte).unwrap_or(0) == 0 {
                break;
            }
            head.push(byte[0]);
        }
        let head = String::from_utf8_lossy(&head).to_string();
        let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        (status, head)
    }
}

#[test]
fn connections_beyond_the_cap_are_closed_unanswered() {
    let limits = Limits {
        connections_per_ip: 2,
        ..Limits::default()
    };
    let room = Room::start(limits);
    let held: Vec<TcpStream> = (0..2).map(|_| connect(room.addr())).collect();
    // Let the server take both before the third arrives.
    assert_eq!(held.len(), 2);
    let mut third = connect(room.addr());
    let _ = third.write_all(room.get("view.json").raw().as_bytes());
    let mut got = Vec::new();
    let _ = third.read_to_end(&mut got);
    assert!(
        got.is_empty(),
        "answered over the cap: {}",
        String::from_utf8_lossy(&got)
    );
    drop(held);
    let deadline = Instant::now() + PATIENCE;
    while room.get("view.json").send_head().0 != 200 {
        assert!(Instant::now() < deadline, "the places never came back");
        thread::sleep(Duration::from_millis(50));
    }
    room.stop();
}

#[test]
fn every_answer_carries_the_security_headers_and_the_view_only_its_fields() {
    let room = Room::start(quick());
    let cookie = room.join();
    room.server.publish(board_view("Wirral"));
    let answers = [
        room.get("").send(),
        room.get("page.js").send(),
        room.get("page.css").send(),
        room.get("view.json").send(),
        room.get("nothing").send(),
        room.get("").header("Host", "evil.example").send(),
        room.post("note", &cookie, "{}").without("Origin").send(),
    ];
    for answer in &answers {
        let csp = answer.header("content-security-policy").expect("a CSP");
        for part in [
            "default-src 'none'",
            "script-src 'self'",
            "connect-src 'self'",
            "img-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
        ] {
            assert!(csp.contains(part), "{part} in {csp}");
        }
        assert_eq!(answer.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(answer.header("referrer-policy"), Some("no-referrer"));
        assert_eq!(answer.header("cache-control"), Some("no-store"));
    }
    assert!(
        answers[0]
            .header("content-type")
            .unwrap()
            .starts_with("text/html")
    );
    assert!(
        answers[1]
            .header("content-type")
            .unwrap()
            .starts_with("text/javascript")
    );
    assert!(answers[0].body.contains(r#"<script src="page.js""#));
    assert!(!answers[0].body.contains("<script>"), "no inline script");
    assert!(!answers[0].body.contains("http"), "nothing loaded from elsewhere");

    let view = answers[3].json();
    let mut keys: Vec<&str> = view.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        ["board", "countdown", "mine", "sectors", "title", "version"]
    );
    room.stop();
}

#[test]
fn stopping_closes_open_streams_and_the_port_promptly() {
    let room = Room::start(quick());
    let addr = room.addr();
    let mut stream = open_events(&room, None);
    let mut seen = String::new();
    read_event(&mut stream, &mut seen, |_| true);
    let started = Instant::now();
    room.stop();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "stop took {:?}",
        started.elapsed()
    );
    let mut rest = Vec::new();
    let _ = stream.read_to_end(&mut rest);
    assert!(TcpStream::connect_timeout(&addr, Duration::from_secs(2)).is_err());
}

#[test]
fn the_room_binds_one_address_never_all() {
    let (tx, _rx) = sync_channel(1);
    let all = RoomConfig::new("0.0.0.0:0".parse().unwrap());
    assert!(matches!(
        RoomServer::start(all, tx.clone()),
        Err(RoomError::Unspecified(_))
    ));
    let short = RoomConfig {
        token: Some("short".into()),
        ..RoomConfig::new("127.0.0.1:0".parse().unwrap())
    };
    assert!(matches!(
        RoomServer::start(short, tx.clone()),
        Err(RoomError::Token)
    ));

    let a = RoomServer::start(RoomConfig::new("127.0.0.1:0".parse().unwrap()), tx.clone()).unwrap();
    let b = RoomServer::start(RoomConfig::new("127.0.0.1:0".parse().unwrap()), tx).unwrap();
    let token = |s: &RoomServer| s.url().rsplit('/').nth(1).unwrap().to_string();
    assert_eq!(token(&a).len(), 32, "128 bits in hex");
    assert_ne!(token(&a), token(&b), "a new token for every server");
    assert!(a.url().starts_with(&format!("http://{}/", a.addr())));
    a.stop();
    b.stop();
}

/// The drawn code, rasterised (each character two modules high, four pixels a module), as
/// a phone's camera would see it.
fn decode(lines: &[String]) -> String {
    const PX: usize = 4;
    let modules: Vec<Vec<bool>> = lines
        .iter()
        .flat_map(|line| {
            let top = line.chars().map(|c| c == '▀' || c == '█').collect();
            let bottom = line.chars().map(|c| c == '▄' || c == '█').collect();
            [top, bottom]
        })
        .collect();
    let side = modules[0].len() * PX;
    let height = modules.len() * PX;
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(side, height, |x, y| {
        if modules[y / PX][x / PX] { 0 } else { 255 }
    });
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one code");
    grids[0].decode().expect("the code decodes").1
}

#[test]
fn the_qr_code_decodes_to_the_address() {
    let (tx, _rx) = sync_channel(1);
    let server = RoomServer::start(RoomConfig::new("127.0.0.1:0".parse().unwrap()), tx).unwrap();
    let matrix = qr_matrix(server.url()).unwrap();
    let lines = qr_lines(&matrix);
    assert_eq!(decode(&lines), server.url());
    // A LAN address with a five-digit port still makes a small code.
    let lan = "http://192.168.100.200:54321/0123456789ABCDEF0123456789ABCDEF/";
    let matrix = qr_matrix(lan).unwrap();
    assert!(
        matrix.width() <= 33,
        "version 4 at most, {} modules",
        matrix.width()
    );
    let lines = qr_lines(&matrix);
    assert_eq!(lines.len(), (matrix.width() + 2 * QUIET_ZONE).div_ceil(2));
    assert_eq!(decode(&lines), lan);
    server.stop();
}
