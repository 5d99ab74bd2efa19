//! Reads a controller's `/context` (the `--snapshot --format json` object of
//! docs/json.md) back into the [`Snapshot`] every view draws, so an attached console
//! shows what the controller decided — its health words, routing and recovery as it
//! wrote them, never re-evaluated here. What the object does not carry stays empty:
//! per-probe latencies (a `--serve` daemon keeps none) and the executor's internals.

use std::sync::Arc;

use serde_json::{Map, Value};

use crate::domain::guard::RecoveryState;
use crate::domain::{
    ChannelEval, ChannelInput, Health, Num, Overall, Recovery, Routing, RoutingMode, Status, Trend,
};
use crate::snapshot::{
    ChannelDetails, ChannelRecovery, ChannelView, ExecutorView, Forecast, Snapshot, SourceInfo,
};

/// Why a body is not a snapshot object.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("not a switchboard /context object: {0}")]
pub struct WireError(String);

fn bad(what: &str) -> WireError {
    WireError(what.to_string())
}

/// The snapshot in `body`.
pub fn snapshot(body: &[u8]) -> Result<Snapshot, WireError> {
    let v: Value = serde_json::from_slice(body).map_err(|e| WireError(e.to_string()))?;
    let o = v.as_object().ok_or_else(|| bad("not an object"))?;
    let status = word(o, "status", &STATUSES).ok_or_else(|| bad("status"))?;
    let recovery_o = obj(o, "recovery").ok_or_else(|| bad("recovery"))?;
    let executor = executor(recovery_o, o.get("channels"));
    let channels = arr(o, "channels")
        .ok_or_else(|| bad("channels"))?
        .iter()
        .map(|c| channel(c, executor.is_some()))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Snapshot {
        timestamp: text(o, "timestamp").unwrap_or_default(),
        status,
        overall_health: Overall::parse(&text(o, "overall_health").unwrap_or_default()),
        effective_availability: num(o, "effective_availability").unwrap_or(Num::int(0)),
        channels: channels.into(),
        routing: routing(obj(o, "routing").ok_or_else(|| bad("routing"))?),
        recovery: Recovery {
            should_trigger: flag(recovery_o, "should_trigger"),
            reason: text(recovery_o, "reason").unwrap_or_default(),
            recommended_actions: strings(recovery_o, "recommended_actions"),
            rule: None,
        },
        source: SourceInfo {
            kind: obj(o, "source")
                .and_then(|s| word(s, "kind", &SOURCES))
                .unwrap_or("remote"),
            path: obj(o, "source").and_then(|s| text(s, "path")),
            skipped: None,
            // The controller's own source trouble (a fleet Prometheus it cannot read)
            // shows on the attached console too.
            error: obj(o, "source").and_then(|s| text(s, "error")),
        },
        live: None,
        executor: executor.map(Arc::new),
        routes: None,
    })
}

const STATUSES: [(&str, Status); 4] = [
    ("OK", Status::Ok),
    ("WARNING", Status::Warning),
    ("CRITICAL", Status::Critical),
    ("UNKNOWN", Status::Unknown),
];
const SOURCES: [(&str, &str); 6] = [
    ("config", "config"),
    ("demo", "demo"),
    ("replay", "replay"),
    ("metrics-file", "metrics-file"),
    ("example", "example"),
    ("prometheus", "prometheus"),
];
const POLICIES: [(&str, &str); 4] = [
    ("health", "health"),
    ("ceiling", "ceiling"),
    ("balanced", "balanced"),
    ("region", "region"),
];
const STATES: [(&str, RecoveryState); 5] = [
    ("idle", RecoveryState::Idle),
    ("cooldown", RecoveryState::Cooldown),
    ("running", RecoveryState::Running),
    ("verifying", RecoveryState::Verifying),
    ("escalated", RecoveryState::Escalated),
];

/// A known word's value (the types keep `&'static str`s and enums, not the wire's text).
fn word<T: Copy>(o: &Map<String, Value>, key: &str, known: &[(&str, T)]) -> Option<T> {
    let s = o.get(key)?.as_str()?;
    known.iter().find(|(w, _)| *w == s).map(|(_, v)| *v)
}

fn obj<'a>(o: &'a Map<String, Value>, key: &str) -> Option<&'a Map<String, Value>> {
    o.get(key)?.as_object()
}

fn arr<'a>(o: &'a Map<String, Value>, key: &str) -> Option<&'a Vec<Value>> {
    o.get(key)?.as_array()
}

fn text(o: &Map<String, Value>, key: &str) -> Option<String> {
    o.get(key)?.as_str().map(str::to_string)
}

fn flag(o: &Map<String, Value>, key: &str) -> bool {
    o.get(key).and_then(Value::as_bool).unwrap_or(false)
}

fn num(o: &Map<String, Value>, key: &str) -> Option<Num> {
    serde_json::from_value(o.get(key)?.clone()).ok()
}

