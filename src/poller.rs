//! The background poller: probes every channel on its own interval, each at a phase of
//! its own so that probes are spread over the interval rather than released in bursts,
//! feeds the shared `Monitor`, and publishes an immutable `Arc<Snapshot>` on a watch
//! channel.
//! Commands (refresh, pause, resume, routing mode) come back over mpsc. A supervisor turns
//! a poller panic or exit into a visible `PollerState::Failed` instead of a frozen view.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, watch, Semaphore};
use tokio::time::Instant;

use crate::base::clock::Clock;
use crate::config::Config;
use crate::domain::RoutingMode;
use crate::monitor::{ChannelMeta, Monitor, MonitorSettings};
use crate::snapshot::{ExecutorView, LiveInfo, PollerState, Snapshot, SourceInfo};
use crate::source::probe::{self, Probe, ProbeOutcome};
use crate::source::prom_fleet;
use crate::source::simulated::SimState;
use rustc_hash::FxHashMap;

pub use crate::source::PollerCommand;

mod batch;
mod pacing;
mod sample;
mod schedule;
mod threads;
use batch::Batches;
use pacing::{MIN_GAP, PUBLISH_EVERY};
pub use sample::sample_rounds;
use schedule::Schedule;
pub use threads::probe_runtime;

/// One channel as the poller runs it.
pub struct PollChannel {
    pub meta: ChannelMeta,
    pub probe: Arc<dyn Probe>,
    pub interval: Duration,
    pub timeout: Duration,
}

pub struct PollerSpec {
    pub channels: Vec<PollChannel>,
    /// Simulated channels' state, which the demo's restart action changes.
    pub sims: FxHashMap<String, Arc<SimState>>,
    pub settings: MonitorSettings,
    pub concurrency: usize,
    pub source: SourceInfo,
    /// Latency points from history (per channel, oldest first) that the sparklines
    /// start with, so a restarted console shows the last hour at once.
    pub seed: FxHashMap<String, Vec<(i64, Option<f64>)>>,
    /// Results from history (per channel, oldest first: time, ok, latency) that the
    /// windows start with, so every instance on a state dir judges the same window.
    pub window_seed: FxHashMap<String, Vec<(i64, bool, Option<f64>)>>,
    /// The HTTP client the probes use, for the tasks beside the poller to share:
    /// building one reads the system's CA certificates.
    pub client: reqwest::Client,
    /// Where probes run: the daemon's own probe runtime ([`probe_runtime`]), or `None`
    /// for the poller's runtime (tests on a paused clock).
    pub probe_runtime: Option<tokio::runtime::Handle>,
    /// `[prometheus]`: channels discovered from Prometheus, read once per interval.
    pub fleet: Option<crate::config::PrometheusFleet>,
}

impl PollerSpec {
    /// Channels and probes from a validated config.
    pub fn from_config(cfg: &Config, client: &reqwest::Client) -> PollerSpec {
        let mut sims = FxHashMap::default();
        let channels = cfg
            .channels
            .iter()
            .map(|c| {
                let (probe, sim) = crate::source::kinds::for_channel(c, client);
                if let Some(sim) = sim {
                    sims.insert(c.name.clone(), sim);
                }
                PollChannel {
                    meta: ChannelMeta {
                        name: c.name.clone(),
                        optional: c.optional,
                        region: c.region.clone(),
                        cost_per_1k_tokens: c.cost_per_1k_tokens,
                    },
                    probe,
                    interval: c.interval,
                    timeout: c.timeout,
                }
            })
            .collect();
        PollerSpec {
            channels,
            sims,
            settings: settings(cfg),
            concurrency: cfg.poll.concurrency,
            source: source_info(cfg),
            seed: FxHashMap::default(),
            window_seed: FxHashMap::default(),
            client: client.clone(),
            probe_runtime: None,
            fleet: cfg.prometheus.clone(),
        }
    }

    fn min_interval(&self) -> Duration {
        self.channels
            .iter()
            .map(|c| c.interval)
            .chain(self.fleet.as_ref().map(|f| f.interval))
            .min()
            .unwrap_or(Duration::from_secs(5))
    }
}

/// Evaluation settings of a config.
pub fn settings(cfg: &Config) -> MonitorSettings {
    MonitorSettings {
        policy: crate::domain::Policy {
            thresholds: cfg.thresholds.clone(),
            mode: RoutingMode::Monitoring,
            actions: recommended_actions(cfg),
            route: cfg.route.clone(),
            tasks: cfg.route_tasks.clone(),
            predictive: cfg.route_predictive,
        },
        window_ms: cfg.poll.window.as_millis() as i64,
        flap: cfg.poll.flap,
        keep_history: true,
        choices: cfg.route_choices.clone(),
        policy_set_by: None,
    }
}

