//! A snapshot in the OpenMetrics text format (`--serve`'s `/metrics`), written straight
//! from the snapshot: nothing is kept between snapshots, so a channel that disappears
//! from the config disappears from the metrics. Written by hand rather than through a
//! metrics registry because a scrape of 1,000 channels spent most of its time hashing
//! label sets and allocating families that are thrown away at once; writing in one pass
//! also keeps every family's series in channel order.
//! Health is a state set (one series per health word, the current one 1), the
//! OpenMetrics way to expose an enum; latencies are in seconds, Prometheus's base unit
//! (`promtool check metrics` rejects `_ms`), converted without binary noise
//! (11.47 ms is `0.01147`, not `0.011470000000000001`); names are in docs/serve.md.

use std::fmt::Write as _;

use crate::domain::Health;
use crate::snapshot::{ExecutorView, Forecast, Snapshot};

const PREFIX: &str = "switchboard_";

const HEALTHS: [Health; 5] = [
    Health::Excellent,
    Health::Good,
    Health::Degraded,
    Health::Poor,
    Health::Offline,
];

/// The exposition text for `s` (ends with `# EOF`).
pub fn exposition(s: &Snapshot) -> String {
    // About 110 bytes per series and a dozen series per channel.
    let mut w = Exposition::with_capacity(2_048 + s.channels.len() * 1_400);
    overall(&mut w, s);
    channels(&mut w, s);
    model(&mut w, s);
    if let Some(x) = &s.executor {
        recovery(&mut w, x);
    }
    w.finish()
}

/// Milliseconds as seconds, the shortest decimal that reads back as `ms / 1000`.
pub fn seconds(ms: f64) -> f64 {
    // Dividing by 1000 in binary adds noise in the last digits; shifting the decimal
    // point of the shortest representation and reading that back does not.
    format!("{ms}e-3").parse().unwrap_or(ms / 1000.0)
}

#[derive(Clone, Copy)]
enum Kind {
    Gauge,
    Counter,
}

/// The text being written: families one after the other, each a HELP and TYPE line and
/// its samples. A family without samples is left out entirely.
struct Exposition {
    out: String,
    /// The HELP and TYPE lines of the family begun last, until its first sample.
    header: String,
}

impl Exposition {
    fn with_capacity(n: usize) -> Exposition {
        Exposition {
            out: String::with_capacity(n),
            header: String::new(),
        }
    }

    fn family(&mut self, name: &str, kind: Kind, help: &str) {
        let kind = match kind {
            Kind::Gauge => "gauge",
            Kind::Counter => "counter",
        };
        let h = &mut self.header;
        h.clear();
        let _ = writeln!(h, "# HELP {PREFIX}{name} {help}.");
        let _ = writeln!(h, "# TYPE {PREFIX}{name} {kind}");
    }

    /// One gauge sample; `labels` are name/value pairs, values escaped here.
    fn gauge(&mut self, name: &str, labels: &[(&str, &str)], v: f64) {
        self.name_and_labels(name, labels);
        // Debug keeps the `.0` of whole numbers, as gauges have always been written.
        let _ = writeln!(self.out, " {v:?}");
    }

    fn counter(&mut self, name: &str, labels: &[(&str, &str)], n: u64) {
        self.name_and_labels(&format!("{name}_total"), labels);
        let _ = writeln!(self.out, " {n}");
    }

    fn name_and_labels(&mut self, name: &str, labels: &[(&str, &str)]) {
        self.out.push_str(&self.header);
        self.header.clear();
        let o = &mut self.out;
        o.push_str(PREFIX);
        o.push_str(name);
        if labels.is_empty() {
            return;
        }
        o.push('{');
        for (i, (k, v)) in labels.iter().enumerate() {
            if i > 0 {
                o.push(',');
            }
            o.push_str(k);
            o.push_str("=\"");
            escape_into(o, v);
            o.push('"');
        }
        o.push('}');
    }

    fn finish(mut self) -> String {
        self.out.push_str("# EOF\n");
        self.out
    }
}

/// A label value as the format requires: backslash, double quote and newline escaped,
/// so no channel name can end its label or start a series of its own.
fn escape_into(o: &mut String, v: &str) {
    for ch in v.chars() {
        match ch {
            '\\' => o.push_str("\\\\"),
            '"' => o.push_str("\\\""),
            '\n' => o.push_str("\\n"),
            c => o.push(c),
        }
    }
}

fn flag(b: bool) -> f64 {
    f64::from(u8::from(b))
}

