//! `--serve ADDR`: HTTP beside the poller, fed by the same snapshots (docs/serve.md).
//! `/metrics` is the Prometheus exposition of the newest snapshot, `/context` its JSON
//! (`--snapshot --format json`'s object), `/healthz` says whether the poller is running
//! and its data fresh, and recovery can act when it is meant to (200), or not (503, with
//! the reasons) — for a load balancer or a
//! service manager's watchdog. Every request reads the newest snapshot; nothing waits for
//! a probe.
//!
//! Nothing outside may make the daemon act by holding connections open: at most
//! [`Limits::connections`] are served at once (the rest wait in the kernel's accept queue,
//! holding none of our descriptors), a connection that has not sent a whole request head
//! within [`Limits::header_timeout`] (idle keep-alive included) is closed, and the limit
//! leaves the descriptor table's larger part to probes and actions. A request whose
//! `Host` is a name (DNS rebinding), other than `localhost` or one listed in
//! `SWITCHBOARD_SERVE_HOSTS`, is refused.
//!
//! For consoles attached with `--connect`: `/events` streams changes and audit records
//! as they happen (`events`), `/dashboard` is the HTML dashboard reloading itself, and
//! `POST /say` takes orders when a token is configured (`orders`).

pub mod events;
pub mod orders;

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::{watch, Semaphore};
use tower::ServiceExt;

use crate::report::once::Once;
use crate::snapshot::{PollerState, Snapshot};

type Snapshots = watch::Receiver<Arc<Snapshot>>;

/// What the handlers share: the poller's snapshots and the renderings of the newest,
/// made once per snapshot however often it is scraped.
struct Served {
    snapshots: Snapshots,
    metrics: Once<Bytes>,
    /// The JSON and its entity tag (a hash of the bytes): an attached console reads
    /// `/context` every second, and an unchanged snapshot costs it a 304, not a parse.
    context: Once<(Bytes, header::HeaderValue)>,
    attached: Attached,
}

/// What the server offers attached consoles besides the snapshots.
#[derive(Clone)]
pub struct Attached {
    /// Where `/events` come from.
    pub hub: Arc<events::Hub>,
    /// `POST /say`.
    pub orders: orders::Shared,
    /// How long one `/events` response streams before it ends for the client to resume
    /// (under the connection lifetime).
    pub events_for: Duration,
}

impl Default for Attached {
    fn default() -> Attached {
        Attached {
            hub: events::Hub::starting(crate::base::clock::Clock::new().now_ms()),
            orders: Arc::default(),
            events_for: Duration::from_secs(50),
        }
    }
}

impl Served {
    fn newest(&self) -> Arc<Snapshot> {
        self.snapshots.borrow().clone()
    }
}

/// How much of the daemon HTTP clients may hold.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Connections served at once.
    pub connections: usize,
    /// Time to send a request head, from the connection's start or the previous answer.
    pub header_timeout: Duration,
    /// The longest a connection lives, whatever it does.
    pub lifetime: Duration,
}

/// At most this many connections, whatever the descriptor limit.
pub const MAX_CONNECTIONS: usize = 256;

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            connections: MAX_CONNECTIONS,
            header_timeout: Duration::from_secs(10),
            lifetime: Duration::from_secs(60),
        }
    }
}

impl Limits {
    /// The defaults, with connections capped at a quarter of the descriptor limit so
    /// that three quarters stay for probes, actions and the state files.
    pub fn for_descriptors(nofile: u64) -> Limits {
        let quarter = usize::try_from(nofile / 4).unwrap_or(usize::MAX);
        Limits {
            connections: quarter.clamp(1, MAX_CONNECTIONS),
            ..Limits::default()
        }
    }
}

/// Raises the soft descriptor limit to the hard one (systemd's soft default of 1024 is
/// far below what a fleet of probes needs) and returns it.
pub fn raise_nofile() -> u64 {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit/setrlimit fill or read one struct owned here.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) != 0 {
            return 1024;
        }
        if lim.rlim_cur < lim.rlim_max {
            let raised = libc::rlimit {
                rlim_cur: lim.rlim_max,
                rlim_max: lim.rlim_max,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                lim.rlim_cur = lim.rlim_max;
            }
        }
    }
    lim.rlim_cur
}

