//! The prompt's ChatOps glue: classify and answer with the shared engine, ask y/N for
//! commands that change something, then carry them out as far as this build honestly
//! can — poller control and routing mode go to the poller, export writes its file (on a
//! worker), recovery requests go to the executor (or are refused where there is none).
//! An answer that reads the history database is worked out on a worker too.

use std::path::PathBuf;

use super::app::{App, Effect, RecoveryRequest};
use super::chat::{Pending, Who};
use super::ui::theme::Sev;
use super::work::{Done, Job, Question};
use crate::chatops::{reply, ChatCommand, Engine, Intent, Lang, Reply, ReplyContext, Surface};
use crate::domain::Policy;
use crate::poller;
use crate::report::export::DashboardPaths;

impl App {
    /// Answers one submitted line.
    pub(super) fn ask(&mut self, text: &str) {
        self.chat.push(Who::You, &format!("› {text}"));
        let c = self.engine().classify(text);
        let ctx = ReplyContext {
            surface: Surface::Console,
            confirmed: false,
            read_only: self.opts.read_only,
            policy: Policy {
                mode: self.snap.routing.mode,
                ..self.opts.policy.clone()
            },
            history: self.opts.history.as_ref().map(|h| h.path.clone()),
        };
        if c.intent == Intent::Trend && ctx.history.is_some() {
            // A period's trend reads the history database: a slow disk must not hold
            // the keys and the frames meanwhile.
            let snap = self.snap.clone();
            let job = Job::Answer(Box::new(Question {
                classification: c,
                snap,
                ctx,
            }));
            self.effects.push(Effect::Work(job));
            return;
        }
        let r = reply(&c, &self.snap, &ctx);
        self.answered(r, c.lang);
    }

    fn answered(&mut self, r: Reply, lang: Lang) {
        self.chat.push(Who::Reply, &r.text);
        match r.command {
            Some(command) if r.needs_confirmation => {
                self.chat.pending = Some(Pending { command, lang });
            }
            Some(command) => self.execute(command, lang),
            None => {}
        }
    }

    /// Slow work handed off by the prompt has finished.
    pub(super) fn done(&mut self, done: Done, now_ms: i64) {
        match done {
            Done::Answer { reply, lang } => self.answered(reply, lang),
            Done::Export { result, lang } => self.exported(result, lang, now_ms),
        }
    }

    fn exported(
        &mut self,
        result: Result<DashboardPaths, (PathBuf, String)>,
        lang: Lang,
        now_ms: i64,
    ) {
        match result {
            Ok(paths) => {
                let text = format!(
                    "{} {} + {}",
                    lang.pick("저장함:", "wrote"),
                    paths.html.display(),
                    paths.json.display()
                );
                self.note(Sev::Good, &text);
                self.events.push(now_ms, Sev::Info, text);
            }
            Err((failed, reason)) => {
                let text = format!(
                    "{} {}: {reason}",
                    lang.pick("쓰지 못함:", "could not write"),
                    failed.display()
                );
                self.note(Sev::Bad, &text);
            }
        }
    }

    /// The key after a y/N question: `y` runs the command, anything else cancels it.
    pub(super) fn confirm(&mut self, yes: bool) {
        let Some(p) = self.chat.pending.take() else {
            return;
        };
        self.confirmed();
        if yes {
            self.execute(p.command, p.lang);
        } else {
            self.note(Sev::Info, p.lang.pick("취소했어요", "cancelled"));
        }
    }

    fn execute(&mut self, command: ChatCommand, lang: Lang) {
        let done = lang.pick("완료", "done");
        match command {
            ChatCommand::Refresh => self.send(poller::PollerCommand::Refresh),
            ChatCommand::Pause => {
                self.send(poller::PollerCommand::Pause);
                self.note(Sev::Good, done);
            }
            ChatCommand::Resume => self.send(poller::PollerCommand::Resume),
            ChatCommand::SetRouting(mode) => {
                self.send(poller::PollerCommand::SetMode(mode));
                let text = format!(
                    "{done}: {} {mode}",
                    lang.pick("라우팅 모드 →", "routing mode →")
                );
                self.note(Sev::Good, &text);
            }
            ChatCommand::RunRecovery { channel, .. } => {
                self.effects
                    .push(Effect::Recovery(RecoveryRequest::Run(channel)));
                self.note(
                    Sev::Info,
                    lang.pick(
                        "복구 요청함: 결과는 복구 창에",
                        "recovery requested: results in the Recovery pane",
                    ),
                );
            }
            ChatCommand::SetAutorecover(on) => {
                self.effects
                    .push(Effect::Recovery(RecoveryRequest::SetAuto(on)));
                self.note(Sev::Good, done);
            }
            ChatCommand::Silence { channel, minutes } => {
                self.effects
                    .push(Effect::Recovery(RecoveryRequest::Silence(channel, minutes)));
                self.note(Sev::Good, done);
            }
            ChatCommand::ApplyRouting => {
                self.effects
                    .push(Effect::Recovery(RecoveryRequest::ApplyRoutes));
                self.note(
                    Sev::Info,
                    lang.pick(
                        "라우팅 적용 요청함: 결과는 라우팅 창에",
                        "routing apply requested: results in the Routing pane",
                    ),
                );
            }
            ChatCommand::ResetRecovery { channel } => {
                self.effects
                    .push(Effect::Recovery(RecoveryRequest::Reset(channel)));
                self.note(Sev::Good, done);
            }
            ChatCommand::Export { path } => {
                let snap = self.snap.clone();
                let job = Job::Export { snap, path, lang };
                self.effects.push(Effect::Work(job));
            }
            ChatCommand::Quit => self.quit = true,
        }
    }

    fn send(&mut self, cmd: poller::PollerCommand) {
        self.effects.push(Effect::Send(cmd));
    }

    /// The engine for the current channel names (rebuilt when a file's channels change).
    fn engine(&mut self) -> &Engine {
        let names: Vec<String> = self
            .snap
            .channels
            .iter()
            .map(|c| c.name().to_string())
            .collect();
        let kept = match self.engine.take() {
            Some((n, e)) if n == names => (n, e),
            _ => {
                let engine = match Engine::new(&names, &self.opts.teach) {
                    Ok(e) => e,
                    Err(e) => {
                        // Taught words that do not fit these channels: answer without them.
                        self.note(Sev::Warn, &e.to_string());
                        Engine::with_channels(&names)
                    }
                };
                (names, engine)
            }
        };
        &self.engine.insert(kept).1
    }
}
