//! From concepts to intents: an ordered list of rules, most specific first. Every rule
//! that fires is kept; the first is the answer and the others become suggestions.
//!
//! The speech act (question or order) is *not* considered here; `classify` applies it afterwards, so
//! that the action a question was about can still be named in the reply.

use super::intent::Intent;
use super::lexicon::Concept::{self, *};
use super::lexicon::Concepts;

/// Intents whose rules fire for `c`, in order of precedence.
/// `channel` = a channel was named; `imperative` = a Korean request ending ("복구해");
/// `requested` = any request form, in either language ("go static", "…으로 가자").
pub fn fire(c: Concepts, channel: bool, imperative: bool, requested: bool) -> Vec<Intent> {
    let mut out = Vec::new();
    let mut add = |cond: bool, i: Intent| {
        if cond && !out.contains(&i) {
            out.push(i);
        }
    };
    // An undoing word: "해제", "취소", "cancel", "undo", and "그만" after an order.
    let undo = c.any(&[Invert, Enough]);
    // "stop pausing", "일시정지 꺼": a stop or off word on an order that is not a switch.
    let stop = c.any(&[Stop, Off]);
    // Time words only make a trend or a forecast of something that is measured.
    let measured = channel || c.any(&[Latency, Health, Channel, Status, Overall]);
    add(c.has(Why), Intent::Explain);
    add(
        c.has(Forecast) || (c.has(Future) && measured),
        Intent::Forecast,
    );
    // "복구 이력", "recent recoveries", "when did we last restart": what recovery did, not
    // how latency moved.
    let history =
        c.any(&[Recovery, Restart]) && c.any(&[Trend, Past]) && !c.any(&[Latency, Health]);
    add(history, Intent::RecoveryHistory);
    add(c.has(Trend) || (c.has(Past) && measured), Intent::Trend);
    add(c.has(Export), Intent::Export);
    // "복구 리셋", "clear escalation", and releasing it: "에스컬레이션 풀어줘".
    let reset = c.has(Reset) && c.any(&[Recovery, Escalation]);
    let released = c.has(Escalation) && undo;
    add(reset || released, Intent::RecoveryReset);
    if c.has(Auto) && c.has(Recovery) {
        add(true, autorecover(c));
    }
    // "라우팅 정책 balanced 로 바꿔", "switch the routing policy to region": the policy
    // switch; named without a verb, or asked about, the routing answer (which names it).
    // With the word "policy", "지역 기준으로" names the policy, not the monitoring switch.
    if c.has(Policy) {
        add(
            c.any(&[Switch, On, Run, Apply]) || requested,
            Intent::RoutingPolicy,
        );
        add(true, Intent::Routing);
    } else if let Some(i) = routing_mode(c, requested) {
        add(true, i);
    }
    // "라우팅 적용", "apply routing": the order written to the gateway.
    add(
        c.has(Apply) && c.has(Routing) && !c.any(&[Monitoring, Static, Recovery]),
        Intent::RoutingApply,
    );
    if c.any(&[Recovery, Restart, Worker, Escalation]) {
        // With "자동" the verb belongs to the auto-recovery switch above.
        let verb = c.any(&[Run, Restart])
            || (c.has(Recovery) && imperative)
            || (c.has(Worker) && c.has(Resume));
        add(verb && !c.has(Auto) && !reset, Intent::RecoveryRun);
        add(true, Intent::RecoveryStatus);
    }
    // Pausing, undone ("일시정지 해제", "stop pausing", "unpause") is resuming.
    // A bare "stop" / "멈춰" is the poller's; "stop monitoring" or "종료" is not.
    let bare_stop = c.has(Stop)
        && !c.any(&[
            Quit, Auto, Monitoring, Static, Recovery, Restart, Worker, Export, Refresh,
        ]);
    let pause = c.has(Pause)
        || (c.has(Stop) && c.has(Poller))
        || bare_stop
        || (c.has(Off) && c.has(Poller));
    let pause_undone = (c.has(Pause) && (undo || stop)) || (pause && undo);
    add(pause && !pause_undone, Intent::Pause);
    // "워커 다시 시작" restarts the worker (recovery above), it does not resume polling.
    add(
        (c.has(Resume) && !c.has(Worker)) || pause_undone || (c.has(On) && c.has(Poller)),
        Intent::Resume,
    );
    add(c.has(Refresh), Intent::Refresh);
    // "is the primary healthy?", "예비 채널 상태 괜찮니": the health of the channel in
    // that role, not the routing.
    let role_health = c.has(Role) && c.any(&[Health, Latency]) && !c.any(&[Fastest, Cheapest]);
    add(role_health, Intent::Channels);
    add(c.any(&[Routing, Fastest, Cheapest]), Intent::Routing);
    // "what's wrong", "show me errors", "뭐가 문제야": every channel with a problem. A
    // named channel's problem is that channel's detail (below).
    add(c.has(Problem) && !channel, Intent::Problems);
    add(c.has(Help), Intent::Help);
    // "그만" alone is "enough": leave.
    let enough_alone = c.has(Enough) && !c.any(&ORDERS);
    add(c.has(Quit) || enough_alone, Intent::Quit);
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
    add(c.has(Escalation), Intent::RecoveryStatus);
    out
}