/// Binds `addr` now, so that a port in use is said before anything starts.
pub async fn bind(addr: SocketAddr) -> Result<TcpListener, String> {
    TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))
}

/// Why a bind address deserves a warning at start: anything but loopback is reachable
/// from elsewhere, and nothing here is authenticated.
pub fn exposure_warning(addr: SocketAddr) -> Option<String> {
    (!addr.ip().is_loopback()).then(|| {
        format!(
            "warning: --serve {addr} is reachable from other machines and nothing is \
             authenticated; bind to 127.0.0.1 unless something in front guards it"
        )
    })
}

/// The routes, on the poller's snapshots, for a server bound to `bound`.
pub fn router(snapshots: Snapshots, bound: SocketAddr, attached: Attached) -> Router {
    let extra = Arc::new(extra_hosts());
    Router::new()
        .route("/metrics", get(metrics))
        .route("/context", get(context))
        .route("/healthz", get(healthz))
        .route("/events", get(events))
        .route("/dashboard", get(dashboard))
        .route("/say", get(say_status).post(say))
        .with_state(Arc::new(Served {
            snapshots,
            metrics: Once::default(),
            context: Once::default(),
            attached,
        }))
        .layer(axum::middleware::from_fn(
            move |req: Request, next: Next| host_checked(req, next, bound, extra.clone()),
        ))
}

async fn host_checked(
    req: Request,
    next: Next,
    bound: SocketAddr,
    extra: Arc<Vec<String>>,
) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .map(|h| h.to_str().unwrap_or("\u{fffd}"));
    if host_allowed(host, bound.ip(), &extra) {
        return next.run(req).await;
    }
    (
        StatusCode::MISDIRECTED_REQUEST,
        "this Host is not served here (see SWITCHBOARD_SERVE_HOSTS in docs/serve.md)\n",
    )
        .into_response()
}

/// Names besides IP addresses and `localhost` that `Host` may give
/// (`SWITCHBOARD_SERVE_HOSTS`, comma-separated).
fn extra_hosts() -> Vec<String> {
    std::env::var("SWITCHBOARD_SERVE_HOSTS")
        .unwrap_or_default()
        .split(',')
        .map(|h| h.trim().to_ascii_lowercase())
        .filter(|h| !h.is_empty())
        .collect()
}

/// Whether a request's `Host` may be answered by a server bound to `bound`. A web page
/// can make a browser send requests to a loopback port under its own domain name (DNS
/// rebinding) and read the answers: so a name is refused unless it is `localhost` or
/// listed, and a loopback server answers loopback addresses only. No `Host` at all is
/// not a browser's request.
pub fn host_allowed(host: Option<&str>, bound: IpAddr, extra: &[String]) -> bool {
    let Some(host) = host else {
        return true;
    };
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => host.rsplit_once(':').map_or(host, |(n, _)| n),
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    match name.parse::<IpAddr>() {
        Ok(ip) => !bound.is_loopback() || ip.is_loopback(),
        Err(_) => name == "localhost" || extra.contains(&name),
    }
}

/// Serves until the task is dropped (the runtime ends with the program).
pub fn spawn(listener: TcpListener, snapshots: Snapshots, limits: Limits, attached: Attached) {
    let bound = listener
        .local_addr()
        .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 0)));
    let app = router(snapshots, bound, attached);
    tokio::spawn(accept_loop(listener, app, limits));
}

/// Accepts only while a connection slot is free: beyond the limit, connections wait in
/// the kernel's queue and cost this process no descriptor.
async fn accept_loop(listener: TcpListener, app: Router, limits: Limits) {
    let slots = Arc::new(Semaphore::new(limits.connections.max(1)));
    loop {
        let Ok(permit) = slots.clone().acquire_owned().await else {
            return;
        };
        let (stream, peer) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(e) => {
                if let Some(kind) = crate::base::fault::of_io(&e) {
                    let why = format!(
                        "accepting HTTP connections: {}",
                        crate::base::input::io_reason(&e)
                    );
                    crate::base::fault::note(kind, &why, crate::base::clock::Clock::new().now_ms());
                }
                // Whatever it was (a descriptor shortage, a reset before accept), do
                // not spin on it.
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        // The caller's address, for the audit record of an order.
        let app = app
            .clone()
            .map_request(move |mut req: hyper::Request<hyper::body::Incoming>| {
                req.extensions_mut().insert(ConnectInfo(peer));
                req
            });
        tokio::spawn(async move {
            let service = hyper_util::service::TowerToHyperService::new(app);
            let conn = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(limits.header_timeout)
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service);
            let _ = tokio::time::timeout(limits.lifetime, conn).await;
            drop(permit);
        });
    }
}

