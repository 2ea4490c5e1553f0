//! Attendee lists read from CSV (`--attendees FILE`): who is in the room, their
//! organisation and their sector, so groups can be drawn before anyone arrives.
//!
//! A bad row is reported with its line and the rest still load: a facilitator fixing a
//! spreadsheet minutes before a workshop needs every problem at once, not the first.

use std::collections::HashMap;

use csv::ReaderBuilder;
use serde::{Deserialize, Serialize};

use crate::pack::Sector;

/// One person from the file. Text is trimmed and cleaned of terminal control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendeeRow {
    pub name: String,
    /// May be empty.
    pub organisation: String,
    /// The id of one of the pack's sectors.
    pub sector: String,
}

/// One attendee as the journal records them in `attendees_imported`: the fields of
/// `attendee_added`, under the same names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendeeEntry {
    /// "p1", "p2", ...
    pub attendee: String,
    pub name: String,
    pub organisation: String,
    /// A sector id from the pack.
    pub sector: String,
}

/// A line of the file that could not be used, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct RowProblem {
    /// 1-based, counting every line of the file (quoted fields may span several).
    pub line: usize,
    pub message: String,
}

impl RowProblem {
    fn new(line: usize, message: impl Into<String>) -> Self {
        Self {
            line,
            message: message.into(),
        }
    }
}

/// Reads an attendee list.
///
/// The first non-blank line is a header naming the columns, in any order and any case:
/// `name` (required), `organisation` (or `organization`, `org`) and `sector`; other columns
/// are ignored. Without a `sector` column everyone gets the empty sector (see
/// [`match_sector`]). Quoting follows RFC 4180. Blank lines are skipped. Every usable row
/// is returned along with a problem for each row that is not; a header without `name` is a
/// single problem and nothing loads.
pub fn parse_attendees(text: &str, sectors: &[Sector]) -> (Vec<AttendeeRow>, Vec<RowProblem>) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    let mut columns: Option<Columns> = None;
    let sector_index = SectorIndex::new(sectors);

    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                let line = error.position().map_or(0, |p| start_line(text, p));
                problems.push(RowProblem::new(line, format!("cannot read this row: {error}")));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| start_line(text, p));
        let fields: Vec<String> = record.iter().map(clean).collect();
        if fields.iter().all(String::is_empty) {
            continue;
        }
        match &columns {
            None => match Columns::find(&fields) {
                Ok(found) => columns = Some(found),
                Err(message) => {
                    problems.push(RowProblem::new(line, message));
                    return (rows, problems);
                }
            },
            Some(columns) => match columns.row(&fields, &sector_index, sectors) {
                Ok(row) => rows.push(row),
                Err(message) => problems.push(RowProblem::new(line, message)),
            },
        }
    }
    if columns.is_none() && problems.is_empty() {
        problems.push(RowProblem::new(
            1,
            "the file is empty; it needs a header line such as name,organisation,sector and then one line per person",
        ));
    }
    (rows, problems)
}

/// The line a record starts on. Counting from the csv reader's own position keeps quoted
/// fields that span lines from throwing off the rows after them; but that position is where
/// the reader started looking, before the blank lines it skips, so step over those.
fn start_line(text: &str, position: &csv::Position) -> usize {
    let rest = text
        .as_bytes()
        .get(position.byte() as usize..)
        .unwrap_or_default();
    let blank = rest
        .iter()
        .take_while(|&&b| b == b'\r' || b == b'\n')
        .filter(|&&b| b == b'\n')
        .count();
    position.line() as usize + blank
}

/// The id of the sector `input` names: its id, name or label, in any case and ignoring
/// extra spaces (`NHS`, `nhs`, `Public library`, `PubLib`). Ids are tried first, then
/// labels, then names, in case one sector's label is another's id. An empty `input` means
/// the sector with id `other`, if the pack has one.
pub fn match_sector(input: &str, sectors: &[Sector]) -> Option<String> {
    SectorIndex::new(sectors).find(input).map(str::to_string)
}

