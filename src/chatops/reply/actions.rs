//! Intents that act: describe what would happen (with real numbers), hand back the
//! `ChatCommand`, and ask for confirmation — or refuse under `--read-only`.

use std::fmt::Write;
use std::path::PathBuf;

use super::fmt::{mode_word, name_or_none};
use super::views::recovery_reason;
use super::{ChatCommand, Reply, ReplyContext, Surface};
use crate::chatops::classify::{Classification, Hold};
use crate::chatops::intent::{Intent, Lang};
use crate::domain::{self, Policy, RoutingMode};
use crate::report::export::{dashboard_paths, DashboardPaths};
use crate::snapshot::Snapshot;

/// Where `export` writes when no path is given (in the working directory), with the
/// dashboard beside it as `switchboard-context.html`.
pub const DEFAULT_EXPORT: &str = "switchboard-context.json";

pub fn act(c: &Classification, s: &Snapshot, ctx: &ReplyContext) -> Reply {
    let lang = c.lang;
    let writes = c.intent.writes() && c.withheld.is_none();
    if ctx.read_only && writes {
        let text = format!(
            "{} ({})\n",
            lang.pick(
                "거부: --read-only 에서는 바꾸거나 쓰는 명령을 실행하지 않아요",
                "refused: --read-only disables commands that change or write anything"
            ),
            c.intent
        );
        return Reply::text(text);
    }
    let (mut text, command) = match c.intent {
        Intent::RecoveryRun => run_recovery(s, c, ctx, lang),
        Intent::RecoveryReset => reset_recovery(c, lang),
        Intent::RoutingApply => apply_routing(s, lang),
        Intent::Silence => silence(c, s, lang),
        Intent::AutorecoverOn => toggle_auto(true, lang),
        Intent::AutorecoverOff => toggle_auto(false, lang),
        Intent::MonitoringOn => routing_mode(s, ctx, RoutingMode::Monitoring, lang),
        Intent::MonitoringOff => routing_mode(s, ctx, RoutingMode::Static, lang),
        Intent::Export => export(c, s, lang),
        Intent::Refresh => poller(
            lang.pick(
                "새로고침: 지금 바로 한 번 더 조사",
                "refresh: probe every channel now",
            ),
            ChatCommand::Refresh,
        ),
        Intent::Pause => poller(
            lang.pick(
                "일시정지: 프로브 중단, 마지막 상태 유지",
                "pause: stop probing, keep the last state",
            ),
            ChatCommand::Pause,
        ),
        Intent::Resume => poller(
            lang.pick("재개: 프로브 다시 시작", "resume: start probing again"),
            ChatCommand::Resume,
        ),
        _ => poller(lang.pick("종료", "quit"), ChatCommand::Quit),
    };
    let needs_confirmation = c.intent.is_mutating() && command.is_some();
    if needs_confirmation && !ctx.confirmed {
        text.push_str(match (ctx.surface, lang) {
            (Surface::Say, Lang::Ko) => "실행하지 않았어요: 실행하려면 --yes 를 붙이세요\n",
            (Surface::Say, Lang::En) => "not done: add --yes to do it\n",
            (Surface::Console, Lang::Ko) => "실행할까요? (y/N)\n",
            (Surface::Console, Lang::En) => "go ahead? (y/N)\n",
        });
    }
    Reply {
        text,
        command,
        needs_confirmation,
    }
}

fn poller(what: &str, cmd: ChatCommand) -> (String, Option<ChatCommand>) {
    (format!("{what}\n"), Some(cmd))
}