/// The actions a snapshot recommends: with `[[action]]`s defined, the ones that can
/// run (bound to a channel, or listed in `[recovery] actions`), in config order, never
/// the seed's default names that this config does not define; without, the listed names
/// (recommendations for a person to carry out).
fn recommended_actions(cfg: &Config) -> Vec<String> {
    if cfg.action_defs.is_empty() {
        return cfg.actions.clone();
    }
    let used = |name: &str| {
        cfg.actions.iter().any(|a| a == name)
            || cfg
                .channels
                .iter()
                .any(|c| c.actions.iter().any(|a| a == name))
    };
    cfg.action_defs
        .iter()
        .filter(|a| used(&a.name))
        .map(|a| a.name.clone())
        .collect()
}

/// How snapshots of a config name their source.
pub fn source_info(cfg: &Config) -> SourceInfo {
    if cfg.is_demo() {
        SourceInfo {
            kind: "demo",
            path: None,
            skipped: None,
            error: None,
        }
    } else {
        SourceInfo {
            kind: "config",
            path: Some(cfg.origin.clone()),
            skipped: None,
            error: None,
        }
    }
}

/// A running poller: read snapshots, send commands.
pub struct PollerHandle {
    pub snapshots: watch::Receiver<Arc<Snapshot>>,
    pub commands: mpsc::Sender<PollerCommand>,
}

/// Starts the poller and its supervisor on the current tokio runtime.
pub fn spawn(spec: PollerSpec) -> PollerHandle {
    spawn_with(spec, Clock::new(), None)
}

/// `spawn`, on a given clock, attaching the executor's view to every snapshot and
/// republishing when it changes.
pub fn spawn_with(
    spec: PollerSpec,
    clock: Clock,
    executor: Option<watch::Receiver<Arc<ExecutorView>>>,
) -> PollerHandle {
    let attached = Attached {
        executor,
        routes: None,
    };
    spawn_attached(spec, clock, attached)
}

/// The views of the tasks beside the poller that every snapshot carries.
#[derive(Default)]
pub struct Attached {
    pub executor: Option<watch::Receiver<Arc<ExecutorView>>>,
    pub routes: Option<watch::Receiver<Arc<crate::domain::route_apply::RouteView>>>,
}

/// `spawn_with`, attaching the route-apply runner's view too.
pub fn spawn_attached(spec: PollerSpec, clock: Clock, attached: Attached) -> PollerHandle {
    let Attached { executor, routes } = attached;
    let mut monitor = Monitor::new(
        spec.settings.clone(),
        spec.channels.iter().map(|c| c.meta.clone()).collect(),
        spec.source.clone(),
    );
    for (name, points) in &spec.seed {
        monitor.preload(name, points);
    }
    for (name, results) in &spec.window_seed {
        monitor.preload_window(name, results);
    }
    let info = LiveInfo {
        poller: PollerState::Running,
        interval: spec.min_interval(),
        rounds: 0,
        at_ms: clock.now_ms(),
        faults: Vec::new(),
        clock,
    };
    let mut first = monitor.snapshot(clock.now_ms(), Some(info));
    first.executor = executor.as_ref().map(|e| e.borrow().clone());
    first.routes = routes.as_ref().map(|r| r.borrow().clone());
    let (tx, rx) = watch::channel(Arc::new(first));
    let tx = Arc::new(tx);
    let (cmd_tx, cmd_rx) = mpsc::channel(32);
    let mut poller = Poller::new(spec, monitor, clock, tx.clone());
    poller.executor = executor;
    poller.routes = routes;
    // Contained: a panic here becomes POLLER FAILED, never a terminal restore (contain.rs).
    let task = tokio::spawn(crate::base::contain::contained(poller.run(cmd_rx)));
    tokio::spawn(supervise(task, tx));
    PollerHandle {
        snapshots: rx,
        commands: cmd_tx,
    }
}

/// Waits for the poller; if it panicked or stopped on its own, marks the last snapshot failed.
async fn supervise(
    task: tokio::task::JoinHandle<Result<(), String>>,
    tx: Arc<watch::Sender<Arc<Snapshot>>>,
) {
    let reason = match task.await {
        Ok(Ok(())) => return, // asked to stop: every command sender is gone
        Ok(Err(e)) => e,
        Err(e) if e.is_panic() => format!("poller crashed: {}", panic_message(e.into_panic())),
        Err(_) => "poller was cancelled".to_string(),
    };
    tracing::error!("{}", crate::base::sanitize::clean(&reason));
    tx.send_modify(|snap| {
        let mut failed = (**snap).clone();
        if let Some(live) = failed.live.as_mut() {
            live.poller = PollerState::Failed(reason.clone());
        }
        *snap = Arc::new(failed);
    });
}

fn panic_message(p: Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string())
}

/// Probes due within this of the first due one are launched with it, as one batch: a
/// poller with thousands of channels has a probe due every millisecond or two, and
/// waking for each (the poller, then a probe thread) cost more than the probes
/// themselves. Starting a little early costs a probe nothing: it is timed from its
/// request's first byte written to its answer's arrival as the kernel stamped it. Kept
/// short all the same: a slot's probes reach their targets together, and a target that
/// answers them one after another makes the last wait (10,000 channels every 5 s put
/// eight probes in a slot).
const LAUNCH_SLOT: Duration = Duration::from_millis(4);

