//! Replies against a synthetic snapshot with known numbers: each intent answers with the
//! real figures, in the asker's language, within 80 columns; actions come back as commands
//! that need confirmation, and `--read-only` refuses them. Also the teaching API.

use std::collections::BTreeMap;
use std::path::PathBuf;

use switchboard::chatops::{
    reply, ChatCommand, Engine, Intent, ReplyContext, Surface, Teach, TeachError,
};
use switchboard::domain::{Policy, RoutingMode};
use switchboard::snapshot::Snapshot;
use switchboard::source::metrics_file::MetricsFile;
use unicode_width::UnicodeWidthStr;

/// Gateway first in the file, so static routing picks it while monitoring picks Local.
pub const METRICS: &str = r#"{
  "Generated": "2026-01-02T03:04:05",
  "Health": {"Status": "GOOD", "AvgAvailability": 99.1},
  "Channels": {
    "Gateway": {"Availability": 92, "Mean": 310.25, "P95": 600, "BaselineAlerts": 0,
                "Trend": {"Direction": "DEGRADING", "ShortMeanMs": 330.5, "LongMeanMs": 290},
                "HourlyLatency": [250, 270, 290, 310, 330]},
    "Cloud":   {"Availability": 97.5, "Mean": 180, "P95": 250,
                "Trend": {"Direction": "STABLE"},
                "HourlyLatency": [170, 175, 180, 185, 190]},
    "Local":   {"Availability": 100, "Mean": 42.5, "P95": 80, "BaselineAlerts": 0,
                "Trend": {"Direction": "IMPROVING", "ShortMeanMs": 40.1, "LongMeanMs": 45.2},
                "HourlyLatency": [50, 48, 46, 44, 42]}
  },
  "OptionalChannels": {"Edge": {"Availability": 0, "Mean": 999}}
}"#;

fn snapshot() -> Snapshot {
    MetricsFile::parse("t", METRICS.as_bytes())
        .expect("synthetic metrics parse")
        .snapshot(&Policy::default(), "t")
}

fn engine(s: &Snapshot) -> Engine {
    let names: Vec<&str> = s.channels.iter().map(|c| c.name()).collect();
    Engine::with_channels(&names)
}

fn ask_with(text: &str, ctx: &ReplyContext) -> switchboard::chatops::Reply {
    let s = snapshot();
    let c = engine(&s).classify(text);
    reply(&c, &s, ctx)
}

fn ask(text: &str) -> String {
    ask_with(text, &ReplyContext::say(false, false, Policy::default())).text
}

fn has(text: &str, parts: &[&str]) {
    for p in parts {
        assert!(text.contains(p), "{p:?} missing from:\n{text}");
    }
}

#[test]
fn the_synthetic_snapshot_is_what_the_tests_assume() {
    let s = snapshot();
    assert_eq!(s.routing.recommended_primary.as_deref(), Some("Local"));
    assert_eq!(s.status.as_str(), "WARNING");
    assert!(!s.recovery.should_trigger);
}

#[test]
fn status_in_both_languages_with_real_numbers() {
    let en = ask("status");
    has(
        &en,
        &[
            "WARNING",
            "overall GOOD",
            "99.1%",
            "310.25 ms",
            "97.5%",
            "DEGRADED",
        ],
    );
    has(
        &en,
        &[
            "primary Local, fallback Cloud",
            "recovery  not needed",
            "Edge",
            "OFFLINE",
        ],
    );
    let ko = ask("오케스트레이션 상태 알려줘");
    has(
        &ko,
        &[
            "WARNING",
            "전체 GOOD",
            "가용성 99.1%",
            "주 채널 Local",
            "복구    필요 없음",
        ],
    );
    has(&ko, &["개선 중", "악화 중"]);
    assert!(!ko.contains("overall"), "{ko}");
}

#[test]
fn one_channel_in_detail() {
    let t = ask("게이트웨이 상태는?");
    has(
        &t,
        &[
            "Gateway DEGRADED",
            "우선순위 3",
            "92%",
            "310.25 ms",
            "p95 600 ms",
            "악화 중",
        ],
    );
    has(&t, &["최근 330.5 ms", "장기 290 ms"]);
    let t = ask("gateway vs cloud");
    has(&t, &["Gateway", "Cloud"]);
    assert!(!t.contains("Local"), "{t}");
}

/// "last error on gateway?": the problem of the channel named, not every channel's, and
/// a plain answer when the channel named has none.
#[test]
fn a_problem_asked_about_one_channel_is_that_channels() {
    let t = ask("last error on gateway?");
    has(&t, &["Gateway", "DEGRADED", "92%"]);
    assert!(!t.contains("Edge"), "only the channel asked about:\n{t}");
    assert!(!t.contains("channels with problems"), "{t}");
    let t = ask("로컬 마지막 에러 뭐야");
    has(&t, &["Local: 문제 없음", "EXCELLENT"]);
    let t = ask("what's wrong?");
    has(&t, &["Gateway", "Edge", "channels with problems"]);
}

