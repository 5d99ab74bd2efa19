//! Starting and stopping a live run: the poller's and the executor's settings from a
//! config and the command line (and what in the config will fail at run time), the
//! poller, the recovery executor beside it on the same clock and the notifier when there
//! are `[[notify]]` targets, and the signals that end the run. The executor reads the
//! poller's snapshots and asks it to probe again; the poller attaches the executor's view
//! to every snapshot; neither knows how the other was started.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tokio::sync::mpsc;

use crate::base::clock::Clock;
use crate::cli::Cli;
use crate::config::{self, Config};
use crate::http_call::http_client;
use crate::poller::{self, PollerHandle, PollerSpec};
use crate::recovery::{self, RecoveryHandle, RecoverySpec, Wiring};
use crate::route_apply::RouteHandle;

/// A poller, the executor beside it, and the route-apply runner when there are route
/// targets.
pub struct Running {
    pub poller: PollerHandle,
    pub recovery: RecoveryHandle,
    pub routes: Option<RouteHandle>,
    /// The poller's evaluation with the executor's view attached: what views show.
    pub snapshots: tokio::sync::watch::Receiver<Arc<crate::snapshot::Snapshot>>,
    /// The audit log's writer when this instance writes it (orders over HTTP are
    /// recorded there before they are carried out).
    pub(crate) audit: Option<recovery::AuditWriter>,
}

impl Running {
    /// Stops the route-apply runner (a write in progress finishes) and the executor
    /// (running actions finish).
    pub async fn shutdown(self) {
        stop(self.recovery, self.routes).await;
    }
}

/// Stops the route-apply runner, then the executor, each letting its work in progress end.
pub async fn stop(recovery: RecoveryHandle, routes: Option<RouteHandle>) {
    if let Some(r) = routes {
        r.shutdown().await;
    }
    recovery.shutdown().await;
}

/// Starts the executor and the poller on one clock.
pub fn launch(mut poller_spec: PollerSpec, spec: RecoverySpec) -> Running {
    // Probes on threads of their own; without them, on this runtime (slower, still right).
    match poller::probe_runtime() {
        Ok(rt) => poller_spec.probe_runtime = Some(rt),
        Err(e) => tracing::warn!("{e}; probing on the main thread"),
    }
    launch_on(poller_spec, spec, Clock::new())
}

/// `launch` on a given clock (tests start it at a fixed time).
pub fn launch_on(poller_spec: PollerSpec, mut spec: RecoverySpec, clock: Clock) -> Running {
    let records = (!spec.notify.is_empty()).then(|| {
        let (tx, rx) = mpsc::unbounded_channel();
        spec.notices = Some(tx);
        rx
    });
    let notify = crate::notify::NotifySpec {
        targets: spec.notify.clone(),
        maintenance: spec.maintenance.clone(),
        client: spec.client.clone(),
        log: spec.log.clone(),
    };
    let routes = (!spec.routes.targets.is_empty())
        .then(|| (spec.routes.clone(), spec.client.clone(), spec.log.clone()));
    let executor = recovery::Opened::open(spec, clock);
    let audit = executor.audit_writer();
    let routes = routes.map(|(r, client, log)| {
        let (audit, read_only) = (executor.audit_writer(), executor.read_only());
        crate::route_apply::prepare(r, client, clock, audit, read_only, log)
    });
    // The executor's view is joined to the evaluation by `combine`, not by the poller,
    // so an executor change never re-runs the evaluation; the route view changes rarely
    // and rides with it.
    let attached = poller::Attached {
        executor: None,
        routes: routes.as_ref().map(|r| r.view.clone()),
    };
    let poller = poller::spawn_attached(poller_spec, clock, attached);
    let commands = poller.commands.clone();
    let policy_commands = poller.commands.clone();
    let wiring = Wiring {
        snapshots: poller.snapshots.clone(),
        probe_now: Arc::new(move |channel| {
            let _ = commands.try_send(poller::PollerCommand::ProbeNow(channel));
        }),
        set_policy: Arc::new(move |name, by| {
            let _ = policy_commands.try_send(poller::PollerCommand::SetPolicy { name, by });
        }),
    };
    let snapshots = recovery::combine::spawn(poller.snapshots.clone(), executor.view());
    let recovery = executor.spawn(wiring);
    let routes = routes.map(|r| r.start(poller.snapshots.clone()));
    if let Some(records) = records {
        crate::notify::spawn(notify, snapshots.clone(), records);
    }
    Running {
        poller,
        recovery,
        routes,
        snapshots,
        audit,
    }
}

