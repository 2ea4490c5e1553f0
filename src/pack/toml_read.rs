//! Reading a spanned TOML document field by field, so that one pass reports every problem
//! (unknown keys, missing keys, wrong types, bad values) with its line and column, instead of
//! serde's first error only.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::Problem;
use super::source::SourceText;

/// Seconds in the longest duration a pack may plan: eight hours.
pub(crate) const MAX_SECONDS: u32 = 8 * 60 * 60;

/// A table and where it is in its file.
#[derive(Clone, Copy)]
pub(crate) struct Table<'a, 'i> {
    /// Byte offset where the table starts (its header, or its first key).
    pub at: usize,
    pub table: &'a DeTable<'i>,
    /// What the table is, in the facilitator's words ("the workshop", "programme item 3").
    pub what: &'a str,
}

/// Collects problems for one file.
pub(crate) struct Reader<'s> {
    pub src: &'s SourceText<'s>,
    pub problems: Vec<Problem>,
}

impl<'s> Reader<'s> {
    pub fn new(src: &'s SourceText<'s>) -> Self {
        Self {
            src,
            problems: Vec::new(),
        }
    }

    /// Where a table really starts: for `[[x]]` tables the span begins at the first key, but
    /// the facilitator looks for the header line above it.
    pub fn table_start(&self, offset: usize) -> usize {
        let text = self.src.text;
        if text[offset..].starts_with('{') {
            return offset;
        }
        let mut line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        loop {
            let line = &text[line_start..];
            if line.trim_start().starts_with('[') {
                return line_start + (line.len() - line.trim_start().len());
            }
            if line_start == 0 {
                return offset;
            }
            line_start = text[..line_start - 1].rfind('\n').map_or(0, |i| i + 1);
        }
    }

    pub fn report(&mut self, offset: usize, message: impl Into<String>) {
        self.problems.push(self.src.problem(offset, message));
    }

