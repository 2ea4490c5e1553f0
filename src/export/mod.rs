//! Outcomes: what a session produced, as JSON (the record, with a published schema), a
//! Markdown report people read, a CSV for spreadsheets, and a draft Terms of Reference.
//!
//! [`Outcomes::build`] turns a pack and a folded state into plain data with no clock and no
//! I/O, so the same session always exports the same bytes; the renderers ([`json`],
//! [`markdown`], [`csv()`], [`terms_of_reference`]) are pure functions of it; [`files`] reads a
//! session (never writing it) and writes the files atomically.

pub mod escape;
pub mod files;
mod json;
mod markdown;
mod notes_csv;
pub mod outcomes;
mod terms;

use std::path::PathBuf;

use crate::session::SessionError;

pub use files::{
    CSV_FILE, Format, JSON_FILE, MARKDOWN_FILE, TERMS_FILE, export_session, local_offset, render, run_cli,
    write_atomic, write_outcomes, write_outcomes_to,
};
pub use json::json;
pub use markdown::markdown;
pub use notes_csv::{COLUMNS as CSV_COLUMNS, csv};
pub use outcomes::{Outcomes, SCHEMA};
pub use terms::{NOT_COVERED, terms_of_reference};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Session(#[from] SessionError),
    #[error("\"{0}\" is not an export format; use json, markdown, csv, terms or all")]
    UnknownFormat(String),
    #[error(
        "standard output (--out -) takes one format at a time; choose --format json, markdown, csv or terms, or give a folder for all of them"
    )]
    AllToStdout,
    #[error("{0} is a file; to write all the formats, --out must be a folder (created if missing)")]
    NotAFolder(PathBuf),
    #[error(
        "{0} is part of the session itself (its journal or its copy of the pack); write the export somewhere else"
    )]
    Protected(PathBuf),
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write to standard output: {0}")]
    Stdout(#[source] std::io::Error),
}
