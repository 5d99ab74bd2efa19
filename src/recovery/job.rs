//! One attempt's actions, run in order in a task of their own, each recorded before it
//! starts and after it ends; the task reports its progress back to the controller.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use tokio::sync::mpsc;

use super::action::{self, ActionContext, ActionOutcome};
use super::recorder::{lock, Recorder};
use crate::base::clock::Clock;
use crate::config::{ActionConfig, ActionKind};
use crate::domain::audit::{ActionEnd, ActionStart, AuditEvent, Target};

/// Reports from attempt tasks.
pub(super) enum Progress {
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
pub(super) struct Job {
    pub(super) channel: String,
    pub(super) attempt: u32,
    pub(super) reason: String,
    pub(super) run: String,
    pub(super) actions: Vec<ActionConfig>,
    pub(super) escalation: bool,
}

/// What an attempt task shares with the controller.
pub(super) struct JobEnv {
    pub(super) rec: Arc<Mutex<Recorder>>,
    pub(super) tx: mpsc::UnboundedSender<Progress>,
    pub(super) clock: Clock,
    pub(super) dry_run: bool,
    /// Set when the process is stopping: no further action starts, and one that had to
    /// be cut off is recorded as aborted.
    pub(super) stopping: Arc<AtomicBool>,
}

pub(super) async fn run_job(job: Job, ctx: ActionContext, env: JobEnv) {
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
        let start = AuditEvent::ActionStart(ActionStart {
            channel: job.channel.clone(),
            action: def.name.clone(),
            attempt: job.attempt,
            run: job.run.clone(),
            kind: def.kind.kind().to_string(),
            target: target(def),
            escalation: job.escalation.then_some(true),
        });
        let at_ms = clock.now_ms();
        if !lock(&rec).record(at_ms, start) {
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
        let end = ActionEnd {
            channel: job.channel.clone(),
            action: def.name.clone(),
            attempt: job.attempt,
            run: job.run.clone(),
            ok: out.ok,
            exit_code: out.exit_code.map(i64::from),
            status: out.status,
            duration_ms: out.duration_ms,
            timed_out: out.timed_out,
            error: out.error.clone(),
            output: out.output.clone(),
            escalation: job.escalation.then_some(true),
            daemon_fault: out.fault.is_some().then_some(true),
            aborted: (out.timed_out && stopping.load(Ordering::SeqCst)).then_some(true),
        };
        lock(&rec).record_done(clock.now_ms(), AuditEvent::ActionEnd(end));
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

/// What an action acts on, safe to record: a command's argv, a webhook's host only.
fn target(def: &ActionConfig) -> Target {
    match &def.kind {
        ActionKind::Command { argv } => Target::Argv(argv.clone()),
        ActionKind::Webhook { url, .. } => Target::Host(action::webhook_target(url)),
        ActionKind::SimulatedRestart => Target::Host("simulated".into()),
    }
}
