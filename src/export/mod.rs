//! Outcomes: what a session produced, as JSON (the record, with a published schema), a
//! Markdown report people read, CSVs of the notes and the actions for spreadsheets, a draft
//! Terms of Reference and a draft agenda for the network's first meeting.
//!
//! [`Outcomes::build`] turns a pack and a folded state into plain data with no clock and no
//! I/O, so the same session always exports the same bytes; the renderers ([`json`],
//! [`markdown`], [`csv()`], [`actions_csv`], [`terms_of_reference`], [`agenda`]) are pure
//! functions of it; [`files`] reads a
//! session (never writing it) and writes the files atomically.

mod agenda;
pub mod escape;
pub mod files;
mod json;
mod markdown;
mod markdown_grid;
mod notes_csv;
pub mod outcomes;
mod terms;

use std::path::PathBuf;

use crate::session::SessionError;

pub use agenda::agenda;
pub use files::{
    ACTIONS_FILE, AGENDA_FILE, CSV_FILE, Format, JSON_FILE, MARKDOWN_FILE, TERMS_FILE, export_session,
    local_offset, render, run_cli, write_atomic, write_outcomes, write_outcomes_to,
};
pub use json::json;
pub use markdown::markdown;
pub use notes_csv::{ACTION_COLUMNS, COLUMNS as CSV_COLUMNS, actions_csv, csv};
pub use outcomes::{Outcomes, SCHEMA};
pub use terms::{NOT_COVERED, terms_of_reference};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Session(#[from] SessionError),
    #[error("\"{0}\" is not an export format; use json, markdown, csv, notes, actions, terms, agenda or all")]
    UnknownFormat(String),
    #[error(
        "standard output (--out -) takes one file at a time, and --format {0} is several; choose --format json, markdown, notes, actions, terms or agenda, or give a folder"
    )]
    SeveralToStdout(&'static str),
    #[error(
        "{0} is a file; --format {1} writes several files, so --out must be a folder (created if missing)"
    )]
    NotAFolder(PathBuf, &'static str),
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
