//! Store tests: write and read back, downsampling tiers, retention, summaries, and the
//! failures the header reports (locked, full, corrupt).

use super::*;
use crate::history::tick::tests::{monitor, round};
use crate::history::tick::Tracker;

const MIN: i64 = 60_000;
const HOUR: i64 = 60 * MIN;
/// 2026-11-24T00:00:00Z, a round number of hours.
const T0: i64 = 1_795_478_400_000;

fn temp() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("history.sqlite")).unwrap();
    (dir, store)
}

/// `hours` of 5 s rounds of channels a (always fine) and b (down during `b_down`).
fn fill(store: &mut Store, from: i64, hours: i64, b_down: std::ops::Range<i64>) -> i64 {
    let mut m = monitor(&["a", "b"]);
    let mut t = Tracker::default();
    let mut batch = Vec::new();
    let mut at = from;
    let mut rounds = 0;
    while at < from + hours * HOUR {
        rounds += 1;
        let b = if b_down.contains(&at) {
            None
        } else {
            Some(300.0)
        };
        let s = round(&mut m, rounds, at, &[("a", Some(100.0)), ("b", b)]);
        batch.extend(t.tick(&s));
        if batch.len() == 720 {
            store.write(&batch).unwrap();
            batch.clear();
        }
        at += 5_000;
    }
    store.write(&batch).unwrap();
    at
}

fn count(store: &Store, sql: &str) -> i64 {
    store.conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn ticks_are_read_back_as_series_events_and_summaries() {
    let (_d, mut store) = temp();
    let end = fill(&mut store, T0, 1, T0 + 10 * MIN..T0 + 20 * MIN);
    let series = store.series(T0).unwrap();
    assert_eq!(series["a"].len(), 720);
    assert_eq!(series["a"][0].mean_ms, Some(100.0));
    let events = store.events(T0).unwrap();
    let texts: Vec<String> = events.iter().map(|e| e.text()).collect();
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("b ") && t.contains("→ OFFLINE")),
        "{texts:?}"
    );
    assert!(
        texts.iter().any(|t| t.starts_with("primary none → a")),
        "{texts:?}"
    );
    let sum = store.summary(T0, end).unwrap();
    let b = sum.iter().find(|s| s.channel == "b").unwrap();
    assert_eq!(b.incidents, 1);
    assert_eq!(b.ticks, 720);
    // Down from the third failed round (anti-flap) until the first good one after.
    assert!((8 * MIN..=10 * MIN).contains(&b.down_ms), "{}", b.down_ms);
    assert!(b.uptime() > 80.0 && b.uptime() < 90.0, "{}", b.uptime());
    let a = sum.iter().find(|s| s.channel == "a").unwrap();
    assert_eq!(
        (a.availability, a.mean_ms, a.p95_ms),
        (100.0, Some(100.0), Some(100.0))
    );
    assert_eq!((a.incidents, a.down_ms), (0, 0));
}

#[test]
fn old_ticks_are_merged_into_minute_then_ten_minute_buckets() {
    let (_d, mut store) = temp();
    let end = fill(&mut store, T0, 27, T0..T0 + 30 * MIN);
    let before = store.summary(T0, end).unwrap();
    store.maintain(end, 7 * 24 * HOUR).unwrap();
    let tier =
        |s: &Store, t: i64| count(s, &format!("SELECT COUNT(*) FROM ticks WHERE tier = {t}"));
    // Raw: the last 2 h (per channel 1440 rows); minutes: 2 h to 24 h; ten minutes: older.
    assert_eq!(tier(&store, 0), 2 * 1440);
    assert_eq!(tier(&store, 1), 2 * 22 * 60);
    assert_eq!(tier(&store, 2), 2 * 3 * 6);
    let after = store.summary(T0, end).unwrap();
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(
            (b.ticks, b.span_ms, b.down_ms),
            (a.ticks, a.span_ms, a.down_ms)
        );
        assert_eq!(b.incidents, a.incidents);
        assert!((b.availability - a.availability).abs() < 1e-6);
        assert_eq!(b.worst, a.worst, "a bucket keeps the worst health");
    }
    store.maintain(end, 7 * 24 * HOUR).unwrap();
    assert_eq!(
        tier(&store, 2),
        2 * 3 * 6,
        "maintaining twice changes nothing"
    );
}

