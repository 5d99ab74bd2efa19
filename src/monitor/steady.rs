//! Routing that holds still (live and replay only; metrics files keep the bridge's rule
//! bit for bit, docs/rules.md).
//!
//! The bridge's rule picks the best core channel afresh at every evaluation, so two
//! channels at ~2 ms swap on noise. Here the routing policy (docs/routing.md) picks, and
//! the primary and the fallback each stay until another core channel is better by the
//! policy's margin — for the health ranking a better priority class, or a typical latency
//! lower by max(20 %, 20 ms) — for [`SWITCH_AFTER`] evaluations in a row. A holder that
//! turns OFFLINE or POOR is replaced at once, so detection is as fast as without
//! hysteresis. An OFFLINE channel is never recommended as fallback. Task classes get the
//! same, each with its own policy and holders.

use crate::domain::route_policy::{ChannelTraits, Role, RoutePolicy, Scorer};
use crate::domain::routing::TaskRoute;
use crate::domain::{
    recovery, ChannelEval, Decision, Health, Overall, Policy, Routing, RoutingMode, Status,
};

/// Evaluations in a row that a challenger must stay better by the margin.
pub const SWITCH_AFTER: u32 = 3;

/// The roles held between evaluations: the main route's and each task's.
#[derive(Debug, Default)]
pub(super) struct Hold {
    main: Roles,
    tasks: Vec<Roles>,
    /// The data generation the challengers were last counted at: evaluations without new
    /// observations (a pause, a redraw) do not count towards a switch.
    counted_at: u64,
}

/// A primary and a fallback, each held with its challenger.
#[derive(Debug, Default)]
struct Roles {
    primary: Slot,
    fallback: Slot,
}

/// One held role (primary or fallback) and the channel challenging it.
#[derive(Debug, Default)]
struct Slot {
    held: Option<String>,
    challenger: Option<(String, u32)>,
}

impl Hold {
    /// Applies the routing policy with hysteresis and the fallback rule to `d` (the bridge
    /// rule's decision), routes each task class, then re-derives recovery and status from
    /// the primary actually recommended. `traits` lines up with `d.channels`.
    pub(super) fn apply(
        &mut self,
        mut d: Decision,
        overall: &Overall,
        policy: &Policy,
        generation: u64,
        traits: &[ChannelTraits],
    ) -> Decision {
        if policy.mode != RoutingMode::Monitoring {
            // Static order does not move on its own; start afresh when monitoring resumes.
            *self = Hold::default();
        } else {
            let fresh = generation != self.counted_at;
            self.counted_at = generation;
            let bridge = d.routing.recommended_primary.clone();
            let scorer = Scorer::new(&policy.route, &d.channels, traits);
            // The bridge's routing, before the main policy changes it, for each task.
            let base = (!policy.tasks.is_empty()).then(|| d.routing.clone());
            self.main.route(
                &d.channels,
                &mut d.routing,
                bridge.as_deref(),
                &scorer,
                fresh,
            );
            self.tasks.resize_with(policy.tasks.len(), Roles::default);
            for (task, roles) in policy.tasks.iter().zip(&mut self.tasks) {
                let scorer = Scorer::new(&task.route, &d.channels, traits);
                let mut r = base.clone().unwrap_or_else(|| d.routing.clone());
                roles.route(&d.channels, &mut r, bridge.as_deref(), &scorer, fresh);
                drop_offline_fallback(&d.channels, &mut r);
                d.routing.tasks.push(TaskRoute::new(&task.name, r));
            }
        }
        drop_offline_fallback(&d.channels, &mut d.routing);
        d.recovery = recovery::decide(
            overall,
            &d.channels,
            d.routing.recommended_primary.as_deref(),
            &policy.actions,
        );
        d.status = Status::of(&d.channels, &d.recovery);
        d
    }
}

