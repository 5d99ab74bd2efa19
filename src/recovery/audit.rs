//! The audit log: `audit.jsonl` in the state dir, one JSON object a line, each written and
//! fsync'd before the step it records goes ahead, rotated by size. Reading it back at
//! start-up rebuilds what the executor must not forget across a restart or a `kill -9`:
//! escalated channels, failures in a row, the last attempt (cooldown), actions that
//! started and never ended, and the success rate and time to recovery.

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;

use crate::domain::audit::{AuditEvent, AuditLine};
use crate::snapshot::{parse_rfc3339_ms, RecoveryRecord};

/// Rotated files kept beside the live one (`audit.jsonl.1` … `.3`).
const KEEP_ROTATED: u32 = 3;
/// Records kept for views ("recent recoveries").
pub const RECENT: usize = 20;

/// The append-only writer.
pub struct AuditLog {
    path: PathBuf,
    file: File,
    size: u64,
    max_bytes: u64,
    /// The last append failed: the next one reopens the file first (the disk may have
    /// room again, or the file may have been moved or replaced meanwhile).
    failed: bool,
}

impl AuditLog {
    pub fn open(path: &Path, max_bytes: u64) -> std::io::Result<AuditLog> {
        let (file, size) = open_clean(path)?;
        Ok(AuditLog {
            path: path.to_path_buf(),
            file,
            size,
            max_bytes,
            failed: false,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one line (`ts` and `event` first) and waits until it is on disk.
    pub fn append(&mut self, line: &AuditLine) -> std::io::Result<()> {
        let mut line = line.to_json();
        line.push('\n');
        if self.failed {
            (self.file, self.size) = open_clean(&self.path)?;
        }
        let written = self.write_line(line.as_bytes());
        self.failed = written.is_err();
        if self.failed && self.file.metadata().is_ok_and(|m| m.is_file()) {
            // A full disk can take half a line: cut it off, so the next line starts on
            // a line of its own and every line still parses. Nothing cut was acknowledged.
            let _ = self.file.set_len(self.size);
        }
        written
    }

    fn write_line(&mut self, line: &[u8]) -> std::io::Result<()> {
        if self.size > 0 && self.size + line.len() as u64 > self.max_bytes {
            self.rotate()?;
        }
        // One write call per line: a crash leaves at most a torn last line, which the
        // reader skips and the next writer cuts off (`open_clean`).
        self.file.write_all(line)?;
        self.file.sync_data()?;
        self.size += line.len() as u64;
        Ok(())
    }

    fn rotate(&mut self) -> std::io::Result<()> {
        self.file.sync_all()?;
        for k in (1..KEEP_ROTATED).rev() {
            let from = rotated(&self.path, k);
            if from.exists() {
                std::fs::rename(&from, rotated(&self.path, k + 1))?;
            }
        }
        std::fs::rename(&self.path, rotated(&self.path, 1))?;
        self.file = open_append(&self.path)?;
        self.size = 0;
        if let Some(dir) = self.path.parent() {
            // The renames must survive a crash too.
            File::open(dir).and_then(|d| d.sync_all())?;
        }
        Ok(())
    }
}

/// Opens the log for appending and cuts off a torn last line (a crash in the middle of
/// a write), so the next line does not run into it; returns the file and its length.
fn open_clean(path: &Path) -> std::io::Result<(File, u64)> {
    let file = open_append(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() || meta.len() == 0 {
        return Ok((file, meta.len()));
    }
    let keep = complete_lines_len(&file, meta.len())?;
    if keep < meta.len() {
        file.set_len(keep)?;
        file.sync_data()?;
    }
    Ok((file, keep))
}

/// The length of the file up to and including its last newline.
fn complete_lines_len(file: &File, len: u64) -> std::io::Result<u64> {
    use std::os::unix::fs::FileExt;
    let mut end = len;
    let mut buf = [0u8; 4096];
    while end > 0 {
        let start = end.saturating_sub(buf.len() as u64);
        let chunk = &mut buf[..(end - start) as usize];
        file.read_exact_at(chunk, start)?;
        if let Some(i) = chunk.iter().rposition(|&b| b == b'\n') {
            return Ok(start + i as u64 + 1);
        }
        end = start;
    }
    Ok(0)
}

fn open_append(path: &Path) -> std::io::Result<File> {
    // Read too: `open_clean` looks for the last newline.
    crate::base::state_dir::open_private(
        crate::base::state_dir::private_file()
            .create(true)
            .read(true)
            .append(true),
        path,
    )
}

fn rotated(path: &Path, k: u32) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(format!(".{k}"));
    PathBuf::from(s)
}

/// An action that was started and never ended (the process died under it).
#[derive(Debug, Clone, PartialEq)]
pub struct OpenRun {
    pub run: String,
    pub channel: String,
    pub action: String,
    pub attempt: u64,
    pub started: String,
}

/// What the executor remembers of one channel.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChannelMemory {
    pub failures: u32,
    pub last_start_ms: Option<i64>,
    pub escalated_since_ms: Option<i64>,
}

/// What the log says of one route target, so a restart keeps its pacing: `min_interval`
/// counts from the last change written, and a failed change is not retried sooner.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RouteMemory {
    pub last_change_ms: Option<i64>,
    /// The last change's verification: whether it showed, and the target's words if not.
    pub verified: Option<bool>,
    pub last_failure_ms: Option<i64>,
    pub last_error: Option<String>,
}

/// Success rate and time to recovery over the log.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Stats {
    /// Attempts whose outcome is known (verified back, or failed).
    pub finished: u64,
    pub succeeded: u64,
    /// Sum of first-failure-to-healthy times of the verified recoveries of a channel that
    /// was down (a run by hand on a slow channel has no downtime to count).
    pub down_ms_total: i64,
    pub down_count: u64,
}

