//! The recovery executor: a task beside the poller that reads the same snapshots, runs
//! the pure guardrails of `domain::guard`, carries out their steps (runs actions, verifies,
//! escalates), records every step in the audit log before the next one, and publishes an
//! `ExecutorView` that the poller attaches to every snapshot. See `docs/recovery.md`.
//!
//! `audit` is the log and what is read back from it, `lock` the single-writer lock,
//! `action` runs one action, `controller` is the task.

pub mod action;
pub mod audit;
pub mod combine;
mod controller;
mod job;
pub mod lock;
mod recorder;
pub mod silence;
mod view;

use std::path::PathBuf;
use std::sync::Arc;

use rustc_hash::FxHashMap;
use tokio::sync::{mpsc, oneshot, watch};

use crate::base::clock::Clock;
use crate::config::{ActionConfig, Config, RecoverySettings};
use crate::snapshot::{ExecutorView, Snapshot};
use crate::source::simulated::SimState;
pub(crate) use controller::AuditWriter;

/// What sees each audit event as it is recorded.
pub type AuditTap = Arc<dyn Fn(&crate::domain::audit::AuditLine) + Send + Sync>;

/// Who asked for something (recorded in the audit log).
pub type By = &'static str;

/// Requests from the console, ChatOps and `--say`.
#[derive(Debug)]
pub enum RecoveryCommand {
    SetAuto {
        on: bool,
        by: By,
    },
    /// Route by the configured policy `name` from now on: audited, then handed to the
    /// poller. The reply says what changed or why nothing did.
    SetPolicy {
        name: String,
        by: By,
        reply: Option<oneshot::Sender<Result<String, String>>>,
    },
    /// Run the actions of `channel` (or of every unhealthy channel that has some) now.
    Run {
        channel: Option<String>,
        by: By,
        reply: Option<oneshot::Sender<RunReply>>,
    },
    /// Clear escalation and failures of `channel` (or of every channel).
    Reset {
        channel: Option<String>,
        by: By,
        reply: Option<oneshot::Sender<Vec<String>>>,
    },
    /// No automatic action and no notification for `channel` (or every channel) for
    /// `minutes` (ChatOps "silence Gateway for 30m"): written to the state dir's
    /// silences, audited as a maintenance window. The end is reckoned on the executor's
    /// clock, the one it compares it with: a sender's fresh wall reading would stretch
    /// the window by any step of the system clock since the executor started.
    Silence {
        channel: Option<String>,
        minutes: u32,
        by: By,
        reply: Option<oneshot::Sender<Result<(), String>>>,
    },
}

/// What a manual run did at once.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunReply {
    pub started: Vec<String>,
    /// Channel (or `*`) and why nothing was started for it.
    pub refused: Vec<(String, Refused)>,
}

/// Why a manual run started nothing for a channel.
#[derive(Debug, Clone, PartialEq)]
pub enum Refused {
    /// This instance does not act (the reason in English, from the executor).
    ReadOnly(String),
    NoData,
    NoSuchChannel,
    NothingToRecover,
    NoActions,
    Busy(crate::domain::guard::RecoveryState),
    LastServing,
}

impl Refused {
    /// In the language of the question.
    pub fn text(&self, lang: crate::domain::intent::Lang) -> String {
        use crate::domain::intent::Lang::{En, Ko};
        match (self, lang) {
            (Refused::ReadOnly(why), _) => why.clone(),
            (Refused::NoData, Ko) => "아직 데이터가 없어요".into(),
            (Refused::NoData, En) => "no data yet".into(),
            (Refused::NoSuchChannel, Ko) => "그런 채널이 없어요".into(),
            (Refused::NoSuchChannel, En) => "no such channel".into(),
            (Refused::NothingToRecover, Ko) => {
                "복구할 것이 없어요: 조치가 있는 채널은 모두 건강해요 (강제하려면 채널을 지정)"
                    .into()
            }
            (Refused::NothingToRecover, En) => {
                "nothing to recover: every channel with actions is healthy (name one to force it)"
                    .into()
            }
            (Refused::NoActions, Ko) => "연결된 조치가 없어요".into(),
            (Refused::NoActions, En) => "no actions are bound to it".into(),
            (Refused::Busy(state), Ko) => format!("이미 진행 중이에요 ({state})"),
            (Refused::Busy(state), En) => format!("already {state}"),
            (Refused::LastServing, Ko) => "트래픽을 받는 마지막 핵심 채널이에요".into(),
            (Refused::LastServing, En) => "it is the last core channel serving traffic".into(),
        }
    }
}

