//! Reading a workshop pack: the programme, slides and activities a facilitator edits, checked
//! so that every problem is reported at once with its file, line and column.

mod activity;
pub mod advice;
pub mod grid;
mod model;
pub mod slides;
mod source;
mod toml_read;

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::Path;

use chrono::NaiveTime;

pub use grid::{Axis, Grid, Quadrant};
pub use model::{
    Activity, Category, Grouping, Item, ItemKind, MAX_PHASES, Pack, Page, Phase, Programme, Sector,
    SectorMix, Voting, Workshop, default_sectors,
};
pub use slides::Slide;
pub use source::PackFiles;

use source::SourceText;
use toml_read::{Reader, Table};

/// One thing wrong with a pack, where it is, and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl Problem {
    pub(crate) fn at(file: &str, (line, column): (usize, usize), message: impl Into<String>) -> Self {
        // One problem, one line: a quoted value with a line break must not split it.
        let message = message.into().replace('\r', "\\r").replace('\n', "\\n");
        Self {
            file: file.to_string(),
            line,
            column,
            message,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: {}", self.file, self.line, self.column, self.message)
    }
}

/// Messages say their source's words themselves (`{1}` below): the screen and `convene
/// sessions` show an error with `to_string()`, and the binary adds a cause to a message only
/// when the message does not already hold it.
#[derive(Debug, thiserror::Error)]
pub enum PackError {
    #[error("no pack at {0}: expected a folder holding workshop.toml")]
    NotFound(String),
    #[error(
        "{0} has no workshop.toml; a pack is a folder with workshop.toml, slides.md and one .toml file per activity"
    )]
    NoWorkshop(String),
    #[error("cannot read {0}: {1}")]
    Io(String, #[source] std::io::Error),
    /// A file of the pack is a link to something outside its folder: a pack shared with
    /// someone must not read their other files into a session.
    #[error(
        "{file} is a link to {target}, outside the pack folder; a pack reads only its own files, so copy that file into the pack instead"
    )]
    Outside { file: String, target: String },
    #[error("{}", invalid_message(origin, problems))]
    Invalid { origin: String, problems: Vec<Problem> },
}

/// "1 problem in X: the problem", or how many and the first: a message on its own must
/// say what is wrong, not only that something is.
fn invalid_message(origin: &str, problems: &[Problem]) -> String {
    match problems {
        [] => format!("the pack in {origin} could not be read"),
        [one] => format!("1 problem in {origin}: {one}"),
        [first, ..] => format!(
            "{} problems in {origin}, the first: {first} (`convene validate` lists them all)",
            problems.len()
        ),
    }
}

impl Pack {
    /// The built-in partnership workshop.
    pub fn builtin() -> Result<Pack, PackError> {
        Pack::from_files(PackFiles::builtin())
    }

    /// Reads and checks the pack in a folder.
    pub fn load(dir: &Path) -> Result<Pack, PackError> {
        Pack::from_files(PackFiles::read_dir(dir)?)
    }

    /// Parses and checks a pack's files, collecting every problem.
    pub fn from_files(files: PackFiles) -> Result<Pack, PackError> {
        let mut problems = Vec::new();
        let pack = parse(&files, &mut problems);
        problems.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
        match pack {
            Some(pack) if problems.is_empty() => Ok(Pack { files, ..pack }),
            _ => Err(PackError::Invalid {
                origin: files.origin.clone(),
                problems,
            }),
        }
    }
}

const WORKSHOP_KEYS: &[&str] = &[
    "title",
    "subtitle",
    "start",
    "venue",
    "facilitator",
    "slides",
    "sectors",
    "categories",
    "programme",
];
const ITEM_KEYS: &[&str] = &["id", "title", "kind", "minutes", "section", "activity"];
const SECTOR_KEYS: &[&str] = &["id", "name", "label"];
const CATEGORY_KEYS: &[&str] = &["id", "name"];

/// Everything read from `workshop.toml`, with the spans its cross-references need.
struct WorkshopDraft {
    workshop: Workshop,
    sectors: Vec<Sector>,
    categories: Vec<Category>,
    items: Vec<(Item, ItemRefs)>,
    slides_file: String,
}

struct ItemRefs {
    section: Option<usize>,
    activity: Option<usize>,
    minutes_given: bool,
}

