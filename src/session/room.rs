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

/// The room's token (the secret part of the phones' address), kept so that phones keep
/// working after a `resume` of the same session.
pub const ROOM_TOKEN: &str = "room-token";

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
    /// The room's address while it is open to phones (none: closed).
    pub room_url: Option<String>,
    /// Whether the facilitator shows the room's code: the room's screen shows it too.
    pub code_shown: bool,
    /// Phones in the room, for the count under the code.
    pub phones: usize,
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

/// The room's token for this session: the one kept in `room-token`, or a new random one
/// (128 bits) written there. The file is created fresh, readable by its owner only, and
/// never followed through a link; one that is not a plain file holding a token is refused
/// (the room then stays closed), never trusted.
pub fn token(dir: &Path) -> std::io::Result<String> {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let path = dir.join(ROOM_TOKEN);
    match std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW)
        .open(&path)
    {
        Ok(mut file) => {
            let mut text = String::new();
            if !file.metadata()?.is_file() {
                return Err(std::io::Error::other(format!("{ROOM_TOKEN} is not a plain file")));
            }
            Read::by_ref(&mut file).take(256).read_to_string(&mut text)?;
            let token = text.trim();
            if !token_ok(token) {
                return Err(std::io::Error::other(format!(
                    "{ROOM_TOKEN} holds no token; delete it to make a new one"
                )));
            }
            return Ok(token.to_string());
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    // Uppercase hex: an address in capitals makes a smaller QR code.
    let token = format!("{:032X}", rand::random::<u128>());
    // `create_new` never follows a link, and fails if anything is there already.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&path)?;
    file.write_all(token.as_bytes())?;
    file.sync_data()?;
    Ok(token)
}

/// 22 to 128 letters, digits, '-' or '_', as the room server takes.
fn token_ok(token: &str) -> bool {
    (22..=128).contains(&token.len())
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_made_once_kept_private_and_never_read_through_a_link() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let first = token(dir.path()).unwrap();
        assert_eq!(first.len(), 32);
        assert_eq!(token(dir.path()).unwrap(), first, "kept for a resume");
        let mode = std::fs::metadata(dir.path().join(ROOM_TOKEN))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        let other = tempfile::tempdir().unwrap();
        assert_ne!(token(other.path()).unwrap(), first, "new for every session");
        // A link left at room-token (a folder copied from elsewhere) is refused, not read.
        let linked = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(dir.path().join(ROOM_TOKEN), linked.path().join(ROOM_TOKEN)).unwrap();
        assert!(token(linked.path()).is_err());
        // A file that holds no token is refused.
        let junk = tempfile::tempdir().unwrap();
        std::fs::write(junk.path().join(ROOM_TOKEN), "short").unwrap();
        assert!(token(junk.path()).is_err());
    }

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
            room_url: Some("http://192.168.1.20:8330/0123456789ABCDEF0123456789ABCDEF/".into()),
            code_shown: true,
            phones: 3,
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
