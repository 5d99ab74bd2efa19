//! `switchboard --say TEXT`: one ChatOps exchange against a snapshot, printed as text or as
//! the JSON object of docs/chatops.md. Commands run only when confirmed (`--yes`) and only as far as a
//! one-shot process honestly can: a routing-mode switch re-decides this snapshot, `export`
//! writes its file, recovery runs and resets go to a `LiveRecovery` when the source is a
//! config; anything that needs a long-running poller says so and reports `executed: false`.

use std::io::Write;

use serde_json::json;

use crate::chatops::execute::{self, Done, Hands, PollerOrder, RecoveryOrder};
use crate::chatops::replies;
use crate::chatops::reply::{self, reevaluate, ChatCommand, ReplyContext};
use crate::chatops::{Classification, Engine, Lang, Teach};
use crate::cli::{Cli, Format};
use crate::domain::{Policy, RoutingMode};
use crate::report::export;
use crate::snapshot::Snapshot;

/// Exit code for an empty `--say` (sysexits EX_USAGE).
pub const EXIT_EMPTY_TEXT: u8 = 64;

#[derive(Debug, Clone)]
pub struct SayOptions<'a> {
    pub text: &'a str,
    pub format: Format,
    /// `--yes`: confirmed in advance.
    pub yes: bool,
    /// `--read-only`: refuse commands that change or write anything.
    pub read_only: bool,
    /// The history database of a live source (`trend` over a period reads it).
    pub history: Option<std::path::PathBuf>,
    /// The language of the environment's locale: a text without words ("📈") is
    /// answered in it.
    pub locale: Option<Lang>,
}

impl<'a> SayOptions<'a> {
    pub fn from_cli(cli: &Cli, text: &'a str) -> SayOptions<'a> {
        SayOptions {
            text,
            format: cli.format,
            yes: cli.yes,
            read_only: cli.read_only,
            history: None,
            locale: Lang::of_locale(&crate::base::locale::messages()),
        }
    }
}

/// Empty or blank text is a usage error, reported before any source is read.
pub fn check_text(text: &str) -> Result<(), u8> {
    if text.trim().is_empty() {
        crate::base::stderr::eprint_error(
            "--say needs some text, e.g. --say \"status\" or --say \"오케스트레이션 상태\"",
        );
        return Err(EXIT_EMPTY_TEXT);
    }
    Ok(())
}

/// Recovery work that needs the live channels of a config (a poller and the executor);
/// `--say` on a metrics file has none.
pub trait LiveRecovery {
    /// Runs the actions of `channel` (or of every unhealthy channel), waits for the
    /// verification, and says what happened.
    fn run(&self, channel: Option<&str>, lang: Lang) -> Done;
    /// Clears escalation (recorded in the audit log, read by the next start).
    fn reset(&self, channel: Option<&str>, lang: Lang) -> Done;
    /// Silences `channel` (or every channel) for `minutes`: no automatic action, no
    /// notification; the instance that acts audits it.
    fn silence(&self, channel: Option<&str>, minutes: u32, lang: Lang) -> Done;
    /// Writes the routing order where a change is due, waits for the verification (or
    /// the rollback), and says what happened.
    fn apply_routes(&self, lang: Lang) -> Done;
}

/// Answers `opts.text` from `snap` and prints the answer; returns the exit code
/// (0 whenever it answered, `unknown` included).
pub fn run(
    opts: &SayOptions,
    snap: &Snapshot,
    policy: &Policy,
    teach: &Teach,
    live: Option<&dyn LiveRecovery>,
) -> u8 {
    let names: Vec<&str> = snap.channels.iter().map(|c| c.name()).collect();
    let engine = match Engine::new(&names, teach) {
        Ok(e) => e,
        Err(e) => {
            crate::base::stderr::eprint_error(&e.to_string());
            return crate::base::exit::UNKNOWN;
        }
    };
    let mut c = engine.classify(opts.text);
    if crate::chatops::normalize::wordless(opts.text) {
        c.lang = opts.locale.unwrap_or(c.lang);
    }
    let ctx = ReplyContext {
        history: opts.history.clone(),
        ..ReplyContext::say(opts.yes, opts.read_only, policy.clone())
    };
    let r = reply::reply(&c, snap, &ctx);
    let outcome = match r.command {
        Some(ChatCommand::Export { path }) if !opts.yes && !plain_export_path(&path) => {
            Done::not_here(replies::NOT_WRITTEN_WITHOUT_YES_EXPORT.get(c.lang))
        }
        Some(cmd) if opts.yes || !r.needs_confirmation => {
            let mut hands = SayHands { snap, policy, live };
            execute::carry_out(cmd, c.lang, &mut hands)
        }
        _ => Done::default(),
    };
    if let Some(e) = &outcome.error {
        crate::base::stderr::eprint_error(e);
    }
    let text = reply::fmt::fit(&format!("{}{}", r.text, outcome.text), 80);
    print(opts.format, &c, &text, outcome.executed);
    outcome.code
}

/// What a one-shot process can do: answer from the snapshot it read, write an export,
/// and reach recovery only through a config's `LiveRecovery`.
struct SayHands<'a> {
    snap: &'a Snapshot,
    policy: &'a Policy,
    live: Option<&'a dyn LiveRecovery>,
}

