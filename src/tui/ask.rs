//! The prompt's ChatOps glue: classify and answer with the shared engine, ask y/N for
//! commands that change something, then carry them out as far as this build honestly
//! can — poller control and routing mode go to the poller, export writes its file (on a
//! worker), recovery requests go to the executor (or are refused where there is none).
//! An answer that reads the history database is worked out on a worker too.

use super::app::{App, Effect, RecoveryRequest};
use super::chat::{Pending, Who};
use super::ui::theme::Sev;
use super::work::{self, Job, Question};
use crate::chatops::execute::{self, Done, Hands, PollerOrder, RecoveryOrder};
use crate::chatops::{normalize, replies};
use crate::chatops::{reply, ChatCommand, Engine, Intent, Lang, Reply, ReplyContext, Surface};
use crate::domain::{Policy, RoutingMode};
use crate::poller;

impl App {
    /// Answers one submitted line.
    pub(super) fn ask(&mut self, text: &str) {
        self.chat.push(Who::You, &format!("› {text}"));
        let mut c = self.engine().classify(text);
        if normalize::wordless(text) {
            c.lang = self.chat.lang.or(self.opts.locale).unwrap_or(c.lang);
        } else {
            self.chat.lang = Some(c.lang);
        }
        let ctx = ReplyContext {
            surface: Surface::Console,
            confirmed: false,
            read_only: self.read_only(),
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
    pub(super) fn done(&mut self, done: work::Done, now_ms: i64) {
        match done {
            work::Done::Answer { reply, lang } => self.answered(reply, lang),
            work::Done::Export(done) => self.exported(done, now_ms),
            // The events pane shows the audit record of it; once is enough.
            work::Done::Policy(Ok(text)) => self.note(Sev::Good, &text),
            work::Done::Policy(Err(why)) => {
                self.note(Sev::Bad, &format!("routing policy not switched: {why}"))
            }
            work::Done::Said(Ok(reply)) => {
                self.events.push(
                    now_ms,
                    Sev::Info,
                    format!("controller: {}", reply.lines().next().unwrap_or_default()),
                );
                self.note(Sev::Good, &reply);
            }
            work::Done::Said(Err(why)) => self.note(Sev::Bad, &format!("not taken: {why}")),
        }
    }

    fn exported(&mut self, done: Done, now_ms: i64) {
        let text = done.text.trim_end().to_string();
        if done.executed {
            self.note(Sev::Good, &text);
            self.events.push(now_ms, Sev::Info, text);
        } else {
            self.note(Sev::Bad, &text);
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
            self.note(Sev::Info, replies::CANCELLED.get(p.lang));
        }
    }

    fn execute(&mut self, command: ChatCommand, lang: Lang) {
        if self.opts.remote {
            if let Some(text) = crate::connect::orders::words(&command) {
                if self.read_only() {
                    let why = self.feed.remote.as_ref().and_then(|l| l.orders_off.clone());
                    self.note(
                        Sev::Warn,
                        &format!(
                            "not sent: this console is read-only ({})",
                            why.as_deref().unwrap_or("--read-only")
                        ),
                    );
                    return;
                }
                self.effects.push(Effect::Say(text.clone()));
                self.note(
                    Sev::Info,
                    &format!(
                        "{} “{text}”",
                        lang.pick("컨트롤러에 보냄:", "sent to the controller:")
                    ),
                );
                return;
            }
        }
        execute::carry_out(command, lang, &mut ConsoleHands(self));
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

/// What the console can do with an order: poller orders and the routing mode go to the
/// poller, recovery orders to the executor and an export to the runner, as effects of
/// this update; what happened shows as a note.
struct ConsoleHands<'a>(&'a mut App);

fn done(lang: Lang) -> &'static str {
    replies::DONE.get(lang)
}

impl Hands for ConsoleHands<'_> {
    fn poller(&mut self, order: PollerOrder, lang: Lang) -> Done {
        match order {
            PollerOrder::Refresh => self.0.send(poller::PollerCommand::Refresh),
            PollerOrder::Pause => {
                self.0.send(poller::PollerCommand::Pause);
                self.0.note(Sev::Good, done(lang));
            }
            PollerOrder::Resume => self.0.send(poller::PollerCommand::Resume),
        }
        Done::default()
    }

    fn routing(&mut self, mode: RoutingMode, lang: Lang) -> Done {
        self.0.send(poller::PollerCommand::SetMode(mode));
        let text = format!("{}: {} {mode}", done(lang), replies::ROUTING_MODE.get(lang));
        self.0.note(Sev::Good, &text);
        Done::default()
    }

    fn recovery(&mut self, order: RecoveryOrder, lang: Lang) -> Done {
        let (request, sev, note) = match order {
            RecoveryOrder::Run(channel) => (
                RecoveryRequest::Run(channel),
                Sev::Info,
                replies::RECOVERY_REQUESTED_RESULTS_IN_THE.get(lang),
            ),
            RecoveryOrder::SetAuto(on) => (RecoveryRequest::SetAuto(on), Sev::Good, done(lang)),
            RecoveryOrder::Silence { channel, minutes } => (
                RecoveryRequest::Silence(channel, minutes),
                Sev::Good,
                done(lang),
            ),
            RecoveryOrder::Reset(channel) => {
                (RecoveryRequest::Reset(channel), Sev::Good, done(lang))
            }
            RecoveryOrder::ApplyRoutes => (
                RecoveryRequest::ApplyRoutes,
                Sev::Info,
                lang.pick(
                    "라우팅 적용 요청함: 결과는 라우팅 창에",
                    "routing apply requested: results in the Routing pane",
                ),
            ),
            RecoveryOrder::SetPolicy(name) => (
                RecoveryRequest::SetPolicy(name),
                Sev::Info,
                replies::POLICY_SWITCH_REQUESTED.get(lang),
            ),
        };
        self.0.effects.push(Effect::Recovery(request));
        self.0.note(sev, note);
        Done::default()
    }

    fn export(&mut self, path: &std::path::Path, lang: Lang) -> Done {
        // Off the event loop: a slow disk must not freeze the console.
        let (snap, path) = (self.0.snap.clone(), path.to_path_buf());
        self.0
            .effects
            .push(Effect::Work(Job::Export { snap, path, lang }));
        Done::default()
    }

    fn quit(&mut self, _: Lang) -> Done {
        self.0.quit = true;
        Done::default()
    }
}