impl Stats {
    /// Percent of finished attempts that brought their channel back.
    pub fn success_rate(&self) -> Option<f64> {
        (self.finished > 0).then(|| self.succeeded as f64 * 100.0 / self.finished as f64)
    }

    /// Mean time from a channel's first failure to verified healthy, in seconds.
    pub fn mttr_s(&self) -> Option<f64> {
        (self.down_count > 0).then(|| self.down_ms_total as f64 / self.down_count as f64 / 1000.0)
    }
}

/// Everything read back from the log.
#[derive(Debug, Clone, Default)]
pub struct Memory {
    pub channels: FxHashMap<String, ChannelMemory>,
    /// Finished attempts per (channel, result: `success` or `failure`), for `/metrics`.
    pub attempts: std::collections::BTreeMap<(String, &'static str), u64>,
    /// When each channel was last verified back after an attempt (ms since the epoch).
    pub last_success_ms: std::collections::BTreeMap<String, i64>,
    pub open: Vec<OpenRun>,
    /// Per route target (not rehearsals).
    pub routes: std::collections::BTreeMap<String, RouteMemory>,
    pub recent: Vec<RecoveryRecord>,
    pub stats: Stats,
    /// Lines that did not parse (a torn last line after a crash).
    pub skipped: usize,
}

impl Memory {
    /// Reads the rotated files (oldest first) and then the live one; a missing log is
    /// an empty memory.
    pub fn load(path: &Path) -> std::io::Result<Memory> {
        let mut m = Memory::default();
        let mut open: Vec<OpenRun> = Vec::new();
        for k in (1..=KEEP_ROTATED).rev().map(Some).chain([None]) {
            let p = k.map_or_else(|| path.to_path_buf(), |k| rotated(path, k));
            // A link, device or FIFO in its place is refused: it would never end (or
            // never answer), or show someone else's file as ours.
            let file = match crate::base::state_dir::open_private(
                crate::base::state_dir::private_file().read(true),
                &p,
            ) {
                Ok(f) => f,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => {
                    return Err(std::io::Error::new(
                        e.kind(),
                        format!("{}: {}", p.display(), crate::base::input::io_reason(&e)),
                    ))
                }
            };
            for line in BufReader::new(file).split(b'\n') {
                match AuditLine::parse(&line?) {
                    Some(l) => m.apply(&l, &mut open),
                    None => m.skipped += 1,
                }
            }
        }
        m.open = open;
        Ok(m)
    }

