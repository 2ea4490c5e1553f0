//! Splitting a Markdown slide pack into slides, with the comment directives terminal
//! presenters already use: `<!-- end_slide -->` (or a `---` line), `<!-- pause -->`,
//! `<!-- speaker_note: ... -->`, and ours, `<!-- section: ID -->`. And the times a slide
//! names from the live plan: `{{start:ID}}`, `{{end:ID}}`, `{{finish}}`, `{{programme}}`.

use std::borrow::Cow;

use chrono::NaiveTime;

use super::Problem;
use super::source::SourceText;
use super::toml_read::is_id;

/// One slide: its Markdown with the directives taken out, the places where it pauses, and
/// the facilitator's notes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slide {
    /// The section (programme item slides) this slide belongs to.
    pub section: String,
    /// The text of its first heading, if it has one.
    pub title: Option<String>,
    /// Markdown, directives removed.
    pub body: String,
    /// Byte offsets in `body` where each `<!-- pause -->` was.
    pub pauses: Vec<usize>,
    pub notes: Vec<String>,
    /// Line in the slide file where the slide starts.
    pub line: usize,
}

impl Slide {
    /// How many presses reveal the whole slide.
    pub fn steps(&self) -> usize {
        self.pauses.len() + 1
    }

    /// The Markdown visible at a reveal step (0 = before the first pause).
    pub fn visible(&self, step: usize) -> &str {
        match self.pauses.get(step) {
            Some(&end) => &self.body[..end],
            None => &self.body,
        }
    }

    /// The slide with the times it names filled in from `times`; itself when it names none.
    /// Each stretch between pauses is filled on its own, so the reveal steps stay where
    /// they were.
    pub fn with_times(&self, times: &PlanTimes) -> Cow<'_, Slide> {
        let names = |t: &str| t.contains("{{");
        if !names(&self.body) && !self.notes.iter().any(|n| names(n)) {
            return Cow::Borrowed(self);
        }
        let mut body = String::with_capacity(self.body.len());
        let mut pauses = Vec::with_capacity(self.pauses.len());
        let mut from = 0;
        for &end in &self.pauses {
            body.push_str(&fill_times(&self.body[from..end], times));
            pauses.push(body.len());
            from = end;
        }
        body.push_str(&fill_times(&self.body[from..], times));
        Cow::Owned(Slide {
            title: self.title.as_deref().map(|t| fill_times(t, times).into_owned()),
            notes: self
                .notes
                .iter()
                .map(|n| fill_times(n, times).into_owned())
                .collect(),
            body,
            pauses,
            ..self.clone()
        })
    }
}

/// The live plan's times, as slides name them: each programme item's start and end, its
/// minutes now, and the finish. Local times of day; the session works them out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanTimes {
    pub items: Vec<TimedItem>,
    pub finish: NaiveTime,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimedItem {
    pub id: String,
    pub title: String,
    pub start: NaiveTime,
    pub end: NaiveTime,
    /// Its planned length now.
    pub seconds: u32,
}

/// The placeholders a slide may hold, as the README lists them.
const PLACEHOLDERS: &str = "{{start:ID}}, {{end:ID}}, {{finish}}, {{programme}}";

/// What one `{{…}}` asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Wanted<'a> {
    Start(&'a str),
    End(&'a str),
    Finish,
    Programme,
}

fn wanted(inside: &str) -> Option<Wanted<'_>> {
    match inside.trim().split_once(':') {
        Some(("start", id)) => Some(Wanted::Start(id.trim())),
        Some(("end", id)) => Some(Wanted::End(id.trim())),
        None if inside.trim() == "finish" => Some(Wanted::Finish),
        None if inside.trim() == "programme" => Some(Wanted::Programme),
        _ => None,
    }
}

/// Each `{{…}}` in `text`: its byte offset and what is inside the braces.
fn placeholders(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut from = 0;
    std::iter::from_fn(move || {
        let open = from + text[from..].find("{{")?;
        let close = open + 2 + text[open + 2..].find("}}")?;
        from = close + 2;
        Some((open, &text[open + 2..close]))
    })
}