fn run_recovery(
    s: &Snapshot,
    c: &Classification,
    ctx: &ReplyContext,
    lang: Lang,
) -> (String, Option<ChatCommand>) {
    let channel = c.args.channel.clone();
    let Some(x) = &s.executor else {
        let actions = if s.recovery.recommended_actions.is_empty() {
            ctx.policy.actions.clone()
        } else {
            s.recovery.recommended_actions.clone()
        };
        let mut text = format!(
            "{} {}\n",
            lang.pick("복구 실행: 권장 조치", "run recovery: recommended actions"),
            actions.join(", ")
        );
        text.push_str(&needed_note(s, lang));
        return (text, Some(ChatCommand::RunRecovery { channel, actions }));
    };
    if let Some(why) = &x.read_only {
        let text = format!(
            "{} {why}\n",
            lang.pick("실행할 수 없어요: 읽기 전용 —", "cannot run: read-only —")
        );
        return (text, None);
    }
    let targets: Vec<_> = x
        .channels
        .iter()
        .filter(|r| match &channel {
            Some(name) => &r.name == name,
            None => s
                .channel(&r.name)
                .is_some_and(|v| !v.eval.health.is_healthy()),
        })
        .filter(|r| !r.actions.is_empty())
        .collect();
    if targets.is_empty() {
        let text = match &channel {
            Some(name) => format!(
                "{} {name}\n",
                lang.pick("실행할 조치가 없어요: [[action]] 이 연결되지 않은 채널", "nothing to run: no [[action]] is bound to")
            ),
            None => lang
                .pick(
                    "실행할 것이 없어요: 조치가 있는 채널은 모두 정상이에요 (채널을 지정하면 강제로 실행)\n",
                    "nothing to run: every channel with actions is healthy (name a channel to force it)\n",
                )
                .to_string(),
        };
        return (text, None);
    }
    let mut text = lang.pick("복구 실행:\n", "run recovery:\n").to_string();
    for t in &targets {
        let health = s.channel(&t.name).map_or("?", |v| v.eval.health.as_str());
        let _ = writeln!(
            text,
            "  {:<10} {health:<9} → {}",
            t.name,
            t.actions.join(", ")
        );
    }
    text.push_str(&needed_note(s, lang));
    let actions = targets.iter().flat_map(|t| t.actions.clone()).collect();
    (text, Some(ChatCommand::RunRecovery { channel, actions }))
}

/// Whether the recovery rule fires, so that a forced run is seen as one.
fn needed_note(s: &Snapshot, lang: Lang) -> String {
    if s.recovery.should_trigger {
        format!(
            "  {} {}\n",
            lang.pick("필요한 이유:", "needed because:"),
            recovery_reason(s, lang)
        )
    } else {
        lang.pick(
            "  참고: 지금은 복구가 필요하지 않아요 (해당 규칙 없음)\n",
            "  note: recovery is not needed now (no rule fired)\n",
        )
        .to_string()
    }
}

fn reset_recovery(c: &Classification, lang: Lang) -> (String, Option<ChatCommand>) {
    let channel = c.args.channel.clone();
    let text = match (&channel, lang) {
        (Some(ch), Lang::Ko) => {
            format!("복구 리셋: {ch}의 에스컬레이션과 실패 횟수를 지워요 (다음 복구는 처음부터)\n")
        }
        (Some(ch), Lang::En) => format!(
            "reset recovery for {ch}: clears its escalation and failure count (the next recovery starts afresh)\n"
        ),
        (None, Lang::Ko) => {
            "복구 리셋: 모든 채널의 에스컬레이션과 실패 횟수를 지워요 (다음 복구는 처음부터)\n"
                .to_string()
        }
        (None, Lang::En) => "reset recovery: clears every channel's escalation and failure count (the next recovery starts afresh)\n".to_string(),
    };
    (text, Some(ChatCommand::ResetRecovery { channel }))
}