/// Everything the executor needs, from a config and the command line.
#[derive(Clone)]
pub struct RecoverySpec {
    pub settings: RecoverySettings,
    pub actions: FxHashMap<String, ActionConfig>,
    /// Channels in config order.
    pub order: Vec<String>,
    /// The actions bound to each channel (by name).
    pub bindings: FxHashMap<String, Vec<String>>,
    /// `[recovery] actions` that are defined as `[[action]]`: run for a down channel with
    /// none of its own while the overall recovery rule fires.
    pub unbound: Vec<String>,
    pub sims: FxHashMap<String, Arc<SimState>>,
    pub dry_run: bool,
    /// `--standby`: never take the lock, never act; follow the audit log read-only.
    pub standby: bool,
    /// When a channel's current outage began, as history says (a one-shot process that
    /// started during it counts time to recovery from there, not from its first probe).
    pub outage_since: FxHashMap<String, i64>,
    /// Successes in a row that make a channel count as back (`[poll] up_after`).
    pub up_after: u32,
    /// `None`: no state dir could be chosen; the executor then only watches.
    pub state_dir: Option<PathBuf>,
    pub client: reqwest::Client,
    /// Values never to be written anywhere (API keys, webhook header values).
    pub secrets: Arc<Vec<String>>,
    /// One line per recorded event (`--headless` prints them on stderr).
    pub log: Option<crate::base::state_dir::LogSink>,
    /// `[[notify]]` targets (a notifier runs beside the executor when there are some).
    pub notify: Vec<crate::config::NotifyTarget>,
    /// `[[maintenance]]` windows: no automatic action, no notification.
    pub maintenance: Vec<crate::domain::notice::Maintenance>,
    /// Where recorded recoveries, escalations and resets go to be notified.
    pub notices: Option<mpsc::UnboundedSender<crate::domain::notice::Notice>>,
    /// Sees every audit event as it is recorded (`--serve`'s `/events`); never blocks.
    pub audit_tap: Option<AuditTap>,
    /// `[routing] apply` and `[[route_target]]`: a route-apply runner starts beside the
    /// executor when there are targets, writing through its audit log and lock.
    pub routes: crate::config::RouteSpec,
}

impl RecoverySpec {
    pub fn from_config(
        cfg: &Config,
        sims: FxHashMap<String, Arc<SimState>>,
        client: reqwest::Client,
        state_dir: Option<PathBuf>,
        dry_run: bool,
    ) -> RecoverySpec {
        let actions: FxHashMap<String, ActionConfig> = cfg
            .action_defs
            .iter()
            .map(|a| (a.name.clone(), a.clone()))
            .collect();
        let unbound = cfg
            .actions
            .iter()
            .filter(|n| actions.contains_key(*n))
            .cloned()
            .collect();
        RecoverySpec {
            settings: cfg.recovery.clone(),
            order: cfg.channels.iter().map(|c| c.name.clone()).collect(),
            bindings: cfg
                .channels
                .iter()
                .map(|c| (c.name.clone(), c.actions.clone()))
                .collect(),
            unbound,
            actions,
            sims,
            dry_run,
            standby: false,
            outage_since: FxHashMap::default(),
            up_after: cfg.poll.flap.up_after,
            state_dir,
            client,
            secrets: Arc::new(secrets(cfg)),
            log: None,
            notify: cfg.notify.clone(),
            maintenance: cfg.maintenance.clone(),
            notices: None,
            audit_tap: None,
            routes: crate::config::RouteSpec::from_config(cfg, dry_run),
        }
    }

    fn bound(&self, channel: &str) -> &[String] {
        self.bindings.get(channel).map_or(&[], Vec::as_slice)
    }

    /// The actions that would run for `channel` now.
    pub fn actions_for(&self, channel: &str, overall_rule_fired: bool) -> Vec<String> {
        let bound = self.bound(channel);
        if !bound.is_empty() {
            return bound.to_vec();
        }
        if overall_rule_fired {
            self.unbound.clone()
        } else {
            Vec::new()
        }
    }

    /// `!actions_for(..).is_empty()` without the copy (it runs per channel per snapshot).
    pub fn has_actions(&self, channel: &str, overall_rule_fired: bool) -> bool {
        !self.bound(channel).is_empty() || (overall_rule_fired && !self.unbound.is_empty())
    }