#[test]
fn a_late_row_joins_its_existing_bucket() {
    let (_d, mut store) = temp();
    let end = fill(&mut store, T0, 3, 0..0);
    store.maintain(end, 7 * 24 * HOUR).unwrap();
    let n = |s: &Store| {
        count(
            s,
            &format!("SELECT n FROM ticks WHERE channel='a' AND ts={T0}"),
        )
    };
    assert_eq!(n(&store), 12);
    let mut m = monitor(&["a"]);
    let mut late = Tracker::default().tick(&round(&mut m, 1, T0 + 1, &[("a", Some(900.0))]));
    late.as_mut().unwrap().routing = None;
    store.write(&[late.unwrap()]).unwrap();
    store.maintain(end, 7 * 24 * HOUR).unwrap();
    assert_eq!(n(&store), 13);
    let mean: f64 = store
        .conn
        .query_row(
            &format!("SELECT mean_ms FROM ticks WHERE channel='a' AND ts={T0}"),
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        (mean - (12.0 * 100.0 + 900.0) / 13.0).abs() < 1e-6,
        "{mean}"
    );
}

#[test]
fn rows_past_retention_are_deleted() {
    let (_d, mut store) = temp();
    let end = fill(&mut store, T0, 3, T0..T0 + MIN);
    store.maintain(end, HOUR).unwrap();
    assert_eq!(
        count(
            &store,
            &format!("SELECT COUNT(*) FROM ticks WHERE ts < {}", end - HOUR)
        ),
        0
    );
    assert_eq!(count(&store, "SELECT COUNT(*) FROM transitions"), 0);
    assert!(count(&store, "SELECT COUNT(*) FROM ticks") > 0);
}

#[test]
fn a_locked_database_is_reported_as_locked() {
    let (d, mut store) = temp();
    let other = rusqlite::Connection::open(d.path().join("history.sqlite")).unwrap();
    other.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let e = fill_err(&mut store);
    assert_eq!(e.reason, "database is locked");
    other.execute_batch("COMMIT").unwrap();
    fill(&mut store, T0, 1, 0..0);
}

fn fill_err(store: &mut Store) -> HistoryError {
    let mut m = monitor(&["a"]);
    let t = Tracker::default().tick(&round(&mut m, 1, T0, &[("a", Some(1.0))]));
    store.write(&[t.unwrap()]).unwrap_err()
}

#[test]
fn a_full_disk_is_reported_and_writing_resumes_with_space() {
    let (_d, mut store) = temp();
    let pages = count(&store, "PRAGMA page_count");
    store.set_max_pages(pages + 2);
    let mut m = monitor(&["a"]);
    let mut t = Tracker::default();
    let mut failed = None;
    for i in 1..2000 {
        let tick = t.tick(&round(&mut m, i, T0 + i as i64 * 5000, &[("a", Some(1.0))]));
        if let Err(e) = store.write(&[tick.unwrap()]) {
            failed = Some(e);
            break;
        }
    }
    assert_eq!(failed.expect("the cap is reached").reason, "disk full");
    store.set_max_pages(1_000_000);
    let tick = t.tick(&round(&mut m, 5000, T0 + HOUR, &[("a", Some(1.0))]));
    store.write(&[tick.unwrap()]).expect("space is back");
    assert_eq!(store.integrity().unwrap(), "ok");
}

#[test]
fn a_file_that_is_not_a_database_is_reported_as_corrupt() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite");
    std::fs::write(&path, vec![0x5a; 8192]).unwrap();
    let e = Store::open(&path).err().expect("not a database");
    assert!(e.reason.starts_with("database is corrupt"), "{}", e.reason);
}

#[test]
fn the_weighted_p95_is_the_value_below_which_95_percent_lie() {
    let mut v: Vec<(f64, i64)> = (1..=100).map(|i| (i as f64, 1)).collect();
    assert_eq!(weighted_p95(&mut v), Some(95.0));
    let mut v = vec![(10.0, 96), (1000.0, 4)];
    assert_eq!(weighted_p95(&mut v), Some(10.0));
    assert_eq!(weighted_p95(&mut []), None);
}

