//! Exporting a big session: 10,000 notes with clusters, votes, actions, attendees and group
//! draws, built once through the library. Times replaying the journal (`Session::load`),
//! building the outcomes and rendering all four formats, both together (the budget: 100 ms,
//! see benches/README.md), and the whole `convene export` path including atomic writes.
//! Each has a budget (benches/budgets.toml, checked by `python3 benches/check.py export`).
//!
//! Run: `cargo bench --bench export`

use std::hint::black_box;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, NaiveDate, TimeDelta, TimeZone, Utc};
use convene::export::{self, Format, Outcomes};
use convene::pack::Pack;
use convene::session::board::{ActionFields, ActionStatus};
use convene::session::{Command, NoteFields, Session, StartOptions};
use criterion::{Criterion, criterion_group, criterion_main};

const NOTES: usize = 10_000;

fn at(second: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 20, 9, 0, 0).unwrap() + TimeDelta::seconds(second)
}

fn room() -> FixedOffset {
    FixedOffset::east_opt(0).unwrap()
}

/// A session of `NOTES` notes over six boards, 300 clusters of three, 2,000 votes, 100
/// actions, 40 attendees and four group draws.
fn build(root: &Path) -> PathBuf {
    let dir = root.join("big");
    let pack = Pack::builtin().unwrap();
    let mut s = Session::create(&dir, pack, &StartOptions::default(), at(0)).unwrap();
    let mut clock = 0;
    let mut run = |s: &mut Session, command: Command| {
        clock += 1;
        s.execute(&command, at(clock)).unwrap();
    };
    let sectors = [
        "nhs",
        "public-library",
        "public-health",
        "voluntary",
        "citizens-advice",
    ];
    for p in 0..40 {
        run(
            &mut s,
            Command::AddAttendee {
                name: format!("Person {p}"),
                organisation: format!("Organisation {}", p % 12),
                sector: sectors[p % sectors.len()].into(),
            },
        );
    }
    let boards: Vec<(String, Vec<String>)> = [
        "introductions",
        "mapping",
        "ideas",
        "hiw-event",
        "network",
        "actions",
    ]
    .iter()
    .map(|b| {
        let activity = s.pack.activity(b).unwrap();
        let columns = s
            .pack
            .categories_of(activity)
            .iter()
            .map(|c| c.id.clone())
            .collect();
        (b.to_string(), columns)
    })
    .collect();
    for n in 0..NOTES {
        let (board, columns) = &boards[n % boards.len()];
        run(
            &mut s,
            Command::AddNote(NoteFields {
                board: board.clone(),
                category: columns[(n / boards.len()) % columns.len()].clone(),
                text: format!("Idea {n}: share | *books* on the <ward> trolleys\nand `more` 📚"),
                sector: Some(sectors[n % sectors.len()].into()),
                organisation: Some(format!("Organisation {}", n % 12)),
                author: (n % 3 == 0).then(|| format!("Person {}", n % 40)),
            }),
        );
    }
    // Notes six apart are on the same board; a cluster gathers them into the first one's column.
    for k in 0..300 {
        let first = 1 + (k / 6) * 36 + k % 6;
        let notes = (0..3).map(|i| format!("n{}", first + i * 6)).collect();
        run(
            &mut s,
            Command::Cluster {
                notes,
                title: format!("Theme {k}"),
            },
        );
    }
    for v in 0..2_000 {
        let target = if v % 10 == 0 {
            format!("c{}", 1 + (v / 10) % 300)
        } else {
            format!("n{}", 1 + (v * 7919) % NOTES)
        };
        run(&mut s, Command::Vote { target, delta: 1 });
    }
    for a in 0..100 {
        run(
            &mut s,
            Command::AddAction {
                fields: ActionFields {
                    text: format!("Action {a}"),
                    owner: (a % 4 != 0).then(|| format!("Person {a}")),
                    organisation: None,
                    due: (a % 2 == 0).then(|| NaiveDate::from_ymd_opt(2026, 2, 1 + a % 28).unwrap()),
                    status: ActionStatus::Open,
                },
                source_note: Some(format!("n{}", a + 1)),
            },
        );
    }
    for (activity, seed) in [("mapping", 1), ("mapping", 2), ("ideas", 3), ("network", 4)] {
        run(
            &mut s,
            Command::FormGroups {
                activity: activity.into(),
                seed: Some(seed),
            },
        );
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
    let tmp = tempfile::tempdir().unwrap();
    let dir = build(tmp.path());
    let out = tmp.path().join("out");
    let now = at(100_000);

    let mut group = c.benchmark_group("export 10k notes");
    group.sample_size(20);
    // Budget: 60 ms (measured 27.7 ms).
    group.bench_function("load: replay the journal", |b| {
        b.iter(|| Session::load(black_box(&dir)).unwrap())
    });
    let (pack, state, _) = Session::load(&dir).unwrap();
    // Budget: 80 ms (measured 34.2 ms).
    group.bench_function("render: build and all four formats", |b| {
        b.iter(|| render_all(&Outcomes::build(&pack, black_box(&state), "big", now, room())))
    });
    // Budget: 100 ms (measured 53.6 ms): what a facilitator waits for after `w`.
    group.bench_function("load and render (budget 100 ms)", |b| {
        b.iter(|| {
            let (pack, state, _) = Session::load(black_box(&dir)).unwrap();
            render_all(&Outcomes::build(&pack, &state, "big", now, room()))
        })
    });
    // Budget: 200 ms (measured 84.4 ms); four fsyncs, so the disk's figure as much as ours.
    group.bench_function("export all to files (atomic writes)", |b| {
        b.iter(|| {
            export::export_session(&dir, Format::All, Some(&out), now, room(), &mut std::io::sink()).unwrap()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
