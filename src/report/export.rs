//! `--export-json`: the orchestration-context file in the seed bridge's export shape
//! (channels keyed by name), written atomically so readers never see half a file; and
//! the pair of files (JSON and HTML dashboard) that ChatOps `export` writes.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::{json, Map, Value};

use crate::history::ChannelSummary;
use crate::snapshot::Snapshot;

/// The export document.
pub fn context(s: &Snapshot) -> Value {
    let mut channels = Map::new();
    for c in &s.channels {
        let i = &c.eval.input;
        let d = &c.details;
        channels.insert(
            i.name.clone(),
            json!({
                "health": c.eval.health,
                "availability": i.availability,
                "mean_latency_ms": i.mean_latency_ms,
                "p95_latency_ms": d.p95_latency_ms,
                "trend": i.trend,
                "routing_priority": c.eval.routing_priority,
                "optional": i.optional,
                "baseline_alerts": i.baseline_alerts,
                "adaptive_alerts": d.adaptive_alerts,
                "baseline_warns": d.baseline_warns,
                "adaptive_warns": d.adaptive_warns,
                "spikes": d.spikes,
            }),
        );
    }
    json!({
        "timestamp": s.timestamp,
        "status": s.status,
        "overall_health": s.overall_health,
        "effective_availability": s.effective_availability,
        "channels": channels,
        "routing": {
            "primary": s.routing.recommended_primary,
            "fallback": s.routing.recommended_fallback,
            "fallback_channels": s.routing.fallback_channels,
            "mode": s.routing.mode,
            "reason": s.routing.reason,
        },
        "recovery": {
            "needed": s.recovery.should_trigger,
            "reason": s.recovery.reason,
            "recommended_actions": s.recovery.recommended_actions,
        },
        "monitoring_metrics_path": s.source.path,
    })
}

/// The export document as the file holds it: pretty JSON and a final newline.
pub fn context_body(s: &Snapshot) -> String {
    let mut body = serde_json::to_string_pretty(&context(s)).unwrap_or_default();
    body.push('\n');
    body
}

/// The two files of a dashboard export: the context JSON and the HTML page beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DashboardPaths {
    pub json: PathBuf,
    pub html: PathBuf,
}

/// The files one export path stands for: `ctx.json` → `ctx.json` + `ctx.html`,
/// `report.html` → `report.json` + `report.html`; any other name is the JSON file and
/// the page gets the `.html` extension.
pub fn dashboard_paths(path: &Path) -> DashboardPaths {
    let is_html = path
        .extension()
        .and_then(|x| x.to_str())
        .is_some_and(|x| x.eq_ignore_ascii_case("html") || x.eq_ignore_ascii_case("htm"));
    if is_html {
        DashboardPaths {
            json: path.with_extension("json"),
            html: path.to_path_buf(),
        }
    } else {
        DashboardPaths {
            json: path.to_path_buf(),
            html: path.with_extension("html"),
        }
    }
}

/// Writes both files of a dashboard export (ChatOps `export`): JSON first, then the page
/// (generated now). On failure, the path that could not be written and why.
pub fn write_dashboard(
    s: &Snapshot,
    paths: &DashboardPaths,
) -> Result<(), (PathBuf, std::io::Error)> {
    write_atomic(&paths.json, context_body(s).as_bytes()).map_err(|e| (paths.json.clone(), e))?;
    let page = super::html::Page::new(s, crate::snapshot::now_rfc3339());
    write_atomic(&paths.html, super::html::render(&page).as_bytes())
        .map_err(|e| (paths.html.clone(), e))
}

