//! What the room is looking at (`room.json`): which board column, which note, how far each
//! column is scrolled, the search and the sort, the row of the actions and groups lists and
//! of the results, the note chosen on the grid. The
//! facilitator's app writes it whenever its view changes; `convene follow` reads it to show
//! the room the same notes, fitted to the projector's size.
//!
//! Not in the journal: it is no outcome of the workshop, a journal line per arrow key would
//! bloat the record every export replays, and each line costs an fsync. A side file, written
//! atomically (a fresh temporary file of an unpredictable name, renamed over the old one, so
//! a reader never meets half a file and a link left at `room.json` is replaced, never written
//! through). Never synced to disk: losing the last few arrow keys to a power cut only puts the
//! room's view back a little, and an fsync per key would slow every key.

use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

pub const ROOM: &str = "room.json";

/// Screen-independent facts only: ids and indices, never rows or cells, so a room's screen
/// of any size can fit them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RoomView {
    /// The board (its activity id) these board facts belong to.
    pub board: Option<String>,
    /// The focused column's index.
    pub column: usize,
    /// The first column the facilitator sees (more columns than fit scroll sideways).
    pub first_column: usize,
    /// The selected note or cluster, by id.
    pub selected: Option<String>,
    /// The first note or cluster shown in each column, by id (none: the column's top).
    pub tops: Vec<Option<String>>,
    /// The search filter, if any.
    pub filter: Option<String>,
    /// Sorted by votes (or in the order written).
    pub by_votes: bool,
    /// The selected row of the actions list.
    pub actions_row: usize,
    /// The selected group on the groups screen.
    pub groups_row: usize,
    /// The selected place on the results screen.
    pub results_row: usize,
    /// The first place the results screen shows (the room starts there when it can).
    pub results_top: usize,
    /// The note chosen on the grid, by id.
    pub grid_note: Option<String>,
}

/// Writes what the room is looking at.
pub fn save(dir: &Path, view: &RoomView) -> std::io::Result<()> {
    // In the folder itself (never made again if it has gone), so the rename stays on one disk.
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!("{ROOM}."))
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| e.raw_os_error().map_or(e, std::io::Error::from_raw_os_error))?;
    tmp.as_file_mut().write_all(
        serde_json::to_string(view)
            .expect("a room view serialises")
            .as_bytes(),
    )?;
    tmp.persist(dir.join(ROOM)).map_err(|e| e.error)?;
    Ok(())
}

/// What the room was last looking at; none when there is no file or it is damaged (it is
/// only a view: the room then sees the top of each column).
pub fn load(dir: &Path) -> Option<RoomView> {
    let text = std::fs::read_to_string(dir.join(ROOM)).ok()?;
    serde_json::from_str(&text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saves_replaces_and_ignores_a_damaged_file() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load(dir.path()), None);
        let mut view = RoomView {
            board: Some("gather".into()),
            column: 2,
            first_column: 1,
            selected: Some("n12".into()),
            tops: vec![None, Some("n3".into()), Some("n8".into())],
            filter: Some("library".into()),
            by_votes: true,
            actions_row: 4,
            groups_row: 1,
            results_row: 7,
            results_top: 3,
            grid_note: Some("n7".into()),
        };
        save(dir.path(), &view).unwrap();
        assert_eq!(load(dir.path()), Some(view.clone()));
        view.selected = Some("n13".into());
        save(dir.path(), &view).unwrap();
        assert_eq!(load(dir.path()), Some(view));
        // No temporary file left behind.
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, [ROOM]);
        // Half a file (written by hand, or a disk that filled) is no view at all.
        std::fs::write(dir.path().join(ROOM), "{\"column\": 2, \"sel").unwrap();
        assert_eq!(load(dir.path()), None);
        // A file from an older or newer convene keeps what it can.
        std::fs::write(dir.path().join(ROOM), "{\"column\": 2, \"later\": true}").unwrap();
        assert_eq!(load(dir.path()).map(|v| v.column), Some(2));
    }
}
