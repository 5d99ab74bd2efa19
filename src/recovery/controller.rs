//! The executor task: snapshots and commands in, guard steps carried out, every step
//! recorded before the next, an `ExecutorView` published whenever it changes.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use rustc_hash::FxHashMap;
use tokio::sync::{mpsc, oneshot, watch};
use tokio::task::JoinSet;

use super::action::ActionContext;
use super::audit::OpenRun;
use super::job::{run_job, Job, JobEnv, Progress};
use super::lock::StateLock;
use super::recorder::{lock, ts, Recorder};
use super::view::{open_state, publish, view_of, windows_now, Opened};
use super::ProbeNow;
use super::{By, RecoveryCommand, RecoveryHandle, RecoverySpec, Wiring};
use crate::base::clock::Clock;
use crate::domain::audit::{self as ev, AuditEvent};
use crate::domain::guard::{Guard, Seen, Step};
use crate::domain::notice::in_maintenance;
use crate::snapshot::{ExecutorView, Passive, Snapshot};

mod orders;

/// The audit log's writer, shared with the route-apply runner: its events go into the
/// same log, under the same lock, fsync'd the same way.
#[derive(Clone)]
pub(crate) struct AuditWriter(Arc<Mutex<Recorder>>);

impl AuditWriter {
    /// Records an event before the step it announces; `false`: not written, so the step
    /// must not happen.
    pub(crate) fn record(&self, at_ms: i64, event: AuditEvent) -> bool {
        lock(&self.0).record(at_ms, event)
    }

    /// What the log remembers of each route target (read at start, kept as events are
    /// written).
    pub(crate) fn routes(&self) -> std::collections::BTreeMap<String, super::audit::RouteMemory> {
        lock(&self.0).memory.routes.clone()
    }

    /// Records the end of something that has already happened.
    pub(crate) fn record_done(&self, at_ms: i64, event: AuditEvent) {
        lock(&self.0).record_done(at_ms, event);
    }
}

pub(super) struct Controller {
    spec: RecoverySpec,
    guard: Guard,
    auto: bool,
    read_only: Option<String>,
    passive: Option<Passive>,
    rec: Arc<Mutex<Recorder>>,
    _lock: Option<StateLock>,
    clock: Clock,
    snap: Option<Arc<Snapshot>>,
    running: FxHashMap<String, (String, i64)>,
    tasks: JoinSet<()>,
    progress_tx: mpsc::UnboundedSender<Progress>,
    progress_rx: mpsc::UnboundedReceiver<Progress>,
    run_prefix: String,
    seq: u64,
    audit_path: Option<String>,
    stopping: Arc<AtomicBool>,
    /// Channels in a maintenance window now, and until when.
    maintenance: FxHashMap<String, i64>,
    maintenance_changed: bool,
    /// `[[maintenance]]` windows and run-time silences.
    windows: Vec<crate::domain::notice::Maintenance>,
    silences_stamp: Option<std::time::SystemTime>,
    silences_read_ms: i64,
}

impl Controller {
    /// Takes the lock, reads the audit log back and records actions that a previous
    /// process started and never finished.
    pub(super) fn open(spec: RecoverySpec, clock: Clock) -> Controller {
        let now = clock.now_ms();
        let Opened {
            lock: lock_held,
            log,
            memory,
            passive,
            audit_path,
        } = open_state(&spec);
        let (passive, read_only) = passive.map_or((None, None), |(k, why)| (Some(k), Some(why)));
        let mut guard = Guard::new(spec.settings.guard);
        for (name, m) in &memory.channels {
            guard.restore(name, m.failures, m.last_start_ms, m.escalated_since_ms);
        }
        let open_runs = memory.open.clone();
        let (progress_tx, progress_rx) = mpsc::unbounded_channel();
        let rec = Recorder {
            log,
            memory,
            problem: None,
            dry_run: spec.dry_run,
            sink: spec.log.clone(),
            notices: spec.notices.clone(),
            unwritten: Vec::new(),
        };
        let mut c = Controller {
            auto: spec.settings.auto,
            guard,
            read_only,
            passive,
            rec: Arc::new(Mutex::new(rec)),
            _lock: lock_held,
            clock,
            snap: None,
            running: FxHashMap::default(),
            tasks: JoinSet::new(),
            progress_tx,
            progress_rx,
            run_prefix: format!("{now:x}-{}", std::process::id()),
            seq: 0,
            audit_path,
            stopping: Arc::default(),
            maintenance: FxHashMap::default(),
            maintenance_changed: false,
            windows: spec.maintenance.clone(),
            silences_stamp: None,
            silences_read_ms: i64::MIN / 2,
            spec,
        };
        if c.read_only.is_none() {
            c.interrupted(now, &open_runs);
            let start = ev::Start {
                pid: std::process::id(),
                version: env!("CARGO_PKG_VERSION").to_string(),
                auto: c.auto,
                dry_run: c.spec.dry_run,
            };
            c.record(now, AuditEvent::Start(start));
        }
        c
    }

