//! The note being typed, kept on disk (`draft.json`) at every keystroke, so a crash in the
//! middle of a note loses nothing that was on screen. Written atomically: a temporary file,
//! synced, then renamed over the old one. The temporary file is always a new one of an
//! unpredictable name, so a link left in a session folder (one copied from a USB stick, say)
//! is never written through; the rename replaces a link at `draft.json`, it never follows it.

use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

pub const DRAFT: &str = "draft.json";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// The note being edited, if it is an edit.
    #[serde(default)]
    pub editing: Option<String>,
    pub board: String,
    pub category: String,
    #[serde(default)]
    pub sector: Option<String>,
    pub text: String,
    #[serde(default)]
    pub organisation: String,
    #[serde(default)]
    pub author: String,
    /// Whether the capture line was open (or closed, keeping this as a draft).
    #[serde(default)]
    pub open: bool,
}

/// Saves the draft, or removes it when there is none.
pub fn save(dir: &Path, draft: Option<&Draft>) -> std::io::Result<()> {
    let path = dir.join(DRAFT);
    let Some(draft) = draft else {
        return match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        };
    };
    // In the folder itself (never made again if it has gone), so the rename stays on one disk.
    // The error as the system gave it: the banner need not name a random file.
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!("{DRAFT}."))
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| e.raw_os_error().map_or(e, std::io::Error::from_raw_os_error))?;
    tmp.as_file_mut().write_all(
        serde_json::to_string(draft)
            .expect("a draft serialises")
            .as_bytes(),
    )?;
    tmp.as_file().sync_data()?;
    tmp.persist(&path).map_err(|e| e.error)?;
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// The draft left by the last run, if any (a damaged one is ignored: it is only a draft).
pub fn load(dir: &Path) -> Option<Draft> {
    let text = std::fs::read_to_string(dir.join(DRAFT)).ok()?;
    serde_json::from_str(&text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saves_replaces_and_removes() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load(dir.path()), None);
        let mut draft = Draft {
            board: "ideas".into(),
            category: "skills".into(),
            text: "Half a tho".into(),
            open: true,
            ..Draft::default()
        };
        save(dir.path(), Some(&draft)).unwrap();
        draft.text.push_str("ught 💡");
        save(dir.path(), Some(&draft)).unwrap();
        assert_eq!(load(dir.path()), Some(draft));
        save(dir.path(), None).unwrap();
        assert_eq!(load(dir.path()), None);
        save(dir.path(), None).unwrap();
    }
}
