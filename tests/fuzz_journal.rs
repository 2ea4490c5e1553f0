use chrono::{TimeZone, Utc};
use convene::pack::Pack;
use convene::session::{Command, Session, StartOptions};
#[test]
fn zz_timing() {
    let t = std::time::Instant::now();
    let pack = Pack::builtin().unwrap();
    eprintln!("pack {:?}", t.elapsed());
    let tmp = tempfile::tempdir().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 1, 1, 9, 0, 0).unwrap();
    let t = std::time::Instant::now();
    let mut s = Session::create(&tmp.path().join("s"), pack, &StartOptions::default(), now).unwrap();
    eprintln!("create {:?}", t.elapsed());
    let t = std::time::Instant::now();
    for _ in 0..100 { s.execute(&Command::Blank(!s.state.blank), now).unwrap(); }
    eprintln!("100 executes {:?}", t.elapsed());
    let t = std::time::Instant::now();
    for _ in 0..10 { Session::load(&tmp.path().join("s")).unwrap(); }
    eprintln!("10 loads {:?}", t.elapsed());
}
