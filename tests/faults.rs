//! A disk that fills up in the middle of a workshop: the app says so at once, never
//! pretends a note was saved, keeps what was typed on screen, lets the facilitator write the
//! outcomes elsewhere, and carries on when the disk has room again. The session lives on a
//! small tmpfs mounted for the test, which needs root: the test is ignored by default, and
//! CI (as root) runs it with `--include-ignored`. A folder that turns read-only under an open file cannot be staged this way (the
//! kernel refuses to remount a busy filesystem), so that case is tested in the library
//! (`session::tests::a_journal_that_cannot_be_written_changes_nothing`).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Tmux, binary, quick_timer, status};
use convene::session::journal;

/// A small tmpfs, unmounted when dropped.
struct SmallDisk {
    dir: PathBuf,
}

impl SmallDisk {
    fn mount(dir: &Path, size: &str) -> SmallDisk {
        std::fs::create_dir_all(dir).unwrap();
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .status()
            .expect("mount runs");
        assert!(
            status.success(),
            "mounting a small tmpfs failed (it needs root: run this test as root)"
        );
        SmallDisk {
            dir: dir.to_path_buf(),
        }
    }

    /// Fills the disk until writes fail, with a file that can be removed again.
    fn fill(&self) -> PathBuf {
        let filler = self.dir.join("filler");
        let _ = Command::new("dd")
            .args(["if=/dev/zero", "bs=1k", "count=100000"])
            .arg(format!("of={}", filler.display()))
            .stderr(std::process::Stdio::null())
            .status();
        filler
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.dir).status();
    }
}

#[test]
#[ignore = "needs root"]
fn a_full_disk_loses_nothing_and_says_so() {
    let home = tempfile::tempdir().unwrap();
    let disk = SmallDisk::mount(&home.path().join("disk"), "512k");
    let bin = binary();
    let session = disk.dir.join("session");
    let env = [("CONVENE_HOME", home.path())];
    let tmux = Tmux::new("faults");
    let pack = quick_timer();
    tmux.start(
        "app",
        100,
        30,
        &env,
        &bin,
        &["run", pack, "--session", session.to_str().unwrap()],
    );
    tmux.wait("app", "the first activity", |s| s.contains("Ready"));
    // The warm-up board is the page after the timer.
    tmux.press("app", &["PageDown"], "the board", |s| s.contains("Notes (0)"));
    tmux.press("app", &["C-a"], "the capture line", |s| s.contains(" 0/280"));
    tmux.type_text("app", "Saved before the disk filled");
    tmux.press("app", &["Enter"], "the first note", |s| s.contains("Notes (1)"));

    // The disk fills up. The journal's last block may still have a little room, so notes
    // go on saving until it has none; then the next one is refused, said at once, and stays
    // in the capture line.
    let filler = disk.fill();
    let mut saved = vec!["Saved before the disk filled".to_string()];
    let refused = loop {
        let text = format!("Typed while the disk was full {}", saved.len());
        tmux.type_text("app", &text);
        // The draft is written at every key, so the banner may show while typing; only the
        // whole text in the capture line says every key was handled.
        let typed = format!("Note: {text}");
        tmux.wait("app", "the note typed", |s| s.contains(&typed));
        let count = format!("Notes ({})", saved.len() + 1);
        let screen = tmux.press("app", &["Enter"], "saved or refused", |s| {
            s.contains(&count) || status(s).contains("NOT SAVED")
        });
        if status(&screen).contains("NOT SAVED") {
            assert!(
                screen.contains("NOTHING NEW IS BEING SAVED"),
                "the banner:\n{screen}"
            );
            assert!(!screen.contains(&count), "not shown as saved:\n{screen}");
            assert!(screen.contains(&text), "still in the capture line:\n{screen}");
            break text;
        }
        saved.push(text);
        assert!(saved.len() < 40, "the full disk never refused a note");
    };

    // Write the outcomes elsewhere, from what is in memory.
    let elsewhere = home.path().join("rescue");
    tmux.press("app", &["Escape"], "the capture line closed", |s| {
        !s.contains("/280")
    });
    tmux.press("app", &["C-x"], "the folder form", |s| s.contains("folder"));
    tmux.press("app", &["C-u"], "the folder field emptied", |s| {
        !s.contains(session.to_str().unwrap())
    });
    tmux.type_text("app", elsewhere.to_str().unwrap());
    tmux.press("app", &["Enter"], "the outcomes written elsewhere", |s| {
        s.contains("Wrote 6 files in")
    });
    let json = std::fs::read_to_string(elsewhere.join("outcomes.json")).unwrap();
    assert!(json.contains("Saved before the disk filled") && !json.contains(&refused));

    // Room again: the draft comes back and saves; the warning goes.
    std::fs::remove_file(&filler).unwrap();
    tmux.press("app", &["C-a"], "the draft back in the capture line", |s| {
        s.contains(&refused)
    });
    saved.push(refused);
    let count = format!("Notes ({})", saved.len());
    tmux.press("app", &["Enter"], "the note saved", |s| {
        s.contains(&count) && !s.contains("NOTHING NEW IS BEING SAVED")
    });

    // The journal is whole: every saved note, no torn line, nothing that was refused twice.
    let replay = journal::read(&session.join("journal.jsonl")).unwrap();
    assert!(replay.warnings.is_empty(), "{:?}", replay.warnings);
    let texts: Vec<String> = replay
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            convene::session::EventKind::NoteAdded { text, .. } => Some(text.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(texts, saved);
    tmux.keys("app", &["C-q", "y"]);
}
