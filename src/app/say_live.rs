//! `--say` recovery orders against a config: a short-lived poller and executor are started,
//! the order is carried out under the same lock, guardrails and audit log as a running
//! console, the result is awaited (actions and verification), and all of it is stopped.

use std::time::Duration;

use tokio::runtime::Runtime;
use tokio::sync::oneshot;

use super::launch::{recovery_spec, shutdown_signal, spec};
use super::say::LiveRecovery;
use super::Running;
use crate::base::exit;
use crate::chatops::execute::Done;
use crate::chatops::replies;
use crate::chatops::Lang;
use crate::cli::Cli;
use crate::config::Config;
use crate::domain::guard::RecoveryState;
use crate::history::History;
use crate::recovery::{self, RecoveryCommand};
use crate::snapshot::Passive;

pub(super) struct OneShot<'a> {
    pub rt: &'a Runtime,
    pub cfg: &'a Config,
    pub cli: &'a Cli,
}

impl LiveRecovery for OneShot<'_> {
    fn run(&self, channel: Option<&str>, lang: Lang) -> Done {
        self.rt
            .block_on(self.run_async(channel.map(str::to_string), lang))
            .unwrap_or_else(|e| e.executed(lang))
    }

    fn reset(&self, channel: Option<&str>, lang: Lang) -> Done {
        self.rt
            .block_on(self.reset_async(channel.map(str::to_string), lang))
            .unwrap_or_else(|e| e.executed(lang))
    }

    fn apply_routes(&self, lang: Lang) -> Done {
        self.rt
            .block_on(self.apply_async(lang))
            .unwrap_or_else(|e| e.executed(lang))
    }

    /// Written to the state dir's silences, which the acting instance (a running daemon,
    /// or the next one to start) reads and audits; no lock is needed to ask for quiet.
    fn silence(&self, channel: Option<&str>, minutes: u32, lang: Lang) -> Done {
        let Some(dir) = self
            .cli
            .state_dir
            .clone()
            .or_else(crate::base::state_dir::default_dir)
        else {
            return NotDone {
                passive: Some(Passive::NoStateDir),
                why: "no state dir".into(),
            }
            .executed(lang);
        };
        let until = crate::base::clock::Clock::new().now_ms() + i64::from(minutes) * 60_000;
        match recovery::silence::add(&dir, channel, until, "say") {
            Ok(()) => Done {
                text: format!(
                    "{} {}\n",
                    replies::SILENCED_UNTIL.get(lang),
                    crate::snapshot::rfc3339_ms(until)
                ),
                executed: true,
                ..Done::default()
            },
            Err(e) => {
                let why = format!(
                    "cannot write {}: {}",
                    recovery::silence::path(&dir).display(),
                    crate::base::input::io_reason(&e)
                );
                NotDone {
                    passive: Some(Passive::CannotWrite),
                    why,
                }
                .executed(lang)
            }
        }
    }
}

/// Why an order was not carried out at all.
struct NotDone {
    passive: Option<Passive>,
    why: String,
}

impl From<String> for NotDone {
    fn from(why: String) -> NotDone {
        NotDone { passive: None, why }
    }
}

impl NotDone {
    /// The reply in the question's language alone, and the exit code: 75 when another
    /// instance holds the lock (the order can be given there, or again later).
    fn executed(&self, lang: Lang) -> Done {
        let why = match (self.passive, lang) {
            (Some(Passive::LockHeld(pid)), Lang::Ko) => format!(
                "다른 switchboard{}가 복구 잠금을 쥐고 있어요; 그쪽에서 명령하거나 잠시 뒤 다시 하세요",
                pid.map_or(String::new(), |p| format!("(pid {p})"))
            ),
            (Some(Passive::LockHeld(pid)), Lang::En) => format!(
                "another switchboard{} holds the recovery lock; give the order there, or try again later",
                pid.map_or(String::new(), |p| format!(" (pid {p})"))
            ),
            (Some(Passive::NoStateDir), Lang::Ko) => {
                "상태 디렉터리가 없어요; XDG_STATE_HOME 이나 --state-dir 을 지정하세요".to_string()
            }
            (Some(Passive::CannotWrite), Lang::Ko) => {
                format!("상태 디렉터리에 쓸 수 없어요 — {}", self.why)
            }
            (Some(Passive::Standby), Lang::Ko) => "--standby 는 실행하지 않아요".to_string(),
            _ => self.why.clone(),
        };
        Done {
            text: format!("{} {why}\n", replies::NOT_DONE.get(lang)),
            executed: false,
            code: match self.passive {
                Some(Passive::LockHeld(_)) => crate::base::exit::TEMPFAIL,
                Some(Passive::CannotWrite) => crate::base::exit::CANT_WRITE,
                _ => 0,
            },
            error: None,
        }
    }
}