    /// The actions listed for a channel in views (bound, else the unbound defaults).
    pub fn listed_for(&self, channel: &str) -> Vec<String> {
        self.actions_for(channel, true)
    }
}

/// The values of every environment variable the config names as secret.
fn secrets(cfg: &Config) -> Vec<String> {
    let vars = cfg
        .channels
        .iter()
        .filter_map(|c| c.api_key_env.clone())
        .chain(cfg.action_defs.iter().flat_map(|a| match &a.kind {
            crate::config::ActionKind::Webhook { headers, .. } => {
                headers.values().cloned().collect::<Vec<_>>()
            }
            _ => Vec::new(),
        }));
    vars.filter_map(|v| std::env::var(v).ok())
        .filter(|v| !v.is_empty())
        .collect()
}

/// A running executor.
pub struct RecoveryHandle {
    pub view: watch::Receiver<Arc<ExecutorView>>,
    pub commands: mpsc::Sender<RecoveryCommand>,
    /// Finish running actions (each is bounded by its timeout) and stop.
    stop: oneshot::Sender<()>,
    task: tokio::task::JoinHandle<()>,
}

impl RecoveryHandle {
    /// Asks the executor to stop and waits until running actions have ended.
    pub async fn shutdown(self) {
        let _ = self.stop.send(());
        let _ = self.task.await;
    }
}

/// Asks for a channel to be probed at once (the executor verifies a restart without
/// waiting a round); whoever starts the executor decides how.
pub type ProbeNow = Arc<dyn Fn(String) + Send + Sync>;

/// What the executor reads and whom it asks to probe again.
pub struct Wiring {
    pub snapshots: watch::Receiver<Arc<Snapshot>>,
    pub probe_now: ProbeNow,
    /// Switches the routing policy of whoever evaluates (the poller).
    pub set_policy: SetPolicy,
}

/// Hands a routing policy switch (name, by) to whoever evaluates.
pub type SetPolicy = Arc<dyn Fn(String, By) + Send + Sync>;

/// The executor's view for a one-shot snapshot: configured mode plus the audit log's
/// memory, read without the lock.
pub fn peek(spec: &RecoverySpec, now_ms: i64) -> ExecutorView {
    view::peek(spec, now_ms)
}

/// An executor that has read its audit log and taken the lock but does not run yet:
/// its view is known before there are snapshots, so the first one can carry it.
pub struct Opened {
    controller: controller::Controller,
    view_tx: watch::Sender<Arc<ExecutorView>>,
    view_rx: watch::Receiver<Arc<ExecutorView>>,
}

impl Opened {
    pub fn open(spec: RecoverySpec, clock: Clock) -> Opened {
        let controller = controller::Controller::open(spec, clock);
        let (view_tx, view_rx) = watch::channel(Arc::new(controller.view()));
        Opened {
            controller,
            view_tx,
            view_rx,
        }
    }

    /// The executor's view, as it changes.
    pub fn view(&self) -> watch::Receiver<Arc<ExecutorView>> {
        self.view_rx.clone()
    }

    /// The audit log's writer for the route-apply runner, when this instance writes it
    /// (holds the lock).
    pub(crate) fn audit_writer(&self) -> Option<AuditWriter> {
        self.controller.audit_writer()
    }

    /// Why this instance never acts (a standby, the lock is another's), when it does not.
    pub fn read_only(&self) -> Option<String> {
        self.controller.view().read_only
    }

    /// Starts the executor on `wiring`'s snapshots.
    pub fn spawn(self, wiring: Wiring) -> RecoveryHandle {
        self.controller.spawn(wiring, self.view_tx, self.view_rx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::intent::Lang;

    /// A refusal reads in the question's language alone.
    #[test]
    fn refusals_speak_one_language() {
        let all = [
            Refused::NoData,
            Refused::NoSuchChannel,
            Refused::NothingToRecover,
            Refused::NoActions,
            Refused::Busy(crate::domain::guard::RecoveryState::Verifying),
            Refused::LastServing,
        ];
        for r in &all {
            // The state word is the contract's (`verifying`), in every language.
            let ko = r.text(Lang::Ko).replace("verifying", "");
            assert!(!ko.chars().any(|c| c.is_ascii_alphabetic()), "{ko}");
            assert!(r.text(Lang::En).is_ascii(), "{r:?}");
        }
    }
}