impl Roles {
    /// Sets `r`'s primary, fallback, reason and explain by the scorer's policy with
    /// hysteresis; `bridge` is the bridge rule's primary (the health policy's pick).
    fn route(
        &mut self,
        channels: &[ChannelEval],
        r: &mut Routing,
        bridge: Option<&str>,
        scorer: &Scorer,
        fresh: bool,
    ) {
        r.policy = scorer.policy().name();
        let Some(rule) = policy_pick(channels, bridge, scorer, None) else {
            *self = Roles::default();
            r.explain = scorer.explain(channels, None, None);
            return;
        };
        let (primary, counted) = self.primary.choose(scorer, channels, rule, None, fresh);
        let primary_name = channels[primary].input.name.clone();
        let fallback = match policy_pick(channels, bridge, scorer, Some(&primary_name)) {
            Some(f) => Some(
                self.fallback
                    .choose(scorer, channels, f, Some(&primary_name), fresh)
                    .0,
            ),
            None => {
                self.fallback = Slot::default();
                None
            }
        };
        r.explain = scorer.explain(channels, Some(primary), fallback);
        if primary != rule {
            let rule_name = &channels[rule].input.name;
            r.reason = held_reason(scorer.policy(), &primary_name, rule_name, counted);
            r.explain = format!("{}; {}", r.explain, r.reason);
        } else if scorer.policy() != &RoutePolicy::Health {
            r.reason = r.explain.clone();
        }
        r.recommended_fallback = Some(channels[fallback.unwrap_or(primary)].input.name.clone());
        r.fallback_channels = channels
            .iter()
            .filter(|c| c.health.is_healthy() && c.input.name != primary_name)
            .map(|c| c.input.name.clone())
            .collect();
        r.recommended_primary = Some(primary_name);
    }
}

/// The policy's own pick among the core channels other than `except`, before hysteresis.
/// The health policy keeps the bridge's order exactly (the IMPROVING bonus included).
fn policy_pick(
    channels: &[ChannelEval],
    bridge: Option<&str>,
    scorer: &Scorer,
    except: Option<&str>,
) -> Option<usize> {
    if scorer.policy() != &RoutePolicy::Health {
        return scorer.best_two(channels, except).0;
    }
    if except.is_none() {
        return bridge.and_then(|r| channels.iter().position(|c| c.input.name == r));
    }
    // The first in a stable sort by the rule = the earliest minimum (ties keep order).
    channels
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.input.optional && Some(c.input.name.as_str()) != except)
        .reduce(
            |best, c| match crate::domain::routing::rule_order(c.1, best.1) {
                std::cmp::Ordering::Less => c,
                _ => best,
            },
        )
        .map(|(i, _)| i)
}

impl Slot {
    /// The channel to recommend for this role when the policy picks `rule`, and how many
    /// evaluations a challenger has been counted (0 when none is). `except` is a channel
    /// the role may not hold (the primary, for the fallback).
    fn choose(
        &mut self,
        scorer: &Scorer,
        channels: &[ChannelEval],
        rule: usize,
        except: Option<&str>,
        fresh: bool,
    ) -> (usize, u32) {
        let held = self
            .held
            .as_deref()
            .filter(|h| Some(*h) != except)
            .and_then(|h| {
                channels
                    .iter()
                    .position(|c| !c.input.optional && c.input.name == h)
            });
        let Some(held) = held else {
            return (self.take(channels, rule), 0);
        };
        let h = &channels[held];
        if held == rule || matches!(h.health, Health::Offline | Health::Poor) {
            return (self.take(channels, rule), 0);
        }
        let cand = scorer.standing(rule, &channels[rule], Role::Challenger);
        if !scorer.better_by_margin(cand, scorer.standing(held, h, Role::Holder)) {
            self.challenger = None;
            return (held, 0);
        }
        // Counted whoever the challenger is: when the pick alternates between two
        // channels that both beat a sagging holder, the holder must still move.
        let n = match &self.challenger {
            Some((_, n)) if fresh => n + 1,
            Some((_, n)) => *n,
            None => 1,
        };
        if n >= SWITCH_AFTER {
            return (self.take(channels, rule), 0);
        }
        self.challenger = Some((channels[rule].input.name.clone(), n));
        (held, n)
    }

