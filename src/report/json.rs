//! The `--format json` object (docs/json.md, schema docs/snapshot.schema.json): a superset of the seed bridge's stdout JSON.

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::domain::guard::RecoveryState;
use crate::domain::{Health, Num, Overall, Recovery, Routing, Status, Trend};
use crate::snapshot::{ChannelView, ExecutorView, Snapshot, SourceInfo};

#[derive(Serialize)]
struct SnapshotJson<'a> {
    timestamp: &'a str,
    status: Status,
    overall_health: &'a Overall,
    effective_availability: Num,
    channels: Vec<ChannelJson<'a>>,
    routing: RoutingJson<'a>,
    recovery: RecoveryJson<'a>,
    source: SourceJson<'a>,
}

/// The routing decision, and where a route-apply runner runs, its targets.
#[derive(Serialize)]
struct RoutingJson<'a> {
    #[serde(flatten)]
    decision: &'a Routing,
    #[serde(skip_serializing_if = "Option::is_none")]
    targets: Option<Vec<TargetJson<'a>>>,
}

/// `routing.targets[]`: one route target as the runner last saw it.
#[derive(Serialize)]
struct TargetJson<'a> {
    name: &'a str,
    kind: &'a str,
    state: &'a str,
    order: &'a [String],
    last_change: Option<String>,
    verified: bool,
    last_error: Option<&'a str>,
}

impl<'a> RoutingJson<'a> {
    fn of(s: &'a Snapshot) -> Self {
        RoutingJson {
            decision: &s.routing,
            targets: s.routes.as_deref().map(|r| {
                r.targets
                    .iter()
                    .map(|t| TargetJson {
                        name: &t.name,
                        kind: t.kind,
                        state: t.state,
                        order: &t.order,
                        last_change: t.last_change_ms.map(crate::snapshot::rfc3339_ms),
                        verified: t.verified,
                        last_error: t.last_error.as_deref(),
                    })
                    .collect()
            }),
        }
    }
}

/// The recovery decision plus what the executor is doing (`auto` false and no rates
/// where there is none, as for a metrics file).
#[derive(Serialize)]
struct RecoveryJson<'a> {
    #[serde(flatten)]
    decision: &'a Recovery,
    auto: bool,
    success_rate: Option<f64>,
    mttr_s: Option<f64>,
    escalated: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    executor: Option<ExecutorJson<'a>>,
}

#[derive(Serialize)]
struct ExecutorJson<'a> {
    dry_run: bool,
    read_only: Option<&'a str>,
    audit_path: Option<&'a str>,
    problem: Option<&'a str>,
    recent: Vec<RecordJson<'a>>,
}

#[derive(Serialize)]
struct RecordJson<'a> {
    ts: String,
    channel: &'a str,
    text: String,
    ok: bool,
    dry_run: bool,
}

impl<'a> RecoveryJson<'a> {
    fn of(s: &'a Snapshot) -> Self {
        let x = s.executor.as_deref();
        RecoveryJson {
            decision: &s.recovery,
            auto: x.is_some_and(|x| x.auto),
            success_rate: x.and_then(|x| x.success_rate).map(round1),
            mttr_s: x.and_then(|x| x.mttr_s).map(round1),
            escalated: x.map_or(Vec::new(), ExecutorView::escalated),
            executor: x.map(|x| ExecutorJson {
                dry_run: x.dry_run,
                read_only: x.read_only.as_deref(),
                audit_path: x.audit_path.as_deref(),
                problem: x.problem.as_deref(),
                recent: x
                    .recent
                    .iter()
                    .map(|r| RecordJson {
                        ts: crate::snapshot::rfc3339_ms(r.at_ms),
                        channel: &r.channel,
                        text: r.text(),
                        ok: r.ok,
                        dry_run: r.dry_run,
                    })
                    .collect(),
            }),
        }
    }
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

#[derive(Serialize)]
struct ChannelJson<'a> {
    name: &'a str,
    health: Health,
    availability: Num,
    /// `null` for a live channel with no successful probe in the window (the legacy 999
    /// is what the rules judged with, not a measurement); files keep their number.
    mean_latency_ms: Option<Num>,
    p95_latency_ms: Option<Num>,
    trend: &'a Trend,
    routing_priority: u8,
    optional: bool,
    baseline_alerts: Num,
    #[serde(skip_serializing_if = "Option::is_none")]
    spikes: Option<Num>,
    #[serde(skip_serializing_if = "Option::is_none")]
    adaptive_alerts: Option<Num>,
    /// Where an executor runs (live sources): its state for this channel.
    #[serde(skip_serializing_if = "Option::is_none")]
    recovery_state: Option<RecoveryState>,
    // Live and replay only (absent for files): why a channel is failing. Absent rather
    // than null when there is nothing to say: replay writes these for every channel of
    // every tick, and a fleet's healthy channels would otherwise be mostly nulls.
    #[serde(skip_serializing_if = "Option::is_none")]
    last_error: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_error_age_s: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    down_since: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    consecutive_failures: Option<u32>,
    /// While the channel is in a `[[maintenance]]` window: when it ends.
    #[serde(skip_serializing_if = "Option::is_none")]
    maintenance_until: Option<String>,
    /// Present (true) only while a channel is back from an outage its window still holds.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    recovering: bool,
    // Config (or replay record) metadata: absent when not set, so files stay unchanged.
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cost_per_1k_tokens: Option<f64>,
    // Live and replay: present on every channel (`null` until enough data).
    #[serde(skip_serializing_if = "Option::is_none")]
    forecast_latency_ms: Option<Option<f64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    anomaly: Option<bool>,
    // Live and replay, only while the forecast heads for a worse health.
    #[serde(skip_serializing_if = "Option::is_none")]
    predicted_health: Option<Health>,
    #[serde(skip_serializing_if = "Option::is_none")]
    predicted_in_s: Option<f64>,
}