impl Hands for SayHands<'_> {
    fn poller(&mut self, _: PollerOrder, lang: Lang) -> Done {
        Done::not_here(replies::NOT_APPLICABLE_SAY_READ_THE.get(lang))
    }

    fn routing(&mut self, mode: RoutingMode, lang: Lang) -> Done {
        // The decision already is the re-evaluation in the new mode; confirm that it
        // was applied, and to what.
        let after = reevaluate(self.snap, self.policy, mode);
        Done {
            text: format!(
                "{} {}\n{}\n",
                replies::APPLIED_TO_THIS_ANSWER_ONLY.get(lang),
                after.routing.recommended_primary.as_deref().unwrap_or("-"),
                replies::NOT_SAVED_NO_MONITORING_USE.get(lang)
            ),
            executed: true,
            ..Done::default()
        }
    }

    fn recovery(&mut self, order: RecoveryOrder, lang: Lang) -> Done {
        match (order, self.live) {
            (RecoveryOrder::Run(channel), Some(l)) => l.run(channel.as_deref(), lang),
            (RecoveryOrder::Run(_), None) => {
                Done::not_here(replies::NOT_RUN_A_METRICS_FILE.get(lang))
            }
            (RecoveryOrder::Reset(channel), Some(l)) => l.reset(channel.as_deref(), lang),
            (RecoveryOrder::Reset(_), None) => {
                Done::not_here(replies::NO_RECOVERY_STATE_IN_FILE.get(lang))
            }
            (RecoveryOrder::Silence { channel, minutes }, Some(l)) => {
                l.silence(channel.as_deref(), minutes, lang)
            }
            (RecoveryOrder::Silence { .. }, None) => {
                Done::not_here(replies::NO_EXECUTOR_FOR_SILENCE.get(lang))
            }
            (RecoveryOrder::ApplyRoutes, Some(l)) => l.apply_routes(lang),
            (RecoveryOrder::ApplyRoutes, None) => Done::not_here(lang.pick(
                "적용 안 함: 메트릭 파일에는 라우팅 대상이 없어요; --config 로 [[route_target]] 을 두세요",
                "not applied: a metrics file has no route targets; use --config with [[route_target]]s",
            )),
            (RecoveryOrder::SetPolicy(_), _) => {
                Done::not_here(replies::POLICY_SAY_CANNOT_REACH.get(lang))
            }
            (RecoveryOrder::SetAuto(_), _) => {
                Done::not_here(replies::NOT_CHANGED_SAY_CANNOT_REACH.get(lang))
            }
        }
    }

    fn export(&mut self, path: &std::path::Path, lang: Lang) -> Done {
        execute::export_dashboard(self.snap, path, lang)
    }

    fn quit(&mut self, lang: Lang) -> Done {
        Done::not_here(replies::SAY_EXITS_AFTER_EVERY_ANSWER.get(lang))
    }
}

/// Whether an export path may be written on the words alone (without `--yes`): the
/// dashboard's two files, `.json` and `.html`, under the current directory — relative,
/// no `..`, and no directory on the way that leads elsewhere through a link. A sentence
/// someone pasted must not be able to write `~/.bashrc` or `evil.sh`.
fn plain_export_path(path: &std::path::Path) -> bool {
    use std::path::Component;
    let relative = path
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    let paths = export::dashboard_paths(path);
    let ext_ok = |p: &std::path::Path, want: &[&str]| {
        p.extension()
            .and_then(|x| x.to_str())
            .is_some_and(|x| want.iter().any(|w| x.eq_ignore_ascii_case(w)))
    };
    if !relative || !ext_ok(&paths.json, &["json"]) || !ext_ok(&paths.html, &["html", "htm"]) {
        return false;
    }
    let parent = match path.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(p) => p.to_path_buf(),
        None => return true,
    };
    match (
        std::fs::canonicalize(&parent),
        std::env::current_dir().and_then(std::fs::canonicalize),
    ) {
        (Ok(dir), Ok(cwd)) => dir.starts_with(cwd),
        _ => false,
    }
}

/// The `--say --format json` object (docs/chatops.md, schema in docs/snapshot.schema.json).
pub fn json_object(c: &Classification, reply: &str, executed: bool) -> serde_json::Value {
    json!({
        "intent": c.intent,
        "args": c.args,
        "lang": c.lang,
        "reply": reply,
        "confidence": c.confidence,
        "suggestions": c.suggestions,
        "executed": executed,
    })
}

fn print(format: Format, c: &Classification, text: &str, executed: bool) {
    // The outcome lines quote paths and errors: the whole reply passes the terminal
    // sanitiser (a JSON reader may print `reply` raw too; `args` keep the exact strings).
    let text = crate::base::sanitize::clean_lines(text);
    let out = match format {
        Format::Text => text.to_string(),
        Format::Json => format!("{}\n", json_object(c, &text, executed)),
    };
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error.
    let _ = stdout
        .write_all(out.as_bytes())
        .and_then(|_| stdout.flush());
}
