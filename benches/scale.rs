//! A very long attendee list: importing 50,000 people (`--attendees FILE`) and exporting a
//! session of 50,000 attendees from 20,000 organisations. Both were once quadratic (one fsync
//! a person; a scan of every organisation for every person). Each has a budget
//! (benches/budgets.toml, checked by `python3 benches/check.py scale`).
//!
//! Run: `cargo bench --bench scale`

use std::hint::black_box;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use convene::export::{self, Outcomes};
use convene::pack::Pack;
use convene::session::attendees::parse_attendees;
use convene::session::{Command, NoteFields, Session, StartOptions};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};

const PEOPLE: usize = 50_000;
const ORGANISATIONS: usize = 20_000;

fn at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 20, 9, 0, 0).unwrap()
}

fn room() -> FixedOffset {
    FixedOffset::east_opt(0).unwrap()
}

/// An attendee list of `PEOPLE` rows from `ORGANISATIONS` organisations (a seventh of them
/// written in capitals too, so case-blind matching has work), every sector named its own way.
fn list() -> String {
    let sectors = [
        "NHS", "PubLib", "PubHlth", "Academic", "CitAdv", "Charity", "SocCare", "Public", "",
    ];
    let kinds = [
        "Health Information Trust",
        "Public Library Service",
        "Wellbeing Network",
    ];
    let mut csv = String::from("name,organisation,sector,email\n");
    for i in 0..PEOPLE {
        let o = (i * 7_919) % ORGANISATIONS;
        let mut org = format!("Riverside {} No. {o}", kinds[o % kinds.len()]);
        if i % 7 == 0 {
            org = org.to_uppercase();
        }
        csv.push_str(&format!(
            "\"Person {i}, Jones\",\"{org}\",{},p{i}@example.org\n",
            sectors[i % sectors.len()]
        ));
    }
    csv
}

/// A session started now with the whole list imported, as `convene run --attendees` does.
fn import(dir: &Path, csv: &str) -> Session {
    let pack = Pack::builtin().unwrap();
    let (rows, problems) = parse_attendees(csv, &pack.sectors);
    assert!(problems.is_empty());
    let mut s = Session::create(dir, pack, &StartOptions::default(), at()).unwrap();
    s.execute(&Command::ImportAttendees { rows }, at()).unwrap();
    s
}

/// The list imported, and 1,000 notes on the network board naming the same organisations.
fn build(root: &Path, csv: &str) -> PathBuf {
    let dir = root.join("big");
    let mut s = import(&dir, csv);
    let network = s.pack.activity("network").unwrap();
    let columns: Vec<String> = s
        .pack
        .categories_of(network)
        .iter()
        .map(|c| c.id.clone())
        .collect();
    for n in 0..1_000 {
        let note = NoteFields {
            board: "network".into(),
            category: columns[n % columns.len()].clone(),
            text: format!("Meet every {n} weeks"),
            sector: Some("nhs".into()),
            organisation: Some(format!("Riverside Wellbeing Network No. {}", n * 13)),
            author: None,
        };
        s.execute(&Command::AddNote(note), at()).unwrap();
    }
    dir
}

fn render_all(o: &Outcomes) -> usize {
    export::json(o).len()
        + export::markdown(o).len()
        + export::csv(o).len()
        + export::terms_of_reference(o).len()
}

fn bench(c: &mut Criterion) {
    let csv = list();
    let tmp = tempfile::tempdir().unwrap();

    let mut group = c.benchmark_group("import 50,000 attendees");
    group.sample_size(10);
    let sectors = Pack::builtin().unwrap().sectors;
    // Budget: 150 ms (measured 46 ms on a quiet machine).
    group.bench_function("parse the CSV", |b| {
        b.iter(|| parse_attendees(black_box(&csv), &sectors).0.len())
    });
    // Budget: 300 ms (measured 90 ms): what `convene run --attendees` adds before its first frame.
    group.bench_function("parse, decide, fold and journal", |b| {
        b.iter_batched(
            || tempfile::tempdir_in(tmp.path()).unwrap(),
            |dir| import(&dir.path().join("s"), black_box(&csv)).state.events,
            BatchSize::PerIteration,
        )
    });
    group.finish();

    let dir = build(tmp.path(), &csv);
    let now = at() + chrono::TimeDelta::hours(3);
    let mut group = c.benchmark_group("export 50,000 attendees in 20,000 organisations");
    group.sample_size(10);
    let (pack, state, _) = Session::load(&dir).unwrap();
    // Budget: 400 ms (measured 118 ms).
    group.bench_function("build and all four formats", |b| {
        b.iter(|| render_all(&Outcomes::build(&pack, black_box(&state), "big", now, room())))
    });
    // Budget: 450 ms (measured 142 ms): what `convene export` (and quitting) does before it writes.
    group.bench_function("load and render", |b| {
        b.iter(|| {
            let (pack, state, _) = Session::load(black_box(&dir)).unwrap();
            render_all(&Outcomes::build(&pack, &state, "big", now, room()))
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