/// `text` with every time it names filled in from the live plan (see [`PlanTimes`]). A
/// placeholder the plan cannot fill (validation reports those) is left as written.
pub fn fill_times<'t>(text: &'t str, times: &PlanTimes) -> Cow<'t, str> {
    if !text.contains("{{") {
        return Cow::Borrowed(text);
    }
    let hm = |t: NaiveTime| t.format("%H:%M").to_string();
    let item = |id: &str| times.items.iter().find(|i| i.id == id);
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for (at, inside) in placeholders(text) {
        let filled = match wanted(inside) {
            Some(Wanted::Start(id)) => item(id).map(|i| hm(i.start)),
            Some(Wanted::End(id)) => item(id).map(|i| hm(i.end)),
            Some(Wanted::Finish) => Some(hm(times.finish)),
            Some(Wanted::Programme) => Some(programme_table(times)),
            None => None,
        };
        if let Some(filled) = filled {
            out.push_str(&text[from..at]);
            out.push_str(&filled);
            from = at + inside.len() + 4;
        }
    }
    out.push_str(&text[from..]);
    Cow::Owned(out)
}

/// The whole programme as a Markdown table: time, item, minutes, then the finish.
fn programme_table(times: &PlanTimes) -> String {
    let mut table = String::from("| Time  | Item | Min |\n|-------|------|----:|\n");
    for i in &times.items {
        table.push_str(&format!(
            "| {} | {} | {} |\n",
            i.start.format("%H:%M"),
            escape_markdown(&i.title),
            i.seconds.div_ceil(60)
        ));
    }
    table.push_str(&format!("| {} | Finish | |", times.finish.format("%H:%M")));
    table
}

/// A title as literal text in Markdown: its punctuation escaped, so a `|` stays in its cell
/// and a `*` stays a star.
fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(if c.is_control() { ' ' } else { c });
    }
    out
}

/// The problems with the placeholders of a slide file: an unknown name, an item id the
/// programme does not have, a programme table that does not stand on a line of its own.
pub(crate) fn check_placeholders(src: &SourceText<'_>, items: &[&str]) -> Vec<Problem> {
    let mut problems = Vec::new();
    let text = src.text;
    for (at, inside) in placeholders(text) {
        match wanted(inside) {
            Some(Wanted::Start(id) | Wanted::End(id)) if !items.contains(&id) => {
                problems.push(src.problem(
                    at,
                    format!(
                        "{{{{{}}}}} names programme item \"{id}\", which the programme does not have; its items: {}",
                        inside.trim(),
                        items.join(", ")
                    ),
                ));
            }
            Some(Wanted::Programme) => {
                let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
                let line_end = text[at..].find('\n').map_or(text.len(), |n| at + n);
                if text[line_start..line_end].trim() != format!("{{{{{inside}}}}}") {
                    problems.push(src.problem(
                        at,
                        "{{programme}} is a table, so it needs a line of its own",
                    ));
                }
            }
            Some(_) => {}
            None => problems.push(src.problem(
                at,
                format!(
                    "unknown placeholder \"{{{{{inside}}}}}\"; a slide may name {PLACEHOLDERS}, where ID is a programme item's id"
                ),
            )),
        }
    }
    problems
}

/// A section marker, remembered for reference checks.
#[derive(Debug, Clone)]
pub(crate) struct SectionMark {
    pub id: String,
    pub offset: usize,
}

const DIRECTIVES: &[&str] = &["end_slide", "pause", "speaker_note", "section"];

#[derive(Default)]
struct Draft {
    body: String,
    pauses: Vec<usize>,
    notes: Vec<String>,
    line: usize,
}

impl Draft {
    fn has_content(&self) -> bool {
        !self.body.trim().is_empty()
    }
}

pub(crate) struct Parsed {
    pub slides: Vec<Slide>,
    pub sections: Vec<SectionMark>,
    pub problems: Vec<Problem>,
}

