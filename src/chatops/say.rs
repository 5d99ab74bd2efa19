//! `switchboard --say TEXT`: one ChatOps exchange against a snapshot, printed as text or as
//! the JSON object of docs/chatops.md. Commands run only when confirmed (`--yes`) and only as far as a
//! one-shot process honestly can: a routing-mode switch re-decides this snapshot, `export`
//! writes its file, recovery runs and resets go to a `LiveRecovery` when the source is a
//! config; anything that needs a long-running poller says so and reports `executed: false`.

use std::io::Write;

use serde_json::json;

use super::classify::{Classification, Engine, Teach};
use super::intent::Lang;
use super::reply::{self, reevaluate, ChatCommand, ReplyContext};
use crate::base::exit;
use crate::cli::{Cli, Format};
use crate::domain::Policy;
use crate::report::export;
use crate::snapshot::Snapshot;

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
}

impl<'a> SayOptions<'a> {
    pub fn from_cli(cli: &Cli, text: &'a str) -> SayOptions<'a> {
        SayOptions {
            text,
            format: cli.format,
            yes: cli.yes,
            read_only: cli.read_only,
            history: None,
        }
    }
}

/// Empty or blank text is a usage error, reported before any source is read.
pub fn check_text(text: &str) -> Result<(), u8> {
    if text.trim().is_empty() {
        crate::base::stderr::eprint_error(
            "--say needs some text, e.g. --say \"status\" or --say \"오케스트레이션 상태\"",
        );
        return Err(exit::USAGE);
    }
    Ok(())
}

/// Recovery work that needs the live channels of a config (a poller and the executor);
/// `--say` on a metrics file has none.
pub trait LiveRecovery {
    /// Runs the actions of `channel` (or of every unhealthy channel), waits for the
    /// verification, and says what happened.
    fn run(&self, channel: Option<&str>, lang: Lang) -> Executed;
    /// Clears escalation (recorded in the audit log, read by the next start).
    fn reset(&self, channel: Option<&str>, lang: Lang) -> Executed;
    /// Silences `channel` (or every channel) for `minutes`: no automatic action, no
    /// notification; the instance that acts audits it.
    fn silence(&self, channel: Option<&str>, minutes: u32, lang: Lang) -> Executed;
    /// Writes the routing order where a change is due, waits for the verification (or
    /// the rollback), and says what happened.
    fn apply_routes(&self, lang: Lang) -> Executed;
}

/// What a live recovery request did.
#[derive(Debug, Clone, PartialEq)]
pub struct Executed {
    pub text: String,
    pub executed: bool,
    /// The exit code: 0, or why the order was not carried out (75 for the lock).
    pub code: u8,
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
            return exit::UNKNOWN;
        }
    };
    let c = engine.classify(opts.text);
    let ctx = ReplyContext {
        history: opts.history.clone(),
        ..ReplyContext::say(opts.yes, opts.read_only, policy.clone())
    };
    let r = reply::reply(&c, snap, &ctx);
    let outcome = match &r.command {
        Some(ChatCommand::Export { path }) if !opts.yes && !plain_export_path(path) => {
            Outcome::not_here(c.lang.pick(
                "쓰지 않았어요: --yes 없이는 현재 디렉터리 안의 새 .html/.json 파일에만 써요; 이 경로에 쓰려면 --yes 를 붙이세요",
                "not written: without --yes, export writes only a new .html or .json file under the current directory; add --yes to write there",
            ))
        }
        Some(cmd) if opts.yes || !r.needs_confirmation => execute(cmd, snap, policy, c.lang, live),
        _ => Outcome::default(),
    };
    let text = reply::fmt::fit(&format!("{}{}", r.text, outcome.text), 80);
    print(opts.format, &c, &text, outcome.executed);
    outcome.code
}

/// What executing a command in this one-shot process did.
#[derive(Debug, Default)]
struct Outcome {
    text: String,
    executed: bool,
    code: u8,
}

impl Outcome {
    fn not_here(text: &str) -> Outcome {
        Outcome {
            text: format!("{text}\n"),
            ..Outcome::default()
        }
    }
}