fn parse(files: &PackFiles, problems: &mut Vec<Problem>) -> Option<Pack> {
    let Some(bytes) = files.files.get("workshop.toml") else {
        problems.push(Problem::at(
            "workshop.toml",
            (1, 1),
            "the pack has no workshop.toml; a pack is a folder with workshop.toml, slides.md and one .toml file per activity",
        ));
        return None;
    };
    let draft = match SourceText::decode("workshop.toml", bytes) {
        Ok(src) => {
            let mut r = Reader::new(&src);
            let draft = read_workshop(&mut r);
            problems.append(&mut r.problems);
            draft
        }
        Err(p) => {
            problems.push(p);
            None
        }
    };

    // Activities: every other .toml file.
    let mut activities = BTreeMap::new();
    for (name, bytes) in &files.files {
        let Some(id) = name.strip_suffix(".toml") else {
            continue;
        };
        if name == "workshop.toml" || name.contains('/') {
            continue;
        }
        match SourceText::decode(name, bytes) {
            Ok(src) => {
                let mut r = Reader::new(&src);
                if !toml_read::is_id(id) {
                    r.report(
                        0,
                        format!(
                            "an activity's file name is its id, so it must be lower-case letters, digits and \"-\" (like \"joint-working.toml\"), found \"{name}\""
                        ),
                    );
                }
                if let Some(activity) = activity::read_activity(&mut r, id) {
                    activities.insert(id.to_string(), (activity, name.clone()));
                }
                problems.append(&mut r.problems);
            }
            Err(p) => problems.push(p),
        }
    }

    let draft = draft?;
    let slides_name = draft.slides_file.clone();
    let slides_found = files.files.contains_key(&slides_name);
    let (slides, sections) = match files.files.get(&slides_name) {
        None => {
            problems.push(Problem::at(
                "workshop.toml",
                (1, 1),
                format!("the slide pack {slides_name} is missing; expected it beside workshop.toml"),
            ));
            (Vec::new(), Vec::new())
        }
        Some(bytes) => match SourceText::decode(&slides_name, bytes) {
            Ok(src) => {
                let mut parsed = slides::parse(&src);
                problems.append(&mut parsed.problems);
                let item_ids: Vec<&str> = draft.items.iter().map(|(i, _)| i.id.as_str()).collect();
                problems.extend(slides::check_placeholders(&src, &item_ids));
                (parsed.slides, parsed.sections)
            }
            Err(p) => {
                problems.push(p);
                (Vec::new(), Vec::new())
            }
        },
    };

    // Cross-references, reported against workshop.toml.
    let bytes = files.files.get("workshop.toml")?;
    let text = std::str::from_utf8(bytes).ok()?;
    let src = SourceText::new("workshop.toml", text);
    let section_ids: Vec<&str> = sections.iter().map(|s| s.id.as_str()).collect();
    // Every activity file counts as present, even one too broken to read, so its own
    // problems are not repeated as a missing reference.
    let activity_ids: Vec<&str> = files
        .files
        .keys()
        .filter(|n| *n != "workshop.toml" && !n.contains('/'))
        .filter_map(|n| n.strip_suffix(".toml"))
        .collect();
    let mut items = Vec::new();
    for (mut item, refs) in draft.items {
        if let (Some(section), Some(at)) = (&item.section, refs.section)
            && slides_found
            && !section_ids.contains(&section.as_str())
        {
            problems.push(src.problem(
                at,
                format!(
                    "programme item \"{}\" names section \"{section}\", but {slides_name} has no <!-- section: {section} -->; sections there: {}",
                    item.id,
                    list_or_none(&section_ids)
                ),
            ));
        }
        if let ItemKind::Activity(activity) = &item.kind {
            match activities.get(activity) {
                None if activity_ids.contains(&activity.as_str()) => {}
                None => {
                    if let Some(at) = refs.activity {
                        problems.push(src.problem(
                            at,
                            format!(
                                "programme item \"{}\" names activity \"{activity}\", but there is no {activity}.toml; activities in the pack: {}",
                                item.id,
                                list_or_none(&activity_ids)
                            ),
                        ));
                    }
                }
                Some((a, _)) if !refs.minutes_given => item.seconds = a.total_seconds(),
                Some(_) => {}
            }
        }
        items.push(item);
    }
    for (activity, file) in activities.values() {
        let Some(board) = &activity.board else {
            continue;
        };
        if !activity_ids.contains(&board.as_str()) || board == &activity.id {
            let bytes = files.files.get(file)?;
            let text = std::str::from_utf8(bytes).ok()?;
            let src = SourceText::new(file, text);
            let at = text.find("board").unwrap_or(0);
            problems.push(src.problem(
                at,
                format!(
                    "\"board\" names activity \"{board}\", which {}; activities in the pack: {}",
                    if board == &activity.id {
                        "is this one"
                    } else {
                        "does not exist"
                    },
                    list_or_none(&activity_ids)
                ),
            ));
        }
    }

    // A note has one place on a grid, so a board has at most one grid.
    let mut grids: BTreeMap<&str, &str> = BTreeMap::new();
    for (activity, file) in activities.values() {
        if activity.grid.is_none() {
            continue;
        }
        let board = activity.board.as_deref().unwrap_or(&activity.id);
        if let Some(first) = grids.insert(board, &activity.id) {
            let bytes = files.files.get(file)?;
            let text = std::str::from_utf8(bytes).ok()?;
            let src = SourceText::new(file, text);
            let at = text.find("[grid").unwrap_or(0);
            problems.push(src.problem(
                at,
                format!(
                    "the board \"{board}\" already has a grid, in {first}.toml; a note has one place on a grid, so a board may have only one"
                ),
            ));
        }
    }

    Some(Pack {
        workshop: draft.workshop,
        sectors: draft.sectors,
        categories: draft.categories,
        programme: Programme { items },
        slides,
        activities: activities.into_values().map(|(a, _)| a).collect(),
        files: PackFiles {
            origin: String::new(),
            files: BTreeMap::new(),
        },
    })
}