#[test]
fn routing_shows_the_ranking_behind_the_choice() {
    let t = ask("routing recommendation");
    has(&t, &["primary Local", "fallback Cloud", "mode monitoring"]);
    has(
        &t,
        &["Local (1, 42.5 ms) → Cloud (2, 180 ms) → Gateway (3, 310.25 ms)"],
    );
    has(&t, &["fastest by mean latency: Local 42.5 ms"]);
}

#[test]
fn explain_names_the_rule_and_the_numbers() {
    let t = ask("why is Gateway degraded");
    has(
        &t,
        &[
            "Gateway DEGRADED",
            "4 DEGRADED",
            "avail ≥ 90",
            "yes (availability 92%)",
        ],
    );
    has(
        &t,
        &[
            "3 GOOD",
            "no (availability 92%)",
            "priority 3",
            "behind Cloud (2, 180 ms)",
        ],
    );
    let t = ask("왜 로컬이 primary야?");
    has(
        &t,
        &[
            "Local EXCELLENT",
            "2 EXCELLENT",
            "맞음",
            "IMPROVING",
            "→ 주 채널",
        ],
    );
    let t = ask("explain");
    has(
        &t,
        &[
            "routing: Local",
            "recovery: no rule fired",
            "status: WARNING",
        ],
    );
}

#[test]
fn recovery_status_answers_the_question_and_says_how_to_act() {
    let t = ask("복구 필요해?");
    has(
        &t,
        &[
            "복구 필요 없음",
            "전체 GOOD",
            "코어 채널: 0",
            "주 채널 Local EXCELLENT",
        ],
    );
    let t = ask("복구 실행해야 돼?");
    has(&t, &["실행하려면: '복구 실행'"]);
}

#[test]
fn trend_draws_the_hourly_series() {
    let t = ask("gateway latency trend");
    has(
        &t,
        &[
            "▁▃▅▆█",
            "250 → 330 ms",
            "5 hourly means",
            "short 330.5 ms",
            "DEGRADING",
        ],
    );
    let t = ask("지연 추이");
    has(
        &t,
        &[
            "Local",
            "Cloud",
            "Gateway",
            "시간별 평균 5개",
            "Edge",
            "이력이 없음",
        ],
    );
}

#[test]
fn forecast_is_a_labelled_extrapolation() {
    let t = ask("forecast latency for gateway");
    has(
        &t,
        &["straight line", "next hour ≈ 350 ms (+20 ms/h)", "DEGRADED"],
    );
    has(&t, &["availability: no history"]);
    let t = ask("다음 10분 예측");
    has(
        &t,
        &[
            "Local",
            "다음 1시간 ≈ 40 ms",
            "EXCELLENT",
            "10분을 물었지만",
        ],
    );
}

#[test]
fn actions_are_described_and_need_confirmation() {
    let r = ask_with(
        "모니터링 꺼",
        &ReplyContext::say(false, false, Policy::default()),
    );
    assert_eq!(
        r.command,
        Some(ChatCommand::SetRouting(RoutingMode::Static))
    );
    assert!(r.needs_confirmation);
    has(
        &r.text,
        &[
            "정적 순서",
            "주 채널 Gateway",
            "(지금은 모니터링 기반)",
            "(지금은 Local)",
            "CRITICAL",
            "--yes",
        ],
    );

    let r = ask_with(
        "run recovery",
        &ReplyContext::say(false, false, Policy::default()),
    );
    assert_eq!(
        r.command,
        Some(ChatCommand::RunRecovery {
            channel: None,
            actions: vec!["restart_worker".into(), "check_gateway".into()]
        })
    );
    has(&r.text, &["recovery is not needed now", "add --yes"]);

    let console = ReplyContext {
        surface: Surface::Console,
        ..ReplyContext::say(false, false, Policy::default())
    };
    let r = ask_with("pause", &console);
    assert_eq!(r.command, Some(ChatCommand::Pause));
    has(&r.text, &["(y/N)"]);
    let r = ask_with("pause", &ReplyContext::say(true, false, Policy::default()));
    assert!(!r.text.contains("--yes") && !r.text.contains("y/N"));
}

#[test]
fn monitoring_on_when_already_on_changes_nothing() {
    let r = ask_with(
        "monitoring on",
        &ReplyContext::say(true, false, Policy::default()),
    );
    assert_eq!(r.command, None);
    has(&r.text, &["already monitoring"]);
}

