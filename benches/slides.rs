//! Slides laid out at the largest type that fits, against their budget (benches/budgets.toml,
//! checked by `python3 benches/check.py slides`; benches/README.md explains it): every slide
//! of the built-in workshop, whole, laid out and drawn on a 200×60 buffer, within 2 ms a
//! frame. Each iteration draws the next slide in turn, so the figure is the mean frame.
//!
//! Run: `cargo bench --bench slides -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;

use convene::pack::Pack;
use convene::tui::bench_draw_slide;
use convene::tui::theme::{Theme, ThemeName};
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

fn slides(c: &mut Criterion) {
    let pack = Pack::builtin().unwrap();
    let theme = Theme::new(ThemeName::Dark, true);
    let area = Rect::new(0, 0, 200, 60);
    let mut buf = Buffer::empty(area);
    // Checked once: every slide draws something.
    for slide in &pack.slides {
        buf.reset();
        bench_draw_slide(&mut buf, &theme, slide, usize::MAX);
        assert!(
            buf.content.iter().any(|cell| cell.symbol() != " "),
            "slide at line {} draws nothing",
            slide.line
        );
    }
    let mut group = c.benchmark_group("slides 200x60");
    // Budget: 2 ms a frame (`every built-in slide, largest type that fits`); measured in
    // the README.
    let mut next = 0;
    group.bench_function("every built-in slide, largest type that fits", |b| {
        b.iter(|| {
            let slide = &pack.slides[next % pack.slides.len()];
            next += 1;
            buf.reset();
            bench_draw_slide(&mut buf, &theme, black_box(slide), usize::MAX);
        })
    });
    group.finish();
}

criterion_group!(benches, slides);
criterion_main!(benches);