struct Poller {
    channels: Vec<PollChannel>,
    monitor: Monitor,
    clock: Clock,
    tx: Arc<watch::Sender<Arc<Snapshot>>>,
    limit: Arc<Semaphore>,
    schedule: Schedule,
    in_flight: Batches,
    paused: bool,
    interval: Duration,
    dirty: bool,
    last_publish: Instant,
    /// CPU time the last snapshot took to build (`pacing`).
    publish_cost: Duration,
    executor: Option<watch::Receiver<Arc<ExecutorView>>>,
    routes: Option<watch::Receiver<Arc<crate::domain::route_apply::RouteView>>>,
    /// A channel changed state since the last publish: publish without waiting.
    urgent: bool,
    /// `[prometheus]`: the discovered fleet and its reading in flight.
    fleet: Option<prom_fleet::Runner>,
}

impl Poller {
    fn new(
        spec: PollerSpec,
        monitor: Monitor,
        clock: Clock,
        tx: Arc<watch::Sender<Arc<Snapshot>>>,
    ) -> Poller {
        let now = Instant::now();
        let schedule = Schedule::new(
            spec.channels
                .iter()
                .map(|c| (c.meta.name.as_str(), c.interval)),
        );
        let fleet =
            fleet_of(&spec).map(|(cfg, fleet)| prom_fleet::Runner::new(&cfg, &spec.client, fleet));
        Poller {
            fleet,
            interval: spec.min_interval(),
            channels: spec.channels,
            monitor,
            clock,
            tx,
            limit: Arc::new(Semaphore::new(spec.concurrency.max(1))),
            schedule,
            in_flight: Batches::new(spec.probe_runtime),
            paused: false,
            dirty: false,
            last_publish: now,
            publish_cost: Duration::ZERO,
            executor: None,
            routes: None,
            urgent: false,
        }
    }

    async fn run(mut self, mut commands: mpsc::Receiver<PollerCommand>) -> Result<(), String> {
        loop {
            let due = self.earliest_due();
            // Idle: publish a finished round promptly; busy: coalesce to a steady cadence.
            let gap = if self.in_flight.is_empty() {
                self.gap(MIN_GAP)
            } else {
                self.gap(PUBLISH_EVERY)
            };
            let publish_at = self.last_publish + gap;
            let urgent_at = self.urgent_at();
            let fleet_due = self
                .fleet
                .as_ref()
                .and_then(|f| f.due())
                .filter(|_| !self.paused);
            tokio::select! {
                _ = tokio::time::sleep_until(crate::base::wake::coalesce(fleet_due.unwrap_or(publish_at))), if fleet_due.is_some() => {
                    if let Some(f) = self.fleet.as_mut() {
                        f.launch(self.clock);
                    }
                }
                (at_ms, reading) = fleet_done(&mut self.fleet) => self.read_fleet(at_ms, reading),
                _ = tokio::time::sleep_until(crate::base::wake::coalesce_far(due.unwrap_or(publish_at))), if due.is_some() => self.launch_due(),
                done = self.in_flight.next() => {
                    for (i, at_ms, outcome) in done? {
                        self.record(i, at_ms, outcome);
                    }
                    let now = Instant::now();
                    let idle_due = self.in_flight.is_empty() && now >= self.last_publish + self.gap(MIN_GAP);
                    if (self.urgent && now >= self.urgent_at()) || idle_due {
                        self.publish();
                    }
                }
                _ = tokio::time::sleep_until(urgent_at), if self.urgent => self.publish(),
                _ = tokio::time::sleep_until(crate::base::wake::coalesce(publish_at)), if self.dirty => self.publish(),
                cmd = commands.recv() => match cmd {
                    Some(cmd) => self.command(cmd),
                    None => return Ok(()),
                },
                Some(()) = view_changed(&mut self.executor) => self.publish(),
                Some(()) = view_changed(&mut self.routes) => self.publish(),
            }
        }
    }

    fn earliest_due(&mut self) -> Option<Instant> {
        if self.paused {
            return None;
        }
        self.schedule.earliest()
    }

    /// Launches every probe that is due, and those due within [`LAUNCH_SLOT`], as one
    /// batch.
    fn launch_due(&mut self) {
        let by = Instant::now() + LAUNCH_SLOT;
        let mut batch = Vec::new();
        while let Some(i) = self.schedule.take_due(by) {
            batch.push(self.probe_task(i));
        }
        self.in_flight.launch(batch);
    }

    fn probe_task(&self, i: usize) -> batch::ProbeTask {
        let ch = &self.channels[i];
        let (probe, timeout, limit) = (ch.probe.clone(), ch.timeout, self.limit.clone());
        let clock = self.clock;
        Box::pin(async move {
            let _permit = limit.acquire_owned().await;
            let at_ms = clock.now_ms();
            (
                i,
                at_ms,
                probe::run_bounded(probe.as_ref(), at_ms, timeout).await,
            )
        })
    }

