//! Property tests of the decision rules over generated metrics files.

use proptest::prelude::*;
use serde_json::{json, Map, Value};
use switchboard::domain::{Health, Policy};
use switchboard::snapshot::Snapshot;
use switchboard::source::metrics_file::MetricsFile;

#[derive(Debug, Clone)]
struct Gen {
    availability: f64,
    mean: f64,
    trend: &'static str,
    alerts: u32,
    optional: bool,
}

fn availability() -> impl Strategy<Value = f64> {
    prop_oneof![
        prop::sample::select(vec![0.0, 89.99, 90.0, 94.99, 95.0, 98.99, 99.0, 100.0]),
        (0u32..=10000).prop_map(|x| x as f64 / 100.0),
    ]
}

fn mean() -> impl Strategy<Value = f64> {
    prop_oneof![
        prop::sample::select(vec![99.99, 100.0, 199.99, 200.0, 999.0]),
        (0u32..500000).prop_map(|x| x as f64 / 100.0),
    ]
}

fn channel() -> impl Strategy<Value = Gen> {
    (
        availability(),
        mean(),
        prop::sample::select(vec!["IMPROVING", "STABLE", "DEGRADING"]),
        prop_oneof![Just(0u32), 1u32..5],
        any::<bool>(),
    )
        .prop_map(|(availability, mean, trend, alerts, optional)| Gen {
            availability,
            mean,
            trend,
            alerts,
            optional,
        })
}

fn overall() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "EXCELLENT",
        "GOOD",
        "DEGRADED",
        "POOR",
        "CRITICAL",
        "UNKNOWN",
    ])
}

/// A metrics file with channels interleaved as generated (optional ones go to
/// `OptionalChannels`), plus `noise` extra keys the rules must not read.
fn file(chans: &[Gen], overall: &str, noise: Option<u64>) -> String {
    let mut core = Map::new();
    let mut opt = Map::new();
    for (i, c) in chans.iter().enumerate() {
        let mut m = Map::new();
        m.insert("Availability".into(), json!(c.availability));
        m.insert("Mean".into(), json!(c.mean));
        m.insert("Trend".into(), json!({"Direction": c.trend}));
        m.insert("BaselineAlerts".into(), json!(c.alerts));
        if let Some(seed) = noise {
            m.insert("P95".into(), json!(seed % 5000));
            m.insert("Spikes".into(), json!(seed % 7));
            m.insert("Sparkline".into(), json!("-#@-"));
            m.insert(format!("Extra{seed}"), json!({"nested": [seed, i]}));
            m.insert("HourlyLatency".into(), json!([seed % 300, 1, 2]));
        }
        let target = if c.optional { &mut opt } else { &mut core };
        target.insert(format!("ch{i}"), Value::Object(m));
    }
    let mut top = Map::new();
    if let Some(seed) = noise {
        top.insert(
            "SessionSummaries".into(),
            json!({"x": seed, "y": [1, 2, {"z": null}]}),
        );
        top.insert("AlertsTimeline".into(), json!({"Spikes": [seed, 2]}));
    }
    top.insert(
        "Health".into(),
        json!({"Status": overall, "AvgAvailability": 99.0}),
    );
    top.insert("Channels".into(), Value::Object(core));
    top.insert("OptionalChannels".into(), Value::Object(opt));
    Value::Object(top).to_string()
}

fn snap(text: &str) -> Snapshot {
    MetricsFile::parse("gen.json", text.as_bytes())
        .expect("generated file parses")
        .snapshot(&Policy::default(), "gen.json")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn primary_is_never_optional_and_fallback_list_never_holds_it(
        chans in prop::collection::vec(channel(), 0..8), o in overall()
    ) {
        let s = snap(&file(&chans, o, None));
        if let Some(p) = &s.routing.recommended_primary {
            let c = s.channel(p).expect("primary is a channel");
            prop_assert!(!c.eval.input.optional);
            prop_assert!(!s.routing.fallback_channels.contains(p));
        } else {
            prop_assert!(chans.iter().all(|c| c.optional));
            prop_assert!(s.routing.recommended_fallback.is_none());
        }
        if let Some(f) = &s.routing.recommended_fallback {
            prop_assert!(!s.channel(f).expect("fallback is a channel").eval.input.optional);
        }
        for name in &s.routing.fallback_channels {
            prop_assert!(s.channel(name).expect("listed").eval.health.is_healthy());
        }
    }

    #[test]
    fn output_order_is_core_then_optional_each_in_file_order(
        chans in prop::collection::vec(channel(), 0..8)
    ) {
        let s = snap(&file(&chans, "GOOD", None));
        let want: Vec<String> = chans.iter().enumerate().filter(|(_, c)| !c.optional)
            .chain(chans.iter().enumerate().filter(|(_, c)| c.optional))
            .map(|(i, _)| format!("ch{i}"))
            .collect();
        let got: Vec<String> = s.channels.iter().map(|c| c.name().to_string()).collect();
        prop_assert_eq!(got, want);
    }

    #[test]
    fn decisions_ignore_keys_the_rules_do_not_read(
        chans in prop::collection::vec(channel(), 0..8), o in overall(), seed in any::<u64>()
    ) {
        let plain = snap(&file(&chans, o, None));
        let noisy = snap(&file(&chans, o, Some(seed)));
        prop_assert_eq!(&plain.routing, &noisy.routing);
        prop_assert_eq!(&plain.recovery, &noisy.recovery);
        prop_assert_eq!(plain.status, noisy.status);
        let health = |s: &Snapshot| s.channels.iter().map(|c| (c.eval.health, c.eval.routing_priority)).collect::<Vec<_>>();
        prop_assert_eq!(health(&plain), health(&noisy));
    }

    #[test]
    fn primary_has_the_best_priority_among_core(chans in prop::collection::vec(channel(), 1..8)) {
        let s = snap(&file(&chans, "GOOD", None));
        if let Some(p) = &s.routing.recommended_primary {
            let best = s.channels.iter().filter(|c| !c.eval.input.optional)
                .map(|c| c.eval.routing_priority).min().expect("core exists");
            prop_assert_eq!(s.channel(p).expect("primary").eval.routing_priority, best);
        }
    }

    #[test]
    fn offline_exactly_when_availability_is_zero(chans in prop::collection::vec(channel(), 1..8)) {
        let s = snap(&file(&chans, "GOOD", None));
        for c in &s.channels {
            prop_assert_eq!(c.eval.health == Health::Offline, c.eval.input.availability.get() == 0.0);
        }
    }
}
