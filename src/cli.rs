//! The command line: parse it, run the subcommand, say what went wrong in plain words.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};

use convene::pack::{Pack, PackError, PackFiles};
use convene::room_server::RoomAddr;
use convene::session::text::{clean_line, strip};
use convene::session::{Follower, JournalId, Session, StartOptions, store};
use convene::tui::{
    self,
    theme::{Theme, ThemeName},
};

/// Run a live workshop from the terminal: slides, timed activities, sticky notes, outcomes.
#[derive(Debug, Parser)]
#[command(name = "convene", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Cmd>,
    /// Colours for the room: dark, light or high-contrast. NO_COLOR turns colour off.
    #[arg(long, global = true, value_enum, default_value_t = ThemeName::Dark)]
    pub theme: ThemeName,
    /// No terminal bell when a phase's time is up (or set `bell = false` in $CONVENE_HOME/config.toml).
    #[arg(long, global = true)]
    pub no_bell: bool,
    /// Rehearse: run the clock this many times faster (e.g. 30 turns a 12-minute activity
    /// into 24 seconds). The session records the rehearsal's own times.
    #[arg(long, global = true, value_name = "N", default_value_t = 1.0, value_parser = parse_speed)]
    pub speed: f64,
}

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Run a workshop pack (the built-in one when no PACK is given) in a new session.
    Run {
        /// A pack folder (holding workshop.toml).
        pack: Option<PathBuf>,
        /// Put the session in this folder instead of under $CONVENE_HOME/sessions/.
        #[arg(long, value_name = "DIR")]
        session: Option<PathBuf>,
        /// Planned start time, HH:MM or "now". Without it the pack's own, moved to the real
        /// start if that is more than 15 minutes away.
        #[arg(long, value_name = "HH:MM", value_parser = parse_start)]
        start: Option<chrono::NaiveTime>,
        /// Attendees, as CSV: name, organisation, sector.
        #[arg(long, value_name = "FILE")]
        attendees: Option<PathBuf>,
        /// Seed for drawing random groups, to reproduce a draw.
        #[arg(long, value_name = "N")]
        seed: Option<u64>,
        /// Where the workshop is held, for the report (the pack's own by default).
        #[arg(long, value_name = "TEXT", value_parser = parse_words)]
        venue: Option<String>,
        /// Who runs it, for the report (the pack's own by default).
        #[arg(long, value_name = "NAME", value_parser = parse_words)]
        facilitator: Option<String>,
        /// Open the room to phones: people scan the code on screen to add notes and votes
        /// (F2 opens it later, and shows or hides the code).
        #[arg(long)]
        room: bool,
        /// The address phones reach the room at, IP or IP:PORT (default: this computer's
        /// private network address, port 8330 or the next free one).
        #[arg(long, value_name = "IP[:PORT]")]
        room_addr: Option<RoomAddr>,
    },
    /// Continue a session (the latest when none is named).
    Resume {
        /// A session folder, or its name under $CONVENE_HOME/sessions/.
        session: Option<String>,
        /// Open the room to phones: people scan the code on screen to add notes and votes
        /// (F2 opens it later, and shows or hides the code).
        #[arg(long)]
        room: bool,
        /// The address phones reach the room at, IP or IP:PORT (default: this computer's
        /// private network address, port 8330 or the next free one).
        #[arg(long, value_name = "IP[:PORT]")]
        room_addr: Option<RoomAddr>,
    },
    /// A read-only view for the room that follows a running session.
    Follow {
        /// A session folder, or its name under $CONVENE_HOME/sessions/.
        session: Option<String>,
    },
    /// Write a session's outcomes as JSON, Markdown and CSV.
    Export {
        /// A session folder, or its name under $CONVENE_HOME/sessions/.
        session: Option<String>,
        /// json, markdown (the report), csv (notes and actions), notes, actions, terms (the draft Terms of Reference), agenda (the first meeting's) or all.
        #[arg(long, default_value = "all", value_parser = ["json", "markdown", "csv", "notes", "actions", "terms", "agenda", "all"])]
        format: String,
        /// Where to write: a folder, a file, or - for standard output.
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
    },
    /// Check a pack and print every problem as file:line:column (the built-in pack when no PACK is given).
    Validate {
        /// A pack folder (holding workshop.toml).
        pack: Option<PathBuf>,
    },
    /// Write a copy of the built-in pack into DIR, to edit into your own workshop.
    New {
        /// A folder that does not exist yet, or is empty.
        dir: PathBuf,
    },
    /// List sessions, newest first.
    Sessions,
}

fn parse_speed(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(n) if (1.0..=600.0).contains(&n) => Ok(n),
        _ => Err(format!("expected a number from 1 to 600, found \"{s}\"")),
    }
}

