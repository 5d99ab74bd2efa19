//! The executor task: snapshots and commands in, guard steps carried out, every step
//! recorded before the next, an `ExecutorView` published whenever it changes.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use rustc_hash::FxHashMap;
use serde_json::{json, Map, Value};
use tokio::sync::{mpsc, watch};
use tokio::task::JoinSet;

use super::action::{self, ActionContext, ActionOutcome};
use super::audit::{AuditLog, Memory, OpenRun};
use super::lock::{LockError, StateLock};
use super::{
    By, ProbeNow, RecoveryCommand, RecoveryHandle, RecoverySpec, Refused, RunReply, Wiring,
};
use crate::base::clock::Clock;
use crate::base::state_dir::{prepare_dir, LogSink, AUDIT};
use crate::config::{ActionConfig, ActionKind};
use crate::domain::guard::{Guard, Refusal, Seen, Step};
use crate::domain::notice::{in_maintenance, Notice, NoticeKind};
use crate::snapshot::{ChannelRecovery, ExecutorView, Passive, Snapshot};

/// The audit log and what has been read back from it, shared with attempt tasks.
struct Recorder {
    log: Option<AuditLog>,
    memory: Memory,
    problem: Option<String>,
    dry_run: bool,
    sink: Option<LogSink>,
    /// Recorded recoveries, escalations and resets, for `[[notify]]`.
    notices: Option<mpsc::UnboundedSender<Notice>>,
    /// Events of steps that happened anyway (an action that ran) while the log could not
    /// be written; written first, in order, once it can.
    unwritten: Vec<(String, String, Map<String, Value>)>,
}

/// Unwritten events kept while the disk is full; beyond this the oldest are dropped.
const UNWRITTEN_MAX: usize = 1000;

impl Recorder {
    /// Writes one event and waits for the disk; `false` when it could not be written.
    /// Nothing that depends on the event goes ahead then.
    fn record(&mut self, at_ms: i64, event: &str, fields: Map<String, Value>) -> bool {
        self.record_as(at_ms, event, fields, false)
    }

    /// Records the end of something that has already happened: when the log cannot take
    /// it now, it is kept and written before the next event that can be.
    fn record_done(&mut self, at_ms: i64, event: &str, fields: Map<String, Value>) {
        self.record_as(at_ms, event, fields, true);
    }

    fn record_as(
        &mut self,
        at_ms: i64,
        event: &str,
        mut fields: Map<String, Value>,
        keep: bool,
    ) -> bool {
        if self.dry_run {
            fields.insert("dry_run".into(), Value::Bool(true));
        }
        let ts = ts(at_ms);
        let written = self
            .write_unwritten()
            .and_then(|()| self.write(&ts, event, &fields));
        if written.is_err() && keep && self.log.is_some() {
            if self.unwritten.len() == UNWRITTEN_MAX {
                self.unwritten.remove(0);
            }
            self.unwritten
                .push((ts.clone(), event.to_string(), fields.clone()));
        }
        let ok = written.is_ok();
        if self.log.is_some() {
            self.announce(written.as_ref().err());
        }
        self.problem = written.err();
        let mut obj = Map::with_capacity(fields.len() + 2);
        obj.insert("ts".into(), Value::from(ts.as_str()));
        obj.insert("event".into(), Value::from(event));
        obj.extend(fields);
        self.memory.apply(&obj, &mut Vec::new());
        if let Some(sink) = &self.sink {
            sink(&log_line(&obj));
        }
        if let (Some(tx), Some(n)) = (&self.notices, notice_of(&obj, at_ms)) {
            let _ = tx.send(n);
        }
        ok
    }
}