/// [`match_sector`] worked out once for a whole file: every way of naming each sector,
/// cleaned and lower-cased, so a row costs one look-up rather than cleaning every sector's
/// id, label and name again.
struct SectorIndex<'a> {
    named: HashMap<String, &'a str>,
    other: Option<&'a str>,
}

impl<'a> SectorIndex<'a> {
    fn new(sectors: &'a [Sector]) -> Self {
        let mut named = HashMap::new();
        // Ids first, then labels, then names, the first sector first: a way of naming
        // already taken keeps the sector that took it.
        let fields: [fn(&Sector) -> &str; 3] = [|s| &s.id, |s| &s.label, |s| &s.name];
        for field in fields {
            for s in sectors {
                named
                    .entry(clean(field(s)).to_lowercase())
                    .or_insert(s.id.as_str());
            }
        }
        let other = sectors.iter().find(|s| s.id == "other").map(|s| s.id.as_str());
        SectorIndex { named, other }
    }

    fn find(&self, input: &str) -> Option<&'a str> {
        let wanted = clean(input).to_lowercase();
        if wanted.is_empty() {
            return self.other;
        }
        self.named.get(&wanted).copied()
    }
}

/// Where each wanted column is in the file.
struct Columns {
    name: usize,
    organisation: Option<usize>,
    sector: Option<usize>,
}

impl Columns {
    fn find(header: &[String]) -> Result<Columns, String> {
        let position = |names: &[&str]| {
            header
                .iter()
                .position(|h| names.contains(&h.to_lowercase().as_str()))
        };
        let Some(name) = position(&["name"]) else {
            return Err(format!(
                "the first line must be a header naming the columns name, organisation and sector (in any order); found {}",
                header.join(", ")
            ));
        };
        Ok(Columns {
            name,
            organisation: position(&["organisation", "organization", "org"]),
            sector: position(&["sector"]),
        })
    }

    fn row(
        &self,
        fields: &[String],
        index: &SectorIndex<'_>,
        sectors: &[Sector],
    ) -> Result<AttendeeRow, String> {
        let needed = [Some(self.name), self.organisation, self.sector]
            .into_iter()
            .flatten()
            .max()
            .unwrap_or(0)
            + 1;
        if fields.len() < needed {
            return Err(format!(
                "this row has {} field{} but needs {needed} to reach every column in the header; is a comma missing?",
                fields.len(),
                if fields.len() == 1 { "" } else { "s" },
            ));
        }
        let field = |at: Option<usize>| at.map_or("", |i| fields[i].as_str());
        let name = field(Some(self.name));
        if name.is_empty() {
            return Err("there is no name; every row needs one".to_string());
        }
        let sector = field(self.sector);
        let Some(id) = index.find(sector) else {
            let known = known_labels(sectors);
            return Err(if sector.is_empty() {
                format!(
                    "there is no sector, and this pack has no \"other\" sector to put them in; use one of {known}"
                )
            } else {
                format!("unknown sector \"{sector}\"; use one of {known}")
            });
        };
        Ok(AttendeeRow {
            name: name.to_string(),
            organisation: field(self.organisation).to_string(),
            sector: id.to_string(),
        })
    }
}

