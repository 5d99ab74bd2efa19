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
    let c = as_recommended(c, imperative || requested);
    let mut out = Vec::new();
    let mut add = |cond: bool, i: Intent| {
        if cond && !out.contains(&i) {
            out.push(i);
        }
    };
    // An undoing word: "해제", "취소", "cancel", "undo", and "그만" after an order.
    // ("clear the platform hold": what is cleared is the pause, when nothing of recovery
    // is named.)
    let cleared_hold = c.has(Reset) && c.has(Pause) && !c.any(&[Recovery, Escalation, Worker]);
    let undo = c.any(&[Invert, Enough]) || cleared_hold;
    // "stop pausing", "일시정지 꺼": a stop or off word on an order that is not a switch.
    let stop = c.any(&[Stop, Off]);
    // Time words only make a trend or a forecast of something that is measured. A
    // deferred order ("restart local later", "나중에 올릴게") is not a forecast.
    let measured = channel || c.any(&[Latency, Health, Channel, Status, Overall]);
    add(c.has(Why), Intent::Explain);
    // ("route by latency from now on" switches the routing; it does not forecast.)
    // ("퇴근합니다~ 내일 봬요": a goodbye until tomorrow.)
    let deferred = c.any(&[
        Restart, Run, Recovery, Reset, Export, Pause, Resume, Refresh, Routing, Quit,
    ]);
    add(
        c.has(Forecast) || (c.has(Future) && measured && !deferred),
        Intent::Forecast,
    );
    // "복구 이력", "recent recoveries", "when did we last restart", "리셋한 적 있어?": what
    // recovery did, not
    // how latency moved.
    // ("아까 꺼둔 자동 복구 이제 켜줘": the switch ordered, whatever was done earlier.)
    let switched = (imperative || requested) && c.has(Auto) && c.any(&[On, Off]);
    let history = c.any(&[Recovery, Restart, Reset])
        && c.any(&[Trend, Past])
        && !c.any(&[Latency, Health])
        && !switched;
    add(history, Intent::RecoveryHistory);
    // "since when", "last error": details of a problem, not a period (a period with a
    // problem, "down in the last hour", is made a trend by its length in `classify`).
    add(
        c.has(Trend) || (c.has(Past) && measured && !c.has(Problem)),
        Intent::Trend,
    );
    // "에러 난 것들 뽑아줘": pulling up the errors lists them; writing the routing out
    // is applying it.
    // ("전체 상태 한번 뽑아줘" shows the status: only a dashboard or a file pulled is
    // written out.)
    let errors_only = c.has(Problem) && !c.any(&[Dashboard, Status, Overall, Trend, Channel]);
    let routing_out = c.has(Apply) && c.has(Routing);
    let written = c.has(Export) || (c.has(Pull) && c.has(Dashboard));
    add(written && !errors_only && !routing_out, Intent::Export);
    // "복구 리셋", "clear escalation", and releasing it: "에스컬레이션 풀어줘".
    // A named channel reset ("로컬 리셋") is its recovery reset.
    let reset = c.has(Reset) && (c.any(&[Recovery, Escalation]) || channel);
    let released = c.has(Escalation) && undo;
    add(reset || released, Intent::RecoveryReset);
    if c.has(Auto) && c.has(Recovery) {
        add(true, autorecover(c, requested || imperative));
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
    } else {
        if let Some(i) = routing_by_measure(c) {
            add(true, i);
        }
        if let Some(i) = routing_mode(c, requested) {
            add(true, i);
        }
    }
    // "라우팅 적용", "apply routing": the order written to the gateway.
    add(
        routing_out && !c.any(&[Monitoring, Static, Recovery]),
        Intent::RoutingApply,
    );
    // "폴링 다시 스타트해", "갱신 재시작": restarting the polling or the updates goes on
    // polling; it restarts no worker.
    let polling_restarted = c.has(Restart)
        && c.any(&[Poller, Refresh])
        && !channel
        && !c.any(&[Recovery, Worker, Escalation, Stop, Off]);
    // "도움말 다시 띄워줘", "대시보드 다시 띄워": a view of the console brought up again is
    // shown; it restarts no worker ("would a restart help?" asks about one).
    let view_reopened = (imperative || requested)
        && c.has(Restart)
        && c.any(&[Help, Dashboard])
        && !channel
        && !c.any(&[Recovery, Worker, Escalation, Poller, Refresh]);
    if c.any(&[Recovery, Restart, Worker, Escalation]) && !polling_restarted && !view_reopened {
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
            Quit, Auto, Monitoring, Static, Recovery, Restart, Worker, Export, Refresh, Routing,
        ]);
    // "stop refreshing", "갱신 멈춰", "업데이트 그만": stopping the updates is pausing them.
    let refresh_stopped = c.has(Refresh) && c.any(&[Stop, Off, Enough, Quit, Pause]);
    // "start updating again", "업데이트 다시 켜", "멈춘 거 다시 돌려", "화면 자동 갱신 다시
    // 켜": turning the updates (or what was paused) back on is resuming them.
    let restarted = c.any(&[On, Run, Resume])
        && c.any(&[Refresh, Pause])
        && !c.any(&[Stop, Off, Enough, Invert, Quit, Recovery, Restart, Worker]);
    let pause = c.has(Pause)
        || (c.has(Stop) && c.has(Poller))
        || bare_stop
        || (c.has(Off) && c.has(Poller));
    // A stop aimed at what polling feeds ("hold on, stop following the file") is a
    // second pause, not an undoing of the first.
    let stop_pausing = stop && !(c.has(Stop) && c.has(Poller));
    let pause_undone = (c.has(Pause) && (undo || stop_pausing)) || (pause && undo);
    let pause = pause || refresh_stopped;
    // "pause the auto-healing" pauses the switch above, not the polling.
    let auto_switch = c.has(Auto) && c.has(Recovery);
    // ("지연 기준으로 라우팅하는 거 멈춰" stops a way of routing, not the polling.)
    let routing_stopped = routing_by_measure(c).is_some();
    add(
        pause && !pause_undone && !restarted && !auto_switch && !routing_stopped,
        Intent::Pause,
    );
    // "워커 다시 시작" restarts the worker (recovery above), it does not resume polling.
    // ("게이트웨이 계속 타임아웃이야": unordered, 계속 is how long a channel's problem goes on.)
    let goes_on = channel && c.has(Problem) && !(imperative || requested);
    add(
        ((c.has(Resume) && !c.has(Worker) && !goes_on)
            || pause_undone
            || restarted
            || polling_restarted
            || (c.has(On) && c.has(Poller) && !c.has(Stop)))
            && !auto_switch,
        Intent::Resume,
    );
    // ("probe timeout 뭐가 문제야?": the probes' errors are a problem to show, not a
    // probe to run again.)
    let probes_failing = c.has(Problem) && c.has(Poller);
    add(
        c.has(Refresh) && !refresh_stopped && !restarted && !probes_failing,
        Intent::Refresh,
    );
    // "is the primary healthy?", "예비 채널 상태 괜찮니": the health of the channel in
    // that role, not the routing.
    // "how's the standby doing" asks the same.
    // "which channel is failing", "에러 난 채널": the channels with a problem, however
    // the question is worded.
    let failing = c.has(Problem) && c.has(Channel) && !channel;
    add(
        failing && !c.any(&[Role, Fastest, Cheapest, Why]),
        Intent::Problems,
    );
    let role_health =
        c.has(Role) && c.any(&[Health, Latency, Status]) && !c.any(&[Fastest, Cheapest]);
    add(role_health, Intent::Channels);
    add(c.any(&[Routing, Fastest, Cheapest]), Intent::Routing);
    // "what's wrong", "show me errors", "뭐가 문제야": every channel with a problem. A
    // named channel's problem is that channel's health (below), unless its details are
    // asked for ("last error on cloud?", "since when is gateway down?", "show me errors
    // for the gateway").
    add(
        c.has(Problem) && (!channel || c.has(Detail)),
        Intent::Problems,
    );
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
/// `ordered`: the sentence ends in an order, plain or requested ("풀어놔", "풀어주세요");
/// `length`: it names one;
/// `policy`: it names a policy ("헬스 기준 정책으로 되돌려": reverting to it is switching).
pub fn undone(top: Intent, c: Concepts, ordered: bool, length: bool, policy: bool) -> bool {
    let undo = c.any(&[Invert, Enough]);
    let stop = c.any(&[Stop, Off]);
    let enough_alone = c.has(Enough) && !c.any(&ORDERS);
    match top {
        Intent::RecoveryRun | Intent::RoutingApply | Intent::Export | Intent::Refresh => {
            undo || stop
        }
        Intent::RoutingPolicy => (undo || stop) && !policy,
        // "알림 꺼둬" for an hour is the silence itself; stopping it undoes it, unless a
        // length says how long the alerts stop ("클라우드 두 시간 알림 중지").
        Intent::Silence => undo || (c.has(Stop) && !length),
        // Releasing an escalation, when asked for ("에스컬레이션 풀어주세요"), is itself the
        // reset; a bare "에스컬레이션 해제" is offered back as a question.
        Intent::RecoveryReset => (undo || stop) && (c.has(Reset) || !ordered),
        // "재개 취소": not pausing either; ask. ("멈춘 거 풀어줘" undoes the stop: resume.)
        Intent::Resume => (undo || stop) && !c.has(Pause) && !(c.has(Stop) && undo),
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
/// Asked for with neither ("let it self-heal", "알아서 복구하게 해줘"), it is turned on.
fn autorecover(c: Concepts, requested: bool) -> Intent {
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
        (false, false) if requested => Intent::AutorecoverOn,
        _ => Intent::RecoveryStatus,
    }
}

/// Routing decided by what is measured ("route by latency again", "헬스 기준으로 라우팅",
/// "use the health checks for routing", "turn off health routing") is monitoring-based
/// routing; stopping it ("stop routing by health") or choosing the static order instead
/// is turning it off. Needs a word that says *by* or a switch ("use", "바꿔", "off"):
/// "routing health" only asks.
fn routing_by_measure(c: Concepts) -> Option<Intent> {
    let by_measure = c.has(Routing)
        && c.any(&[Health, Latency])
        && c.any(&[Basis, Switch, On, Off, Stop, Run, Pause, Quit])
        // ("게웨 느림 라우팅 적용해줘": applying the routing writes it out.)
        // ("based on whichever is fastest": the fastest, as what routing goes by.)
        && !c.any(&[Role, Cheapest, Why, Trend, Forecast, Apply])
        && (!c.has(Fastest) || c.has(Basis));
    // ("지연 기준으로 라우팅하는 거 잠시 멈춰": pausing it stops it.)
    // ("quit routing on latency": quitting it too.)
    let off = c.any(&[Stop, Off, Invert, Enough, Static, Pause, Quit]);
    // "route by the fixed order": the static order is a basis too.
    let by_static = c.has(Routing) && c.has(Basis) && c.has(Static);
    if !by_measure && !by_static {
        return None;
    }
    Some(if off {
        Intent::MonitoringOff
    } else {
        Intent::MonitoringOn
    })
}

/// Switch between monitoring-based and static routing. "static on" means monitoring off.
/// Pause/resume are poller control ("pause monitoring"), not a routing switch. An undoing
/// word reads like "off" ("모니터링 해제", "정적 라우팅 해제" → monitoring on).
fn routing_mode(c: Concepts, requested: bool) -> Option<Intent> {
    if !c.any(&[Monitoring, Static]) {
        return None;
    }
    let undo = c.any(&[Invert, Enough]);
    // ("모니터링 기반 라우팅 재개": resuming a way of routing turns it back on.)
    let resumed = c.has(Resume) && c.has(Routing);
    let on = (c.any(&[On, Switch, Run]) || resumed) && !undo;
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
    // Both named and one switched ("모니터링 라우팅 끄고 고정 순서로"): which one the word
    // is about is not said by the concepts, so ask rather than guess the wrong way.
    if c.has(Monitoring) && c.has(Static) {
        return Some(Intent::Routing);
    }
    Some(if to_monitoring {
        Intent::MonitoringOn
    } else {
        Intent::MonitoringOff
    })
}

/// A sentence about something outside the console: it names it ("weather", "맛집"), or
/// its only topic is a channel's name among words neither the tables nor the model
/// place ("the Gateway Arch is in St. Louis"). Words that only this console uses keep
/// it on topic; verbs do not, since other things are restarted, exported and paused too
/// ("restart my laptop", "pause the music").
pub fn off_topic(k: Concepts, channel: bool, unexplained: u32, learned: bool) -> bool {
    // ("파일", "file" mean the dashboard here, but other programs have files too.)
    // ("노트북 재부팅 조치": 조치, an action, is taken on other things too.)
    let console = k.any(&[Worker, Escalation, Monitoring, Static, Poller, Auto]);
    // ("내 노트북 왜 이리 느려", "lab wifi is slow": other things are slow too; a
    // channel's latency is this console's.)
    let latency = k.has(Latency) && (channel || k.has(Channel));
    // Unknown words the topic model placed with confidence are its, not off topic.
    let unplaced = grammar_only(k) && unexplained >= 2 && !learned;
    (k.has(Elsewhere) && !console && !latency) || unplaced
}

/// Concepts that never name what a sentence is about by themselves: the markers of its
/// act, which way a switch goes, what routing goes by, courtesy, somewhere else, and the
/// health or details of a topic named beside them. Every other concept names a topic, so
/// a concept added to the lexicon names one unless it is listed here.
const NOT_A_TOPIC: [Concept; 14] = [
    Health, On, Off, Stop, Need, Stative, Negation, Question, Invert, Enough, Basis, Greeting,
    Elsewhere, Detail,
];

/// Whether the tables found only grammar ("do we need to …?", "please"): no word that
/// names a topic, so whatever they fire is a default, not a reading.
pub fn grammar_only(mut k: Concepts) -> bool {
    for c in NOT_A_TOPIC {
        k.remove(c);
    }
    k.is_empty()
}

/// "추천대로 해", "do as recommended": running recovery's recommended actions — unless
/// the routing is what is done as recommended ("추천대로 라우팅 적용해", "추천대로 라우팅
/// 바꿔", "routing 추천대로 apply"): that applies it. Named without a verb or a request
/// ("fired rule + recommended actions", a headline), the recommendation is only named.
fn as_recommended(mut c: Concepts, asked: bool) -> Concepts {
    // (The verbs that carry a recommendation out; classify's other order verbs, pause,
    // silence, on/off, have objects of their own.)
    let verb = c.any(&[Run, Apply, Restart, Reset, Switch]);
    if !(asked || verb) {
        return c;
    }
    if c.has(Recommended) && c.has(Routing) {
        c.insert(Apply);
    } else if c.has(Recommended) {
        c.insert(Run);
        c.insert(Recovery);
    }
    c
}

/// "로컬 다시 켜줘", "우리 쪽 서버 켜 주세요": a channel asked to be switched on, when
/// nothing else that switches is named, is brought back up.
/// (Asked with a Korean ending only: English "on" is as often where as what: "last error
/// on local pls".)
pub fn channel_switched_on(mut c: Concepts, channel: bool, asked: bool) -> Concepts {
    let switchable = [
        Auto, Monitoring, Static, Poller, Silence, Routing, Policy, Dashboard, Recovery,
        Escalation, Stative,
    ];
    if channel && asked && c.has(On) && !c.any(&switchable) {
        c.insert(Restart);
    }
    c
}

/// Whether the words name something this console acts on, beyond what a verb brings
/// ("fix" means recovery, "reload" the updates): its auto-recovery switch, a worker,
/// the escalation, routing and its policy, monitoring, the poller, the dashboard, a
/// silence.
pub fn names_a_console_thing(c: Concepts) -> bool {
    c.any(&[
        Auto, Worker, Escalation, Routing, Policy, Monitoring, Static, Poller, Dashboard, Silence,
    ])
}

/// Whether a switch read by the topic model points the other way from its words: "on"
/// or going on where they say stop, off or undo; "off" or pausing where they say on.
pub fn against_the_words(reading: Intent, c: Concepts) -> bool {
    match reading {
        Intent::AutorecoverOn | Intent::MonitoringOn | Intent::Resume => {
            c.any(&[Off, Stop, Invert, Enough])
        }
        Intent::AutorecoverOff | Intent::MonitoringOff | Intent::Pause => c.has(On),
        _ => false,
    }
}

/// Whether an order names something this console acts on (its verb alone is not enough
/// when another, unknown word is its object: "restart my laptop").
pub fn names_its_object(top: Intent, k: Concepts, channel: bool, path: bool) -> bool {
    match top {
        // ("kick the unhealthy ones": every channel with a problem.)
        Intent::RecoveryRun => {
            channel || k.any(&[Recovery, Worker, Escalation, Recommended, Problem])
        }
        // ("갱신 좀 멈춰 주실래요?": the updates are what is paused.)
        Intent::Pause | Intent::Resume | Intent::Refresh => {
            channel
                || k.any(&[
                    Poller, Monitoring, Channel, Overall, Status, Dashboard, App, Health, Refresh,
                ])
        }
        Intent::Export => {
            path || channel || k.any(&[Dashboard, Status, Overall, Routing, Channel, Trend])
        }
        // "night all, i'm out", "끝": leaving, with nothing else named, leaves the console.
        Intent::Quit => {
            k.has(App) || {
                let mut rest = k;
                rest.remove(Quit);
                grammar_only(rest)
            }
        }
        Intent::MonitoringOn | Intent::MonitoringOff => k.any(&[Monitoring, Static, Routing]),
        Intent::AutorecoverOn | Intent::AutorecoverOff => k.any(&[Auto, Recovery]),
        Intent::RecoveryReset => channel || k.any(&[Recovery, Escalation, Reset]),
        Intent::RoutingPolicy => k.has(Policy),
        // "+1", a bare number: a silence names what it silences ("전 채널 1시간 입 다물게
        // 해": every channel).
        Intent::Silence => channel || k.any(&[Silence, Channel, Overall]),
        // "라우팅 추천 부탁드려요" asks for the recommendation; writing it out needs a word
        // that applies it.
        Intent::RoutingApply => k.any(&[Apply, Recommended]),
        _ => true,
    }
}

/// "상태 보고 라우팅하게 해줘", "route by status": the state is what routing goes by, not
/// what is asked about.
pub fn status_is_the_basis(top: Intent, k: Concepts) -> bool {
    matches!(top, Intent::MonitoringOn | Intent::MonitoringOff) && k.has(Basis) && k.has(Routing)
}

/// Recovery asked about in the past tense ("복구 했었어?", "did recovery kick in?") is
/// what it did: its history. (A problem in the past tense is not a period: "뭐가
/// 터졌어" asks what is broken now.)
pub fn in_the_past(top: Intent, past: bool, k: Concepts) -> Intent {
    if past && top == Intent::RecoveryStatus && !k.any(&[Status, Escalation]) {
        Intent::RecoveryHistory
    } else {
        top
    }
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
    fn a_view_brought_up_again_is_shown_and_a_restart_asked_about_is_not() {
        let ordered = |list: &[Concept]| fire(Concepts::of(list), false, true, false);
        assert_eq!(ordered(&[Help, Restart]).first(), Some(&Intent::Help));
        assert_eq!(first(&[Help, Restart]), Some(Intent::RecoveryRun));
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
        assert_eq!(
            first(&[Monitoring, Routing, Resume]),
            Some(Intent::MonitoringOn)
        );
        assert_eq!(first(&[Monitoring, Resume]), Some(Intent::Resume));
        assert_eq!(first(&[Poller, Restart]), Some(Intent::Resume));
        assert_eq!(first(&[Refresh, Restart]), Some(Intent::Resume));
        assert_eq!(first(&[Worker, Restart]), Some(Intent::RecoveryRun));
        assert_eq!(first(&[Help, Worker, Restart]), Some(Intent::RecoveryRun));
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

    /// Routing by a measure is monitoring-based routing, asked for or stopped; routing
    /// and a measure without a *by* or a change only ask.
    #[test]
    fn routing_by_a_measure_is_the_monitoring_switch() {
        let on = first(&[Routing, Latency, Basis]);
        assert_eq!(on, Some(Intent::MonitoringOn));
        let on = first(&[Routing, Health, Switch]);
        assert_eq!(on, Some(Intent::MonitoringOn));
        let off = first(&[Routing, Health, Basis, Stop, Switch, Static]);
        assert_eq!(off, Some(Intent::MonitoringOff));
        assert_eq!(first(&[Routing, Health]), Some(Intent::Routing));
        let role = first(&[Routing, Role, Health, Basis]);
        assert_eq!(role, Some(Intent::Channels));
    }

    /// Stopping the updates pauses them; undoing a stop resumes; asking for self-healing
    /// turns it on.
    #[test]
    fn stopping_updates_pauses_and_undoing_a_stop_resumes() {
        assert_eq!(first(&[Refresh, Stop]), Some(Intent::Pause));
        assert_eq!(first(&[Refresh, Enough]), Some(Intent::Pause));
        assert_eq!(first(&[Refresh]), Some(Intent::Refresh));
        assert_eq!(first(&[Stop, Invert]), Some(Intent::Resume));
        assert!(!undone(
            Intent::Resume,
            Concepts::of(&[Stop, Invert]),
            true,
            false,
            false
        ));
        assert!(undone(
            Intent::Resume,
            Concepts::of(&[Resume, Invert]),
            true,
            false,
            false
        ));
        // Alerts stopped for a length are silenced; a silence stopped is undone.
        let stopped = Concepts::of(&[Silence, Stop]);
        assert!(!undone(Intent::Silence, stopped, true, true, false));
        assert!(undone(Intent::Silence, stopped, true, false, false));
        // Reverting to a policy named switches to it; reverting the switch undoes it.
        let reverted = Concepts::of(&[Policy, Invert]);
        assert!(!undone(Intent::RoutingPolicy, reverted, true, false, true));
        assert!(undone(Intent::RoutingPolicy, reverted, true, false, false));
        assert_eq!(first(&[Pause, Stop, Poller]), Some(Intent::Pause));
        let c = Concepts::of(&[Auto, Recovery]);
        assert_eq!(fire(c, false, false, true)[0], Intent::AutorecoverOn);
        assert_eq!(fire(c, false, false, false)[0], Intent::RecoveryStatus);
    }

    /// "since when", "last error" are details of a problem, not a period (a length makes
    /// it one, in `classify`); "how's the standby doing" is its health.
    #[test]
    fn problem_details_and_roles_asked_how() {
        assert_eq!(first(&[Problem, Past]), Some(Intent::Problems));
        assert_eq!(first(&[Latency, Past]), Some(Intent::Trend));
        assert_eq!(first(&[Problem, Channel, Health]), Some(Intent::Problems));
        assert_eq!(first(&[Routing, Role, Status]), Some(Intent::Channels));
        assert_eq!(first(&[Greeting]), None);
    }

    #[test]
    fn korean_request_ending_is_a_verb_only_for_recovery() {
        let c = Concepts::of(&[Recovery]);
        assert_eq!(fire(c, false, true, false)[0], Intent::RecoveryRun);
        let c = Concepts::of(&[Monitoring]);
        assert_eq!(fire(c, false, true, false)[0], Intent::Routing);
    }

    #[test]
    fn a_channel_switched_on_in_korean_is_brought_back_up() {
        let c = channel_switched_on(Concepts::of(&[On]), true, true);
        assert_eq!(fire(c, true, false, true)[0], Intent::RecoveryRun);
        // Something else that switches is what is switched on.
        let c = channel_switched_on(Concepts::of(&[On, Auto, Recovery]), true, true);
        assert_eq!(fire(c, true, false, true)[0], Intent::AutorecoverOn);
        // Not asked, or no channel: nothing is brought up.
        assert!(!channel_switched_on(Concepts::of(&[On]), true, false).has(Restart));
        assert!(!channel_switched_on(Concepts::of(&[On]), false, true).has(Restart));
    }

    #[test]
    fn a_named_channel_turns_status_into_channels() {
        let c = Concepts::of(&[Status]);
        assert_eq!(fire(c, true, false, false)[0], Intent::Channels);
        let c = Concepts::of(&[Overall, Status]);
        assert_eq!(fire(c, true, false, false)[0], Intent::Channels);
    }
}