#[test]
fn read_only_refuses_every_change_and_every_write() {
    let ro = ReplyContext::say(true, true, Policy::default());
    for text in [
        "run recovery",
        "자동 복구 켜줘",
        "모니터링 꺼",
        "pause",
        "export dashboard",
    ] {
        let r = ask_with(text, &ro);
        assert_eq!(r.command, None, "{text}");
        assert!(r.text.contains("--read-only"), "{text}: {}", r.text);
    }
    // Reading is still fine.
    assert!(ask_with("status", &ro).text.contains("WARNING"));
}

#[test]
fn export_path_comes_from_the_text_and_names_both_files() {
    let ctx = ReplyContext::say(false, false, Policy::default());
    let r = ask_with("export to /tmp/x/ctx.json", &ctx);
    let want = PathBuf::from("/tmp/x/ctx.json");
    assert_eq!(r.command, Some(ChatCommand::Export { path: want }));
    assert!(!r.needs_confirmation);
    let r = ask_with("대시보드 내보내기", &ctx);
    let want = PathBuf::from("switchboard-context.json");
    assert_eq!(r.command, Some(ChatCommand::Export { path: want }));
    has(
        &r.text,
        &["switchboard-context.html", "switchboard-context.json"],
    );
    // An .html path is the page; the JSON goes beside it.
    let r = ask_with("export dashboard to out.html", &ctx);
    let want = PathBuf::from("out.html");
    assert_eq!(r.command, Some(ChatCommand::Export { path: want }));
    has(
        &r.text,
        &["dashboard (HTML) → out.html", "(JSON) → out.json"],
    );
}

#[test]
fn unknown_and_help() {
    let t = ask("tell me a joke");
    has(&t, &["did not understand", "Did you mean"]);
    let t = ask("뭐 할 수 있어?");
    has(
        &t,
        &["오케스트레이션 상태", "→ status", "복구 실행", "--yes"],
    );
}

#[test]
fn every_reply_fits_80_columns() {
    let s = snapshot();
    let e = engine(&s);
    let mut texts: Vec<String> = Intent::ALL
        .iter()
        .flat_map(|i| {
            [
                i.example(switchboard::chatops::Lang::Ko),
                i.example(switchboard::chatops::Lang::En),
            ]
        })
        .map(str::to_string)
        .collect();
    texts.extend(
        [
            "게이트웨이 상태",
            "explain",
            "why is cloud primary",
            "자동 복구 켜져 있어?",
            "is auto recovery on?",
            "지연 추이",
            "latency trend",
            "다음 10분 예측",
            "monitoring off",
            "모니터링 꺼",
            "asdf",
            "채녈 건걍",
            "export to out.html",
        ]
        .map(str::to_string),
    );
    for read_only in [false, true] {
        for text in &texts {
            let c = e.classify(text);
            let r = reply(
                &c,
                &s,
                &ReplyContext::say(false, read_only, Policy::default()),
            );
            for line in r.text.lines() {
                assert!(
                    line.width() <= 80,
                    "{text:?}: {} columns:\n{line}",
                    line.width()
                );
            }
            assert!(r.text.ends_with('\n'), "{text:?}");
        }
    }
}

#[test]
fn teaching_phrases_and_aliases() {
    let mut teach = Teach::default();
    teach.phrases.insert(
        "status".into(),
        vec!["상황판".into(), "how are we doing".into()],
    );
    teach
        .phrases
        .insert("recovery.run".into(), vec!["불 꺼".into()]);
    teach
        .aliases
        .insert("gateway".into(), vec!["litellm".into(), "프록시".into()]);
    let e = Engine::new(&["Local", "Cloud", "Gateway"], &teach).expect("valid vocabulary");
    assert_eq!(e.classify("상황판").intent, Intent::Status);
    assert_eq!(e.classify("상황판 보여줘").intent, Intent::Status);
    assert_eq!(e.classify("how are we doing?").intent, Intent::Status);
    assert_eq!(e.classify("불 꺼").intent, Intent::RecoveryRun);
    // A taught action is still never taken from a question.
    assert_eq!(e.classify("불 꺼야 돼?").intent, Intent::RecoveryStatus);
    let c = e.classify("litellm 상태");
    assert_eq!(
        (c.intent, c.args.channel.as_deref()),
        (Intent::Channels, Some("Gateway"))
    );
    assert_eq!(
        e.classify("프록시 왜 느려").args.channel.as_deref(),
        Some("Gateway")
    );
    // Untaught, these words mean nothing.
    let plain = Engine::with_channels(&["Local", "Cloud", "Gateway"]);
    assert_eq!(plain.classify("불 꺼").intent, Intent::Unknown);
}