/// The notice for a recorded event that people hear of: a verified recovery, an
/// escalation, a reset (a rehearsal's say so).
fn notice_of(o: &Map<String, Value>, at_ms: i64) -> Option<Notice> {
    let s = |k: &str| o.get(k).and_then(Value::as_str).unwrap_or_default();
    let channel = s("channel").to_string();
    let dry = if o.get("dry_run").and_then(Value::as_bool) == Some(true) {
        " [dry run]"
    } else {
        ""
    };
    let (kind, text) = match s("event") {
        "verify" if o.get("ok").and_then(Value::as_bool) == Some(true) => {
            let after = o
                .get("down_ms")
                .and_then(Value::as_i64)
                .map_or(String::new(), |d| format!(", {:.0}s after its first failure", d as f64 / 1000.0));
            (NoticeKind::Recovered, format!("{channel} recovered{after}{dry}"))
        }
        "escalate" => (
            NoticeKind::Escalated,
            format!(
                "{channel} ESCALATED after {} failed attempts: no automatic action until reset{dry}",
                o.get("failures").and_then(Value::as_u64).unwrap_or(0)
            ),
        ),
        "reset" => (NoticeKind::Reset, format!("{channel} recovery reset by {}{dry}", s("by"))),
        _ => return None,
    };
    Some(Notice {
        kind,
        channel,
        at_ms,
        text,
    })
}

/// RFC 3339 UTC with milliseconds, so that events within a second keep their order.
fn ts(at_ms: i64) -> String {
    jiff::Timestamp::from_millisecond(at_ms)
        .map(|t| format!("{t:.3}"))
        .unwrap_or_else(|_| at_ms.to_string())
}

/// `ts event channel key=value …` for a log reader, every value logfmt-quoted when it
/// needs to be (`crate::base::logging::logfmt`).
fn log_line(o: &Map<String, Value>) -> String {
    let mut line = String::new();
    for (k, v) in o {
        let v = match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        if !line.is_empty() {
            line.push(' ');
        }
        let v = crate::base::logging::logfmt(&v);
        match k.as_str() {
            "ts" | "event" | "channel" => line.push_str(&v),
            _ => line.push_str(&format!("{k}={v}")),
        }
    }
    line
}

fn fields(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(o) => o,
        _ => Map::new(),
    }
}

/// Reports from attempt tasks.
enum Progress {
    Started {
        channel: String,
        action: String,
        at_ms: i64,
    },
    Ended {
        channel: String,
    },
    Done {
        channel: String,
        ok: bool,
        escalation: bool,
        /// The daemon could not carry it out (no audit record, no descriptor): not
        /// the channel's failure.
        not_run: bool,
    },
}

/// One batch of actions to run in order, stopping at the first failure.
struct Job {
    channel: String,
    attempt: u32,
    reason: String,
    run: String,
    actions: Vec<ActionConfig>,
    escalation: bool,
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

impl Recorder {
    fn write(&mut self, ts: &str, event: &str, fields: &Map<String, Value>) -> Result<(), String> {
        match &mut self.log {
            Some(log) => log.append(ts, event, fields.clone()).map_err(|e| {
                let why = format!(
                    "audit log {}: {}",
                    log.path().display(),
                    crate::base::input::io_reason(&e)
                );
                if let Some(kind) = crate::base::fault::of_io(&e) {
                    let now = crate::snapshot::parse_rfc3339_ms(ts).unwrap_or_default();
                    crate::base::fault::note(kind, &why, now);
                }
                why
            }),
            None => Err("no audit log (this instance does not act)".to_string()),
        }
    }

    /// Writes what could not be written before, oldest first, stopping at a failure.
    fn write_unwritten(&mut self) -> Result<(), String> {
        while let Some((ts, event, fields)) = self.unwritten.first().cloned() {
            self.write(&ts, &event, &fields)?;
            self.unwritten.remove(0);
        }
        Ok(())
    }