    fn interrupted(&mut self, now: i64, open: &[OpenRun]) {
        for r in open {
            let e = ev::Interrupted {
                channel: r.channel.clone(),
                action: r.action.clone(),
                attempt: r.attempt,
                run: r.run.clone(),
                started: r.started.clone(),
            };
            self.record(now, AuditEvent::Interrupted(e));
        }
    }

    fn record(&self, at_ms: i64, event: AuditEvent) -> bool {
        lock(&self.rec).record(at_ms, event)
    }

    /// The audit writer, when this instance acts (holds the lock, the log is open).
    pub(super) fn audit_writer(&self) -> Option<AuditWriter> {
        self.read_only
            .is_none()
            .then(|| AuditWriter(self.rec.clone()))
    }

    pub(super) fn view(&self) -> ExecutorView {
        let rec = lock(&self.rec);
        let mut v = view_of(&self.spec, &self.guard, &rec.memory, self.clock.now_ms());
        for c in &mut v.channels {
            c.running = self.running.get(&c.name).cloned();
        }
        ExecutorView {
            auto: self.auto,
            read_only: self.read_only.clone(),
            passive: self.passive,
            lock_held: self._lock.is_some(),
            maintenance: windows_now(&self.spec.order, &self.windows, self.clock.now_ms()),
            audit_path: self.audit_path.clone(),
            problem: rec.problem.clone(),
            ..v
        }
    }

    /// Runs until the handle stops it (or every command sender is gone), then waits for running
    /// actions, which end within their timeouts.
    pub(super) fn spawn(
        self,
        wiring: Wiring,
        view_tx: watch::Sender<Arc<ExecutorView>>,
        view_rx: watch::Receiver<Arc<ExecutorView>>,
    ) -> RecoveryHandle {
        let (tx, rx) = mpsc::channel(32);
        let (stop_tx, stop_rx) = oneshot::channel();
        let task = tokio::spawn(self.run(wiring, rx, stop_rx, view_tx));
        RecoveryHandle {
            view: view_rx,
            commands: tx,
            stop: stop_tx,
            task,
        }
    }

    async fn run(
        mut self,
        mut w: Wiring,
        mut commands: mpsc::Receiver<RecoveryCommand>,
        mut stop: oneshot::Receiver<()>,
        view_tx: watch::Sender<Arc<ExecutorView>>,
    ) {
        self.snap = Some(w.snapshots.borrow_and_update().clone());
        self.observe();
        loop {
            let now = self.clock.now_ms();
            let wake = self.guard.next_deadline(now);
            let timer = tokio::time::sleep_until(crate::base::wake::coalesce(
                self.clock.instant_at(wake.unwrap_or(now)),
            ));
            let mut dirty = false;
            tokio::select! {
                r = w.snapshots.changed() => match r {
                    Ok(()) => {
                        self.snap = Some(w.snapshots.borrow_and_update().clone());
                        self.observe();
                    }
                    Err(_) => break,
                },
                Some(p) = self.progress_rx.recv() => {
                    self.progress(p, &w.probe_now);
                    dirty = true;
                }
                cmd = commands.recv() => match cmd {
                    None => break,
                    Some(c) => {
                        self.command(c, &w.set_policy);
                        dirty = true;
                    }
                },
                _ = &mut stop => {
                    // Orders given before the stop are still carried out, in order.
                    while let Ok(c) = commands.try_recv() {
                        self.command(c, &w.set_policy);
                    }
                    break;
                }
                _ = timer, if wake.is_some() => self.observe(),
            }
            // Most snapshots change nothing the executor shows: the view (a row per
            // channel) is rebuilt only when the guard or a task says something changed.
            let maintenance = std::mem::take(&mut self.maintenance_changed);
            if self.guard.take_changed() || dirty || maintenance {
                publish(&view_tx, self.view());
            }
        }
        // Running actions end within their timeouts; none starts from now on.
        self.stopping.store(true, Ordering::SeqCst);
        while self.tasks.join_next().await.is_some() {}
        while let Ok(p) = self.progress_rx.try_recv() {
            if let Progress::Ended { channel } = p {
                self.running.remove(&channel);
            }
        }
        self.abort_verifications();
        publish(&view_tx, self.view());
    }

