//! The raw files of a pack, wherever they came from (a folder, or the built-in pack compiled
//! into the binary), and turning byte offsets into the line:column a facilitator can find.

use std::collections::BTreeMap;
use std::path::Path;

use include_dir::{Dir, include_dir};

use super::{PackError, Problem};

static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/activities");

/// The files of a pack, by path relative to the pack folder, as bytes: a file that is not
/// UTF-8 is still a file, and validation reports where its bad bytes are.
#[derive(Debug, Clone)]
pub struct PackFiles {
    /// Where the pack came from, for messages: a folder path or "the built-in pack".
    pub origin: String,
    pub files: BTreeMap<String, Vec<u8>>,
}

impl PackFiles {
    /// The built-in partnership workshop.
    pub fn builtin() -> Self {
        let mut files = BTreeMap::new();
        collect_builtin(&BUILTIN, &mut files);
        Self {
            origin: "the built-in pack".to_string(),
            files,
        }
    }

    /// Reads `workshop.toml` and every other top-level `*.toml` and `*.md` file of a folder.
    pub fn read_dir(dir: &Path) -> Result<Self, PackError> {
        let workshop = dir.join("workshop.toml");
        if !dir.is_dir() {
            return Err(PackError::NotFound(dir.display().to_string()));
        }
        if !workshop.is_file() {
            return Err(PackError::NoWorkshop(dir.display().to_string()));
        }
        let mut files = BTreeMap::new();
        let entries = std::fs::read_dir(dir).map_err(|e| PackError::Io(dir.display().to_string(), e))?;
        for entry in entries {
            let entry = entry.map_err(|e| PackError::Io(dir.display().to_string(), e))?;
            let path = entry.path();
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            let wanted = name.ends_with(".toml") || name.ends_with(".md");
            if !wanted || !path.is_file() || name.starts_with('.') {
                continue;
            }
            let bytes = std::fs::read(&path).map_err(|e| PackError::Io(path.display().to_string(), e))?;
            files.insert(name.to_string(), bytes);
        }
        Ok(Self {
            origin: dir.display().to_string(),
            files,
        })
    }

    /// Writes the files into `dir` (which must be empty or absent), for `convene new` and for
    /// the copy of the pack that every session keeps.
    pub fn write_to(&self, dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        for (name, bytes) in &self.files {
            let path = dir.join(name);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(path, bytes)?;
        }
        Ok(())
    }

    /// A SHA-256 of every file's name and contents, so an export can say exactly which pack
    /// a session ran.
    pub fn hash(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut hasher = Sha256::new();
        for (name, bytes) in &self.files {
            hasher.update((name.len() as u64).to_le_bytes());
            hasher.update(name.as_bytes());
            hasher.update((bytes.len() as u64).to_le_bytes());
            hasher.update(bytes);
        }
        hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }
}

fn collect_builtin(dir: &Dir<'static>, out: &mut BTreeMap<String, Vec<u8>>) {
    for file in dir.files() {
        let name = file.path().to_string_lossy().replace('\\', "/");
        out.insert(name, file.contents().to_vec());
    }
    for sub in dir.dirs() {
        collect_builtin(sub, out);
    }
}

/// One text file of a pack, with the byte offsets where its lines start.
pub(crate) struct SourceText<'a> {
    pub name: &'a str,
    pub text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> SourceText<'a> {
    /// Decodes a file as UTF-8, or reports where the first bad byte is.
    pub fn decode(name: &'a str, bytes: &'a [u8]) -> Result<Self, Problem> {
        // A byte-order mark is invisible in an editor; it must not hide the first line.
        let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
        match std::str::from_utf8(bytes) {
            Ok(text) => Ok(Self::new(name, text)),
            Err(e) => {
                let good = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
                let at = Self::new(name, good).position(good.len());
                Err(Problem::at(
                    name,
                    at,
                    format!(
                        "the file is not UTF-8 text (byte 0x{:02x} here); save it as UTF-8",
                        bytes[e.valid_up_to()]
                    ),
                ))
            }
        }
    }

    pub fn new(name: &'a str, text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self {
            name,
            text,
            line_starts,
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let col = self.text[start..offset].chars().count() + 1;
        (line + 1, col)
    }

    pub fn problem(&self, offset: usize, message: impl Into<String>) -> Problem {
        Problem::at(self.name, self.position(offset), message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let src = SourceText::new("x", "ab\né€x\n");
        assert_eq!(src.position(0), (1, 1));
        assert_eq!(src.position(3), (2, 1));
        assert_eq!(src.position(3 + "é€".len()), (2, 3));
        assert_eq!(src.position(999), (3, 1));
    }

    #[test]
    fn bad_utf8_is_located() {
        let bytes = b"title = \"ok\"\nsub = \"\xff\"\n";
        let Err(p) = SourceText::decode("w.toml", bytes) else {
            panic!("expected an error");
        };
        assert_eq!((p.line, p.column), (2, 8));
        assert!(p.message.contains("0xff"), "{}", p.message);
    }

    #[test]
    fn builtin_pack_is_embedded() {
        let files = PackFiles::builtin();
        assert!(files.files.contains_key("workshop.toml"));
        assert!(files.files.contains_key("slides.md"));
        assert_eq!(files.hash().len(), 64);
    }
}