    /// Says once when the audit log stops taking lines (a full disk) and once when it
    /// takes them again: the view's `problem` says it too, but a log reader needs both.
    fn announce(&self, failed: Option<&String>) {
        let line = match (&self.problem, failed) {
            (None, Some(why)) => format!("{why}; recovery actions wait until it can be written"),
            (Some(_), None) => "audit log: writing again".to_string(),
            _ => return,
        };
        if let Some(sink) = &self.sink {
            sink(&line);
        }
    }
}

/// The audit log's writer, shared with the route-apply runner: its events go into the
/// same log, under the same lock, fsync'd the same way.
#[derive(Clone)]
pub(crate) struct AuditWriter(Arc<Mutex<Recorder>>);

impl AuditWriter {
    /// Records an event before the step it announces; `false`: not written, so the step
    /// must not happen.
    pub(crate) fn record(&self, at_ms: i64, event: &str, fields: Map<String, Value>) -> bool {
        lock(&self.0).record(at_ms, event, fields)
    }

    /// Records the end of something that has already happened.
    pub(crate) fn record_done(&self, at_ms: i64, event: &str, fields: Map<String, Value>) {
        lock(&self.0).record_done(at_ms, event, fields);
    }
}

fn lock(rec: &Mutex<Recorder>) -> MutexGuard<'_, Recorder> {
    rec.lock().unwrap_or_else(|e| e.into_inner())
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
            c.record(
                now,
                "start",
                json!({"pid": std::process::id(), "version": env!("CARGO_PKG_VERSION"),
                       "auto": c.auto, "dry_run": c.spec.dry_run}),
            );
        }
        c
    }

    fn interrupted(&mut self, now: i64, open: &[OpenRun]) {
        for r in open {
            self.record(
                now,
                "interrupted",
                json!({"channel": r.channel, "action": r.action, "attempt": r.attempt,
                       "run": r.run, "started": r.started}),
            );
        }
    }

    fn record(&self, at_ms: i64, event: &str, v: Value) -> bool {
        lock(&self.rec).record(at_ms, event, fields(v))
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

    /// Runs until `Shutdown` (or every command sender is gone), then waits for running
    /// actions, which end within their timeouts.
    pub(super) fn spawn(
        self,
        wiring: Wiring,
        view_tx: watch::Sender<Arc<ExecutorView>>,
        view_rx: watch::Receiver<Arc<ExecutorView>>,
    ) -> RecoveryHandle {
        let (tx, rx) = mpsc::channel(32);
        let task = tokio::spawn(self.run(wiring, rx, view_tx));
        RecoveryHandle {
            view: view_rx,
            commands: tx,
            task,
        }
    }

    async fn run(
        mut self,
        mut w: Wiring,
        mut commands: mpsc::Receiver<RecoveryCommand>,
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
                    Some(RecoveryCommand::Shutdown) | None => break,
                    Some(c) => {
                        self.command(c);
                        dirty = true;
                    }
                },
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
                let f = json!({"channel": name, "attempt": v.attempts,
                               "reason": "switchboard stopped before the channel was verified"});
                lock(&self.rec).record_done(now, "aborted", fields(f));
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
            let v = match m {
                Some(m) => json!({"channel": name, "on": true, "until": ts(m.end_ms),
                                  "reason": m.reason}),
                None => json!({"channel": name, "on": false}),
            };
            self.record(now, "maintenance", v);
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
                    let v = json!({"channel": channel, "attempt": attempt, "ok": ok,
                                   "down_ms": down_ms});
                    lock(&self.rec).record_done(now, "verify", fields(v));
                }
                Step::Escalate { channel, failures } => self.escalate(channel, failures, now),
                Step::Blocked { channel, reason } => {
                    self.record(
                        now,
                        "blocked",
                        json!({"channel": channel, "reason": reason}),
                    );
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
        let written = self.record(
            now,
            "trigger",
            json!({"channel": channel, "attempt": attempt, "reason": reason,
                   "by": if manual { by } else { "auto" }, "actions": names, "run": run}),
        );
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
        let v = json!({"channel": channel, "failures": failures, "on_escalate": hook});
        lock(&self.rec).record_done(now, "escalate", fields(v));
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

    fn command(&mut self, c: RecoveryCommand) {
        let now = self.clock.now_ms();
        match c {
            RecoveryCommand::SetAuto { on, by } => {
                if on != self.auto {
                    self.auto = on;
                    if self.read_only.is_none() {
                        self.record(now, "auto", json!({"on": on, "by": by}));
                    }
                    self.observe();
                }
            }
            RecoveryCommand::Run { channel, by, reply } => {
                let r = self.manual(channel, by, now);
                if let Some(tx) = reply {
                    let _ = tx.send(r);
                }
            }
            RecoveryCommand::Reset { channel, by, reply } => {
                let cleared = self.reset(channel, by, now);
                if let Some(tx) = reply {
                    let _ = tx.send(cleared);
                }
            }
            RecoveryCommand::Silence {
                channel,
                until_ms,
                by,
                reply,
            } => {
                let r = self.silence(channel.as_deref(), until_ms, by, now);
                if let Some(tx) = reply {
                    let _ = tx.send(r);
                }
            }
            RecoveryCommand::Shutdown => {}
        }
    }

    fn silence(
        &mut self,
        channel: Option<&str>,
        until_ms: i64,
        by: By,
        now: i64,
    ) -> Result<(), String> {
        let dir = self.spec.state_dir.clone().ok_or("no state dir")?;
        super::silence::add(&dir, channel, until_ms, by).map_err(|e| {
            format!(
                "cannot write {}: {}",
                super::silence::path(&dir).display(),
                crate::base::input::io_reason(&e)
            )
        })?;
        self.silences_stamp = None;
        self.maintenance_edges(now);
        Ok(())
    }

    fn manual(&mut self, channel: Option<String>, by: By, now: i64) -> RunReply {
        let mut reply = RunReply::default();
        if let Some(why) = &self.read_only {
            reply
                .refused
                .push(("*".into(), Refused::ReadOnly(why.clone())));
            return reply;
        }
        let Some(snap) = self.snap.clone() else {
            reply.refused.push(("*".into(), Refused::NoData));
            return reply;
        };
        let seen = self.seen(&snap);
        let targets: Vec<Seen> = match &channel {
            Some(name) => match seen.iter().find(|s| s.name == name) {
                Some(s) => vec![*s],
                None => {
                    reply.refused.push((name.clone(), Refused::NoSuchChannel));
                    return reply;
                }
            },
            None => seen
                .iter()
                .filter(|s| !s.health.is_healthy() && !self.spec.listed_for(s.name).is_empty())
                .copied()
                .collect(),
        };
        if targets.is_empty() {
            reply.refused.push(("*".into(), Refused::NothingToRecover));
        }
        let mut steps = Vec::new();
        for t in &targets {
            if self.spec.listed_for(t.name).is_empty() {
                reply.refused.push((t.name.into(), Refused::NoActions));
                continue;
            }
            match self.guard.manual(now, t, &seen) {
                Ok(step) => {
                    reply.started.push(t.name.to_string());
                    steps.push(step);
                }
                Err(Refusal::Busy(state)) => {
                    reply.refused.push((t.name.into(), Refused::Busy(state)))
                }
                Err(Refusal::LastServing) => {
                    reply.refused.push((t.name.into(), Refused::LastServing))
                }
            }
        }
        drop(seen);
        self.carry_out(steps, now, by);
        reply
    }

    fn reset(&mut self, channel: Option<String>, by: By, now: i64) -> Vec<String> {
        if self.read_only.is_some() {
            return Vec::new();
        }
        let names: Vec<String> = match channel {
            Some(c) => vec![c],
            None => self.spec.order.clone(),
        };
        let cleared: Vec<String> = names.into_iter().filter(|n| self.guard.reset(n)).collect();
        for name in &cleared {
            self.record(now, "reset", json!({"channel": name, "by": by}));
        }
        if !cleared.is_empty() {
            self.observe();
        }
        cleared
    }
}

