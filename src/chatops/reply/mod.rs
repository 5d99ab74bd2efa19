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
use crate::chatops::replies;
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
    /// Route by the configured policy of this name until a restart (audited).
    SetPolicy(String),
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
                replies::RUN_RECOVERY.get(lang),
                channel
                    .as_deref()
                    .map_or(String::new(), |c| format!(" {c}")),
                if actions.is_empty() {
                    replies::NO_ACTION_CONFIGURED.get(lang).to_string()
                } else {
                    format!("{} {}", replies::RUNS.get(lang), actions.join(", "))
                }
            ),
            ChatCommand::ApplyRouting => lang
                .pick(
                    "라우팅 적용 — 권고 순서를 게이트웨이에 써서 트래픽을 옮김",
                    "apply routing — write the recommended order to the gateway, moving traffic",
                )
                .to_string(),
            ChatCommand::SetPolicy(name) => replies::describe_policy(lang, name),
            ChatCommand::ResetRecovery { channel } => match channel {
                Some(c) => replies::describe_reset(lang, c),
                None => replies::RESET_RECOVERY_CLEARS_EVERY_CHANNEL
                    .get(lang)
                    .to_string(),
            },
            ChatCommand::Silence { channel, minutes } => {
                let every = replies::EVERY_CHANNEL.get(lang);
                replies::describe_silence(lang, &channel.as_deref().unwrap_or(every), minutes)
            }
            ChatCommand::SetAutorecover(true) => replies::ENABLE_AUTO_RECOVERY_ACTIONS_RUN
                .get(lang)
                .to_string(),
            ChatCommand::SetAutorecover(false) => replies::DISABLE_AUTO_RECOVERY_ACTIONS_ARE
                .get(lang)
                .to_string(),
            ChatCommand::SetRouting(RoutingMode::Monitoring) => {
                replies::SWITCH_TO_MONITORING_ROUTING_PRIMARY
                    .get(lang)
                    .to_string()
            }
            ChatCommand::SetRouting(RoutingMode::Static) => {
                replies::SWITCH_TO_STATIC_ROUTING_PRIMARY
                    .get(lang)
                    .to_string()
            }
            ChatCommand::Refresh => replies::REFRESH_PROBES_EVERY_CHANNEL_NOW
                .get(lang)
                .to_string(),
            ChatCommand::Pause => replies::PAUSE_POLLING_STOPS_PROBING_THE
                .get(lang)
                .to_string(),
            ChatCommand::Resume => replies::RESUME_POLLING_PROBING_STARTS_AGAIN
                .get(lang)
                .to_string(),
            ChatCommand::Export { path } => {
                let p = crate::report::export::dashboard_paths(path);
                format!(
                    "{} {} + {}",
                    replies::EXPORT_WRITES_NEW_FILES.get(lang),
                    p.html.display(),
                    p.json.display()
                )
            }
            ChatCommand::Quit => replies::QUIT_LEAVES_THE_CONSOLE.get(lang).to_string(),
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
        Intent::Problems => problems::problems(s, &ctx.policy.thresholds, channel, lang),
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
        Hold::Negated => return Some(replies::NOT_DONE_YOU_SAID_NOT.get(lang).to_string()),
        Hold::Undone if w.opposite().is_none() => {
            return Some(replies::nothing_undoes(lang, &w.example(lang)))
        }
        Hold::Undone => replies::NOT_DONE_THE_ORDER_CAME.get(lang),
        Hold::Unsure => replies::NOT_DONE_NOT_SURE_WHAT.get(lang),
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
    let ask = match quoted.as_slice() {
        [a] => replies::did_you_mean_one(lang, a),
        [a, b] => replies::did_you_mean_either(lang, a, b),
        _ => String::new(),
    };
    Some(format!("{why}{ask}\n"))
}

/// Replies fit a standard terminal (as `--snapshot`'s text output does, docs/json.md).
const WIDTH: usize = 80;

fn help(lang: Lang) -> String {
    let mut out = String::new();
    out.push_str(replies::ASK_IN_KOREAN_OR_ENGLISH.get(lang));
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
    let line = format!("{}{}", replies::ACTIONS.get(lang), actions.join(", "));
    let _ = writeln!(out, "{}", fmt::wrap(&line, 0, 2, 78));
    out.push_str(replies::ACTIONS_RUN_ONLY_WHEN_CONFIRMED.get(lang));
    out
}

fn unknown(c: &Classification) -> String {
    let lang = c.lang;
    let mut out = replies::I_DID_NOT_UNDERSTAND_THAT.get(lang).to_string();
    let quoted: Vec<String> = c
        .suggestions
        .iter()
        .map(|i| format!("'{}'", i.example(lang)))
        .collect();
    if !quoted.is_empty() {
        let _ = write!(
            out,
            "\n{}{}?",
            replies::DID_YOU_MEAN.get(lang),
            quoted.join(", ")
        );
    }
    out.push_str(replies::HELP_LISTS_EVERYTHING.get(lang));
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