    /// Folds one event into the memory (also used live, as events are written).
    pub fn apply(&mut self, line: &AuditLine, open: &mut Vec<OpenRun>) {
        let at_ms = parse_rfc3339_ms(&line.ts).unwrap_or_default();
        if line.dry_run {
            // A rehearsal is shown in the history, but what it did (failures, an
            // escalation, a cooldown) never gates the real executor.
            self.push_recent(line, at_ms);
            return;
        }
        match &line.event {
            AuditEvent::Trigger(e) => self.mem(&e.channel).last_start_ms = Some(at_ms),
            AuditEvent::ActionStart(e) => open.push(OpenRun {
                run: e.run.clone(),
                channel: e.channel.clone(),
                action: e.action.clone(),
                attempt: u64::from(e.attempt),
                started: line.ts.clone(),
            }),
            AuditEvent::ActionEnd(e) => {
                open.retain(|r| !(r.run == e.run && r.action == e.action));
                let counted = e.escalation.is_none() && e.daemon_fault.is_none();
                if !e.ok && !e.action.is_empty() && counted {
                    self.stats.finished += 1;
                    self.count(&e.channel, "failure");
                    self.mem(&e.channel).failures += 1;
                }
            }
            AuditEvent::Interrupted(e) => {
                // Recorded once: the run is no longer open for the next start to find.
                open.retain(|r| !(r.run == e.run && r.action == e.action));
                self.mem(&e.channel).failures += 1;
            }
            AuditEvent::Verify(e) => self.verified(&e.channel, e.ok, e.down_ms, at_ms),
            AuditEvent::Escalate(e) => self.mem(&e.channel).escalated_since_ms = Some(at_ms),
            AuditEvent::RouteApply(e) => {
                let r = self.routes.entry(e.target.clone()).or_default();
                r.last_change_ms = Some(at_ms);
                r.verified = None;
            }
            AuditEvent::RouteVerify(e) => {
                let r = self.routes.entry(e.target.clone()).or_default();
                r.verified = Some(e.ok);
                if !e.ok {
                    r.last_failure_ms = Some(at_ms);
                    r.last_error = e.error.clone();
                }
            }
            AuditEvent::Reset(e) => {
                let all = e.channel.is_empty();
                for (name, c) in self.channels.iter_mut() {
                    if all || *name == e.channel {
                        *c = ChannelMemory::default();
                    }
                }
            }
            _ => {}
        }
        self.push_recent(line, at_ms);
    }

    fn mem(&mut self, channel: &str) -> &mut ChannelMemory {
        self.channels.entry(channel.to_string()).or_default()
    }

    fn verified(&mut self, channel: &str, ok: bool, down_ms: Option<i64>, at_ms: i64) {
        self.stats.finished += 1;
        self.count(channel, if ok { "success" } else { "failure" });
        if !ok {
            self.mem(channel).failures += 1;
            return;
        }
        self.last_success_ms.insert(channel.to_string(), at_ms);
        self.stats.succeeded += 1;
        if let Some(down) = down_ms {
            self.stats.down_ms_total += down;
            self.stats.down_count += 1;
        }
        let m = self.mem(channel);
        *m = ChannelMemory {
            last_start_ms: m.last_start_ms,
            ..ChannelMemory::default()
        };
    }

    fn count(&mut self, channel: &str, result: &'static str) {
        *self
            .attempts
            .entry((channel.to_string(), result))
            .or_default() += 1;
    }

