//! `--headless`: the poller and the recovery executor with no console, for a service
//! manager. One line per event on stderr (health changes, routing changes, every audit
//! event); SIGINT or SIGTERM stop it with exit 0 once running actions have ended.

use std::future::Future;
use std::sync::Arc;

use crate::base::clock::Clock;
use crate::base::exit;
use crate::config::HistorySettings;
use crate::domain::change::{Change, PollerChange};
use crate::domain::Health;
use crate::history::History;
use crate::poller::PollerSpec;
use crate::recovery::{self, RecoverySpec};
use crate::snapshot::{ExecutorView, Passive, Snapshot};
use tokio::sync::watch;

/// What runs beside the poller and the executor.
pub(super) struct Extras {
    pub history: HistorySettings,
    /// `--serve`: where to serve HTTP.
    pub serve: Option<std::net::SocketAddr>,
    /// `[serve] token_env`, and the words orders over HTTP are understood with.
    pub token_env: Option<String>,
    pub teach: crate::chatops::Teach,
}

/// What a config gives the daemon: the poller, the executor and history settings.
pub(super) struct Built {
    pub spec: PollerSpec,
    pub recovery: RecoverySpec,
    pub history: HistorySettings,
}

/// Loads and validates the config again (SIGHUP); `Err` keeps the running one.
pub(super) type Reload = Box<dyn Fn() -> Result<Built, String>>;

/// One config's run: the poller and executor, and the history writer beside them.
struct Session {
    running: super::Running,
    flusher: Option<crate::history::Flusher>,
}

pub(super) async fn run(
    spec: PollerSpec,
    recovery: RecoverySpec,
    extras: Extras,
    reload: Option<Reload>,
    shutdown: impl Future<Output = ()>,
) -> u8 {
    let Extras {
        history,
        serve,
        token_env,
        teach,
    } = extras;
    // Poll once so the signal handlers exist before anything acts: a SIGTERM right after
    // start must stop us cleanly, not kill us with an action half-recorded.
    let mut shutdown = std::pin::pin!(shutdown);
    if futures_util::FutureExt::now_or_never(shutdown.as_mut()).is_some() {
        return 0;
    }
    if let Some(warning) = serve.and_then(crate::serve::exposure_warning) {
        log_now(&warning);
    }
    let mut listener = match serve {
        Some(addr) => match crate::serve::bind(addr).await {
            Ok(l) => Some(l),
            Err(e) => {
                log(&e);
                return exit::UNAVAILABLE;
            }
        },
        None => None,
    };
    let mut hangups = hangup_stream();
    let mut built = Built {
        spec,
        recovery,
        history,
    };
    let mut served: Option<watch::Sender<Arc<Snapshot>>> = None;
    let mut seen = Seen::default();
    let attached = serve.map(|_| crate::serve::Attached {
        orders: Arc::new(crate::serve::orders::Orders::new(
            token_env.as_deref(),
            teach,
        )),
        ..crate::serve::Attached::default()
    });
    if let Some(a) = &attached {
        seen.hub = Some(a.hub.clone());
        if let Some(token_env) = &token_env {
            log_now(&match a.orders.on() {
                true => format!("orders over HTTP (POST /say) on, with the token in {token_env}"),
                false => format!("warning: {}", a.orders.off_reason()),
            });
        }
    }
    loop {
        let session = match start(built, attached.as_ref().map(|a| a.hub.clone())).await {
            Ok(s) => s,
            Err(code) => return code,
        };
        let mut rx = session.running.snapshots.clone();
        if let Some(a) = &attached {
            let r = &session.running;
            a.orders.attach(Some(crate::serve::orders::Ports {
                poller: r.poller.commands.clone(),
                recovery: r.recovery.commands.clone(),
                routes: r.routes.as_ref().map(|h| h.commands.clone()),
                audit: r.audit.clone(),
            }));
        }
        match (&served, listener.take()) {
            (Some(tx), _) => {
                tx.send_replace(rx.borrow().clone());
            }
            (None, Some(l)) => {
                let (tx, serve_rx) = watch::channel(rx.borrow().clone());
                if let Ok(addr) = l.local_addr() {
                    log_now(&format!(
                        "serving http://{addr}/metrics, /context, /healthz, /events, \
                         /dashboard and /say"
                    ));
                }
                let limits = crate::serve::Limits::for_descriptors(crate::serve::raise_nofile());
                let attached = attached.clone().unwrap_or_default();
                crate::serve::spawn(l, serve_rx, limits, attached);
                served = Some(tx);
            }
            (None, None) => {}
        }
        let next = loop {
            tokio::select! {
                _ = &mut shutdown => break None,
                _ = hangups.recv() => match reload.as_ref().map(|r| r()) {
                    Some(Ok(b)) => break Some(b),
                    Some(Err(e)) => log_now(&format!(
                        "reload failed, the running config stays: {e}"
                    )),
                    None => log_now("reload: no config file to read again"),
                },
                r = rx.changed() => {
                    if r.is_err() {
                        break None;
                    }
                    let snap = rx.borrow_and_update().clone();
                    if let Some(tx) = &served {
                        tx.send_replace(snap.clone());
                    }
                    for line in seen.changes(&snap) {
                        log(&format!("{} {line}", snap.timestamp));
                    }
                }
            }
        };
        if let Some(a) = &attached {
            a.orders.attach(None);
        }
        stop(session).await;
        match next {
            Some(b) => {
                log_now("config reloaded (SIGHUP): restarting the poller and the executor");
                built = b;
            }
            None => {
                log_now("stopped");
                return 0;
            }
        }
    }
}