fn parse_start(s: &str) -> Result<chrono::NaiveTime, String> {
    if s.trim().eq_ignore_ascii_case("now") {
        use chrono::Timelike;
        let now = chrono::Local::now().time();
        return chrono::NaiveTime::from_hms_opt(now.hour(), now.minute(), 0)
            .ok_or_else(|| "the clock gave no time of day".to_string());
    }
    convene::pack::parse_clock(s)
        .ok_or_else(|| format!("expected a time of day as HH:MM, like 09:30, or \"now\", found \"{s}\""))
}

/// A venue or a name typed on the command line, as one clean line (never empty).
fn parse_words(s: &str) -> Result<String, String> {
    let words = clean_line(s);
    if words.is_empty() {
        return Err("expected some words, found none".to_string());
    }
    Ok(words)
}

/// Runs the command; Ok(code) is the exit code for a finished run that still failed (a pack
/// with problems), Err is a user error that main prints.
pub fn run(cli: Cli) -> Result<i32> {
    let options = || -> Result<tui::Options> {
        let config = store::config().map_err(anyhow::Error::msg)?;
        Ok(tui::Options {
            theme: Theme::from_env(cli.theme),
            bell: config.bell && !cli.no_bell,
            speed: cli.speed,
            notice: None,
            room: false,
            room_at: None,
        })
    };
    match cli.command {
        Some(Cmd::Validate { pack }) => validate(pack.as_deref()),
        Some(Cmd::New { dir }) => new_pack(&dir).map(|_| 0),
        Some(Cmd::Sessions) => sessions().map(|_| 0),
        None => run_pack(None, None, StartOptions::default(), None, options()?),
        Some(Cmd::Run {
            pack,
            session,
            start,
            attendees,
            seed,
            venue,
            facilitator,
            room,
            room_addr,
        }) => {
            let mut look = options()?;
            (look.room, look.room_at) = (room, room_at(room, room_addr)?);
            let starting = StartOptions {
                start,
                facilitator,
                venue,
                seed,
            };
            run_pack(
                pack.as_deref(),
                session.as_deref(),
                starting,
                attendees.as_deref(),
                look,
            )
        }
        Some(Cmd::Resume {
            session,
            room,
            room_addr,
        }) => {
            let dir = store::resolve(session.as_deref())?;
            // Before the session opens: a resume that cannot run leaves its folder as it was.
            needs_terminal()?;
            let mut options = options()?;
            (options.room, options.room_at) = (room, room_at(room, room_addr)?);
            let (session, warnings) = Session::resume(&dir)?;
            for w in &warnings {
                eprintln!("convene: warning: {}", strip(w));
            }
            let journal = session.journal_id();
            let ending = tui::run_live(session, warnings, options).context("the terminal failed")?;
            // A signal's code (128+n) says more than "not saved" (1), which was said on stderr.
            Ok(ending.exit_code().max(say_where(&dir, &journal)))
        }
        Some(Cmd::Follow { session }) => {
            let dir = store::resolve(session.as_deref())?;
            let follower = Follower::open(&dir)?;
            needs_terminal()?;
            let ending = tui::run_follow(follower, options()?).context("the terminal failed")?;
            Ok(ending.exit_code())
        }
        Some(Cmd::Export { session, format, out }) => {
            let dir = store::resolve(session.as_deref())?;
            let (written, warnings) = convene::export::run_cli(&dir, &format, out.as_deref())?;
            // As `resume` says them: the export went on without the damaged line.
            for w in &warnings {
                eprintln!("convene: warning: {}", strip(w));
            }
            for path in written {
                eprintln!("Wrote {}", shown(&path));
            }
            Ok(0)
        }
    }
}