#[derive(Serialize)]
struct SourceJson<'a> {
    kind: &'a str,
    path: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    skipped: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
}

impl<'a> ChannelJson<'a> {
    /// `states`: the executor's recovery state by channel name, when there is one.
    fn of(
        c: &'a ChannelView,
        executor: Option<&ExecutorView>,
        states: Option<&FxHashMap<&str, RecoveryState>>,
    ) -> Self {
        let i = &c.eval.input;
        let recovery_state =
            states.map(|m| m.get(c.name()).copied().unwrap_or(RecoveryState::Idle));
        let d = &c.details;
        let observed = d.observed;
        let age = |at: i64| d.at_ms.map(|now| round1((now - at).max(0) as f64 / 1000.0));
        ChannelJson {
            name: &i.name,
            health: c.eval.health,
            availability: i.availability,
            mean_latency_ms: (!c.details.no_latency).then_some(i.mean_latency_ms),
            p95_latency_ms: c.details.p95_latency_ms,
            trend: &i.trend,
            routing_priority: c.eval.routing_priority,
            optional: i.optional,
            baseline_alerts: i.baseline_alerts,
            spikes: c.details.spikes,
            adaptive_alerts: c.details.adaptive_alerts,
            recovery_state,
            last_error: d.last_error.as_deref().filter(|_| observed),
            last_error_age_s: d.last_error_at_ms.and_then(age).filter(|_| observed),
            down_since: d
                .down_since_ms
                .filter(|_| observed)
                .map(crate::snapshot::rfc3339_ms),
            consecutive_failures: observed.then_some(d.consecutive_failures),
            recovering: observed && d.recovering,
            maintenance_until: executor
                .and_then(|x| x.maintenance_until(c.name()))
                .map(crate::snapshot::rfc3339_ms),
            region: d.region.as_deref(),
            cost_per_1k_tokens: d.cost_per_1k_tokens,
            forecast_latency_ms: d.forecast.map(|f| f.latency_ms),
            anomaly: d.forecast.map(|f| f.anomaly),
            predicted_health: d.forecast.and_then(|f| f.predicted).map(|p| p.0),
            predicted_in_s: d
                .forecast
                .and_then(|f| f.predicted)
                .map(|p| round1(p.1 as f64 / 1000.0)),
        }
    }
}

impl<'a> From<&'a SourceInfo> for SourceJson<'a> {
    fn from(s: &'a SourceInfo) -> Self {
        SourceJson {
            kind: s.kind,
            path: s.path.as_deref(),
            skipped: s.skipped,
            error: s.error.as_deref(),
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
        channels: {
            // Looked up by name once: a search per channel was quadratic, 50 million
            // name comparisons for each render at 10,000 channels.
            let states: Option<FxHashMap<&str, RecoveryState>> = s.executor.as_deref().map(|x| {
                x.channels
                    .iter()
                    .map(|r| (r.name.as_str(), r.state))
                    .collect()
            });
            s.channels
                .iter()
                .map(|c| ChannelJson::of(c, s.executor.as_deref(), states.as_ref()))
                .collect()
        },
        routing: RoutingJson::of(s),
        recovery: RecoveryJson::of(s),
        source: (&s.source).into(),
    }
}

/// The stdout object for an input that could not be evaluated.
pub fn error_object(message: &str) -> String {
    let message = crate::base::sanitize::redact_userinfo(message);
    serde_json::json!({ "status": "UNKNOWN", "error": message }).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::ChannelRecovery;

    /// Each channel gets its own recovery state, found by name whatever order the
    /// executor lists them in; a channel it does not list is idle.
    #[test]
    fn recovery_states_are_matched_by_name() {
        let json = r#"{"Channels":{"A":{"Availability":100,"Mean":50},"B":{"Availability":100,"Mean":60},"C":{"Availability":100,"Mean":70}}}"#;
        let mut s = crate::source::metrics_file::MetricsFile::parse("t.json", json.as_bytes())
            .expect("parses")
            .snapshot(&crate::domain::Policy::default(), "t.json");
        let state = |name: &str, state| ChannelRecovery {
            name: name.into(),
            state,
            actions: Vec::new(),
            failures: 0,
            running: None,
            next_allowed_ms: None,
            escalated_since_ms: None,
        };
        s.executor = Some(std::sync::Arc::new(ExecutorView {
            channels: vec![
                state("C", RecoveryState::Escalated),
                state("A", RecoveryState::Cooldown),
            ],
            ..ExecutorView::default()
        }));
        let v = to_value(&s);
        let states: Vec<&str> = (0..3)
            .map(|i| v["channels"][i]["recovery_state"].as_str().unwrap_or("?"))
            .collect();
        assert_eq!(states, ["cooldown", "idle", "escalated"]);
    }
}