async fn metrics(State(st): State<Arc<Served>>) -> Response {
    let s = st.newest();
    let body = st.metrics.get(&s, |s| {
        Bytes::from(crate::report::prometheus::exposition(s))
    });
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        body,
    )
        .into_response()
}

async fn context(State(st): State<Arc<Served>>, headers: HeaderMap) -> Response {
    let s = st.newest();
    let (body, tag) = st.context.get(&s, |s| {
        let body = Bytes::from(crate::report::json::to_string(&without_paths(s)) + "\n");
        let tag = entity_tag(&body);
        (body, tag)
    });
    if headers.get(header::IF_NONE_MATCH) == Some(&tag) {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, tag)]).into_response();
    }
    (
        [
            (
                header::CONTENT_TYPE,
                header::HeaderValue::from_static("application/json"),
            ),
            (header::ETAG, tag),
        ],
        body,
    )
        .into_response()
}

/// A strong entity tag for `body`: the same bytes, the same tag, across restarts too.
fn entity_tag(body: &[u8]) -> header::HeaderValue {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write(body);
    let tag = format!("\"{:016x}-{:x}\"", h.finish(), body.len());
    header::HeaderValue::from_str(&tag).unwrap_or(header::HeaderValue::from_static("\"0\""))
}

/// `/events`: from the start of the backlog, or after the client's `Last-Event-ID`.
async fn events(State(st): State<Arc<Served>>, headers: HeaderMap) -> Response {
    let last = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let a = &st.attached;
    a.hub
        .clone()
        .stream(last.as_deref(), a.events_for)
        .into_response()
}

/// How often the served dashboard reloads itself.
pub const DASHBOARD_REFRESH_S: u64 = 5;

/// `/dashboard`: the export's self-contained page of the newest snapshot (no script, no
/// external asset), reloading itself.
async fn dashboard(State(st): State<Arc<Served>>) -> Response {
    let s = without_paths(&st.newest());
    let mut page = crate::report::html::Page::new(&s, crate::snapshot::now_rfc3339());
    page.refresh_s = Some(DASHBOARD_REFRESH_S);
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        crate::report::html::render(&page),
    )
        .into_response()
}

async fn say_status(State(st): State<Arc<Served>>) -> Response {
    orders::status(&st.attached.orders)
}

async fn say(
    State(st): State<Arc<Served>>,
    peer: Option<axum::Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let snap = st.newest();
    let from = peer.map(|axum::Extension(ConnectInfo(a))| a);
    st.attached.orders.answer(from, &headers, &body, &snap)
}

/// The snapshot with its config and audit log named by file name only: where they live
/// on this machine is nobody's business over HTTP.
fn without_paths(s: &Snapshot) -> Snapshot {
    let name = |p: &String| {
        std::path::Path::new(p)
            .file_name()
            .map_or_else(|| p.clone(), |n| n.to_string_lossy().into_owned())
    };
    let mut out = s.clone();
    out.source.path = s.source.path.as_ref().map(name);
    if let Some(x) = &s.executor {
        if let Some(p) = &x.audit_path {
            let mut view = (**x).clone();
            view.audit_path = Some(name(p));
            out.executor = Some(Arc::new(view));
        }
    }
    out
}

async fn healthz(State(st): State<Arc<Served>>) -> Response {
    let s = st.newest();
    let now_ms = s.now_ms();
    let mut problems = problems(&s, now_ms);
    // A fault noted since the last snapshot is said at once.
    for f in crate::base::fault::global().active(now_ms) {
        if !problems.contains(&Problem::DaemonFault(f.clone())) {
            problems.push(Problem::DaemonFault(f));
        }
    }
    let notes: String = notes(&s).iter().map(|n| format!("{n}\n")).collect();
    if problems.is_empty() {
        return (StatusCode::OK, format!("ok\n{notes}")).into_response();
    }
    let lines: String = problems.iter().map(|p| format!("{p}\n")).collect();
    (StatusCode::SERVICE_UNAVAILABLE, format!("{lines}{notes}")).into_response()
}

