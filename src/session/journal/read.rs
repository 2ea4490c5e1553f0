//! Reading a journal back: every line checked, a torn last line set aside with a warning,
//! a damaged middle line refused with its number.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use super::{FORMAT, Header, Ids, JournalError, Replay};
use crate::session::event::Event;

/// Reads a whole journal. A damaged last line is skipped with a warning (that is what a
/// power cut mid-write leaves); a damaged line with events after it is an error.
pub fn read(path: &Path) -> Result<Replay, JournalError> {
    let file = File::open(path).map_err(|source| JournalError::Io {
        action: "open",
        path: path.to_path_buf(),
        source,
    })?;
    read_from(BufReader::new(file), path)
}

pub fn read_from(mut reader: impl BufRead, path: &Path) -> Result<Replay, JournalError> {
    // Read whole, then parsed in place line by line: no copy of each line.
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .map_err(|source| JournalError::Io {
            action: "read",
            path: path.to_path_buf(),
            source,
        })?;
    let mut lines = Lines {
        bytes: &bytes,
        end: 0,
    };

    let Some(first) = lines.next() else {
        return Err(JournalError::Empty {
            path: path.to_path_buf(),
        });
    };
    let header: Header = match serde_json::from_slice(first) {
        Ok(h) if first.ends_with(b"\n") => h,
        Ok(_) => {
            return Err(JournalError::BadHeader {
                path: path.to_path_buf(),
                detail: "the header line was never finished".to_string(),
            });
        }
        Err(e) => {
            // A newer format still says which it is.
            let found = serde_json::from_slice::<serde_json::Value>(first)
                .ok()
                .and_then(|v| v.get("convene_journal")?.as_u64());
            if let Some(found) = found
                && found > FORMAT as u64
            {
                return Err(JournalError::TooNew {
                    path: path.to_path_buf(),
                    found,
                });
            }
            return Err(JournalError::BadHeader {
                path: path.to_path_buf(),
                detail: e.to_string(),
            });
        }
    };
    if header.convene_journal > FORMAT {
        return Err(JournalError::TooNew {
            path: path.to_path_buf(),
            found: header.convene_journal as u64,
        });
    }

    // At most one event a line: room for them all at once, not moved as the list grows.
    let mut events = Vec::with_capacity(memchr::memchr_iter(b'\n', lines.rest()).count() + 1);
    let mut warnings = Vec::new();
    let mut good_len = lines.end;
    let mut number = 1;
    let mut ids = Ids::default();
    while let Some(line) = lines.next() {
        number += 1;
        let complete = line.ends_with(b"\n");
        if line.iter().all(u8::is_ascii_whitespace) {
            // Only a finished blank line is part of the good journal: an unfinished one is
            // a torn tail that the next append must not be glued to.
            if complete {
                good_len = lines.end;
            }
            continue;
        }
        let parsed = if complete {
            // Checked whole first, so serde need not check each string again.
            std::str::from_utf8(line)
                .map_err(|e| e.to_string())
                .and_then(|text| serde_json::from_str::<Event>(text).map_err(|e| e.to_string()))
        } else {
            Err("the line was never finished".to_string())
        };
        let parsed = parsed.and_then(|event| {
            ids.check(&event.kind, number)?;
            Ok(event)
        });
        match parsed {
            Ok(event) => {
                events.push(event);
                good_len = lines.end;
            }
            // The last line with anything on it: damage there is a torn tail, not a gap.
            Err(detail) if lines.rest().iter().all(u8::is_ascii_whitespace) => {
                warnings.push(format!(
                    "{}:{number}: the last line is damaged ({detail}), probably cut off by a crash; it was skipped and every earlier event kept",
                    path.display()
                ));
                // Nothing after it is good: only blank lines follow, and the damaged line
                // must stay outside the good part so a resume moves it aside.
                break;
            }
            Err(detail) => {
                return Err(JournalError::Corrupt {
                    path: path.to_path_buf(),
                    line: number,
                    detail,
                });
            }
        }
    }
    Ok(Replay {
        header,
        events,
        warnings,
        good_len: good_len as u64,
    })
}

/// The lines of a journal, each with its newline (the last may have none).
struct Lines<'a> {
    bytes: &'a [u8],
    /// Where the lines handed out so far end.
    end: usize,
}

impl<'a> Lines<'a> {
    fn rest(&self) -> &'a [u8] {
        &self.bytes[self.end..]
    }
}

impl<'a> Iterator for Lines<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        let rest = self.rest();
        if rest.is_empty() {
            return None;
        }
        let len = memchr::memchr(b'\n', rest).map_or(rest.len(), |i| i + 1);
        self.end += len;
        Some(&rest[..len])
    }
}