pub(crate) fn parse(src: &SourceText<'_>) -> Parsed {
    let mut p = Parser {
        src,
        slides: Vec::new(),
        sections: Vec::new(),
        problems: Vec::new(),
        draft: Draft {
            line: 1,
            ..Draft::default()
        },
        section: None,
        reported_orphan: false,
    };
    p.run();
    Parsed {
        slides: p.slides,
        sections: p.sections,
        problems: p.problems,
    }
}

struct Parser<'a, 's> {
    src: &'a SourceText<'s>,
    slides: Vec<Slide>,
    sections: Vec<SectionMark>,
    problems: Vec<Problem>,
    draft: Draft,
    section: Option<String>,
    reported_orphan: bool,
}

impl Parser<'_, '_> {
    fn run(&mut self) {
        let text = self.src.text;
        let mut offset = 0;
        let mut fence: Option<(String, usize)> = None;
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let mut i = 0;
        while i < lines.len() {
            let line = lines[i];
            let start = offset;
            offset += line.len();
            i += 1;
            let trimmed = line.trim();

            if let Some((marker, _)) = &fence {
                if trimmed.starts_with(marker.as_str())
                    && trimmed
                        .trim_start_matches(marker.chars().next().unwrap_or('`'))
                        .is_empty()
                {
                    fence = None;
                }
                self.push_text(line, start);
                continue;
            }
            if let Some(marker) = fence_marker(trimmed) {
                fence = Some((marker, start));
                self.push_text(line, start);
                continue;
            }
            if trimmed == "---" {
                self.end_slide(start);
                continue;
            }
            if let Some(rest) = line.trim_start().strip_prefix("<!--") {
                // Gather the whole comment, which may run over several lines.
                let mut comment = rest.to_string();
                let mut after = None;
                loop {
                    if let Some(end) = comment.find("-->") {
                        after = Some(comment[end + 3..].to_string());
                        comment.truncate(end);
                        break;
                    }
                    if i >= lines.len() {
                        break;
                    }
                    comment.push_str(lines[i]);
                    offset += lines[i].len();
                    i += 1;
                }
                let Some(after) = after else {
                    self.problems.push(self.src.problem(
                        start + (line.len() - line.trim_start().len()),
                        "this comment is never closed; expected \"-->\"",
                    ));
                    break;
                };
                self.directive(comment.trim(), start);
                if !after.trim().is_empty() {
                    self.push_text(&after, start);
                }
                continue;
            }
            self.push_text(line, start);
        }
        if let Some((_, at)) = fence {
            self.problems.push(
                self.src
                    .problem(at, "this code block is never closed; expected a closing ``` line"),
            );
        }
        self.end_slide(text.len());
    }

    fn directive(&mut self, comment: &str, at: usize) {
        let (word, value) = match comment.split_once(':') {
            Some((w, v)) => (w.trim(), Some(v.trim())),
            None => (comment, None),
        };
        let looks_like_directive = !word.is_empty()
            && word.chars().all(|c| c.is_ascii_lowercase() || c == '_')
            && (value.is_some() || word.contains('_') || DIRECTIVES.contains(&word));
        match (word, value) {
            ("end_slide", None) => self.end_slide(at),
            ("pause", None) => {
                let end = self.draft.body.len();
                self.draft.pauses.push(end);
            }
            ("speaker_note", Some(note)) => {
                if note.is_empty() {
                    self.problems
                        .push(self.src.problem(at, "this speaker note is empty"));
                } else {
                    self.draft.notes.push(note.to_string());
                }
            }
            ("section", Some(id)) => {
                if !is_id(id) {
                    self.problems.push(self.src.problem(
                        at,
                        format!("a section id must be lower-case letters, digits and \"-\", found \"{id}\""),
                    ));
                    return;
                }
                if let Some(first) = self.sections.iter().find(|s| s.id == id) {
                    let (line, _) = self.src.position(first.offset);
                    self.problems.push(self.src.problem(
                        at,
                        format!("duplicate section \"{id}\" (first started on line {line})"),
                    ));
                    return;
                }
                // A new section always starts a new slide.
                self.end_slide(at);
                self.sections.push(SectionMark {
                    id: id.to_string(),
                    offset: at,
                });
                self.section = Some(id.to_string());
            }
            (w, _) if DIRECTIVES.contains(&w) => {
                let expected = match w {
                    "end_slide" => "<!-- end_slide -->",
                    "pause" => "<!-- pause -->",
                    "speaker_note" => "<!-- speaker_note: text -->",
                    _ => "<!-- section: id -->",
                };
                self.problems.push(
                    self.src
                        .problem(at, format!("malformed directive; expected {expected}")),
                );
            }
            _ if looks_like_directive => {
                self.problems.push(self.src.problem(
                    at,
                    format!(
                        "unknown directive \"{word}\"; expected one of: {}",
                        DIRECTIVES.join(", ")
                    ),
                ));
            }
            _ => {} // an ordinary comment
        }
    }