    fn take(&mut self, channels: &[ChannelEval], i: usize) -> usize {
        self.held = Some(channels[i].input.name.clone());
        self.challenger = None;
        i
    }
}

fn held_reason(policy: &RoutePolicy, primary: &str, rule: &str, counted: u32) -> String {
    if counted == 0 && *policy == RoutePolicy::Health {
        format!(
            "{primary} stays primary: {rule} is not better by a margin \
             (a better health class, or mean lower by max(20%, 20 ms))"
        )
    } else if counted == 0 {
        format!(
            "{primary} stays primary: {rule} is not better by the {} policy's margin",
            policy.name()
        )
    } else {
        format!(
            "{primary} stays primary: {rule} has been better for {counted} of \
             {SWITCH_AFTER} evaluations needed to switch"
        )
    }
}

/// Live sources never recommend an OFFLINE fallback: `null` and a reason instead.
fn drop_offline_fallback(channels: &[ChannelEval], r: &mut Routing) {
    let Some(name) = r.recommended_fallback.as_deref() else {
        return;
    };
    let offline = channels
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{decide, evaluate_channels, ChannelInput, Num, Trend};

    fn core(name: &str, availability: f64, mean_ms: f64) -> ChannelInput {
        ChannelInput::new(name, Num::round2(availability), Num::round2(mean_ms), false)
    }

    fn evals(inputs: &[ChannelInput]) -> Vec<ChannelEval> {
        evaluate_channels(inputs.to_vec(), &Policy::default().thresholds)
    }

    /// One `Hold` fed as the monitor feeds it: the bridge rule's decision, then hysteresis.
    #[derive(Default)]
    struct Evaluator {
        hold: Hold,
        generation: u64,
    }

    impl Evaluator {
        /// An evaluation after a probe round brought new observations.
        fn round(&mut self, inputs: &[ChannelInput]) -> Decision {
            self.generation += 1;
            self.redraw(inputs)
        }

        /// An evaluation without new observations (a paused console, a redraw).
        fn redraw(&mut self, inputs: &[ChannelInput]) -> Decision {
            let policy = Policy::default();
            let d = decide(evals(inputs), &Overall::Good, &policy);
            self.hold
                .apply(d, &Overall::Good, &policy, self.generation, &[])
        }
    }

    fn primary(d: &Decision) -> &str {
        d.routing.recommended_primary.as_deref().unwrap_or("null")
    }

    /// The margin is max(20 %, 20 ms) below the held mean, and landing on it is noise.
    #[test]
    fn the_margin_is_twenty_percent_or_twenty_ms_whichever_is_more() {
        let better = |cand_ms: f64, held_ms: f64| {
            let e = evals(&[core("Cand", 100.0, cand_ms), core("Held", 100.0, held_ms)]);
            let scorer = Scorer::new(&RoutePolicy::Health, &e, &[]);
            let (c, h) = (
                scorer.standing(0, &e[0], Role::Challenger),
                scorer.standing(1, &e[1], Role::Holder),
            );
            scorer.better_by_margin(c, h)
        };
        // Fast channels: the 20 ms floor (20 % of 50 ms would be only 10 ms).
        assert!(!better(39.0, 50.0));
        assert!(!better(30.0, 50.0), "exactly on the margin is noise");
        assert!(better(29.0, 50.0));
        // Slower channels: 20 % (30 ms of 150 ms, more than the floor).
        assert!(!better(125.0, 150.0));
        assert!(!better(120.0, 150.0), "exactly on the margin is noise");
        assert!(better(119.0, 150.0));
        // Slower is never better, whatever the margin.
        assert!(!better(160.0, 150.0));
    }

    /// A primary that sags to DEGRADED is not dropped on one evaluation, but a healthy
    /// channel beats it on health class alone — even a slower one — after SWITCH_AFTER
    /// evaluations in a row. Meanwhile the reason counts, the fallback is the challenger,
    /// and recovery judges the primary actually recommended.
    #[test]
    fn a_degraded_primary_gives_way_to_a_healthier_channel_after_three_rounds() {
        let mut e = Evaluator::default();
        let d = e.round(&[core("A", 100.0, 40.0), core("B", 100.0, 60.0)]);
        assert_eq!(primary(&d), "A");
        let sagging = [core("A", 92.0, 40.0), core("B", 100.0, 60.0)];
        for n in 1..SWITCH_AFTER {
            let d = e.round(&sagging);
            assert_eq!(primary(&d), "A", "round {n}");
            assert_eq!(
                d.routing.reason,
                format!(
                    "A stays primary: B has been better for {n} of 3 evaluations needed to switch"
                )
            );
            assert_eq!(d.routing.recommended_fallback.as_deref(), Some("B"));
            assert_eq!(d.recovery.rule, Some(3), "the held primary is DEGRADED");
        }
        let d = e.round(&sagging);
        assert_eq!(primary(&d), "B");
        assert!(!d.recovery.should_trigger);
    }

    /// Noise below the margin never starts a count, and the reason says so.
    #[test]
    fn a_slightly_faster_channel_does_not_take_over() {
        let mut e = Evaluator::default();
        assert_eq!(
            primary(&e.round(&[core("A", 100.0, 50.0), core("B", 100.0, 55.0)])),
            "A"
        );
        for _ in 0..2 * SWITCH_AFTER {
            let d = e.round(&[core("A", 100.0, 50.0), core("B", 100.0, 45.0)]);
            assert_eq!(primary(&d), "A");
            assert_eq!(
                d.routing.reason,
                "A stays primary: B is not better by a margin \
                 (a better health class, or mean lower by max(20%, 20 ms))"
            );
        }
    }

    /// A paused console or a redraw re-evaluates without new observations: that is not
    /// evidence, so it never moves the primary however often it happens.
    #[test]
    fn evaluations_without_new_observations_do_not_count_towards_a_switch() {
        let mut e = Evaluator::default();
        e.round(&[core("A", 100.0, 50.0), core("B", 100.0, 60.0)]);
        let faster = [core("A", 100.0, 50.0), core("B", 100.0, 10.0)];
        assert_eq!(primary(&e.round(&faster)), "A");
        for _ in 0..2 * SWITCH_AFTER {
            let d = e.redraw(&faster);
            assert_eq!(primary(&d), "A");
            assert!(
                d.routing.reason.contains("better for 1 of 3"),
                "{}",
                d.routing.reason
            );
        }
        assert_eq!(primary(&e.round(&faster)), "A");
        assert_eq!(primary(&e.round(&faster)), "B");
    }

    /// While the primary is held, the fallback is still the best other core channel by
    /// the rule (not the first one listed, never an optional one) and the healthy
    /// alternatives list every healthy channel but the primary.
    #[test]
    fn a_held_primary_keeps_the_best_other_core_channel_as_fallback() {
        let mut e = Evaluator::default();
        let spare = ChannelInput {
            trend: Trend::Improving,
            ..ChannelInput::new("Spare", Num::int(100), Num::int(5), true)
        };
        let start = [
            core("A", 100.0, 50.0),
            core("C", 100.0, 60.0),
            core("B", 100.0, 70.0),
            core("Down", 80.0, 30.0),
            spare.clone(),
        ];
        assert_eq!(primary(&e.round(&start)), "A");
        let d = e.round(&[
            core("A", 100.0, 50.0),
            core("C", 100.0, 40.0),
            core("B", 100.0, 20.0),
            core("Down", 80.0, 30.0),
            spare,
        ]);
        assert_eq!(primary(&d), "A", "B has been better for one round only");
        // The fallback holds still like the primary: B (20 ms) is not better than the
        // held C (40 ms) by the 20 ms margin.
        assert_eq!(d.routing.recommended_fallback.as_deref(), Some("C"));
        assert_eq!(d.routing.fallback_channels, ["C", "B", "Spare"]);
    }

    /// The fallback has the primary's hysteresis: noise does not move it, a channel
    /// better by the margin takes it after SWITCH_AFTER rounds, and one that goes
    /// OFFLINE is replaced at once.
    #[test]
    fn the_fallback_holds_still_like_the_primary() {
        let mut e = Evaluator::default();
        let round = |e: &mut Evaluator, b: f64, c: f64, c_avail: f64| {
            let d = e.round(&[
                core("A", 100.0, 10.0),
                core("B", 100.0, b),
                core("C", c_avail, c),
            ]);
            assert_eq!(primary(&d), "A");
            d.routing.recommended_fallback.unwrap_or_default()
        };
        assert_eq!(round(&mut e, 60.0, 70.0, 100.0), "B");
        for _ in 0..10 {
            assert_eq!(
                round(&mut e, 60.0, 55.0, 100.0),
                "B",
                "C is faster by noise only"
            );
            assert_eq!(round(&mut e, 55.0, 60.0, 100.0), "B");
        }
        for n in 1..SWITCH_AFTER {
            assert_eq!(round(&mut e, 60.0, 30.0, 100.0), "B", "round {n}");
        }
        assert_eq!(round(&mut e, 60.0, 30.0, 100.0), "C");
        assert_eq!(
            round(&mut e, 60.0, 30.0, 0.0),
            "B",
            "an OFFLINE fallback at once"
        );
    }

    /// Identical channels whose means wander by noise (up to 15 ms, as a loaded prober
    /// reports microsecond targets) move neither the primary nor the fallback: at most
    /// one change each in 80 evaluations (40 s of publishing every half second).
    #[test]
    fn noise_between_identical_channels_moves_neither_role() {
        let mut e = Evaluator::default();
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut noise = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % 1_500) as f64 / 100.0
        };
        let (mut primaries, mut fallbacks) = (Vec::new(), Vec::new());
        for _ in 0..80 {
            let inputs: Vec<ChannelInput> = (0..20)
                .map(|i| core(&format!("ch{i:02}"), 100.0, 1.0 + noise()))
                .collect();
            let d = e.round(&inputs);
            primaries.push(primary(&d).to_string());
            fallbacks.push(d.routing.recommended_fallback.unwrap_or_default());
        }
        let changes = |v: &[String]| v.windows(2).filter(|w| w[0] != w[1]).count();
        assert!(changes(&primaries) <= 1, "{primaries:?}");
        assert!(changes(&fallbacks) <= 1, "{fallbacks:?}");
    }

    /// A healthy fallback stays recommended when some other channel is OFFLINE.
    #[test]
    fn another_channel_offline_does_not_drop_a_healthy_fallback() {
        let mut e = Evaluator::default();
        let d = e.round(&[
            core("A", 100.0, 20.0),
            core("B", 100.0, 50.0),
            core("C", 0.0, 999.0),
        ]);
        assert_eq!(primary(&d), "A");
        assert_eq!(d.routing.recommended_fallback.as_deref(), Some("B"));
        assert_eq!(d.routing.fallback_reason, None);
    }

    /// An OFFLINE channel is never the fallback, and the reason tells the two cases apart.
    #[test]
    fn no_offline_fallback_and_the_reason_says_which_case() {
        let mut e = Evaluator::default();
        let d = e.round(&[core("A", 0.0, 999.0)]);
        assert_eq!(d.routing.recommended_fallback, None);
        assert_eq!(
            d.routing.fallback_reason.as_deref(),
            Some("no fallback: A is the only core channel and it is OFFLINE")
        );
        let d = e.round(&[core("A", 100.0, 20.0), core("B", 0.0, 999.0)]);
        assert_eq!(primary(&d), "A");
        assert_eq!(d.routing.recommended_fallback, None);
        assert_eq!(
            d.routing.fallback_reason.as_deref(),
            Some("no fallback: every other core channel is OFFLINE (best: B)")
        );
    }
}
