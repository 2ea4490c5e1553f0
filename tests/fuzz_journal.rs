use chrono::{TimeZone, Utc};
use convene::pack::Pack;
use convene::session::{Session, StartOptions};

fn probe(extra: &[&str]) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("s");
    let now = Utc.with_ymd_and_hms(2026, 1, 1, 9, 0, 0).unwrap();
    drop(Session::create(&dir, Pack::builtin().unwrap(), &StartOptions::default(), now).unwrap());
    let path = dir.join("journal.jsonl");
    let mut text = std::fs::read_to_string(&path).unwrap();
    for (i, e) in extra.iter().enumerate() {
        text.push_str(&format!(
            "{{\"seq\":{},\"at\":\"2026-01-01T09:00:00Z\",{e}}}\n",
            i + 2
        ));
    }
    std::fs::write(&path, text).unwrap();
    let r = std::panic::catch_unwind(|| Session::load(&dir).map(|(_, s, _)| s.events));
    println!(
        "{extra:?} => {:?}",
        r.map_err(|e| e
            .downcast_ref::<String>()
            .cloned()
            .or(e.downcast_ref::<&str>().map(|s| s.to_string())))
    );
}

#[test]
fn zz_probe() {
    probe(&[r#""type":"phase_adjusted","activity":"ideas","phase":18446744073709551615,"seconds":1"#]);
    probe(&[
        r#""type":"phase_adjusted","activity":"ideas","phase":0,"seconds":9223372036854775807"#,
        r#""type":"phase_adjusted","activity":"ideas","phase":0,"seconds":9223372036854775807"#,
    ]);
    probe(&[
        r#""type":"phase_changed","activity":"ideas","phase":0,"elapsed_ms":9223372036854775807"#,
        r#""type":"timer_started","activity":"ideas""#,
    ]);
    probe(&[
        r#""type":"attendee_added","attendee":"p1","name":"x","organisation":"","sector":"nhs""#,
        r#""type":"note_added","note":"n1","board":"ideas","category":"skills","text":"x""#,
        r#""type":"voted","target":"n1","delta":1"#,
        r#""type":"voted","target":"n1","delta":9223372036854775807"#,
    ]);
    probe(&[
        r#""type":"note_added","note":"n1","board":"ideas","category":"skills","text":"x""#,
        r#""type":"voted","target":"n1","delta":-9223372036854775808"#,
    ]);
}
#[test]
fn zz_probe_alloc() {
    probe(&[r#""type":"phase_adjusted","activity":"ideas","phase":1000000000000,"seconds":1"#]);
}