/// Concepts that name something an undoing word can apply to.
const ORDERS: [Concept; 12] = [
    Pause, Resume, Refresh, Export, Run, Restart, Recovery, Reset, Monitoring, Auto, Poller,
    Escalation,
];

/// Whether an undoing word cancels `top`, an order that has no opposite (switches and
/// pause were already turned into their opposites by `fire`): "복구 실행 취소" must be
/// answered with a question back, never carried out.
/// `requested`: the sentence ends in a request ("풀어주세요").
pub fn undone(top: Intent, c: Concepts, requested: bool) -> bool {
    let undo = c.any(&[Invert, Enough]);
    let stop = c.any(&[Stop, Off]);
    let enough_alone = c.has(Enough) && !c.any(&ORDERS);
    match top {
        Intent::RecoveryRun
        | Intent::RoutingApply
        | Intent::RoutingPolicy
        | Intent::Silence
        | Intent::Export
        | Intent::Refresh => undo || stop,
        // Releasing an escalation, when asked for ("에스컬레이션 풀어주세요"), is itself the
        // reset; a bare "에스컬레이션 해제" is offered back as a question.
        Intent::RecoveryReset => (undo || stop) && (c.has(Reset) || !requested),
        // "재개 취소": not pausing either; ask.
        Intent::Resume => (undo || stop) && !c.has(Pause),
        Intent::Quit => undo && !enough_alone,
        Intent::AutorecoverOn
        | Intent::AutorecoverOff
        | Intent::MonitoringOn
        | Intent::MonitoringOff => undo && c.any(&[Off, Stop]),
        _ => false,
    }
}

/// Turn autonomous recovery on or off; both or neither named → only ask about recovery.
/// An undoing word turns it off ("자동 복구 해제", "자동 복구 켜기 취소"); undoing an
/// "off" is a double negative, answered as a question (see `undone`).
fn autorecover(c: Concepts) -> Intent {
    if c.any(&[Invert, Enough]) {
        return Intent::AutorecoverOff;
    }
    // An explicit on/off word decides ("turn off auto recover": `recover` is a noun here).
    match (c.has(On), c.has(Off)) {
        (true, false) => return Intent::AutorecoverOn,
        (false, true) => return Intent::AutorecoverOff,
        _ => {}
    }
    let on = c.any(&[On, Switch, Run, Resume]);
    let off = c.any(&[Off, Stop, Pause]);
    match (on, off) {
        (true, false) => Intent::AutorecoverOn,
        (false, true) => Intent::AutorecoverOff,
        _ => Intent::RecoveryStatus,
    }
}

/// Switch between monitoring-based and static routing. "static on" means monitoring off.
/// Pause/resume are poller control ("pause monitoring"), not a routing switch. An undoing
/// word reads like "off" ("모니터링 해제", "정적 라우팅 해제" → monitoring on).
fn routing_mode(c: Concepts, requested: bool) -> Option<Intent> {
    if !c.any(&[Monitoring, Static]) {
        return None;
    }
    let undo = c.any(&[Invert, Enough]);
    let on = c.any(&[On, Switch, Run]) && !undo;
    let off = c.any(&[Off, Stop]) || undo;
    let to_monitoring = match (on, off) {
        (true, false) => !c.has(Static),
        (false, true) => c.has(Static),
        // "go static", "static routing please": asking for the static order is choosing
        // it (a bare "정적 라우팅" only names it).
        (false, false) if requested && c.has(Static) && !c.has(Monitoring) => false,
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

    fn first(list: &[Concept]) -> Option<Intent> {
        fire(Concepts::of(list), false, false, false)
            .first()
            .copied()
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
        assert_eq!(first(&[Routing, Role]), Some(Intent::Routing));
        assert_eq!(first(&[Routing, Role, Health]), Some(Intent::Channels));
        assert_eq!(first(&[Routing, Health]), Some(Intent::Routing));
        assert_eq!(first(&[On]), None);
    }

    #[test]
    fn korean_request_ending_is_a_verb_only_for_recovery() {
        let c = Concepts::of(&[Recovery]);
        assert_eq!(fire(c, false, true, false)[0], Intent::RecoveryRun);
        let c = Concepts::of(&[Monitoring]);
        assert_eq!(fire(c, false, true, false)[0], Intent::Routing);
    }

    #[test]
    fn a_named_channel_turns_status_into_channels() {
        let c = Concepts::of(&[Status]);
        assert_eq!(fire(c, true, false, false)[0], Intent::Channels);
        let c = Concepts::of(&[Overall, Status]);
        assert_eq!(fire(c, true, false, false)[0], Intent::Channels);
    }
}
