//! The route-apply runner: a task beside the recovery executor that reads the same
//! published snapshots, asks `domain::route_apply::due` for each target and, as
//! `[routing] apply` says, leaves it (`off`), asks for it (`confirm`) or writes it
//! (`auto`). Every read and write runs in a task of its own, so a slow gateway never
//! holds up this loop, another target or the poller; every step is recorded in the
//! recovery audit log before the next one, and only the instance holding the recovery
//! lock writes.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, oneshot, watch};
use tokio::task::JoinSet;

use super::{Adapter, ApplyError, Outcome};
use crate::base::clock::Clock;
use crate::base::state_dir::LogSink;
use crate::config::ApplyMode;
pub use crate::config::RouteSpec;
use crate::domain::audit::{AuditEvent, RouteApply, RoutePending, RouteRollback, RouteVerify};
use crate::domain::route_apply::{due, order, ApplyRules, Due, TargetState};
pub use crate::domain::route_apply::{RouteView, TargetView};
use crate::domain::ChannelEval;
use crate::recovery::{AuditWriter, By};
use crate::snapshot::Snapshot;

/// What an "apply routing" started, per target: `Ok` what started, `Err` why nothing did.
pub type ApplyReply = Vec<(String, Result<String, String>)>;

/// Requests from the console and ChatOps.
#[derive(Debug)]
pub enum RouteCommand {
    /// Apply what is due now on every target (`confirm`: what the operator confirms).
    /// The reply has one line per target: `Ok` what started, `Err` why nothing did.
    Apply {
        by: By,
        reply: Option<oneshot::Sender<ApplyReply>>,
    },
    /// Let a write in progress finish, then stop.
    Shutdown,
}

/// A running runner.
pub struct RouteHandle {
    pub view: watch::Receiver<Arc<RouteView>>,
    pub commands: mpsc::Sender<RouteCommand>,
    task: tokio::task::JoinHandle<()>,
}

impl RouteHandle {
    /// Asks the runner to stop and waits for a write in progress to finish (each is
    /// bounded by the adapters' timeouts and `verify_timeout`).
    pub async fn shutdown(self) {
        let _ = self.commands.send(RouteCommand::Shutdown).await;
        let _ = self.task.await;
    }
}

/// A read or a write that ended.
enum Done {
    Read {
        i: usize,
        result: Result<Vec<String>, ApplyError>,
        unmapped: Vec<(String, Option<u32>)>,
    },
    Applied {
        i: usize,
        order: Vec<String>,
        outcome: Outcome,
    },
}

struct Slot {
    adapter: Arc<Adapter>,
    /// The channels it orders, in config order.
    mapped: Vec<String>,
    state: TargetState,
    known: bool,
    busy: bool,
    read_at_ms: i64,
    first_read: bool,
    view: TargetView,
}

struct Runner {
    spec: RouteSpec,
    slots: Vec<Slot>,
    rules: ApplyRules,
    clock: Clock,
    audit: Option<AuditWriter>,
    read_only: Option<String>,
    log: Option<LogSink>,
    snap: Option<Arc<Snapshot>>,
    /// Reads in flight: dropped at shutdown.
    reads: JoinSet<Done>,
    /// Writes in flight: waited for at shutdown.
    writes: JoinSet<Done>,
}

/// A runner ready to start once the poller it reads runs (the poller attaches its view
/// to every snapshot, so the view exists first).
pub(crate) struct Prepared {
    runner: Runner,
    view_tx: watch::Sender<Arc<RouteView>>,
    pub(crate) view: watch::Receiver<Arc<RouteView>>,
}

impl Prepared {
    pub(crate) fn start(self, snapshots: watch::Receiver<Arc<Snapshot>>) -> RouteHandle {
        let (tx, rx) = mpsc::channel(8);
        let task = tokio::spawn(self.runner.run(snapshots, rx, self.view_tx));
        RouteHandle {
            view: self.view,
            commands: tx,
            task,
        }
    }
}

