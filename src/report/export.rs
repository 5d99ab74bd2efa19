//! `--export-json`: the orchestration-context file in the seed bridge's export shape
//! (channels keyed by name), written atomically so readers never see half a file.

use std::io::Write;
use std::path::Path;

use serde_json::{json, Map, Value};

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

/// Writes `contents` to `path` via a temporary file in the same directory and a rename.
pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let file_name = path.file_name().ok_or_else(|| {
        std::io::Error::new(std::io::ErrorKind::InvalidInput, "path has no file name")
    })?;
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        file_name.to_string_lossy(),
        std::process::id()
    ));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(contents)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
