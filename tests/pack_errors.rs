//! Broken packs, each with the exact message and line:column a facilitator must see.

use std::collections::BTreeMap;

use convene::pack::{Pack, PackError, PackFiles};

const WORKSHOP: &str = r#"title = "Test workshop"
start = "10:00"

[[programme]]
id = "welcome"
title = "Welcome"
kind = "slides"
minutes = 5
section = "welcome"

[[programme]]
id = "ideas"
title = "Ideas"
kind = "activity"
activity = "ideas"
"#;

const SLIDES: &str = "<!-- section: welcome -->\n# Welcome\n\nHello\n";

const IDEAS: &str = r#"title = "Ideas"
prompt = "What could we do?"

[[phases]]
name = "Alone"
minutes = 1
instructions = "Think."
"#;

fn files(overrides: &[(&str, Option<&[u8]>)]) -> PackFiles {
    let mut files: BTreeMap<String, Vec<u8>> = [
        ("workshop.toml", WORKSHOP),
        ("slides.md", SLIDES),
        ("ideas.toml", IDEAS),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.as_bytes().to_vec()))
    .collect();
    for (name, content) in overrides {
        match content {
            Some(c) => files.insert(name.to_string(), c.to_vec()),
            None => files.remove(*name),
        };
    }
    PackFiles {
        origin: "test".to_string(),
        files,
    }
}

fn problems(overrides: &[(&str, Option<&[u8]>)]) -> Vec<String> {
    match Pack::from_files(files(overrides)) {
        Ok(_) => Vec::new(),
        Err(PackError::Invalid { problems, .. }) => problems.iter().map(|p| p.to_string()).collect(),
        Err(e) => vec![format!("unexpected error: {e}")],
    }
}

fn with(name: &str, text: &str) -> Vec<String> {
    problems(&[(name, Some(text.as_bytes()))])
}

#[test]
fn the_minimal_pack_is_valid() {
    let pack = Pack::from_files(files(&[])).expect("valid");
    assert_eq!(pack.programme.items.len(), 2);
    // An activity item with no minutes gets the sum of its phases.
    assert_eq!(pack.programme.items[1].seconds, 60);
    assert_eq!(pack.sectors.len(), 9, "default sectors");
}

