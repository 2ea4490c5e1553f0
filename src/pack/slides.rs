//! Splitting a Markdown slide pack into slides, with the comment directives terminal
//! presenters already use: `<!-- end_slide -->` (or a `---` line), `<!-- pause -->`,
//! `<!-- speaker_note: ... -->`, and ours, `<!-- section: ID -->`.

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