    fn record(&mut self, i: usize, at_ms: i64, o: ProbeOutcome) {
        self.schedule.done(i);
        if let Some(kind) = o.fault {
            // The daemon could not probe (no descriptor, no memory): nothing was learnt
            // about the channel, so nothing counts toward its `down_after`. The fault
            // shows in the snapshot instead.
            crate::base::fault::note(kind, o.error.as_deref().unwrap_or_default(), at_ms);
            self.dirty = true;
            return;
        }
        let was_down = self.monitor.is_down(i);
        self.monitor
            .ingest_at(i, &o.into_observation(at_ms, String::new()));
        if self.monitor.is_down(i) != was_down {
            // A channel went down or came back: routing and the executor hear of it now,
            // not after the next coalescing gap.
            self.urgent = true;
        }
        if self.monitor.confirming(i) {
            // HAProxy's `fastinter`: a channel between states is probed again soon, so
            // that an outage (or a return) is confirmed in a fraction of an interval
            // while anti-flap still needs the same number of results in a row.
            let soon = Instant::now() + fast_interval(self.channels[i].interval);
            if soon < self.schedule.next_due(i) {
                self.schedule.due_at(i, soon);
            }
        }
        self.dirty = true;
    }

    /// Feeds a fleet reading to the monitor; a reading is a whole round, published at once.
    fn read_fleet(&mut self, at_ms: i64, reading: Result<Vec<prom_fleet::Seen>, String>) {
        if let Some(f) = self.fleet.as_mut() {
            f.fleet.apply(&mut self.monitor, reading, at_ms);
        }
        self.dirty = true;
        if self.in_flight.is_empty() {
            self.schedule.rounds += 1;
            self.publish();
        }
    }

    fn command(&mut self, cmd: PollerCommand) {
        match cmd {
            PollerCommand::Refresh => self.read_all_now(),
            PollerCommand::Pause => self.paused = true,
            PollerCommand::Resume => {
                self.paused = false;
                self.read_all_now();
            }
            PollerCommand::SetMode(mode) => self.monitor.policy_mut().mode = mode,
            PollerCommand::SetPolicy { name, by } => {
                if let Err(e) = self.monitor.set_policy(&name, by) {
                    tracing::warn!("routing policy not switched: {e}");
                    return;
                }
            }
            PollerCommand::ProbeNow(name) => {
                if let Some(i) = self.channels.iter().position(|c| c.meta.name == name) {
                    self.schedule.due_at(i, Instant::now());
                } else if let Some(f) = self.fleet.as_mut().filter(|f| f.fleet.knows(&name)) {
                    f.now();
                }
                return;
            }
        }
        self.publish();
    }

    fn gap(&self, gap: Duration) -> Duration {
        pacing::gap(gap, self.publish_cost, self.interval)
    }

    /// When an urgent change may be published.
    fn urgent_at(&self) -> Instant {
        self.last_publish + pacing::urgent_after(self.publish_cost, self.interval)
    }

    fn read_all_now(&mut self) {
        self.schedule.all_due_soon();
        if let Some(f) = self.fleet.as_mut() {
            f.now();
        }
    }

    fn publish(&mut self) {
        let ((), cost) = crate::base::cpu::cost_of(|| self.build_and_send());
        self.dirty = false;
        self.urgent = false;
        self.last_publish = Instant::now();
        self.publish_cost = cost;
    }

    fn build_and_send(&mut self) {
        let now_ms = self.clock.now_ms();
        let info = LiveInfo {
            poller: if self.paused {
                PollerState::Paused
            } else {
                PollerState::Running
            },
            interval: self.interval,
            rounds: self.schedule.rounds,
            at_ms: now_ms,
            faults: crate::base::fault::global().active(now_ms),
            clock: self.clock,
        };
        let mut snap = self.monitor.snapshot(now_ms, Some(info));
        snap.executor = self
            .executor
            .as_mut()
            .map(|e| e.borrow_and_update().clone());
        snap.routes = self.routes.as_mut().map(|r| r.borrow_and_update().clone());
        self.tx.send_replace(Arc::new(snap));
    }
}

/// The fleet reading in flight, once done; never when there is none.
async fn fleet_done(fleet: &mut Option<prom_fleet::Runner>) -> prom_fleet::Reading {
    match fleet {
        Some(f) => f.done().await,
        None => std::future::pending().await,
    }
}

/// `spec`'s `[prometheus]` fleet, which leaves its configured channels to them.
fn fleet_of(spec: &PollerSpec) -> Option<(crate::config::PrometheusFleet, prom_fleet::Fleet)> {
    let cfg = spec.fleet.clone()?;
    let names: Vec<String> = spec.channels.iter().map(|c| c.meta.name.clone()).collect();
    let mut fleet = prom_fleet::Fleet::new(&cfg, &names, spec.settings.window_ms);
    let mut past: FxHashMap<String, prom_fleet::Past> = FxHashMap::default();
    for (name, points) in &spec.seed {
        past.entry(name.clone()).or_default().0.clone_from(points);
    }
    for (name, results) in &spec.window_seed {
        past.entry(name.clone()).or_default().1.clone_from(results);
    }
    fleet.remember(past);
    Some((cfg, fleet))
}

