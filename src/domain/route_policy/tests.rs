//! Each policy's ranking, margin and sentence, without hysteresis (that is
//! `monitor/steady.rs`'s, tested there and on traces in `tests/routing_policies.rs`).

use super::*;
use crate::domain::{evaluate_channels, ChannelInput, Num, Thresholds};

fn ch(name: &str, availability: f64, mean_ms: f64) -> ChannelInput {
    ChannelInput::new(name, Num::round2(availability), Num::round2(mean_ms), false)
}

fn evals(inputs: &[ChannelInput]) -> Vec<ChannelEval> {
    evaluate_channels(inputs.to_vec(), &Thresholds::default())
}

fn pick(policy: &RoutePolicy, e: &[ChannelEval], traits: &[ChannelTraits]) -> Option<String> {
    let s = Scorer::new(policy, e, traits);
    s.best_two(e, None).0.map(|i| e[i].input.name.clone())
}

fn ceilings() -> RoutePolicy {
    RoutePolicy::Ceiling(vec![
        Ceiling {
            channel: "Gateway".into(),
            max_latency_ms: Some(300.0),
        },
        Ceiling {
            channel: "Cloud".into(),
            max_latency_ms: Some(500.0),
        },
        Ceiling {
            channel: "Local".into(),
            max_latency_ms: None,
        },
    ])
}

/// The replaced IntentRouter's `route_with_monitoring()`, as it was written:
/// Gateway under 300 ms, else Cloud under 500 ms, else Local.
fn python_rule(gateway: f64, cloud: f64) -> &'static str {
    if gateway < 300.0 {
        "Gateway"
    } else if cloud < 500.0 {
        "Cloud"
    } else {
        "Local"
    }
}

#[test]
fn ceiling_matches_the_replaced_python_rule_on_every_case_where_all_are_up() {
    let cases = [
        (50.0, 100.0),
        (299.99, 600.0),
        (300.0, 499.0),
        (300.0, 500.0),
        (412.0, 231.0),
        (1000.0, 900.0),
        (0.5, 0.5),
        (301.0, 120.0),
        (2000.0, 499.99),
    ];
    for (gateway, cloud) in cases {
        let e = evals(&[
            ch("Gateway", 100.0, gateway),
            ch("Cloud", 100.0, cloud),
            ch("Local", 100.0, 900.0),
        ]);
        assert_eq!(
            pick(&ceilings(), &e, &[]).as_deref(),
            Some(python_rule(gateway, cloud)),
            "gateway {gateway} cloud {cloud}"
        );
    }
}

/// Unlike the Python rule, a channel that is down is never chosen, the last resort
/// included: then the best other by health.
#[test]
fn ceiling_skips_offline_channels_even_the_last_resort() {
    let e = evals(&[
        ch("Gateway", 0.0, 50.0),
        ch("Cloud", 100.0, 700.0),
        ch("Local", 100.0, 900.0),
    ]);
    assert_eq!(pick(&ceilings(), &e, &[]).as_deref(), Some("Local"));
    let e = evals(&[
        ch("Gateway", 0.0, 50.0),
        ch("Cloud", 100.0, 700.0),
        ch("Local", 0.0, 900.0),
    ]);
    assert_eq!(pick(&ceilings(), &e, &[]).as_deref(), Some("Cloud"));
}

/// A challenger clears its ceiling only by max(10 %, 20 ms); the holder keeps it up to
/// the ceiling itself, so a mean wobbling at 300 ms does not move traffic back and forth.
#[test]
fn a_ceiling_has_a_band_for_challengers() {
    let policy = ceilings();
    let e = evals(&[ch("Gateway", 100.0, 280.0), ch("Cloud", 100.0, 200.0)]);
    let s = Scorer::new(&policy, &e, &[]);
    assert_eq!(s.standing(0, &e[0], Role::Holder).tier, 0);
    assert!(s.standing(0, &e[0], Role::Challenger).tier >= UNLISTED_TIER);
    let e = evals(&[ch("Gateway", 100.0, 269.0), ch("Cloud", 100.0, 200.0)]);
    let s = Scorer::new(&policy, &e, &[]);
    assert_eq!(s.standing(0, &e[0], Role::Challenger).tier, 0);
}

#[test]
fn ceiling_explains_with_the_numbers_and_the_runner_up() {
    let e = evals(&[
        ch("Gateway", 100.0, 412.0),
        ch("Cloud", 100.0, 231.0),
        ch("Local", 100.0, 900.0),
    ]);
    let policy = ceilings();
    let s = Scorer::new(&policy, &e, &[]);
    let (p, r) = s.best_two(&e, None);
    assert_eq!(
        s.explain(&e, p, r),
        "ceiling: Gateway 412 ms ≥ 300 ms, Cloud 231 ms < 500 ms → Cloud; runner-up Local"
    );
}