#[test]
fn broken_packs_are_reported_with_file_line_and_column() {
    let workshop = |from: &str, to: &str| {
        assert!(WORKSHOP.contains(from), "fixture lacks {from:?}");
        WORKSHOP.replacen(from, to, 1)
    };
    let cases: Vec<(&str, Vec<String>, Vec<&str>)> = vec![
        (
            "bad TOML",
            with(
                "workshop.toml",
                &workshop("title = \"Test workshop\"", "title = \"Test workshop"),
            ),
            vec!["workshop.toml:1:23: this is not valid TOML: invalid basic string, expected `\"`"],
        ),
        (
            "unknown key",
            with("workshop.toml", &workshop("start = ", "stat = ")),
            vec![
                "workshop.toml:2:1: unknown key \"stat\" in workshop.toml; expected one of: title, subtitle, start, venue, facilitator, slides, sectors, categories, programme",
            ],
        ),
        (
            "missing required field",
            with("workshop.toml", &workshop("title = \"Welcome\"\n", "")),
            vec![
                "workshop.toml:4:1: programme item 1 is missing \"title\" (the title shown in the programme)",
            ],
        ),
        (
            "missing workshop title",
            with("workshop.toml", &workshop("title = \"Test workshop\"\n", "")),
            vec!["workshop.toml:1:1: workshop.toml is missing \"title\" (the workshop's title)"],
        ),
        (
            "programme names a missing activity",
            with(
                "workshop.toml",
                &workshop("activity = \"ideas\"", "activity = \"idea\""),
            ),
            vec![
                "workshop.toml:15:12: programme item \"ideas\" names activity \"idea\", but there is no idea.toml; activities in the pack: ideas",
            ],
        ),
        (
            "programme names a missing slide section",
            with(
                "workshop.toml",
                &workshop("section = \"welcome\"", "section = \"welcom\""),
            ),
            vec![
                "workshop.toml:9:11: programme item \"welcome\" names section \"welcom\", but slides.md has no <!-- section: welcom -->; sections there: welcome",
            ],
        ),
        (
            "duplicate programme id",
            with("workshop.toml", &workshop("id = \"ideas\"", "id = \"welcome\"")),
            vec!["workshop.toml:12:6: duplicate programme id \"welcome\" (first used on line 5)"],
        ),
        (
            "zero duration",
            with("workshop.toml", &workshop("minutes = 5", "minutes = 0")),
            vec!["workshop.toml:8:11: \"minutes\" in programme item 1 must be above zero, found 0"],
        ),
        (
            "negative duration",
            with("ideas.toml", &IDEAS.replace("minutes = 1", "minutes = -2")),
            vec!["ideas.toml:6:11: \"minutes\" in phase 1 must be above zero, found -2"],
        ),
        (
            "absurd duration",
            with("workshop.toml", &workshop("minutes = 5", "minutes = 481")),
            vec![
                "workshop.toml:8:11: \"minutes\" in programme item 1 must be at most 480 (eight hours), found 481",
            ],
        ),
        (
            "wrong type",
            with("workshop.toml", &workshop("minutes = 5", "minutes = \"five\"")),
            vec![
                "workshop.toml:8:11: \"minutes\" in programme item 1 must be a number of minutes, found a string",
            ],
        ),
        (
            "empty programme",
            with("workshop.toml", "title = \"T\"\nprogramme = []\n"),
            vec![
                "workshop.toml:2:1: the programme is empty; add at least one [[programme]] item (slides, an activity or a break)",
            ],
        ),
        (
            "no programme at all",
            with("workshop.toml", "title = \"T\"\n"),
            vec![
                "workshop.toml:1:1: the programme is empty; add at least one [[programme]] item (slides, an activity or a break)",
            ],
        ),
        (
            "unknown item kind",
            with(
                "workshop.toml",
                &workshop("kind = \"slides\"", "kind = \"lunch\""),
            ),
            vec![
                "workshop.toml:7:8: \"kind\" must be \"slides\", \"activity\" or \"break\", found \"lunch\"",
            ],
        ),
        (
            "slides never close a comment",
            with(
                "slides.md",
                "<!-- section: welcome -->\n# Welcome\n<!-- pause\n\nmore\n",
            ),
            vec!["slides.md:3:1: this comment is never closed; expected \"-->\""],
        ),
        (
            "slides with a misspelt directive",
            with(
                "slides.md",
                "<!-- section: welcome -->\n# Welcome\n<!-- speakernote: hi -->\n",
            ),
            vec![
                "slides.md:3:1: unknown directive \"speakernote\"; expected one of: end_slide, pause, speaker_note, section",
            ],
        ),
        (
            "slides with an unclosed code block",
            with("slides.md", "<!-- section: welcome -->\n# Welcome\n\n```\ncode\n"),
            vec!["slides.md:4:1: this code block is never closed; expected a closing ``` line"],
        ),
        (
            "slides before any section",
            with(
                "slides.md",
                "# Orphan\n---\n<!-- section: welcome -->\n# Welcome\n",
            ),
            vec!["slides.md:1:1: this slide is not in a section; start the file with <!-- section: id -->"],
        ),
        (
            "duplicate slide section",
            with(
                "slides.md",
                "<!-- section: welcome -->\n# A\n<!-- section: welcome -->\n# B\n",
            ),
            vec!["slides.md:3:1: duplicate section \"welcome\" (first started on line 1)"],
        ),
        (
            "file that is not UTF-8",
            problems(&[("ideas.toml", Some(b"title = \"Id\xe9es\"\n"))]),
            vec!["ideas.toml:1:12: the file is not UTF-8 text (byte 0xe9 here); save it as UTF-8"],
        ),
        (
            "activity without phases",
            with("ideas.toml", "title = \"Ideas\"\n"),
            vec![
                "ideas.toml:1:1: the activity has no phases; add at least one [[phases]] with name, minutes and instructions",
            ],
        ),
        (
            "bad id",
            with(
                "workshop.toml",
                &workshop("id = \"welcome\"", "id = \"Welcome Now\""),
            ),
            vec![
                "workshop.toml:5:6: \"id\" must be an id of lower-case letters, digits and \"-\" (like \"joint-working\"), found \"Welcome Now\"",
            ],
        ),
        (
            "missing slide pack",
            problems(&[("slides.md", None)]),
            vec!["workshop.toml:1:1: the slide pack slides.md is missing; expected it beside workshop.toml"],
        ),
    ];
    let mut failures = Vec::new();
    for (name, got, want) in cases {
        if got != want {
            failures.push(format!("{name}:\n  want {want:#?}\n  got  {got:#?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_problem_is_reported_at_once() {
    let got = problems(&[
        (
            "workshop.toml",
            Some(
                WORKSHOP
                    .replace("minutes = 5", "minutes = 0")
                    .replace("start = ", "stat = ")
                    .as_bytes(),
            ),
        ),
        ("ideas.toml", Some(IDEAS.replace("name = ", "nam = ").as_bytes())),
        (
            "slides.md",
            Some(b"<!-- section: welcome -->\n# W\n<!-- speakr_note: x -->\n"),
        ),
    ]);
    assert_eq!(got.len(), 5, "{got:#?}");
    // Sorted by file, then line.
    assert!(
        got[0].starts_with("ideas.toml:4:1: phase 1 is missing \"name\""),
        "{got:#?}"
    );
    assert!(
        got[1].starts_with("ideas.toml:5:1: unknown key \"nam\""),
        "{got:#?}"
    );
    assert!(
        got[2].starts_with("slides.md:3:1: unknown directive \"speakr_note\""),
        "{got:#?}"
    );
    assert!(
        got[3].starts_with("workshop.toml:2:1: unknown key \"stat\""),
        "{got:#?}"
    );
    assert!(got[4].starts_with("workshop.toml:8:11: \"minutes\""), "{got:#?}");
}

#[test]
fn builtin_pack_is_valid_and_complete() {
    let pack = Pack::builtin().expect("the built-in pack validates");
    assert_eq!(pack.workshop.start.format("%H:%M").to_string(), "09:30");
    let total = pack.programme.total_seconds() / 60;
    assert!((180..=240).contains(&total), "a half day, got {total} minutes");
    for (i, item) in pack.programme.items.iter().enumerate() {
        let slides = pack.item_slides(i);
        assert!(!slides.is_empty(), "{} has slides", item.id);
        for s in slides {
            assert!(!s.notes.is_empty(), "slide at line {} has speaker notes", s.line);
        }
    }
    for a in &pack.activities {
        assert!(!a.phases.is_empty(), "{} has phases", a.id);
        assert!(
            a.phases.iter().all(|p| p.instructions.len() > 20),
            "{} has real instructions",
            a.id
        );
    }
    let network = pack.activity("network").expect("the network set-up activity");
    let ids: Vec<_> = network.categories.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "lead",
            "aims",
            "membership",
            "coordination",
            "meetings",
            "communication"
        ]
    );
    let ideas = pack.activity("ideas").expect("the 1-2-4-All brainstorm");
    let phases: Vec<_> = ideas
        .phases
        .iter()
        .map(|p| (p.name.as_str(), p.seconds / 60))
        .collect();
    assert_eq!(
        phases.iter().map(|p| p.1).collect::<Vec<_>>(),
        [1, 2, 4, 5],
        "{phases:?}"
    );
}

/// The ideas activity with a `[grid]` after its phases (which end on line 7).
fn ideas_with_grid(grid: &str) -> String {
    format!("{IDEAS}\n{grid}")
}

#[test]
fn a_grid_reads_with_its_defaults() {
    let grid = "[grid]\nacross = \"How easy?\"\nup = \"How useful?\"\n";
    let files = files(&[("ideas.toml", Some(ideas_with_grid(grid).as_bytes()))]);
    let pack = Pack::from_files(files).expect("valid");
    let grid = pack.activity("ideas").unwrap().grid.as_ref().expect("a grid");
    assert_eq!(grid.start, convene::pack::Quadrant::TopRight);
    assert_eq!(
        (grid.across.low.as_str(), grid.across.high.as_str()),
        ("low", "high")
    );
    assert_eq!(grid.name(convene::pack::Quadrant::BottomLeft), "Bottom left");
    assert_eq!(grid.name(convene::pack::Quadrant::TopRight), "Top right");
}

#[test]
fn grid_problems_are_reported_with_file_line_and_column() {
    let grid = |text: &str| with("ideas.toml", &ideas_with_grid(text));
    let cases: Vec<(&str, Vec<String>, Vec<&str>)> = vec![
        (
            "unknown key",
            grid("[grid]\nacross = \"A\"\nup = \"B\"\nquick_wins = \"top-right\"\n"),
            vec![
                "ideas.toml:12:1: unknown key \"quick_wins\" in [grid]; expected one of: across, across_ends, up, up_ends, start, names",
            ],
        ),
        (
            "missing axis",
            grid("[grid]\nacross = \"A\"\n"),
            vec![
                "ideas.toml:9:1: [grid] is missing \"up\" (what the grid asks bottom to top, like \"How useful?\")",
            ],
        ),
        (
            "a square that does not exist",
            grid("[grid]\nacross = \"A\"\nup = \"B\"\nstart = \"top-centre\"\n"),
            vec![
                "ideas.toml:12:9: \"start\" in [grid] must be one of the squares top-left, top-right, bottom-left or bottom-right, found \"top-centre\"",
            ],
        ),
        (
            "an unknown square's name",
            grid(
                "[grid]\nacross = \"A\"\nup = \"B\"\n\n[grid.names]\ntop-right = \"Quick wins\"\nmiddle = \"Maybe\"\n",
            ),
            vec![
                "ideas.toml:15:1: unknown key \"middle\" in [grid.names]; expected one of: top-left, top-right, bottom-left, bottom-right",
            ],
        ),
        (
            "an empty square's name",
            grid("[grid]\nacross = \"A\"\nup = \"B\"\n\n[grid.names]\ntop-right = \" \"\n"),
            vec![
                "ideas.toml:14:13: \"top-right\" in [grid.names] is empty; expected the square's name, like \"Quick wins\"",
            ],
        ),
        (
            "three ends",
            grid("[grid]\nacross = \"A\"\nacross_ends = [\"hard\", \"medium\", \"easy\"]\nup = \"B\"\n"),
            vec![
                "ideas.toml:11:15: \"across_ends\" in [grid] has 3 entries; it must be a list of two words for its left and right ends, like [\"hard\", \"easy\"]",
            ],
        ),
        (
            "ends that are not words",
            grid("[grid]\nacross = \"A\"\nup = \"B\"\nup_ends = [\"\", 5]\n"),
            vec![
                "ideas.toml:12:12: an end of \"up_ends\" in [grid] is empty; it must be a list of two words for its bottom and top ends, like [\"hard\", \"easy\"]",
                "ideas.toml:12:16: each end of \"up_ends\" in [grid] must be a string; it must be a list of two words for its bottom and top ends, like [\"hard\", \"easy\"]",
            ],
        ),
        (
            "a grid that is not a table",
            with("ideas.toml", &format!("grid = \"yes\"\n{IDEAS}")),
            vec!["ideas.toml:1:8: \"grid\" in ideas.toml must be a table, found a string"],
        ),
    ];
    let mut failures = Vec::new();
    for (name, got, want) in cases {
        if got != want {
            failures.push(format!("{name}:\n  want {want:#?}\n  got  {got:#?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A note has one place on a grid, so two activities on one board cannot both have one.
#[test]
fn a_board_has_one_grid_at_most() {
    let grid = "[grid]\nacross = \"A\"\nup = \"B\"\n";
    let vote = format!(
        "title = \"Vote\"\nboard = \"ideas\"\n\n[[phases]]\nname = \"Vote\"\nminutes = 2\ninstructions = \"Vote.\"\n\n{grid}"
    );
    let got = problems(&[
        ("ideas.toml", Some(ideas_with_grid(grid).as_bytes())),
        ("vote.toml", Some(vote.as_bytes())),
    ]);
    assert_eq!(
        got,
        [
            "vote.toml:9:1: the board \"ideas\" already has a grid, in ideas.toml; a note has one place on a grid, so a board may have only one"
        ]
    );
    // On its own board, each may have its own.
    let own = vote.replace("board = \"ideas\"\n", "");
    let got = problems(&[
        ("ideas.toml", Some(ideas_with_grid(grid).as_bytes())),
        ("vote.toml", Some(own.as_bytes())),
    ]);
    assert_eq!(got, Vec::<String>::new());
}