fn list_or_none(ids: &[&str]) -> String {
    if ids.is_empty() {
        "none".to_string()
    } else {
        ids.join(", ")
    }
}

fn read_workshop(r: &mut Reader<'_>) -> Option<WorkshopDraft> {
    let doc = r.parse()?;
    let top = Table {
        at: 0,
        table: doc.get_ref(),
        what: "workshop.toml",
    };
    r.check_keys(top, WORKSHOP_KEYS);
    let title = r.req_str(top, "title", "the workshop's title");
    let subtitle = r.opt_str(top, "subtitle").map(|s| s.into_inner());
    let venue = r.opt_str(top, "venue").map(|s| s.into_inner());
    let facilitator = r.opt_str(top, "facilitator").map(|s| s.into_inner());
    let slides_file = r
        .opt_str(top, "slides")
        .map(|s| s.into_inner())
        .unwrap_or_else(|| "slides.md".to_string());
    let start = match r.opt_str(top, "start") {
        None => NaiveTime::from_hms_opt(9, 30, 0),
        Some(s) => match parse_clock(s.get_ref()) {
            Some(t) => Some(t),
            None => {
                r.report(
                    s.span().start,
                    format!(
                        "\"start\" must be a time of day as HH:MM (like \"09:30\"), found \"{}\"",
                        s.get_ref()
                    ),
                );
                None
            }
        },
    };

    let sectors = read_sectors(r, top);
    let mut categories = read_categories(r, top, "workshop.toml");
    if categories.is_empty() && !Reader::has(top, "categories") {
        // A board always has somewhere to put a note.
        categories.push(Category {
            id: "notes".to_string(),
            name: "Notes".to_string(),
        });
    }

    let mut items = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let item_tables = r.tables(top, "programme");
    if item_tables.is_empty() {
        let at = Reader::span_of_key(top, "programme").map_or(0, |s| s.start);
        r.report(
            at,
            "the programme is empty; add at least one [[programme]] item (slides, an activity or a break)",
        );
    }
    for (n, (span, table)) in item_tables.into_iter().enumerate() {
        let what = format!("programme item {}", n + 1);
        let t = Table {
            at: r.table_start(span.start),
            table,
            what: &what,
        };
        r.check_keys(t, ITEM_KEYS);
        let id = r.req_id(t, "id", "a short id like \"welcome\"");
        let title = r.req_str(t, "title", "the title shown in the programme");
        let kind = r.req_str(t, "kind", "\"slides\", \"activity\" or \"break\"");
        let minutes = r.opt_minutes(t, "minutes");
        let section = r.opt_id(t, "section");
        let activity = r.opt_id(t, "activity");
        if let Some(id) = &id {
            if let Some(first) = seen.get(id.get_ref()) {
                let line = r.src.position(*first).0;
                r.report(
                    id.span().start,
                    format!(
                        "duplicate programme id \"{}\" (first used on line {line})",
                        id.get_ref()
                    ),
                );
            } else {
                seen.insert(id.get_ref().clone(), id.span().start);
            }
        }
        let kind = match kind.as_ref().map(|k| k.get_ref().as_str()) {
            Some("slides") => {
                if section.is_none() && !Reader::has(t, "section") {
                    r.missing(
                        t,
                        "section",
                        "the slide section to show, from <!-- section: id --> in the slides",
                    );
                }
                Some(ItemKind::Slides)
            }
            Some("break") => Some(ItemKind::Break),
            Some("activity") => match &activity {
                Some(a) => Some(ItemKind::Activity(a.get_ref().clone())),
                None => {
                    if !Reader::has(t, "activity") {
                        r.missing(t, "activity", "the activity's id: the name of its .toml file");
                    }
                    None
                }
            },
            Some(other) => {
                let at = kind.as_ref().map(|k| k.span().start).unwrap_or(span.start);
                r.report(
                    at,
                    format!("\"kind\" must be \"slides\", \"activity\" or \"break\", found \"{other}\""),
                );
                None
            }
            None => None,
        };
        if let Some(k) = &kind
            && !matches!(k, ItemKind::Activity(_))
        {
            if minutes.is_none() && !Reader::has(t, "minutes") {
                r.missing(t, "minutes", "the planned minutes");
            }
            if let Some(at) = Reader::span_of_key(t, "activity") {
                r.report(at.start, "\"activity\" is only for items of kind \"activity\"");
            }
        }
        if let (Some(id), Some(title), Some(kind)) = (id, title, kind) {
            items.push((
                Item {
                    id: id.into_inner(),
                    title: title.into_inner(),
                    kind,
                    seconds: minutes.as_ref().map(|m| *m.get_ref()).unwrap_or(0),
                    section: section.as_ref().map(|s| s.get_ref().clone()),
                },
                ItemRefs {
                    section: section.as_ref().map(|s| s.span().start),
                    activity: activity.as_ref().map(|a| a.span().start),
                    minutes_given: minutes.is_some(),
                },
            ));
        }
    }

    // Carry on with stand-ins where the top level is broken, so the slides and references
    // are still checked; the problems already recorded keep the pack from loading.
    Some(WorkshopDraft {
        workshop: Workshop {
            title: title.map(|t| t.into_inner()).unwrap_or_default(),
            subtitle,
            start: start.unwrap_or_default(),
            venue,
            facilitator,
        },
        sectors,
        categories,
        items,
        slides_file,
    })
}

