//! A snapshot in the Prometheus text exposition format (`--serve`'s `/metrics`), built
//! with `prometheus-client` from the snapshot at scrape time: nothing is kept between
//! scrapes, so a channel that disappears from the config disappears from the metrics.
//! Health is a state set (one series per health word, the current one 1), the
//! OpenMetrics way to expose an enum; latencies are in seconds, Prometheus's base unit
//! (`promtool check metrics` rejects `_ms`); names are in docs/serve.md.

use std::sync::atomic::AtomicU64;

use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;

use crate::domain::Health;
use crate::snapshot::{ExecutorView, Snapshot};

type Labels = Vec<(&'static str, String)>;
type G = Gauge<f64, AtomicU64>;

const HEALTHS: [Health; 5] = [
    Health::Excellent,
    Health::Good,
    Health::Degraded,
    Health::Poor,
    Health::Offline,
];

/// A family of gauges registered under `name`, filled by `set`.
struct Gauges {
    family: Family<Labels, G>,
}

impl Gauges {
    fn new(registry: &mut Registry, name: &str, help: &str) -> Gauges {
        let family = Family::<Labels, G>::default();
        registry.register(name, help, family.clone());
        Gauges { family }
    }

    fn set(&self, labels: Labels, v: f64) {
        self.family.get_or_create(&labels).set(v);
    }
}

fn channel(name: &str) -> Labels {
    vec![("channel", name.to_string())]
}

/// The exposition text for `s` (ends with `# EOF`).
pub fn exposition(s: &Snapshot) -> String {
    let mut r = Registry::with_prefix("switchboard");
    overall(&mut r, s);
    channels(&mut r, s);
    if let Some(x) = &s.executor {
        recovery(&mut r, x);
    }
    if let Some(routes) = &s.routes {
        route_targets(&mut r, routes);
    }
    let mut out = String::new();
    // Writing into a String cannot fail.
    let _ = encode(&mut out, &r);
    out
}

fn overall(r: &mut Registry, s: &Snapshot) {
    let status = Gauges::new(
        r,
        "status_code",
        "Monitoring-plugin status of the snapshot: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN",
    );
    status.set(vec![], f64::from(s.status.exit_code()));
    let avail = Gauges::new(
        r,
        "effective_availability_percent",
        "Mean availability of the core channels",
    );
    avail.set(vec![], s.effective_availability.get());
    let trigger = Gauges::new(
        r,
        "recovery_should_trigger",
        "1 when the recovery rules say recovery should run",
    );
    trigger.set(vec![], f64::from(u8::from(s.recovery.should_trigger)));
    let primary = Gauges::new(
        r,
        "routing_primary",
        "1 for the recommended primary channel",
    );
    let fallback = Gauges::new(
        r,
        "routing_fallback",
        "1 for the recommended fallback channel",
    );
    if let Some(p) = &s.routing.recommended_primary {
        primary.set(channel(p), 1.0);
    }
    if let Some(f) = &s.routing.recommended_fallback {
        fallback.set(channel(f), 1.0);
    }
    if let Some(live) = &s.live {
        let at = Gauges::new(
            r,
            "snapshot_timestamp_seconds",
            "When the snapshot was taken (Unix time)",
        );
        at.set(vec![], live.at_ms as f64 / 1000.0);
        let rounds = Gauges::new(r, "probe_rounds", "Probe rounds finished since start");
        rounds.set(vec![], live.rounds as f64);
    }
}

fn channels(r: &mut Registry, s: &Snapshot) {
    let up = Gauges::new(r, "channel_up", "1 unless the channel is OFFLINE");
    let health = Gauges::new(
        r,
        "channel_health",
        "The channel's health as a state set: 1 for the current health word",
    );
    let avail = Gauges::new(
        r,
        "channel_availability_percent",
        "Availability over the window",
    );
    let mean = Gauges::new(
        r,
        "channel_latency_mean_seconds",
        "Mean latency over the window (absent with no successful probe)",
    );
    let p95 = Gauges::new(
        r,
        "channel_latency_p95_seconds",
        "95th percentile latency over the window",
    );
    let prio = Gauges::new(
        r,
        "channel_routing_priority",
        "Routing priority, 1 (best) to 5",
    );
    let failures = Gauges::new(
        r,
        "channel_consecutive_failures",
        "Probes in a row that failed",
    );
    let optional = Gauges::new(r, "channel_optional", "1 for an optional channel");
    let model = Model::new(r);
    for c in &s.channels {
        let name = c.name();
        let h = c.eval.health;
        up.set(channel(name), f64::from(u8::from(h != Health::Offline)));
        for word in HEALTHS {
            let mut l = channel(name);
            l.push(("health", word.as_str().to_string()));
            health.set(l, f64::from(u8::from(word == h)));
        }
        avail.set(channel(name), c.eval.input.availability.get());
        if !c.details.no_latency {
            mean.set(channel(name), c.eval.input.mean_latency_ms.get() / 1000.0);
        }
        if let Some(p) = c.details.p95_latency_ms {
            p95.set(channel(name), p.get() / 1000.0);
        }
        prio.set(channel(name), f64::from(c.eval.routing_priority));
        if c.details.observed {
            failures.set(channel(name), f64::from(c.details.consecutive_failures));
        }
        optional.set(channel(name), f64::from(u8::from(c.eval.input.optional)));
        if let Some(f) = &c.details.forecast {
            model.set(name, f);
        }
    }
}

/// The latency model's gauges (live and replay snapshots only).
struct Model {
    forecast: Gauges,
    anomalous: Gauges,
    predicted_in: Gauges,
}

impl Model {
    fn new(r: &mut Registry) -> Model {
        Model {
            forecast: Gauges::new(
                r,
                "channel_forecast_latency_seconds",
                "Predicted mean latency of the next probe round",
            ),
            anomalous: Gauges::new(
                r,
                "channel_anomalous",
                "1 while an anomaly incident is open on the channel's latency",
            ),
            predicted_in: Gauges::new(
                r,
                "channel_predicted_health_in_seconds",
                "When the forecast reaches a worse health (the health label), present only then",
            ),
        }
    }

    fn set(&self, name: &str, f: &crate::snapshot::Forecast) {
        if let Some(ms) = f.latency_ms {
            self.forecast.set(channel(name), ms / 1000.0);
        }
        let open = f.anomaly || f.verdict.is_some_and(|v| v.incident);
        self.anomalous.set(channel(name), f64::from(u8::from(open)));
        if let Some((h, in_ms)) = f.predicted {
            let mut l = channel(name);
            l.push(("health", h.as_str().to_string()));
            self.predicted_in.set(l, in_ms as f64 / 1000.0);
        }
    }
}

/// The executor: attempts and their results, escalations, the last verified recovery,
/// whether this instance holds the lock (acts) and whether it only rehearses.
fn recovery(r: &mut Registry, x: &ExecutorView) {
    let attempts = Family::<Labels, Counter>::default();
    r.register(
        "recovery_attempts",
        "Finished recovery attempts in the audit log, by channel and result (success: verified back)",
        attempts.clone(),
    );
    for (name, result, n) in &x.attempts {
        let mut l = channel(name);
        l.push(("result", (*result).to_string()));
        attempts.get_or_create(&l).inc_by(*n);
    }
    let escalated = Gauges::new(
        r,
        "recovery_escalated",
        "1 while the channel's recovery is escalated (nothing runs until a reset)",
    );
    for c in &x.channels {
        let on = c.state == crate::domain::guard::RecoveryState::Escalated;
        escalated.set(channel(&c.name), f64::from(u8::from(on)));
    }
    let last = Gauges::new(
        r,
        "recovery_last_success_timestamp_seconds",
        "When the channel was last verified back after a recovery attempt (Unix time)",
    );
    for (name, at_ms) in &x.last_success_ms {
        last.set(channel(name), *at_ms as f64 / 1000.0);
    }
    let lock = Gauges::new(
        r,
        "recovery_lock_held",
        "1 when this instance holds the recovery lock (it is the one that acts)",
    );
    lock.set(vec![], f64::from(u8::from(x.lock_held)));
    let dry = Gauges::new(
        r,
        "dry_run",
        "1 when recovery is a rehearsal (--dry-run): decided and audited, nothing run",
    );
    dry.set(vec![], f64::from(u8::from(x.dry_run)));
}

/// The route-apply runner: changes written to each target since start, by result, and
/// rollbacks run.
fn route_targets(r: &mut Registry, v: &crate::route_apply::RouteView) {
    let applies = Family::<Labels, Counter>::default();
    r.register(
        "route_applies",
        "Routing changes written to a route target since start, by result (ok: verified)",
        applies.clone(),
    );
    let rollbacks = Family::<Labels, Counter>::default();
    r.register(
        "route_rollbacks",
        "Rollbacks of a route target to its previous state since start",
        rollbacks.clone(),
    );
    for t in &v.targets {
        let target = |result: Option<&str>| {
            let mut l: Labels = vec![("target", t.name.clone())];
            l.extend(result.map(|r| ("result", r.to_string())));
            l
        };
        applies.get_or_create(&target(Some("ok"))).inc_by(t.applied);
        applies
            .get_or_create(&target(Some("failed")))
            .inc_by(t.failed);
        rollbacks.get_or_create(&target(None)).inc_by(t.rollbacks);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snap(json: &str) -> Snapshot {
        let f = crate::source::metrics_file::MetricsFile::parse("t.json", json.as_bytes())
            .expect("parses");
        f.snapshot(&crate::domain::Policy::default(), "t.json")
    }

    #[test]
    fn channels_health_routing_and_status_are_exposed() {
        let s = snap(
            r#"{"Channels":{"Local":{"Availability":100,"Mean":40},
                "Gateway":{"Availability":0,"Mean":999}}}"#,
        );
        let text = exposition(&s);
        for line in [
            "switchboard_status_code 1.0",
            "switchboard_recovery_should_trigger 0.0",
            "switchboard_routing_primary{channel=\"Local\"} 1.0",
            "switchboard_channel_up{channel=\"Gateway\"} 0.0",
            "switchboard_channel_up{channel=\"Local\"} 1.0",
            "switchboard_channel_health{channel=\"Local\",health=\"EXCELLENT\"} 1.0",
            "switchboard_channel_health{channel=\"Local\",health=\"GOOD\"} 0.0",
            "switchboard_channel_health{channel=\"Gateway\",health=\"OFFLINE\"} 1.0",
            "switchboard_channel_availability_percent{channel=\"Local\"} 100.0",
            "switchboard_channel_latency_mean_seconds{channel=\"Local\"} 0.04",
            "switchboard_channel_routing_priority{channel=\"Gateway\"} 5.0",
        ] {
            assert!(text.lines().any(|l| l == line), "{line} in:\n{text}");
        }
        assert!(text.contains("# TYPE switchboard_channel_up gauge"));
        assert!(text.ends_with("# EOF\n"), "{text}");
    }

    #[test]
    fn route_targets_count_applies_and_rollbacks() {
        let mut s = snap(r#"{"Channels":{"Api":{"Availability":100,"Mean":40}}}"#);
        assert!(!exposition(&s).contains("switchboard_route_applies"));
        s.routes = Some(std::sync::Arc::new(crate::route_apply::RouteView {
            targets: vec![crate::route_apply::TargetView {
                name: "proxy".into(),
                applied: 2,
                failed: 1,
                rollbacks: 1,
                ..Default::default()
            }],
            ..Default::default()
        }));
        let text = exposition(&s);
        for line in [
            "switchboard_route_applies_total{target=\"proxy\",result=\"ok\"} 2",
            "switchboard_route_applies_total{target=\"proxy\",result=\"failed\"} 1",
            "switchboard_route_rollbacks_total{target=\"proxy\"} 1",
        ] {
            assert!(text.lines().any(|l| l == line), "{line} in:\n{text}");
        }
    }

    #[test]
    fn recovery_series_come_from_the_executor() {
        use crate::domain::guard::RecoveryState;
        use crate::snapshot::ChannelRecovery;
        let mut s = snap(r#"{"Channels":{"Api":{"Availability":100,"Mean":40}}}"#);
        assert!(!exposition(&s).contains("switchboard_recovery_lock_held"));
        s.executor = Some(std::sync::Arc::new(ExecutorView {
            lock_held: true,
            channels: vec![ChannelRecovery {
                name: "Api".into(),
                state: RecoveryState::Escalated,
                actions: vec![],
                failures: 3,
                running: None,
                next_allowed_ms: None,
                escalated_since_ms: Some(0),
            }],
            attempts: vec![("Api".into(), "failure", 3), ("Api".into(), "success", 2)],
            last_success_ms: vec![("Api".into(), 1_764_000_000_500)],
            ..ExecutorView::default()
        }));
        let text = exposition(&s);
        for line in [
            "switchboard_recovery_attempts_total{channel=\"Api\",result=\"failure\"} 3",
            "switchboard_recovery_attempts_total{channel=\"Api\",result=\"success\"} 2",
            "switchboard_recovery_escalated{channel=\"Api\"} 1.0",
            "switchboard_recovery_last_success_timestamp_seconds{channel=\"Api\"} 1764000000.5",
            "switchboard_recovery_lock_held 1.0",
            "switchboard_dry_run 0.0",
        ] {
            assert!(text.lines().any(|l| l == line), "{line} in:\n{text}");
        }
        assert!(text.contains("# TYPE switchboard_recovery_attempts counter"));
    }

    #[test]
    fn hostile_channel_names_stay_inside_their_label() {
        let s = snap(r#"{"Channels":{"a\"b\\c\nd} 1\nevil 2":{"Availability":100,"Mean":40}}}"#);
        let text = exposition(&s);
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            assert!(line.starts_with("switchboard_"), "{line:?}");
        }
        assert!(
            text.contains(r#"channel="a\"b\\c\nd} 1\nevil 2""#),
            "{text}"
        );
    }

    #[test]
    fn the_latency_model_is_exposed_where_there_is_one() {
        let mut s = snap(
            r#"{"Channels":{"Local":{"Availability":100,"Mean":40},
                "Gateway":{"Availability":100,"Mean":150}}}"#,
        );
        let text = exposition(&s);
        assert!(!text.contains("forecast"), "files have no model:\n{text}");
        for c in &mut s.channels {
            c.details.forecast = Some(crate::snapshot::Forecast {
                latency_ms: Some(182.0),
                anomaly: c.name() == "Gateway",
                verdict: None,
                predicted: (c.name() == "Gateway").then_some((Health::Degraded, 240_000)),
            });
        }
        let text = exposition(&s);
        for line in [
            "switchboard_channel_forecast_latency_seconds{channel=\"Gateway\"} 0.182",
            "switchboard_channel_anomalous{channel=\"Gateway\"} 1.0",
            "switchboard_channel_anomalous{channel=\"Local\"} 0.0",
            "switchboard_channel_predicted_health_in_seconds{channel=\"Gateway\",health=\"DEGRADED\"} 240.0",
        ] {
            assert!(text.lines().any(|l| l == line), "{line} in:\n{text}");
        }
        assert!(!text.contains("predicted_health_in_seconds{channel=\"Local\""));
    }
}
