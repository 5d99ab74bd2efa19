//! The history database: open (WAL, migrations), write ticks in one transaction each
//! batch, downsample and expire old rows, and read back series, events and summaries.
//! Blocking (rusqlite): the writer runs it on its own thread, readers at start or on
//! request, never on the console's draw path.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{params, Connection, OpenFlags, OptionalExtension};
use rustc_hash::FxHashMap;

use super::schema;
use super::tick::Tick;
use super::HistoryError;
use crate::domain::change::Change;
use crate::domain::Health;

/// Raw ticks are kept this long, then merged into 1-minute buckets.
pub const RAW_MS: i64 = 2 * 3_600_000;
/// 1-minute buckets are kept this long, then merged into 10-minute buckets.
pub const MINUTE_MS: i64 = 24 * 3_600_000;
/// How long a writer waits for another connection's lock before saying so.
const BUSY: Duration = Duration::from_millis(250);

pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// What [`Store::trim`] did to keep the database within its bound.
#[derive(Debug, Clone, PartialEq)]
pub struct Trim {
    pub before_bytes: u64,
    pub after_bytes: u64,
    pub dropped_rows: u64,
    /// The oldest row left (`None`: none is).
    pub oldest_ms: Option<i64>,
}

/// One stored point of a channel's latency line.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub at_ms: i64,
    pub mean_ms: Option<f64>,
    pub health: Health,
    /// The window's availability then, percent.
    pub availability: f64,
}

/// What happened, in time order, for the events pane: the changes as they were
/// stored, shown by a restarted console in the words of a running one.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub at_ms: i64,
    pub change: Change,
}

impl Event {
    pub fn text(&self) -> String {
        self.change.text()
    }
}

/// One channel over a period.
#[derive(Debug, Clone, PartialEq)]
pub struct ChannelSummary {
    pub channel: String,
    /// Raw ticks the period holds (buckets count the ticks they merged).
    pub ticks: i64,
    /// Time covered by ticks, and of it the time OFFLINE.
    pub span_ms: i64,
    pub down_ms: i64,
    /// Probe success, tick-weighted mean of the window availability (percent).
    pub availability: f64,
    pub mean_ms: Option<f64>,
    /// The 95th percentile of the stored window p95s (tick-weighted).
    pub p95_ms: Option<f64>,
    pub worst: Health,
    /// Times it went OFFLINE in the period.
    pub incidents: i64,
}

impl ChannelSummary {
    /// Share of the covered time it was not OFFLINE, percent.
    pub fn uptime(&self) -> f64 {
        if self.span_ms <= 0 {
            return 100.0;
        }
        100.0 * (self.span_ms - self.down_ms) as f64 / self.span_ms as f64
    }
}

fn health(code: i64) -> Health {
    Health::ALL[code.clamp(0, 4) as usize]
}

fn code(h: Health) -> i64 {
    Health::ALL.iter().position(|x| *x == h).unwrap_or(4) as i64
}

fn parse_health(word: &str) -> Option<Health> {
    Health::ALL.into_iter().find(|h| h.as_str() == word)
}