    /// Parses the document, reporting every syntax error.
    pub fn parse(&mut self) -> Option<Spanned<DeTable<'s>>> {
        let (doc, errors) = DeTable::parse_recoverable(self.src.text);
        if errors.is_empty() {
            return Some(doc);
        }
        for e in errors {
            let at = e.span().map(|s| s.start).unwrap_or(0);
            let message = e.message().trim().replace('\n', "; ");
            self.report(at, format!("this is not valid TOML: {message}"));
        }
        None
    }

    /// Reports keys the table does not know, naming the ones it does.
    pub fn check_keys(&mut self, t: Table<'_, '_>, allowed: &[&str]) {
        for key in t.table.keys() {
            if !allowed.contains(&key.get_ref().as_ref()) {
                self.report(
                    key.span().start,
                    format!(
                        "unknown key \"{}\" in {}; expected one of: {}",
                        key.get_ref(),
                        t.what,
                        allowed.join(", ")
                    ),
                );
            }
        }
    }

    fn get<'a, 'i>(t: Table<'a, 'i>, key: &str) -> Option<&'a Spanned<DeValue<'i>>> {
        t.table.get(key)
    }

    pub fn missing(&mut self, t: Table<'_, '_>, key: &str, expected: &str) {
        self.report(t.at, format!("{} is missing \"{key}\" ({expected})", t.what));
    }

    fn wrong_type(&mut self, t: Table<'_, '_>, key: &str, v: &Spanned<DeValue<'_>>, expected: &str) {
        self.report(
            v.span().start,
            format!(
                "\"{key}\" in {} must be {expected}, found {}",
                t.what,
                type_name(v.get_ref())
            ),
        );
    }

    pub fn opt_str(&mut self, t: Table<'_, '_>, key: &str) -> Option<Spanned<String>> {
        let v = Self::get(t, key)?;
        match v.get_ref() {
            DeValue::String(s) => Some(Spanned::new(v.span(), s.to_string())),
            _ => {
                self.wrong_type(t, key, v, "a string");
                None
            }
        }
    }

    pub fn req_str(&mut self, t: Table<'_, '_>, key: &str, expected: &str) -> Option<Spanned<String>> {
        if Self::get(t, key).is_none() {
            self.missing(t, key, expected);
            return None;
        }
        let s = self.opt_str(t, key)?;
        if s.get_ref().trim().is_empty() {
            self.report(
                s.span().start,
                format!("\"{key}\" in {} is empty; expected {expected}", t.what),
            );
            return None;
        }
        Some(s)
    }

    /// An id: lower-case letters, digits and `-`, so it is safe in file names and commands.
    pub fn req_id(&mut self, t: Table<'_, '_>, key: &str, expected: &str) -> Option<Spanned<String>> {
        let s = self.req_str(t, key, expected)?;
        self.check_id(&s, key).then_some(s)
    }

    pub fn opt_id(&mut self, t: Table<'_, '_>, key: &str) -> Option<Spanned<String>> {
        let s = self.opt_str(t, key)?;
        self.check_id(&s, key).then_some(s)
    }

    fn check_id(&mut self, s: &Spanned<String>, key: &str) -> bool {
        if is_id(s.get_ref()) {
            return true;
        }
        self.report(
            s.span().start,
            format!(
                "\"{key}\" must be an id of lower-case letters, digits and \"-\" (like \"joint-working\"), found \"{}\"",
                s.get_ref()
            ),
        );
        false
    }

    pub fn opt_bool(&mut self, t: Table<'_, '_>, key: &str) -> Option<bool> {
        let v = Self::get(t, key)?;
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.wrong_type(t, key, v, "true or false");
                None
            }
        }
    }

    /// A whole number from `min` to `max`.
    pub fn opt_count(&mut self, t: Table<'_, '_>, key: &str, min: u32, max: u32) -> Option<u32> {
        let v = Self::get(t, key)?;
        let DeValue::Integer(i) = v.get_ref() else {
            self.wrong_type(t, key, v, "a whole number");
            return None;
        };
        let n = i64::from_str_radix(i.as_str(), i.radix()).ok();
        match n {
            Some(n) if n >= min as i64 && n <= max as i64 => Some(n as u32),
            _ => {
                self.report(
                    v.span().start,
                    format!("\"{key}\" must be from {min} to {max}, found {i}"),
                );
                None
            }
        }
    }

    /// A duration in minutes (whole or decimal), returned in whole seconds: above zero and at
    /// most eight hours.
    pub fn opt_minutes(&mut self, t: Table<'_, '_>, key: &str) -> Option<Spanned<u32>> {
        let v = Self::get(t, key)?;
        let minutes = match v.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
                .map(|n| n as f64)
                .unwrap_or(f64::INFINITY),
            DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().unwrap_or(f64::NAN),
            _ => {
                self.wrong_type(t, key, v, "a number of minutes");
                return None;
            }
        };
        let seconds = (minutes * 60.0).round();
        if minutes.is_nan() || seconds < 1.0 {
            self.report(
                v.span().start,
                format!(
                    "\"{key}\" in {} must be above zero, found {}",
                    t.what,
                    self.src.text[v.span()].trim()
                ),
            );
            return None;
        }
        if seconds > MAX_SECONDS as f64 {
            self.report(
                v.span().start,
                format!(
                    "\"{key}\" in {} must be at most 480 (eight hours), found {}",
                    t.what,
                    self.src.text[v.span()].trim()
                ),
            );
            return None;
        }
        Some(Spanned::new(v.span(), seconds as u32))
    }

    pub fn req_minutes(&mut self, t: Table<'_, '_>, key: &str) -> Option<Spanned<u32>> {
        if Self::get(t, key).is_none() {
            self.missing(t, key, "a number of minutes");
            return None;
        }
        self.opt_minutes(t, key)
    }

    pub fn opt_table<'a, 'i>(&mut self, t: Table<'a, 'i>, key: &str, what: &'a str) -> Option<Table<'a, 'i>> {
        let v = Self::get(t, key)?;
        match v.get_ref() {
            DeValue::Table(table) => Some(Table {
                at: v.span().start,
                table,
                what,
            }),
            _ => {
                self.wrong_type(t, key, v, "a table");
                None
            }
        }
    }

    /// The tables of an array of tables (`[[key]]` or `key = [{...}, ...]`), each with its span.
    pub fn tables<'a, 'i>(&mut self, t: Table<'a, 'i>, key: &str) -> Vec<(Range<usize>, &'a DeTable<'i>)> {
        let Some(v) = Self::get(t, key) else {
            return Vec::new();
        };
        let DeValue::Array(items) = v.get_ref() else {
            self.wrong_type(t, key, v, &format!("a list of tables ([[{key}]])"));
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                DeValue::Table(table) => out.push((item.span(), table)),
                other => self.report(
                    item.span().start,
                    format!(
                        "each entry of \"{key}\" must be a table, found {}",
                        type_name(other)
                    ),
                ),
            }
        }
        out
    }

    pub fn has(t: Table<'_, '_>, key: &str) -> bool {
        t.table.contains_key(key)
    }

    pub fn span_of_key(t: Table<'_, '_>, key: &str) -> Option<Range<usize>> {
        t.table.get_key_value(key).map(|(k, _)| k.span())
    }
}

pub(crate) fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !s.starts_with('-')
}

fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "a whole number",
        DeValue::Float(_) => "a decimal number",
        DeValue::Boolean(_) => "true or false",
        DeValue::Datetime(_) => "a date or time",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}