/// Resolves when an attached view changes; never when there is none (or its task has
/// stopped, after which the last view stays attached).
async fn view_changed<T>(rx: &mut Option<watch::Receiver<Arc<T>>>) -> Option<()> {
    if let Some(r) = rx {
        if r.changed().await.is_ok() {
            return Some(());
        }
    }
    std::future::pending().await
}

/// How soon a channel between states is probed again: a quarter of its interval, at
/// least 100 ms (never more than the interval itself).
pub fn fast_interval(interval: Duration) -> Duration {
    (interval / 4).max(Duration::from_millis(100)).min(interval)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{FlapRule, Health, Policy};
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::Mutex;

    /// A probe whose results are scripted by call number: `fail(n)` decides.
    struct Scripted {
        calls: AtomicU64,
        fail: Box<dyn Fn(u64) -> bool + Send + Sync>,
        latency: f64,
        at: Mutex<Vec<i64>>,
    }

    impl Probe for Scripted {
        fn run(&self, at_ms: i64) -> probe::BoxFuture<'_, ProbeOutcome> {
            let n = self.calls.fetch_add(1, Ordering::SeqCst);
            self.at.lock().unwrap().push(at_ms);
            let o = if (self.fail)(n) {
                ProbeOutcome::failed(0.0, "connection refused")
            } else if n == 30 {
                ProbeOutcome::ok(self.latency * 40.0, Some(200)) // one spike
            } else {
                ProbeOutcome::ok(self.latency, Some(200))
            };
            Box::pin(std::future::ready(o))
        }
    }

    fn scripted(latency: f64, fail: impl Fn(u64) -> bool + Send + Sync + 'static) -> Arc<Scripted> {
        Arc::new(Scripted {
            calls: AtomicU64::new(0),
            fail: Box::new(fail),
            latency,
            at: Mutex::new(Vec::new()),
        })
    }

    fn spec(primary: Arc<Scripted>, backup: Arc<Scripted>) -> PollerSpec {
        let ch = |name: &str, p: Arc<Scripted>| PollChannel {
            meta: ChannelMeta {
                name: name.into(),
                ..ChannelMeta::default()
            },
            probe: p,
            interval: Duration::from_secs(5),
            timeout: Duration::from_secs(2),
        };
        PollerSpec {
            channels: vec![ch("Local", primary), ch("Cloud", backup)],
            sims: FxHashMap::default(),
            settings: MonitorSettings {
                policy: Policy::default(),
                window_ms: 300_000,
                flap: FlapRule::default(),
                keep_history: true,
                choices: Vec::new(),
                policy_set_by: None,
            },
            concurrency: 8,
            source: SourceInfo::default(),
            seed: FxHashMap::default(),
            window_seed: FxHashMap::default(),
            fleet: None,
            // The program's client (its crypto provider installed), whichever test runs first.
            client: crate::http_call::http_client().expect("client"),
            probe_runtime: None,
        }
    }

    /// Every wait in these tests has its own limit, in the paused clock's time (which
    /// advances at once while everything idles), so a regression fails instead of hanging.
    const TEST_LIMIT: Duration = Duration::from_secs(3600);

    async fn limited<T>(what: &str, f: impl std::future::Future<Output = T>) -> T {
        match tokio::time::timeout(TEST_LIMIT, f).await {
            Ok(v) => v,
            Err(_) => panic!("{what}: not within {TEST_LIMIT:?} of poller time"),
        }
    }

    /// Advances the paused clock until a snapshot satisfies `done`.
    async fn until(
        rx: &mut watch::Receiver<Arc<Snapshot>>,
        done: impl Fn(&Snapshot) -> bool,
    ) -> Arc<Snapshot> {
        limited("waiting for a snapshot", async {
            loop {
                let snap = rx.borrow_and_update().clone();
                if done(&snap) {
                    return snap;
                }
                rx.changed().await.expect("poller alive");
            }
        })
        .await
    }

    /// The first snapshot holding Local's `n`-th probe result.
    async fn after_local_probe(rx: &mut watch::Receiver<Arc<Snapshot>>, n: i64) -> Arc<Snapshot> {
        until(rx, |s| {
            s.channel("Local")
                .and_then(|c| c.details.samples)
                .is_some_and(|k| k.get() as i64 >= n)
        })
        .await
    }

    async fn until_round(rx: &mut watch::Receiver<Arc<Snapshot>>, n: u64) -> Arc<Snapshot> {
        until(rx, |s| s.live.as_ref().is_some_and(|l| l.rounds >= n)).await
    }

    fn health(s: &Snapshot, name: &str) -> Health {
        s.channel(name).expect("channel").eval.health
    }

    /// A probe that succeeds twice, then cannot run for want of descriptors.
    struct Exhausted(AtomicU64);

    impl Probe for Exhausted {
        fn run(&self, _at_ms: i64) -> probe::BoxFuture<'_, ProbeOutcome> {
            let o = if self.0.fetch_add(1, Ordering::SeqCst) < 2 {
                ProbeOutcome::ok(5.0, None)
            } else {
                let e = std::io::Error::from_raw_os_error(libc::EMFILE);
                let fault = crate::base::fault::of_io(&e);
                ProbeOutcome::failed_with(0.0, format!("connect: {e}"), fault)
            };
            Box::pin(std::future::ready(o))
        }
    }

    /// The daemon's own exhaustion is never the channel's failure: no OFFLINE however
    /// long it lasts, and the fault is in every snapshot instead.
    #[tokio::test(start_paused = true)]
    async fn a_probe_the_daemon_could_not_run_counts_against_no_channel() {
        let exhausted = Arc::new(Exhausted(AtomicU64::new(0)));
        let mut spec = spec(scripted(40.0, |_| false), scripted(150.0, |_| false));
        spec.channels[0].probe = exhausted.clone();
        let handle = spawn(spec);
        let mut rx = handle.snapshots.clone();
        let s = until(&mut rx, |_| exhausted.0.load(Ordering::SeqCst) >= 12).await;
        let s = until(&mut rx, |n| {
            n.live.as_ref().unwrap().at_ms > s.live.as_ref().unwrap().at_ms
        })
        .await;
        assert_ne!(health(&s, "Local"), Health::Offline);
        let local = s.channel("Local").unwrap();
        assert_eq!(local.details.consecutive_failures, 0);
        let faults = &s.live.as_ref().unwrap().faults;
        assert!(
            faults
                .iter()
                .any(|f| f.starts_with("out of file descriptors: connect")),
            "{faults:?}"
        );
    }

    /// A probe that outlasts the test (it times out): always in flight.
    struct Hanging;

    impl Probe for Hanging {
        fn run(&self, _at_ms: i64) -> probe::BoxFuture<'_, ProbeOutcome> {
            Box::pin(async {
                tokio::time::sleep(Duration::from_secs(3_600)).await;
                ProbeOutcome::ok(1.0, None)
            })
        }
    }

    /// While another probe is still in flight, results are coalesced — but a channel
    /// going down is published the moment its probe says so (found by mutation testing:
    /// with instant probes nothing was ever in flight, so every result looked urgent).
    #[tokio::test(start_paused = true)]
    async fn a_channel_going_down_is_published_at_once_while_others_are_in_flight() {
        let local = scripted(40.0, |n| n >= 3);
        let mut spec = spec(local.clone(), scripted(150.0, |_| false));
        // Local every second: its confirming probe comes 250 ms after the first failure,
        // within the coalescing gap of the publish that failure caused.
        spec.channels[0].interval = Duration::from_secs(1);
        spec.channels[0].timeout = Duration::from_secs(1);
        spec.channels.push(PollChannel {
            meta: ChannelMeta {
                name: "Slow".into(),
                ..ChannelMeta::default()
            },
            probe: Arc::new(Hanging),
            interval: Duration::from_secs(30),
            timeout: Duration::from_secs(30),
        });
        let handle = spawn(spec);
        let mut rx = handle.snapshots.clone();
        // Calls 0..=2 succeed, 3 and 4 fail: OFFLINE with the fifth result.
        let s = until(&mut rx, |s| {
            s.channel("Local").is_some_and(|c| {
                c.eval.health == Health::Offline
                    && c.details.samples.is_some_and(|n| n.get() >= 5.0)
            })
        })
        .await;
        let calls = local.at.lock().unwrap().clone();
        assert_eq!(calls.len(), 5, "{calls:?}");
        let went_down = *calls.last().expect("probed");
        assert!(
            went_down < 25_000 + calls[0],
            "Slow still in flight: {calls:?}"
        );
        assert!(
            went_down - calls[3] < 500,
            "confirmed within the gap: {calls:?}"
        );
        assert_eq!(
            s.live.as_ref().unwrap().at_ms,
            went_down,
            "published with the probe that took it down, not at the next coalesced publish"
        );
    }

    /// `down_after` holds from the very first probe: one failure at start-up is a blip
    /// (failing, POOR), never OFFLINE, and the next success ends it.
    #[tokio::test(start_paused = true)]
    async fn a_blip_on_the_first_probe_is_not_offline() {
        let local = scripted(40.0, |n| n == 0);
        let handle = spawn(spec(local.clone(), scripted(150.0, |_| false)));
        let mut rx = handle.snapshots.clone();
        let s = after_local_probe(&mut rx, 1).await;
        assert_eq!(health(&s, "Local"), Health::Poor, "failing, not yet down");
        let s = after_local_probe(&mut rx, 2).await;
        assert_ne!(health(&s, "Local"), Health::Offline);
    }

    #[tokio::test(start_paused = true)]
    async fn outage_is_offline_within_down_after_intervals_and_recovers_after_up_after() {
        // Local fails on calls 40..=45 (six probes), otherwise 40 ms; Cloud steady 150 ms.
        let local = scripted(40.0, |n| (40..=45).contains(&n));
        let handle = spawn(spec(local.clone(), scripted(150.0, |_| false)));
        let mut rx = handle.snapshots.clone();
        // Calls are 0-based: the 41st probe is the first failure.
        let s = after_local_probe(&mut rx, 40).await;
        assert_eq!(health(&s, "Local"), Health::Excellent);
        assert_eq!(s.routing.recommended_primary.as_deref(), Some("Local"));

        let s = after_local_probe(&mut rx, 41).await;
        assert_ne!(
            health(&s, "Local"),
            Health::Offline,
            "one failure is not an outage"
        );
        assert_eq!(s.routing.recommended_primary.as_deref(), Some("Local"));

        let s = after_local_probe(&mut rx, 42).await;
        assert_eq!(
            health(&s, "Local"),
            Health::Offline,
            "down after 2 consecutive failures"
        );
        assert_eq!(s.routing.recommended_primary.as_deref(), Some("Cloud"));
        assert!(
            s.channel("Local").unwrap().details.last_error.as_deref() == Some("connection refused")
        );
        let probed_at = local.at.lock().unwrap()[41];
        assert_eq!(
            s.live.as_ref().unwrap().at_ms,
            probed_at,
            "a channel going down is published at once, not after the coalescing gap"
        );

        let s = after_local_probe(&mut rx, 47).await;
        assert_eq!(
            health(&s, "Local"),
            Health::Offline,
            "one success is not recovery"
        );
        let s = after_local_probe(&mut rx, 48).await;
        assert_ne!(
            health(&s, "Local"),
            Health::Offline,
            "back after 2 successes"
        );

        // The probes ran one interval apart, on the channel's own phase, except the two
        // that confirmed a change (a quarter interval after the first failure and after
        // the first success while down) and the ones after those, back on the phase:
        // half an interval to one and a half later.
        let at = local.at.lock().unwrap().clone();
        let gaps: Vec<i64> = at.windows(2).skip(1).map(|w| w[1] - w[0]).collect();
        // (Timers are coalesced onto a 64 ms grid: a gap may be up to 64 ms longer.)
        let fast: Vec<usize> = (0..gaps.len())
            .filter(|&k| (1_250..1_314).contains(&gaps[k]))
            .collect();
        assert_eq!(
            fast,
            [39, 45],
            "confirming probes after calls 40 and 46: {gaps:?}"
        );
        for (k, gap) in gaps.iter().enumerate().filter(|(k, _)| !fast.contains(k)) {
            let back_on_phase = k > 0 && fast.contains(&(k - 1));
            let want = if back_on_phase {
                2_500..=7_564
            } else {
                4_936..=5_064
            };
            assert!(want.contains(gap), "gap {k}: {gap} ms");
        }
    }

    #[tokio::test(start_paused = true)]
    async fn isolated_failures_and_single_spikes_do_not_change_the_primary() {
        // Local: a failure on calls 25 and 35 (isolated) and a spike on call 30.
        let local = scripted(40.0, |n| n == 25 || n == 35);
        let handle = spawn(spec(local, scripted(150.0, |_| false)));
        let mut rx = handle.snapshots.clone();
        for n in 20..45 {
            let s = after_local_probe(&mut rx, n).await;
            assert_eq!(
                s.routing.recommended_primary.as_deref(),
                Some("Local"),
                "probe {n}"
            );
            assert_ne!(health(&s, "Local"), Health::Offline, "probe {n}");
        }
    }

    /// The executor's verification probe: only the named channel, at once.
    #[tokio::test(start_paused = true)]
    async fn probe_now_probes_the_named_channel_only() {
        let (local, cloud) = (scripted(40.0, |_| false), scripted(150.0, |_| false));
        let handle = spawn(spec(local.clone(), cloud.clone()));
        let mut rx = handle.snapshots.clone();
        until_round(&mut rx, 2).await;
        let before = (
            local.calls.load(Ordering::SeqCst),
            cloud.calls.load(Ordering::SeqCst),
        );
        let cmd = handle
            .commands
            .send(PollerCommand::ProbeNow("Cloud".into()));
        limited("probe now", cmd).await.unwrap();
        tokio::time::sleep(Duration::from_millis(10)).await;
        assert_eq!(
            cloud.calls.load(Ordering::SeqCst),
            before.1 + 1,
            "Cloud at once"
        );
        assert_eq!(local.calls.load(Ordering::SeqCst), before.0, "Local not");
        let cmd = handle.commands.send(PollerCommand::ProbeNow("Nope".into()));
        limited("probe an unknown channel", cmd).await.unwrap();
        tokio::time::sleep(Duration::from_millis(10)).await;
        assert_eq!(cloud.calls.load(Ordering::SeqCst), before.1 + 1);
        assert_eq!(local.calls.load(Ordering::SeqCst), before.0);
    }

    #[tokio::test(start_paused = true)]
    async fn commands_pause_resume_refresh_and_mode() {
        let local = scripted(40.0, |_| false);
        let handle = spawn(spec(local.clone(), scripted(150.0, |_| false)));
        let mut rx = handle.snapshots.clone();
        until_round(&mut rx, 2).await;
        limited("pause", handle.commands.send(PollerCommand::Pause))
            .await
            .unwrap();
        limited("the paused snapshot", rx.changed()).await.unwrap();
        let paused = rx.borrow_and_update().clone();
        assert_eq!(paused.live.as_ref().unwrap().poller, PollerState::Paused);
        let calls = local.calls.load(Ordering::SeqCst);
        tokio::time::sleep(Duration::from_secs(60)).await;
        assert_eq!(
            local.calls.load(Ordering::SeqCst),
            calls,
            "no probes while paused"
        );

        limited("resume", handle.commands.send(PollerCommand::Resume))
            .await
            .unwrap();
        let s = until_round(&mut rx, paused.live.as_ref().unwrap().rounds + 1).await;
        assert_eq!(s.live.as_ref().unwrap().poller, PollerState::Running);

        let mode = handle
            .commands
            .send(PollerCommand::SetMode(RoutingMode::Static));
        limited("set mode", mode).await.unwrap();
        limited("the static snapshot", rx.changed()).await.unwrap();
        assert_eq!(rx.borrow_and_update().routing.mode, RoutingMode::Static);

        let before = local.calls.load(Ordering::SeqCst);
        limited("refresh", handle.commands.send(PollerCommand::Refresh))
            .await
            .unwrap();
        tokio::time::sleep(Duration::from_millis(10)).await;
        assert_eq!(
            local.calls.load(Ordering::SeqCst),
            before + 1,
            "refresh probes at once"
        );
    }

    /// Whether the probe's panic happened inside a contained task (so the console's panic
    /// hook leaves the terminal alone).
    static PANICKED_CONTAINED: std::sync::atomic::AtomicBool =
        std::sync::atomic::AtomicBool::new(false);

    struct Panics;
    impl Probe for Panics {
        fn run(&self, _at_ms: i64) -> probe::BoxFuture<'_, ProbeOutcome> {
            PANICKED_CONTAINED.store(crate::base::contain::active(), Ordering::SeqCst);
            panic!("probe exploded")
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_crashed_poller_is_reported_not_frozen() {
        let mut s = spec(scripted(40.0, |_| false), scripted(150.0, |_| false));
        s.channels[1].probe = Arc::new(Panics);
        let handle = spawn(s);
        let mut rx = handle.snapshots.clone();
        let snap = until(&mut rx, |s| {
            matches!(
                s.live.as_ref().map(|l| &l.poller),
                Some(PollerState::Failed(_))
            )
        })
        .await;
        let Some(PollerState::Failed(why)) = snap.live.as_ref().map(|l| &l.poller) else {
            unreachable!("until returned a failed snapshot")
        };
        assert!(
            why.contains("probe exploded") || why.contains("probe task failed"),
            "{why}"
        );
        assert!(
            PANICKED_CONTAINED.load(Ordering::SeqCst),
            "a poller panic must be contained: the console's hook would restore the terminal"
        );
    }

    /// The shortest probe interval is the cadence every live snapshot reports.
    #[tokio::test(start_paused = true)]
    async fn snapshots_carry_the_shortest_probe_interval() {
        let mut s = spec(scripted(40.0, |_| false), scripted(150.0, |_| false));
        s.channels[1].interval = Duration::from_secs(2);
        let handle = spawn(s);
        let live = handle.snapshots.borrow().live.clone().expect("live info");
        assert_eq!(live.interval, Duration::from_secs(2));
    }

    async fn explode_static() -> Result<(), String> {
        panic!("index out of range")
    }

    async fn explode_formatted(n: u32) -> Result<(), String> {
        panic!("probe {n} returned garbage")
    }

    /// What the last snapshot says after the supervisor saw the poller task end so.
    async fn ended(task: tokio::task::JoinHandle<Result<(), String>>) -> PollerState {
        let s = spec(scripted(40.0, |_| false), scripted(150.0, |_| false));
        let mut m = Monitor::new(s.settings, Vec::new(), SourceInfo::default());
        let info = LiveInfo {
            poller: PollerState::Running,
            interval: Duration::from_secs(5),
            rounds: 0,
            at_ms: 0,
            faults: Vec::new(),
            clock: Clock::new(),
        };
        let (tx, rx) = watch::channel(Arc::new(m.snapshot(0, Some(info))));
        limited("the supervisor", supervise(task, Arc::new(tx))).await;
        let live = rx.borrow().live.clone().expect("live info");
        live.poller
    }

    /// A poller that dies is shown as failed with the reason, whichever way it died; one
    /// that was asked to stop is not.
    #[tokio::test(start_paused = true)]
    async fn the_supervisor_says_how_the_poller_ended() {
        let failed = |why: &str| PollerState::Failed(why.to_string());
        assert_eq!(
            ended(tokio::spawn(explode_static())).await,
            failed("poller crashed: index out of range")
        );
        assert_eq!(
            ended(tokio::spawn(explode_formatted(7))).await,
            failed("poller crashed: probe 7 returned garbage")
        );
        let stuck = tokio::spawn(std::future::pending::<Result<(), String>>());
        stuck.abort();
        assert_eq!(ended(stuck).await, failed("poller was cancelled"));
        let gave_up = tokio::spawn(async { Err("probe task failed: boom".to_string()) });
        assert_eq!(ended(gave_up).await, failed("probe task failed: boom"));
        let stopped = tokio::spawn(async { Ok(()) });
        assert_eq!(ended(stopped).await, PollerState::Running);
    }
}
