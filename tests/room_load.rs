//! A room of 200 phones over loopback: each writes 10 notes on the ideas board, then, once
//! the facilitator moves on to the vote, spends its 3 votes and tries a fourth. Nothing may
//! be lost (the journal, the replayed session, the export and the page's view agree on
//! 2,000 notes), no phone may go over its budget, and every fourth vote is refused.
//!
//! The phones come from 25 client threads, 8 phones each, over one keep-alive connection per
//! thread (a phone is its cookie, not its connection). All from 127.0.0.1, so the server's
//! limits per address are raised: new devices a minute (200 phones from one address) and
//! connections per address. Each phone's own limits stay as shipped (10 notes and 30 votes a
//! minute), and 10 notes fit them exactly: no note is ever retried, so the sliding minute
//! cannot trip. The phone's patience for the app (`reply_timeout`) is raised too, so that a
//! slow disk in CI makes the test slow, never a "busy" answer whose note may or may not
//! have been saved.
//!
//! It measures, and prints (it asserts no timing: the budget lives in benches/README.md):
//! for each request, the round trip a phone sees (an upper bound of request → fsynced), and
//! the app's part, from receiving the request to `Session::execute` returning after its
//! fsync. `cargo test --release --test room_load -- --nocapture` shows the figures.

mod room_harness;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use chrono::{FixedOffset, Utc};
use convene::export::{Outcomes, json};
use convene::room_server::Limits;
use convene::session::{EventKind, JOURNAL, Session, journal};
use room_harness::{Client, Room, ms, quantile};

const PHONES: usize = 200;
const THREADS: usize = 25;
const NOTES_EACH: usize = 10;
const VOTES_EACH: u32 = 3;
const COLUMNS: [&str; 4] = ["resources", "skills", "events", "wellbeing"];
const SECTORS: [&str; 4] = ["nhs", "public-library", "voluntary", "public-health"];

/// One simulated phone: its cookie (`name=value`) and its device id (the value).
struct Phone {
    number: usize,
    cookie: String,
    device: String,
}

fn note_text(phone: usize, k: usize) -> String {
    format!("Phone {phone} idea {k}: a reading group with the health library")
}

/// Round trips a phone saw, by kind.
#[derive(Default)]
struct Seen {
    notes: Vec<Duration>,
    votes: Vec<Duration>,
}