    /// Keeps the events an operator cares about (those with words to show) for views.
    fn push_recent(&mut self, line: &AuditLine, at_ms: i64) {
        if line.event.describe().is_none() {
            return;
        }
        if self.recent.len() == RECENT {
            self.recent.remove(0);
        }
        self.recent.push(RecoveryRecord {
            at_ms,
            channel: line.event.channel().to_string(),
            ok: line.event.ok(),
            dry_run: line.dry_run,
            event: line.event.clone(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn route_targets_remember_their_last_change_and_failure_but_not_rehearsals() {
        let lines = [
            r#"{"ts":"2026-12-02T10:00:00.000Z","event":"route_apply","target":"proxy","kind":"litellm","write":"api","from":["Cloud"],"to":["Local"],"orders":{"Local":1},"reason":"r","by":"auto","dry_run":false}"#,
            r#"{"ts":"2026-12-02T10:00:01.000Z","event":"route_verify","target":"proxy","ok":false,"ms":1000,"observed":["Cloud"],"error":"not verified within 1s"}"#,
            r#"{"ts":"2026-12-02T10:05:00.000Z","event":"route_apply","target":"proxy","kind":"litellm","write":"api","from":["Cloud"],"to":["Local"],"orders":{"Local":1},"reason":"r","by":"auto","dry_run":true}"#,
        ];
        let mut m = Memory::default();
        for l in lines {
            let line = AuditLine::parse(l.as_bytes()).expect(l);
            m.apply(&line, &mut Vec::new());
        }
        let r = &m.routes["proxy"];
        let at = |s: &str| parse_rfc3339_ms(s);
        assert_eq!(r.last_change_ms, at("2026-12-02T10:00:00.000Z"));
        assert_eq!(r.last_failure_ms, at("2026-12-02T10:00:01.000Z"));
        assert_eq!(r.verified, Some(false));
        assert_eq!(r.last_error.as_deref(), Some("not verified within 1s"));
    }

    #[cfg(unix)]
    #[test]
    fn an_audit_log_link_is_never_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let target = crate::base::state_dir::plant_link(dir.path(), "audit.jsonl");
        let path = dir.path().join("audit.jsonl");
        let e = AuditLog::open(&path, 1 << 20).err().expect("refused");
        assert!(e.to_string().contains("symbolic link"), "{e}");
        assert!(Memory::load(&path).is_err(), "not read through either");
        let text = std::fs::read_to_string(&target).unwrap();
        assert_eq!(text, crate::base::state_dir::PLANTED);
    }
    use serde_json::{json, Map, Value};

    fn fields(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(o) => o,
            _ => Map::new(),
        }
    }

    fn line(ts: &str, event: &str, mut o: Map<String, Value>) -> AuditLine {
        o.insert("ts".into(), ts.into());
        o.insert("event".into(), event.into());
        AuditLine::from_map(o).expect("an audit event")
    }

    #[test]
    fn lines_are_appended_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.jsonl");
        let mut log = AuditLog::open(&path, 1 << 20).unwrap();
        let ts = "2026-11-30T10:00:00Z";
        log.append(&line(
            ts,
            "trigger",
            fields(json!({"channel":"Gateway","attempt":1})),
        ))
        .unwrap();
        log.append(&line(
            ts,
            "action_start",
            fields(json!({"channel":"Gateway","action":"restart","attempt":1,"run":"r1"})),
        ))
        .unwrap();
        let m = Memory::load(&path).unwrap();
        assert_eq!(m.open.len(), 1, "started, never ended");
        assert_eq!(m.open[0].action, "restart");
        log.append(&line(ts, "action_end", fields(json!({"channel":"Gateway","action":"restart","attempt":1,"run":"r1","ok":true,"exit_code":0,"duration_ms":1200})))).unwrap();
        log.append(&line(
            "2026-11-30T10:00:09Z",
            "verify",
            fields(json!({"channel":"Gateway","attempt":1,"ok":true,"down_ms":9000})),
        ))
        .unwrap();
        let m = Memory::load(&path).unwrap();
        assert!(m.open.is_empty());
        assert_eq!(m.stats.success_rate(), Some(100.0));
        assert_eq!(m.stats.mttr_s(), Some(9.0));
        assert_eq!(m.attempts.get(&("Gateway".into(), "success")), Some(&1));
        assert_eq!(
            m.last_success_ms.get("Gateway").copied(),
            parse_rfc3339_ms("2026-11-30T10:00:09Z")
        );
        // A run by hand on a channel that was not down is a success without downtime.
        log.append(&line(
            "2026-11-30T10:01:00Z",
            "verify",
            fields(json!({"channel":"Gateway","attempt":1,"ok":true,"down_ms":null})),
        ))
        .unwrap();
        let m = Memory::load(&path).unwrap();
        assert_eq!(
            (m.stats.success_rate(), m.stats.mttr_s()),
            (Some(100.0), Some(9.0))
        );
        assert_eq!(m.channels["Gateway"].last_start_ms, parse_rfc3339_ms(ts));
        let texts: Vec<_> = m.recent.iter().map(|r| r.text()).collect();
        assert_eq!(
            texts,
            [
                "restart exit 0 in 1.2s",
                "back, 9s after its first failure",
                "back"
            ]
        );
        let text = std::fs::read_to_string(&path).unwrap();
        for line in text.lines() {
            let v: Value = serde_json::from_str(line).unwrap();
            assert!(v["ts"].is_string() && v["event"].is_string(), "{line}");
        }
    }

    #[test]
    fn escalation_and_failures_survive_and_reset_clears_them() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.jsonl");
        let mut log = AuditLog::open(&path, 1 << 20).unwrap();
        let ts = "2026-11-30T10:00:00Z";
        for _ in 0..2 {
            log.append(&line(
                ts,
                "verify",
                fields(json!({"channel":"A","ok":false})),
            ))
            .unwrap();
        }
        log.append(&line(
            ts,
            "escalate",
            fields(json!({"channel":"A","failures":2})),
        ))
        .unwrap();
        let m = Memory::load(&path).unwrap();
        assert_eq!(m.channels["A"].failures, 2);
        assert!(m.channels["A"].escalated_since_ms.is_some());
        assert_eq!(m.stats.success_rate(), Some(0.0));
        log.append(&line(ts, "reset", fields(json!({"channel":"A"}))))
            .unwrap();
        assert_eq!(
            Memory::load(&path).unwrap().channels["A"],
            ChannelMemory::default()
        );
    }

