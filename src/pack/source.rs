//! The raw files of a pack, wherever they came from (a folder, or the built-in pack compiled
//! into the binary), and turning byte offsets into the line:column a facilitator can find.

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::{ErrorKind, Read, Write};
use std::path::{Component, Path};

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
    ///
    /// Reading never leaves the folder: a file that is a link to something outside it is
    /// refused ([`PackError::Outside`]); a link to another file inside it is followed.
    /// Anything that is not a regular file (a folder, a device, a pipe) is passed over.
    pub fn read_dir(dir: &Path) -> Result<Self, PackError> {
        let io = |path: &Path| {
            let path = path.display().to_string();
            move |e| PackError::Io(path, e)
        };
        match std::fs::metadata(dir) {
            Ok(m) if m.is_dir() => {}
            Ok(_) => return Err(PackError::NotFound(dir.display().to_string())),
            Err(e) if e.kind() == ErrorKind::NotFound => {
                return Err(PackError::NotFound(dir.display().to_string()));
            }
            Err(e) => return Err(io(dir)(e)),
        }
        let home = dir.canonicalize().map_err(io(dir))?;
        let mut files = BTreeMap::new();
        for entry in std::fs::read_dir(dir).map_err(io(dir))? {
            let entry = entry.map_err(io(dir))?;
            let path = entry.path();
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            let wanted = name.ends_with(".toml") || name.ends_with(".md");
            if !wanted || name.starts_with('.') {
                continue;
            }
            // The entry itself, not what a link points at.
            let kind = entry.file_type().map_err(io(&path))?;
            let source = if kind.is_symlink() {
                let target = path.canonicalize().map_err(io(&path))?;
                if !target.starts_with(&home) {
                    return Err(PackError::Outside {
                        file: path.display().to_string(),
                        target: target.display().to_string(),
                    });
                }
                target
            } else {
                path.clone()
            };
            // Opening a pipe would wait for a writer: only what looks like a file is opened.
            let regular = std::fs::metadata(&source).map_err(io(&path))?.is_file();
            if !regular {
                continue;
            }
            let Some(bytes) = read_regular(&source).map_err(io(&path))? else {
                continue;
            };
            files.insert(name.to_string(), bytes);
        }
        if !files.contains_key("workshop.toml") {
            return Err(PackError::NoWorkshop(dir.display().to_string()));
        }
        Ok(Self {
            origin: dir.display().to_string(),
            files,
        })
    }

    /// Writes the files into `dir` (which must be empty or absent), for `convene new` and for
    /// the copy of the pack that every session keeps: regular files with ordinary
    /// permissions, each created afresh, so nothing is written through a link already there.
    pub fn write_to(&self, dir: &Path) -> std::io::Result<()> {
        make_dir(dir)?;
        for (name, bytes) in &self.files {
            let relative = Path::new(name);
            // A name is a path inside the pack, never `..` or absolute.
            if !relative.components().all(|c| matches!(c, Component::Normal(_))) {
                return Err(std::io::Error::new(
                    ErrorKind::InvalidInput,
                    format!("\"{name}\" is not a file name inside the pack"),
                ));
            }
            let path = dir.join(relative);
            let mut folder = dir.to_path_buf();
            for part in relative.parent().into_iter().flat_map(Path::components) {
                folder.push(part);
                make_dir(&folder)?;
            }
            write_fresh(&path, bytes)?;
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

/// The bytes of `path` if it is a regular file (checked on the opened file, so what is
/// read is what was checked), `None` for anything else.
fn read_regular(path: &Path) -> std::io::Result<Option<Vec<u8>>> {
    let mut file = File::open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Ok(None);
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.read_to_end(&mut bytes)?;
    Ok(Some(bytes))
}

/// A folder that is a folder (rwxr-xr-x when new): one that is already there is used only if
/// it is a real folder, not a link to one.
fn make_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o755);
    if let Ok(meta) = std::fs::symlink_metadata(dir) {
        if meta.is_dir() {
            return Ok(());
        }
        return Err(std::io::Error::new(
            ErrorKind::AlreadyExists,
            format!("{} is there already and is not a folder", dir.display()),
        ));
    }
    builder.create(dir)
}

/// A new regular file (rw-r--r--) holding `bytes`. Whatever was at `path` (a stale file, a
/// link) is removed first, never written through.
fn write_fresh(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let open = || {
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o644);
        options.open(path)
    };
    let mut file = match open() {
        Err(e) if e.kind() == ErrorKind::AlreadyExists => {
            std::fs::remove_file(path)?;
            open()?
        }
        r => r?,
    };
    file.write_all(bytes)?;
    file.flush()
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