impl Store {
    /// Opens (creating) the database for writing: WAL, migrated to this build's schema.
    pub fn open(path: &Path) -> Result<Store, HistoryError> {
        let e = |err| HistoryError::from_sqlite(path, err);
        create_private(path).map_err(|io| {
            HistoryError::new(format!(
                "cannot create {}: {}",
                path.display(),
                crate::base::input::io_reason(&io)
            ))
        })?;
        // A link planted in the state dir is never followed (SQLite's own NOFOLLOW).
        let flags = OpenFlags::default() | OpenFlags::SQLITE_OPEN_NOFOLLOW;
        let mut conn = Connection::open_with_flags(path, flags).map_err(e)?;
        conn.busy_timeout(BUSY).map_err(e)?;
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(()))
            .map_err(e)?;
        // WAL with NORMAL survives any process crash (kill -9); only a power loss can
        // cost the last transactions, never the file's integrity.
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(e)?;
        schema::migrate(&mut conn).map_err(e)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// Opens an existing database to read only (another instance writes it).
    pub fn open_read_only(path: &Path) -> Result<Store, HistoryError> {
        let e = |err| HistoryError::from_sqlite(path, err);
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_NOFOLLOW;
        let conn = Connection::open_with_flags(path, flags).map_err(e)?;
        conn.busy_timeout(BUSY).map_err(e)?;
        let v: i32 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(e)?;
        if v != schema::VERSION {
            return Err(HistoryError::new(format!(
                "schema version {v}, this build reads {}",
                schema::VERSION
            )));
        }
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn err(&self, e: rusqlite::Error) -> HistoryError {
        HistoryError::from_sqlite(&self.path, e)
    }

    /// Writes ticks in one transaction: all of them or none.
    pub fn write(&mut self, ticks: &[Tick]) -> Result<(), HistoryError> {
        self.write_all(ticks).map_err(|e| self.err(e))
    }

    fn write_all(&mut self, ticks: &[Tick]) -> rusqlite::Result<()> {
        let tx = self.conn.transaction()?;
        {
            let mut row = tx.prepare_cached(
                "INSERT OR REPLACE INTO ticks (ts, channel, tier, n, span_ms, down_ms, health,
                 availability, mean_ms, p95_ms, last_error) VALUES (?1,?2,0,1,?3,?4,?5,?6,?7,?8,?9)",
            )?;
            let mut tr = tx.prepare_cached(
                "INSERT INTO transitions (ts, channel, from_health, to_health, error)
                 VALUES (?1,?2,?3,?4,?5)",
            )?;
            let mut rt = tx.prepare_cached(
                "INSERT INTO routing (ts, primary_channel, fallback_channel, reason)
                 VALUES (?1,?2,?3,?4)",
            )?;
            let mut rec = tx.prepare_cached(
                "INSERT OR IGNORE INTO recovery (ts, channel, text, ok, dry_run)
                 VALUES (?1,?2,?3,?4,?5)",
            )?;
            let mut an =
                tx.prepare_cached("INSERT INTO anomalies (ts, channel, text) VALUES (?1,?2,?3)")?;
            for t in ticks {
                for c in &t.channels {
                    row.execute(params![
                        t.at_ms,
                        c.channel,
                        c.span_ms,
                        c.down_ms(),
                        code(c.health),
                        c.availability,
                        c.mean_ms,
                        c.p95_ms,
                        c.last_error
                    ])?;
                }
                for x in &t.transitions {
                    let from = x.from.map(|h| h.as_str());
                    tr.execute(params![t.at_ms, x.channel, from, x.to.as_str(), x.error])?;
                }
                if let Some(r) = &t.routing {
                    rt.execute(params![t.at_ms, r.primary, r.fallback, r.reason])?;
                }
                for r in &t.recovery {
                    rec.execute(params![r.at_ms, r.channel, r.text(), r.ok, r.dry_run])?;
                }
                for (channel, text) in &t.anomalies {
                    an.execute(params![t.at_ms, channel, text])?;
                }
            }
        }
        tx.commit()
    }

    /// Merges old raw ticks into 1-minute buckets and old 1-minute buckets into
    /// 10-minute ones, drops everything older than `retention_ms`, and gives the WAL
    /// back to the file system. One transaction; cheap when there is nothing to do.
    pub fn maintain(&mut self, now_ms: i64, retention_ms: i64) -> Result<(), HistoryError> {
        self.maintain_all(now_ms, retention_ms)
            .map_err(|e| self.err(e))
    }

    fn maintain_all(&mut self, now_ms: i64, retention_ms: i64) -> rusqlite::Result<()> {
        let tx = self.conn.transaction()?;
        merge(&tx, 1, 60_000, now_ms - RAW_MS)?;
        merge(&tx, 2, 600_000, now_ms - MINUTE_MS)?;
        let cut = now_ms - retention_ms;
        for table in ["ticks", "transitions", "routing", "recovery", "anomalies"] {
            tx.execute(&format!("DELETE FROM {table} WHERE ts < ?1"), [cut])?;
        }
        tx.commit()?;
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
    }

