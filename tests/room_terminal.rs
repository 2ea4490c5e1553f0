//! The room open to phones, end to end in a real terminal: `convene run --room` shows the
//! code and its address, the room's screen (`convene follow`) shows the code while F2 shows
//! it, a phone's note sent over loopback HTTP lands on the facilitator's board and in the
//! journal, and quitting closes the room. Every wait is bounded and waits for what it expects.

mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::time::{Duration, Instant};

use common::{Tmux, WAIT, binary, footer, small_pack};

/// One HTTP/1.1 exchange over a fresh connection; the answer's status, headers and body.
fn http(addr: SocketAddr, head: &str, body: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect_timeout(&addr, WAIT).expect("the room answers");
    stream.set_read_timeout(Some(WAIT)).unwrap();
    stream.set_write_timeout(Some(WAIT)).unwrap();
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body.as_bytes()).unwrap();
    let mut answer = Vec::new();
    stream
        .read_to_end(&mut answer)
        .expect("a whole answer in good time");
    let answer = String::from_utf8(answer).unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").expect("a head and a body");
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, head.to_string(), body.to_string())
}

/// The room's address as the facilitator's app published it for the room's screen.
fn room_url(dir: &Path) -> String {
    let start = Instant::now();
    loop {
        let url = std::fs::read_to_string(dir.join("room.json"))
            .ok()
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
            .and_then(|v| v["room_url"].as_str().map(str::to_string));
        if let Some(url) = url {
            return url;
        }
        assert!(start.elapsed() < WAIT, "room.json never named the room's address");
        std::thread::sleep(Duration::from_millis(25));
    }
}

#[test]
fn a_phones_note_reaches_the_board_and_the_journal_and_the_room_sees_the_code() {
    let bin = binary();
    let home = tempfile::tempdir().unwrap();
    let env = [("CONVENE_HOME", home.path())];
    let session = home.path().join("s");
    let dir = session.to_str().unwrap();
    let tmux = Tmux::new("room");
    tmux.start(
        "app",
        80,
        24,
        &env,
        &bin,
        &[
            "run",
            small_pack(),
            "--session",
            dir,
            "--room",
            "--room-addr",
            "127.0.0.1:0",
        ],
    );
    // The code and its address, over the first slide, and the marker in the footer.
    let screen = tmux.wait("app", "the room's code and address", |s| {
        s.contains("http://127.0.0.1:")
            && s.contains("0 phones joined")
            && footer(s).contains("LIVE · 0 phones")
    });
    assert!(
        screen.contains('▀') || screen.contains('▄'),
        "the code is drawn:\n{screen}"
    );
    let url = room_url(&session);
    assert!(
        screen.contains(&url),
        "the address on screen is the code's:\n{screen}"
    );
    let rest = url.strip_prefix("http://").unwrap();
    let (host, base) = rest.split_once('/').unwrap();
    let base = format!("/{base}");
    let addr: SocketAddr = host.parse().unwrap();

    // The room's screen shows the code while the facilitator shows it.
    tmux.start("follow", 80, 24, &env, &bin, &["follow", dir]);
    tmux.wait("follow", "the code on the room's screen", |s| {
        s.contains(&url) && s.contains("0 phones joined")
    });
    tmux.press("app", &["F2"], "the code hidden", |s| {
        !s.contains(&url) && footer(s).contains("LIVE")
    });
    tmux.wait("follow", "the code hidden on the room's screen", |s| {
        !s.contains(&url) && footer(s).contains("1/5 Welcome")
    });
    tmux.press("app", &["F2"], "the code again", |s| s.contains(&url));
    tmux.wait("follow", "the code again on the room's screen", |s| {
        s.contains(&url)
    });
    tmux.press("app", &["F2"], "the code hidden again", |s| !s.contains(&url));

    // To the "Gather ideas" board.
    tmux.press("app", &["g"], "the programme", |s| s.contains("Programme"));
    tmux.press("app", &["Down", "Enter"], "item 2", |s| {
        footer(s).contains("2/5 Gather ideas · 1/3")
    });
    tmux.press("app", &["PageDown", "PageDown"], "the board", |s| {
        footer(s).contains("2/5 Gather ideas · 3/3") && s.contains("Books and reading (0)")
    });

    // A phone opens the page (its device cookie), then sends a note as the page does.
    let (status, head, page) = http(
        addr,
        &format!("GET {base} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        "",
    );
    assert_eq!(status, 200, "{head}\n{page}");
    let cookie = head
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("set-cookie")
                .then(|| value.trim().to_string())
        })
        .expect("a device cookie");
    let cookie = cookie.split(';').next().unwrap();
    let note = r#"{"column":"books","sector":"nhs","text":"Story sacks from a phone"}"#;
    let (status, head, body) = http(
        addr,
        &format!(
            "POST {base}note HTTP/1.1\r\nHost: {host}\r\nOrigin: http://{host}\r\nContent-Type: application/json\r\nCookie: {cookie}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            note.len()
        ),
        note,
    );
    assert_eq!(status, 200, "{head}\n{body}");
    assert!(body.contains("\"ok\":true"), "{body}");

    // On the facilitator's board, with its sector; in the journal, with the phone's device.
    tmux.wait("app", "the phone's note on the board", |s| {
        s.contains("Books and reading (1)")
            && s.contains("Story sacks from a phone")
            && footer(s).contains("LIVE · 1 phone")
    });
    let journal = std::fs::read_to_string(session.join("journal.jsonl")).unwrap();
    let line = journal
        .lines()
        .find(|l| l.contains("Story sacks from a phone"))
        .expect("the note is in the journal");
    assert!(line.contains("\"device\""), "{line}");
    assert!(line.contains("\"nhs\""), "{line}");

    // What phones see holds it; Del takes it down from every phone at once.
    let view = |host: &str| {
        http(
            addr,
            &format!(
                "GET {base}view.json HTTP/1.1\r\nHost: {host}\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n"
            ),
            "",
        )
    };
    let phones_see = |present: bool| {
        let start = Instant::now();
        loop {
            let (status, _, body) = view(host);
            assert_eq!(status, 200, "{body}");
            if body.contains("Story sacks from a phone") == present {
                return;
            }
            assert!(
                start.elapsed() < WAIT,
                "phones still see {}: {body}",
                if present { "no note" } else { "the note" }
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    };
    phones_see(true);
    tmux.press("app", &["DC"], "the note taken down", |s| {
        s.contains("Books and reading (0)")
    });
    phones_see(false);

    // Quitting closes the room: nothing answers at its address any more.
    tmux.keys("app", &["C-c"]);
    tmux.wait_for("app", WAIT, "the app to end", |_| tmux.pane_dead("app"));
    assert!(
        TcpStream::connect_timeout(&addr, Duration::from_secs(2)).is_err(),
        "the room closed with the session"
    );
}
