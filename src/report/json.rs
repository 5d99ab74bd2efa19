//! The `--format json` object (docs/json.md, schema docs/snapshot.schema.json): a superset of the seed bridge's stdout JSON.

use serde::Serialize;

use crate::domain::{Health, Num, Overall, Recovery, Routing, Status, Trend};
use crate::snapshot::{ChannelView, Snapshot, SourceInfo};

#[derive(Serialize)]
struct SnapshotJson<'a> {
    timestamp: &'a str,
    status: Status,
    overall_health: &'a Overall,
    effective_availability: Num,
    channels: Vec<ChannelJson<'a>>,
    routing: &'a Routing,
    recovery: &'a Recovery,
    source: SourceJson<'a>,
}

#[derive(Serialize)]
struct ChannelJson<'a> {
    name: &'a str,
    health: Health,
    availability: Num,
    mean_latency_ms: Num,
    p95_latency_ms: Option<Num>,
    trend: &'a Trend,
    routing_priority: u8,
    optional: bool,
    baseline_alerts: Num,
    #[serde(skip_serializing_if = "Option::is_none")]
    spikes: Option<Num>,
    #[serde(skip_serializing_if = "Option::is_none")]
    adaptive_alerts: Option<Num>,
}

#[derive(Serialize)]
struct SourceJson<'a> {
    kind: &'a str,
    path: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    skipped: Option<usize>,
}

impl<'a> From<&'a ChannelView> for ChannelJson<'a> {
    fn from(c: &'a ChannelView) -> Self {
        let i = &c.eval.input;
        ChannelJson {
            name: &i.name,
            health: c.eval.health,
            availability: i.availability,
            mean_latency_ms: i.mean_latency_ms,
            p95_latency_ms: c.details.p95_latency_ms,
            trend: &i.trend,
            routing_priority: c.eval.routing_priority,
            optional: i.optional,
            baseline_alerts: i.baseline_alerts,
            spikes: c.details.spikes,
            adaptive_alerts: c.details.adaptive_alerts,
        }
    }
}

impl<'a> From<&'a SourceInfo> for SourceJson<'a> {
    fn from(s: &'a SourceInfo) -> Self {
        SourceJson {
            kind: s.kind,
            path: s.path.as_deref(),
            skipped: s.skipped,
        }
    }
}

/// The snapshot as a JSON value (for embedding in other documents).
pub fn to_value(s: &Snapshot) -> serde_json::Value {
    serde_json::to_value(view(s)).unwrap_or(serde_json::Value::Null)
}

/// The snapshot as pretty JSON text, as printed by `--snapshot --format json`.
pub fn to_string(s: &Snapshot) -> String {
    // Serializing plain structs of strings and finite numbers cannot fail.
    serde_json::to_string_pretty(&view(s)).unwrap_or_default()
}

/// One line of JSON (for JSONL streams such as `--replay`).
pub fn to_line(s: &Snapshot) -> String {
    serde_json::to_string(&view(s)).unwrap_or_default()
}

/// Writes one JSON line straight into `w` (no intermediate string; replay writes
/// megabytes per tick).
pub fn write_line(w: &mut impl std::io::Write, s: &Snapshot) -> std::io::Result<()> {
    serde_json::to_writer(&mut *w, &view(s)).map_err(std::io::Error::from)?;
    w.write_all(b"\n")
}

fn view(s: &Snapshot) -> SnapshotJson<'_> {
    SnapshotJson {
        timestamp: &s.timestamp,
        status: s.status,
        overall_health: &s.overall_health,
        effective_availability: s.effective_availability,
        channels: s.channels.iter().map(ChannelJson::from).collect(),
        routing: &s.routing,
        recovery: &s.recovery,
        source: (&s.source).into(),
    }
}

/// The stdout object for an input that could not be evaluated.
pub fn error_object(message: &str) -> String {
    serde_json::json!({ "status": "UNKNOWN", "error": message }).to_string()
}
