//! Answers: a classified utterance plus the current `Snapshot` in, short aligned text in
//! the asker's language out. The same text serves the TUI chat pane and `--say`.
//!
//! Nothing here performs an action. Intents that act return a [`Command`]; the caller
//! confirms it (y/N in the console, `--yes` for `--say`) and executes it.

mod actions;
mod explain;
pub mod fmt;
mod recovery;
mod series;
mod views;

use std::borrow::Cow;
use std::fmt::Write;
use std::path::PathBuf;

use super::classify::Classification;
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
#[derive(Debug, Clone)]
pub struct ReplyContext {
    pub surface: Surface,
    /// The operator already confirmed (`--yes`, or answered `y`).
    pub confirmed: bool,
    /// `--read-only`: refuse every intent that changes anything.
    pub read_only: bool,
    /// Thresholds, routing mode and recovery actions in force (for explanations and what-ifs).
    pub policy: Policy,
}

impl ReplyContext {
    pub fn say(confirmed: bool, read_only: bool, policy: Policy) -> ReplyContext {
        ReplyContext {
            surface: Surface::Say,
            confirmed,
            read_only,
            policy,
        }
    }
}

/// An action for the caller to execute.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Run the actions of `channel`, or of every unhealthy channel that has some.
    RunRecovery {
        channel: Option<String>,
        actions: Vec<String>,
    },
    /// Clear the escalation of `channel` (or of every channel).
    ResetRecovery {
        channel: Option<String>,
    },
    SetAutorecover(bool),
    SetRouting(RoutingMode),
    Refresh,
    Pause,
    Resume,
    Export {
        path: PathBuf,
    },
    Quit,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    /// Ends with a newline.
    pub text: String,
    pub command: Option<Command>,
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
    if let Cow::Owned(text) = sanitize::clean_lines(&r.text) {
        r.text = text;
    }
    r
}

/// The classification with the channel names and path it quotes made safe for display.
fn shown_classification(c: &Classification) -> Cow<'_, Classification> {
    let a = &c.args;
    let unsafe_text = |t: &str| t.chars().any(sanitize::is_unsafe);
    let hostile = a.channel.as_deref().is_some_and(unsafe_text)
        || a.channels.iter().any(|t| unsafe_text(t))
        || a.path.as_deref().is_some_and(unsafe_text);
    if !hostile {
        return Cow::Borrowed(c);
    }
    let mut shown = c.clone();
    let clean = |t: &mut String| *t = sanitize::clean(t).into_owned();
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
        Intent::Routing => views::routing(s, c, lang),
        Intent::RecoveryStatus => views::recovery(s, c, lang),
        Intent::Explain => explain::explain(s, channel, &ctx.policy, lang),
        Intent::Trend => series::trend(s, channel, lang),
        Intent::Forecast => series::forecast(s, c, &ctx.policy, lang),
        Intent::Help => help(lang),
        Intent::Unknown => unknown(c),
        _ => {
            let mut r = actions::act(c, s, ctx);
            r.text = fmt::fit(&r.text, WIDTH);
            return r;
        }
    };
    Reply::text(fmt::fit(&text, WIDTH))
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
        Intent::Routing,
        Intent::RecoveryStatus,
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