/// Starts the poller, the executor and the history writer for one config; `Err` with
/// the exit code when the executor is configured to act and cannot.
async fn start(b: Built, hub: Option<Arc<crate::serve::events::Hub>>) -> Result<Session, u8> {
    let Built {
        mut spec,
        mut recovery,
        history,
    } = b;
    recovery.log = Some(Arc::new(|line: &str| log(line)));
    recovery.audit_tap =
        hub.map(|hub| -> recovery::AuditTap { Arc::new(move |line| hub.audit(line)) });
    if let Some(line) = other_instance(recovery.state_dir.as_deref()) {
        log_now(&line);
    }
    let n = spec.channels.len();
    let now_ms = Clock::new().now_ms();
    let mut history = History::open(history, recovery.state_dir.as_deref(), now_ms);
    if let Some(h) = &history {
        // Judged on the same window as an instance that kept running.
        spec.window_seed = h.window_results(spec.settings.window_ms, now_ms);
    }
    let running = super::launch(spec, recovery);
    let view = running.recovery.view.borrow().clone();
    if let Some(why) = view.cannot_act() {
        // Configured to act and unable to: running on as a silent watcher is how an
        // operator ends up trusting recovery that never comes.
        log_now(&format!(
            "{why}; exiting (start with --standby to follow read-only)"
        ));
        running.recovery.shutdown().await;
        return Err(cannot_act_code(&view));
    }
    let mut flusher = None;
    if let Some(h) = &mut history {
        flusher = h.start(&running.snapshots, Some(Arc::new(|line: &str| log(line))));
        log(&match (h.writes, h.status.problem()) {
            (_, Some(p)) => format!("history off: {p}"),
            (true, None) => format!("history {}", h.path.display()),
            (false, None) => format!(
                "history read-only ({})",
                view.read_only
                    .as_deref()
                    .unwrap_or("another instance writes it")
            ),
        });
    }
    log_now(&format!(
        "headless: {n} channels · auto-recovery {}{} · {}",
        if view.auto { "on" } else { "off" },
        if view.dry_run { " (dry run)" } else { "" },
        match (&view.read_only, &view.audit_path) {
            (Some(why), _) => format!("recovery read-only: {why}"),
            (None, Some(path)) => format!("audit {path}"),
            (None, None) => "no audit log".to_string(),
        }
    ));
    for line in escalated_lines(&view) {
        log_now(&line);
    }
    Ok(Session { running, flusher })
}

/// Waits for running actions (each bounded by its timeout) and writes the last history.
async fn stop(session: Session) {
    let Session { running, flusher } = session;
    let busy = running
        .recovery
        .view
        .borrow()
        .channels
        .iter()
        .filter_map(|c| c.running.as_ref().map(|(a, _)| format!("{} ({a})", c.name)))
        .collect::<Vec<_>>();
    if !busy.is_empty() {
        log_now(&format!(
            "stopping: waiting for {} to finish",
            busy.join(", ")
        ));
    }
    running.recovery.shutdown().await;
    if let Some(f) = flusher {
        // The last rows (at most ten seconds of them) are written before we say so.
        f.finish();
    }
}

/// SIGHUP, which a daemon takes as "read your config again" (as nginx and Prometheus
/// do); a stream that never yields where signals cannot be had.
fn hangup_stream() -> Hangups {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        Hangups(signal(SignalKind::hangup()).ok())
    }
    #[cfg(not(unix))]
    Hangups(None)
}

#[cfg(unix)]
type HupSignal = tokio::signal::unix::Signal;
#[cfg(not(unix))]
type HupSignal = ();

struct Hangups(Option<HupSignal>);

impl Hangups {
    async fn recv(&mut self) {
        #[cfg(unix)]
        if let Some(s) = &mut self.0 {
            if s.recv().await.is_some() {
                return;
            }
        }
        std::future::pending::<()>().await;
    }
}