fn strings(o: &Map<String, Value>, key: &str) -> Vec<String> {
    arr(o, key)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn health(o: &Map<String, Value>, key: &str) -> Option<Health> {
    let s = o.get(key)?.as_str()?;
    Health::ALL.into_iter().find(|h| h.as_str() == s)
}

fn ms(o: &Map<String, Value>, key: &str) -> Option<i64> {
    crate::snapshot::parse_rfc3339_ms(o.get(key)?.as_str()?)
}

fn channel(v: &Value, live: bool) -> Result<ChannelView, WireError> {
    let o = v
        .as_object()
        .ok_or_else(|| bad("a channel is not an object"))?;
    let name = text(o, "name").ok_or_else(|| bad("a channel has no name"))?;
    let mean = num(o, "mean_latency_ms");
    let trend = match o.get("trend").and_then(Value::as_str) {
        Some(t) => Trend::parse(t),
        None => Trend::Stable,
    };
    let input = ChannelInput {
        availability: num(o, "availability").unwrap_or(Num::int(0)),
        mean_latency_ms: mean.unwrap_or(Num::int(999)),
        trend,
        baseline_alerts: num(o, "baseline_alerts").unwrap_or(Num::int(0)),
        ..ChannelInput::new(&name, Num::int(0), Num::int(0), flag(o, "optional"))
    };
    let eval = ChannelEval {
        input,
        health: health(o, "health").ok_or_else(|| bad("a channel's health"))?,
        routing_priority: o
            .get("routing_priority")
            .and_then(Value::as_u64)
            .and_then(|p| u8::try_from(p).ok())
            .unwrap_or(5),
    };
    let observed = o.contains_key("consecutive_failures");
    let forecast = o.contains_key("anomaly").then(|| Forecast {
        latency_ms: o.get("forecast_latency_ms").and_then(Value::as_f64),
        anomaly: flag(o, "anomaly"),
        verdict: None,
        predicted: health(o, "predicted_health").map(|h| {
            let s = o
                .get("predicted_in_s")
                .and_then(Value::as_f64)
                .unwrap_or(0.0);
            (h, (s * 1000.0) as i64)
        }),
    });
    let details = ChannelDetails {
        p95_latency_ms: num(o, "p95_latency_ms"),
        spikes: num(o, "spikes"),
        adaptive_alerts: num(o, "adaptive_alerts"),
        last_error: text(o, "last_error"),
        consecutive_failures: o
            .get("consecutive_failures")
            .and_then(Value::as_u64)
            .map_or(0, |n| n.min(u64::from(u32::MAX)) as u32),
        down_since_ms: ms(o, "down_since"),
        recovering: flag(o, "recovering"),
        observed: observed || live,
        no_latency: mean.is_none(),
        region: text(o, "region"),
        cost_per_1k_tokens: o.get("cost_per_1k_tokens").and_then(Value::as_f64),
        forecast,
        ..ChannelDetails::default()
    };
    Ok(ChannelView { eval, details })
}

fn routing(o: &Map<String, Value>) -> Routing {
    Routing {
        recommended_primary: text(o, "recommended_primary"),
        recommended_fallback: text(o, "recommended_fallback"),
        fallback_channels: strings(o, "fallback_channels"),
        mode: match o.get("mode").and_then(Value::as_str) {
            Some("static") => RoutingMode::Static,
            _ => RoutingMode::Monitoring,
        },
        reason: text(o, "reason").unwrap_or_default(),
        policy: word(o, "policy", &POLICIES).unwrap_or("health"),
        explain: text(o, "explain").unwrap_or_default(),
        tasks: Vec::new(),
        fallback_reason: text(o, "fallback_reason"),
        regions: Vec::new(),
        policies: arr(o, "policies")
            .map(|a| {
                a.iter()
                    .filter_map(|p| POLICIES.iter().find(|(w, _)| Some(*w) == p.as_str()))
                    .map(|(_, p)| *p)
                    .collect()
            })
            .unwrap_or_default(),
        policy_set_by: text(o, "policy_set_by"),
    }
}

/// The executor's part, where the controller runs one (`recovery.executor`).
fn executor(r: &Map<String, Value>, channels: Option<&Value>) -> Option<ExecutorView> {
    let x = obj(r, "executor")?;
    let channels = channels
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_object)
                .filter_map(|c| {
                    Some(ChannelRecovery {
                        name: text(c, "name")?,
                        state: word(c, "recovery_state", &STATES)?,
                        actions: Vec::new(),
                        failures: 0,
                        running: None,
                        next_allowed_ms: None,
                        escalated_since_ms: None,
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    Some(ExecutorView {
        auto: flag(r, "auto"),
        dry_run: flag(x, "dry_run"),
        read_only: text(x, "read_only"),
        channels,
        success_rate: r.get("success_rate").and_then(Value::as_f64),
        mttr_s: r.get("mttr_s").and_then(Value::as_f64),
        audit_path: text(x, "audit_path"),
        problem: text(x, "problem"),
        ..ExecutorView::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a console shows of a file's snapshot is what it shows of the same snapshot
    /// read back from its JSON: the decision crosses the wire unchanged.
    #[test]
    fn the_context_reads_back_into_the_same_decision() {
        let snap = crate::app::example_snapshot();
        let wire = crate::report::json::to_string(&snap);
        let back = snapshot(wire.as_bytes()).expect("reads back");
        assert_eq!(back.status, snap.status);
        assert_eq!(back.overall_health, snap.overall_health);
        assert_eq!(
            back.routing.recommended_primary,
            snap.routing.recommended_primary
        );
        assert_eq!(
            back.routing.fallback_channels,
            snap.routing.fallback_channels
        );
        assert_eq!(back.recovery.reason, snap.recovery.reason);
        let names = |s: &Snapshot| {
            s.channels
                .iter()
                .map(|c| (c.name().to_string(), c.eval.health, c.eval.routing_priority))
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&back), names(&snap));
        assert_eq!(
            crate::report::json::to_string(&back),
            wire,
            "written again, the object is the same"
        );
    }

    #[test]
    fn a_body_that_is_not_a_snapshot_says_so() {
        assert!(snapshot(b"<html>").is_err());
        assert!(snapshot(b"{}").is_err());
        assert!(snapshot(br#"{"status":"OK","channels":[],"recovery":{}}"#).is_err());
    }
}