/// What a healthy daemon still wants read: channels whose recovery is escalated.
pub fn notes(s: &Snapshot) -> Vec<String> {
    let Some(x) = &s.executor else {
        return Vec::new();
    };
    x.channels
        .iter()
        .filter_map(|c| {
            let since = c.escalated_since_ms?;
            Some(format!(
                "escalated: {} since {} (no automatic action until reset)",
                c.name,
                crate::snapshot::rfc3339_ms(since)
            ))
        })
        .collect()
}

/// Why the service is not healthy: one line each on `/healthz`'s 503.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    NoLiveData,
    PollerPaused,
    PollerFailed(String),
    NoRoundYet,
    /// Seconds since the last snapshot.
    Stale(i64),
    /// The daemon itself is short of something (`base::fault`).
    DaemonFault(String),
    /// Recovery is configured to act (auto on, not `--standby`) and cannot: the lock is
    /// another's, or the audit log cannot be written (`ExecutorView::cannot_act`).
    CannotAct(String),
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::NoLiveData => f.write_str("no live data"),
            Problem::PollerPaused => f.write_str("poller paused"),
            Problem::PollerFailed(why) => write!(f, "poller failed: {why}"),
            Problem::NoRoundYet => f.write_str("no probe round finished yet"),
            Problem::Stale(s) => write!(f, "stale: last snapshot {s} s ago"),
            Problem::DaemonFault(why) => write!(f, "daemon fault: {why}"),
            Problem::CannotAct(why) => f.write_str(why),
        }
    }
}

/// Everything wrong with the service per this snapshot, most serious first: the poller
/// failed, is paused, has not finished a round, published nothing for three probe
/// intervals; and the daemon's own faults.
pub fn problems(s: &Snapshot, now_ms: i64) -> Vec<Problem> {
    let Some(live) = &s.live else {
        return vec![Problem::NoLiveData];
    };
    let mut out = Vec::new();
    match &live.poller {
        PollerState::Running => {}
        PollerState::Paused => out.push(Problem::PollerPaused),
        PollerState::Failed(why) => out.push(Problem::PollerFailed(why.clone())),
    }
    if live.rounds == 0 {
        out.push(Problem::NoRoundYet);
    } else if now_ms > live.stale_at() {
        out.push(Problem::Stale((now_ms - live.at_ms) / 1000));
    }
    out.extend(live.faults.iter().cloned().map(Problem::DaemonFault));
    if let Some(why) = s.executor.as_ref().and_then(|x| x.cannot_act()) {
        out.push(Problem::CannotAct(why));
    }
    out
}