/// Starts a new session of a pack and runs it.
fn run_pack(
    pack_dir: Option<&Path>,
    session_dir: Option<&Path>,
    options: StartOptions,
    attendees: Option<&Path>,
    look: tui::Options,
) -> Result<i32> {
    let files = match pack_dir {
        Some(dir) => PackFiles::read_dir(dir)?,
        None => PackFiles::builtin(),
    };
    let pack = match Pack::from_files(files) {
        Ok(pack) => pack,
        Err(PackError::Invalid { origin, problems }) => {
            for p in &problems {
                match pack_dir {
                    Some(dir) => eprintln!("{}", display_in(dir, p)),
                    None => eprintln!("{p}"),
                }
            }
            bail!(
                "{} problem(s) in {origin}; fix them (`convene validate` lists them) and try again",
                problems.len()
            );
        }
        Err(e) => return Err(e.into()),
    };
    needs_terminal()?;
    let now = chrono::Utc::now();
    let dir = match session_dir {
        Some(dir) => dir.to_path_buf(),
        None => store::new_session_dir(&pack.workshop.title, now),
    };
    // Read the attendee list before the session starts, so a missing file costs nothing.
    let people = match attendees {
        Some(file) => {
            let text = std::fs::read_to_string(file)
                .with_context(|| format!("cannot read the attendee list {}", file.display()))?;
            Some(convene::session::attendees::parse_attendees(&text, &pack.sectors))
        }
        None => None,
    };
    // The first item starts now: far from the planned start, the plan moves to now (and the
    // session journals the moved start), unless --start said which start to keep.
    let mut options = options;
    let mut look = look;
    let mut notices = Vec::new();
    if options.start.is_none() {
        let planned = pack.workshop.start;
        let local = now.with_timezone(&chrono::Local).time();
        if let Some(moved) = convene::session::schedule::moved_start(planned, local) {
            options.start = Some(moved);
            look.notice = Some(convene::session::schedule::moved_words(
                planned,
                moved,
                pack.programme.total_seconds(),
            ));
        }
    }
    let mut session = Session::create(&dir, pack, &options, now)?;
    let journal = session.journal_id();
    if let Some(w) = session.unguarded() {
        eprintln!("convene: warning: {}", strip(w));
    }
    if let Some((rows, problems)) = people {
        for p in &problems {
            eprintln!(
                "convene: {}: {}",
                attendees.map(shown).unwrap_or_default(),
                strip(&p.to_string())
            );
        }
        let loaded = rows.len();
        // One command, so the whole list reaches the journal in one write and one fsync.
        session.execute(&convene::session::Command::ImportAttendees { rows }, now)?;
        if !problems.is_empty() {
            notices.push(format!(
                "{loaded} attendees loaded; {} rows skipped (first: {})",
                problems.len(),
                problems[0]
            ));
        }
    }
    let ending = tui::run_live(session, notices, look).context("the terminal failed")?;
    Ok(ending.exit_code().max(say_where(&dir, &journal)))
}

/// Where the room opens: the address given, or with `--room` this computer's private
/// address, found now, so that a laptop on no network is told before the session starts.
fn room_at(room: bool, given: Option<RoomAddr>) -> Result<Option<RoomAddr>> {
    if given.is_some() || !room {
        return Ok(given);
    }
    let ip = convene::room_server::private_address()?;
    Ok(Some(RoomAddr { ip, port: None }))
}

fn needs_terminal() -> Result<()> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        bail!("convene runs full-screen and needs a terminal; run it in one (not through a pipe)");
    }
    Ok(())
}

/// After the app closes: the outcomes in every format beside the journal, and where to go on
/// (the exit code). Unless the session folder went while the app ran: then nothing after that
/// was saved, and that is said plainly, not "saved".
fn say_where(dir: &Path, journal: &JournalId) -> i32 {
    if let Err(e) = journal.check() {
        eprintln!(
            "convene: NOTHING WAS SAVED after this happened: {e}. The outcomes could not be written there. If you pressed W, they are in the folder you chose; if the session folder was only moved, everything before that is in it, and `convene export FOLDER` writes its outcomes."
        );
        return 1;
    }
    match convene::export::run_cli(dir, "all", None) {
        Ok((paths, _)) => {
            for path in paths {
                println!("Wrote {}", shown(&path));
            }
        }
        Err(e) => eprintln!(
            "convene: the outcomes were not written ({}); the journal is safe: try `convene export`",
            strip(&e.to_string())
        ),
    }
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let how = if dir.parent() == Some(store::sessions_dir().as_path()) {
        name
    } else {
        dir.display().to_string()
    };
    println!(
        "Saved in {}. To go on: convene resume {}",
        shown(dir),
        strip(&how)
    );
    0
}

fn validate(dir: Option<&Path>) -> Result<i32> {
    let files = match dir {
        Some(dir) => PackFiles::read_dir(dir)?,
        None => PackFiles::builtin(),
    };
    // The folder's name came from a person, the title from a file: both are cleaned.
    let origin = strip(&files.origin).into_owned();
    let mut out = std::io::stdout().lock();
    match Pack::from_files(files) {
        Ok(pack) => {
            let total = pack.programme.total_seconds();
            let start = pack.workshop.start;
            let end = start + chrono::TimeDelta::seconds(total as i64);
            writeln!(
                out,
                "{origin}: ok. \"{}\": {} programme items, {} min ({}–{}), {} slides, {} activities",
                clean_line(&pack.workshop.title),
                pack.programme.items.len(),
                total.div_ceil(60),
                start.format("%H:%M"),
                end.format("%H:%M"),
                pack.slides.len(),
                pack.activities.len(),
            )?;
            // Valid, but worth a look before the day: said, not refused.
            for advice in convene::pack::advice::timing_advice(&pack) {
                writeln!(out, "{origin}: note: {}", strip(&advice))?;
            }
            Ok(0)
        }
        Err(PackError::Invalid { problems, .. }) => {
            for p in &problems {
                match dir {
                    Some(dir) => writeln!(out, "{}", display_in(dir, p))?,
                    None => writeln!(out, "{}", strip(&p.to_string()))?,
                }
            }
            let n = problems.len();
            writeln!(out, "{n} problem{} in {origin}", if n == 1 { "" } else { "s" })?;
            Ok(1)
        }
        Err(e) => Err(e.into()),
    }
}

