//! Intents that act: describe what would happen (with real numbers), hand back the
//! `ChatCommand`, and ask for confirmation — or refuse under `--read-only`.

use std::fmt::Write;
use std::path::PathBuf;

use super::fmt::{mode_word, name_or_none};
use super::views::recovery_reason;
use super::{ChatCommand, Reply, ReplyContext, Surface};
use crate::chatops::classify::{Classification, Hold};
use crate::chatops::intent::{Intent, Lang};
use crate::chatops::replies;
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
            replies::REFUSED_READ_ONLY_DISABLES_COMMANDS.get(lang),
            c.intent
        );
        return Reply::text(text);
    }
    let (mut text, command) = match c.intent {
        Intent::RecoveryRun => run_recovery(s, c, ctx, lang),
        Intent::RecoveryReset => reset_recovery(c, lang),
        Intent::RoutingApply => apply_routing(s, lang),
        Intent::RoutingPolicy => switch_policy(s, c, lang),
        Intent::Silence => silence(c, s, lang),
        Intent::AutorecoverOn => toggle_auto(true, lang),
        Intent::AutorecoverOff => toggle_auto(false, lang),
        Intent::MonitoringOn => routing_mode(s, ctx, RoutingMode::Monitoring, lang),
        Intent::MonitoringOff => routing_mode(s, ctx, RoutingMode::Static, lang),
        Intent::Export => export(c, s, lang),
        Intent::Refresh => poller(
            replies::REFRESH_PROBE_EVERY_CHANNEL_NOW.get(lang),
            ChatCommand::Refresh,
        ),
        Intent::Pause => poller(
            replies::PAUSE_STOP_PROBING_KEEP_THE.get(lang),
            ChatCommand::Pause,
        ),
        Intent::Resume => poller(
            replies::RESUME_START_PROBING_AGAIN.get(lang),
            ChatCommand::Resume,
        ),
        _ => poller(replies::QUIT.get(lang), ChatCommand::Quit),
    };
    let needs_confirmation = c.intent.is_mutating() && command.is_some();
    if needs_confirmation && !ctx.confirmed {
        text.push_str(match ctx.surface {
            Surface::Say => replies::ADD_YES.get(lang),
            Surface::Console => replies::GO_AHEAD.get(lang),
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
            replies::RUN_RECOVERY_RECOMMENDED_ACTIONS.get(lang),
            actions.join(", ")
        );
        text.push_str(&needed_note(s, lang));
        return (text, Some(ChatCommand::RunRecovery { channel, actions }));
    };
    if let Some(why) = &x.read_only {
        let text = format!("{} {why}\n", replies::CANNOT_RUN_READ_ONLY.get(lang));
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
            Some(name) => format!("{} {name}\n", replies::NOTHING_TO_RUN_NO_ACTION.get(lang)),
            None => replies::NOTHING_TO_RUN_EVERY_CHANNEL.get(lang).to_string(),
        };
        return (text, None);
    }
    let mut text = replies::RUN_RECOVERY_TITLE.get(lang).to_string();
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
            replies::NEEDED_BECAUSE.get(lang),
            recovery_reason(s, lang)
        )
    } else {
        replies::NOTE_RECOVERY_IS_NOT_NEEDED.get(lang).to_string()
    }
}

fn reset_recovery(c: &Classification, lang: Lang) -> (String, Option<ChatCommand>) {
    let channel = c.args.channel.clone();
    let text = match &channel {
        Some(ch) => replies::reset_one(lang, ch),
        None => replies::RESET_EVERY.get(lang).to_string(),
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
        .unwrap_or(replies::EVERY_CHANNEL.get(lang));
    let text = replies::silence_for(lang, &who, &minutes, &when);
    (text, Some(ChatCommand::Silence { channel, minutes }))
}

fn toggle_auto(on: bool, lang: Lang) -> (String, Option<ChatCommand>) {
    let text = if on {
        replies::AUTO_ON_ASKED.get(lang)
    } else {
        replies::AUTO_OFF_ASKED.get(lang)
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
            replies::ROUTING_IS_ALREADY.get(lang),
            mode_word(mode, lang),
            replies::NOTHING_TO_CHANGE.get(lang)
        );
        return (text, None);
    }
    let after = reevaluate(s, &ctx.policy, mode);
    let r = &after.routing;
    let mut text = format!(
        "{} {} ({} {})\n  {} {}, {} {} ({} {})\n",
        replies::ROUTING_MODE.get(lang),
        mode_word(mode, lang),
        replies::NOW.get(lang),
        mode_word(s.routing.mode, lang),
        replies::PRIMARY.get(lang),
        name_or_none(&r.recommended_primary, lang),
        replies::FALLBACK.get(lang),
        name_or_none(&r.recommended_fallback, lang),
        replies::NOW.get(lang),
        name_or_none(&s.routing.recommended_primary, lang),
    );
    let recovery = if after.recovery.should_trigger {
        format!(
            "{} ({})",
            replies::RECOVERY_NEEDED.get(lang),
            recovery_reason(&after, lang)
        )
    } else {
        replies::RECOVERY_NOT_NEEDED.get(lang).to_string()
    };
    let _ = writeln!(
        text,
        "  {} {} · {recovery}",
        replies::STATUS.get(lang),
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
        replies::EXPORT_DASHBOARD_HTML.get(lang),
        paths.html.display(),
        replies::ORCHESTRATION_CONTEXT_JSON.get(lang),
        paths.json.display()
    );
    // Asked, negated or unsure: describe, never write.
    if c.withheld == Some(Intent::Export) {
        let why = match c.held {
            Some(Hold::Negated | Hold::Undone) => replies::NOT_WRITTEN_YOU_SAID_NOT.get(lang),
            _ => replies::NOT_WRITTEN_READ_AS_A.get(lang),
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
            replies::NOT_WRITTEN_THAT_IS_THE.get(lang)
        } else {
            replies::NOT_WRITTEN_THE_FILE_EXISTS.get(lang)
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

/// "apply routing": the order each route target would get; nothing to confirm where
/// there is no target, or `apply = "off"` says routes are never written.
/// "switch the routing policy to balanced": the switch, when the config describes that
/// policy; else what it offers.
fn switch_policy(s: &Snapshot, c: &Classification, lang: Lang) -> (String, Option<ChatCommand>) {
    let r = &s.routing;
    let Some(name) = c.args.policy.filter(|n| r.policies.contains(n)) else {
        let text = match c.args.policy {
            Some(n) if !r.policies.is_empty() => {
                crate::domain::route_policy::unavailable(n, &r.policies)
            }
            _ if r.policies.is_empty() => crate::domain::route_policy::unavailable("", &[]),
            _ => replies::policy_which(lang, &r.policies.join(", "), &r.policy),
        };
        return (format!("{text}\n"), None);
    };
    if name == r.policy {
        return (format!("{}\n", replies::policy_already(lang, &name)), None);
    }
    let text = format!(
        "{}\n{name}: {}\n",
        replies::policy_switch(lang, &r.policy, &name),
        crate::domain::route_policy::summary(name)
    );
    (text, Some(ChatCommand::SetPolicy(name.to_string())))
}

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
