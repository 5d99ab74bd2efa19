//! Answers: a classified utterance plus the current `Snapshot` in, short aligned text in
//! the asker's language out. The same text serves the TUI chat pane and `--say`.
//!
//! Nothing here performs an action. Intents that act return a [`ChatCommand`]; the caller
//! confirms it (y/N in the console, `--yes` for `--say`) and executes it.

mod actions;
pub mod audit;
mod explain;
pub mod fmt;
mod past;
mod problems;
mod recovery;
mod series;
mod views;

use std::borrow::Cow;
use std::fmt::Write;
use std::path::PathBuf;

use super::classify::{Classification, Hold};
use super::intent::{Intent, Lang};
use crate::domain::{Policy, RoutingMode};
use crate::report::sanitize;
use crate::snapshot::Snapshot;

pub use actions::reevaluate;

/// Where the reply is shown: it decides how confirmation is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surface {
    /// `switchboard --say`: actions need `--yes`.
    Say,
    /// The interactive console: actions need a y/N answer.
    Console,
}

/// What the caller allows and knows besides the snapshot.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplyContext {
    pub surface: Surface,
    /// The operator already confirmed (`--yes`, or answered `y`).
    pub confirmed: bool,
    /// `--read-only`: refuse every intent that changes anything.
    pub read_only: bool,
    /// Thresholds, routing mode and recovery actions in force (for explanations and what-ifs).
    pub policy: Policy,
    /// The history database, where the source is live and one exists: `trend` over a
    /// period is answered from it.
    pub history: Option<std::path::PathBuf>,
}

impl ReplyContext {
    pub fn say(confirmed: bool, read_only: bool, policy: Policy) -> ReplyContext {
        ReplyContext {
            surface: Surface::Say,
            confirmed,
            read_only,
            policy,
            history: None,
        }
    }
}

/// An action for the caller to execute.
#[derive(Debug, Clone, PartialEq)]
pub enum ChatCommand {
    /// Run the actions of `channel`, or of every unhealthy channel that has some.
    RunRecovery {
        channel: Option<String>,
        actions: Vec<String>,
    },
    /// Clears a channel's (or, with `None`, every channel's) escalation and failure count.
    ResetRecovery {
        channel: Option<String>,
    },
    /// No automatic action and no notification for `channel` (or every channel) for
    /// `minutes`.
    Silence {
        channel: Option<String>,
        minutes: u32,
    },
    SetAutorecover(bool),
    SetRouting(RoutingMode),
    /// Write the routing order to the route targets where a change is due
    /// (`[[route_target]]`, docs/routing.md).
    ApplyRouting,
    Refresh,
    Pause,
    Resume,
    Export {
        path: PathBuf,
    },
    Quit,
}

