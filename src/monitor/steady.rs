//! Routing that holds still (live and replay only; metrics files keep the bridge's rule
//! bit for bit, docs/rules.md).
//!
//! The bridge's rule picks the best core channel afresh at every evaluation, so two
//! channels at ~2 ms swap on noise. Here the primary stays until another core channel is
//! better by a margin — a better priority class, or a mean latency lower by
//! max(20 %, 20 ms) — for [`SWITCH_AFTER`] evaluations in a row. A primary that turns
//! OFFLINE or POOR is replaced at once, so detection is as fast as without hysteresis.
//! And an OFFLINE channel is never recommended as fallback.

use crate::domain::{
    recovery, ChannelEval, Decision, Health, Overall, Policy, RoutingMode, Status,
};

/// Evaluations in a row that a challenger must stay better by the margin.
pub const SWITCH_AFTER: u32 = 3;
/// The relative part of the latency margin (20 %).
const MARGIN_RATIO: f64 = 0.2;
/// The absolute floor of the latency margin, in ms.
const MARGIN_MS: f64 = 20.0;

/// The primary held between evaluations and the channel challenging it.
#[derive(Debug, Default)]
pub(super) struct Hold {
    primary: Option<String>,
    challenger: Option<(String, u32)>,
    /// The data generation the challenger was last counted at: evaluations without new
    /// observations (a pause, a redraw) do not count towards a switch.
    counted_at: u64,
}

impl Hold {
    /// Applies hysteresis and the fallback rule to `d` (the bridge rule's decision), then
    /// re-derives recovery and status from the primary actually recommended.
    pub(super) fn apply(
        &mut self,
        mut d: Decision,
        overall: &Overall,
        policy: &Policy,
        generation: u64,
    ) -> Decision {
        if policy.mode != RoutingMode::Monitoring {
            // Static order does not move on its own; start afresh when monitoring resumes.
            *self = Hold::default();
        } else if let Some(rule) = d.routing.recommended_primary.clone() {
            let fresh = generation != self.counted_at;
            self.counted_at = generation;
            let chosen = self.choose(&d.channels, &rule, fresh);
            if chosen != rule {
                let n = self.challenger.as_ref().map_or(0, |(_, n)| *n);
                reroute(&mut d, &chosen, &rule, n);
            }
        } else {
            *self = Hold::default();
        }
        drop_offline_fallback(&mut d);
        d.recovery = recovery::decide(
            overall,
            &d.channels,
            d.routing.recommended_primary.as_deref(),
            &policy.actions,
        );
        d.status = Status::of(&d.channels, &d.recovery);
        d
    }

    /// The primary to recommend when the rule's pick is `rule`.
    fn choose(&mut self, channels: &[ChannelEval], rule: &str, fresh: bool) -> String {
        let core = |name: &str| {
            channels
                .iter()
                .find(|c| !c.input.optional && c.input.name == name)
        };
        let held = self.primary.as_deref().and_then(core);
        let (Some(held), Some(cand)) = (held, core(rule)) else {
            return self.take(rule);
        };
        if held.input.name == rule || matches!(held.health, Health::Offline | Health::Poor) {
            return self.take(rule);
        }
        if !better_by_margin(cand, held) {
            self.challenger = None;
            return held.input.name.clone();
        }
        // Counted whoever the challenger is: when the rule's pick alternates between two
        // channels that both beat a sagging primary, the primary must still move.
        let n = match &self.challenger {
            Some((_, n)) if fresh => n + 1,
            Some((_, n)) => *n,
            None => 1,
        };
        if n >= SWITCH_AFTER {
            return self.take(rule);
        }
        self.challenger = Some((rule.to_string(), n));
        held.input.name.clone()
    }

    fn take(&mut self, name: &str) -> String {
        self.primary = Some(name.to_string());
        self.challenger = None;
        name.to_string()
    }
}

/// The class a priority belongs to for hysteresis: the IMPROVING bonus (1) is a latency
/// hint that noise flips, so it ranks with EXCELLENT/GOOD (2); the mean margin covers it.
fn class(c: &ChannelEval) -> u8 {
    c.routing_priority.max(2)
}

/// Whether `cand` beats `held` by more than noise: a better class, or in the same class a
/// mean lower by max(20 %, 20 ms).
pub fn better_by_margin(cand: &ChannelEval, held: &ChannelEval) -> bool {
    let (c, h) = (class(cand), class(held));
    if c != h {
        return c < h;
    }
    let held_ms = held.input.mean_latency_ms.get();
    let margin = (held_ms * MARGIN_RATIO).max(MARGIN_MS);
    cand.input.mean_latency_ms.get() < held_ms - margin
}

/// Makes `primary` the recommendation instead of the rule's `rule`; the fallback becomes
/// the best other core channel, as the rule would order them.
fn reroute(d: &mut Decision, primary: &str, rule: &str, counted: u32) {
    // The first in a stable sort by the rule = the earliest minimum (ties keep order).
    let best = d
        .channels
        .iter()
        .filter(|c| !c.input.optional && c.input.name != primary)
        .reduce(
            |best, c| match crate::domain::routing::rule_order(c, best) {
                std::cmp::Ordering::Less => c,
                _ => best,
            },
        );
    let r = &mut d.routing;
    r.recommended_primary = Some(primary.to_string());
    r.recommended_fallback = best
        .map(|c| c.input.name.clone())
        .or_else(|| Some(primary.to_string()));
    r.fallback_channels = d
        .channels
        .iter()
        .filter(|c| c.health.is_healthy() && c.input.name != primary)
        .map(|c| c.input.name.clone())
        .collect();
    r.reason = if counted == 0 {
        format!(
            "{primary} stays primary: {rule} is not better by a margin \
             (a better health class, or mean lower by max(20%, 20 ms))"
        )
    } else {
        format!(
            "{primary} stays primary: {rule} has been better for {counted} of \
             {SWITCH_AFTER} evaluations needed to switch"
        )
    };
}

/// Live sources never recommend an OFFLINE fallback: `null` and a reason instead.
fn drop_offline_fallback(d: &mut Decision) {
    let r = &mut d.routing;
    let Some(name) = r.recommended_fallback.as_deref() else {
        return;
    };
    let offline = d
        .channels
        .iter()
        .any(|c| c.input.name == name && c.health == Health::Offline);
    if offline {
        r.fallback_reason = Some(if Some(name) == r.recommended_primary.as_deref() {
            format!("no fallback: {name} is the only core channel and it is OFFLINE")
        } else {
            format!("no fallback: every other core channel is OFFLINE (best: {name})")
        });
        r.recommended_fallback = None;
    }
}
