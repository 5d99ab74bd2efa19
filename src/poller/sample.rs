//! Probe rounds without the background poller, for one-shot evaluations (`--snapshot`
//! and `--check` with a config).

use std::sync::Arc;

use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use super::PollerSpec;
use crate::base::clock::Clock;
use crate::monitor::Monitor;
use crate::snapshot::Snapshot;
use crate::source::{probe, prom_fleet};

use super::fleet_of;

/// `n` probe rounds without a background task (for `--snapshot` with a config):
/// rounds are labelled one interval apart, ending now.
pub async fn sample_rounds(spec: PollerSpec, rounds: u32) -> Snapshot {
    let clock = Clock::new();
    let interval_ms = spec.min_interval().as_millis() as i64;
    let mut settings = spec.settings.clone();
    // A one-shot evaluation sees only `rounds` probes: when every one of them failed,
    // the channel is down, even if that is fewer than `down_after` (a daemon, which
    // keeps probing, waits for `down_after`).
    settings.flap.down_after = settings.flap.down_after.min(rounds.max(1));
    let mut monitor = Monitor::new(
        settings,
        spec.channels.iter().map(|c| c.meta.clone()).collect(),
        spec.source.clone(),
    );
    let limit = Arc::new(Semaphore::new(spec.concurrency.max(1)));
    let rounds = rounds.max(1);
    let mut fleet = fleet_of(&spec);
    for r in 0..rounds {
        let at_ms = clock.now_ms() - interval_ms * i64::from(rounds - 1 - r);
        let reading = fleet.as_ref().map(|(cfg, _)| {
            let (cfg, client) = (cfg.clone(), spec.client.clone());
            tokio::spawn(async move { prom_fleet::read(&client, &cfg).await })
        });
        let mut set = JoinSet::new();
        for ch in &spec.channels {
            let (probe, timeout, limit) = (ch.probe.clone(), ch.timeout, limit.clone());
            let name = ch.meta.name.clone();
            set.spawn(async move {
                let _permit = limit.acquire_owned().await;
                (
                    name,
                    probe::run_bounded(probe.as_ref(), at_ms, timeout).await,
                )
            });
        }
        while let Some(Ok((name, o))) = set.join_next().await {
            if let Some(kind) = o.fault {
                crate::base::fault::note(kind, o.error.as_deref().unwrap_or_default(), at_ms);
                continue;
            }
            monitor.ingest(&o.into_observation(at_ms, name));
        }
        if let (Some((_, fleet)), Some(task)) = (fleet.as_mut(), reading) {
            let reading = task
                .await
                .unwrap_or_else(|e| Err(format!("the Prometheus reading failed: {e}")));
            fleet.apply(&mut monitor, reading, at_ms);
        }
    }
    monitor.snapshot(clock.now_ms(), None)
}