/// The export's `history` object: per channel over the last hour and the last 24 hours
/// (from `history::summary_at`), keyed like `channels`. Periods with no data are left out.
pub fn history(last_hour: &[ChannelSummary], last_day: &[ChannelSummary]) -> Value {
    let period = |rows: &[ChannelSummary]| {
        let mut m = Map::new();
        for r in rows {
            m.insert(
                r.channel.clone(),
                json!({
                    "availability": round2(r.availability),
                    "uptime": round2(r.uptime()),
                    "mean_latency_ms": r.mean_ms.map(round2),
                    "p95_latency_ms": r.p95_ms.map(round2),
                    "incidents": r.incidents,
                    "downtime_s": r.down_ms / 1000,
                    "worst_health": r.worst,
                    "ticks": r.ticks,
                }),
            );
        }
        Value::Object(m)
    };
    let mut out = Map::new();
    if !last_hour.is_empty() {
        out.insert("last_hour".into(), period(last_hour));
    }
    if !last_day.is_empty() {
        out.insert("last_24h".into(), period(last_day));
    }
    Value::Object(out)
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// Writes `contents` to `path` so that a reader sees the old file or the new one, never half.
///
/// The data goes to a temporary file with a random name, created exclusively (`O_EXCL`,
/// via `tempfile`) in the target's directory, then is fsync'd and renamed over `path`.
/// A predictable temp name would let anyone who can write to that directory plant a
/// symlink there and have the export overwrite some other file.
///
/// What is at `path` decides what happens:
/// - nothing, or a regular file: replaced (an existing file keeps its permission bits);
/// - a symlink: the link itself is replaced by a regular file, like `mv` would; the file
///   it pointed to is never opened or written;
/// - anything else (a directory, a device such as `/dev/null`, a FIFO, a socket): refused
///   with `InvalidInput`, because renaming over it would silently replace a device node
///   with a regular file and report success.
pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    use std::io::{Error, ErrorKind};
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if path.file_name().is_none() {
        return Err(Error::new(ErrorKind::InvalidInput, "path has no file name"));
    }
    // symlink_metadata: look at the link, not through it.
    let existing = match std::fs::symlink_metadata(path) {
        Ok(m) => Some(m),
        Err(e) if e.kind() == ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    if let Some(m) = &existing {
        let ft = m.file_type();
        if !(ft.is_file() || ft.is_symlink()) {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                "not a regular file (refusing to replace a directory, device, FIFO or socket)",
            ));
        }
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(".switchboard-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // tempfile creates 0600; an export is meant to be read by others, so use the
        // replaced file's bits, or the usual 0644 for a new file.
        let mode = match &existing {
            Some(m) if m.file_type().is_file() => m.permissions().mode() & 0o7777,
            _ => 0o644,
        };
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(contents)?;
    tmp.as_file().sync_all()?;
    // On error the temp file is removed when `tmp` drops (persist hands it back).
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{dashboard_paths, write_atomic};
    use std::path::Path;

    #[test]
    fn one_path_names_both_files() {
        let p = dashboard_paths(Path::new("/tmp/ctx.json"));
        assert_eq!(
            (p.json.as_path(), p.html.as_path()),
            (Path::new("/tmp/ctx.json"), Path::new("/tmp/ctx.html"))
        );
        let p = dashboard_paths(Path::new("out.HTML"));
        assert_eq!(
            (p.json.as_path(), p.html.as_path()),
            (Path::new("out.json"), Path::new("out.HTML"))
        );
        let p = dashboard_paths(Path::new("ctx"));
        assert_eq!(
            (p.json.as_path(), p.html.as_path()),
            (Path::new("ctx"), Path::new("ctx.html"))
        );
    }

    #[test]
    fn writes_new_and_replaces_existing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("out.json");
        write_atomic(&p, b"one").expect("first write");
        write_atomic(&p, b"two").expect("second write");
        assert_eq!(std::fs::read(&p).expect("read"), b"two");
        // Only the target remains: no temp file left behind.
        assert_eq!(std::fs::read_dir(dir.path()).expect("ls").count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_is_replaced_and_its_target_untouched() {
        let dir = tempfile::tempdir().expect("tempdir");
        let victim = dir.path().join("victim");
        std::fs::write(&victim, b"precious").expect("victim");
        let p = dir.path().join("out.json");
        std::os::unix::fs::symlink(&victim, &p).expect("symlink");
        write_atomic(&p, b"export").expect("write");
        assert_eq!(std::fs::read(&victim).expect("victim"), b"precious");
        let m = std::fs::symlink_metadata(&p).expect("meta");
        assert!(m.file_type().is_file());
        assert_eq!(std::fs::read(&p).expect("read"), b"export");
    }

    #[cfg(unix)]
    #[test]
    fn non_regular_targets_are_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let err = write_atomic(dir.path(), b"x").expect_err("a directory");
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
        let fifo = dir.path().join("fifo");
        let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).expect("cstr");
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let err = write_atomic(&fifo, b"x").expect_err("a FIFO");
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
        use std::os::unix::fs::FileTypeExt;
        assert!(std::fs::symlink_metadata(&fifo)
            .expect("meta")
            .file_type()
            .is_fifo());
        let err = write_atomic(std::path::Path::new("/dev/null"), b"x").expect_err("a device");
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
    }
}