/// The view of a guard and what the audit log says (running actions and problems are
/// the caller's to add).
fn view_of(spec: &RecoverySpec, guard: &Guard, memory: &Memory, now: i64) -> ExecutorView {
    let channels = spec
        .order
        .iter()
        .map(|name| {
            let v = guard.view(name, now);
            ChannelRecovery {
                name: name.clone(),
                state: v.state,
                actions: spec.listed_for(name),
                failures: v.failures,
                running: None,
                next_allowed_ms: v.next_allowed_ms,
                escalated_since_ms: v.escalated_since_ms,
            }
        })
        .collect();
    ExecutorView {
        auto: spec.settings.auto,
        dry_run: spec.dry_run,
        read_only: None,
        passive: None,
        channels,
        recent: memory.recent.clone(),
        success_rate: memory.stats.success_rate(),
        mttr_s: memory.stats.mttr_s(),
        lock_held: false,
        maintenance: windows_now(&spec.order, &spec.maintenance, now),
        attempts: memory
            .attempts
            .iter()
            .map(|((c, r), n)| (c.clone(), *r, *n))
            .collect(),
        last_success_ms: memory
            .last_success_ms
            .iter()
            .map(|(c, at)| (c.clone(), *at))
            .collect(),
        audit_path: None,
        problem: None,
    }
}