/// The runner for `spec`; `audit` is the recovery audit writer when this instance acts
/// (`read_only` says why not otherwise).
pub(crate) fn prepare(
    spec: RouteSpec,
    client: reqwest::Client,
    clock: Clock,
    audit: Option<AuditWriter>,
    read_only: Option<String>,
    log: Option<LogSink>,
) -> Prepared {
    let now = clock.now_ms();
    let mut slots: Vec<Slot> = spec
        .targets
        .iter()
        .map(|t| {
            let adapter = Adapter::new(t.clone(), client.clone());
            let mut mapped = adapter.channels();
            if mapped.is_empty() {
                mapped = spec.channels.clone();
            }
            let readable = adapter.readable();
            Slot {
                view: TargetView {
                    name: t.name.clone(),
                    kind: adapter.kind(),
                    state: "unknown",
                    ..TargetView::default()
                },
                adapter: Arc::new(adapter),
                mapped,
                state: TargetState::default(),
                // What a webhook was told is all there is to know of it.
                known: !readable,
                busy: false,
                read_at_ms: now,
                first_read: true,
            }
        })
        .collect();
    if let Some(a) = &audit {
        let log = a.routes();
        for s in &mut slots {
            if let Some(m) = log.get(&s.view.name) {
                super::remember(&mut s.state, &mut s.view, m);
            }
        }
    }
    let millis = |d: Duration| i64::try_from(d.as_millis()).unwrap_or(i64::MAX);
    let runner = Runner {
        rules: ApplyRules {
            min_interval_ms: millis(spec.settings.min_interval),
            window_ms: millis(spec.window),
            started_at_ms: now,
        },
        spec,
        slots,
        clock,
        audit,
        read_only,
        log,
        snap: None,
        reads: JoinSet::new(),
        writes: JoinSet::new(),
    };
    let (view_tx, view) = watch::channel(Arc::new(runner.view()));
    Prepared {
        runner,
        view_tx,
        view,
    }
}

impl Runner {
    async fn run(
        mut self,
        mut snapshots: watch::Receiver<Arc<Snapshot>>,
        mut commands: mpsc::Receiver<RouteCommand>,
        view_tx: watch::Sender<Arc<RouteView>>,
    ) {
        self.snap = Some(snapshots.borrow_and_update().clone());
        self.evaluate();
        loop {
            let wake = self.next_read();
            let timer = tokio::time::sleep_until(self.clock.instant_at(wake.unwrap_or(0)));
            tokio::select! {
                r = snapshots.changed() => match r {
                    Ok(()) => {
                        self.snap = Some(snapshots.borrow_and_update().clone());
                        self.evaluate();
                    }
                    Err(_) => break,
                },
                Some(done) = self.reads.join_next(), if !self.reads.is_empty() => {
                    if let Ok(done) = done {
                        self.finished(done);
                    }
                    self.evaluate();
                }
                Some(done) = self.writes.join_next(), if !self.writes.is_empty() => {
                    if let Ok(done) = done {
                        self.finished(done);
                    }
                    self.evaluate();
                }
                cmd = commands.recv() => match cmd {
                    Some(RouteCommand::Apply { by, reply }) => {
                        let r = self.apply_now(by);
                        if let Some(tx) = reply {
                            let _ = tx.send(r);
                        }
                    }
                    Some(RouteCommand::Shutdown) | None => break,
                },
                _ = timer, if wake.is_some() => self.evaluate(),
            }
            super::publish(&view_tx, self.view());
        }
        // A write in progress finishes (and is verified or rolled back) before we stop:
        // a proxy left half-written is worse than a slower exit. Reads are dropped.
        self.reads.abort_all();
        while let Some(done) = self.writes.join_next().await {
            if let Ok(done) = done {
                self.finished(done);
            }
        }
        super::publish(&view_tx, self.view());
    }

    fn view(&self) -> RouteView {
        RouteView {
            mode: self.spec.settings.mode.word(),
            dry_run: self.spec.dry_run,
            read_only: self.read_only.clone(),
            targets: self.slots.iter().map(|s| s.view.clone()).collect(),
        }
    }