/// Channels that start escalated: nothing runs for them until an operator resets them,
/// which a daemon must say at start rather than leave to be discovered at an incident.
pub(crate) fn escalated_lines(view: &ExecutorView) -> Vec<String> {
    view.channels
        .iter()
        .filter_map(|c| {
            let since = c.escalated_since_ms?;
            Some(format!(
                "{} starts ESCALATED (since {}, {} failed attempts): no automatic action until \
                 reset, e.g. switchboard --say \"reset recovery {}\" --yes",
                c.name,
                crate::snapshot::rfc3339_ms(since),
                c.failures,
                c.name
            ))
        })
        .collect()
}

/// EX_TEMPFAIL when another instance holds the lock (try again later), EX_CANTCREAT when
/// the state dir or the audit log cannot be written.
fn cannot_act_code(view: &ExecutorView) -> u8 {
    match view.passive {
        Some(Passive::LockHeld(_)) => exit::TEMPFAIL,
        _ => crate::base::exit::CANT_WRITE,
    }
}

/// A warning when this instance uses another state dir than the default and an instance
/// holds the default's lock: both would act on the same channels (locks are per dir).
fn other_instance(ours: Option<&std::path::Path>) -> Option<String> {
    let default = crate::base::state_dir::default_dir()?;
    if ours == Some(default.as_path()) {
        return None;
    }
    let pid = recovery::lock::holder(&default)?;
    let who = pid.map_or("another switchboard".to_string(), |p| {
        format!("another switchboard (pid {p})")
    });
    Some(format!(
        "warning: {who} holds the lock in the default state dir {}; with different state \
         dirs both instances act on their channels",
        default.display()
    ))
}

/// What the log has already said, so that only changes are logged.
#[derive(Default)]
struct Seen {
    changes: crate::history::changes::Changes,
    faults: Vec<String>,
    /// `--serve`'s `/events`: every change, as it is logged.
    hub: Option<Arc<crate::serve::events::Hub>>,
}

impl Seen {
    fn changes(&mut self, s: &Snapshot) -> Vec<String> {
        let changes = self.changes.next(s);
        if let Some(hub) = &self.hub {
            for c in &changes {
                hub.change(&s.timestamp, c);
            }
        }
        let mut out: Vec<String> = changes.iter().filter_map(log_text).collect();
        let Some(live) = &s.live else {
            return out;
        };
        if live.rounds == 0 {
            return out;
        }
        // Said when a kind of fault starts and when every fault is over; not each time its
        // details change (a count of dropped lines, another channel's address).
        let kind = |f: &String| f.split(':').next().unwrap_or_default().to_string();
        let kinds: Vec<String> = live.faults.iter().map(kind).collect();
        if kinds != self.faults {
            for f in live
                .faults
                .iter()
                .filter(|f| !self.faults.contains(&kind(f)))
            {
                out.push(format!(
                    "daemon fault (no channel is blamed, no action runs): {f}"
                ));
            }
            if kinds.is_empty() {
                out.push("daemon fault over".to_string());
            }
            self.faults = kinds;
        }
        out
    }
}

/// A change in the log's words (`Api OFFLINE (was GOOD): connection refused`, see
/// docs/recovery.md); the changes a log reader does not need are left out.
fn log_text(c: &Change) -> Option<String> {
    let name = |n: &str| crate::base::logging::logfmt(n).into_owned();
    let none = |n: &Option<String>| name(n.as_deref().unwrap_or("none"));
    Some(match c {
        Change::Health {
            channel,
            from,
            to,
            error,
        } => {
            let why = match (error, to) {
                (Some(e), Health::Offline | Health::Poor) => format!(": {e}"),
                _ => String::new(),
            };
            let from = from.map_or(String::new(), |w| format!(" (was {w})"));
            format!("{} {to}{from}{why}", name(channel))
        }
        // It answers again: the log must not call it down while only its window's
        // availability remembers the outage.
        Change::Back { channel, to, .. } => {
            format!("{channel} back ({to} until the window no longer holds the outage)")
        }
        Change::FirstData {
            primary,
            fallback,
            reason,
            ..
        }
        | Change::Primary {
            to: primary,
            fallback,
            reason,
            ..
        } => format!(
            "routing: primary {}, fallback {} ({reason})",
            none(primary),
            none(fallback)
        ),
        Change::Poller(p) => match p {
            PollerChange::Paused => "poller: Paused".to_string(),
            PollerChange::Resumed => "poller: Running".to_string(),
            PollerChange::Failed(why) => format!("poller: Failed({why:?})"),
        },
        _ => return None,
    })
}