/// The first of [`problems`], in words.
pub fn unhealthy(s: &Snapshot, now_ms: i64) -> Option<String> {
    problems(s, now_ms).first().map(ToString::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::{ExecutorView, LiveInfo, Passive};

    fn file() -> Snapshot {
        let json = br#"{"Channels":{"A":{"Availability":100,"Mean":40}}}"#;
        crate::source::metrics_file::MetricsFile::parse("t.json", json)
            .expect("parses")
            .snapshot(&crate::domain::Policy::default(), "t.json")
    }

    fn live(poller: PollerState, rounds: u64, at_ms: i64) -> Snapshot {
        let mut s = file();
        s.live = Some(LiveInfo {
            poller,
            interval: Duration::from_secs(5),
            rounds,
            at_ms,
            faults: Vec::new(),
            clock: crate::base::clock::Clock::new(),
        });
        s
    }

    #[test]
    fn healthy_only_while_running_with_fresh_data() {
        let now = 1_000_000;
        assert_eq!(
            unhealthy(&live(PollerState::Running, 3, now - 14_000), now),
            None
        );
        let why = |s: Snapshot| unhealthy(&s, now).unwrap_or_default();
        assert_eq!(
            why(live(PollerState::Running, 3, now - 16_000)),
            "stale: last snapshot 16 s ago"
        );
        assert_eq!(
            why(live(PollerState::Running, 0, now)),
            "no probe round finished yet"
        );
        assert_eq!(why(live(PollerState::Paused, 3, now)), "poller paused");
        assert_eq!(
            why(live(PollerState::Failed("boom".into()), 3, now)),
            "poller failed: boom"
        );
        assert_eq!(why(file()), "no live data");
    }

    #[test]
    fn every_problem_is_listed_daemon_faults_included() {
        let now = 1_000_000;
        let mut s = live(PollerState::Paused, 3, now);
        if let Some(l) = s.live.as_mut() {
            l.faults = vec!["out of file descriptors: accept".into()];
        }
        assert_eq!(
            problems(&s, now),
            [
                Problem::PollerPaused,
                Problem::DaemonFault("out of file descriptors: accept".into())
            ]
        );
        assert_eq!(
            Problem::DaemonFault("x".into()).to_string(),
            "daemon fault: x"
        );
    }

    #[test]
    fn a_host_that_is_a_name_is_refused_unless_listed() {
        let lo: IpAddr = "127.0.0.1".parse().unwrap();
        let any: IpAddr = "0.0.0.0".parse().unwrap();
        let ok = |h: &str, b: IpAddr| host_allowed(Some(h), b, &["metrics.internal".into()]);
        assert!(ok("127.0.0.1:9464", lo));
        assert!(ok("localhost:9464", lo));
        assert!(ok("[::1]:9464", lo));
        assert!(ok("LOCALHOST.", lo));
        assert!(!ok("evil.example:9464", lo), "DNS rebinding");
        assert!(
            !ok("10.0.0.5:9464", lo),
            "a loopback server answers loopback only"
        );
        assert!(ok("10.0.0.5:9464", any));
        assert!(!ok("evil.example", any));
        assert!(ok("metrics.internal:9464", any));
        assert!(host_allowed(None, lo, &[]));
    }

    #[test]
    fn context_names_files_without_their_directories() {
        let mut s = file();
        s.source.path = Some("/home/ops/.config/switchboard/config.toml".into());
        let shown = without_paths(&s);
        assert_eq!(shown.source.path.as_deref(), Some("config.toml"));
    }

    #[test]
    fn connections_leave_most_descriptors_to_probes() {
        assert_eq!(Limits::for_descriptors(64).connections, 16);
        assert_eq!(Limits::for_descriptors(1024).connections, 256);
        assert_eq!(
            Limits::for_descriptors(1 << 20).connections,
            MAX_CONNECTIONS
        );
        assert_eq!(Limits::for_descriptors(0).connections, 1);
        assert!(Limits::default().header_timeout <= Duration::from_secs(10));
        assert!(exposure_warning("127.0.0.1:1".parse().unwrap()).is_none());
        assert!(exposure_warning("0.0.0.0:1".parse().unwrap()).is_some());
    }

    /// An idle connection is closed after the head timeout, and beyond the limit a
    /// connection waits for a slot instead of being served (or holding a descriptor).
    #[tokio::test]
    async fn idle_connections_are_closed_and_capped() {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (_tx, rx) = watch::channel(Arc::new(live(PollerState::Running, 1, 0)));
        let limits = Limits {
            connections: 2,
            header_timeout: Duration::from_millis(300),
            lifetime: Duration::from_secs(60),
        };
        spawn(listener, rx, limits, Attached::default());
        let started = std::time::Instant::now();
        let mut idle = Vec::new();
        for _ in 0..2 {
            idle.push(tokio::net::TcpStream::connect(addr).await.unwrap());
        }
        let mut third = tokio::net::TcpStream::connect(addr).await.unwrap();
        third
            .write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            .await
            .unwrap();
        let mut answer = String::new();
        third.read_to_string(&mut answer).await.unwrap();
        assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
        assert!(
            started.elapsed() >= Duration::from_millis(250),
            "served before a slot was free"
        );
        for mut c in idle {
            let mut buf = Vec::new();
            let n = tokio::time::timeout(Duration::from_secs(5), c.read_to_end(&mut buf)).await;
            assert!(n.is_ok(), "an idle connection was left open");
        }
    }

    /// The system clock stepped an hour forward after the daemon started (NTP setting a
    /// clock that booted wrong): a snapshot published a moment ago is fresh, not an hour
    /// old. Read on a fresh wall reading, `/healthz` called such a daemon stale for good.
    #[tokio::test]
    async fn a_step_of_the_system_clock_is_no_age() {
        let wall = crate::base::clock::Clock::new().now_ms();
        let clock = crate::base::clock::Clock::starting_at(wall - 3_600_000);
        let mut s = live(PollerState::Running, 3, clock.now_ms());
        if let Some(l) = s.live.as_mut() {
            l.clock = clock;
        }
        let (_tx, rx) = watch::channel(Arc::new(s));
        let app = router(rx, "127.0.0.1:1".parse().unwrap(), Attached::default());
        let req = axum::http::Request::builder()
            .uri("/healthz")
            .header(header::HOST, "127.0.0.1:1")
            .body(axum::body::Body::empty())
            .unwrap();
        let resp = app.oneshot(req).await.unwrap();
        let status = resp.status();
        let body = axum::body::to_bytes(resp.into_body(), 1 << 16)
            .await
            .unwrap();
        let body = String::from_utf8_lossy(&body);
        // Other tests note daemon faults in the process's registry, which `/healthz`
        // says too: only the age is this test's.
        assert!(!body.contains("stale"), "{body}");
        if !body.contains("daemon fault") {
            assert_eq!((status, body.as_ref()), (StatusCode::OK, "ok\n"));
        }
    }

    fn executor(auto: bool, passive: Option<Passive>, why: Option<&str>) -> ExecutorView {
        ExecutorView {
            auto,
            passive,
            read_only: why.map(str::to_string),
            ..ExecutorView::default()
        }
    }

    /// A healthy daemon's body names the channels that start (or stay) escalated.
    #[test]
    fn escalated_channels_are_named_in_the_body() {
        use crate::domain::guard::RecoveryState;
        use crate::snapshot::ChannelRecovery;
        let mut s = live(PollerState::Running, 3, 0);
        assert!(notes(&s).is_empty());
        s.executor = Some(Arc::new(ExecutorView {
            channels: vec![ChannelRecovery {
                name: "Gateway".into(),
                state: RecoveryState::Escalated,
                actions: vec![],
                failures: 3,
                running: None,
                next_allowed_ms: None,
                escalated_since_ms: Some(1_764_000_000_000),
            }],
            ..ExecutorView::default()
        }));
        assert_eq!(
            notes(&s),
            ["escalated: Gateway since 2025-11-24T16:00:00Z (no automatic action until reset)"]
        );
    }

    /// A daemon configured to act that cannot is unhealthy, beside any other problem; a
    /// standby or a daemon with auto-recovery off is not.
    #[test]
    fn cannot_act_is_a_problem_only_when_configured_to_act() {
        let now = 1_000_000;
        let with = |x: ExecutorView, rounds| {
            let mut s = live(PollerState::Running, rounds, now);
            s.executor = Some(Arc::new(x));
            let p = problems(&s, now);
            (!p.is_empty()).then(|| {
                p.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; ")
            })
        };
        let held = Some("another switchboard (pid 7) holds the recovery lock");
        assert_eq!(
            with(executor(true, Some(Passive::LockHeld(Some(7))), held), 3).as_deref(),
            Some("cannot act: another switchboard (pid 7) holds the recovery lock")
        );
        assert_eq!(
            with(executor(true, Some(Passive::LockHeld(Some(7))), held), 0).as_deref(),
            Some("no probe round finished yet; cannot act: another switchboard (pid 7) holds the recovery lock")
        );
        assert_eq!(
            with(executor(false, Some(Passive::LockHeld(Some(7))), held), 3),
            None
        );
        let standby = Some("standby (--standby): follows, never acts");
        assert_eq!(
            with(executor(true, Some(Passive::Standby), standby), 3),
            None
        );
        let mut full = executor(true, None, None);
        full.problem = Some("audit log /s/audit.jsonl: no space left on device".into());
        assert_eq!(
            with(full, 3).as_deref(),
            Some("cannot act: audit log /s/audit.jsonl: no space left on device")
        );
    }
}
