//! What the executor shows and where it starts from: its view (guard, audit memory,
//! maintenance windows), the view a one-shot process peeks at without the lock, and the
//! lock and audit log an acting instance opens.

use std::sync::Arc;

use tokio::sync::watch;

use super::audit::{AuditLog, Memory};
use super::lock::{LockError, StateLock};
use super::RecoverySpec;
use crate::base::state_dir::prepare_dir;
use crate::domain::guard::Guard;
use crate::domain::notice::in_maintenance;
use crate::snapshot::{ChannelRecovery, ExecutorView, Passive};

/// The view of a guard and what the audit log says (running actions and problems are
/// the caller's to add).
pub(super) fn view_of(
    spec: &RecoverySpec,
    guard: &Guard,
    memory: &Memory,
    now: i64,
) -> ExecutorView {
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
pub(super) fn windows_now(
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
    let path = spec.state_dir.as_ref().map(|d| d.join("audit.jsonl"));
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

pub(super) fn publish(tx: &watch::Sender<Arc<ExecutorView>>, view: ExecutorView) {
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
pub(super) struct Opened {
    pub(super) lock: Option<StateLock>,
    pub(super) log: Option<AuditLog>,
    pub(super) memory: Memory,
    pub(super) passive: Option<(Passive, String)>,
    pub(super) audit_path: Option<String>,
}

/// The lock, the audit log and its memory; or why this instance only watches.
pub(super) fn open_state(spec: &RecoverySpec) -> Opened {
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
    let path = dir.join("audit.jsonl");
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