/// The channels in a window at `now`, and when each window ends.
fn windows_now(
    order: &[String],
    windows: &[crate::domain::notice::Maintenance],
    now: i64,
) -> Vec<(String, i64)> {
    order
        .iter()
        .filter_map(|n| in_maintenance(windows, n, now).map(|m| (n.clone(), m.end_ms)))
        .collect()
}

/// What a one-shot process (`--snapshot --config`) can say about recovery without taking
/// the lock: the configured mode and what the audit log remembers (escalations,
/// cooldowns, recent records, success rate).
pub(super) fn peek(spec: &RecoverySpec, now: i64) -> ExecutorView {
    let path = spec.state_dir.as_ref().map(|d| d.join(AUDIT));
    let memory = path
        .as_deref()
        .and_then(|p| Memory::load(p).ok())
        .unwrap_or_default();
    let mut guard = Guard::new(spec.settings.guard);
    for (name, m) in &memory.channels {
        guard.restore(name, m.failures, m.last_start_ms, m.escalated_since_ms);
    }
    let mut windows = spec.maintenance.clone();
    if let Some(dir) = &spec.state_dir {
        windows.extend(super::silence::load(dir, now));
    }
    ExecutorView {
        audit_path: path.map(|p| p.display().to_string()),
        maintenance: windows_now(&spec.order, &windows, now),
        ..view_of(spec, &guard, &memory, now)
    }
}

fn publish(tx: &watch::Sender<Arc<ExecutorView>>, view: ExecutorView) {
    tx.send_if_modified(|cur| {
        if **cur == view {
            return false;
        }
        *cur = Arc::new(view);
        true
    });
}

/// What `open_state` found: the lock and the audit log when this instance acts, else
/// why it only watches.
struct Opened {
    lock: Option<StateLock>,
    log: Option<AuditLog>,
    memory: Memory,
    passive: Option<(Passive, String)>,
    audit_path: Option<String>,
}

/// The lock, the audit log and its memory; or why this instance only watches.
fn open_state(spec: &RecoverySpec) -> Opened {
    let mut o = Opened {
        lock: None,
        log: None,
        memory: Memory::default(),
        passive: None,
        audit_path: None,
    };
    let Some(dir) = &spec.state_dir else {
        let why = "no state dir (set XDG_STATE_HOME or --state-dir)".to_string();
        o.passive = Some((Passive::NoStateDir, why));
        return o;
    };
    let path = dir.join(AUDIT);
    o.audit_path = Some(path.display().to_string());
    let io = crate::base::input::io_reason;
    if let Err(why) = prepare_dir(dir) {
        o.passive = Some((Passive::CannotWrite, why));
        return o;
    }
    o.memory = Memory::load(&path).unwrap_or_default();
    if spec.standby {
        let why = "standby (--standby): follows, never acts".to_string();
        o.passive = Some((Passive::Standby, why));
        return o;
    }
    match StateLock::acquire(dir) {
        Ok(l) => o.lock = Some(l),
        Err(e) => {
            let kind = match e {
                LockError::Held(pid) => Passive::LockHeld(pid),
                LockError::Io(_) => Passive::CannotWrite,
            };
            o.passive = Some((kind, e.to_string()));
            return o;
        }
    }
    match AuditLog::open(&path, spec.settings.audit_max_bytes) {
        Ok(log) => o.log = Some(log),
        Err(e) => {
            let why = format!("cannot open {}: {}", path.display(), io(&e));
            o.passive = Some((Passive::CannotWrite, why));
        }
    }
    o
}

