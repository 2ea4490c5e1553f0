//! Fuzz-style property tests for the pack reader: whatever bytes a pack holds (random noise,
//! a mangled copy of the built-in pack, or a well-formed pack with random keys, values and
//! directives), `Pack::from_files` never panics, every rejection is a list of problems a
//! facilitator can act on (`file:line:col: message`, with the line and column inside the
//! file), and every pack it accepts keeps the invariants the rest of convene relies on.
//!
//! The default case counts keep this file to a few seconds in a debug build. For a deeper
//! search, raise them (each property scales its own default by the same factor):
//!
//! ```text
//! PROPTEST_CASES=5000 cargo test --release --test fuzz_pack
//! ```
//!
//! Failures are not persisted to a regressions file; a failure prints the shrunk input and
//! the seed, and anything worth keeping belongs in the regression tests at the bottom.

use std::collections::{BTreeMap, BTreeSet};

use convene::pack::{ItemKind, Pack, PackError, PackFiles, Problem};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::test_runner::Config;

/// Cases for a property whose default is `default`, scaled by `PROPTEST_CASES` (taken as the
/// count for a property whose default is 256).
fn config(default: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .map_or(default, |n| ((n * default as u64) / 256).max(1) as u32);
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

fn builtin() -> PackFiles {
    PackFiles::builtin()
}

fn text_of(files: &PackFiles, name: &str) -> String {
    String::from_utf8_lossy(&files.files[name]).into_owned()
}

fn with_file(mut files: PackFiles, name: &str, bytes: impl Into<Vec<u8>>) -> PackFiles {
    files.files.insert(name.to_string(), bytes.into());
    files
}

// ---------------------------------------------------------------------------------------------
// The checks every outcome must pass.
// ---------------------------------------------------------------------------------------------

/// Reads the pack and checks the outcome; returns the pack when it was accepted.
fn check(files: &PackFiles) -> Option<Pack> {
    match Pack::from_files(files.clone()) {
        Ok(pack) => {
            check_pack(files, &pack);
            Some(pack)
        }
        Err(PackError::Invalid { origin, problems }) => {
            assert_eq!(origin, files.origin, "the error names where the pack came from");
            check_problems(files, &problems);
            None
        }
        Err(other) => panic!("from_files reports only Invalid, got: {other}"),
    }
}

/// Every problem says which file, a line and column inside it, and what is wrong.
fn check_problems(files: &PackFiles, problems: &[Problem]) {
    assert!(
        !problems.is_empty(),
        "a rejected pack must say at least one thing that is wrong"
    );
    for p in problems {
        assert!(
            files.files.contains_key(&p.file) || p.file == "workshop.toml",
            "problem names a file that is not in the pack: {p}"
        );
        assert!(p.line >= 1 && p.column >= 1, "positions are 1-based: {p:?}");
        assert!(!p.message.trim().is_empty(), "empty message: {p:?}");
        assert_eq!(
            p.to_string(),
            format!("{}:{}:{}: {}", p.file, p.line, p.column, p.message)
        );
        if let Some(bytes) = files.files.get(&p.file) {
            let text = String::from_utf8_lossy(bytes);
            let lines: Vec<&str> = text.split('\n').collect();
            assert!(
                p.line <= lines.len(),
                "line {} is past the end of {} ({} lines): {p}",
                p.line,
                p.file,
                lines.len()
            );
            let width = lines[p.line - 1].chars().count();
            assert!(
                p.column <= width + 1,
                "column {} is past the end of line {} of {} ({width} characters): {p}",
                p.column,
                p.line,
                p.file
            );
        } else {
            // Only a whole-pack problem (the slide file is missing) is reported against a
            // workshop.toml that may not exist.
            assert_eq!((p.line, p.column), (1, 1), "{p}");
        }
    }
}

/// Section ids a slide file can define: every `<!-- section: id -->` comment anywhere in it.
/// A superset of the real ones (a comment inside a code block is not a directive), which is
/// all the invariant needs.
fn section_markers(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(open) = rest.find("<!--") {
        rest = &rest[open + 4..];
        let Some(close) = rest.find("-->") else { break };
        if let Some((word, value)) = rest[..close].split_once(':')
            && word.trim() == "section"
        {
            out.insert(value.trim().to_string());
        }
    }
    out
}

/// The name of the slide file an accepted pack was read with.
fn slides_file(files: &PackFiles) -> String {
    let text = text_of(files, "workshop.toml");
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let table: toml::Table = toml::from_str(text).expect("an accepted workshop.toml is valid TOML");
    match table.get("slides") {
        Some(toml::Value::String(s)) => s.clone(),
        _ => "slides.md".to_string(),
    }
}

/// What the rest of convene assumes of every pack that loads.
fn check_pack(files: &PackFiles, pack: &Pack) {
    assert_eq!(pack.files.origin, files.origin);
    assert_eq!(
        pack.files.files, files.files,
        "the pack keeps exactly the files it was read from"
    );
    assert!(!pack.workshop.title.trim().is_empty());
    let items = &pack.programme.items;
    assert!(!items.is_empty(), "an accepted programme has items");

    let slides_name = slides_file(files);
    let slides_text = text_of(files, &slides_name);
    let sections = section_markers(&slides_text);
    let slide_lines = slides_text.split('\n').count();

    let mut ids = BTreeSet::new();
    for (i, item) in items.iter().enumerate() {
        assert!(ids.insert(item.id.as_str()), "duplicate programme id {}", item.id);
        assert!(!item.title.trim().is_empty(), "item {} has no title", item.id);
        assert!(
            (1..=28_800).contains(&item.seconds),
            "item {} lasts {} seconds; durations run from 1 to 28800: {items:#?}",
            item.id,
            item.seconds
        );
        if let Some(section) = &item.section {
            assert!(
                sections.contains(section),
                "item {} shows section {section:?}, which {slides_name} does not define ({sections:?})",
                item.id
            );
        }
        match &item.kind {
            ItemKind::Slides => assert!(item.section.is_some(), "slides item {} has no section", item.id),
            ItemKind::Activity(a) => assert!(
                pack.activity(a).is_some(),
                "item {} runs activity {a:?}, which the pack does not hold",
                item.id
            ),
            ItemKind::Break => {}
        }
        // Every page of every item can be drawn at every reveal step.
        for page in pack.pages(i) {
            assert!(page.steps() >= 1);
            if let convene::pack::Page::Slide(slide) = page {
                for step in 0..=slide.steps() {
                    let _ = slide.visible(step);
                }
            }
        }
    }
    for slide in &pack.slides {
        assert!(
            sections.contains(&slide.section),
            "slide in unknown section {}",
            slide.section
        );
        assert!(
            (1..=slide_lines).contains(&slide.line),
            "slide line {} out of range",
            slide.line
        );
        assert!(!slide.body.trim().is_empty(), "an empty slide was kept");
        for &p in &slide.pauses {
            assert!(p > 0 && p < slide.body.len() && slide.body.is_char_boundary(p));
        }
        for step in 0..=slide.steps() {
            let _ = slide.visible(step);
        }
    }

    let mut previous: Option<&str> = None;
    for activity in &pack.activities {
        assert!(
            previous < Some(activity.id.as_str()),
            "activities are sorted by unique id"
        );
        previous = Some(&activity.id);
        assert!(files.files.contains_key(&format!("{}.toml", activity.id)));
        assert!(!activity.title.trim().is_empty());
        let total: u64 = activity.phases.iter().map(|p| p.seconds as u64).sum();
        assert!(total <= 28_800, "activity {} lasts {total} seconds", activity.id);
        for phase in &activity.phases {
            assert!((1..=28_800).contains(&phase.seconds), "{phase:?}");
            assert!(!phase.name.trim().is_empty() && !phase.instructions.trim().is_empty());
        }
        if let Some(board) = &activity.board {
            assert_ne!(
                board, &activity.id,
                "an activity cannot vote on its own board by name"
            );
            assert!(pack.activity(board).is_some(), "board {board} does not exist");
        }
        if let Some(g) = activity.grouping {
            assert!((1..=50).contains(&g.size));
        }
        if let Some(v) = activity.voting {
            assert!(v.per_person.is_some() || v.total.is_some());
            assert!(v.per_person.is_none_or(|n| (1..=100).contains(&n)));
            assert!(v.total.is_none_or(|n| (1..=10_000).contains(&n)));
        }
        let mut columns = BTreeSet::new();
        for c in pack.categories_of(activity) {
            assert!(columns.insert(&c.id), "duplicate column {}", c.id);
        }
    }
    let mut sector_ids = BTreeSet::new();
    for s in &pack.sectors {
        assert!(sector_ids.insert(&s.id), "duplicate sector {}", s.id);
        assert!(s.label.chars().count() <= 8, "label {:?} is too long", s.label);
    }
}

// ---------------------------------------------------------------------------------------------
// 1. Random bytes.
// ---------------------------------------------------------------------------------------------

/// Bytes that are mostly noise, sometimes the punctuation TOML and Markdown care about, so
/// the parsers get past their first byte now and then.
fn noise() -> impl Strategy<Value = Vec<u8>> {
    // One draw per byte: half the time any byte at all, half the time punctuation (a
    // `prop_oneof!` per byte would make generating cost more than parsing).
    const PUNCTUATION: &[u8] = b"[]{}=\"'\n\r #.,:-_<>!`~tfe0123456789abcxyz\\\xff\xc3\xa9";
    vec(any::<u16>(), 0..1500).prop_map(|draws| {
        draws
            .into_iter()
            .map(|d| {
                let [high, low] = d.to_be_bytes();
                if high < 128 {
                    low
                } else {
                    PUNCTUATION[low as usize % PUNCTUATION.len()]
                }
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn random_bytes_in_one_file_are_reported_not_panicked_on(
        which in any::<Index>(),
        bytes in noise(),
    ) {
        let files = builtin();
        let names: Vec<String> = files.files.keys().cloned().collect();
        let name = names[which.index(names.len())].clone();
        check(&with_file(files, &name, bytes));
    }

    #[test]
    fn random_bytes_in_every_file_at_once(
        workshop in noise(),
        slides in noise(),
        activity in noise(),
        raw in vec(any::<u8>(), 0..600),
    ) {
        let files = PackFiles {
            origin: "noise".to_string(),
            files: BTreeMap::from([
                ("workshop.toml".to_string(), workshop),
                ("slides.md".to_string(), slides),
                ("ideas.toml".to_string(), activity),
                ("raw.toml".to_string(), raw),
            ]),
        };
        check(&files);
    }
}

// ---------------------------------------------------------------------------------------------
// 2. Mutations of the built-in pack.
// ---------------------------------------------------------------------------------------------

const SNIPPETS: &[&str] = &[
    "[[",
    "]]",
    "[",
    "]",
    "{",
    "}",
    "\"",
    "\"\"\"",
    "'",
    "'''",
    "=",
    "\n",
    "\r",
    "\r\n",
    "\0",
    "#",
    "<!--",
    "-->",
    "<!-- pause -->",
    "<!-- end_slide -->",
    "<!-- section: welcome -->",
    "<!-- section: Bad -->",
    "<!-- speaker_note: -->",
    "<!-- speker_note: x -->",
    "\n---\n",
    "---",
    "```",
    "\n```\n",
    "~~~",
    "é🎉",
    "\u{feff}",
    "\u{202e}",
    "\u{1b}[2J",
    "[[programme]]\n",
    "[[phases]]\n",
    "[grouping]\n",
    "[programme]\n",
    "minutes = 0\n",
    "minutes = nan\n",
    "id = \"welcome\"\n",
    "kind = \"activity\"\n",
    "activity = \"missing\"\n",
    "section = \"nowhere\"\n",
    "board = \"ideas\"\n",
    "title = \"\"\n",
    "x.y.z = 1\n",
    "\\u{0}",
    "1e308",
    "9999999999999999999999",
];

#[derive(Debug, Clone)]
enum Mutation {
    /// XOR a byte with a non-zero mask.
    Flip(Index, u8),
    Delete(Index, usize),
    Insert(Index, &'static str),
    InsertBytes(Index, Vec<u8>),
    Truncate(Index),
    DuplicateLine(Index),
    SwapLines(Index, Index),
    DeleteLine(Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => (any::<Index>(), 1..=255u8).prop_map(|(i, m)| Mutation::Flip(i, m)),
        2 => (any::<Index>(), 1..40usize).prop_map(|(i, n)| Mutation::Delete(i, n)),
        4 => (any::<Index>(), select(SNIPPETS)).prop_map(|(i, s)| Mutation::Insert(i, s)),
        1 => (any::<Index>(), vec(any::<u8>(), 1..8)).prop_map(|(i, b)| Mutation::InsertBytes(i, b)),
        1 => any::<Index>().prop_map(Mutation::Truncate),
        2 => any::<Index>().prop_map(Mutation::DuplicateLine),
        2 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        2 => any::<Index>().prop_map(Mutation::DeleteLine),
    ]
}

/// Lines with their line ends, so joining them gives the bytes back.
fn split_lines(bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes
        .split_inclusive(|&b| b == b'\n')
        .map(<[u8]>::to_vec)
        .collect()
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    let at = |i: &Index, len: usize| i.index(len + 1);
    match m {
        Mutation::Flip(i, mask) => {
            if !bytes.is_empty() {
                let k = i.index(bytes.len());
                bytes[k] ^= mask;
            }
        }
        Mutation::Delete(i, n) => {
            let k = at(i, bytes.len());
            let end = (k + n).min(bytes.len());
            bytes.drain(k..end);
        }
        Mutation::Insert(i, s) => {
            let k = at(i, bytes.len());
            bytes.splice(k..k, s.bytes());
        }
        Mutation::InsertBytes(i, b) => {
            let k = at(i, bytes.len());
            bytes.splice(k..k, b.iter().copied());
        }
        Mutation::Truncate(i) => {
            let k = at(i, bytes.len());
            bytes.truncate(k);
        }
        Mutation::DuplicateLine(i) | Mutation::DeleteLine(i) | Mutation::SwapLines(i, _) => {
            let mut lines = split_lines(bytes);
            if lines.is_empty() {
                return;
            }
            let a = i.index(lines.len());
            match m {
                Mutation::DuplicateLine(_) => {
                    let mut line = lines[a].clone();
                    if !line.ends_with(b"\n") {
                        line.push(b'\n');
                    }
                    lines.insert(a, line);
                }
                Mutation::DeleteLine(_) => {
                    lines.remove(a);
                }
                Mutation::SwapLines(_, j) => {
                    let b = j.index(lines.len());
                    // Keep line ends where they were, so a last line without one stays last.
                    for k in [a, b] {
                        if !lines[k].ends_with(b"\n") {
                            lines[k].push(b'\n');
                        }
                    }
                    lines.swap(a, b);
                }
                _ => unreachable!(),
            }
            *bytes = lines.concat();
        }
    }
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn mutations_of_the_builtin_pack_are_reported_not_panicked_on(
        mutations in vec((any::<Index>(), mutation()), 1..6),
    ) {
        let mut files = builtin();
        let names: Vec<String> = files.files.keys().cloned().collect();
        for (which, m) in &mutations {
            let name = &names[which.index(names.len())];
            apply(files.files.get_mut(name).unwrap(), m);
        }
        check(&files);
    }

    /// The same, concentrated on the two files every pack has.
    #[test]
    fn mutations_of_workshop_and_slides(
        in_slides in any::<bool>(),
        mutations in vec(mutation(), 1..4),
    ) {
        let mut files = builtin();
        let name = if in_slides { "slides.md" } else { "workshop.toml" };
        for m in &mutations {
            apply(files.files.get_mut(name).unwrap(), m);
        }
        check(&files);
    }
}

// ---------------------------------------------------------------------------------------------
// 3. Well-formed packs with random content: a coherent pack (random programme, slides and
//    activities whose references hold), then a few random perturbations of its fields,
//    tables and slides, so both acceptance and every kind of rejection are exercised.
// ---------------------------------------------------------------------------------------------

/// A TOML basic string holding exactly `s`.
fn toml_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A TOML key: bare when it can be, quoted when not.
fn toml_key(k: &str) -> String {
    let bare = !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if bare { k.to_string() } else { toml_str(k) }
}

/// A value in a generated TOML document: a string, or the TOML text of any other value.
#[derive(Debug, Clone)]
enum Val {
    Str(String),
    Raw(String),
}

impl Val {
    fn str(s: &str) -> Val {
        Val::Str(s.to_string())
    }

    fn raw(r: impl ToString) -> Val {
        Val::Raw(r.to_string())
    }

    fn render(&self) -> String {
        match self {
            Val::Str(s) => toml_str(s),
            Val::Raw(r) => r.clone(),
        }
    }

    fn as_str(&self) -> Option<&str> {
        match self {
            Val::Str(s) => Some(s),
            Val::Raw(_) => None,
        }
    }
}

const WORDS: &[&str] = &[
    "Welcome",
    "x",
    "",
    " ",
    "é🎉",
    "a \"quoted\" word",
    "back\\slash",
    "two\nlines",
    "tab\there",
    "\u{202e}evil",
    "\u{1b}[2J",
    "NUL\u{0}",
];

/// Any TOML value of any type, as TOML text.
fn any_value() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        select(WORDS).prop_map(toml_str),
        any::<i64>().prop_map(|n| n.to_string()),
        select(
            &[
                "0",
                "1",
                "-1",
                "7",
                "50",
                "51",
                "100",
                "480",
                "481",
                "28800",
                "10000",
                "10001",
                "0x1F",
                "0o17",
                "0b101",
                "1_000",
                "+7",
                "9223372036854775807",
                "-9223372036854775808",
            ][..]
        )
        .prop_map(str::to_string),
        select(
            &[
                "0.0", "-0.0", "0.5", "7.5", "1e308", "-1e308", "5e-324", "nan", "+nan", "-nan", "inf",
                "+inf", "-inf", "1_000.5", "480.0", "480.001", "0.001", "0.01",
            ][..]
        )
        .prop_map(str::to_string),
        any::<bool>().prop_map(|b| b.to_string()),
        select(
            &[
                "1979-05-27T07:32:00Z",
                "1979-05-27T00:32:00.999999-07:00",
                "1979-05-27",
                "07:32:00",
                "1979-05-27 07:32:00",
            ][..]
        )
        .prop_map(str::to_string),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(|v| format!("[{}]", v.join(", "))),
            vec((select(&["a", "id", "minutes", "é"][..]), inner), 0..3).prop_map(|kv| {
                let mut seen = BTreeSet::new();
                let body: Vec<String> = kv
                    .into_iter()
                    .filter(|(k, _)| seen.insert(*k))
                    .map(|(k, v)| format!("{} = {v}", toml_key(k)))
                    .collect();
                format!("{{{}}}", body.join(", "))
            }),
        ]
    })
}

/// The key-value lines of one table, in order. A key set twice keeps its first value.
#[derive(Debug, Clone, Default)]
struct Fields(Vec<(String, Val)>);

impl Fields {
    fn new(pairs: impl IntoIterator<Item = (&'static str, Option<Val>)>) -> Self {
        Fields(
            pairs
                .into_iter()
                .filter_map(|(k, v)| Some((k.to_string(), v?)))
                .collect(),
        )
    }

    fn pairs(&self) -> Vec<String> {
        let mut seen = BTreeSet::new();
        self.0
            .iter()
            .filter(|(k, _)| seen.insert(k.clone()))
            .map(|(k, v)| format!("{} = {}", toml_key(k), v.render()))
            .collect()
    }

    fn render(&self) -> String {
        self.pairs().iter().map(|p| format!("{p}\n")).collect()
    }

    fn inline(&self) -> String {
        format!("{{{}}}", self.pairs().join(", "))
    }

    fn get(&self, key: &str) -> Option<&Val> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    fn set(&mut self, key: &str, value: Val) {
        match self.0.iter_mut().find(|(k, _)| k == key) {
            Some((_, v)) => *v = value,
            None => self.0.push((key.to_string(), value)),
        }
    }
}

/// How a list of tables is written.
#[derive(Debug, Clone)]
enum List {
    Absent,
    Tables(Vec<Fields>),
    Inline(Vec<Fields>),
    WrongType(String),
}

impl List {
    fn render(&self, key: &str, top: &mut String, tail: &mut String) {
        match self {
            List::Absent => {}
            List::Tables(tables) => {
                for t in tables {
                    tail.push_str(&format!("\n[[{key}]]\n{}", t.render()));
                }
            }
            List::Inline(tables) => {
                let items: Vec<String> = tables.iter().map(Fields::inline).collect();
                top.push_str(&format!("{key} = [{}]\n", items.join(", ")));
            }
            List::WrongType(v) => top.push_str(&format!("{key} = {v}\n")),
        }
    }

    fn tables(&self) -> &[Fields] {
        match self {
            List::Tables(t) | List::Inline(t) => t,
            _ => &[],
        }
    }

    fn tables_mut(&mut self) -> Option<&mut Vec<Fields>> {
        match self {
            List::Tables(t) | List::Inline(t) => Some(t),
            _ => None,
        }
    }

    /// Writes the same tables another way.
    fn reshape(&mut self, how: u8, value: String) {
        let tables = std::mem::take(self.tables_mut().unwrap_or(&mut Vec::new()));
        *self = match how % 4 {
            0 => List::Absent,
            1 => List::Inline(tables),
            2 => List::WrongType(value),
            _ => List::Inline(Vec::new()),
        };
    }
}

#[derive(Debug, Clone)]
struct ActivitySpec {
    file: String,
    top: Fields,
    grouping: Option<Fields>,
    voting: Option<Fields>,
    categories: List,
    phases: List,
}

impl ActivitySpec {
    fn render(&self) -> String {
        let mut top = self.top.render();
        let mut tail = String::new();
        if let Some(g) = &self.grouping {
            tail.push_str(&format!("\n[grouping]\n{}", g.render()));
        }
        if let Some(v) = &self.voting {
            tail.push_str(&format!("\n[voting]\n{}", v.render()));
        }
        self.categories.render("categories", &mut top, &mut tail);
        self.phases.render("phases", &mut top, &mut tail);
        top + &tail
    }
}

#[derive(Debug, Clone)]
struct PackSpec {
    top: Fields,
    sectors: List,
    categories: List,
    programme: List,
    /// Slide file pieces; joined to make slides.md.
    slides: Vec<String>,
    activities: Vec<ActivitySpec>,
}

impl PackSpec {
    fn workshop_toml(&self) -> String {
        let mut top = self.top.render();
        let mut tail = String::new();
        self.sectors.render("sectors", &mut top, &mut tail);
        self.categories.render("categories", &mut top, &mut tail);
        self.programme.render("programme", &mut top, &mut tail);
        top + &tail
    }

    fn files(&self) -> PackFiles {
        let mut files = BTreeMap::new();
        files.insert("workshop.toml".to_string(), self.workshop_toml().into_bytes());
        files.insert("slides.md".to_string(), self.slides.concat().into_bytes());
        for a in &self.activities {
            files
                .entry(a.file.clone())
                .or_insert_with(|| a.render().into_bytes());
        }
        PackFiles {
            origin: "generated".to_string(),
            files,
        }
    }

    /// Every table of the pack, to perturb one.
    fn tables_mut(&mut self) -> Vec<&mut Fields> {
        let mut out = vec![&mut self.top];
        for list in [&mut self.sectors, &mut self.categories, &mut self.programme] {
            if let Some(t) = list.tables_mut() {
                out.extend(t.iter_mut());
            }
        }
        for a in &mut self.activities {
            out.push(&mut a.top);
            out.extend(a.grouping.as_mut());
            out.extend(a.voting.as_mut());
            for list in [&mut a.categories, &mut a.phases] {
                if let Some(t) = list.tables_mut() {
                    out.extend(t.iter_mut());
                }
            }
        }
        out
    }

    fn lists_mut(&mut self) -> Vec<&mut List> {
        let mut out = vec![&mut self.sectors, &mut self.categories, &mut self.programme];
        for a in &mut self.activities {
            out.push(&mut a.categories);
            out.push(&mut a.phases);
        }
        out
    }
}

const ITEM_IDS: &[&str] = &["welcome", "intro", "ideas", "break-1", "close", "a1", "z"];
const SECTIONS: &[&str] = &["welcome", "ideas", "mapping", "close", "s-2"];
const ACTIVITIES: &[&str] = &["ideas", "mapping", "vote", "a"];
const TITLES: &[&str] = &["Welcome", "Ideas 🎉", "A \"quoted\" title", "x", "tab\there"];
const BAD_IDS: &[&str] = &["Bad Id", "", "-lead", "é", "UPPER", "a_b"];

/// One programme item before it is tied to sections and activities.
#[derive(Debug, Clone)]
struct ItemDraft {
    kind: u8,
    title: &'static str,
    minutes: Option<u32>,
    section: Option<Index>,
    activity: Index,
}

fn item_draft() -> impl Strategy<Value = ItemDraft> {
    (
        0..3u8,
        select(TITLES),
        proptest::option::of(1..=120u32),
        proptest::option::of(any::<Index>()),
        any::<Index>(),
    )
        .prop_map(|(kind, title, minutes, section, activity)| ItemDraft {
            kind,
            title,
            minutes,
            section,
            activity,
        })
}

/// Benign slide content: text, pauses, notes after text, slide breaks followed by text.
fn slide_piece() -> impl Strategy<Value = String> {
    select(
        &[
            "Some text.\n",
            "- one\n- two\n",
            "\n",
            "## A heading ##\n",
            "é🎉 **bold**\n",
            "<!-- pause -->\n",
            "text <!-- pause --> more\n",
            "said\n<!-- speaker_note: say hello -->\n",
            "said\n<!-- speaker_note: over\ntwo lines -->\n",
            "<!-- end_slide -->\n# Next\n",
            "---\n## Next\n",
            "<!--end_slide-->\n",
            "```\n---\n<!-- section: welcome -->\n<!-- pause -->\n```\n",
            "~~~rust\nfn x() {}\n~~~\n",
            "````\n```\n````\n",
            "<!-- just a comment -->\n",
            "<!-- TODO: later -->\n",
            "  <!-- pause -->  \n",
            "text\r\n",
            "<!-- pause -->\n<!-- pause -->\n",
        ][..],
    )
    .prop_map(str::to_string)
}

/// Slide file pieces that are wrong in some way (or only odd).
const BAD_SLIDE_PIECES: &[&str] = &[
    "<!-- speker_note: typo -->\n",
    "<!-- pause: 3 -->\n",
    "<!-- section -->\n",
    "<!-- section: Bad Id -->\n",
    "<!-- section: welcome -->\n# Again\n",
    "<!-- speaker_note: -->\n",
    "<!-- speaker_note: note on nothing -->\n<!-- end_slide -->\n",
    "<!-- end_slide: now -->\n",
    "<!-- never closed\n",
    "```\nunclosed\n",
    "<!-- section: close --> trailing text\n",
    "\u{feff}",
    "<!-- -->\n",
    "<!---->\n",
    "-->\n",
];

fn activity_spec(id: &'static str, board: Option<&'static str>) -> impl Strategy<Value = ActivitySpec> {
    let phase = (
        select(TITLES),
        1..=120u32,
        select(&["Think.", "Talk\nthen write.", "é"][..]),
    )
        .prop_map(|(name, minutes, instructions)| {
            Fields::new([
                ("name", Some(Val::str(name))),
                ("minutes", Some(Val::raw(minutes))),
                ("instructions", Some(Val::str(instructions))),
            ])
        });
    let category = (select(&["notes", "ideas", "gaps"][..]), select(TITLES))
        .prop_map(|(id, name)| Fields::new([("id", Some(Val::str(id))), ("name", Some(Val::str(name)))]));
    (
        select(TITLES),
        proptest::option::of(select(WORDS)),
        proptest::option::of(select(WORDS)),
        proptest::option::of(any::<bool>()),
        proptest::option::weighted(0.3, (1..=50u32, select(&["mixed", "same", "any"][..]))),
        proptest::option::weighted(
            0.2,
            (
                proptest::option::of(1..=100u32),
                proptest::option::of(1..=10_000u32),
            ),
        ),
        proptest::option::weighted(0.7, vec(category, 1..4)),
        vec(phase, 1..4),
    )
        .prop_map(
            move |(title, purpose, prompt, auto, grouping, voting, categories, phases)| {
                let mut seen = BTreeSet::new();
                let categories = categories
                    .map(|c| {
                        let unique = c
                            .into_iter()
                            .filter(|t| {
                                seen.insert(t.get("id").and_then(Val::as_str).unwrap_or("").to_string())
                            })
                            .collect();
                        List::Tables(unique)
                    })
                    .unwrap_or(List::Absent);
                ActivitySpec {
                    file: format!("{id}.toml"),
                    top: Fields::new([
                        ("title", Some(Val::str(title))),
                        ("purpose", purpose.map(Val::str)),
                        ("prompt", prompt.map(Val::str)),
                        ("auto_advance", auto.map(Val::raw)),
                        ("board", board.map(Val::str)),
                    ]),
                    grouping: grouping.map(|(size, sectors)| {
                        Fields::new([
                            ("size", Some(Val::raw(size))),
                            ("sectors", Some(Val::str(sectors))),
                        ])
                    }),
                    voting: voting.map(|(per_person, total)| {
                        let per_person = if per_person.is_none() && total.is_none() {
                            Some(3)
                        } else {
                            per_person
                        };
                        Fields::new([
                            ("per_person", per_person.map(Val::raw)),
                            ("total", total.map(Val::raw)),
                        ])
                    }),
                    categories,
                    phases: List::Tables(phases),
                }
            },
        )
}

/// A coherent pack: every reference holds and every value is in range.
fn coherent_pack() -> impl Strategy<Value = PackSpec> {
    (
        proptest::sample::subsequence(ITEM_IDS, 1..=5).prop_shuffle(),
        vec(item_draft(), 5),
        proptest::sample::subsequence(SECTIONS, 1..=SECTIONS.len()).prop_shuffle(),
        vec(vec(slide_piece(), 0..5), SECTIONS.len()),
        proptest::sample::subsequence(ACTIVITIES, 1..=ACTIVITIES.len()),
        any::<Index>(),
        (
            select(TITLES),
            proptest::option::of(select(&["09:30", "9:05", "00:00", "23:59"][..])),
            proptest::option::of(select(WORDS)),
            any::<bool>(),
            any::<bool>(),
        ),
    )
        .prop_flat_map(|(ids, drafts, sections, bodies, activity_ids, voter, top)| {
            // Programme items, tied to the sections and activities that will exist.
            let items: Vec<Fields> = ids
                .iter()
                .zip(&drafts)
                .map(|(id, d)| {
                    let section = d.section.as_ref().map(|i| *i.get(&sections));
                    let activity = *d.activity.get(&activity_ids);
                    let (kind, section, activity, minutes) = match d.kind {
                        0 => (
                            "slides",
                            Some(section.unwrap_or(sections[0])),
                            None,
                            Some(d.minutes.unwrap_or(5)),
                        ),
                        1 => ("activity", section, Some(activity), d.minutes),
                        _ => ("break", section, None, Some(d.minutes.unwrap_or(15))),
                    };
                    Fields::new([
                        ("id", Some(Val::str(id))),
                        ("title", Some(Val::str(d.title))),
                        ("kind", Some(Val::str(kind))),
                        ("minutes", minutes.map(Val::raw)),
                        ("section", section.map(Val::str)),
                        ("activity", activity.map(Val::str)),
                    ])
                })
                .collect();
            let mut slides = Vec::new();
            for (s, body) in sections.iter().zip(bodies) {
                slides.push(format!("<!-- section: {s} -->\n# {s}\n"));
                slides.extend(body);
            }
            // One activity may vote on another's board.
            let voter = (activity_ids.len() > 1).then(|| voter.index(activity_ids.len()));
            let activities: Vec<_> = activity_ids
                .iter()
                .enumerate()
                .map(|(i, id)| {
                    let board = (voter == Some(i)).then(|| activity_ids[(i + 1) % activity_ids.len()]);
                    activity_spec(id, board)
                })
                .collect();
            let (title, start, venue, sectors, categories) = top;
            let top = Fields::new([
                ("title", Some(Val::str(title))),
                ("start", start.map(Val::str)),
                ("venue", venue.map(Val::str)),
                ("slides", Some(Val::str("slides.md"))),
            ]);
            let sectors = if sectors {
                List::Tables(
                    [("nhs", "NHS", "NHS"), ("lib", "Library 📚", "12345678")]
                        .into_iter()
                        .map(|(id, name, label)| {
                            Fields::new([
                                ("id", Some(Val::str(id))),
                                ("name", Some(Val::str(name))),
                                ("label", Some(Val::str(label))),
                            ])
                        })
                        .collect(),
                )
            } else {
                List::Absent
            };
            let categories = if categories {
                List::Tables(vec![Fields::new([
                    ("id", Some(Val::str("parked"))),
                    ("name", Some(Val::str("Parking lot"))),
                ])])
            } else {
                List::Absent
            };
            (Just((top, sectors, categories, items, slides)), activities)
        })
        .prop_map(
            |((top, sectors, categories, items, slides), activities)| PackSpec {
                top,
                sectors,
                categories,
                programme: List::Tables(items),
                slides,
                activities,
            },
        )
}

/// One thing done to a coherent pack.
#[derive(Debug, Clone)]
enum Perturbation {
    /// Set (or add) a key in one of the pack's tables.
    Set(Index, &'static str, Val),
    /// Remove a key from one of the pack's tables.
    Remove(Index, Index),
    /// Write a list of tables another way (inline, empty, absent, the wrong type).
    Reshape(Index, u8, String),
    /// Put a slide piece that is wrong (or odd) somewhere in the slides.
    Slide(Index, &'static str),
    /// Drop an activity file, or give it a name that is not an id.
    DropActivity(Index),
    RenameActivity(Index, &'static str),
    /// Duplicate a table of a list (a second item with the same id, say).
    DuplicateTable(Index, Index),
}

/// Keys to set: every key a pack knows, and some it does not.
const KEYS: &[&str] = &[
    "id",
    "title",
    "kind",
    "minutes",
    "section",
    "activity",
    "name",
    "label",
    "start",
    "slides",
    "board",
    "size",
    "sectors",
    "per_person",
    "total",
    "instructions",
    "auto_advance",
    "prompt",
    "subtitle",
    "phases",
    "categories",
    "programme",
    "grouping",
    "voting",
    "colour",
    "Minutes",
    "é",
    "with space",
];

fn perturbation() -> impl Strategy<Value = Perturbation> {
    let value = prop_oneof![
        3 => any_value().prop_map(Val::Raw),
        2 => select(BAD_IDS).prop_map(Val::str),
        2 => select(ITEM_IDS).prop_map(Val::str),
        2 => select(SECTIONS).prop_map(Val::str),
        2 => select(ACTIVITIES).prop_map(Val::str),
        1 => select(&["slides", "activity", "break", "lunch", "24:00", "23:60", "9:5", "noon", "other.md", "ideas.toml", "mixed", "Mixed"][..]).prop_map(Val::str),
    ];
    prop_oneof![
        6 => (any::<Index>(), select(KEYS), value).prop_map(|(t, k, v)| Perturbation::Set(t, k, v)),
        3 => (any::<Index>(), any::<Index>()).prop_map(|(t, k)| Perturbation::Remove(t, k)),
        1 => (any::<Index>(), any::<u8>(), any_value()).prop_map(|(l, h, v)| Perturbation::Reshape(l, h, v)),
        3 => (any::<Index>(), select(BAD_SLIDE_PIECES)).prop_map(|(i, p)| Perturbation::Slide(i, p)),
        1 => any::<Index>().prop_map(Perturbation::DropActivity),
        1 => (any::<Index>(), select(&["Bad Name", "x_y", "-a", "workshop", "sub/dir"][..]))
            .prop_map(|(i, n)| Perturbation::RenameActivity(i, n)),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(l, t)| Perturbation::DuplicateTable(l, t)),
    ]
}

impl PackSpec {
    fn perturb(&mut self, p: &Perturbation) {
        match p {
            Perturbation::Set(t, key, value) => {
                let mut tables = self.tables_mut();
                let n = tables.len();
                tables[t.index(n)].set(key, value.clone());
            }
            Perturbation::Remove(t, k) => {
                let mut tables = self.tables_mut();
                let n = tables.len();
                let table = &mut tables[t.index(n)];
                if !table.0.is_empty() {
                    let k = k.index(table.0.len());
                    table.0.remove(k);
                }
            }
            Perturbation::Reshape(l, how, value) => {
                let mut lists = self.lists_mut();
                let n = lists.len();
                lists[l.index(n)].reshape(*how, value.clone());
            }
            Perturbation::Slide(i, piece) => {
                let at = i.index(self.slides.len() + 1);
                self.slides.insert(at, piece.to_string());
            }
            Perturbation::DropActivity(i) => {
                if !self.activities.is_empty() {
                    let n = self.activities.len();
                    self.activities.remove(i.index(n));
                }
            }
            Perturbation::RenameActivity(i, name) => {
                if !self.activities.is_empty() {
                    let n = self.activities.len();
                    self.activities[i.index(n)].file = format!("{name}.toml");
                }
            }
            Perturbation::DuplicateTable(l, t) => {
                let mut lists = self.lists_mut();
                let n = lists.len();
                if let Some(tables) = lists[l.index(n)].tables_mut()
                    && !tables.is_empty()
                {
                    let k = t.index(tables.len());
                    let copy = tables[k].clone();
                    tables.insert(k + 1, copy);
                }
            }
        }
    }
}

fn pack_spec() -> impl Strategy<Value = (PackSpec, Vec<Perturbation>)> {
    (
        coherent_pack(),
        prop_oneof![2 => Just(Vec::new()), 3 => vec(perturbation(), 1..4)],
    )
        .prop_map(|(mut spec, perturbations)| {
            for p in &perturbations {
                spec.perturb(p);
            }
            (spec, perturbations)
        })
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn well_formed_random_packs_are_accepted_or_reported((spec, perturbations) in pack_spec()) {
        let files = spec.files();
        let pack = check(&files);
        if perturbations.is_empty() {
            prop_assert!(pack.is_some(), "a coherent pack was refused:\n{}", spec.workshop_toml());
        }
        let Some(pack) = pack else {
            return Ok(());
        };
        // What was accepted is what was written: every item, in order, with its fields.
        let items = spec.programme.tables();
        let ids: Vec<Option<&str>> = items.iter().map(|t| t.get("id").and_then(Val::as_str)).collect();
        let got: Vec<Option<&str>> = pack.programme.items.iter().map(|i| Some(i.id.as_str())).collect();
        prop_assert_eq!(got, ids);
        for (item, table) in pack.programme.items.iter().zip(items) {
            prop_assert_eq!(Some(item.kind.name()), table.get("kind").and_then(Val::as_str));
            prop_assert_eq!(Some(item.title.as_str()), table.get("title").and_then(Val::as_str));
            prop_assert_eq!(item.section.as_deref(), table.get("section").and_then(Val::as_str));
            if let Some(Val::Raw(m)) = table.get("minutes")
                && let Ok(m) = m.parse::<u32>()
            {
                prop_assert_eq!(item.seconds, m * 60);
            }
        }
        let start = spec.top.get("start").and_then(Val::as_str).unwrap_or("09:30");
        prop_assert_eq!(pack.workshop.start.format("%H:%M").to_string(), format!("{:0>5}", start.trim()));
        let title = spec.top.get("title").and_then(Val::as_str);
        prop_assert_eq!(Some(pack.workshop.title.as_str()), title);
    }
}

// ---------------------------------------------------------------------------------------------
// 4. Regressions: fixed nasty inputs.
// ---------------------------------------------------------------------------------------------

/// The problems of the built-in pack with one file replaced, as `file:line:col: message`.
fn problems_with(name: &str, bytes: impl Into<Vec<u8>>) -> Vec<String> {
    let files = with_file(builtin(), name, bytes);
    match Pack::from_files(files.clone()) {
        Ok(pack) => {
            check_pack(&files, &pack);
            Vec::new()
        }
        Err(PackError::Invalid { problems, .. }) => {
            check_problems(&files, &problems);
            problems.iter().map(Problem::to_string).collect()
        }
        Err(e) => panic!("unexpected error: {e}"),
    }
}

fn assert_reports(problems: &[String], expected: &str) {
    assert!(
        problems.iter().any(|p| p.contains(expected)),
        "expected a problem containing {expected:?}, got {problems:#?}"
    );
}

fn workshop_with(from: &str, to: &str) -> String {
    let text = text_of(&builtin(), "workshop.toml");
    assert!(text.contains(from), "the built-in workshop.toml lacks {from:?}");
    text.replacen(from, to, 1)
}

#[test]
fn the_builtin_pack_passes_every_check() {
    assert!(check(&builtin()).is_some());
}

#[test]
fn empty_files_are_reported() {
    let p = problems_with("workshop.toml", "");
    assert_reports(&p, "workshop.toml:1:1: workshop.toml is missing \"title\"");
    assert_reports(&p, "workshop.toml:1:1: the programme is empty");

    let p = problems_with("slides.md", "");
    assert_reports(
        &p,
        "names section \"welcome\", but slides.md has no <!-- section: welcome -->; sections there: none",
    );

    let p = problems_with("ideas.toml", "");
    assert_reports(&p, "ideas.toml:1:1: ideas.toml is missing \"title\"");
    assert_reports(&p, "ideas.toml:1:1: the activity has no phases");
}

#[test]
fn a_file_that_is_only_a_bom_is_treated_as_empty() {
    let p = problems_with("workshop.toml", "\u{feff}");
    assert_reports(&p, "workshop.toml:1:1: workshop.toml is missing \"title\"");
    let p = problems_with("ideas.toml", "\u{feff}");
    assert_reports(&p, "ideas.toml:1:1: ideas.toml is missing \"title\"");
    let p = problems_with("slides.md", "\u{feff}");
    assert_reports(&p, "sections there: none");
}

#[test]
fn a_bom_before_a_toml_file_is_accepted() {
    let files = builtin();
    for name in ["workshop.toml", "ideas.toml"] {
        let bytes = [b"\xef\xbb\xbf".as_slice(), &files.files[name]].concat();
        assert_eq!(problems_with(name, bytes), Vec::<String>::new(), "{name}");
    }
}

/// Once a bug the fuzzing found: a slide file saved with a UTF-8 byte-order mark (as
/// some Windows editors do) is misread. Its first line `\u{feff}<!-- section: welcome -->`
/// is not recognised as a directive because `str::trim_start` does not strip U+FEFF, so the
/// facilitator is told "slides.md:1:1: this slide is not in a section; start the file with
/// <!-- section: id -->" about a file that does start with one, plus "programme item
/// \"welcome\" names section \"welcome\", but slides.md has no <!-- section: welcome -->".
/// The TOML files accept a BOM (the test above).
#[test]
fn a_bom_before_the_slides_is_accepted() {
    let files = builtin();
    let bytes = [b"\xef\xbb\xbf".as_slice(), &files.files["slides.md"]].concat();
    assert_eq!(problems_with("slides.md", bytes), Vec::<String>::new());
}

/// Once a bug the fuzzing found: `Pack::from_files` on files without workshop.toml
/// returns `PackError::Invalid` with an empty problem list, which prints as "0 problems in
/// <origin>" and tells the facilitator nothing. (`Pack::load` checks for workshop.toml first,
/// so only callers of `from_files` can reach it.)
#[test]
fn a_pack_without_workshop_toml_says_so() {
    let mut files = builtin();
    files.files.remove("workshop.toml");
    match Pack::from_files(files) {
        Err(PackError::Invalid { problems, .. }) => {
            assert!(!problems.is_empty(), "rejected with no problems at all")
        }
        Err(PackError::NoWorkshop(_)) => {}
        other => panic!("expected a clear error, got {other:?}"),
    }
}

/// Once a bug the fuzzing found: an activity may say `phases = []`. It loads with no
/// phases at all, and a programme item that runs it without its own `minutes` is planned
/// at 0 seconds, breaking the "every duration is 1..=28800 seconds" invariant (and leaving
/// the timer with no phase to show). Only a missing `phases` key is reported today.
///
#[test]
fn an_activity_with_an_empty_phase_list_is_reported() {
    let network = text_of(&builtin(), "network.toml");
    let head = network.split("[[phases]]").next().unwrap();
    let files = with_file(builtin(), "network.toml", format!("phases = []\n{head}"));
    let files = with_file(
        files,
        "workshop.toml",
        workshop_with(
            "activity = \"network\"\nminutes = 25\n",
            "activity = \"network\"\n",
        ),
    );
    let result = Pack::from_files(files.clone());
    if let Ok(pack) = &result {
        check_pack(&files, pack);
    }
    let Err(PackError::Invalid { problems, .. }) = result else {
        panic!("an activity with no phases was accepted");
    };
    assert!(
        problems
            .iter()
            .any(|p| p.file == "network.toml" && p.message.contains("no phases")),
        "{problems:#?}"
    );
}

/// Once a bug the fuzzing found: a bad value is quoted raw in its
/// message, so a string with a line break splits `file:line:col: message` over two lines,
/// and the second looks like a line of its own in a terminal or a log.
/// once values are quoted with escapes (e.g. `{:?}`).
#[test]
fn a_problem_is_one_line_even_when_the_value_has_line_breaks() {
    let p = problems_with(
        "workshop.toml",
        workshop_with("start = \"09:30\"", "start = \"09:30\\nx\""),
    );
    assert_eq!(p.len(), 1, "{p:#?}");
    assert!(!p[0].contains('\n'), "{}", p[0]);
}

#[test]
fn a_megabyte_line_is_read_or_reported() {
    let mega = "x".repeat(1 << 20);
    // A long title is allowed.
    assert_eq!(
        problems_with(
            "workshop.toml",
            workshop_with("title = \"", &format!("title = \"{mega}"))
        ),
        Vec::<String>::new()
    );
    // So is a long line of slide text.
    let slides = text_of(&builtin(), "slides.md");
    assert_eq!(
        problems_with("slides.md", format!("{slides}\n{mega}\n")),
        Vec::<String>::new()
    );
    // A megabyte of a bare key with no value is one problem, not a million.
    let p = problems_with("workshop.toml", format!("{mega}\n"));
    assert!(!p.is_empty() && p.len() < 100, "{} problems", p.len());
    assert!(p[0].starts_with("workshop.toml:1:"), "{}", p[0]);
    // A megabyte of punctuation.
    let p = problems_with("workshop.toml", "=[\"{".repeat(1 << 18));
    assert!(!p.is_empty(), "noise was accepted");
    // A megabyte comment that never closes in the slides.
    let p = problems_with(
        "slides.md",
        format!("<!-- section: welcome -->\n# Hi\n<!-- {mega}"),
    );
    assert_reports(&p, "slides.md:3:1: this comment is never closed");
    // A megabyte of random bytes, invalid UTF-8 among them.
    let noise: Vec<u8> = (0..1u32 << 20)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let p = problems_with("slides.md", noise.clone());
    assert_reports(&p, "the file is not UTF-8 text");
    let p = problems_with("ideas.toml", noise);
    assert_reports(&p, "the file is not UTF-8 text");
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    // The toml crate caps its recursion (well below 100 levels), so 10 000 levels is an
    // ordinary syntax error on line 1 rather than a stack overflow.
    let depth = 10_000;
    for (text, name) in [
        (
            format!("a = {}{}\n", "[".repeat(depth), "]".repeat(depth)),
            "workshop.toml",
        ),
        (
            format!("a = {}1{}\n", "{b = ".repeat(depth), "}".repeat(depth)),
            "workshop.toml",
        ),
        (format!("a = {}\n", "[".repeat(depth)), "workshop.toml"),
        (format!("{}\n", "[".repeat(depth)), "workshop.toml"),
        (format!("{} = 1\n", vec!["a"; depth].join(".")), "workshop.toml"),
        (
            format!("phases = {}{}\n", "[".repeat(depth), "]".repeat(depth)),
            "ideas.toml",
        ),
        (
            format!("grouping = {}1{}\n", "{size = ".repeat(depth), "}".repeat(depth)),
            "ideas.toml",
        ),
    ] {
        let p = problems_with(name, text);
        assert!(!p.is_empty(), "deep nesting accepted in {name}");
        assert!(p.iter().all(|p| p.starts_with(&format!("{name}:"))), "{p:#?}");
    }
    // Dotted keys 10 000 deep parse; the unknown key is reported once.
    let p = problems_with(
        "workshop.toml",
        workshop_with(
            "title = ",
            &format!("{} = 1\ntitle = ", vec!["a"; depth].join(".")),
        ),
    );
    assert!(!p.is_empty());
}

#[test]
fn out_of_range_minutes_are_reported_with_what_was_written() {
    let cases = [
        ("1e308", "must be at most 480 (eight hours), found 1e308"),
        ("-1e308", "must be above zero, found -1e308"),
        (
            "99999999999999999999",
            "must be at most 480 (eight hours), found 99999999999999999999",
        ),
        (
            "-9223372036854775808",
            "must be above zero, found -9223372036854775808",
        ),
        ("nan", "must be above zero, found nan"),
        ("-nan", "must be above zero, found -nan"),
        ("inf", "must be at most 480 (eight hours), found inf"),
        ("+inf", "must be at most 480 (eight hours), found +inf"),
        ("-inf", "must be above zero, found -inf"),
        ("-0.0", "must be above zero, found -0.0"),
        ("0", "must be above zero, found 0"),
        ("0.001", "must be above zero, found 0.001"),
        ("481", "must be at most 480 (eight hours), found 481"),
        ("5e-324", "must be above zero, found 5e-324"),
    ];
    for (value, expected) in cases {
        let p = problems_with(
            "workshop.toml",
            workshop_with("minutes = 10\n", &format!("minutes = {value}\n")),
        );
        assert_eq!(p.len(), 1, "{value}: {p:#?}");
        assert!(
            p[0].starts_with("workshop.toml:80:11: \"minutes\" in programme item 1 ")
                && p[0].ends_with(expected),
            "{value}: {}",
            p[0]
        );
        // The same in an activity's phase.
        let ideas =
            text_of(&builtin(), "ideas.toml").replacen("minutes = 1\n", &format!("minutes = {value}\n"), 1);
        let p = problems_with("ideas.toml", ideas);
        assert!(
            p.iter()
                .any(|p| p.contains("\"minutes\" in phase 1") && p.ends_with(expected)),
            "{value}: {p:#?}"
        );
    }
    // Whole numbers may be written in any TOML form.
    for value in ["1_0", "0xA", "0o12", "0b1010", "+10", "10.0", "1e1"] {
        let files = with_file(
            builtin(),
            "workshop.toml",
            workshop_with("minutes = 10\n", &format!("minutes = {value}\n")),
        );
        let pack = check(&files).unwrap_or_else(|| panic!("minutes = {value} was refused"));
        assert_eq!(pack.programme.items[0].seconds, 600, "{value}");
    }
    // And a count that overflows is out of range, not a crash.
    let hiw = text_of(&builtin(), "hiw-event.toml").replacen("size = 5", "size = 99999999999999999999", 1);
    assert_reports(
        &problems_with("hiw-event.toml", hiw),
        "\"size\" must be from 1 to 50, found 99999999999999999999",
    );
}

#[test]
fn impossible_start_times_are_reported() {
    for value in ["24:00", "23:60", "9:5", "noon", "", "-1:00", "09:30:00", "99:99"] {
        let p = problems_with(
            "workshop.toml",
            workshop_with("start = \"09:30\"", &format!("start = \"{value}\"")),
        );
        assert_eq!(
            p,
            [format!(
                "workshop.toml:10:9: \"start\" must be a time of day as HH:MM (like \"09:30\"), found \"{value}\""
            )]
        );
    }
    for value in ["00:00", "23:59", "9:30"] {
        let files = with_file(
            builtin(),
            "workshop.toml",
            workshop_with("start = \"09:30\"", &format!("start = \"{value}\"")),
        );
        assert!(check(&files).is_some(), "{value}");
    }
}

#[test]
fn control_characters_and_odd_line_ends() {
    let w = text_of(&builtin(), "workshop.toml");
    // CRLF everywhere is fine.
    assert_eq!(
        problems_with("workshop.toml", w.replace('\n', "\r\n")),
        Vec::<String>::new()
    );
    let s = text_of(&builtin(), "slides.md");
    assert_eq!(
        problems_with("slides.md", s.replace('\n', "\r\n")),
        Vec::<String>::new()
    );
    // Bare CRs are a TOML error on line 1, reported rather than panicked on.
    let p = problems_with("workshop.toml", w.replace('\n', "\r"));
    assert!(p.iter().all(|p| p.starts_with("workshop.toml:1:")), "{}", p[0]);
    // A NUL byte in the middle of a value.
    let p = problems_with("workshop.toml", w.replacen("Better", "Bet\0ter", 1));
    assert!(!p.is_empty());
    // A byte that is not UTF-8 is located exactly.
    let mut bytes = w.into_bytes();
    let at = bytes.windows(6).position(|b| b == b"Better").unwrap() + 3;
    bytes.insert(at, 0xff);
    let p = problems_with("workshop.toml", bytes);
    assert_eq!(
        p,
        ["workshop.toml:8:13: the file is not UTF-8 text (byte 0xff here); save it as UTF-8"]
    );
}