/// A silence: the channel (or every channel) gets no automatic action and no
/// notification until the time given; audited as a maintenance window.
fn silence(c: &Classification, s: &Snapshot, lang: Lang) -> (String, Option<ChatCommand>) {
    let channel = c.args.channel.clone();
    let minutes = c.args.horizon_minutes.unwrap_or(30).clamp(1, 7 * 24 * 60);
    let until = s.at_ms().map(|at| at + i64::from(minutes) * 60_000);
    let when = until.map_or(String::new(), |u| {
        format!(" ({})", crate::snapshot::rfc3339_ms(u))
    });
    let who = channel
        .as_deref()
        .unwrap_or(lang.pick("모든 채널", "every channel"));
    let text = match lang {
        Lang::Ko => format!("점검: {who} — {minutes}분 동안{when} 자동 조치와 알림 없음 (감사 로그에 기록)\n"),
        Lang::En => format!("silence {who} for {minutes} min{when}: no automatic action, no notification (audited)\n"),
    };
    (text, Some(ChatCommand::Silence { channel, minutes }))
}

/// "apply routing": the order each route target would get; nothing to confirm where
/// there is no target, or `apply = "off"` says routes are never written.
fn apply_routing(s: &Snapshot, lang: Lang) -> (String, Option<ChatCommand>) {
    let Some(routes) = s.routes.as_deref() else {
        let text = lang.pick(
            "적용할 곳이 없어요: 설정에 [[route_target]] 이 없어요 (docs/routing.md)\n",
            "nowhere to apply: the config has no [[route_target]] (docs/routing.md)\n",
        );
        return (text.to_string(), None);
    };
    if routes.mode == "off" {
        let text = lang.pick(
            "적용 안 함: [routing] apply = \"off\" 라서 라우팅을 쓰지 않아요\n",
            "not applied: [routing] apply = \"off\" never writes routes\n",
        );
        return (text.to_string(), None);
    }
    let mut text = format!(
        "{} {}\n",
        lang.pick("라우팅 적용: 주 채널", "apply routing: primary"),
        name_or_none(&s.routing.recommended_primary, lang)
    );
    super::views::gateway_lines(&mut text, routes, lang);
    (text, Some(ChatCommand::ApplyRouting))
}

fn toggle_auto(on: bool, lang: Lang) -> (String, Option<ChatCommand>) {
    let text = match (on, lang) {
        (true, Lang::Ko) => "자동 복구 켜기: 복구가 필요하면 확인 없이 조치를 실행\n",
        (true, Lang::En) => {
            "enable auto recovery: run the actions without asking when recovery is needed\n"
        }
        (false, Lang::Ko) => "자동 복구 끄기: 복구는 권고만 하고 실행은 사람이 결정\n",
        (false, Lang::En) => {
            "disable auto recovery: recovery is only recommended, a person runs it\n"
        }
    };
    (text.to_string(), Some(ChatCommand::SetAutorecover(on)))
}

fn routing_mode(
    s: &Snapshot,
    ctx: &ReplyContext,
    mode: RoutingMode,
    lang: Lang,
) -> (String, Option<ChatCommand>) {
    if s.routing.mode == mode {
        let text = format!(
            "{} {}{}\n",
            lang.pick("라우팅은 이미", "routing is already"),
            mode_word(mode, lang),
            lang.pick(" 모드예요; 바꿀 것이 없어요", "; nothing to change")
        );
        return (text, None);
    }
    let after = reevaluate(s, &ctx.policy, mode);
    let r = &after.routing;
    let mut text = format!(
        "{} {} ({} {})\n  {} {}, {} {} ({} {})\n",
        lang.pick("라우팅 모드 →", "routing mode →"),
        mode_word(mode, lang),
        lang.pick("지금은", "now"),
        mode_word(s.routing.mode, lang),
        lang.pick("주 채널", "primary"),
        name_or_none(&r.recommended_primary, lang),
        lang.pick("예비", "fallback"),
        name_or_none(&r.recommended_fallback, lang),
        lang.pick("지금은", "now"),
        name_or_none(&s.routing.recommended_primary, lang),
    );
    let recovery = if after.recovery.should_trigger {
        format!(
            "{} ({})",
            lang.pick("복구 필요", "recovery NEEDED"),
            recovery_reason(&after, lang)
        )
    } else {
        lang.pick("복구 필요 없음", "recovery not needed")
            .to_string()
    };
    let _ = writeln!(
        text,
        "  {} {} · {recovery}",
        lang.pick("상태", "status"),
        after.status
    );
    (text, Some(ChatCommand::SetRouting(mode)))
}