fn known_labels(sectors: &[Sector]) -> String {
    if sectors.is_empty() {
        return "none (this pack has no sectors)".to_string();
    }
    sectors
        .iter()
        .map(|s| s.label.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn clean(text: &str) -> String {
    super::text::clean_line(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::default_sectors;

    fn parse(text: &str) -> (Vec<AttendeeRow>, Vec<RowProblem>) {
        parse_attendees(text, &default_sectors())
    }

    fn row(name: &str, organisation: &str, sector: &str) -> AttendeeRow {
        AttendeeRow {
            name: name.to_string(),
            organisation: organisation.to_string(),
            sector: sector.to_string(),
        }
    }

    fn lines(problems: &[RowProblem]) -> Vec<usize> {
        problems.iter().map(|p| p.line).collect()
    }

    #[test]
    fn a_good_file_with_quoting() {
        let text = "name,organisation,sector\n\
                    \"Lovelace, Ada\",\"The \"\"Analytical\"\" Trust\",NHS\n\
                    \"Grace\nHopper\",Navy Library,public library\n\
                    Tim,,PubLib\n";
        let (rows, problems) = parse(text);
        assert_eq!(problems, vec![]);
        assert_eq!(
            rows,
            vec![
                row("Lovelace, Ada", "The \"Analytical\" Trust", "nhs"),
                row("Grace Hopper", "Navy Library", "public-library"),
                row("Tim", "", "public-library"),
            ]
        );
    }

    #[test]
    fn a_byte_order_mark_is_ignored() {
        let (rows, problems) = parse("\u{feff}name,organisation,sector\r\nAda,Trust,nhs\r\n");
        assert_eq!(problems, vec![]);
        assert_eq!(rows, vec![row("Ada", "Trust", "nhs")]);
    }

    #[test]
    fn header_in_any_order_and_case_with_extra_columns() {
        let text = "Sector, Email ,NAME,Org,Notes\n\
                    Public health,ada@example.org,Ada,Council,first\n\
                    charity,,Ben,Food bank\n";
        let (rows, problems) = parse(text);
        assert_eq!(problems, vec![]);
        assert_eq!(
            rows,
            vec![
                row("Ada", "Council", "public-health"),
                row("Ben", "Food bank", "voluntary"),
            ]
        );
        let (rows, _) = parse("organization,name\nTrust,Ada\n");
        assert_eq!(rows, vec![row("Ada", "Trust", "other")]);
    }

    #[test]
    fn bad_rows_are_reported_by_line_and_the_rest_load() {
        let text = "name,organisation,sector\n\
                    Ada,X,nhs\n\
                    \"Grace\nHopper\",Y,PubLib\n\
                    \n\
                    ,Z,nhs\n\
                    Tim,W\n\
                    \x20\x20, ,\n\
                    Mo,V,nhs\n\
                    Sam,U,Libary\n";
        let (rows, problems) = parse(text);
        assert_eq!(
            rows,
            vec![
                row("Ada", "X", "nhs"),
                row("Grace Hopper", "Y", "public-library"),
                row("Mo", "V", "nhs"),
            ]
        );
        assert_eq!(lines(&problems), vec![6, 7, 10]);
        assert_eq!(
            problems[0].to_string(),
            "line 6: there is no name; every row needs one"
        );
        assert_eq!(
            problems[1].to_string(),
            "line 7: this row has 2 fields but needs 3 to reach every column in the header; is a comma missing?"
        );
    }

    #[test]
    fn line_numbers_count_blank_lines_and_crlf() {
        let text = "\r\n\r\nname,organisation,sector\r\n\r\n\r\nAda,X,nope\r\n\"Ben\r\nJones\",Y,nhs\r\n\nCy,Z,nope\n";
        let (rows, problems) = parse(text);
        assert_eq!(rows, vec![row("Ben Jones", "Y", "nhs")]);
        assert_eq!(lines(&problems), vec![6, 10]);

        let (_, problems) = parse("\n\nAda,X,nhs\n");
        assert_eq!(lines(&problems), vec![3]);
    }

    #[test]
    fn an_unknown_sector_lists_the_known_labels() {
        let (rows, problems) = parse("name,organisation,sector\nAda,X,Libary\n");
        assert!(rows.is_empty());
        assert_eq!(
            problems[0].to_string(),
            "line 2: unknown sector \"Libary\"; use one of NHS, PubLib, PubHlth, Academic, CitAdv, Charity, SocCare, Public, Other"
        );
    }

    #[test]
    fn an_empty_sector_is_other_if_the_pack_has_it() {
        let (rows, problems) = parse("name,organisation,sector\nAda,X,\n");
        assert_eq!((rows, problems), (vec![row("Ada", "X", "other")], vec![]));

        let sectors: Vec<Sector> = default_sectors()
            .into_iter()
            .filter(|s| s.id != "other")
            .collect();
        let (rows, problems) = parse_attendees("name,organisation,sector\nAda,X, \n", &sectors);
        assert!(rows.is_empty());
        assert_eq!(lines(&problems), vec![2]);
        assert!(problems[0].message.contains("no \"other\" sector"));
    }

    #[test]
    fn a_header_without_name_is_one_problem_and_nothing_loads() {
        let (rows, problems) = parse("organisation,sector\nTrust,nhs\nCouncil,nhs\n");
        assert!(rows.is_empty());
        assert_eq!(lines(&problems), vec![1]);
        assert_eq!(
            problems[0].to_string(),
            "line 1: the first line must be a header naming the columns name, organisation and sector (in any order); found organisation, sector"
        );

        let (rows, problems) = parse("Ada,Trust,nhs\nBen,Council,nhs\n");
        assert!(rows.is_empty());
        assert_eq!(lines(&problems), vec![1]);
    }

    #[test]
    fn escape_sequences_and_bidi_overrides_are_stripped() {
        let text = "name,organisation,sector\n\
                    Ada\x1b[2J Lovelace,\x1b]0;pwned\x07Trust\u{7},\u{202e}nhs\u{2069}\n\
                    \u{202e}Eve\t\u{0}Smith,\u{1b}[31mRed\u{1b}[0m Org,nhs\n";
        let (rows, problems) = parse(text);
        assert_eq!(problems, vec![]);
        assert_eq!(
            rows,
            vec![
                row("Ada Lovelace", "Trust", "nhs"),
                row("Eve Smith", "Red Org", "nhs"),
            ]
        );
    }

    #[test]
    fn other_scripts_accents_and_emoji_are_kept() {
        let text = "name,organisation,sector\n\
                    مريم الحسن,مكتبة,nhs\n\
                    דוד כהן,ספרייה,PubLib\n\
                    Zoë Brontë 📚,图书馆,Charity\n";
        let (rows, problems) = parse(text);
        assert_eq!(problems, vec![]);
        assert_eq!(
            rows,
            vec![
                row("مريم الحسن", "مكتبة", "nhs"),
                row("דוד כהן", "ספרייה", "public-library"),
                row("Zoë Brontë 📚", "图书馆", "voluntary"),
            ]
        );
    }

    #[test]
    fn empty_input_says_so() {
        for text in ["", "\u{feff}", "\n\n", "  \n"] {
            let (rows, problems) = parse(text);
            assert!(rows.is_empty());
            assert_eq!(lines(&problems), vec![1], "{text:?}");
            assert!(problems[0].message.starts_with("the file is empty"));
        }
    }

    #[test]
    fn a_header_alone_is_an_empty_list() {
        assert_eq!(parse("name,organisation,sector\n"), (vec![], vec![]));
    }

    #[test]
    fn sectors_match_by_id_name_or_label() {
        let sectors = default_sectors();
        let id = |input: &str| match_sector(input, &sectors);
        assert_eq!(id("NHS").as_deref(), Some("nhs"));
        assert_eq!(id("nhs").as_deref(), Some("nhs"));
        assert_eq!(id(" Public library ").as_deref(), Some("public-library"));
        assert_eq!(id("public   LIBRARY").as_deref(), Some("public-library"));
        assert_eq!(id("PubLib").as_deref(), Some("public-library"));
        assert_eq!(id("public-library").as_deref(), Some("public-library"));
        assert_eq!(id("Charity / voluntary sector").as_deref(), Some("voluntary"));
        assert_eq!(id("").as_deref(), Some("other"));
        assert_eq!(id("library"), None);
        assert_eq!(match_sector("", &[]), None);
    }

    #[test]
    fn ids_win_over_labels() {
        let sector = |id: &str, name: &str, label: &str| Sector {
            id: id.to_string(),
            name: name.to_string(),
            label: label.to_string(),
        };
        let sectors = [
            sector("health", "Health service", "NHS"),
            sector("nhs", "NHS libraries", "NHSLib"),
        ];
        assert_eq!(match_sector("NHS", &sectors).as_deref(), Some("nhs"));
    }
}
