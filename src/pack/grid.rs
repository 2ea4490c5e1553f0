//! An activity's prioritisation grid (`[grid]`): two axes, each with a name and the words for
//! its two ends, four named squares, and the square to start from (the quick wins). Notes
//! are placed in the squares during the workshop; the pack only says what the grid means.

use serde::{Deserialize, Serialize};
use toml::de::DeValue;

use super::toml_read::{Reader, Table};

/// One square of a 2×2 grid. Journaled and exported by its id ("top-right").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Quadrant {
    TopLeft,
    TopRight,
    BottomLeft,
    BottomRight,
}

impl Quadrant {
    /// In reading order: the top row left to right, then the bottom row.
    pub const ALL: [Quadrant; 4] = [
        Quadrant::TopLeft,
        Quadrant::TopRight,
        Quadrant::BottomLeft,
        Quadrant::BottomRight,
    ];

    /// The id a pack, the journal and the exports use: "top-left", ...
    pub fn id(self) -> &'static str {
        match self {
            Quadrant::TopLeft => "top-left",
            Quadrant::TopRight => "top-right",
            Quadrant::BottomLeft => "bottom-left",
            Quadrant::BottomRight => "bottom-right",
        }
    }

    pub fn from_id(id: &str) -> Option<Quadrant> {
        Quadrant::ALL.into_iter().find(|q| q.id() == id)
    }

    /// The square in that row and column.
    pub fn at(top: bool, right: bool) -> Quadrant {
        match (top, right) {
            (true, false) => Quadrant::TopLeft,
            (true, true) => Quadrant::TopRight,
            (false, false) => Quadrant::BottomLeft,
            (false, true) => Quadrant::BottomRight,
        }
    }

    pub fn top(self) -> bool {
        matches!(self, Quadrant::TopLeft | Quadrant::TopRight)
    }

    pub fn right(self) -> bool {
        matches!(self, Quadrant::TopRight | Quadrant::BottomRight)
    }

    /// "top right": where it is, in words.
    pub fn words(self) -> &'static str {
        match self {
            Quadrant::TopLeft => "top left",
            Quadrant::TopRight => "top right",
            Quadrant::BottomLeft => "bottom left",
            Quadrant::BottomRight => "bottom right",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// One axis: what it asks, and the words at its low end (left, or bottom) and high end
/// (right, or top).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Axis {
    pub name: String,
    pub low: String,
    pub high: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid {
    /// Left to right.
    pub across: Axis,
    /// Bottom to top.
    pub up: Axis,
    /// The square to start from: the quick wins.
    pub start: Quadrant,
    names: [String; 4],
}

impl Grid {
    /// The square's name: the pack's, or where it is ("Top right").
    pub fn name(&self, quadrant: Quadrant) -> &str {
        &self.names[quadrant.index()]
    }

    /// The square's end of each axis: (across, up), e.g. ("easy", "very").
    pub fn ends(&self, quadrant: Quadrant) -> (&str, &str) {
        let across = if quadrant.right() {
            &self.across.high
        } else {
            &self.across.low
        };
        let up = if quadrant.top() {
            &self.up.high
        } else {
            &self.up.low
        };
        (across, up)
    }
}

pub(crate) const GRID_KEYS: &[&str] = &["across", "across_ends", "up", "up_ends", "start", "names"];

/// The ends an axis has when the pack names none.
const DEFAULT_ENDS: [&str; 2] = ["low", "high"];

/// Reads `[grid]`, reporting every problem.
pub(crate) fn read_grid(r: &mut Reader<'_>, t: Table<'_, '_>) -> Option<Grid> {
    r.check_keys(t, GRID_KEYS);
    let across = r.req_str(
        t,
        "across",
        "what the grid asks left to right, like \"How easy to do?\"",
    );
    let across_ends = ends(r, t, "across_ends", "left and right");
    let up = r.req_str(t, "up", "what the grid asks bottom to top, like \"How useful?\"");
    let up_ends = ends(r, t, "up_ends", "bottom and top");
    let start = match r.opt_str(t, "start") {
        None => Some(Quadrant::TopRight),
        Some(s) => {
            let found = Quadrant::from_id(s.get_ref());
            if found.is_none() {
                r.report(
                    s.span().start,
                    format!(
                        "\"start\" in [grid] must be one of the squares {}, found \"{}\"",
                        quadrant_list(),
                        s.get_ref()
                    ),
                );
            }
            found
        }
    };
    let mut names = Quadrant::ALL.map(|q| {
        let words = q.words();
        let mut name = words[..1].to_uppercase();
        name.push_str(&words[1..]);
        name
    });
    let mut names_ok = true;
    if let Some(n) = r.opt_table(t, "names", "[grid.names]") {
        let ids = Quadrant::ALL.map(Quadrant::id);
        r.check_keys(n, &ids);
        for q in Quadrant::ALL {
            if !Reader::has(n, q.id()) {
                continue;
            }
            match r.req_str(n, q.id(), "the square's name, like \"Quick wins\"") {
                Some(name) => names[q.index()] = name.into_inner().trim().to_string(),
                None => names_ok = false,
            }
        }
    }
    let (across_low, across_high) = across_ends?;
    let (up_low, up_high) = up_ends?;
    names_ok.then_some(())?;
    Some(Grid {
        across: Axis {
            name: across?.into_inner().trim().to_string(),
            low: across_low,
            high: across_high,
        },
        up: Axis {
            name: up?.into_inner().trim().to_string(),
            low: up_low,
            high: up_high,
        },
        start: start?,
        names,
    })
}

/// "top-left, top-right, bottom-left or bottom-right".
fn quadrant_list() -> String {
    let ids = Quadrant::ALL.map(Quadrant::id);
    format!("{} or {}", ids[..3].join(", "), ids[3])
}

/// An axis's two ends: a list of two words, low end first; the defaults when not given.
fn ends(r: &mut Reader<'_>, t: Table<'_, '_>, key: &str, which: &str) -> Option<(String, String)> {
    let Some(v) = t.table.get(key) else {
        return Some((DEFAULT_ENDS[0].to_string(), DEFAULT_ENDS[1].to_string()));
    };
    let expected = format!("a list of two words for its {which} ends, like [\"hard\", \"easy\"]");
    let DeValue::Array(items) = v.get_ref() else {
        r.report(v.span().start, format!("\"{key}\" in [grid] must be {expected}"));
        return None;
    };
    if items.len() != 2 {
        r.report(
            v.span().start,
            format!(
                "\"{key}\" in [grid] has {} entries; it must be {expected}",
                items.len()
            ),
        );
        return None;
    }
    let mut words = Vec::with_capacity(2);
    for item in items.iter() {
        match item.get_ref() {
            DeValue::String(s) if !s.trim().is_empty() => words.push(s.trim().to_string()),
            DeValue::String(_) => r.report(
                item.span().start,
                format!("an end of \"{key}\" in [grid] is empty; it must be {expected}"),
            ),
            _ => r.report(
                item.span().start,
                format!("each end of \"{key}\" in [grid] must be a string; it must be {expected}"),
            ),
        }
    }
    let [low, high]: [String; 2] = words.try_into().ok()?;
    Some((low, high))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn squares_have_ids_rows_and_columns() {
        for q in Quadrant::ALL {
            assert_eq!(Quadrant::from_id(q.id()), Some(q));
            assert_eq!(Quadrant::at(q.top(), q.right()), q);
            assert_eq!(
                serde_json::to_string(&q).unwrap(),
                format!("\"{}\"", q.id()),
                "journaled by its id"
            );
        }
        assert_eq!(Quadrant::from_id("top-centre"), None);
        assert_eq!(
            quadrant_list(),
            "top-left, top-right, bottom-left or bottom-right"
        );
    }
}