fn export(c: &Classification, s: &Snapshot, lang: Lang) -> (String, Option<ChatCommand>) {
    let given = c.args.path.is_some();
    let mut path = PathBuf::from(c.args.path.as_deref().unwrap_or(DEFAULT_EXPORT));
    // Saying "export" again must not fail on the previous default file: the next one
    // gets a timestamped name. A path the operator gave is never changed.
    if !given && any_exists(&dashboard_paths(&path)) {
        path = PathBuf::from(timestamped_default());
    }
    let paths = dashboard_paths(&path);
    let what = format!(
        "{} {}\n  {} {}\n",
        lang.pick("내보내기: 대시보드(HTML) →", "export: dashboard (HTML) →"),
        paths.html.display(),
        lang.pick(
            "오케스트레이션 컨텍스트(JSON) →",
            "orchestration context (JSON) →"
        ),
        paths.json.display()
    );
    // Asked, negated or unsure: describe, never write.
    if c.withheld == Some(Intent::Export) {
        let why = match c.held {
            Some(Hold::Negated | Hold::Undone) => lang.pick(
                "쓰지 않았어요 (하지 말라고 했으니까요)",
                "not written: you said not to",
            ),
            _ => lang.pick(
                "쓰지 않았어요: 질문으로 읽었어요; 쓰려면 '내보내기' 라고 하세요",
                "not written: read as a question; say 'export' to write it",
            ),
        };
        return (format!("{what}  {why}\n"), None);
    }
    // Never over the source being read, nor over any file already there.
    let is_source = s.source.path.as_deref().is_some_and(|src| {
        same_file(src, &paths.json.to_string_lossy())
            || same_file(src, &paths.html.to_string_lossy())
    });
    if is_source || any_exists(&paths) {
        let why = if is_source {
            lang.pick(
                "쓰지 않았어요: 지금 읽고 있는 소스 파일이에요; 다른 경로를 주세요",
                "not written: that is the source being read; give another path",
            )
        } else {
            lang.pick(
                "쓰지 않았어요: 이미 있는 파일이에요; 덮어쓰지 않으니 다른 경로를 주세요",
                "not written: the file exists and export never overwrites; give another path",
            )
        };
        return (format!("{what}  {why}\n"), None);
    }
    (what, Some(ChatCommand::Export { path }))
}

fn any_exists(p: &DashboardPaths) -> bool {
    // symlink_metadata: a dangling symlink is still a file that must not be replaced.
    [&p.json, &p.html]
        .iter()
        .any(|f| std::fs::symlink_metadata(f).is_ok())
}

/// `switchboard-context-20261130T122431Z.json`: the default name, made unique by time.
fn timestamped_default() -> String {
    let stamp: String = crate::snapshot::now_rfc3339()
        .chars()
        .filter(|c| !matches!(c, '-' | ':'))
        .collect();
    let stem = DEFAULT_EXPORT.trim_end_matches(".json");
    format!("{stem}-{stamp}.json")
}

/// Whether two paths name the same file (as far as the file system can tell; a file that
/// does not exist yet is compared by its spelling).
fn same_file(a: &str, b: &str) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

/// The snapshot as it would be decided in another routing mode (same observations).
pub fn reevaluate(s: &Snapshot, policy: &Policy, mode: RoutingMode) -> Snapshot {
    let evals = s.channels.iter().map(|c| c.eval.clone()).collect();
    let policy = Policy {
        mode,
        ..policy.clone()
    };
    let d = domain::decide(evals, &s.overall_health, &policy);
    Snapshot {
        status: d.status,
        routing: d.routing,
        recovery: d.recovery,
        ..s.clone()
    }
}
