//! The order a target gets, when a change is due, and the template.

use super::*;
use crate::domain::{evaluate_channels, route, ChannelInput, Num, RoutingMode, Thresholds};

fn ch(name: &str, availability: f64, mean_ms: f64) -> ChannelInput {
    ChannelInput::new(name, Num::round2(availability), Num::round2(mean_ms), false)
}

fn eval(inputs: &[ChannelInput]) -> (Vec<ChannelEval>, Routing) {
    let e = evaluate_channels(inputs.to_vec(), &Thresholds::default());
    let r = route(&e, RoutingMode::Monitoring);
    (e, r)
}

fn names(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn order_is_primary_fallback_then_priority_latency_config_and_offline_last() {
    let (e, r) = eval(&[
        ch("Local", 0.0, 30.0),
        ch("Cloud", 100.0, 150.0),
        ch("Gateway", 100.0, 50.0),
        ch("Slow", 92.0, 300.0),
        ch("Edge", 100.0, 180.0),
    ]);
    assert_eq!(r.recommended_primary.as_deref(), Some("Gateway"));
    let got = order(
        &e,
        &r,
        &names(&["Local", "Cloud", "Gateway", "Slow", "Edge", "Unknown"]),
    );
    assert_eq!(
        got,
        ["Gateway", "Cloud", "Edge", "Slow", "Local", "Unknown"]
    );
}

fn rules() -> ApplyRules {
    ApplyRules {
        min_interval_ms: 60_000,
        window_ms: 300_000,
        started_at_ms: 0,
    }
}

fn state(current: &[&str]) -> TargetState {
    TargetState {
        current: names(current),
        ..TargetState::default()
    }
}

#[test]
fn a_change_is_due_when_the_first_channel_is_not_the_primary() {
    let (e, r) = eval(&[ch("Local", 100.0, 30.0), ch("Cloud", 100.0, 150.0)]);
    let wanted = order(&e, &r, &names(&["Local", "Cloud"]));
    let d = due(
        &rules(),
        &state(&["Cloud", "Local"]),
        &e,
        &r,
        wanted.clone(),
        400_000,
    );
    assert_eq!(
        d,
        Due::Change {
            order: names(&["Local", "Cloud"]),
            reason: "first channel Cloud is not the recommended primary Local".into()
        }
    );
    let d = due(
        &rules(),
        &state(&["Local", "Cloud"]),
        &e,
        &r,
        wanted,
        400_000,
    );
    assert_eq!(
        d,
        Due::Wait("the target already follows the recommendation".into())
    );
}

#[test]
fn a_down_second_is_replaced_when_the_fallback_is_up() {
    let (e, r) = eval(&[
        ch("Local", 100.0, 30.0),
        ch("Cloud", 0.0, 150.0),
        ch("Gateway", 100.0, 90.0),
    ]);
    let wanted = order(&e, &r, &names(&["Local", "Cloud", "Gateway"]));
    let d = due(
        &rules(),
        &state(&["Local", "Cloud", "Gateway"]),
        &e,
        &r,
        wanted,
        400_000,
    );
    assert!(
        matches!(&d, Due::Change { order, reason } if order == &names(&["Local", "Gateway", "Cloud"])
            && reason == "second channel Cloud is down and Gateway is not"),
        "{d:?}"
    );
}

#[test]
fn never_in_the_first_window_and_at_most_once_per_min_interval_unless_the_first_is_down() {
    let (e, r) = eval(&[ch("Local", 100.0, 30.0), ch("Cloud", 100.0, 150.0)]);
    let wanted = order(&e, &r, &names(&["Local", "Cloud"]));
    let current = state(&["Cloud", "Local"]);
    let wait = |d: Due, why: &str| match d {
        Due::Wait(w) => assert!(w.ends_with(why), "{w}"),
        other => panic!("{other:?}"),
    };
    wait(
        due(&rules(), &current, &e, &r, wanted.clone(), 299_999),
        "waiting for one full window since start",
    );
    let recent = TargetState {
        last_change_ms: Some(350_000),
        ..current.clone()
    };
    wait(
        due(&rules(), &recent, &e, &r, wanted.clone(), 400_000),
        "changed less than min_interval ago",
    );
    assert!(matches!(
        due(&rules(), &recent, &e, &r, wanted.clone(), 410_000),
        Due::Change { .. }
    ));
    // The current first channel is down: no waiting for min_interval.
    let (e2, r2) = eval(&[ch("Local", 100.0, 30.0), ch("Cloud", 0.0, 150.0)]);
    assert!(matches!(
        due(&rules(), &recent, &e2, &r2, wanted.clone(), 360_000),
        Due::Change { .. }
    ));
    // But a failed change is not retried within min_interval, down or not.
    let failed = TargetState {
        last_failure_ms: Some(350_000),
        ..current
    };
    wait(
        due(&rules(), &failed, &e2, &r2, wanted, 360_000),
        "the last change failed less than min_interval ago",
    );
}

#[test]
fn templates_substitute_orders_and_names_and_refuse_unknown_placeholders() {
    let order = names(&["Cloud", "Local"]);
    let t = "model_list:\n  - model_name: chat\n    litellm_params: { order: {{order:Local}} }\n  \
             - model_name: chat\n    litellm_params: { order: {{ order:Cloud }} }\n# {{primary}} then {{fallback}}\n";
    let out = render(t, &order).expect("renders");
    assert!(out.contains("{ order: 2 }") && out.contains("{ order: 1 }"));
    assert!(out.ends_with("# Cloud then Local\n"));
    assert_eq!(
        render("{{fallback}}", &names(&["Only"])).as_deref(),
        Ok("Only")
    );
    assert!(render("{{order:Gone}}", &order)
        .unwrap_err()
        .contains("Gone is not in the order"));
    assert!(parse_template("{{ordr:Local}}")
        .unwrap_err()
        .contains("unknown placeholder"));
    assert!(parse_template("x {{primary")
        .unwrap_err()
        .contains("unclosed"));
    assert_eq!(
        render("no placeholders", &order).as_deref(),
        Ok("no placeholders")
    );
}
