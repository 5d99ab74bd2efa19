//! The history database's schema and its migrations. `PRAGMA user_version` says which
//! version a file has; `migrate` brings any older file up to `VERSION` in one
//! transaction, so a crash mid-migration leaves the old version intact.

use rusqlite::Connection;

/// The schema this build writes.
pub const VERSION: i32 = 3;

/// Version 1, as the first build wrote it: one row per channel per tick, the health as a
/// word, and health transitions. Kept verbatim: migration 1→2 starts from it.
pub const V1: &str = "
CREATE TABLE ticks (
    ts INTEGER NOT NULL,
    channel TEXT NOT NULL,
    health TEXT NOT NULL,
    availability REAL NOT NULL,
    mean_ms REAL,
    up INTEGER NOT NULL,
    PRIMARY KEY (ts, channel)
) WITHOUT ROWID;
CREATE TABLE transitions (
    ts INTEGER NOT NULL,
    channel TEXT NOT NULL,
    from_health TEXT,
    to_health TEXT NOT NULL
);
";

/// 1→2: ticks gain p95, the last error, how long they stand for (`span_ms`, `down_ms`,
/// so that downsampled buckets still add up to real downtime), how many raw ticks they
/// merge (`n`) and their tier; the health becomes its rank (0 EXCELLENT … 4 OFFLINE) so
/// a bucket keeps the worst with `MAX`. Routing changes and recovery events get tables.
const V1_TO_V2: &str = "
CREATE TABLE ticks2 (
    ts INTEGER NOT NULL,
    channel TEXT NOT NULL,
    tier INTEGER NOT NULL DEFAULT 0,
    n INTEGER NOT NULL DEFAULT 1,
    span_ms INTEGER NOT NULL,
    down_ms INTEGER NOT NULL,
    health INTEGER NOT NULL,
    availability REAL NOT NULL,
    mean_ms REAL,
    p95_ms REAL,
    last_error TEXT,
    PRIMARY KEY (ts, channel)
) WITHOUT ROWID;
INSERT INTO ticks2 (ts, channel, span_ms, down_ms, health, availability, mean_ms)
    SELECT ts, channel, 5000, CASE WHEN up THEN 0 ELSE 5000 END,
           CASE health WHEN 'EXCELLENT' THEN 0 WHEN 'GOOD' THEN 1 WHEN 'DEGRADED' THEN 2
                       WHEN 'POOR' THEN 3 ELSE 4 END,
           availability, mean_ms
    FROM ticks;
DROP TABLE ticks;
ALTER TABLE ticks2 RENAME TO ticks;
ALTER TABLE transitions ADD COLUMN error TEXT;
CREATE INDEX transitions_ts ON transitions (ts);
CREATE TABLE routing (
    ts INTEGER NOT NULL,
    primary_channel TEXT,
    fallback_channel TEXT,
    reason TEXT NOT NULL
);
CREATE INDEX routing_ts ON routing (ts);
CREATE TABLE recovery (
    ts INTEGER NOT NULL,
    channel TEXT NOT NULL,
    text TEXT NOT NULL,
    ok INTEGER NOT NULL,
    dry_run INTEGER NOT NULL,
    UNIQUE (ts, channel, text)
);
";

/// 2→3: anomalies of the channels' latency (one row per incident, when it began), with
/// the sentence that explained it.
const V2_TO_V3: &str = "
CREATE TABLE anomalies (
    ts INTEGER NOT NULL,
    channel TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX anomalies_ts ON anomalies (ts);
";

/// `MIGRATIONS[v]` takes a database from version `v` to `v + 1`.
const MIGRATIONS: [&str; VERSION as usize] = [V1, V1_TO_V2, V2_TO_V3];

/// Brings the database up to `VERSION`. A file from a newer build is refused rather
/// than written in a shape that build would not read.
pub fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    let have: i32 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if have > VERSION {
        return Err(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_MISMATCH),
            Some(format!(
                "schema version {have} is newer than this build's {VERSION}"
            )),
        ));
    }
    if have == VERSION {
        return Ok(());
    }
    let tx = conn.transaction()?;
    for step in &MIGRATIONS[have.max(0) as usize..] {
        tx.execute_batch(step)?;
    }
    tx.pragma_update(None, "user_version", VERSION)?;
    tx.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// ts, health rank, down_ms, mean, p95.
    type Row = (i64, i64, i64, Option<f64>, Option<f64>);

    fn version(c: &Connection) -> i32 {
        c.pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn a_version_1_file_is_migrated_and_keeps_its_rows() {
        let mut c = Connection::open_in_memory().unwrap();
        c.execute_batch(V1).unwrap();
        c.execute_batch(
            "PRAGMA user_version = 1;
             INSERT INTO ticks VALUES (1000, 'cloud', 'POOR', 62.5, 840.0, 1);
             INSERT INTO ticks VALUES (6000, 'cloud', 'OFFLINE', 0.0, NULL, 0);
             INSERT INTO transitions VALUES (6000, 'cloud', 'POOR', 'OFFLINE');",
        )
        .unwrap();
        migrate(&mut c).unwrap();
        assert_eq!(version(&c), VERSION);
        let rows: Vec<Row> = c
            .prepare("SELECT ts, health, down_ms, mean_ms, p95_ms FROM ticks ORDER BY ts")
            .unwrap()
            .query_map([], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(
            rows,
            vec![(1000, 3, 0, Some(840.0), None), (6000, 4, 5000, None, None)]
        );
        let to: String = c
            .query_row("SELECT to_health FROM transitions", [], |r| r.get(0))
            .unwrap();
        assert_eq!(to, "OFFLINE");
        c.execute("INSERT INTO routing VALUES (1, 'a', NULL, 'why')", [])
            .unwrap();
        c.execute(
            "INSERT INTO anomalies VALUES (1, 'a', 'a: 900 ms is rare')",
            [],
        )
        .unwrap();
        migrate(&mut c).unwrap();
        assert_eq!(version(&c), VERSION, "migrating twice is a no-op");
    }

    #[test]
    fn a_file_from_a_newer_build_is_refused() {
        let mut c = Connection::open_in_memory().unwrap();
        c.pragma_update(None, "user_version", VERSION + 1).unwrap();
        let e = migrate(&mut c).unwrap_err().to_string();
        assert!(e.contains("newer"), "{e}");
    }
}
