//! Starting a live run: the poller, the recovery executor beside it on the same clock,
//! and the notifier when there are `[[notify]]` targets. The executor reads the poller's
//! snapshots and asks it to probe again; the poller attaches the executor's view to
//! every snapshot; neither knows how the other was started.

use std::sync::Arc;

use tokio::sync::mpsc;

use crate::base::clock::Clock;
use crate::poller::{self, PollerHandle, PollerSpec};
use crate::recovery::{self, RecoveryHandle, RecoverySpec, Wiring};

/// A poller and the executor beside it.
pub struct Running {
    pub poller: PollerHandle,
    pub recovery: RecoveryHandle,
}

/// Starts the executor and the poller on one clock.
pub fn launch(poller_spec: PollerSpec, spec: RecoverySpec) -> Running {
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
    let executor = recovery::Opened::open(spec, clock);
    let poller = poller::spawn_with(poller_spec, clock, Some(executor.view()));
    let commands = poller.commands.clone();
    let wiring = Wiring {
        snapshots: poller.snapshots.clone(),
        probe_now: Arc::new(move |channel| {
            let _ = commands.try_send(poller::Command::ProbeNow(channel));
        }),
    };
    let recovery = executor.spawn(wiring);
    if let Some(records) = records {
        crate::notify::spawn(notify, poller.snapshots.clone(), records);
    }
    Running { poller, recovery }
}