    /// A rehearsal (`--dry-run`) that reached escalation leaves nothing that gates a real
    /// run: no escalation, no failures, no cooldown; it still shows in the history.
    #[test]
    fn dry_run_events_never_gate_the_real_executor() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.jsonl");
        let mut log = AuditLog::open(&path, 1 << 20).unwrap();
        let ts = "2026-11-30T10:00:00Z";
        let dry = |v: Value| {
            let mut f = fields(v);
            f.insert("dry_run".into(), Value::Bool(true));
            f
        };
        log.append(&line(
            ts,
            "trigger",
            dry(json!({"channel":"A","attempt":1})),
        ))
        .unwrap();
        for _ in 0..3 {
            log.append(&line(ts, "verify", dry(json!({"channel":"A","ok":false}))))
                .unwrap();
        }
        log.append(&line(
            ts,
            "escalate",
            dry(json!({"channel":"A","failures":3})),
        ))
        .unwrap();
        let m = Memory::load(&path).unwrap();
        assert_eq!(
            m.channels.get("A").cloned().unwrap_or_default(),
            ChannelMemory::default()
        );
        assert_eq!(m.stats.success_rate(), None, "rehearsals are not counted");
        assert!(m.recent.iter().all(|r| r.dry_run) && m.recent.len() == 4);
    }