    /// The earliest time a target is to be read again.
    fn next_read(&self) -> Option<i64> {
        self.slots
            .iter()
            .filter(|s| !s.busy && s.adapter.readable())
            .map(|s| s.read_at_ms)
            .min()
    }

    fn evaluate(&mut self) {
        let Some(snap) = self.snap.clone() else {
            return;
        };
        let evals: Vec<ChannelEval> = snap.channels.iter().map(|c| c.eval.clone()).collect();
        let now = self.clock.now_ms();
        for i in 0..self.slots.len() {
            if self.slots[i].busy {
                continue;
            }
            let s = &self.slots[i];
            if s.adapter.readable() && now >= s.read_at_ms {
                self.read(i);
                continue;
            }
            if !s.known {
                continue;
            }
            let wanted = order(&evals, &snap.routing, &s.mapped);
            match due(&self.rules, &s.state, &evals, &snap.routing, wanted, now) {
                Due::Wait(why) => self.waiting(i, why),
                Due::Change { order, reason } => self.change_due(i, order, reason, now),
            }
        }
    }

    fn waiting(&mut self, i: usize, why: String) {
        let v = &mut self.slots[i].view;
        let follows = why.starts_with("the target already follows");
        if follows {
            v.pending = None;
        }
        v.state = match (follows, v.state) {
            (true, _) => "follows",
            (false, "failed") => "failed",
            (false, _) if v.pending.is_some() => "pending",
            _ => "differs",
        };
        v.why = why;
    }

    fn change_due(&mut self, i: usize, order: Vec<String>, reason: String, now: i64) {
        match self.spec.settings.mode {
            ApplyMode::Off => {
                let v = &mut self.slots[i].view;
                v.state = "differs";
                v.why = format!("{reason}; apply = \"off\"");
            }
            ApplyMode::Confirm => {
                let fresh = self.slots[i].view.pending.as_ref() != Some(&order);
                if fresh && self.read_only.is_none() {
                    let ev = AuditEvent::RoutePending(RoutePending {
                        target: self.slots[i].view.name.clone(),
                        to: order.clone(),
                    });
                    self.record(now, ev);
                }
                let v = &mut self.slots[i].view;
                v.state = "pending";
                v.why = format!("{reason}; waiting for a confirmation");
                v.pending = Some(order);
            }
            ApplyMode::Auto => {
                let _ = self.start_apply(i, order, reason, "auto", now);
            }
        }
    }

    /// Records the change and starts writing it; `Err` says why nothing started.
    fn start_apply(
        &mut self,
        i: usize,
        order: Vec<String>,
        reason: String,
        by: &str,
        now: i64,
    ) -> Result<String, String> {
        if let Some(why) = &self.read_only {
            self.slots[i].view.state = "differs";
            self.slots[i].view.why = format!("{reason}; this instance does not write: {why}");
            return Err(format!("this instance does not write: {why}"));
        }
        let s = &self.slots[i];
        let ev = AuditEvent::RouteApply(RouteApply {
            target: s.view.name.clone(),
            kind: s.adapter.kind().to_string(),
            write: s.adapter.write_kind().to_string(),
            from: s.state.current.clone(),
            to: order.clone(),
            orders: order
                .iter()
                .enumerate()
                .map(|(n, c)| (c.clone(), n as u32 + 1))
                .collect(),
            reason: reason.clone(),
            by: by.to_string(),
            dry_run: self.spec.dry_run,
        });
        if !self.record(now, ev) {
            // Nothing is written without a record of it.
            return Err("the audit log cannot be written".into());
        }
        let s = &mut self.slots[i];
        s.view.pending = None;
        if self.spec.dry_run {
            // A rehearsal: as if applied, so it is said once, not at every snapshot.
            s.state.current = order.clone();
            s.state.last_change_ms = Some(now);
            s.view.state = "follows";
            s.view.why = "dry run: recorded, not written".into();
            return Ok(format!(
                "dry run: {} recorded, not written",
                order.join(", ")
            ));
        }
        s.busy = true;
        s.state.last_change_ms = Some(now);
        s.view.state = "applying";
        s.view.why = reason;
        let (adapter, previous) = (s.adapter.clone(), s.state.current.clone());
        let limit = self.spec.settings.verify_timeout;
        let text = format!("applying {}", order.join(", "));
        self.writes.spawn(async move {
            let outcome = adapter.apply(&order, &previous, limit).await;
            Done::Applied { i, order, outcome }
        });
        Ok(text)
    }