/// A problem as `path:line:column: message`, cleaned: a problem quotes the pack's text.
fn display_in(dir: &Path, p: &convene::pack::Problem) -> String {
    let line = format!(
        "{}:{}:{}: {}",
        dir.join(&p.file).display(),
        p.line,
        p.column,
        p.message
    );
    strip(&line).into_owned()
}

/// A path as convene prints it: its name came from a person or a folder listing.
fn shown(path: &Path) -> String {
    strip(&path.display().to_string()).into_owned()
}

fn new_pack(dir: &Path) -> Result<()> {
    if dir.exists() {
        let empty = dir.is_dir()
            && std::fs::read_dir(dir)
                .map(|mut d| d.next().is_none())
                .unwrap_or(false);
        if !empty {
            bail!(
                "{} already exists and is not empty; choose a new folder so nothing is overwritten",
                shown(dir)
            );
        }
    }
    let files = PackFiles::builtin();
    files
        .write_to(dir)
        .with_context(|| format!("cannot write the pack to {}", shown(dir)))?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "Wrote the built-in workshop pack to {}:", shown(dir))?;
    for name in files.files.keys() {
        writeln!(out, "  {name}")?;
    }
    writeln!(
        out,
        "Edit it, check it with `convene validate {0}`, and run it with `convene run {0}`.",
        shown(dir)
    )?;
    Ok(())
}

fn sessions() -> Result<()> {
    let list = store::list();
    let mut out = std::io::stdout().lock();
    if list.is_empty() {
        writeln!(
            out,
            "No sessions yet in {}. Start one with `convene`.",
            shown(&store::sessions_dir())
        )?;
        return Ok(());
    }
    writeln!(
        out,
        "{:<16}  {:>6}  {:<40}  SESSION",
        "STARTED", "EVENTS", "TITLE"
    )?;
    // A title from a journal (perhaps edited by hand), a folder's name, an error quoting
    // either: one line each, with nothing a terminal would run.
    for s in list {
        let name = clean_line(&s.name);
        let started = s
            .started_at
            .map(|t| {
                t.with_timezone(&chrono::Local)
                    .format("%Y-%m-%d %H:%M")
                    .to_string()
            })
            .unwrap_or_else(|| "?".to_string());
        match &s.problem {
            None => writeln!(
                out,
                "{started:<16}  {:>6}  {}  {}",
                s.events,
                convene::width::column(&clean_line(s.title.as_deref().unwrap_or("")), 40),
                name
            )?,
            Some(problem) => writeln!(
                out,
                "{started:<16}  {:>6}  {:<40}  {name}  ({})",
                "-",
                "(cannot be read)",
                clean_line(problem)
            )?,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_takes_a_venue_and_a_facilitator() {
        let cli = Cli::try_parse_from([
            "convene",
            "run",
            "--venue",
            "Birkenhead\tCentral Library ",
            "--facilitator",
            "Sam Jones",
        ])
        .unwrap();
        let Some(Cmd::Run {
            venue, facilitator, ..
        }) = cli.command
        else {
            panic!("not a run: {:?}", cli.command);
        };
        assert_eq!(venue.as_deref(), Some("Birkenhead Central Library"));
        assert_eq!(facilitator.as_deref(), Some("Sam Jones"));
        assert!(Cli::try_parse_from(["convene", "run", "--venue", " \t "]).is_err());
    }

    #[test]
    fn run_and_resume_take_the_room_and_its_address() {
        let cli =
            Cli::try_parse_from(["convene", "run", "PACK", "--room", "--room-addr", "127.0.0.1:0"]).unwrap();
        let Some(Cmd::Run { room, room_addr, .. }) = cli.command else {
            panic!("not a run: {:?}", cli.command);
        };
        assert!(room);
        assert_eq!(
            room_addr.map(|a| (a.ip.to_string(), a.port)),
            Some(("127.0.0.1".into(), Some(0)))
        );
        let cli = Cli::try_parse_from(["convene", "resume", "S", "--room"]).unwrap();
        assert!(matches!(
            cli.command,
            Some(Cmd::Resume {
                room: true,
                room_addr: None,
                ..
            })
        ));
        let wrong = Cli::try_parse_from(["convene", "run", "--room-addr", "my laptop"]).unwrap_err();
        assert!(wrong.to_string().contains("IP:PORT"), "{wrong}");
    }
}