/// What an attempt task shares with the controller.
struct JobEnv {
    rec: Arc<Mutex<Recorder>>,
    tx: mpsc::UnboundedSender<Progress>,
    clock: Clock,
    dry_run: bool,
    /// Set when the process is stopping: no further action starts, and one that had to
    /// be cut off is recorded as aborted.
    stopping: Arc<AtomicBool>,
}

async fn run_job(job: Job, ctx: ActionContext, env: JobEnv) {
    let JobEnv {
        rec,
        tx,
        clock,
        dry_run,
        stopping,
    } = env;
    let mut ok = !job.actions.is_empty();
    let mut not_run = false;
    for def in &job.actions {
        if stopping.load(Ordering::SeqCst) {
            ok = false;
            break;
        }
        let start = json!({"channel": job.channel, "action": def.name, "attempt": job.attempt,
                           "run": job.run, "kind": def.kind.kind(), "target": target(def),
                           "escalation": job.escalation.then_some(true)});
        let at_ms = clock.now_ms();
        if !lock(&rec).record(at_ms, "action_start", strip_nulls(start)) {
            (ok, not_run) = (false, true);
            break;
        }
        let _ = tx.send(Progress::Started {
            channel: job.channel.clone(),
            action: def.name.clone(),
            at_ms,
        });
        let out = if dry_run {
            ActionOutcome {
                ok: true,
                output: "dry run: not executed".into(),
                ..ActionOutcome::default()
            }
        } else {
            action::run(def, &ctx).await
        };
        let end = json!({"channel": job.channel, "action": def.name, "attempt": job.attempt,
                         "run": job.run, "ok": out.ok, "exit_code": out.exit_code,
                         "status": out.status, "duration_ms": out.duration_ms,
                         "timed_out": out.timed_out, "error": out.error, "output": out.output,
                         "escalation": job.escalation.then_some(true),
                         "daemon_fault": out.fault.is_some().then_some(true),
                         "aborted": (out.timed_out && stopping.load(Ordering::SeqCst)).then_some(true)});
        lock(&rec).record_done(clock.now_ms(), "action_end", strip_nulls(end));
        let _ = tx.send(Progress::Ended {
            channel: job.channel.clone(),
        });
        if let Some(kind) = out.fault {
            crate::base::fault::note(
                kind,
                out.error.as_deref().unwrap_or_default(),
                clock.now_ms(),
            );
            (ok, not_run) = (false, true);
            break;
        }
        if !out.ok {
            ok = false;
            break;
        }
    }
    let _ = tx.send(Progress::Done {
        channel: job.channel,
        ok,
        escalation: job.escalation,
        not_run,
    });
}

fn strip_nulls(v: Value) -> Map<String, Value> {
    fields(v)
        .into_iter()
        .filter(|(_, v)| !v.is_null())
        .collect()
}

/// What an action acts on, safe to record: a command's argv, a webhook's host only.
fn target(def: &ActionConfig) -> Value {
    match &def.kind {
        ActionKind::Command { argv } => json!(argv),
        ActionKind::Webhook { url, .. } => json!(action::webhook_target(url)),
        ActionKind::SimulatedRestart => json!("simulated"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_channel_name_cannot_forge_log_fields() {
        let o = fields(json!({"ts": "t", "event": "action_end",
                              "channel": "A ok=true exit_code=0", "ok": false}));
        assert_eq!(
            log_line(&o),
            "t action_end \"A ok=true exit_code=0\" ok=false"
        );
    }
}