fn read_sectors(r: &mut Reader<'_>, top: Table<'_, '_>) -> Vec<Sector> {
    if !Reader::has(top, "sectors") {
        return default_sectors();
    }
    let mut out: Vec<Sector> = Vec::new();
    for (n, (span, table)) in r.tables(top, "sectors").into_iter().enumerate() {
        let what = format!("sector {}", n + 1);
        let t = Table {
            at: r.table_start(span.start),
            table,
            what: &what,
        };
        r.check_keys(t, SECTOR_KEYS);
        let id = r.req_id(t, "id", "a short id like \"public-library\"");
        let name = r.req_str(t, "name", "the sector's name");
        let label = r.req_str(
            t,
            "label",
            "a short label of at most 8 characters, printed on notes",
        );
        if let Some(l) = &label
            && l.get_ref().chars().count() > 8
        {
            r.report(
                l.span().start,
                format!(
                    "\"label\" must be at most 8 characters, found \"{}\"",
                    l.get_ref()
                ),
            );
        }
        if let Some(id) = &id
            && out.iter().any(|s| &s.id == id.get_ref())
        {
            r.report(
                id.span().start,
                format!("duplicate sector id \"{}\"", id.get_ref()),
            );
            continue;
        }
        if let (Some(id), Some(name), Some(label)) = (id, name, label) {
            out.push(Sector {
                id: id.into_inner(),
                name: name.into_inner(),
                label: label.into_inner(),
            });
        }
    }
    out
}

pub(crate) fn read_categories(r: &mut Reader<'_>, top: Table<'_, '_>, file: &str) -> Vec<Category> {
    let mut out: Vec<Category> = Vec::new();
    for (n, (span, table)) in r.tables(top, "categories").into_iter().enumerate() {
        let what = format!("category {} in {file}", n + 1);
        let t = Table {
            at: r.table_start(span.start),
            table,
            what: &what,
        };
        r.check_keys(t, CATEGORY_KEYS);
        let id = r.req_id(t, "id", "a short id like \"ideas\"");
        let name = r.req_str(t, "name", "the column heading on the board");
        if let Some(id) = &id
            && out.iter().any(|c| &c.id == id.get_ref())
        {
            r.report(
                id.span().start,
                format!("duplicate category id \"{}\"", id.get_ref()),
            );
            continue;
        }
        if let (Some(id), Some(name)) = (id, name) {
            out.push(Category {
                id: id.into_inner(),
                name: name.into_inner(),
            });
        }
    }
    out
}

/// Parses a time of day written HH:MM.
pub fn parse_clock(s: &str) -> Option<NaiveTime> {
    let (h, m) = s.trim().split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    NaiveTime::from_hms_opt(h.parse().ok()?, m.parse().ok()?, 0)
}