/// A line of ours, stamped like the audit events' lines so a plain log file reads in order.
fn log_now(line: &str) {
    log(&format!("{} {line}", crate::snapshot::now_rfc3339()));
}

/// One line on stderr; text from configs and servers never reaches it raw.
fn log(line: &str) {
    crate::base::stderr::eprint_error(line);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::LiveInfo;
    use crate::source::metrics_file::MetricsFile;

    fn snap(avail: f64, mean: f64) -> Snapshot {
        let json = format!(r#"{{"Channels":{{"A":{{"Availability":{avail},"Mean":{mean}}}}}}}"#);
        let mut s = MetricsFile::parse("t.json", json.as_bytes())
            .expect("parses")
            .snapshot(&crate::domain::Policy::default(), "t.json");
        s.live = Some(LiveInfo {
            poller: crate::snapshot::PollerState::Running,
            interval: std::time::Duration::from_secs(5),
            rounds: 1,
            at_ms: 0,
            faults: Vec::new(),
            clock: crate::base::clock::Clock::new(),
        });
        s
    }

    /// The log says when a channel leaves or regains health, not every EXCELLENT ⇄ GOOD.
    #[test]
    fn logs_health_classes_not_latency_wobble() {
        let mut seen = Seen::default();
        let health_lines = |seen: &mut Seen, s: &Snapshot| {
            let lines = seen.changes(s);
            lines
                .into_iter()
                .filter(|l| l.starts_with("A "))
                .collect::<Vec<_>>()
        };
        assert!(
            health_lines(&mut seen, &snap(100.0, 50.0)).is_empty(),
            "healthy at start"
        );
        assert!(
            health_lines(&mut seen, &snap(100.0, 150.0)).is_empty(),
            "now GOOD"
        );
        assert!(
            health_lines(&mut seen, &snap(100.0, 50.0)).is_empty(),
            "EXCELLENT again"
        );
        assert_eq!(
            health_lines(&mut seen, &snap(92.0, 150.0)),
            ["A DEGRADED (was EXCELLENT)"]
        );
        assert_eq!(
            health_lines(&mut seen, &snap(100.0, 150.0)),
            ["A GOOD (was DEGRADED)"]
        );
    }

    /// A channel back from an outage is logged as back, not as POOR with the outage's
    /// last error.
    #[test]
    fn a_channel_back_from_an_outage_is_logged_back() {
        let mut seen = Seen::default();
        let mut down = snap(0.0, 999.0);
        down.channels[0].eval.health = Health::Offline;
        down.channels[0].details.last_error = Some("Connection refused".into());
        assert_eq!(seen.changes(&down)[0], "A OFFLINE: Connection refused");
        let mut back = snap(80.0, 50.0);
        back.channels[0].details.last_error = Some("Connection refused".into());
        back.channels[0].details.recovering = true;
        let lines = seen.changes(&back);
        assert_eq!(
            lines[0],
            "A back (POOR until the window no longer holds the outage)"
        );
    }

    /// A daemon fault is said when it starts and when it is over, not each time its
    /// details change (a closed stderr's count grows with every line it drops).
    #[test]
    fn daemon_faults_are_logged_when_they_start_and_end() {
        let mut seen = Seen::default();
        let with = |faults: &[&str]| {
            let mut s = snap(100.0, 50.0);
            if let Some(l) = s.live.as_mut() {
                l.faults = faults.iter().map(|f| f.to_string()).collect();
            }
            s
        };
        let faults = |seen: &mut Seen, s: &Snapshot| {
            seen.changes(s)
                .into_iter()
                .filter(|l| l.starts_with("daemon fault"))
                .collect::<Vec<_>>()
        };
        assert!(faults(&mut seen, &with(&[])).is_empty());
        assert_eq!(
            faults(&mut seen, &with(&["stderr is closed: 1 log line could not be written"])),
            ["daemon fault (no channel is blamed, no action runs): stderr is closed: 1 log line could not be written"]
        );
        assert!(faults(
            &mut seen,
            &with(&["stderr is closed: 9 log lines could not be written"])
        )
        .is_empty());
        assert_eq!(faults(&mut seen, &with(&[])), ["daemon fault over"]);
    }

    /// A channel's name cannot forge fields of a log line.
    #[test]
    fn names_in_log_lines_are_quoted_when_they_need_it() {
        let json = r#"{"Channels":{"A ok=true exit_code=0":{"Availability":0,"Mean":50}}}"#;
        let mut s = MetricsFile::parse("t.json", json.as_bytes())
            .expect("parses")
            .snapshot(&crate::domain::Policy::default(), "t.json");
        s.live = snap(100.0, 50.0).live;
        let lines = Seen::default().changes(&s);
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("\"A ok=true exit_code=0\" OFFLINE")),
            "{lines:?}"
        );
    }
}