    /// Keeps the database's data within `max_bytes`: when it holds more, drops the oldest
    /// rows, coarsest tier first (10-minute buckets, then 1-minute ones, then raw ticks),
    /// down to nine tenths of the bound, and the events older than what is left. Freed
    /// pages are reused, so the file stays near the bound. `None` when it fitted.
    pub fn trim(&mut self, max_bytes: u64) -> Result<Option<Trim>, HistoryError> {
        self.trim_all(max_bytes).map_err(|e| self.err(e))
    }

    fn trim_all(&mut self, max_bytes: u64) -> rusqlite::Result<Option<Trim>> {
        let before = self.used_bytes()?;
        if before <= max_bytes {
            return Ok(None);
        }
        let target = max_bytes / 10 * 9;
        let mut dropped = 0;
        // Rows vary in size (errors, channel names): estimate, measure, again if short.
        for _ in 0..4 {
            let used = self.used_bytes()?;
            if used <= target {
                break;
            }
            let rows = self
                .conn
                .query_row("SELECT COUNT(*) FROM ticks", [], |r| r.get::<_, i64>(0))?
                .max(0) as u64;
            if rows == 0 {
                break;
            }
            let per_row = (used / rows).max(1);
            let want = ((used - target).div_ceil(per_row)).min(rows);
            dropped += self.drop_oldest(want)?;
        }
        let oldest_ms = self
            .conn
            .query_row("SELECT MIN(ts) FROM ticks", [], |r| r.get(0))?;
        Ok(Some(Trim {
            before_bytes: before,
            after_bytes: self.used_bytes()?,
            dropped_rows: dropped,
            oldest_ms,
        }))
    }

    /// Deletes `want` tick rows, coarsest tier first and oldest first within a tier, and
    /// the events older than the oldest row left. Returns the rows deleted.
    fn drop_oldest(&mut self, mut want: u64) -> rusqlite::Result<u64> {
        let tx = self.conn.transaction()?;
        let mut dropped = 0;
        for tier in [2, 1, 0] {
            if want == 0 {
                break;
            }
            let n = tx
                .query_row("SELECT COUNT(*) FROM ticks WHERE tier = ?1", [tier], |r| {
                    r.get::<_, i64>(0)
                })?
                .max(0) as u64;
            if n <= want {
                dropped += tx.execute("DELETE FROM ticks WHERE tier = ?1", [tier])? as u64;
                want -= n;
                continue;
            }
            // Rows of one time stand together: up to the time of the `want`-th row.
            let cut: i64 = tx.query_row(
                "SELECT ts FROM ticks WHERE tier = ?1 ORDER BY ts LIMIT 1 OFFSET ?2",
                params![tier, want as i64 - 1],
                |r| r.get(0),
            )?;
            dropped += tx.execute(
                "DELETE FROM ticks WHERE tier = ?1 AND ts <= ?2",
                params![tier, cut],
            )? as u64;
            break;
        }
        let oldest: Option<i64> = tx.query_row("SELECT MIN(ts) FROM ticks", [], |r| r.get(0))?;
        if let Some(cut) = oldest {
            for table in ["transitions", "routing", "recovery", "anomalies"] {
                tx.execute(&format!("DELETE FROM {table} WHERE ts < ?1"), [cut])?;
            }
        }
        tx.commit()?;
        Ok(dropped)
    }

    /// Bytes of the database's pages in use (free pages excluded: SQLite reuses them).
    pub fn used_bytes(&self) -> rusqlite::Result<u64> {
        let pragma = |name: &str| -> rusqlite::Result<u64> {
            self.conn
                .query_row(&format!("PRAGMA {name}"), [], |r| r.get::<_, i64>(0))
                .map(|v| v.max(0) as u64)
        };
        let pages = pragma("page_count")?.saturating_sub(pragma("freelist_count")?);
        Ok(pages * pragma("page_size")?)
    }

    /// Each channel's latest health (within the newest hour), so a restart does not
    /// record a transition for a channel that did not change.
    pub fn last_health(&self) -> Result<FxHashMap<String, Health>, HistoryError> {
        let q = "SELECT channel, health, MAX(ts) FROM ticks
                 WHERE ts >= (SELECT MAX(ts) FROM ticks) - 3600000 GROUP BY channel";
        self.collect(q, [], |r| Ok((r.get::<_, String>(0)?, health(r.get(1)?))))
            .map(|v| v.into_iter().collect())
    }