impl OneShot<'_> {
    /// The executor on this config, acting only on orders; `Err` when it may not act.
    async fn start(&self) -> Result<Running, NotDone> {
        let mut pspec = spec(self.cfg, self.cli)?;
        let mut rspec = recovery_spec(self.cfg, &pspec, self.cli)?;
        rspec.settings.auto = false;
        // Acting only on orders: a route change waits for one, as recovery does.
        if rspec.routes.settings.mode == crate::config::ApplyMode::Auto {
            rspec.routes.settings.mode = crate::config::ApplyMode::Confirm;
        }
        let now_ms = crate::base::clock::Clock::new().now_ms();
        if let Some(h) = History::open(self.cfg.history, rspec.state_dir.as_deref(), now_ms) {
            // Judged as the running instances judge, and timed from the outage's start.
            pspec.window_seed = h.window_results(pspec.settings.window_ms, now_ms);
            for c in &self.cfg.channels {
                if let Some(since) = h.outage_since(&c.name, now_ms) {
                    rspec.outage_since.insert(c.name.clone(), since);
                }
            }
        }
        let running = super::launch(pspec, rspec);
        let view = running.recovery.view.borrow().clone();
        if let Some(why) = view.read_only.clone() {
            running.recovery.shutdown().await;
            return Err(NotDone {
                passive: view.passive,
                why,
            });
        }
        // The executor needs one probe round to know which channels are down.
        let mut snaps = running.snapshots.clone();
        let first_round = async {
            while snaps
                .borrow_and_update()
                .live
                .as_ref()
                .is_none_or(|l| l.rounds == 0)
            {
                if snaps.changed().await.is_err() {
                    break;
                }
            }
        };
        let longest = self
            .cfg
            .channels
            .iter()
            .map(|c| c.timeout)
            .max()
            .unwrap_or_default();
        let _ = tokio::time::timeout(longest + Duration::from_secs(1), first_round).await;
        Ok(running)
    }

    /// "apply routing --yes": the targets read, what is due written under the lock, and
    /// the verification (or the rollback) awaited.
    async fn apply_async(&self, lang: Lang) -> Result<Done, NotDone> {
        let running = self.start().await?;
        let Some(routes) = running.routes.as_ref() else {
            running.shutdown().await;
            return Err(NotDone::from(
                "no [[route_target]] in the config".to_string(),
            ));
        };
        let mut view = routes.view.clone();
        let settled = |v: &crate::domain::route_apply::RouteView, state: &str| {
            v.targets.iter().all(|t| t.state != state)
        };
        let read = async {
            while !settled(&view.borrow_and_update(), "unknown") {
                if view.changed().await.is_err() {
                    break;
                }
            }
        };
        let _ = tokio::time::timeout(Duration::from_secs(15), read).await;
        let (tx, rx) = oneshot::channel();
        let sent = routes
            .commands
            .send(crate::route_apply::RouteCommand::Apply {
                by: "say",
                reply: Some(tx),
            })
            .await;
        let started = match sent {
            Ok(()) => rx.await.unwrap_or_default(),
            Err(_) => Vec::new(),
        };
        let limit = self.cfg.route_apply.verify_timeout + Duration::from_secs(60);
        let done = async {
            while !settled(&view.borrow_and_update(), "applying") {
                if view.changed().await.is_err() {
                    break;
                }
            }
        };
        let _ = tokio::time::timeout(limit, done).await;
        let after = view.borrow().clone();
        running.shutdown().await;
        let mut text = String::new();
        let mut executed = false;
        for (name, r) in started {
            let t = after.targets.iter().find(|t| t.name == name);
            let line = match (r, t) {
                (Ok(_), Some(t)) if t.state == "failed" => format!(
                    "{name}: {} {}",
                    lang.pick("실패:", "failed:"),
                    t.last_error.as_deref().unwrap_or_default()
                ),
                (Ok(what), Some(t)) if t.verified => {
                    executed = true;
                    format!("{name}: {what} — {}", lang.pick("확인됨", "verified"))
                }
                (Ok(what), _) => {
                    executed = true;
                    format!("{name}: {what}")
                }
                (Err(why), _) => {
                    format!("{name}: {} {why}", lang.pick("적용 안 함:", "not applied:"))
                }
            };
            text.push_str(&line);
            text.push('\n');
        }
        Ok(Done {
            text,
            executed,
            ..Done::default()
        })
    }

    async fn run_async(&self, channel: Option<String>, lang: Lang) -> Result<Done, NotDone> {
        let running = self.start().await?;
        let started_ms = running
            .poller
            .snapshots
            .borrow()
            .live
            .as_ref()
            .map_or(0, |l| l.at_ms);
        let (tx, rx) = oneshot::channel();
        let cmd = RecoveryCommand::Run {
            channel,
            by: "say",
            reply: Some(tx),
        };
        let _ = running.recovery.commands.send(cmd).await;
        let reply = rx
            .await
            .map_err(|_| NotDone::from("the executor stopped".to_string()))?;
        let mut text = String::new();
        for (name, why) in &reply.refused {
            text.push_str(&format!("  {name}: {}\n", why.text(lang)));
        }
        let mut code = 0;
        if !reply.started.is_empty() {
            if !self.until_settled(&running, &reply.started).await {
                code = exit::INTERRUPTED;
            }
            let view = running.recovery.view.borrow().clone();
            text.push_str(replies::RESULT.get(lang));
            for r in view
                .recent
                .iter()
                .filter(|r| r.at_ms >= started_ms && reply.started.contains(&r.channel))
            {
                let words = crate::chatops::reply::audit::record_text(r, lang);
                text.push_str(&format!("  {:<10} {words}\n", r.channel));
            }
            for name in &reply.started {
                if let Some(c) = view.channel(name).filter(|c| {
                    matches!(c.state, RecoveryState::Running | RecoveryState::Verifying)
                }) {
                    text.push_str(&format!(
                        "  {:<10} {} {}\n",
                        name,
                        replies::STILL.get(lang),
                        c.state
                    ));
                }
            }
        }
        running.recovery.shutdown().await;
        Ok(Done {
            text,
            executed: !reply.started.is_empty(),
            code,
            error: None,
        })
    }

    /// Waits until none of `names` is running or being verified, bounded by their
    /// actions' timeouts plus the verification time, saying each step on stderr (the
    /// wait can be long). `false` when Ctrl-C or SIGTERM cut it short.
    async fn until_settled(&self, running: &Running, names: &[String]) -> bool {
        let r = &self.cfg.recovery;
        let actions: Duration = self.cfg.action_defs.iter().map(|a| a.timeout).sum();
        let limit = actions
            + Duration::from_millis(r.guard.verify_timeout_ms.max(0) as u64)
            + Duration::from_secs(5);
        let mut view = running.recovery.view.clone();
        let settled = async {
            let mut said: Vec<(String, String)> = Vec::new();
            loop {
                let v = view.borrow_and_update().clone();
                for c in v.channels.iter().filter(|c| names.contains(&c.name)) {
                    let step = match (&c.state, &c.running) {
                        (RecoveryState::Running, Some((action, _))) => format!("running {action}"),
                        (RecoveryState::Verifying, _) => {
                            "verifying: waiting for it to answer".into()
                        }
                        _ => continue,
                    };
                    if !said.iter().any(|(n, s)| *n == c.name && *s == step) {
                        crate::base::stderr::eprint_error(&format!("{}: {step}", c.name));
                        said.push((c.name.clone(), step));
                    }
                }
                let busy = v.channels.iter().any(|c| {
                    names.contains(&c.name)
                        && matches!(c.state, RecoveryState::Running | RecoveryState::Verifying)
                });
                if !busy || view.changed().await.is_err() {
                    return;
                }
            }
        };
        tokio::select! {
            _ = tokio::time::timeout(limit, settled) => true,
            _ = shutdown_signal() => {
                crate::base::stderr::eprint_error(
                    "interrupted: stopping; the attempt is recorded as aborted in the audit log",
                );
                false
            }
        }
    }

    async fn reset_async(&self, channel: Option<String>, lang: Lang) -> Result<Done, NotDone> {
        let running = self.start().await?;
        let (tx, rx) = oneshot::channel();
        let _ = running
            .recovery
            .commands
            .send(RecoveryCommand::Reset {
                channel,
                by: "say",
                reply: Some(tx),
            })
            .await;
        let cleared = rx.await.unwrap_or_default();
        running.recovery.shutdown().await;
        let text = if cleared.is_empty() {
            replies::NOTHING_TO_CLEAR_NO_ESCALATION
                .get(lang)
                .to_string()
        } else {
            format!("{} {}\n", replies::RESET.get(lang), cleared.join(", "))
        };
        Ok(Done {
            executed: !cleared.is_empty(),
            text,
            ..Done::default()
        })
    }
}
