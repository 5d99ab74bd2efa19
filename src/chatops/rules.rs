//! From concepts to intents: an ordered list of rules, most specific first. Every rule
//! that fires is kept; the first is the answer and the others become suggestions.
//!
//! Mood (question or order) is *not* considered here; `classify` applies it afterwards, so
//! that the action a question was about can still be named in the reply.

use super::intent::Intent;
use super::lexicon::Concept::*;
use super::lexicon::Concepts;

/// Intents whose rules fire for `c`, in order of precedence.
/// `channel` = a channel was named; `imperative` = a Korean request ending ("복구해").
pub fn fire(c: Concepts, channel: bool, imperative: bool) -> Vec<Intent> {
    let mut out = Vec::new();
    let mut add = |cond: bool, i: Intent| {
        if cond && !out.contains(&i) {
            out.push(i);
        }
    };
    add(c.has(Why), Intent::Explain);
    add(c.has(Forecast), Intent::Forecast);
    add(c.has(Trend), Intent::Trend);
    add(c.has(Export), Intent::Export);
    if c.has(Auto) && c.has(Recovery) {
        add(true, autorecover(c));
    }
    if let Some(i) = routing_mode(c) {
        add(true, i);
    }
    if c.any(&[Recovery, Restart, Worker]) {
        let verb = c.any(&[Run, Restart])
            || (c.has(Recovery) && imperative)
            || (c.has(Worker) && c.has(Resume));
        add(verb, Intent::RecoveryRun);
        add(true, Intent::RecoveryStatus);
    }
    add(
        c.has(Pause) || (c.has(Stop) && (!c.has(Quit) || c.has(Poller))),
        Intent::Pause,
    );
    add(c.has(Resume), Intent::Resume);
    add(c.has(Refresh), Intent::Refresh);
    add(c.any(&[Routing, Fastest]), Intent::Routing);
    add(c.has(Help), Intent::Help);
    add(c.has(Quit), Intent::Quit);
    add(
        c.has(Overall) && !channel && !c.has(Channel),
        Intent::Status,
    );
    add(
        channel || c.any(&[Channel, Health, Latency]),
        Intent::Channels,
    );
    add(c.any(&[Status, Overall, Dashboard]), Intent::Status);
    add(c.any(&[Monitoring, Static]), Intent::Routing);
    out
}

/// Turn autonomous recovery on or off; both or neither named → only ask about recovery.
fn autorecover(c: Concepts) -> Intent {
    let on = c.any(&[On, Switch, Run, Resume]);
    let off = c.any(&[Off, Stop, Pause]);
    match (on, off) {
        (true, false) => Intent::AutorecoverOn,
        (false, true) => Intent::AutorecoverOff,
        _ => Intent::RecoveryStatus,
    }
}

/// Switch between monitoring-based and static routing. "static on" means monitoring off.
/// Pause/resume are poller control ("pause monitoring"), not a routing switch.
fn routing_mode(c: Concepts) -> Option<Intent> {
    if !c.any(&[Monitoring, Static]) {
        return None;
    }
    let on = c.any(&[On, Switch, Run]);
    let off = c.any(&[Off, Stop]);
    let to_monitoring = match (on, off) {
        (true, false) => !c.has(Static),
        (false, true) => c.has(Static),
        (false, false) => return None,
        (true, true) => return Some(Intent::Routing),
    };
    Some(if to_monitoring {
        Intent::MonitoringOn
    } else {
        Intent::MonitoringOff
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chatops::lexicon::Concept;

    fn first(list: &[Concept]) -> Option<Intent> {
        fire(Concepts::of(list), false, false).first().copied()
    }

    #[test]
    fn precedence() {
        assert_eq!(first(&[Why, Routing]), Some(Intent::Explain));
        assert_eq!(first(&[Trend, Latency]), Some(Intent::Trend));
        assert_eq!(first(&[Auto, Recovery, On]), Some(Intent::AutorecoverOn));
        assert_eq!(
            first(&[Auto, Recovery, On, Off]),
            Some(Intent::RecoveryStatus)
        );
        assert_eq!(first(&[Monitoring, Off]), Some(Intent::MonitoringOff));
        assert_eq!(first(&[Static, Switch]), Some(Intent::MonitoringOff));
        assert_eq!(first(&[Static, Off]), Some(Intent::MonitoringOn));
        assert_eq!(first(&[Monitoring, Pause]), Some(Intent::Pause));
        assert_eq!(first(&[Recovery]), Some(Intent::RecoveryStatus));
        assert_eq!(first(&[Recovery, Run]), Some(Intent::RecoveryRun));
        assert_eq!(first(&[Quit, Stop]), Some(Intent::Quit));
        assert_eq!(first(&[Stop]), Some(Intent::Pause));
        assert_eq!(first(&[Overall, Health]), Some(Intent::Status));
        assert_eq!(first(&[Channel, Status]), Some(Intent::Channels));
        assert_eq!(first(&[Status]), Some(Intent::Status));
        assert_eq!(first(&[On]), None);
    }

    #[test]
    fn korean_request_ending_is_a_verb_only_for_recovery() {
        let c = Concepts::of(&[Recovery]);
        assert_eq!(fire(c, false, true)[0], Intent::RecoveryRun);
        let c = Concepts::of(&[Monitoring]);
        assert_eq!(fire(c, false, true)[0], Intent::Routing);
    }

    #[test]
    fn a_named_channel_turns_status_into_channels() {
        let c = Concepts::of(&[Status]);
        assert_eq!(fire(c, true, false)[0], Intent::Channels);
        let c = Concepts::of(&[Overall, Status]);
        assert_eq!(fire(c, true, false)[0], Intent::Channels);
    }
}