    /// The newest recovery event stored (0 when none).
    pub fn last_recovery_ms(&self) -> Result<i64, HistoryError> {
        self.conn
            .query_row("SELECT MAX(ts) FROM recovery", [], |r| {
                r.get::<_, Option<i64>>(0)
            })
            .optional()
            .map(|v| v.flatten().unwrap_or(0))
            .map_err(|e| self.err(e))
    }

    /// The newest tick's time, if any.
    pub fn last_tick_ms(&self) -> Result<Option<i64>, HistoryError> {
        self.conn
            .query_row("SELECT MAX(ts) FROM ticks", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    /// Every channel's points since `since_ms`, oldest first.
    pub fn series(&self, since_ms: i64) -> Result<FxHashMap<String, Vec<Point>>, HistoryError> {
        let q = "SELECT channel, ts, mean_ms, health, availability FROM ticks WHERE ts >= ?1 ORDER BY ts";
        let rows = self.collect(q, [since_ms], |r| {
            Ok((
                r.get::<_, String>(0)?,
                Point {
                    at_ms: r.get(1)?,
                    mean_ms: r.get(2)?,
                    health: health(r.get(3)?),
                    availability: r.get(4)?,
                },
            ))
        })?;
        let mut out: FxHashMap<String, Vec<Point>> = FxHashMap::default();
        for (ch, p) in rows {
            out.entry(ch).or_default().push(p);
        }
        Ok(out)
    }

    /// When the channel's current outage began, if its newest health transitions (up to
    /// a day back) took it down (POOR or OFFLINE) and nothing has brought it back since:
    /// the time of the first of them.
    pub fn outage_since(&self, channel: &str, now_ms: i64) -> Result<Option<i64>, HistoryError> {
        let rows = self.collect(
            "SELECT ts, to_health FROM transitions WHERE channel = ?1 AND ts >= ?2 \
             ORDER BY ts DESC LIMIT 50",
            rusqlite::params![channel, now_ms - 86_400_000],
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)),
        )?;
        let mut since = None;
        for (ts, to) in rows {
            if !parse_health(&to).is_some_and(Health::is_down) {
                break;
            }
            since = Some(ts);
        }
        Ok(since)
    }

    /// Transitions, routing changes, recovery events and anomalies since `since_ms`,
    /// oldest first, as the changes they were (older databases hold the same rows).
    pub fn events(&self, since_ms: i64) -> Result<Vec<Event>, HistoryError> {
        let mut out = self
            .collect(
                "SELECT ts, channel, from_health, to_health, error FROM transitions WHERE ts >= ?1",
                [since_ms],
                |r| {
                    let (from, to): (Option<String>, String) = (r.get(2)?, r.get(3)?);
                    let (from, error) = (from.as_deref().and_then(parse_health), r.get(4)?);
                    let Some(to) = parse_health(&to) else {
                        return Ok(None);
                    };
                    let change = match (from, &error) {
                        // A down channel that answers again is stored without an error
                        // (one still failing always has one): it was back.
                        (Some(from), None) if from.is_down() && to.is_down() => Change::Back {
                            channel: r.get(1)?,
                            from,
                            to,
                        },
                        _ => Change::Health {
                            channel: r.get(1)?,
                            from,
                            to,
                            error,
                        },
                    };
                    Ok(Some(Event {
                        at_ms: r.get(0)?,
                        change,
                    }))
                },
            )?
            .into_iter()
            .flatten()
            .collect::<Vec<_>>();
        out.extend(self.routing_events(since_ms)?);
        out.extend(self.collect(
            "SELECT ts, channel, text, ok FROM recovery WHERE ts >= ?1",
            [since_ms],
            |r| {
                Ok(Event {
                    at_ms: r.get(0)?,
                    change: Change::Recorded {
                        channel: r.get(1)?,
                        text: r.get(2)?,
                        ok: r.get(3)?,
                    },
                })
            },
        )?);
        out.extend(self.collect(
            "SELECT ts, channel, text FROM anomalies WHERE ts >= ?1",
            [since_ms],
            |r| {
                Ok(Event {
                    at_ms: r.get(0)?,
                    change: Change::Anomaly {
                        channel: r.get(1)?,
                        text: r.get(2)?,
                    },
                })
            },
        )?);
        out.sort_by_key(|e| e.at_ms);
        Ok(out)
    }