    #[test]
    fn rotation_keeps_every_line_readable_and_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.jsonl");
        let mut log = AuditLog::open(&path, 4096).unwrap();
        for i in 0..400 {
            log.append(&line(
                "2026-11-30T10:00:00Z",
                "auto",
                fields(json!({"on": i % 2 == 0})),
            ))
            .unwrap();
        }
        assert!(std::fs::metadata(&path).unwrap().len() <= 4096);
        assert!(rotated(&path, 3).exists());
        assert!(
            !rotated(&path, 4).exists(),
            "only three rotated files are kept"
        );
        assert_eq!(Memory::load(&path).unwrap().skipped, 0);
    }

    #[test]
    fn a_torn_last_line_is_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.jsonl");
        std::fs::write(&path, "{\"ts\":\"2026-11-30T10:00:00Z\",\"event\":\"trigger\",\"channel\":\"A\"}\n{\"ts\":\"20").unwrap();
        let m = Memory::load(&path).unwrap();
        assert_eq!(m.skipped, 1);
        assert!(m.channels["A"].last_start_ms.is_some());
    }

    /// A run recorded `interrupted` is closed: a second restart does not record it (and
    /// count its failure) again.
    #[test]
    fn an_interrupted_run_is_recorded_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.jsonl");
        let mut log = AuditLog::open(&path, 1 << 20).unwrap();
        let run = json!({"channel": "A", "action": "restart", "run": "r1", "attempt": 1});
        log.append(&line(
            "2026-11-30T10:00:00Z",
            "action_start",
            fields(run.clone()),
        ))
        .unwrap();
        let m = Memory::load(&path).unwrap();
        assert_eq!(m.open.len(), 1);
        log.append(&line("2026-11-30T10:00:05Z", "interrupted", fields(run)))
            .unwrap();
        let m = Memory::load(&path).unwrap();
        assert!(m.open.is_empty(), "{:?}", m.open);
        assert_eq!(m.channels["A"].failures, 1);
    }

    /// After a `kill -9` tore the last line, the next writer cuts it off: the line it
    /// appends parses instead of running into the fragment.
    #[test]
    fn the_next_writer_cuts_a_torn_line_off() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.jsonl");
        let whole = "{\"ts\":\"2026-11-30T10:00:00Z\",\"event\":\"trigger\",\"channel\":\"A\"}\n";
        let torn = "x".repeat(5000); // longer than one read from the end
        std::fs::write(&path, format!("{whole}{{\"ts\":\"20{torn}")).unwrap();
        let mut log = AuditLog::open(&path, 1 << 20).unwrap();
        log.append(&line(
            "2026-11-30T10:00:01Z",
            "escalate",
            fields(json!({"channel": "A"})),
        ))
        .unwrap();
        let m = Memory::load(&path).unwrap();
        assert_eq!(m.skipped, 0);
        assert!(m.channels["A"].escalated_since_ms.is_some());
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with(whole) && text.lines().count() == 2,
            "{text}"
        );
    }

    /// A write that fails (here: the open file is `/dev/full`, "no space left") is an
    /// error, and the next append opens the file afresh, so the log resumes once it can.
    #[test]
    fn a_failed_write_is_reported_and_the_log_resumes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.jsonl");
        std::os::unix::fs::symlink("/dev/full", &path).unwrap();
        let e = Memory::load(&path).expect_err("endless zeros are not read");
        assert_eq!(e.kind(), std::io::ErrorKind::InvalidInput);
        std::fs::remove_file(&path).unwrap();
        let mut log = AuditLog::open(&path, 1 << 20).unwrap();
        log.file = File::options().write(true).open("/dev/full").unwrap();
        let e = log
            .append(&line(
                "2026-11-30T10:00:00Z",
                "trigger",
                fields(json!({"channel": "A"})),
            ))
            .expect_err("a full device");
        assert_eq!(e.raw_os_error(), Some(libc::ENOSPC));
        assert_eq!(
            crate::base::fault::of_io(&e),
            Some(crate::base::fault::Kind::DiskFull)
        );
        log.append(&line(
            "2026-11-30T10:00:01Z",
            "trigger",
            fields(json!({"channel": "B"})),
        ))
        .expect("resumes");
        let m = Memory::load(&path).unwrap();
        assert_eq!((m.skipped, m.channels.len()), (0, 1));
        assert!(m.channels.contains_key("B"));
    }
}