impl ChatCommand {
    /// The action in plain words and what it changes, for the y/N line that asks for
    /// confirmation: a misread order must be recognisable there before it runs.
    pub fn describe(&self, lang: Lang) -> String {
        match self {
            ChatCommand::RunRecovery { channel, actions } => format!(
                "{}{} {}",
                lang.pick("복구 실행", "run recovery"),
                channel
                    .as_deref()
                    .map_or(String::new(), |c| format!(" {c}")),
                if actions.is_empty() {
                    lang.pick("— (설정된 조치 없음)", "— (no action configured)")
                        .to_string()
                } else {
                    format!(
                        "{} {}",
                        lang.pick("— 조치를 실행:", "— runs"),
                        actions.join(", ")
                    )
                }
            ),
            ChatCommand::ResetRecovery { channel } => match channel {
                Some(c) => format!(
                    "{} {c}{}",
                    lang.pick("복구 리셋 —", "reset recovery —"),
                    lang.pick(
                        "의 에스컬레이션과 실패 횟수를 지움",
                        ": clears its escalation and failure count"
                    )
                ),
                None => lang
                    .pick(
                        "복구 리셋 — 모든 채널의 에스컬레이션과 실패 횟수를 지움",
                        "reset recovery — clears every channel's escalation and failure count",
                    )
                    .to_string(),
            },
            ChatCommand::Silence { channel, minutes } => format!(
                "{} {} {minutes}{}",
                lang.pick("점검(무음) —", "silence —"),
                channel
                    .as_deref()
                    .unwrap_or(lang.pick("모든 채널", "every channel")),
                lang.pick(
                    "분 동안 자동 조치와 알림 없음",
                    " min: no automatic action, no notification"
                )
            ),
            ChatCommand::ApplyRouting => lang
                .pick(
                    "라우팅 적용 — 권고 순서를 게이트웨이에 써서 트래픽을 옮김",
                    "apply routing — write the recommended order to the gateway, moving traffic",
                )
                .to_string(),
            ChatCommand::SetAutorecover(true) => lang
                .pick(
                    "자동 복구 켜기 — 필요하면 묻지 않고 조치를 실행",
                    "enable auto recovery — actions run without asking",
                )
                .to_string(),
            ChatCommand::SetAutorecover(false) => lang
                .pick(
                    "자동 복구 끄기 — 조치는 권고만, 실행은 사람이",
                    "disable auto recovery — actions are only recommended",
                )
                .to_string(),
            ChatCommand::SetRouting(RoutingMode::Monitoring) => lang
                .pick(
                    "모니터링 기반 라우팅으로 전환 — 건강과 지연으로 주 채널 선택",
                    "switch to monitoring routing — primary chosen by health and latency",
                )
                .to_string(),
            ChatCommand::SetRouting(RoutingMode::Static) => lang
                .pick(
                    "정적 라우팅으로 전환 — 설정 순서대로 주 채널 선택",
                    "switch to static routing — primary follows the configured order",
                )
                .to_string(),
            ChatCommand::Refresh => lang
                .pick(
                    "새로고침 — 모든 채널을 지금 조사",
                    "refresh — probes every channel now",
                )
                .to_string(),
            ChatCommand::Pause => lang
                .pick(
                    "일시정지 — 조사를 멈추고 마지막 상태를 유지",
                    "pause polling — stops probing; the view keeps the last state",
                )
                .to_string(),
            ChatCommand::Resume => lang
                .pick(
                    "재개 — 조사를 다시 시작",
                    "resume polling — probing starts again",
                )
                .to_string(),
            ChatCommand::Export { path } => {
                let p = crate::report::export::dashboard_paths(path);
                format!(
                    "{} {} + {}",
                    lang.pick("내보내기 — 새 파일에 씀:", "export — writes new files:"),
                    p.html.display(),
                    p.json.display()
                )
            }
            ChatCommand::Quit => lang
                .pick("종료 — 콘솔을 닫음", "quit — leaves the console")
                .to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    /// Ends with a newline.
    pub text: String,
    pub command: Option<ChatCommand>,
    /// The command must not run without the operator's confirmation.
    pub needs_confirmation: bool,
}

impl Reply {
    fn text(text: String) -> Reply {
        Reply {
            text,
            command: None,
            needs_confirmation: false,
        }
    }
}

/// Answers `c` from `s`.
///
/// Replies quote channel names, reasons and the asker's own words, all untrusted: the
/// text is built from copies with every such string made safe for a terminal
/// (`report::sanitize`), and passes the same function once more as a whole. A command
/// keeps the exact strings (an export path, action names).
pub fn reply(c: &Classification, s: &Snapshot, ctx: &ReplyContext) -> Reply {
    let shown = sanitize::snapshot(s);
    let shown_c = shown_classification(c);
    let mut r = answer(&shown_c, &shown, ctx);
    if matches!(shown, Cow::Owned(_)) || matches!(shown_c, Cow::Owned(_)) {
        r.command = answer(c, s, ctx).command;
    }
    if let Cow::Owned(text) = crate::base::sanitize::clean_lines(&r.text) {
        r.text = text;
    }
    r
}

/// The classification with the channel names and path it quotes made safe for display.
fn shown_classification(c: &Classification) -> Cow<'_, Classification> {
    let a = &c.args;
    let unsafe_text = |t: &str| t.chars().any(crate::base::sanitize::is_unsafe);
    let hostile = a.channel.as_deref().is_some_and(unsafe_text)
        || a.channels.iter().any(|t| unsafe_text(t))
        || a.path.as_deref().is_some_and(unsafe_text);
    if !hostile {
        return Cow::Borrowed(c);
    }
    let mut shown = c.clone();
    let clean = |t: &mut String| *t = crate::base::sanitize::clean(t).into_owned();
    shown.args.channel.iter_mut().for_each(clean);
    shown.args.channels.iter_mut().for_each(clean);
    shown.args.path.iter_mut().for_each(clean);
    Cow::Owned(shown)
}

fn answer(c: &Classification, s: &Snapshot, ctx: &ReplyContext) -> Reply {
    let lang = c.lang;
    let channel = c.args.channel.as_deref();
    let text = match c.intent {
        Intent::Status => views::status(s, lang),
        Intent::Channels => views::channels(s, c, lang),
        Intent::Problems => problems::problems(s, &ctx.policy.thresholds, lang),
        Intent::Routing => views::routing(s, c, lang),
        Intent::RecoveryStatus => views::recovery(s, c, lang),
        Intent::RecoveryHistory => recovery::history(s, channel, lang),
        Intent::Explain => explain::explain(s, channel, &ctx.policy, lang),
        Intent::Trend => from_history(c, s, ctx).unwrap_or_else(|| series::trend(s, channel, lang)),
        Intent::Forecast => series::forecast(s, c, &ctx.policy, lang),
        Intent::Help => help(lang),
        Intent::Unknown => unknown(c),
        _ => {
            let mut r = actions::act(c, s, ctx);
            r.text = fmt::fit(&r.text, WIDTH);
            return r;
        }
    };
    // An order that was not carried out leads the answer: what was not done, and why.
    let text = match held_line(c) {
        Some(line) => format!("{line}{text}"),
        None => text,
    };
    Reply::text(fmt::fit(&text, WIDTH))
}

/// `trend` from the history database, when there is one with data for the period.
fn from_history(c: &Classification, s: &Snapshot, ctx: &ReplyContext) -> Option<String> {
    let path = ctx.history.as_deref()?;
    let now_ms = s.at_ms()?;
    let minutes = c.args.horizon_minutes;
    past::trend(path, now_ms, minutes, c.args.channel.as_deref(), c.lang)
}

/// "not done: did you mean 'resume' or 'pause'?" for an order held back by an undoing
/// word, a negation or too narrow a margin. Questions ("복구 필요해?") need no such line:
/// the answer is the question's, and the views say how to order.
fn held_line(c: &Classification) -> Option<String> {
    let w = c.withheld?;
    let lang = c.lang;
    let why = match c.held? {
        Hold::Asked => return None,
        Hold::Negated => {
            return Some(
                lang.pick(
                    "하지 않았어요 (하지 말라고 해서)\n",
                    "not done: you said not to\n",
                )
                .to_string(),
            )
        }
        Hold::Undone if w.opposite().is_none() => {
            return Some(format!(
                "{} '{}'{}\n",
                lang.pick("하지 않았어요: 여기서는", "not done: nothing here undoes"),
                w.example(lang),
                lang.pick(
                    "을(를) 되돌리는 명령이 없어요; 아무것도 바꾸지 않았어요",
                    "; nothing was changed"
                )
            ))
        }
        Hold::Undone => lang.pick(
            "하지 않았어요: 취소하는 말이 붙어 있어요",
            "not done: the order came with an undoing word",
        ),
        Hold::Unsure => lang.pick(
            "확실하지 않아 하지 않았어요",
            "not done: not sure what you meant",
        ),
    };
    let mut options: Vec<Intent> = Vec::new();
    for i in std::iter::once(w).chain(c.suggestions.iter().copied()) {
        if i != Intent::Unknown && i != c.intent && !options.contains(&i) && options.len() < 2 {
            options.push(i);
        }
    }
    let quoted: Vec<String> = options
        .iter()
        .map(|i| format!("'{}'", i.example(lang)))
        .collect();
    let ask = match (quoted.as_slice(), lang) {
        ([a], Lang::Ko) => format!(" — {a} 말인가요?"),
        ([a], Lang::En) => format!(" — did you mean {a}?"),
        ([a, b], Lang::Ko) => format!(" — {a} 또는 {b} 중 무엇인가요?"),
        ([a, b], Lang::En) => format!(" — did you mean {a} or {b}?"),
        _ => String::new(),
    };
    Some(format!("{why}{ask}\n"))
}

/// Replies fit a standard terminal (as `--snapshot`'s text output does, docs/json.md).
const WIDTH: usize = 80;

fn help(lang: Lang) -> String {
    let mut out = String::new();
    out.push_str(lang.pick(
        "한국어나 영어로, 띄어쓰기·조사 상관없이 물어보세요. 예:\n",
        "Ask in Korean or English, e.g.:\n",
    ));
    let rows: Vec<(&str, String)> = [
        Intent::Status,
        Intent::Channels,
        Intent::Problems,
        Intent::Routing,
        Intent::RecoveryStatus,
        Intent::RecoveryHistory,
        Intent::Explain,
        Intent::Trend,
        Intent::Forecast,
        Intent::Export,
    ]
    .iter()
    .map(|i| (i.example(lang), format!("→ {}", i.id())))
    .collect();
    fmt::pairs(&mut out, &rows);
    let actions: Vec<&str> = [
        Intent::RecoveryRun,
        Intent::RecoveryReset,
        Intent::AutorecoverOn,
        Intent::MonitoringOff,
        Intent::Pause,
        Intent::Resume,
        Intent::Refresh,
        Intent::Quit,
    ]
    .iter()
    .map(|i| i.example(lang))
    .collect();
    let line = format!("{}{}", lang.pick("동작: ", "actions: "), actions.join(", "));
    let _ = writeln!(out, "{}", fmt::wrap(&line, 0, 2, 78));
    out.push_str(lang.pick(
        "동작은 확인 후에만 실행돼요 (--say 는 --yes, 콘솔은 y/N).\n질문은 절대 동작으로 실행되지 않아요.\n",
        "Actions run only when confirmed (--yes with --say, y/N in the console);\na question never runs one.\n",
    ));
    out
}

fn unknown(c: &Classification) -> String {
    let lang = c.lang;
    let mut out = lang
        .pick("무슨 뜻인지 모르겠어요.", "I did not understand that.")
        .to_string();
    let quoted: Vec<String> = c
        .suggestions
        .iter()
        .map(|i| format!("'{}'", i.example(lang)))
        .collect();
    if !quoted.is_empty() {
        let _ = write!(
            out,
            "\n{}{}?",
            lang.pick("혹시 ", "Did you mean "),
            quoted.join(", ")
        );
    }
    out.push_str(lang.pick(
        "\n('도움말' 로 전체 목록)\n",
        "\n('help' lists everything)\n",
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_describes_what_it_changes_in_both_languages() {
        let all = [
            ChatCommand::RunRecovery {
                channel: Some("Gateway".into()),
                actions: vec!["restart_worker".into()],
            },
            ChatCommand::ResetRecovery {
                channel: Some("Gateway".into()),
            },
            ChatCommand::ResetRecovery { channel: None },
            ChatCommand::SetAutorecover(true),
            ChatCommand::SetAutorecover(false),
            ChatCommand::SetRouting(RoutingMode::Monitoring),
            ChatCommand::SetRouting(RoutingMode::Static),
            ChatCommand::Refresh,
            ChatCommand::Pause,
            ChatCommand::Resume,
            ChatCommand::Export {
                path: PathBuf::from("out.json"),
            },
            ChatCommand::Quit,
        ];
        for c in &all {
            for lang in [Lang::Ko, Lang::En] {
                let d = c.describe(lang);
                // "<action> — <what it changes>"
                assert!(d.contains(" — "), "{c:?}: {d}");
                assert!(d.chars().count() <= 72, "{c:?}: {d}");
            }
        }
        let d = ChatCommand::ResetRecovery {
            channel: Some("Gateway".into()),
        }
        .describe(Lang::En);
        assert!(d.contains("Gateway") && d.contains("escalation"), "{d}");
    }
}