#[test]
fn two_hundred_phones_lose_nothing_and_keep_to_their_budgets() {
    let limits = Limits {
        // 200 phones from one test address, not 200 addresses.
        new_devices_per_minute: PHONES * 2,
        connections_per_ip: THREADS * 2,
        // A slow CI disk slows the test; it never turns a saved note into "busy".
        reply_timeout: Duration::from_secs(20),
        ..Limits::default()
    };
    assert_eq!(
        (limits.notes_per_minute, limits.votes_per_minute),
        (NOTES_EACH, 30),
        "each phone's own rates are the shipped ones"
    );
    let started = Instant::now();
    // Every client thread can have a request waiting: the inbox never turns one away.
    let room = Room::open("ideas", limits, THREADS * 2);
    let (addr, base) = (room.addr(), room.base());

    // Join and write: each thread's phones take turns, one note each per round.
    let writers: Vec<_> = (0..THREADS)
        .map(|t| {
            let base = base.clone();
            thread::spawn(move || {
                let mut client = Client::connect(addr, &base);
                let mut phones = Vec::new();
                for number in (t..PHONES).step_by(THREADS) {
                    let cookie = client.join();
                    let device = cookie.split_once('=').unwrap().1.to_string();
                    phones.push(Phone {
                        number,
                        cookie,
                        device,
                    });
                }
                let mut seen = Seen::default();
                for k in 0..NOTES_EACH {
                    for phone in &phones {
                        let body = serde_json::json!({
                            "column": COLUMNS[(phone.number + k) % COLUMNS.len()],
                            "sector": SECTORS[phone.number % SECTORS.len()],
                            "text": note_text(phone.number, k),
                        })
                        .to_string();
                        let sent = Instant::now();
                        let answer = client.send("POST", "note", Some(&phone.cookie), &body);
                        seen.notes.push(sent.elapsed());
                        assert_eq!(
                            (answer.status, answer.body.as_str()),
                            (200, r#"{"ok":true}"#),
                            "phone {}'s note {k}",
                            phone.number
                        );
                    }
                }
                (phones, seen)
            })
        })
        .collect();
    let mut phones = Vec::new();
    let mut seen = Seen::default();
    for writer in writers {
        let (mine, times) = writer.join().expect("a client thread does not fail");
        phones.push(mine);
        seen.notes.extend(times.notes);
    }
    let wrote = started.elapsed();

    // The facilitator moves on to "Which ideas first?": three votes a phone on the ideas.
    room.go_to("prioritise");
    let view = Client::connect(addr, &base).send("GET", "view.json", None, "");
    let view: serde_json::Value = serde_json::from_str(&view.body).unwrap();
    let board = &view["board"];
    assert_eq!(board["voting"]["open"], true, "{board}");
    assert_eq!(board["voting"]["per_device"], VOTES_EACH);
    let ids: Vec<String> = board["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), PHONES * NOTES_EACH, "the room's view shows every note");
    let ids = Arc::new(ids);

    let voters: Vec<_> = phones
        .into_iter()
        .map(|phones| {
            let base = base.clone();
            let ids = ids.clone();
            thread::spawn(move || {
                let mut client = Client::connect(addr, &base);
                let mut seen = Seen::default();
                // Votes spread over the board, the fourth one over budget.
                let target = |phone: usize, k: usize| &ids[(phone * 37 + k * 11) % ids.len()];
                for k in 0..=VOTES_EACH as usize {
                    for phone in &phones {
                        let body =
                            serde_json::json!({ "note": target(phone.number, k), "add": true }).to_string();
                        let sent = Instant::now();
                        let answer = client.send("POST", "vote", Some(&phone.cookie), &body);
                        seen.votes.push(sent.elapsed());
                        if k < VOTES_EACH as usize {
                            assert_eq!(
                                (answer.status, answer.body.as_str()),
                                (200, r#"{"ok":true}"#),
                                "phone {}'s vote {k}",
                                phone.number
                            );
                        } else {
                            assert_eq!(answer.status, 422, "{}", answer.body);
                            assert!(answer.body.contains(r#""ok":false"#), "{}", answer.body);
                        }
                    }
                }
                let own = client.send("GET", "view.json", Some(&phones[0].cookie), "");
                let own: serde_json::Value = serde_json::from_str(&own.body).unwrap();
                assert_eq!(own["mine"]["votes_left"], 0, "{}", own["mine"]);
                (phones, seen)
            })
        })
        .collect();
    let mut devices: BTreeMap<String, usize> = BTreeMap::new();
    for voter in voters {
        let (mine, times) = voter.join().expect("a client thread does not fail");
        devices.extend(mine.into_iter().map(|p| (p.device, p.number)));
        seen.votes.extend(times.votes);
    }
    assert_eq!(devices.len(), PHONES, "every phone its own device");
    let took = started.elapsed();
    let (finished, _home) = room.finish();

    // The journal, as written: every note and vote from a phone, with its device.
    let replay = journal::read(&finished.dir.join(JOURNAL)).unwrap();
    assert!(replay.warnings.is_empty(), "{:?}", replay.warnings);
    let mut notes_of: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let mut votes_of: BTreeMap<&str, i64> = BTreeMap::new();
    for event in &replay.events {
        match &event.kind {
            EventKind::NoteAdded {
                text,
                device: Some(device),
                board,
                ..
            } => {
                assert_eq!(board, "ideas");
                notes_of.entry(device).or_default().insert(text.clone());
            }
            EventKind::Voted {
                delta,
                device: Some(device),
                ..
            } => *votes_of.entry(device).or_default() += delta,
            _ => {}
        }
    }
    assert_eq!(notes_of.len(), PHONES);
    for (device, number) in &devices {
        let expected: BTreeSet<String> = (0..NOTES_EACH).map(|k| note_text(*number, k)).collect();
        assert_eq!(
            notes_of.get(device.as_str()),
            Some(&expected),
            "phone {number}'s notes"
        );
        assert_eq!(
            votes_of.get(device.as_str()),
            Some(&i64::from(VOTES_EACH)),
            "phone {number}'s votes"
        );
    }

    // The session, resumed from that journal.
    let (session, warnings) = Session::resume(&finished.dir).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    let from_phones = session
        .state
        .boards
        .notes
        .iter()
        .filter(|n| n.device.is_some())
        .count();
    assert_eq!(from_phones, PHONES * NOTES_EACH);
    assert_eq!(session.state.boards.phone_votes.len(), PHONES);
    for (device, mine) in &session.state.boards.phone_votes {
        assert_eq!(mine.values().sum::<u32>(), VOTES_EACH, "device {device}");
    }
    let board_votes: u32 = session.state.boards.notes.iter().map(|n| n.votes).sum();
    assert_eq!(board_votes, PHONES as u32 * VOTES_EACH);

    // The export says the same.
    let outcomes = Outcomes::build(
        &session.pack,
        &session.state,
        "load",
        Utc::now(),
        FixedOffset::east_opt(0).unwrap(),
    );
    let exported: serde_json::Value = serde_json::from_str(&json(&outcomes)).unwrap();
    let notes = exported["notes"].as_array().unwrap();
    assert_eq!(notes.len(), PHONES * NOTES_EACH);
    assert_eq!(
        notes.iter().map(|n| n["votes"].as_u64().unwrap()).sum::<u64>(),
        PHONES as u64 * u64::from(VOTES_EACH)
    );

    let app = &finished.decided;
    assert_eq!(app.len(), PHONES * (NOTES_EACH + VOTES_EACH as usize + 1));
    let all: Vec<Duration> = seen.notes.iter().chain(&seen.votes).copied().collect();
    println!(
        "room load: {PHONES} phones, {} notes and {} votes in {:.1} s (notes {:.1} s)",
        seen.notes.len(),
        seen.votes.len(),
        took.as_secs_f64(),
        wrote.as_secs_f64()
    );
    for (what, times) in [
        ("phone's round trip, notes", &seen.notes),
        ("phone's round trip, votes", &seen.votes),
        ("phone's round trip, all", &all),
        ("app: received -> fsynced", app),
        ("app: received -> answered", &finished.answered),
    ] {
        println!(
            "  {what:<28} p50 {:>9}  p99 {:>9}  max {:>9}",
            ms(quantile(times, 0.5)),
            ms(quantile(times, 0.99)),
            ms(quantile(times, 1.0))
        );
    }
}
