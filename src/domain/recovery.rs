//! Whether recovery must run, and why (recovery rules of docs/rules.md, first match wins).

use serde::Serialize;

use super::health::{Health, Overall};
use super::ChannelEval;

/// The seed bridge's action names; live configs may replace them.
pub const DEFAULT_ACTIONS: [&str; 2] = ["restart_worker", "check_gateway"];

/// The recovery decision.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recovery {
    pub should_trigger: bool,
    pub reason: String,
    pub recommended_actions: Vec<String>,
    /// Which rule fired (1–3), for `explain`; `None` when none did.
    pub rule: Option<u8>,
}

impl Recovery {
    fn none() -> Recovery {
        Recovery {
            should_trigger: false,
            reason: String::new(),
            recommended_actions: Vec::new(),
            rule: None,
        }
    }
}

/// Applies the three recovery rules in their order of precedence.
pub fn decide(
    overall: &Overall,
    channels: &[ChannelEval],
    primary: Option<&str>,
    actions: &[String],
) -> Recovery {
    let fired = |rule: u8, reason: String| Recovery {
        should_trigger: true,
        reason,
        recommended_actions: actions.to_vec(),
        rule: Some(rule),
    };
    if overall.demands_recovery() {
        return fired(1, format!("Overall health is {overall}"));
    }
    let core_down = channels
        .iter()
        .filter(|c| !c.input.optional && c.health.is_down())
        .count();
    if core_down >= 2 {
        return fired(2, format!("{core_down} channels are POOR or OFFLINE"));
    }
    let primary = primary.and_then(|name| channels.iter().find(|c| c.input.name == name));
    if let Some(p) = primary {
        if p.health != Health::Excellent && p.health != Health::Good {
            return fired(
                3,
                format!("Primary channel {} is {}", p.input.name, p.health),
            );
        }
    }
    Recovery::none()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{evaluate, ChannelInput, Policy};

    fn ch(name: &str, avail: f64, mean: f64, optional: bool) -> ChannelInput {
        ChannelInput::new(name, avail.into(), mean.into(), optional)
    }

    fn rec(overall: &str, inputs: Vec<ChannelInput>) -> Recovery {
        evaluate(inputs, &Overall::parse(overall), &Policy::default()).recovery
    }

    #[test]
    fn overall_rule_comes_first() {
        for o in ["DEGRADED", "POOR", "CRITICAL"] {
            let r = rec(o, vec![ch("A", 0.0, 1.0, false), ch("B", 0.0, 1.0, false)]);
            assert!(r.should_trigger);
            assert_eq!(r.reason, format!("Overall health is {o}"));
            assert_eq!(
                r.recommended_actions,
                vec!["restart_worker", "check_gateway"]
            );
            assert_eq!(r.rule, Some(1));
        }
    }

    #[test]
    fn two_core_down_beats_primary_rule() {
        let r = rec(
            "EXCELLENT",
            vec![
                ch("A", 50.0, 1.0, false),
                ch("B", 0.0, 1.0, false),
                ch("C", 92.0, 1.0, false),
            ],
        );
        assert_eq!(r.reason, "2 channels are POOR or OFFLINE");
        assert_eq!(r.rule, Some(2));
    }

    #[test]
    fn optional_channels_do_not_count_as_core_down() {
        let r = rec(
            "EXCELLENT",
            vec![
                ch("A", 100.0, 50.0, false),
                ch("B", 0.0, 1.0, true),
                ch("C", 0.0, 1.0, true),
            ],
        );
        assert!(!r.should_trigger);
        assert_eq!(r, Recovery::none());
    }

    #[test]
    fn primary_not_healthy_triggers() {
        let r = rec(
            "GOOD",
            vec![ch("A", 92.0, 50.0, false), ch("B", 50.0, 1.0, false)],
        );
        assert_eq!(r.reason, "Primary channel A is DEGRADED");
        let r = rec("GOOD", vec![ch("A", 50.0, 50.0, false)]);
        assert_eq!(r.reason, "Primary channel A is POOR");
        let r = rec("GOOD", vec![ch("A", 0.0, 50.0, false)]);
        assert_eq!(r.reason, "Primary channel A is OFFLINE");
    }

    #[test]
    fn healthy_primary_and_unknown_overall_do_not_trigger() {
        for o in ["EXCELLENT", "GOOD", "UNKNOWN", "something"] {
            let r = rec(
                o,
                vec![ch("A", 100.0, 150.0, false), ch("B", 50.0, 1.0, false)],
            );
            assert!(!r.should_trigger, "{o}");
            assert_eq!(r.reason, "");
            assert!(r.recommended_actions.is_empty());
        }
    }

    #[test]
    fn no_core_channel_does_not_trigger_on_primary() {
        let r = rec("GOOD", vec![ch("Opt", 0.0, 1.0, true)]);
        assert!(!r.should_trigger);
    }
}