fn overall(w: &mut Exposition, s: &Snapshot) {
    let help = "Monitoring-plugin status of the snapshot: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN";
    w.family("status_code", Kind::Gauge, help);
    w.gauge("status_code", &[], f64::from(s.status.exit_code()));
    let help = "Mean availability of the core channels";
    w.family("effective_availability_percent", Kind::Gauge, help);
    let avail = s.effective_availability.get();
    w.gauge("effective_availability_percent", &[], avail);
    let help = "1 when the recovery rules say recovery should run";
    w.family("recovery_should_trigger", Kind::Gauge, help);
    w.gauge(
        "recovery_should_trigger",
        &[],
        flag(s.recovery.should_trigger),
    );
    let roles = [
        ("routing_primary", "primary", &s.routing.recommended_primary),
        (
            "routing_fallback",
            "fallback",
            &s.routing.recommended_fallback,
        ),
    ];
    for (name, role, who) in roles {
        w.family(
            name,
            Kind::Gauge,
            &format!("1 for the recommended {role} channel"),
        );
        if let Some(c) = who {
            w.gauge(name, &[("channel", c)], 1.0);
        }
    }
    if let Some(live) = &s.live {
        let help = "When the snapshot was taken (Unix time)";
        w.family("snapshot_timestamp_seconds", Kind::Gauge, help);
        let at = seconds(live.at_ms as f64);
        w.gauge("snapshot_timestamp_seconds", &[], at);
        w.family(
            "probe_rounds",
            Kind::Gauge,
            "Probe rounds finished since start",
        );
        w.gauge("probe_rounds", &[], live.rounds as f64);
    }
}

/// One gauge family with one series per channel that has a value.
fn per_channel(
    w: &mut Exposition,
    s: &Snapshot,
    name: &str,
    help: &str,
    value: impl Fn(&crate::snapshot::ChannelView) -> Option<f64>,
) {
    w.family(name, Kind::Gauge, help);
    for c in &s.channels {
        if let Some(v) = value(c) {
            w.gauge(name, &[("channel", c.name())], v);
        }
    }
}

fn channels(w: &mut Exposition, s: &Snapshot) {
    per_channel(w, s, "channel_up", "1 unless the channel is OFFLINE", |c| {
        Some(flag(c.eval.health != Health::Offline))
    });
    let help = "The channel's health as a state set: 1 for the current health word";
    w.family("channel_health", Kind::Gauge, help);
    for c in &s.channels {
        for word in HEALTHS {
            let labels = [("channel", c.name()), ("health", word.as_str())];
            w.gauge("channel_health", &labels, flag(word == c.eval.health));
        }
    }
    let help = "Availability over the window";
    per_channel(w, s, "channel_availability_percent", help, |c| {
        Some(c.eval.input.availability.get())
    });
    let help = "Mean latency over the window (absent with no successful probe)";
    per_channel(w, s, "channel_latency_mean_seconds", help, |c| {
        (!c.details.no_latency).then(|| seconds(c.eval.input.mean_latency_ms.get()))
    });
    let help = "95th percentile latency over the window";
    per_channel(w, s, "channel_latency_p95_seconds", help, |c| {
        c.details.p95_latency_ms.map(|p| seconds(p.get()))
    });
    let help = "Routing priority, 1 (best) to 5";
    per_channel(w, s, "channel_routing_priority", help, |c| {
        Some(f64::from(c.eval.routing_priority))
    });
    let help = "Probes in a row that failed";
    per_channel(w, s, "channel_consecutive_failures", help, |c| {
        c.details
            .observed
            .then_some(f64::from(c.details.consecutive_failures))
    });
    per_channel(w, s, "channel_optional", "1 for an optional channel", |c| {
        Some(flag(c.eval.input.optional))
    });
}

/// The latency model's gauges (live and replay snapshots; a metrics file has no model).
fn model(w: &mut Exposition, s: &Snapshot) {
    let help = "Predicted mean latency of the next probe round";
    per_channel(w, s, "channel_forecast_latency_seconds", help, |c| {
        forecast(c).and_then(|f| f.latency_ms).map(seconds)
    });
    let help = "1 while an anomaly incident is open on the channel's latency";
    per_channel(w, s, "channel_anomalous", help, |c| {
        forecast(c).map(|f| flag(anomaly_open(f)))
    });
    let name = "channel_predicted_health_in_seconds";
    let help = "When the forecast reaches a worse health (the health label), present only then";
    w.family(name, Kind::Gauge, help);
    for c in &s.channels {
        if let Some((h, in_ms)) = forecast(c).and_then(|f| f.predicted) {
            let labels = [("channel", c.name()), ("health", h.as_str())];
            w.gauge(name, &labels, seconds(in_ms as f64));
        }
    }
}