fn priced(costs: &[Option<f64>]) -> Vec<ChannelTraits> {
    costs
        .iter()
        .map(|&cost_per_1k_tokens| ChannelTraits {
            cost_per_1k_tokens,
            ..ChannelTraits::default()
        })
        .collect()
}

#[test]
fn balanced_takes_a_cheap_channel_that_is_slightly_slower() {
    let policy = RoutePolicy::Balanced(Weights::default());
    let e = evals(&[ch("Dear", 100.0, 150.0), ch("Cheap", 100.0, 162.0)]);
    let t = priced(&[Some(1.0), Some(0.2)]);
    assert_eq!(pick(&policy, &e, &t).as_deref(), Some("Cheap"));
    // Twice as slow is not worth a fifth of the price at the default weights.
    let e = evals(&[ch("Dear", 100.0, 80.0), ch("Cheap", 100.0, 190.0)]);
    assert_eq!(pick(&policy, &e, &t).as_deref(), Some("Dear"));
    // A missing price never looks cheap.
    let e = evals(&[ch("Known", 100.0, 150.0), ch("Unknown", 100.0, 150.0)]);
    let t = priced(&[Some(1.0), None]);
    assert_eq!(pick(&policy, &e, &t).as_deref(), Some("Known"));
}

#[test]
fn balanced_prefers_healthy_over_cheap_and_weighs_availability() {
    let policy = RoutePolicy::Balanced(Weights::default());
    let t = priced(&[Some(1.0), Some(0.1)]);
    // DEGRADED (92 %) is a worse tier whatever the price.
    let e = evals(&[ch("Dear", 100.0, 150.0), ch("Cheap", 92.0, 60.0)]);
    assert_eq!(pick(&policy, &e, &t).as_deref(), Some("Dear"));
    // Both healthy: 95 % availability costs 1.0 of score, more than the price gap (0.9).
    let e = evals(&[ch("Dear", 100.0, 150.0), ch("Cheap", 95.0, 150.0)]);
    assert_eq!(pick(&policy, &e, &t).as_deref(), Some("Dear"));
    let s = Scorer::new(&policy, &e, &t);
    let (p, r) = s.best_two(&e, None);
    assert_eq!(
        s.explain(&e, p, r),
        "balanced: Dear score 2.00 (150 ms, $1/1k, 100%) → Dear; \
         runner-up Cheap score 2.10 (150 ms, $0.1/1k, 95%)"
    );
}

fn regions(names: &[&str]) -> Vec<ChannelTraits> {
    names
        .iter()
        .map(|r| ChannelTraits {
            region: (!r.is_empty()).then(|| r.to_string()),
            ..ChannelTraits::default()
        })
        .collect()
}

#[test]
fn region_takes_the_best_healthy_channel_of_the_first_region_that_has_one() {
    let policy = RoutePolicy::Region(vec!["ap-northeast-2".into(), "us-west-2".into()]);
    let t = regions(&["us-west-2", "ap-northeast-2", "ap-northeast-2", ""]);
    let healthy = evals(&[
        ch("Oregon", 100.0, 40.0),
        ch("Seoul-a", 100.0, 150.0),
        ch("Seoul-b", 100.0, 120.0),
        ch("Nowhere", 100.0, 10.0),
    ]);
    assert_eq!(pick(&policy, &healthy, &t).as_deref(), Some("Seoul-b"));
    // The first region degrades: spill to the next region, not to the unlisted one.
    let degraded = evals(&[
        ch("Oregon", 100.0, 40.0),
        ch("Seoul-a", 92.0, 150.0),
        ch("Seoul-b", 0.0, 120.0),
        ch("Nowhere", 100.0, 10.0),
    ]);
    assert_eq!(pick(&policy, &degraded, &t).as_deref(), Some("Oregon"));
    // Every listed region is down: the unlisted channel before a DEGRADED one.
    let gone = evals(&[
        ch("Oregon", 0.0, 40.0),
        ch("Seoul-a", 92.0, 150.0),
        ch("Seoul-b", 0.0, 120.0),
        ch("Nowhere", 100.0, 10.0),
    ]);
    assert_eq!(pick(&policy, &gone, &t).as_deref(), Some("Nowhere"));
    let s = Scorer::new(&policy, &healthy, &t);
    let (p, r) = s.best_two(&healthy, None);
    assert_eq!(
        s.explain(&healthy, p, r),
        "region: Seoul-b GOOD 120 ms in ap-northeast-2 → Seoul-b; \
         runner-up Seoul-a GOOD 150 ms in ap-northeast-2"
    );
}

