//! Reading one activity's file (`ID.toml`): its question, columns, grouping, voting, grid
//! and timed phases, field by field so every problem has its place.

use super::toml_read::{Reader, Table};
use super::{Activity, Grouping, MAX_PHASES, Phase, SectorMix, Voting, grid, read_categories, toml_read};

const ACTIVITY_KEYS: &[&str] = &[
    "title",
    "purpose",
    "prompt",
    "facilitator_notes",
    "auto_advance",
    "board",
    "categories",
    "grouping",
    "voting",
    "grid",
    "phases",
];
const PHASE_KEYS: &[&str] = &["name", "minutes", "instructions"];

pub(super) fn read_activity(r: &mut Reader<'_>, id: &str) -> Option<Activity> {
    let doc = r.parse()?;
    let file = r.src.name.to_string();
    let top = Table {
        at: 0,
        table: doc.get_ref(),
        what: &file,
    };
    r.check_keys(top, ACTIVITY_KEYS);
    let title = r.req_str(top, "title", "the activity's title");
    let purpose = r.opt_str(top, "purpose").map(|s| s.into_inner());
    let prompt = r.opt_str(top, "prompt").map(|s| s.into_inner());
    let facilitator_notes = r.opt_str(top, "facilitator_notes").map(|s| s.into_inner());
    let auto_advance = r.opt_bool(top, "auto_advance").unwrap_or(false);
    let board = r.opt_id(top, "board").map(|s| s.into_inner());
    let categories = read_categories(r, top, &file);

    let grouping = r.opt_table(top, "grouping", "[grouping]").and_then(|t| {
        r.check_keys(t, &["size", "sectors"]);
        let size = r.opt_count(t, "size", 1, 50);
        if size.is_none() && !Reader::has(t, "size") {
            r.missing(t, "size", "the number of people in a group");
        }
        let sectors = match r.opt_str(t, "sectors") {
            None => Some(SectorMix::Any),
            Some(s) => match s.get_ref().as_str() {
                "mixed" => Some(SectorMix::Mixed),
                "same" => Some(SectorMix::Same),
                "any" => Some(SectorMix::Any),
                other => {
                    r.report(
                        s.span().start,
                        format!("\"sectors\" must be \"mixed\", \"same\" or \"any\", found \"{other}\""),
                    );
                    None
                }
            },
        };
        Some(Grouping {
            size: size?,
            sectors: sectors?,
        })
    });
    let voting = r.opt_table(top, "voting", "[voting]").map(|t| {
        r.check_keys(t, &["per_person", "total"]);
        let per_person = r.opt_count(t, "per_person", 1, 100);
        let total = r.opt_count(t, "total", 1, 10_000);
        if !Reader::has(t, "per_person") && !Reader::has(t, "total") {
            r.missing(
                t,
                "per_person",
                "votes each person has, or \"total\" for the whole room",
            );
        }
        Voting { per_person, total }
    });
    let grid = r
        .opt_table(top, "grid", "[grid]")
        .and_then(|t| grid::read_grid(r, t));

    let mut phases = Vec::new();
    let phase_tables = r.tables(top, "phases");
    if phase_tables.is_empty() {
        let at = Reader::span_of_key(top, "phases").map_or(0, |s| s.start);
        r.report(
            at,
            "the activity has no phases; add at least one [[phases]] with name, minutes and instructions",
        );
    }
    if let Some((span, _)) = phase_tables.get(MAX_PHASES) {
        let at = r.table_start(span.start);
        r.report(
            at,
            format!(
                "the activity has {} phases; an activity may have at most {MAX_PHASES}",
                phase_tables.len()
            ),
        );
    }
    for (n, (span, table)) in phase_tables.into_iter().enumerate() {
        let what = format!("phase {}", n + 1);
        let t = Table {
            at: r.table_start(span.start),
            table,
            what: &what,
        };
        r.check_keys(t, PHASE_KEYS);
        let name = r.req_str(t, "name", "the phase's name, shown large");
        let minutes = r.req_minutes(t, "minutes");
        let instructions = r.req_str(t, "instructions", "what people do in this phase");
        if let (Some(name), Some(minutes), Some(instructions)) = (name, minutes, instructions) {
            phases.push(Phase {
                name: name.into_inner(),
                seconds: minutes.into_inner(),
                instructions: instructions.into_inner().trim().to_string(),
            });
        }
    }
    let total: u64 = phases.iter().map(|p| p.seconds as u64).sum();
    if total > toml_read::MAX_SECONDS as u64 {
        r.report(
            0,
            format!(
                "the phases add up to {} minutes; an activity may last at most 480 (eight hours)",
                total / 60
            ),
        );
    }

    Some(Activity {
        id: id.to_string(),
        title: title?.into_inner(),
        purpose,
        prompt,
        facilitator_notes,
        auto_advance,
        board,
        categories,
        grouping,
        voting,
        grid,
        phases,
    })
}