fn forecast(c: &crate::snapshot::ChannelView) -> Option<&Forecast> {
    c.details.forecast.as_ref()
}

fn anomaly_open(f: &Forecast) -> bool {
    f.anomaly || f.verdict.is_some_and(|v| v.incident)
}

/// The executor: attempts and their results, escalations, the last verified recovery,
/// whether this instance holds the lock (acts) and whether it only rehearses.
fn recovery(w: &mut Exposition, x: &ExecutorView) {
    let help = "Finished recovery attempts in the audit log, by channel and result (success: verified back)";
    w.family("recovery_attempts", Kind::Counter, help);
    for (name, result, n) in &x.attempts {
        let labels = [("channel", name.as_str()), ("result", result)];
        w.counter("recovery_attempts", &labels, *n);
    }
    let help = "1 while the channel's recovery is escalated (nothing runs until a reset)";
    w.family("recovery_escalated", Kind::Gauge, help);
    for c in &x.channels {
        let on = c.state == crate::domain::guard::RecoveryState::Escalated;
        w.gauge("recovery_escalated", &[("channel", &c.name)], flag(on));
    }
    let name = "recovery_last_success_timestamp_seconds";
    let help = "When the channel was last verified back after a recovery attempt (Unix time)";
    w.family(name, Kind::Gauge, help);
    for (channel, at_ms) in &x.last_success_ms {
        w.gauge(name, &[("channel", channel)], seconds(*at_ms as f64));
    }
    let help = "1 when this instance holds the recovery lock (it is the one that acts)";
    w.family("recovery_lock_held", Kind::Gauge, help);
    w.gauge("recovery_lock_held", &[], flag(x.lock_held));
    let help = "1 when recovery is a rehearsal (--dry-run): decided and audited, nothing run";
    w.family("dry_run", Kind::Gauge, help);
    w.gauge("dry_run", &[], flag(x.dry_run));
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

    #[test]
    fn series_follow_channel_order_and_seconds_carry_no_binary_noise() {
        let s = snap(
            r#"{"Channels":{"Zeta":{"Availability":100,"Mean":11.47},
                "Alpha":{"Availability":100,"Mean":0.3},
                "Mid":{"Availability":100,"Mean":123456.789}}}"#,
        );
        let text = exposition(&s);
        let order: Vec<&str> = text
            .lines()
            .filter(|l| l.starts_with("switchboard_channel_up{"))
            .collect();
        assert_eq!(
            order,
            [
                "switchboard_channel_up{channel=\"Zeta\"} 1.0",
                "switchboard_channel_up{channel=\"Alpha\"} 1.0",
                "switchboard_channel_up{channel=\"Mid\"} 1.0",
            ]
        );
        for line in [
            "switchboard_channel_latency_mean_seconds{channel=\"Zeta\"} 0.01147",
            "switchboard_channel_latency_mean_seconds{channel=\"Alpha\"} 0.0003",
            "switchboard_channel_latency_mean_seconds{channel=\"Mid\"} 123.456789",
        ] {
            assert!(text.lines().any(|l| l == line), "{line} in:\n{text}");
        }
    }

    #[test]
    fn seconds_are_the_shortest_decimal_of_the_milliseconds() {
        assert_eq!(format!("{:?}", seconds(11.47)), "0.01147");
        assert_eq!(format!("{:?}", 11.47 / 1000.0), "0.011470000000000001");
        assert_eq!(
            format!("{:?}", seconds(1_796_175_893_117.0)),
            "1796175893.117"
        );
        assert_eq!(format!("{:?}", seconds(0.0)), "0.0");
        assert!(seconds(f64::NAN).is_nan());
    }

    #[test]
    fn a_family_without_series_is_left_out() {
        let s = snap(r#"{"OptionalChannels":{"Gateway":{"Availability":0,"Mean":999}}}"#);
        let text = exposition(&s);
        assert!(
            !text.contains("routing_primary"),
            "no core channel, no primary:\n{text}"
        );
        assert!(!text.contains("latency_p95"), "{text}");
        let helps = text.lines().filter(|l| l.starts_with("# HELP")).count();
        let types = text.lines().filter(|l| l.starts_with("# TYPE")).count();
        assert_eq!(helps, types);
    }
}