/// Margins: health and region in ms (max(20 %, 20 ms)), balanced in score (max(10 %, 0.05)).
#[test]
fn margins_are_in_the_policys_own_terms() {
    let e = evals(&[ch("A", 100.0, 100.0)]);
    let at = |tier, value| Standing { tier, value };
    for policy in [RoutePolicy::Health, RoutePolicy::Region(vec!["r".into()])] {
        let s = Scorer::new(&policy, &e, &[]);
        assert!(!s.better_by_margin(at(2, 80.0), at(2, 100.0)));
        assert!(s.better_by_margin(at(2, 79.0), at(2, 100.0)));
        assert!(
            s.better_by_margin(at(1, 500.0), at(2, 100.0)),
            "a better tier wins"
        );
    }
    let policy = RoutePolicy::Balanced(Weights::default());
    let s = Scorer::new(&policy, &e, &[]);
    assert!(!s.better_by_margin(at(0, 1.85), at(0, 2.0)));
    assert!(s.better_by_margin(at(0, 1.79), at(0, 2.0)));
    assert!(
        !s.better_by_margin(at(0, 0.26), at(0, 0.3)),
        "the 0.05 floor"
    );
}

#[test]
fn health_explains_like_the_rule() {
    let e = evals(&[ch("Local", 100.0, 37.1), ch("Cloud", 100.0, 162.0)]);
    let s = Scorer::new(&RoutePolicy::Health, &e, &[]);
    assert_eq!(
        s.explain(&e, Some(0), Some(1)),
        "health: Local EXCELLENT 37.1 ms → Local; runner-up Cloud GOOD 162 ms"
    );
    assert_eq!(
        s.explain(&e, None, None),
        "health: no core channel to route to"
    );
}

fn predicted(list: &[Option<Health>]) -> Vec<ChannelTraits> {
    list.iter()
        .map(|&predicted| ChannelTraits {
            predicted,
            ..ChannelTraits::default()
        })
        .collect()
}

#[test]
fn a_channel_predicted_to_degrade_ranks_as_degraded_under_each_policy_but_ceiling() {
    // Fast is faster, but its forecast reaches DEGRADED: traffic goes to Steady first.
    let e = evals(&[ch("Fast", 100.0, 40.0), ch("Steady", 100.0, 90.0)]);
    let t = predicted(&[Some(Health::Degraded), None]);
    let region = RoutePolicy::Region(vec!["r".into()]);
    let policies = [
        RoutePolicy::Health,
        RoutePolicy::Balanced(Weights::default()),
        region,
    ];
    for policy in &policies {
        assert_eq!(
            pick(policy, &e, &t).as_deref(),
            Some("Steady"),
            "{policy:?}"
        );
        assert_eq!(pick(policy, &e, &[]).as_deref(), Some("Fast"), "{policy:?}");
    }
    let s = Scorer::new(&RoutePolicy::Health, &e, &t);
    let (p, r) = s.best_two(&e, None);
    assert_eq!(
        s.explain(&e, p, r),
        "health: Steady EXCELLENT 90 ms → Steady; runner-up Fast EXCELLENT 40 ms, predicted DEGRADED"
    );
    // Ceilings read the latency against fixed limits; a prediction does not move them.
    let list = RoutePolicy::Ceiling(vec![Ceiling {
        channel: "Fast".into(),
        max_latency_ms: Some(300.0),
    }]);
    assert_eq!(pick(&list, &e, &t).as_deref(), Some("Fast"));
}

#[test]
fn a_prediction_never_ranks_a_channel_better_or_down() {
    // A prediction no worse than now changes nothing; a predicted OFFLINE ranks as POOR,
    // still ahead of a channel that is down.
    let e = evals(&[ch("Slow", 92.0, 150.0), ch("Fast", 100.0, 40.0)]);
    let t = predicted(&[Some(Health::Good), None]);
    assert_eq!(pick(&RoutePolicy::Health, &e, &t).as_deref(), Some("Fast"));
    let e = evals(&[ch("Going", 100.0, 40.0), ch("Down", 0.0, 999.0)]);
    let t = predicted(&[Some(Health::Offline), None]);
    let s = Scorer::new(&RoutePolicy::Health, &e, &t);
    assert_eq!(s.standing(0, &e[0], Role::Holder).tier, 4);
    assert_eq!(pick(&RoutePolicy::Health, &e, &t).as_deref(), Some("Going"));
}
