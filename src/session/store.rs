//! Where sessions live (`$CONVENE_HOME/sessions/`), naming new ones, finding the one a
//! command means, and listing them.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::{JOURNAL, Session, SessionError};

/// `$CONVENE_HOME`, or the platform's data folder, or `./.convene` where there is none.
pub fn home() -> PathBuf {
    match std::env::var_os("CONVENE_HOME") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => dirs::data_dir()
            .map(|d| d.join("convene"))
            .unwrap_or_else(|| PathBuf::from(".convene")),
    }
}

/// Settings a facilitator keeps between workshops, in `$CONVENE_HOME/config.toml`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Ring the terminal bell when a phase's time is up.
    pub bell: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config { bell: true }
    }
}

pub fn config_path() -> PathBuf {
    home().join("config.toml")
}

/// The settings, or the defaults when there is no config file. A broken file is an error
/// that names it, never silently ignored.
pub fn config() -> Result<Config, String> {
    let path = config_path();
    match std::fs::read_to_string(&path) {
        Ok(text) => toml::from_str(&text).map_err(|e| format!("{}: {}", path.display(), e.message())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
        Err(e) => Err(format!("cannot read {}: {e}", path.display())),
    }
}

pub fn sessions_dir() -> PathBuf {
    home().join("sessions")
}

/// A fresh folder name for a session started now: its date, time and a slug of its title.
pub fn new_session_dir(title: &str, now: DateTime<Utc>) -> PathBuf {
    let base = format!(
        "{}-{}",
        now.with_timezone(&chrono::Local).format("%Y-%m-%d-%H%M%S"),
        slug(title)
    );
    let root = sessions_dir();
    let mut dir = root.join(&base);
    let mut n = 2;
    while dir.exists() {
        dir = root.join(format!("{base}-{n}"));
        n += 1;
    }
    dir
}

fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= 40 {
            break;
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "workshop".to_string()
    } else {
        out
    }
}

/// One line of `convene sessions`.
#[derive(Debug, Clone)]
pub struct Summary {
    pub dir: PathBuf,
    pub name: String,
    pub title: Option<String>,
    pub started_at: Option<DateTime<Utc>>,
    pub events: u64,
    /// Why the session cannot be read, if it cannot.
    pub problem: Option<String>,
}

/// Every session under `sessions/`, newest first. Broken ones are listed with their problem,
/// so a facilitator can see them rather than wonder where they went.
pub fn list() -> Vec<Summary> {
    let Ok(entries) = std::fs::read_dir(sessions_dir()) else {
        return Vec::new();
    };
    let mut out: Vec<Summary> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join(JOURNAL).is_file())
        .map(|dir| summarise(&dir))
        .collect();
    out.sort_by(|a, b| b.started_at.cmp(&a.started_at).then(b.name.cmp(&a.name)));
    out
}

pub fn summarise(dir: &Path) -> Summary {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    match Session::load(dir) {
        Ok((_, state, _)) => Summary {
            dir: dir.to_path_buf(),
            name,
            title: Some(state.title),
            started_at: state.started_at,
            events: state.events,
            problem: None,
        },
        Err(e) => Summary {
            dir: dir.to_path_buf(),
            name,
            title: None,
            started_at: None,
            events: 0,
            problem: Some(e.to_string()),
        },
    }
}

/// The session a command names: a folder path, a folder name under `sessions/`, or (with
/// no name) the newest.
pub fn resolve(name: Option<&str>) -> Result<PathBuf, SessionError> {
    match name {
        Some(name) => {
            let as_path = PathBuf::from(name);
            if as_path.join(JOURNAL).is_file() {
                return Ok(as_path);
            }
            let under = sessions_dir().join(name);
            if under.join(JOURNAL).is_file() {
                return Ok(under);
            }
            Err(SessionError::NotFound(as_path))
        }
        None => list()
            .into_iter()
            .find(|s| s.problem.is_none())
            .map(|s| s.dir)
            .ok_or_else(|| SessionError::NoSessions(sessions_dir())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe_folder_names() {
        assert_eq!(
            slug("Better health information, together"),
            "better-health-information-together"
        );
        assert_eq!(slug("  ¡Olé!  "), "ol");
        assert_eq!(slug("€€€"), "workshop");
    }
}
