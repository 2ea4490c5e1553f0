//! Rendering a board of 2,000 notes at 200×60. Budget: 2 ms a frame (measured 0.80 ms; see
//! benches/README.md and benches/budgets.toml, which `benches/check.py` checks).

use chrono::{TimeZone, Utc};
use convene::pack::Pack;
use convene::session::{Command, NoteFields, Session, StartOptions};
use convene::tui::Offscreen;
use convene::tui::theme::{Theme, ThemeName};
use criterion::{Criterion, criterion_group, criterion_main};

fn board_of_2000(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 27, 11, 10, 0).unwrap();
    let mut session = Session::create(
        &dir.path().join("s"),
        Pack::builtin().unwrap(),
        &StartOptions::default(),
        now,
    )
    .unwrap();
    let item = session.pack.programme.position("ideas").unwrap();
    session.execute(&Command::GoToItem(item), now).unwrap();
    let pages = session.pack.pages(item).len();
    for _ in 1..pages {
        session.execute(&Command::Next, now).unwrap();
    }
    let categories = ["resources", "skills", "events", "wellbeing"];
    let sectors = [
        "nhs",
        "public-library",
        "public-health",
        "voluntary",
        "citizens-advice",
        "social-care",
    ];
    for i in 0..2000 {
        let fields = NoteFields {
            board: "ideas".to_string(),
            category: categories[i % 4].to_string(),
            text: format!(
                "Idea {i}: a joint reading group for carers, run with the health library and the local charity"
            ),
            sector: Some(sectors[i % sectors.len()].to_string()),
            organisation: (i % 3 == 0).then(|| "Wirral Libraries".to_string()),
            author: None,
        };
        session.execute(&Command::AddNote(fields), now).unwrap();
    }
    let mut screen = Offscreen::new(session, Theme::new(ThemeName::Dark, true), 200, 60);
    screen.draw(now);
    assert!(screen.text().contains("(500)"), "the board is on screen");
    // Budget: 2 ms a frame (measured 0.80 ms).
    c.bench_function("render a board of 2,000 notes at 200x60", |b| {
        b.iter(|| screen.draw(now))
    });
}

criterion_group!(benches, board_of_2000);
criterion_main!(benches);
