//! Silences given at run time (ChatOps: "Gateway 30분 점검", "silence Gateway for 30m"):
//! `silences.jsonl` in the state dir, one window a line, appended by whichever process
//! took the order (a console, a `--say`) and read by the executor that acts, which audits
//! each one as a `maintenance` window. A file rather than the audit log, because the
//! instance that takes the order is often not the one that holds the lock.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use serde_json::json;

use crate::domain::notice::Maintenance;
use crate::snapshot::{parse_rfc3339_ms, rfc3339_ms};

pub fn path(dir: &Path) -> PathBuf {
    dir.join(crate::base::state_dir::SILENCES)
}

/// Appends a silence of `channel` (every channel when `None`) until `until_ms`.
pub fn add(dir: &Path, channel: Option<&str>, until_ms: i64, by: &str) -> std::io::Result<()> {
    crate::base::state_dir::ensure_dir(dir)?;
    let line = json!({"channel": channel, "until": rfc3339_ms(until_ms), "by": by});
    let mut f = crate::base::state_dir::private_file()
        .create(true)
        .append(true)
        .open(path(dir))?;
    f.write_all(format!("{line}\n").as_bytes())?;
    f.sync_data()
}

/// The silences in the file that have not ended by `now_ms` (a missing or unreadable
/// file is none; a line that does not parse is skipped).
pub fn load(dir: &Path, now_ms: i64) -> Vec<Maintenance> {
    let Ok(f) = std::fs::File::open(path(dir)) else {
        return Vec::new();
    };
    if !f.metadata().is_ok_and(|m| m.is_file()) {
        return Vec::new();
    }
    std::io::BufReader::new(f)
        .lines()
        .take(10_000)
        .map_while(Result::ok)
        .filter_map(|l| {
            let v: serde_json::Value = serde_json::from_str(&l).ok()?;
            let end_ms = parse_rfc3339_ms(v["until"].as_str()?)?;
            Some(Maintenance {
                channel: v["channel"].as_str().map(str::to_string),
                start_ms: i64::MIN,
                end_ms,
                reason: format!("silenced by {}", v["by"].as_str().unwrap_or("operator")),
            })
        })
        .filter(|m| m.end_ms > now_ms)
        .collect()
}

/// When the file last changed (to read it again only then).
pub fn modified(dir: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(path(dir)).and_then(|m| m.modified()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn silences_are_appended_and_read_back_until_they_end() {
        let dir = tempfile::tempdir().unwrap();
        let now = 1_764_000_000_000;
        add(dir.path(), Some("Gateway"), now + 1_800_000, "say").unwrap();
        add(dir.path(), None, now - 1, "console").unwrap();
        let s = load(dir.path(), now);
        assert_eq!(s.len(), 1, "the ended one is gone: {s:?}");
        assert!(s[0].covers("Gateway", now) && !s[0].covers("Local", now));
        assert_eq!(s[0].reason, "silenced by say");
        assert!(load(&dir.path().join("nope"), now).is_empty());
    }
}