#[test]
fn teaching_errors_are_reported() {
    let names = ["Local"];
    let with = |k: &str, v: &str, alias: bool| {
        let mut t = Teach::default();
        let map: &mut BTreeMap<String, Vec<String>> = if alias {
            &mut t.aliases
        } else {
            &mut t.phrases
        };
        map.insert(k.into(), vec![v.into()]);
        Engine::new(&names, &t).err()
    };
    assert_eq!(
        with("stauts", "x", false),
        Some(TeachError::UnknownIntent("stauts".into()))
    );
    assert_eq!(
        with("unknown", "x", false),
        Some(TeachError::UnknownIntent("unknown".into()))
    );
    assert_eq!(
        with("Nope", "x", true),
        Some(TeachError::UnknownChannel("Nope".into()))
    );
    assert!(matches!(
        with("status", "?!", false),
        Some(TeachError::Empty { .. })
    ));
    assert!(matches!(
        with("status", "gw 상태", false),
        Some(TeachError::MixedScript(_))
    ));
    assert_eq!(with("local", "로컬서버", true), None);
}

/// "라우팅 적용" is an order that needs confirmation and reaches the route targets;
/// "라우팅 적용됐어?" is a question that lists each target's state; without targets, or
/// with `apply = "off"`, there is nothing to confirm.
#[test]
fn applying_routing_is_confirmed_and_asking_about_it_is_answered() {
    use switchboard::route_apply::{RouteView, TargetView};
    let mut s = snapshot();
    let ctx = ReplyContext::say(false, false, Policy::default());
    let ask = |s: &Snapshot, text: &str| reply(&engine(s).classify(text), s, &ctx);
    let none = ask(&s, "라우팅 적용");
    assert_eq!(none.command, None);
    has(&none.text, &["[[route_target]]"]);
    s.routes = Some(std::sync::Arc::new(RouteView {
        mode: "confirm",
        targets: vec![TargetView {
            name: "proxy".into(),
            kind: "litellm",
            state: "pending",
            order: vec!["Gateway".into(), "Local".into()],
            pending: Some(vec!["Local".into(), "Gateway".into()]),
            why: "first channel Gateway is not the recommended primary Local".into(),
            ..TargetView::default()
        }],
        ..RouteView::default()
    }));
    for text in ["라우팅 적용", "apply routing"] {
        let r = ask(&s, text);
        assert_eq!(r.command, Some(ChatCommand::ApplyRouting), "{text}");
        assert!(r.needs_confirmation, "{text}");
        has(&r.text, &["proxy (litellm): pending", "Gateway, Local"]);
    }
    let q = ask(&s, "라우팅 적용됐어?");
    assert_eq!(q.command, None);
    has(&q.text, &["게이트웨이 proxy (litellm): pending"]);
    let cancel = ask(&s, "라우팅 적용 취소");
    assert_eq!(cancel.command, None);
    let mut off = (**s.routes.as_ref().expect("routes")).clone();
    off.mode = "off";
    s.routes = Some(std::sync::Arc::new(off));
    let r = ask(&s, "apply routing");
    assert_eq!(r.command, None);
    has(&r.text, &["apply = \"off\""]);
}

/// A policy switch is offered only for a policy the config describes, and asks first;
/// without a name it lists them; a metrics file has none to switch.
#[test]
fn a_policy_switch_is_confirmed_and_only_to_a_described_policy() {
    let mut s = snapshot();
    let e = engine(&s);
    let ctx = ReplyContext::say(false, false, Policy::default());
    let file = reply(
        &e.classify("switch the routing policy to balanced"),
        &s,
        &ctx,
    );
    assert_eq!(file.command, None);
    has(&file.text, &["no routing policy to switch"]);

    s.routing.policies = vec!["health", "balanced"];
    let r = reply(
        &e.classify("switch the routing policy to balanced"),
        &s,
        &ctx,
    );
    assert_eq!(r.command, Some(ChatCommand::SetPolicy("balanced".into())));
    assert!(r.needs_confirmation);
    has(&r.text, &["routing policy health → balanced", "--yes"]);

    let r = reply(&e.classify("라우팅 정책 지역 기준으로 바꿔"), &s, &ctx);
    assert_eq!(r.command, None);
    has(
        &r.text,
        &[
            "needs [routing] region_order",
            "available: health, balanced",
        ],
    );

    let r = reply(&e.classify("switch the routing policy"), &s, &ctx);
    assert_eq!(r.command, None);
    has(
        &r.text,
        &["which policy?", "health, balanced", "now: health"],
    );

    let r = reply(
        &e.classify("should we switch to the balanced policy?"),
        &s,
        &ctx,
    );
    assert_eq!(r.command, None, "a question never switches");
}