    /// Stopping while an attempt waits for its channel to come back: its end is recorded
    /// as `aborted`, so that no attempt is left without an end in the audit log.
    fn abort_verifications(&mut self) {
        let now = self.clock.now_ms();
        for name in self.spec.order.clone() {
            let v = self.guard.view(&name, now);
            if v.state == crate::domain::guard::RecoveryState::Verifying {
                let e = ev::Aborted {
                    channel: name,
                    attempt: v.attempts,
                    reason: "switchboard stopped before the channel was verified".into(),
                };
                lock(&self.rec).record_done(now, AuditEvent::Aborted(e));
            }
        }
    }

    /// The channels as the guard sees them; one with no probe result of this process
    /// yet is not judged (a window pre-loaded from history never starts an action).
    fn seen<'a>(&self, snap: &'a Snapshot) -> Vec<Seen<'a>> {
        let fired = snap.recovery.should_trigger;
        let now = self.clock.now_ms();
        snap.channels
            .iter()
            .filter(|c| c.details.samples.is_none_or(|n| n.get() > 0.0))
            .filter(|c| {
                let d = &c.details;
                !d.observed || d.consecutive_failures + d.consecutive_successes > 0
            })
            .map(|c| Seen {
                name: c.name(),
                health: c.eval.health,
                optional: c.eval.input.optional,
                // A maintenance window: nothing runs by itself (an order still does).
                actionable: self.spec.has_actions(c.name(), fired)
                    && in_maintenance(&self.windows, c.name(), now).is_none(),
                down_since_ms: c.details.failing_since_ms.map(|f| {
                    self.spec
                        .outage_since
                        .get(c.name())
                        .map_or(f, |&h| h.min(f))
                }),
                back: c.details.consecutive_successes >= self.spec.up_after,
            })
            .collect()
    }

    /// The config's windows and the silences given at run time, read again when the
    /// silences file changed (any process may have added one).
    fn refresh_silences(&mut self, now: i64) {
        let Some(dir) = self.spec.state_dir.clone() else {
            return;
        };
        let stamp = super::silence::modified(&dir);
        if stamp == self.silences_stamp && now - self.silences_read_ms < 60_000 {
            return;
        }
        self.silences_stamp = stamp;
        self.silences_read_ms = now;
        self.windows = self.spec.maintenance.clone();
        self.windows.extend(super::silence::load(&dir, now));
    }

    /// Records each channel entering or leaving a maintenance window or silence, once.
    fn maintenance_edges(&mut self, now: i64) {
        self.refresh_silences(now);
        if self.windows.is_empty() && self.maintenance.is_empty() {
            return;
        }
        if self.read_only.is_some() {
            return;
        }
        for name in self.spec.order.clone() {
            let m = in_maintenance(&self.windows, &name, now);
            let until = m.map(|m| m.end_ms);
            if self.maintenance.get(&name).copied() == until {
                continue;
            }
            let e = ev::MaintenanceEdge {
                channel: name.clone(),
                on: m.is_some(),
                until: m.map(|m| ts(m.end_ms)),
                reason: m.map(|m| m.reason.clone()),
            };
            self.record(now, AuditEvent::Maintenance(e));
            match until {
                Some(u) => self.maintenance.insert(name, u),
                None => self.maintenance.remove(&name),
            };
            self.maintenance_changed = true;
        }
    }

    fn observe(&mut self) {
        let Some(snap) = self.snap.clone() else {
            return;
        };
        let now = self.clock.now_ms();
        self.maintenance_edges(now);
        let auto = self.auto && self.read_only.is_none();
        let steps = {
            let seen = self.seen(&snap);
            self.guard.observe(now, &seen, auto)
        };
        self.carry_out(steps, now, "auto");
    }

    fn carry_out(&mut self, steps: Vec<Step>, now: i64, by: By) {
        for step in steps {
            match step {
                Step::Trigger {
                    channel,
                    attempt,
                    reason,
                    manual,
                } => self.start_attempt(channel, attempt, reason, manual, by, now),
                // The failing action's own `action_end` is the record.
                Step::Failed { .. } => {}
                Step::Verified {
                    channel,
                    attempt,
                    ok,
                    down_ms,
                } => {
                    let e = ev::Verify {
                        channel,
                        attempt,
                        ok,
                        down_ms,
                    };
                    lock(&self.rec).record_done(now, AuditEvent::Verify(e));
                }
                Step::Escalate { channel, failures } => self.escalate(channel, failures, now),
                Step::Blocked { channel, reason } => {
                    self.record(now, AuditEvent::Blocked(ev::Blocked { channel, reason }));
                }
            }
        }
    }

    fn next_run(&mut self) -> String {
        self.seq += 1;
        format!("{}-{}", self.run_prefix, self.seq)
    }

    fn start_attempt(
        &mut self,
        channel: String,
        attempt: u32,
        reason: String,
        manual: bool,
        by: By,
        now: i64,
    ) {
        let fired = self
            .snap
            .as_ref()
            .is_some_and(|s| s.recovery.should_trigger);
        let names = if manual {
            self.spec.listed_for(&channel)
        } else {
            self.spec.actions_for(&channel, fired)
        };
        let run = self.next_run();
        let trigger = ev::Trigger {
            channel: channel.clone(),
            attempt,
            reason: reason.clone(),
            by: if manual { by } else { "auto" }.to_string(),
            actions: names.clone(),
            run: run.clone(),
        };
        let written = self.record(now, AuditEvent::Trigger(trigger));
        if !written {
            // Nothing runs without a record; an audit log that cannot be written is the
            // daemon's fault, not the channel's, so the attempt counts toward nothing.
            self.guard.not_run(&channel);
            return;
        }
        let actions = names
            .iter()
            .filter_map(|n| self.spec.actions.get(n).cloned())
            .collect();
        self.spawn_job(Job {
            channel,
            attempt,
            reason,
            run,
            actions,
            escalation: false,
        });
    }

    fn escalate(&mut self, channel: String, failures: u32, now: i64) {
        let hook = self.spec.settings.on_escalate.clone();
        let e = ev::Escalate {
            channel: channel.clone(),
            failures,
            on_escalate: hook.clone(),
        };
        lock(&self.rec).record_done(now, AuditEvent::Escalate(e));
        let Some(def) = hook.and_then(|h| self.spec.actions.get(&h).cloned()) else {
            return;
        };
        let run = self.next_run();
        self.spawn_job(Job {
            reason: format!("escalated after {failures} failed attempts"),
            channel,
            attempt: failures,
            run,
            actions: vec![def],
            escalation: true,
        });
    }

    fn spawn_job(&mut self, job: Job) {
        let ctx = ActionContext {
            channel: job.channel.clone(),
            attempt: job.attempt,
            reason: job.reason.clone(),
            ts: ts(self.clock.now_ms()),
            client: self.spec.client.clone(),
            sim: self.spec.sims.get(&job.channel).cloned(),
            secrets: self.spec.secrets.clone(),
        };
        let env = JobEnv {
            rec: self.rec.clone(),
            tx: self.progress_tx.clone(),
            clock: self.clock,
            dry_run: self.spec.dry_run,
            stopping: self.stopping.clone(),
        };
        self.tasks.spawn(run_job(job, ctx, env));
    }

    fn progress(&mut self, p: Progress, probe_now: &ProbeNow) {
        match p {
            Progress::Started {
                channel,
                action,
                at_ms,
            } => {
                self.running.insert(channel, (action, at_ms));
            }
            Progress::Ended { channel } => {
                self.running.remove(&channel);
            }
            Progress::Done {
                escalation: true, ..
            } => {}
            Progress::Done {
                channel,
                not_run: true,
                ..
            } => self.guard.not_run(&channel),
            Progress::Done { channel, ok, .. } => {
                let now = self.clock.now_ms();
                let steps = self.guard.finished(&channel, now, ok);
                self.carry_out(steps, now, "auto");
                if ok {
                    // Verify as soon as the channel can answer, not a whole interval later.
                    probe_now(channel);
                }
            }
        }
    }
}