#[cfg(unix)]
#[test]
fn the_database_is_private_to_its_owner() {
    use std::os::unix::fs::PermissionsExt;
    let (d, _store) = temp();
    let mode = std::fs::metadata(d.path().join("history.sqlite"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
}

/// A latency anomaly is written the round it begins, once per incident, and read back
/// among the events with the sentence that explained it.
#[test]
fn an_anomaly_is_stored_once_and_read_back_as_an_event() {
    let (_d, mut store) = temp();
    let mut m = monitor(&["a"]);
    let mut t = Tracker::default();
    let mut batch = Vec::new();
    for k in 0..80u32 {
        let latency = match k {
            60..=62 => 2_000.0,
            _ => 100.0 + f64::from(k % 5),
        };
        let at = T0 + 5_000 * i64::from(k);
        let s = round(&mut m, u64::from(k) + 1, at, &[("a", Some(latency))]);
        batch.extend(t.tick(&s));
    }
    store.write(&batch).unwrap();
    assert_eq!(count(&store, "SELECT COUNT(*) FROM anomalies"), 1);
    let anomalies: Vec<Event> = store
        .events(T0)
        .unwrap()
        .into_iter()
        .filter(|e| matches!(e.change, Change::Anomaly { .. }))
        .collect();
    assert_eq!(anomalies.len(), 1, "{anomalies:?}");
    assert_eq!(anomalies[0].at_ms, T0 + 5_000 * 60);
    let Change::Anomaly { channel, text } = &anomalies[0].change else {
        unreachable!("filtered above")
    };
    assert_eq!(channel, "a");
    assert!(text.starts_with("a: 2000 ms is rarer than 1 in"), "{text}");
}

/// A restarted console reads, from the database, the lines a running one showed: the
/// transitions and routing changes come back as the changes they were.
#[test]
fn the_events_pane_reads_the_same_after_a_restart() {
    use crate::tui::events::EventLog;
    let (_d, mut store) = temp();
    let mut m = monitor(&["a", "b"]);
    let mut t = Tracker::default();
    let mut live = EventLog::default();
    let mut prev = None;
    let mut batch = Vec::new();
    for k in 0..40_u32 {
        let at = T0 + 5_000 * i64::from(k);
        let b = (!(10..30).contains(&k)).then_some(300.0);
        let s = round(
            &mut m,
            u64::from(k) + 1,
            at,
            &[("a", Some(100.0)), ("b", b)],
        );
        batch.extend(t.tick(&s));
        if let Some(p) = &prev {
            live.record(p, &s, at);
        }
        prev = Some(s);
    }
    store.write(&batch).unwrap();
    let mut replayed = EventLog::default();
    for e in store.events(T0).unwrap() {
        replayed.push_change(e.at_ms, &e.change);
    }
    let lines = |log: &EventLog| -> Vec<String> {
        let mut v: Vec<String> = log
            .entries
            .iter()
            .rev()
            .map(|e| e.text.clone())
            .filter(|t| t.starts_with("b ") || t.starts_with("b:"))
            .collect();
        v.dedup();
        v
    };
    let shown = lines(&live);
    assert!(shown.iter().any(|l| l.contains("→ OFFLINE")), "{shown:?}");
    // History also says how a channel started unhealthy, which the running console's
    // first-data line summarised; from there on the lines are the same.
    let replayed = lines(&replayed);
    assert_eq!(replayed[0], "b DEGRADED");
    assert_eq!(replayed[1..], shown[..]);
}

#[test]
fn a_database_within_its_bound_is_not_trimmed() {
    let (_d, mut store) = temp();
    let end = fill(&mut store, T0, 3, 0..0);
    store.maintain(end, 7 * 24 * HOUR).unwrap();
    let used = store.used_bytes().unwrap();
    assert_eq!(store.trim(used).unwrap(), None);
    assert_eq!(store.used_bytes().unwrap(), used);
}

/// Over the bound, the coarsest and oldest rows go first — 10-minute buckets, then
/// 1-minute ones, raw ticks last — down to nine tenths of it, with the events older
/// than what is left.
#[test]
fn over_its_bound_the_oldest_tiers_are_trimmed_first() {
    let (_d, mut store) = temp();
    let end = fill(&mut store, T0, 27, T0..T0 + 30 * MIN);
    store.maintain(end, 7 * 24 * HOUR).unwrap();
    let tier =
        |s: &Store, t: i64| count(s, &format!("SELECT COUNT(*) FROM ticks WHERE tier = {t}"));
    assert_eq!((tier(&store, 1), tier(&store, 2)), (2 * 22 * 60, 2 * 3 * 6));
    assert!(count(&store, "SELECT COUNT(*) FROM transitions") > 0);
    let used = store.used_bytes().unwrap();
    let max = used / 10 * 7;
    let t = store.trim(max).unwrap().expect("over the bound");
    assert_eq!(t.before_bytes, used);
    assert!(t.after_bytes <= max, "{} > {max}", t.after_bytes);
    assert_eq!(tier(&store, 2), 0, "10-minute buckets first");
    let minutes = tier(&store, 1);
    assert!(
        minutes > 0 && minutes < 2 * 22 * 60,
        "then minutes: {minutes}"
    );
    assert_eq!(tier(&store, 0), 2 * 1440, "raw ticks kept");
    let oldest = count(&store, "SELECT MIN(ts) FROM ticks");
    assert_eq!(t.oldest_ms, Some(oldest));
    assert_eq!(
        count(&store, "SELECT COUNT(*) FROM transitions"),
        0,
        "the outage's events went with its rows"
    );
    assert_eq!(
        t.dropped_rows as i64,
        2 * 3 * 6 + (2 * 22 * 60 - minutes),
        "{t:?}"
    );
    // Within the bound again: the next maintenance leaves it alone.
    assert_eq!(store.trim(max).unwrap(), None);
}