    fn push_text(&mut self, text: &str, at: usize) {
        if self.draft.body.is_empty() {
            if text.trim().is_empty() {
                return;
            }
            self.draft.line = self.src.position(at).0;
        }
        self.draft.body.push_str(text);
    }

    fn end_slide(&mut self, at: usize) {
        let draft = std::mem::take(&mut self.draft);
        self.draft.line = self.src.position(at).0;
        if !draft.has_content() {
            if !draft.notes.is_empty() {
                self.problems.push(Problem::at(
                    self.src.name,
                    (draft.line, 1),
                    "speaker notes on a slide with no content; put them on a slide",
                ));
            }
            return;
        }
        let Some(section) = self.section.clone() else {
            if !self.reported_orphan {
                self.reported_orphan = true;
                self.problems.push(Problem::at(
                    self.src.name,
                    (draft.line, 1),
                    "this slide is not in a section; start the file with <!-- section: id -->",
                ));
            }
            return;
        };
        let body = draft.body.trim_end().to_string();
        let pauses = draft
            .pauses
            .into_iter()
            .filter(|&p| p > 0 && p < body.len())
            .collect();
        self.slides.push(Slide {
            section,
            title: first_heading(&body),
            body,
            pauses,
            notes: draft.notes,
            line: draft.line,
        });
    }
}

fn fence_marker(trimmed: &str) -> Option<String> {
    for ch in ['`', '~'] {
        let n = trimmed.chars().take_while(|&c| c == ch).count();
        if n >= 3 {
            return Some(std::iter::repeat_n(ch, n).collect());
        }
    }
    None
}