    /// Routing rows as the changes they record: the primary moved (from the row
    /// before), or only the fallback did.
    fn routing_events(&self, since_ms: i64) -> Result<Vec<Event>, HistoryError> {
        type Row = (i64, Option<String>, Option<String>, String);
        let before: Vec<Row> = self.collect(
            "SELECT ts, primary_channel, fallback_channel, reason FROM routing \
             WHERE ts < ?1 ORDER BY ts DESC LIMIT 1",
            [since_ms],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?;
        let rows: Vec<Row> = self.collect(
            "SELECT ts, primary_channel, fallback_channel, reason FROM routing \
             WHERE ts >= ?1 ORDER BY ts",
            [since_ms],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?;
        let mut last = before.into_iter().next().map(|r| (r.1, r.2));
        let mut out = Vec::with_capacity(rows.len());
        for (at_ms, primary, fallback, reason) in rows {
            let change = match &last {
                Some((p, f)) if *p == primary => Change::Fallback {
                    from: f.clone(),
                    to: fallback.clone(),
                },
                was => Change::Primary {
                    from: was.as_ref().and_then(|w| w.0.clone()),
                    to: primary.clone(),
                    fallback: fallback.clone(),
                    reason,
                },
            };
            last = Some((primary, fallback));
            out.push(Event { at_ms, change });
        }
        Ok(out)
    }

    /// Per channel over `[since_ms, until_ms)`, in name order.
    pub fn summary(
        &self,
        since_ms: i64,
        until_ms: i64,
    ) -> Result<Vec<ChannelSummary>, HistoryError> {
        let incidents: FxHashMap<String, i64> = self
            .collect(
                "SELECT channel, COUNT(*) FROM transitions
                 WHERE ts >= ?1 AND ts < ?2 AND to_health = 'OFFLINE' GROUP BY channel",
                [since_ms, until_ms],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?
            .into_iter()
            .collect();
        let mut p95s: FxHashMap<String, Vec<(f64, i64)>> = FxHashMap::default();
        for (ch, p, n) in self.collect(
            "SELECT channel, p95_ms, n FROM ticks
             WHERE ts >= ?1 AND ts < ?2 AND p95_ms IS NOT NULL",
            [since_ms, until_ms],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, f64>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            },
        )? {
            p95s.entry(ch).or_default().push((p, n));
        }
        self.collect(
            "SELECT channel, SUM(n), SUM(span_ms), SUM(down_ms), SUM(availability * n) / SUM(n),
                    SUM(mean_ms * n) / SUM(CASE WHEN mean_ms IS NOT NULL THEN n END), MAX(health)
             FROM ticks WHERE ts >= ?1 AND ts < ?2 GROUP BY channel ORDER BY channel",
            [since_ms, until_ms],
            |r| {
                let channel: String = r.get(0)?;
                Ok(ChannelSummary {
                    ticks: r.get(1)?,
                    span_ms: r.get(2)?,
                    down_ms: r.get(3)?,
                    availability: r.get(4)?,
                    mean_ms: r.get(5)?,
                    p95_ms: p95s.get_mut(&channel).and_then(|v| weighted_p95(v)),
                    worst: health(r.get(6)?),
                    incidents: incidents.get(&channel).copied().unwrap_or(0),
                    channel,
                })
            },
        )
    }

    fn collect<T, P: rusqlite::Params>(
        &self,
        sql: &str,
        p: P,
        f: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>, HistoryError> {
        let run = || -> rusqlite::Result<Vec<T>> {
            let mut st = self.conn.prepare_cached(sql)?;
            let rows = st.query_map(p, f)?;
            rows.collect()
        };
        run().map_err(|e| self.err(e))
    }

    /// Pages in the file (test hook for the full-disk tests).
    #[cfg(test)]
    pub(crate) fn page_count(&self) -> i64 {
        self.conn
            .query_row("PRAGMA page_count", [], |r| r.get(0))
            .unwrap_or(0)
    }

    /// Test hook: caps the file at `pages` pages, so that writes fail as on a full disk.
    #[cfg(test)]
    pub(crate) fn set_max_pages(&self, pages: i64) {
        let _ = self
            .conn
            .query_row(&format!("PRAGMA max_page_count = {pages}"), [], |_| Ok(()));
    }

    /// `PRAGMA integrity_check`'s answer (`ok` when sound).
    pub fn integrity(&self) -> Result<String, HistoryError> {
        self.conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }
}

/// Creates the file with mode 0600 when it does not exist: it holds channel names and
/// errors, like the audit log (SQLite gives its WAL and shm files the same mode).
fn create_private(path: &Path) -> std::io::Result<()> {
    match crate::base::state_dir::private_file()
        .write(true)
        .create_new(true)
        .open(path)
    {
        // A symlink in its place is "already there" here; SQLite then refuses it.
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

/// Merges rows of a lower tier older than `cut` into buckets of `bucket_ms` at `tier`.
/// A bucket that already exists (a late row) is combined with it, weights kept.
fn merge(
    tx: &rusqlite::Transaction<'_>,
    tier: i64,
    bucket_ms: i64,
    cut: i64,
) -> rusqlite::Result<()> {
    let cut = cut.div_euclid(bucket_ms) * bucket_ms;
    tx.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS merged AS SELECT * FROM ticks WHERE 0;
         DELETE FROM temp.merged;",
    )?;
    let moved = tx.execute(
        "INSERT INTO temp.merged (ts, channel, tier, n, span_ms, down_ms, health, availability,
                                  mean_ms, p95_ms, last_error)
         SELECT (ts / ?2) * ?2, channel, ?1, SUM(n), SUM(span_ms), SUM(down_ms), MAX(health),
                SUM(availability * n) / SUM(n),
                SUM(mean_ms * n) / SUM(CASE WHEN mean_ms IS NOT NULL THEN n END),
                MAX(p95_ms), MAX(last_error)
         FROM ticks WHERE tier < ?1 AND ts < ?3 GROUP BY channel, ts / ?2",
        params![tier, bucket_ms, cut],
    )?;
    if moved == 0 {
        return Ok(());
    }
    tx.execute(
        "DELETE FROM ticks WHERE tier < ?1 AND ts < ?2",
        params![tier, cut],
    )?;
    tx.execute_batch(
        "INSERT INTO ticks SELECT * FROM temp.merged WHERE 1
         ON CONFLICT (ts, channel) DO UPDATE SET
           availability = (availability * n + excluded.availability * excluded.n)
                          / (n + excluded.n),
           mean_ms = CASE WHEN mean_ms IS NULL THEN excluded.mean_ms
                          WHEN excluded.mean_ms IS NULL THEN mean_ms
                          ELSE (mean_ms * n + excluded.mean_ms * excluded.n) / (n + excluded.n) END,
           p95_ms = MAX(COALESCE(p95_ms, excluded.p95_ms), COALESCE(excluded.p95_ms, p95_ms)),
           health = MAX(health, excluded.health),
           last_error = COALESCE(excluded.last_error, last_error),
           n = n + excluded.n,
           span_ms = span_ms + excluded.span_ms,
           down_ms = down_ms + excluded.down_ms,
           tier = MAX(tier, excluded.tier);",
    )
}

/// The value below which 95 % of the weight lies.
fn weighted_p95(v: &mut [(f64, i64)]) -> Option<f64> {
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total: i64 = v.iter().map(|x| x.1).sum();
    let want = (total as f64 * 0.95).ceil() as i64;
    let mut seen = 0;
    for (p, n) in v.iter() {
        seen += n;
        if seen >= want {
            return Some(*p);
        }
    }
    v.last().map(|x| x.0)
}

#[cfg(test)]
#[path = "store_tests.rs"]
mod tests;