    fn read(&mut self, i: usize) {
        let s = &mut self.slots[i];
        s.busy = true;
        let (adapter, first) = (s.adapter.clone(), s.first_read);
        let hint = s.mapped.clone();
        let wanted = self.wanted(i).unwrap_or(hint);
        self.reads.spawn(async move {
            let result = adapter.read(&wanted).await;
            let unmapped = if first && result.is_ok() {
                adapter.unmapped().await.unwrap_or_default()
            } else {
                Vec::new()
            };
            Done::Read {
                i,
                result,
                unmapped,
            }
        });
    }

    /// The order the target should have now (a templated file can only be recognised
    /// as this order rendered).
    fn wanted(&self, i: usize) -> Option<Vec<String>> {
        let snap = self.snap.as_ref()?;
        let evals: Vec<ChannelEval> = snap.channels.iter().map(|c| c.eval.clone()).collect();
        Some(order(&evals, &snap.routing, &self.slots[i].mapped))
    }

    fn finished(&mut self, done: Done) {
        let now = self.clock.now_ms();
        match done {
            Done::Read {
                i,
                result,
                unmapped,
            } => self.read_back(i, result, unmapped, now),
            Done::Applied { i, order, outcome } => self.applied(i, order, outcome, now),
        }
    }

    fn read_back(
        &mut self,
        i: usize,
        result: Result<Vec<String>, ApplyError>,
        unmapped: Vec<(String, Option<u32>)>,
        now: i64,
    ) {
        let min = self.rules.min_interval_ms;
        let s = &mut self.slots[i];
        s.busy = false;
        s.read_at_ms = now.saturating_add(min);
        match result {
            Ok(current) => {
                if s.first_read {
                    s.first_read = false;
                    let name = s.view.name.clone();
                    for (id, o) in unmapped {
                        let o = o.map_or("unset".to_string(), |o| o.to_string());
                        self.say(&format!(
                            "warning: route target {name}: deployment {id} (order {o}) of its \
                             model group is not mapped and never touched; a lower order there \
                             takes the traffic"
                        ));
                    }
                }
                let s = &mut self.slots[i];
                s.known = true;
                s.state.current = current.clone();
                s.view.order = current;
                if s.view.state == "unknown" {
                    s.view.state = "differs";
                }
            }
            Err(e) => {
                s.view.last_error = Some(e.0.clone());
                let name = s.view.name.clone();
                self.say(&format!("route target {name}: cannot read it: {e}"));
            }
        }
    }

    fn applied(&mut self, i: usize, order: Vec<String>, o: Outcome, now: i64) {
        let target = self.slots[i].view.name.clone();
        let error = o.result.as_ref().err().map(|e| e.0.clone());
        self.record_done(
            now,
            AuditEvent::RouteVerify(RouteVerify {
                target: target.clone(),
                ok: o.result.is_ok(),
                ms: o.verify_ms,
                observed: o.observed.clone(),
                error: error.clone(),
            }),
        );
        if let Some(r) = &o.rollback {
            self.record_done(
                now,
                AuditEvent::RouteRollback(RouteRollback {
                    target,
                    ok: r.is_ok(),
                    error: r.as_ref().err().map(|e| e.0.clone()),
                }),
            );
        }
        let s = &mut self.slots[i];
        s.busy = false;
        // Read back at once: what the target holds now decides the next change.
        s.read_at_ms = now;
        let v = &mut s.view;
        v.last_change_ms = s.state.last_change_ms;
        v.verified = o.result.is_ok();
        match error {
            None => {
                v.applied += 1;
                v.state = "follows";
                v.last_error = None;
                s.state.current = order;
                v.order = s.state.current.clone();
            }
            Some(e) => {
                v.failed += 1;
                v.state = "failed";
                let rolled = match &o.rollback {
                    Some(Ok(())) => "; rolled back".to_string(),
                    Some(Err(r)) => format!("; ROLLBACK FAILED: {r}"),
                    None => String::new(),
                };
                v.last_error = Some(format!("{e}{rolled}"));
                s.state.last_failure_ms = Some(now);
            }
        }
        if o.rollback.is_some() {
            v.rollbacks += 1;
        }
    }