fn first_heading(body: &str) -> Option<String> {
    body.lines().find_map(|l| {
        let t = l.trim_start();
        let hashes = t.chars().take_while(|&c| c == '#').count();
        if (1..=6).contains(&hashes) && t[hashes..].starts_with(' ') {
            Some(t[hashes..].trim().trim_end_matches('#').trim().to_string())
        } else {
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Parsed {
        parse(&SourceText::new("slides.md", text))
    }

    #[test]
    fn splits_on_end_slide_and_rule() {
        let p = parse_str("<!-- section: a -->\n# One\n\ntext\n<!-- end_slide -->\n## Two\n---\n## Three\n");
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        let titles: Vec<_> = p.slides.iter().map(|s| s.title.clone().unwrap()).collect();
        assert_eq!(titles, ["One", "Two", "Three"]);
        assert_eq!(p.slides[1].line, 6);
    }

    #[test]
    fn pauses_and_multiline_notes() {
        let p = parse_str(
            "<!-- section: a -->\n## List\n\n- one\n<!-- pause -->\n- two\n<!-- speaker_note: say\n  hello -->\n",
        );
        let s = &p.slides[0];
        assert_eq!(s.steps(), 2);
        assert_eq!(s.visible(0), "## List\n\n- one\n");
        assert!(s.visible(1).ends_with("- two"));
        assert_eq!(s.notes, ["say\n  hello"]);
    }

    #[test]
    fn rule_inside_code_block_is_not_a_break() {
        let p = parse_str("<!-- section: a -->\n## Code\n```\n---\n```\n");
        assert_eq!(p.slides.len(), 1);
        assert!(p.slides[0].body.contains("---"));
    }

    #[test]
    fn section_starts_a_new_slide() {
        let p = parse_str("<!-- section: a -->\n## A\n<!-- section: b -->\n## B\n");
        assert_eq!(p.slides.len(), 2);
        assert_eq!(p.slides[1].section, "b");
    }

    fn times() -> PlanTimes {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        let item = |id: &str, title: &str, start, end, seconds| TimedItem {
            id: id.into(),
            title: title.into(),
            start,
            end,
            seconds,
        };
        PlanTimes {
            items: vec![
                item("welcome", "Welcome", t(10, 2), t(10, 12), 600),
                item("tea", "Tea | cake", t(10, 12), t(10, 27), 900),
            ],
            finish: t(10, 32),
        }
    }

    #[test]
    fn times_are_filled_from_the_plan() {
        let text = "Tea at {{start:tea}} to {{ end:tea }}, finish by **{{finish}}**; {{start:nope}} {{odd";
        assert_eq!(
            fill_times(text, &times()),
            "Tea at 10:12 to 10:27, finish by **10:32**; {{start:nope}} {{odd"
        );
        assert!(matches!(fill_times("no times", &times()), Cow::Borrowed(_)));
        let table = fill_times("{{programme}}", &times()).into_owned();
        assert_eq!(
            table,
            "| Time  | Item | Min |\n|-------|------|----:|\n| 10:02 | Welcome | 10 |\n| 10:12 | Tea \\| cake | 15 |\n| 10:32 | Finish | |"
        );
    }

    #[test]
    fn a_slide_with_times_keeps_its_reveal_steps() {
        let p = parse_str(
            "<!-- section: a -->\n## Day\n\n- start {{start:welcome}}\n<!-- pause -->\n- done by {{finish}}\n<!-- speaker_note: tea at {{start:tea}} -->\n",
        );
        let slide = p.slides[0].with_times(&times());
        assert_eq!(slide.visible(0), "## Day\n\n- start 10:02\n");
        assert_eq!(slide.visible(1), "## Day\n\n- start 10:02\n- done by 10:32");
        assert_eq!(slide.notes, ["tea at 10:12"]);
        let plain = parse_str("<!-- section: a -->\n## Plain\n");
        assert!(matches!(plain.slides[0].with_times(&times()), Cow::Borrowed(_)));
    }

    #[test]
    fn unknown_placeholders_and_items_are_reported_where_they_are() {
        let src = SourceText::new(
            "slides.md",
            "<!-- section: a -->\n## A\nAt {{start:tea}} and {{start:lunch}}\n  {{clock}}\nsee {{programme}}\n{{programme}}\n",
        );
        let problems = check_placeholders(&src, &["welcome", "tea"]);
        let at: Vec<(usize, usize)> = problems.iter().map(|p| (p.line, p.column)).collect();
        assert_eq!(at, [(3, 22), (4, 3), (5, 5)], "{problems:?}");
        assert!(
            problems[0].message.contains("\"lunch\""),
            "{}",
            problems[0].message
        );
        assert!(problems[1].message.contains("unknown placeholder \"{{clock}}\""));
        assert!(problems[2].message.contains("a line of its own"));
    }

    #[test]
    fn ordinary_comments_are_ignored_and_typos_reported() {
        let p = parse_str("<!-- section: a -->\n## A\n<!-- just a comment -->\n<!-- speker_note: x -->\n");
        assert_eq!(p.problems.len(), 1);
        assert_eq!(p.problems[0].line, 4);
        assert!(
            p.problems[0]
                .message
                .contains("unknown directive \"speker_note\"")
        );
    }
}