fn execute(
    cmd: &ChatCommand,
    snap: &Snapshot,
    policy: &Policy,
    lang: Lang,
    live: Option<&dyn LiveRecovery>,
) -> Outcome {
    let from_live = |e: Executed| Outcome {
        text: e.text,
        executed: e.executed,
        code: e.code,
    };
    match cmd {
        ChatCommand::RunRecovery { channel, .. } => match live {
            Some(l) => from_live(l.run(channel.as_deref(), lang)),
            None => Outcome::not_here(lang.pick(
                "실행 안 함: 메트릭 파일에는 실행기가 없어요; --config 로 [[action]] 을 정의하거나 위 조치를 직접 실행하세요",
                "not run: a metrics file has no executor; use --config with [[action]]s, or run the actions above by hand",
            )),
        },
        ChatCommand::ResetRecovery { channel } => match live {
            Some(l) => from_live(l.reset(channel.as_deref(), lang)),
            None => Outcome::not_here(lang.pick(
                "해당 없음: 메트릭 파일에는 복구 상태가 없어요",
                "not applicable: a metrics file has no recovery state",
            )),
        },
        ChatCommand::Silence { channel, minutes } => match live {
            Some(l) => from_live(l.silence(channel.as_deref(), *minutes, lang)),
            None => Outcome::not_here(lang.pick(
                "해당 없음: 메트릭 파일에는 실행기가 없어요; --config 로 쓰거나 설정에 [[maintenance]] 를 두세요",
                "not applicable: a metrics file has no executor; use --config, or a [[maintenance]] window in the config",
            )),
        },
        ChatCommand::ApplyRouting => match live {
            Some(l) => from_live(l.apply_routes(lang)),
            None => Outcome::not_here(lang.pick(
                "적용 안 함: 메트릭 파일에는 라우팅 대상이 없어요; --config 로 [[route_target]] 을 두세요",
                "not applied: a metrics file has no route targets; use --config with [[route_target]]s",
            )),
        },
        ChatCommand::SetRouting(mode) => {
            // The decision above already is the re-evaluation in the new mode; confirm
            // that it was applied, and to what.
            let after = reevaluate(snap, policy, *mode);
            Outcome {
                text: format!(
                    "{} {}\n{}\n",
                    lang.pick("적용: 이 답에 한해 주 채널", "applied to this answer only: primary"),
                    after.routing.recommended_primary.as_deref().unwrap_or("-"),
                    lang.pick(
                        "  (저장되지 않음; 실행 전체의 모드는 --no-monitoring / --use-monitoring)",
                        "  (not saved; --no-monitoring / --use-monitoring choose a run's mode)"
                    )
                ),
                executed: true,
                code: 0,
            }
        }
        ChatCommand::Export { path } => export_to(path, snap, lang),
        ChatCommand::SetAutorecover(_) => Outcome::not_here(lang.pick(
            "바뀌지 않음: --say 는 실행 중인 콘솔이나 --headless 에 닿지 않아요; 그쪽의 프롬프트나 'a' 키, 또는 설정의 [recovery] auto 를 쓰세요",
            "not changed: --say cannot reach a running console or --headless; use its prompt or 'a' key, or [recovery] auto in the config",
        )),
        ChatCommand::Refresh | ChatCommand::Pause | ChatCommand::Resume => Outcome::not_here(lang.pick(
            "해당 없음: --say 는 소스를 방금 한 번 읽었고 폴러가 없어요; 라이브 콘솔에서 쓰세요",
            "not applicable: --say read the source once, just now, and runs no poller; use the live console",
        )),
        ChatCommand::Quit => Outcome::not_here(lang.pick(
            "--say 는 답한 뒤 바로 끝나요; 종료는 라이브 콘솔에서 쓰는 명령이에요",
            "--say exits after every answer; quit leaves the live console",
        )),
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

fn export_to(path: &std::path::Path, snap: &Snapshot, lang: Lang) -> Outcome {
    let paths = export::dashboard_paths(path);
    match export::write_dashboard(snap, &paths) {
        Ok(()) => Outcome {
            text: format!(
                "{} {}\n{} {}\n",
                lang.pick("저장함:", "wrote"),
                paths.html.display(),
                lang.pick("저장함:", "wrote"),
                paths.json.display()
            ),
            executed: true,
            code: 0,
        },
        Err((failed, e)) => {
            let reason = crate::base::input::io_reason(&e);
            crate::base::stderr::eprint_error(&format!(
                "{}: cannot write: {reason}",
                failed.display()
            ));
            Outcome {
                text: format!(
                    "{} {}: {reason}\n",
                    lang.pick("쓰지 못함:", "could not write"),
                    failed.display()
                ),
                executed: false,
                code: exit::CANT_WRITE,
            }
        }
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