/// The poller's settings for a config and the command line.
pub(super) fn spec(cfg: &Config, cli: &Cli) -> Result<PollerSpec, String> {
    let client = http_client()?;
    let mut spec = PollerSpec::from_config(cfg, &client);
    spec.settings.policy.mode = super::routing_mode(cli);
    Ok(spec)
}

/// The executor's settings for a config and the command line.
pub(super) fn recovery_spec(
    cfg: &Config,
    spec: &PollerSpec,
    cli: &Cli,
) -> Result<RecoverySpec, String> {
    // The poller's client: one set of CA certificates read per process.
    let state_dir = cli
        .state_dir
        .clone()
        .or_else(crate::base::state_dir::default_dir);
    let mut r = RecoverySpec::from_config(
        cfg,
        spec.sims.clone(),
        spec.client.clone(),
        state_dir,
        cli.dry_run,
    );
    r.standby = cli.standby;
    Ok(r)
}

/// Problems a config has that it still loads with, said at once rather than discovered
/// later as a mysterious OFFLINE or a failed action at incident time: an `api_key_env`
/// that is not set, an action whose executable is missing.
pub(super) fn config_warnings(cfg: &Config) -> Vec<String> {
    let keys = cfg.channels.iter().filter_map(|c| {
        let var = c.api_key_env.as_deref()?;
        config::api_key(var).err().map(|why| {
            format!(
                "channel {}: api_key_env: {why}; its probes fail until it is set",
                c.name
            )
        })
    });
    let actions = cfg.action_defs.iter().filter_map(|a| match &a.kind {
        crate::config::ActionKind::Command { argv } => {
            let why = executable(argv.first()?).err()?;
            Some(format!("action {}: {why}; it fails if it runs", a.name))
        }
        _ => None,
    });
    keys.chain(actions).collect()
}

/// Where `program` would be run from: itself when it names a path, else the first
/// executable file of that name on `PATH`.
pub(super) fn executable(program: &str) -> Result<PathBuf, String> {
    if program.contains('/') {
        let p = PathBuf::from(program);
        return if is_executable(&p) {
            Ok(p)
        } else if p.exists() {
            Err(format!("{program} is not an executable file"))
        } else {
            Err(format!("{program} does not exist"))
        };
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|d| d.join(program))
        .find(|p| is_executable(p))
        .ok_or_else(|| format!("{program} is not found on PATH"))
}

fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// Resolves on Ctrl-C, SIGTERM, SIGHUP or SIGQUIT.
pub(super) async fn shutdown_signal() {
    until_signal(true).await;
}

/// Resolves on Ctrl-C, SIGTERM or SIGQUIT: a daemon takes SIGHUP as "reload".
pub(super) async fn stop_signal() {
    until_signal(false).await;
}

async fn until_signal(hangup: bool) {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        // Every signal that terminates by default ends the run the same orderly way, so
        // the console's terminal is restored: SIGHUP (the terminal closed, ssh dropped)
        // and SIGQUIT used to leave the alternate screen, mouse reports and a hidden
        // cursor behind.
        let mut kinds = vec![SignalKind::terminate(), SignalKind::quit()];
        if hangup {
            kinds.push(SignalKind::hangup());
        }
        let mut streams: Vec<_> = kinds.into_iter().filter_map(|k| signal(k).ok()).collect();
        if streams.is_empty() {
            let _ = ctrl_c.await;
            return;
        }
        // select_all needs at least one future: checked just above.
        let any = futures_util::future::select_all(
            streams
                .iter_mut()
                .map(|s| Box::pin(async move { s.recv().await })),
        );
        tokio::select! {
            _ = ctrl_c => {}
            _ = any => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = hangup;
        let _ = ctrl_c.await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn executables_are_found_on_path_or_by_path() {
        assert!(executable("sh").is_ok());
        assert_eq!(
            executable("no-such-program-here").unwrap_err(),
            "no-such-program-here is not found on PATH"
        );
        assert_eq!(
            executable("/no/such/script.sh").unwrap_err(),
            "/no/such/script.sh does not exist"
        );
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("plain.sh");
        std::fs::write(&plain, "#!/bin/sh\n").unwrap();
        let shown = plain.display().to_string();
        assert_eq!(
            executable(&shown).unwrap_err(),
            format!("{shown} is not an executable file")
        );
    }
}