    /// An operator's "apply routing": what is due on each target starts now.
    fn apply_now(&mut self, by: By) -> ApplyReply {
        let mut out = Vec::new();
        let Some(snap) = self.snap.clone() else {
            return vec![("*".into(), Err("no data yet".into()))];
        };
        if self.spec.settings.mode == ApplyMode::Off {
            return vec![(
                "*".into(),
                Err("[routing] apply = \"off\": routes are never written".into()),
            )];
        }
        let evals: Vec<ChannelEval> = snap.channels.iter().map(|c| c.eval.clone()).collect();
        let now = self.clock.now_ms();
        // An operator who confirms has seen the data: the first window is theirs to judge.
        // `min_interval` still holds.
        let rules = ApplyRules {
            window_ms: 0,
            ..self.rules
        };
        for i in 0..self.slots.len() {
            let name = self.slots[i].view.name.clone();
            let s = &self.slots[i];
            if s.busy || !s.known {
                let why = if s.busy { "busy" } else { "not read yet" };
                out.push((name, Err(why.to_string())));
                continue;
            }
            let wanted = order(&evals, &snap.routing, &s.mapped);
            let r = match due(&rules, &s.state, &evals, &snap.routing, wanted, now) {
                Due::Wait(why) => Err(why),
                Due::Change { order, reason } => self.start_apply(i, order, reason, by, now),
            };
            out.push((name, r));
        }
        out
    }

    fn record(&self, at_ms: i64, ev: AuditEvent) -> bool {
        match &self.audit {
            Some(a) => a.record(at_ms, ev),
            None => false,
        }
    }

    fn record_done(&self, at_ms: i64, ev: AuditEvent) {
        if let Some(a) = &self.audit {
            a.record_done(at_ms, ev);
        }
    }

    fn say(&self, line: &str) {
        tracing::warn!("{line}");
        if let Some(sink) = &self.log {
            sink(line);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(targets: Vec<TargetView>) -> RouteView {
        RouteView {
            mode: "auto",
            targets,
            ..RouteView::default()
        }
    }

    fn t(name: &str, state: &'static str) -> TargetView {
        TargetView {
            name: name.into(),
            state,
            ..TargetView::default()
        }
    }

    #[test]
    fn the_console_line_says_the_latest_change_or_what_is_wrong() {
        let clock = |at: i64| format!("t{at}");
        let mut a = t("proxy", "follows");
        a.last_change_ms = Some(20);
        a.verified = true;
        let mut b = t("gw-file", "follows");
        b.last_change_ms = Some(10);
        assert_eq!(
            view(vec![b.clone(), a.clone()]).summary(clock),
            ("applied to proxy t20 (verified)".to_string(), false)
        );
        b.last_change_ms = Some(30);
        assert_eq!(
            view(vec![b.clone(), a.clone()]).summary(clock).0,
            "applied to gw-file t30 (not verified)"
        );
        let mut f = t("proxy", "failed");
        f.last_error = Some("reload sh: exit status: 3; rolled back".into());
        assert_eq!(
            view(vec![b.clone(), f]).summary(clock),
            (
                "proxy: reload sh: exit status: 3; rolled back".to_string(),
                true
            )
        );
        let mut p = t("proxy", "pending");
        p.pending = Some(vec!["Local".into(), "Cloud".into()]);
        assert!(view(vec![p])
            .summary(clock)
            .0
            .contains("Local, Cloud pending"));
        assert_eq!(
            view(vec![t("proxy", "differs")]).summary(clock).0,
            "apply auto: proxy differs"
        );
    }
}
